//! What `transfer` charges: its worst case (a receiver that becomes a holder) up front, and
//! only `transfer_between_holders` when both parties hold before and after.

use super::*;
use frame_support::{
	dispatch::{DispatchResultWithPostInfo, PostDispatchInfo},
	weights::Weight,
};

fn charged(result: DispatchResultWithPostInfo) -> Option<Weight> {
	let PostDispatchInfo { actual_weight, .. } = result.expect("the transfer passes");
	actual_weight
}

fn between_holders() -> Option<Weight> {
	Some(<Test as Config>::WeightInfo::transfer_between_holders())
}

#[test]
fn a_transfer_between_holders_is_charged_the_cheaper_weight() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		mint(BOB, 100);
		let holders = Ledger::holder_counts(SECURITY);
		assert_eq!(charged(Ledger::transfer(signed(ALICE), SECURITY, BOB, 40)), between_holders());
		assert_eq!((balance(ALICE), balance(BOB)), (60, 140));
		assert_eq!(Ledger::holder_counts(SECURITY), holders);
		// Within one identity too: its accounts both held, and still do.
		mint(ALICE_2, 10);
		assert_eq!(
			charged(Ledger::transfer(signed(ALICE), SECURITY, ALICE_2, 10)),
			between_holders()
		);
	});
}

#[test]
fn a_transfer_that_changes_the_holders_keeps_the_full_weight() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		// A new holder.
		assert_eq!(charged(Ledger::transfer(signed(ALICE), SECURITY, BOB, 40)), None);
		assert_eq!(Ledger::holder_counts(SECURITY).total, 2);
		// A holder that leaves (its whole balance sent).
		assert_eq!(charged(Ledger::transfer(signed(BOB), SECURITY, ALICE, 40)), None);
		assert_eq!(Ledger::holder_counts(SECURITY).total, 1);
		// A new account of a holding identity (a token account created).
		assert_eq!(charged(Ledger::transfer(signed(ALICE), SECURITY, ALICE_2, 1)), None);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

#[test]
fn an_account_sending_to_itself_is_charged_by_what_changed() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		mint(BOB, 100);
		// Part of its holding: nothing changes.
		assert_eq!(
			charged(Ledger::transfer(signed(ALICE), SECURITY, ALICE, 40)),
			between_holders()
		);
		// All of it: nothing changes either (since release 115 its holding is not ended and
		// begun again, which recounted it in the class it is attested in now).
		assert_eq!(
			charged(Ledger::transfer(signed(ALICE), SECURITY, ALICE, 100)),
			between_holders()
		);
		assert_eq!(balance(ALICE), 100);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

#[test]
fn a_relinked_account_bringing_its_tokens_keeps_the_full_weight() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		mint(BOB, 100);
		// Alice's account now belongs to Carol's identity: what it holds moves there when it
		// next receives (the former identity's holding and the position written).
		stledger_primitives::testing::link(CAROL, ALICE);
		assert_eq!(charged(Ledger::transfer(signed(BOB), SECURITY, ALICE, 10)), None);
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 30).unwrap().amount, 110);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
		// From then on, between holders again.
		assert_eq!(charged(Ledger::transfer(signed(BOB), SECURITY, ALICE, 10)), between_holders());
	});
}

#[test]
fn a_refused_transfer_keeps_the_full_weight() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		mint(BOB, 100);
		let refused = Ledger::transfer(signed(ALICE), SECURITY, BOB, 101).unwrap_err();
		assert_eq!(refused.post_info.actual_weight, None);
		assert_eq!(refused.error, Error::<Test>::InsufficientBalance.into());
		assert_eq!((balance(ALICE), balance(BOB)), (100, 100));
	});
}
