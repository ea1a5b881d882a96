//! The council's ticket for a motion ([`MotionTicket`]): who may hold one, and that no
//! exchange holds more than [`Config::MaxOpenMotions`] (3 in the mock) at once.

use super::root;
use crate::{mock::*, *};
use frame_support::{assert_ok, traits::Consideration};
use sp_runtime::DispatchError;

/// Founding exchange 0's operator; 11 operates exchange 1; 20 is exchange 0's validator.
const OPERATOR: u64 = 10;
const OTHER_OPERATOR: u64 = 11;
const VALIDATOR: u64 = 20;

fn ticket(who: u64) -> Result<MotionTicket<Test>, DispatchError> {
	MotionTicket::<Test>::new(&who, 0)
}

#[test]
fn an_operator_holds_a_ticket_naming_its_exchange_until_its_bound() {
	new_test_ext().execute_with(|| {
		set_open_motions(0, 2);
		assert_eq!(ticket(OPERATOR).map(|t| t.exchange()), Ok(0));
		assert_eq!(ticket(OTHER_OPERATOR).map(|t| t.exchange()), Ok(1));
	});
}

#[test]
fn an_exchange_at_its_bound_is_refused_and_others_are_not() {
	new_test_ext().execute_with(|| {
		set_open_motions(0, 3);
		assert_eq!(ticket(OPERATOR), Err(Error::<Test>::TooManyOpenMotions.into()));
		// Another exchange's motions are its own: exchange 1 is not held back by exchange 0.
		assert_eq!(ticket(OTHER_OPERATOR).map(|t| t.exchange()), Ok(1));
		// One of exchange 0's motions closes: it may propose again.
		set_open_motions(0, 2);
		assert_eq!(ticket(OPERATOR).map(|t| t.exchange()), Ok(0));
	});
}

#[test]
fn no_one_but_an_active_exchanges_operator_holds_a_ticket() {
	new_test_ext().execute_with(|| {
		// A validator account (even of an active exchange) and a stranger.
		assert_eq!(ticket(VALIDATOR), Err(Error::<Test>::NotOperator.into()));
		assert_eq!(ticket(99), Err(Error::<Test>::NotOperator.into()));
		// A suspended exchange's operator.
		assert_ok!(Consortium::suspend(root(), 0));
		assert_eq!(ticket(OPERATOR), Err(Error::<Test>::NotActiveOperator.into()));
		// A removed exchange's operator.
		assert_ok!(Consortium::remove(root(), 0));
		assert_eq!(ticket(OPERATOR), Err(Error::<Test>::NotOperator.into()));
	});
}

#[test]
fn releasing_or_burning_a_ticket_changes_nothing() {
	new_test_ext().execute_with(|| {
		let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
		let held = ticket(OPERATOR).unwrap();
		assert_ok!(held.clone().drop(&OPERATOR));
		held.burn(&OPERATOR);
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), before);
	});
}

/// Until release 120 a removed exchange's open motions stayed open, outside every exchange's
/// bound (its id is never reused), until the members voted them down. Removal closes them,
/// and no other exchange's.
#[test]
fn removing_an_exchange_closes_its_motions_only() {
	new_test_ext().execute_with(|| {
		set_open_motions(0, 3);
		set_open_motions(1, 2);
		// Suspension closes nothing: a reinstated exchange's motions count again.
		assert_ok!(Consortium::suspend(root(), 1));
		assert_eq!(<Test as Config>::CouncilMotions::open_motions_of(1), 2);
		assert_ok!(Consortium::reinstate(root(), 1));
		assert_ok!(Consortium::remove(root(), 0));
		assert_eq!(<Test as Config>::CouncilMotions::open_motions_of(0), 0);
		assert_eq!(<Test as Config>::CouncilMotions::open_motions_of(1), 2);
	});
}
