//! [`CheckBlockSpace`]: only an active exchange's operator (a council member) signs a
//! transaction in the operational class, and no transaction declares a proof size above
//! [`MAX_TRANSACTION_PROOF_SIZE`]; everything else passes untouched.

use super::root;
use crate::{mock::*, *};
use frame_support::{
	assert_ok,
	dispatch::{DispatchClass, DispatchInfo, GetDispatchInfo},
	weights::Weight,
};
use frame_system::RawOrigin;
use sp_runtime::{
	traits::{DispatchTransaction, TransactionExtension},
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
};

/// Founding exchange 0's operator and validator; 99 is nobody.
const OPERATOR: u64 = 10;
const VALIDATOR: u64 = 20;
const STRANGER: u64 = 99;

fn operational() -> RuntimeCall {
	let call = RuntimeCall::Consortium(Call::authorize_upgrade { code_hash: Default::default() });
	assert_eq!(call.get_dispatch_info().class, DispatchClass::Operational);
	call
}

fn normal() -> RuntimeCall {
	let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
	assert_eq!(call.get_dispatch_info().class, DispatchClass::Normal);
	call
}

/// The check as a signed transaction from `signer`, or an unsigned one (`None`) as the
/// executive runs it: `bare_validate` and, at inclusion, `bare_validate_and_prepare`.
fn check_as(
	signer: Option<u64>,
	call: &RuntimeCall,
	info: &DispatchInfo,
) -> Result<(), TransactionValidityError> {
	let Some(signer) = signer else {
		let validated = CheckBlockSpace::<Test>::bare_validate(call, info, 0).map(|_| ());
		let prepared = CheckBlockSpace::<Test>::bare_validate_and_prepare(call, info, 0);
		assert_eq!(validated, prepared, "the pool and the block agree");
		return validated;
	};
	CheckBlockSpace::<Test>::new()
		.validate_only(
			RawOrigin::Signed(signer).into(),
			call,
			info,
			0,
			TransactionSource::External,
			0,
		)
		.map(|_| ())
}

fn check(signer: Option<u64>, call: &RuntimeCall) -> Result<(), TransactionValidityError> {
	check_as(signer, call, &call.get_dispatch_info())
}

const NOT_A_MEMBER: TransactionValidityError =
	TransactionValidityError::Invalid(InvalidTransaction::Custom(NOT_A_COUNCIL_MEMBER));
const PROOF_ABOVE_BOUND: TransactionValidityError =
	TransactionValidityError::Invalid(InvalidTransaction::Custom(PROOF_SIZE_ABOVE_BOUND));

#[test]
fn only_an_active_exchanges_operator_signs_in_the_operational_class() {
	new_test_ext().execute_with(|| {
		assert_ok!(check(Some(OPERATOR), &operational()));
		for who in [VALIDATOR, STRANGER] {
			assert_eq!(check(Some(who), &operational()), Err(NOT_A_MEMBER));
		}
		// Unsigned: left to the call's own validation (`apply_authorized_upgrade`'s).
		assert_ok!(check(None, &operational()));
		// The normal class, whoever signs.
		for who in [OPERATOR, VALIDATOR, STRANGER] {
			assert_ok!(check(Some(who), &normal()));
		}
	});
}

#[test]
fn suspension_and_removal_take_the_operational_class_with_the_seat() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend(root(), 0));
		assert!(!council().contains(&OPERATOR));
		assert_eq!(check(Some(OPERATOR), &operational()), Err(NOT_A_MEMBER));
		assert_ok!(Consortium::reinstate(root(), 0));
		assert_ok!(check(Some(OPERATOR), &operational()));
		assert_ok!(Consortium::remove(root(), 0));
		assert_eq!(check(Some(OPERATOR), &operational()), Err(NOT_A_MEMBER));
	});
}

#[test]
fn no_one_declares_a_proof_size_above_the_bound() {
	new_test_ext().execute_with(|| {
		for (call, signer) in
			[(normal(), Some(STRANGER)), (operational(), Some(OPERATOR)), (operational(), None)]
		{
			let mut info = call.get_dispatch_info();
			info.call_weight = Weight::from_parts(0, MAX_TRANSACTION_PROOF_SIZE);
			assert_ok!(check_as(signer, &call, &info));
			info.call_weight = Weight::from_parts(0, MAX_TRANSACTION_PROOF_SIZE + 1);
			assert_eq!(check_as(signer, &call, &info), Err(PROOF_ABOVE_BOUND));
		}
		// An inherent is the block author's: never refused here.
		let mut info = normal().get_dispatch_info();
		info.class = DispatchClass::Mandatory;
		info.call_weight = Weight::from_parts(0, u64::MAX);
		assert_ok!(check_as(None, &normal(), &info));
	});
}

#[test]
fn only_operational_transactions_pay_for_the_check() {
	let check = CheckBlockSpace::<Test>::new();
	assert_eq!(check.weight(&normal()), Weight::zero());
	assert_eq!(check.weight(&operational()), <() as crate::WeightInfo>::check_block_space());
}
