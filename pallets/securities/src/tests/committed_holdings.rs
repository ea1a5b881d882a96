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

/// Release 132 (helper-88): tokens held for a settlement count in a holding, but a raise
/// failing burns them, so they do not keep a committed identity's holding alive: it keeps
/// some of its other tokens until settled, else a burn could leave it a new holder at its
/// issuance (refunded under a full holder cap). Each identity's held tokens are counted as
/// they are held, released and burned.
#[test]
fn held_tokens_do_not_keep_a_committed_holding_alive() {
	new_test_ext().execute_with(|| {
		alice_committed();
		let held = |identity| IdentityHeldForSettlement::<Test>::get(SECURITY, identity);
		let holding =
			|identity| IdentityHoldings::<Test>::get(SECURITY, identity).map(|h| h.amount);
		assert_ok!(issue_held(ALICE_2, 60, 7));
		assert_ok!(issue_held(BOB, 5, 7));
		assert_eq!((held(10), held(20), HeldForSettlement::<Test>::get(SECURITY)), (60, 5, 65));
		let holds_held = |identity| {
			<Ledger as SecuritiesLedger<u64, u128>>::holds_tokens_held_for_settlement(
				SECURITY, identity,
			)
		};
		assert!(holds_held(10) && holds_held(20) && !holds_held(30));

		// Alice's free tokens, on her other account, are what keeps her a holder: she sells
		// all but one of them, never the last, whoever buys.
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, BOB, 100),
			Error::<Test>::SenderCommittedToSubscription
		);
		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, BOB, 99));
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, CAROL, 1),
			Error::<Test>::SenderCommittedToSubscription
		);
		// Bob, not committed, sells every free token, keeping only held ones.
		assert_ok!(Ledger::transfer(signed(BOB), SECURITY, CAROL, 149));

		// The raise fails: the burn ends Bob's holding, not Alice's.
		assert_eq!(burn(ALICE_2, 7), Ok(60));
		assert_eq!(burn(BOB, 7), Ok(5));
		assert!(!IdentityHeldForSettlement::<Test>::contains_key(SECURITY, 10));
		assert!(!IdentityHeldForSettlement::<Test>::contains_key(SECURITY, 20));
		assert_eq!((holding(10), holding(20)), (Some(1), None));
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));

		// Released, held tokens are hers: they keep her a holder, and the count forgets them.
		assert_ok!(issue_held(ALICE_2, 10, 8));
		assert_eq!(held(10), 10);
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, CAROL, 1),
			Error::<Test>::SenderCommittedToSubscription
		);
		assert_ok!(release(ALICE_2, 8, None));
		assert_eq!(held(10), 0);
		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, CAROL, 1));
		#[cfg(feature = "try-runtime")]
		assert_ok!(<Ledger as frame_support::traits::Hooks<u64>>::try_state(0));
	});
}

/// Release 132 (helper-90): with a minimum holding, a committed identity's tokens besides
/// those held for a settlement stay at the minimum, else a burn could leave a top-up judged
/// with them below it at its issuance (refunded). Without held tokens the minimum holding's
/// own rule applies, as to anyone.
#[test]
fn held_tokens_do_not_keep_a_committed_holding_at_the_minimum() {
	new_test_ext().execute_with(|| {
		alice_committed();
		let rules = Rules { min_holding: Some(50), ..Default::default() };
		assert_ok!(Ledger::set_rules(signed(ISSUER), SECURITY, rules));
		assert_ok!(issue_held(ALICE_2, 60, 7));
		// 160 held by her identity, 60 of it for the settlement: 50 of the rest stay.
		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, BOB, 40));
		assert_eq!(
			reasons(ALICE, BOB, 20, TransferKind::PeerToPeer),
			vec![Reason::SenderCommittedToSubscription]
		);
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, BOB, 11),
			Error::<Test>::SenderCommittedToSubscription
		);
		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, BOB, 10));
		// Settled, the minimum holding alone judges her, her held tokens counted in it.
		settle_commitment_to(SECURITY, 10);
		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, BOB, 50));
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 10).map(|h| h.amount), Some(60));
	});
}

/// Release 132: nor may an account relinked away take along all a committed identity holds
/// but its held tokens (the receiver's side, as in release 131).
#[test]
fn a_relinked_account_cannot_leave_a_committed_identity_only_held_tokens() {
	new_test_ext().execute_with(|| {
		alice_committed();
		assert_ok!(issue_held(ALICE_2, 60, 7));
		// Alice's first account now belongs to Carol's identity; its 100 count as Alice's
		// until it next receives.
		link(CAROL, ALICE);
		mint(CAROL, 10);
		assert_noop!(
			Ledger::transfer(signed(CAROL), SECURITY, ALICE, 10),
			Error::<Test>::HoldingCommittedToSubscription
		);
		// With a free token of her own left, it may.
		mint(ALICE_2, 1);
		assert_ok!(Ledger::transfer(signed(CAROL), SECURITY, ALICE, 10));
		let holding =
			|identity| IdentityHoldings::<Test>::get(SECURITY, identity).map(|h| h.amount);
		assert_eq!((holding(10), holding(30)), (Some(61), Some(110)));
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}
