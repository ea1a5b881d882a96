//! Release 131 (helper-83, helper-84): an identity with a subscription not yet settled to an
//! offering of the security keeps part of its holding until then. Its subscription was judged
//! with that holding (no new holder under a holder cap, a top-up meeting the minimum holding);
//! selling out before its issuance would refund it, a way out of a subscription it may no
//! longer withdraw. The offerings pallet says who is committed (here the test double,
//! [`stledger_primitives::testing::commit_to`]); the pallet's own tests run the whole path.

use super::*;
use stledger_primitives::testing::{commit_to, link, settle_commitment_to};

/// Alice's identity (10) holds 100 on her first account and is committed; Bob holds 50.
fn alice_committed() {
	create();
	mint(ALICE, 100);
	mint(BOB, 50);
	commit_to(SECURITY, 10);
}

#[test]
fn a_committed_identity_cannot_sell_out_until_its_subscription_settles() {
	new_test_ext().execute_with(|| {
		alice_committed();
		assert_eq!(
			reasons(ALICE, BOB, 100, TransferKind::PeerToPeer),
			vec![Reason::SenderCommittedToSubscription]
		);
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, BOB, 100),
			Error::<Test>::SenderCommittedToSubscription
		);
		// To a new holder too (who would have replaced her under a holder cap).
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, CAROL, 100),
			Error::<Test>::SenderCommittedToSubscription
		);
		// Part of it moves, and all of it within her identity.
		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, BOB, 99));
		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, ALICE_2, 1));
		assert_noop!(
			Ledger::transfer(signed(ALICE_2), SECURITY, BOB, 1),
			Error::<Test>::SenderCommittedToSubscription
		);
		// Another identity, not committed, sells out; settled, so does Alice.
		assert_ok!(Ledger::transfer(signed(BOB), SECURITY, CAROL, 149));
		settle_commitment_to(SECURITY, 10);
		assert_ok!(Ledger::transfer(signed(ALICE_2), SECURITY, CAROL, 1));
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 10), None);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

#[test]
fn a_commitment_to_another_security_or_by_another_identity_holds_nothing() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		commit_to(SECURITY + 1, 10);
		commit_to(SECURITY, 20);
		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, BOB, 100));
	});
}

#[test]
fn an_account_relinked_away_cannot_take_a_committed_holding() {
	new_test_ext().execute_with(|| {
		alice_committed();
		// Alice's account now belongs to Carol's identity: its tokens count as Alice's until
		// it next receives, when they would leave her identity with it.
		link(CAROL, ALICE);
		mint(CAROL, 10);
		assert_noop!(
			Ledger::transfer(signed(CAROL), SECURITY, ALICE, 10),
			Error::<Test>::HoldingCommittedToSubscription
		);
		assert_noop!(
			Ledger::mint(signed(ISSUER), SECURITY, ALICE, 10, None),
			Error::<Test>::HoldingCommittedToSubscription
		);
		// Nor may the account send to itself (which moves it all to Carol's identity: the
		// receiver's side), or sell all it holds, counted as Alice's.
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, ALICE, 1),
			Error::<Test>::HoldingCommittedToSubscription
		);
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, BOB, 100),
			Error::<Test>::SenderCommittedToSubscription
		);
		// Alice keeping tokens on another account, the account may take its own along.
		mint(ALICE_2, 5);
		assert_ok!(Ledger::transfer(signed(CAROL), SECURITY, ALICE, 10));
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 10).map(|h| h.amount), Some(5));
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

// The issuer's own powers are not the subscriber's way out: a forced transfer or a
// redemption still takes a committed holding (the issuer answers for refunding its own raise).
#[test]
fn forced_movements_still_take_a_committed_holding() {
	new_test_ext().execute_with(|| {
		alice_committed();
		let reason: BoundedVec<u8, _> = b"court order".to_vec().try_into().unwrap();
		assert_ok!(Ledger::forced_transfer(signed(ISSUER), SECURITY, ALICE, BOB, 100, reason));
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 10), None);
	});
}
