//! What a transaction's fee charges for: its weight and its bytes, priced alike
//! (`configs::TransactionByteFee`), so that no account fills blocks for less than their work
//! would cost.

use super::*;
use frame_support::dispatch::{DispatchClass, DispatchInfo, GetDispatchInfo};
use pallet_transaction_payment::Pallet as TransactionPayment;

/// What normal transactions may fill of a block: its weight and its length.
fn normal_limits() -> (Weight, u32) {
	let weights = configs::RuntimeBlockWeights::get();
	let weight =
		weights.get(DispatchClass::Normal).max_total.expect("normal transactions are capped");
	let length = *configs::RuntimeBlockLength::get().max.get(DispatchClass::Normal);
	(weight, length)
}

#[test]
fn a_block_full_of_bytes_costs_what_a_block_full_of_work_costs() {
	local_ext().execute_with(|| {
		let (weight, length) = normal_limits();
		let work = TransactionPayment::<Runtime>::weight_to_fee(weight);
		let bytes = TransactionPayment::<Runtime>::length_to_fee(length);
		// 0.75 STL each; the byte fee is rounded down to whole units (190,734 a byte).
		assert!(work >= 700 * MILLI_UNIT, "{work}");
		assert!(bytes <= work && bytes * 100_000 >= work * 99_999, "{bytes} against {work}");
	});
}

#[test]
fn a_remark_pays_for_its_bytes() {
	local_ext().execute_with(|| {
		// The remark a member would spam blocks with: a megabyte of bytes, little work.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![7; 1 << 20] });
		let length = remark.encoded_size() as u32;
		let info: DispatchInfo = remark.get_dispatch_info();
		let fee = TransactionPayment::<Runtime>::compute_fee(length, &info, 0);
		let byte_fee = configs::TransactionByteFee::get();
		assert_eq!(byte_fee, 190_734);
		assert!(fee >= Balance::from(length) * byte_fee, "{fee}");
		// A quarter of a normal block's bytes: 0.2 STL, where it cost 0.000001 STL before
		// release 121.
		assert!(fee >= 200 * MILLI_UNIT, "{fee}");

		// The bytes of a transfer add little to what its work costs.
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: operator(Bob).into(),
			value: UNIT,
		});
		let info = transfer.get_dispatch_info();
		let signed_length = 150;
		let with_bytes = TransactionPayment::<Runtime>::compute_fee(signed_length, &info, 0);
		let without = TransactionPayment::<Runtime>::compute_fee(0, &info, 0);
		assert_eq!(with_bytes - without, 150 * byte_fee);
		assert!(with_bytes - without < without, "{with_bytes} against {without}");
	});
}
