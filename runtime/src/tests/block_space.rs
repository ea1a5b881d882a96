//! Who may take a block's space (`pallet_exchanges::CheckBlockSpace`, in the runtime's
//! transaction extensions): the operational class (the block space FRAME reserves for
//! governance) is the council's (helper-66), and no transaction declares a proof size above
//! 4 GiB (helper-69); both refused before they are included.

use super::*;
use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
use pallet_exchanges::{
	CheckBlockSpace, WeightInfo as _, MAX_TRANSACTION_PROOF_SIZE, NOT_A_COUNCIL_MEMBER,
	PROOF_SIZE_ABOVE_BOUND,
};
use sp_runtime::{
	traits::{DispatchTransaction, TransactionExtension},
	transaction_validity::{
		InvalidTransaction, TransactionSource, TransactionValidityError, ValidTransaction,
	},
};

/// `council.close` of a motion that does not exist, declaring a weight bound of a quarter of
/// the block: four filled the operational reserve, and more, for a fee.
fn close_of_no_motion() -> RuntimeCall {
	let block = configs::RuntimeBlockWeights::get().max_block;
	RuntimeCall::Council(pallet_collective::Call::close {
		proposal_hash: BlakeTwo256::hash(b"no such motion"),
		index: 7,
		proposal_weight_bound: Weight::from_parts(block.ref_time() / 4, 1_000_000),
		length_bound: 1024,
	})
}

/// Every operational call a signed account could send.
fn operational_calls() -> Vec<RuntimeCall> {
	let motion = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
	let hash = BlakeTwo256::hash_of(&motion);
	let calls = vec![
		close_of_no_motion(),
		RuntimeCall::Council(pallet_collective::Call::vote {
			proposal: hash,
			index: 0,
			approve: true,
		}),
		RuntimeCall::Council(pallet_collective::Call::propose {
			threshold: 3,
			proposal: Box::new(motion.clone()),
			length_bound: 100,
		}),
		RuntimeCall::Council(pallet_collective::Call::execute {
			proposal: Box::new(motion),
			length_bound: 100,
		}),
		RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { code: vec![0; 1024] }),
		RuntimeCall::Exchanges(pallet_exchanges::Call::authorize_upgrade { code_hash: hash }),
		// A batch of operational calls is operational.
		RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![close_of_no_motion(), close_of_no_motion()],
		}),
	];
	for call in &calls {
		assert_eq!(call.get_dispatch_info().class, DispatchClass::Operational, "{call:?}");
	}
	calls
}

/// The runtime's whole extension pipeline (nonce, weight, fees included) validating `call`
/// from `who`, as the pool and the block builder do (signature aside).
fn validate(
	who: &AccountId,
	call: &RuntimeCall,
) -> Result<ValidTransaction, TransactionValidityError> {
	let extension = tx_extension(sp_runtime::generic::Era::Immortal, System::account_nonce(who));
	extension
		.validate_only(
			RuntimeOrigin::signed(who.clone()),
			call,
			&call.get_dispatch_info(),
			call.encoded_size(),
			TransactionSource::External,
			0,
		)
		.map(|(valid, ..)| valid)
}

const NOT_A_MEMBER: TransactionValidityError =
	TransactionValidityError::Invalid(InvalidTransaction::Custom(NOT_A_COUNCIL_MEMBER));
const PROOF_ABOVE_BOUND: TransactionValidityError =
	TransactionValidityError::Invalid(InvalidTransaction::Custom(PROOF_SIZE_ABOVE_BOUND));

#[test]
fn only_council_members_sign_operational_transactions() {
	local_ext().execute_with(|| {
		let investor = operator(Eve);
		let state = sp_io::storage::root(sp_runtime::StateVersion::V1);
		for call in operational_calls() {
			assert_eq!(validate(&investor, &call), Err(NOT_A_MEMBER), "{call:?}");
			assert!(validate(&operator(Alice), &call).is_ok(), "a member's {call:?}");
		}
		// Refused before anything is charged or counted.
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), state);
		assert_eq!(System::account_nonce(&investor), 0);

		// Normal-class transactions pass as before, whoever signs them.
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: operator(Ferdie).into(),
			value: UNIT,
		});
		assert_eq!(transfer.get_dispatch_info().class, DispatchClass::Normal);
		assert!(validate(&investor, &transfer).is_ok());
	});
}

#[test]
fn a_suspended_exchanges_operator_leaves_the_operational_class_with_its_seat() {
	local_ext().execute_with(|| {
		assert!(validate(&operator(Dave), &close_of_no_motion()).is_ok());
		assert_ok!(Exchanges::suspend(RuntimeOrigin::root(), 3));
		assert!(
			!pallet_collective::Members::<Runtime, configs::CouncilCollective>::get()
				.contains(&operator(Dave)),
			"the suspension took its seat"
		);
		assert_eq!(validate(&operator(Dave), &close_of_no_motion()), Err(NOT_A_MEMBER));
		assert_ok!(Exchanges::reinstate(RuntimeOrigin::root(), 3));
		assert!(validate(&operator(Dave), &close_of_no_motion()).is_ok());
	});
}

/// Calls whose caller declares the weight, and which fail after being charged it, in the
/// normal class: a proof size of most of the class's limit cost nothing (fees are on compute
/// time), so two filled a block's normal class.
#[test]
fn no_one_fills_a_block_with_a_declared_proof_size() {
	local_ext().execute_with(|| {
		let investor = operator(Eve);
		let class_limit = configs::RuntimeBlockWeights::get()
			.get(DispatchClass::Normal)
			.max_extrinsic
			.expect("a normal extrinsic's limit");
		let declared = |proof: u64| Weight::from_parts(0, proof);
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		let with_weight = |proof| {
			RuntimeCall::Utility(pallet_utility::Call::with_weight {
				call: Box::new(remark.clone()),
				weight: declared(proof),
			})
		};
		let close_in_a_batch = |proof| {
			RuntimeCall::Utility(pallet_utility::Call::batch {
				calls: vec![
					remark.clone(),
					RuntimeCall::Council(pallet_collective::Call::close {
						proposal_hash: BlakeTwo256::hash(b"no such motion"),
						index: 7,
						proposal_weight_bound: declared(proof),
						length_bound: 0,
					}),
				],
			})
		};
		let state = sp_io::storage::root(sp_runtime::StateVersion::V1);
		for call in [
			with_weight(class_limit.proof_size() / 2),
			close_in_a_batch(class_limit.proof_size() / 2),
		] {
			assert_eq!(call.get_dispatch_info().class, DispatchClass::Normal);
			assert_eq!(validate(&investor, &call), Err(PROOF_ABOVE_BOUND), "{call:?}");
			assert_eq!(validate(&operator(Alice), &call), Err(PROOF_ABOVE_BOUND), "a member's too");
		}
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), state);
		// Below the bound they pass validation, charged their compute like any call (and
		// fail at dispatch, `BadOrigin` and `ProposalMissing`).
		let bound = MAX_TRANSACTION_PROOF_SIZE - 100_000;
		assert!(validate(&investor, &with_weight(bound)).is_ok());
		assert!(validate(&investor, &close_in_a_batch(bound)).is_ok());
		// However many a block's compute holds, they declare a sliver of the class's limit.
		let most_per_block = configs::RuntimeBlockWeights::get().max_block.ref_time()
			/ crate::weights::ExtrinsicBaseWeight::get().ref_time();
		assert!(most_per_block * MAX_TRANSACTION_PROOF_SIZE < class_limit.proof_size() / 1000);
	});
}

#[test]
fn the_check_costs_only_operational_transactions() {
	let check = CheckBlockSpace::<Runtime>::new();
	let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: operator(Ferdie).into(),
		value: UNIT,
	});
	assert_eq!(check.weight(&transfer), Weight::zero());
	let measured = <Runtime as pallet_exchanges::Config>::WeightInfo::check_block_space();
	assert!(measured.ref_time() > 0, "benchmarked");
	for call in operational_calls() {
		assert_eq!(check.weight(&call), measured);
	}
}

#[test]
fn anyone_supplies_authorized_code_unsigned() {
	local_ext().execute_with(|| {
		// The extension lets an unsigned transaction through: `frame_system` checks the code.
		let call = RuntimeCall::System(frame_system::Call::apply_authorized_upgrade {
			code: b"the next release".to_vec(),
		});
		let (_, _, origin) = CheckBlockSpace::<Runtime>::new()
			.validate(
				RuntimeOrigin::none(),
				&call,
				&call.get_dispatch_info(),
				0,
				(),
				&sp_runtime::traits::TxBaseImplication(()),
				TransactionSource::External,
			)
			.expect("an unsigned transaction passes");
		assert!(frame_support::traits::OriginTrait::as_signer(&origin).is_none());
	});
}
