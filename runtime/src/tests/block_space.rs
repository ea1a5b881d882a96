//! Who may take a block's space (`pallet_exchanges::CheckBlockSpace`, in the runtime's
//! transaction extensions): the operational class (the block space FRAME reserves for
//! governance) is the council's (helper-66), and no transaction declares a proof size above
//! 4 GiB (helper-69); both refused before they are included. Each test signs real
//! transactions and applies them as a block author does (`Executive::apply_extrinsic`).

use super::*;
use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
use pallet_exchanges::{
	CheckBlockSpace, WeightInfo as _, MAX_TRANSACTION_PROOF_SIZE, NOT_A_COUNCIL_MEMBER,
	PROOF_SIZE_ABOVE_BOUND,
};
use sp_runtime::{
	traits::TransactionExtension,
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	ApplyExtrinsicResult, DispatchError,
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

/// `call` signed by `key` with its next nonce, immortal, every extension of the runtime.
fn signed(key: Sr25519Keyring, call: RuntimeCall) -> UncheckedExtrinsic {
	let genesis = System::block_hash(0);
	let nonce = System::account_nonce(key.to_account_id());
	signed_extrinsic(&key.pair(), call, sp_runtime::generic::Era::Immortal, nonce, genesis, genesis)
}

/// What a signer sees of its account: its nonce and free STL.
fn account_of(key: Sr25519Keyring) -> (Nonce, Balance) {
	let account = System::account(key.to_account_id());
	(account.nonce, account.data.free)
}

/// `call` signed by `key`, applied as a block author applies it; for a refused transaction,
/// also that the signer's nonce and balance and the block's events are as they were.
fn apply(key: Sr25519Keyring, call: RuntimeCall) -> ApplyExtrinsicResult {
	let before = account_of(key);
	let events = System::event_count();
	let result = Executive::apply_extrinsic(signed(key, call));
	if result.is_err() {
		assert_eq!(account_of(key), before, "a refused transaction charges and counts nothing");
		assert_eq!(System::event_count(), events, "nor records anything");
	}
	result
}

fn refused(code: u8) -> ApplyExtrinsicResult {
	Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(code)))
}

/// Included, its call failing with `error`.
fn included_failing(result: ApplyExtrinsicResult, error: impl Into<DispatchError>) {
	assert_eq!(result.expect("included"), Err(error.into()));
}

#[test]
fn only_council_members_sign_operational_transactions() {
	local_ext().execute_with(|| {
		for call in operational_calls() {
			assert_eq!(apply(Eve, call.clone()), refused(NOT_A_COUNCIL_MEMBER), "{call:?}");
		}
		// A member's close of no motion is included, charged, and fails by name.
		let fee_payer = account_of(Alice);
		included_failing(
			apply(Alice, close_of_no_motion()),
			pallet_collective::Error::<Runtime, configs::CouncilCollective>::ProposalMissing,
		);
		assert!(account_of(Alice).1 < fee_payer.1, "charged");

		// Normal-class transactions are included as before, whoever signs them.
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: operator(Ferdie).into(),
			value: UNIT,
		});
		assert_eq!(transfer.get_dispatch_info().class, DispatchClass::Normal);
		assert_eq!(apply(Eve, transfer), Ok(Ok(())));
	});
}

#[test]
fn a_suspended_exchanges_operator_leaves_the_operational_class_with_its_seat() {
	local_ext().execute_with(|| {
		assert_ok!(Exchanges::suspend(RuntimeOrigin::root(), 3));
		assert!(
			!pallet_collective::Members::<Runtime, configs::CouncilCollective>::get()
				.contains(&operator(Dave)),
			"the suspension took its seat"
		);
		assert_eq!(apply(Dave, close_of_no_motion()), refused(NOT_A_COUNCIL_MEMBER));
		assert_ok!(Exchanges::reinstate(RuntimeOrigin::root(), 3));
		assert!(apply(Dave, close_of_no_motion()).is_ok(), "included again");
	});
}

/// Calls whose caller declares the weight, and which fail after being charged it, in the
/// normal class: a proof size of most of the class's limit cost nothing (fees are on compute
/// time), so two filled a block's normal class.
#[test]
fn no_one_fills_a_block_with_a_declared_proof_size() {
	local_ext().execute_with(|| {
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
		for call in [
			with_weight(class_limit.proof_size() / 2),
			close_in_a_batch(class_limit.proof_size() / 2),
		] {
			assert_eq!(call.get_dispatch_info().class, DispatchClass::Normal);
			assert_eq!(apply(Eve, call.clone()), refused(PROOF_SIZE_ABOVE_BOUND), "{call:?}");
			assert_eq!(apply(Alice, call), refused(PROOF_SIZE_ABOVE_BOUND), "a member's too");
		}
		// Below the bound they are included and charged like any call (and fail at
		// dispatch: `with_weight` is Root's).
		let before = account_of(Eve);
		included_failing(
			apply(Eve, with_weight(MAX_TRANSACTION_PROOF_SIZE - 100_000)),
			DispatchError::BadOrigin,
		);
		assert!(account_of(Eve).1 < before.1, "charged");
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
		let code = b"the next release".to_vec();
		let apply_unsigned = |code: &[u8]| {
			UncheckedExtrinsic::new_bare(RuntimeCall::System(
				frame_system::Call::apply_authorized_upgrade { code: code.to_vec() },
			))
		};
		let parent = System::parent_hash();
		assert_eq!(
			Executive::validate_transaction(
				TransactionSource::External,
				apply_unsigned(&code),
				parent
			)
			.map(|_| ()),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Call)),
			"nothing authorized"
		);
		System::do_authorize_upgrade(BlakeTwo256::hash(&code), false);
		assert!(Executive::validate_transaction(
			TransactionSource::External,
			apply_unsigned(&code),
			parent
		)
		.is_ok());
		assert_eq!(
			Executive::validate_transaction(
				TransactionSource::External,
				apply_unsigned(b"other code"),
				parent
			)
			.map(|_| ()),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Call)),
			"other code"
		);
	});
}
