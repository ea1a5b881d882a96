//! The holder caps (in all and per investor class) and the ownership and minimum-holding
//! caps, counted per identity, also when an account is relinked to another identity while it
//! holds.

use super::*;

// 5. Holder cap 1: the holder may still move within its identity; a new holder is refused.
#[test]
fn holder_cap_counts_identities() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		set_rules(|r| r.max_holders = Some(1));
		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, ALICE_2, 40));
		assert_ok!(Ledger::transfer(signed(ALICE_2), SECURITY, ALICE, 40));
		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, ALICE, 10));
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, BOB, 10),
			Error::<Test>::HolderLimitReached
		);
		assert_noop!(
			Ledger::mint(signed(ISSUER), SECURITY, BOB, 10, None),
			Error::<Test>::HolderLimitReached
		);
		// Selling out entirely replaces the holder: still one.
		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, BOB, 100));
		assert_eq!(Ledger::holder_counts(SECURITY).total, 1);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

#[test]
fn holder_cap_per_class() {
	new_test_ext().execute_with(|| {
		create();
		set_rules(|r| {
			r.max_holders_per_class = vec![(InvestorClass::Retail, 1)].try_into().unwrap()
		});
		mint(CAROL, 10);
		investor(50, 50, "US", InvestorClass::Retail, 3);
		assert_noop!(
			Ledger::mint(signed(ISSUER), SECURITY, 50, 10, None),
			Error::<Test>::ClassHolderLimitReached
		);
		mint(ALICE, 10);
		assert_eq!(Ledger::holder_counts(SECURITY).of_class(InvestorClass::Retail), 1);
	});
}

/// One retail holder allowed and Carol holding; Alice's identity (both its accounts) counted
/// accredited, now attested retail: a second retail holder would be one too many. Returns
/// the holder counts.
fn retail_cap_full_and_alice_counted_accredited_attested_retail() -> HolderCounts {
	create();
	set_rules(|r| r.max_holders_per_class = vec![(InvestorClass::Retail, 1)].try_into().unwrap());
	mint(CAROL, 10);
	mint(ALICE, 10);
	investor(ALICE, 10, "US", InvestorClass::Retail, 4);
	investor(ALICE_2, 10, "US", InvestorClass::Retail, 4);
	let counts = Ledger::holder_counts(SECURITY);
	assert_eq!(counts.of_class(InvestorClass::Retail), 1);
	assert_eq!(counts.of_class(InvestorClass::Accredited), 1);
	counts
}

/// Review of 2026-12-05: a holder attested in another class since it became one sent its
/// whole balance to itself; the ledger ended its holding and started another in its new
/// class, past that class's cap, without any check. Sending to itself changes nothing.
#[test]
fn sending_to_itself_does_not_move_a_holder_into_a_full_class() {
	new_test_ext().execute_with(|| {
		let counts = retail_cap_full_and_alice_counted_accredited_attested_retail();

		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, ALICE, 10));

		assert_eq!(Ledger::holder_counts(SECURITY), counts, "still counted as accredited");
		assert_eq!(Ledger::balance(SECURITY, &ALICE), 10);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

/// Review of release 125 (helper-72): the same between two accounts of one identity, one of
/// which held its whole holding: the holding ended and began again in the new class. The
/// receiving account's tokens are counted first, so the holding never passes through zero.
#[test]
fn moving_between_one_identitys_accounts_keeps_the_holders_class() {
	new_test_ext().execute_with(|| {
		let counts = retail_cap_full_and_alice_counted_accredited_attested_retail();

		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, ALICE_2, 10));
		assert_eq!(Ledger::holder_counts(SECURITY), counts, "still counted as accredited");
		assert_ok!(Ledger::forced_transfer(signed(ISSUER), SECURITY, ALICE_2, ALICE, 10, why()));
		assert_eq!(Ledger::holder_counts(SECURITY), counts, "still counted as accredited");
		assert_eq!(
			IdentityHoldings::<Test>::get(SECURITY, 10).map(|h| h.class),
			Some(InvestorClass::Accredited)
		);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

// 6. Ownership cap: the identity's accounts count together.
#[test]
fn ownership_cap_counts_all_accounts_of_an_identity() {
	new_test_ext().execute_with(|| {
		create();
		mint(BOB, 800);
		mint(ALICE, 150);
		mint(ALICE_2, 50);
		set_rules(|r| r.max_ownership = Some(Permill::from_percent(25)));
		// Alice's identity holds 200 of 1000; 50 more is exactly 25%.
		assert_ok!(Ledger::transfer(signed(BOB), SECURITY, ALICE_2, 50));
		assert_noop!(
			Ledger::transfer(signed(BOB), SECURITY, ALICE, 1),
			Error::<Test>::OwnershipLimitExceeded
		);
		assert_noop!(
			Ledger::transfer(signed(BOB), SECURITY, ALICE_2, 1),
			Error::<Test>::OwnershipLimitExceeded
		);
	});
}

// An account relinked to another identity while holding brings its tokens to it: they
// count against the ownership cap of the identity it now belongs to.
#[test]
fn ownership_cap_counts_what_a_relinked_account_brings() {
	new_test_ext().execute_with(|| {
		create();
		mint(BOB, 800);
		mint(ALICE, 200);
		set_rules(|r| r.max_ownership = Some(Permill::from_percent(25)));
		// Alice's account now belongs to Carol's identity, which holds nothing yet.
		stledger_primitives::testing::link(CAROL, ALICE);
		assert_noop!(
			Ledger::transfer(signed(BOB), SECURITY, ALICE, 100),
			Error::<Test>::OwnershipLimitExceeded
		);
		// 200 brought and 50 received is exactly 25 %.
		assert_ok!(Ledger::transfer(signed(BOB), SECURITY, ALICE, 50));
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 30).unwrap().amount, 250);
	});
}

// The same, when the sender is an account of the identity the relinked account now belongs
// to: a move within one identity still brings the relinked account's tokens to it, so the
// ownership cap applies (it used to be skipped as a consolidation).
#[test]
fn ownership_cap_applies_when_an_identity_sends_to_its_relinked_account() {
	new_test_ext().execute_with(|| {
		create();
		mint(BOB, 700);
		mint(ALICE, 200);
		mint(CAROL, 100);
		set_rules(|r| r.max_ownership = Some(Permill::from_percent(25)));
		// Alice's account now belongs to Carol's identity: 100 + 200 is 30 %.
		stledger_primitives::testing::link(CAROL, ALICE);
		assert_noop!(
			Ledger::transfer(signed(CAROL), SECURITY, ALICE, 1),
			Error::<Test>::OwnershipLimitExceeded
		);
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 10).unwrap().amount, 200);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

// An identity whose account is relinked away loses that account's tokens when it next
// receives: a transfer from the identity's other account that would leave it below the
// minimum holding is refused.
#[test]
fn minimum_holding_counts_what_a_relinked_account_takes_away() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 200);
		mint(ALICE_2, 60);
		mint(CAROL, 100);
		set_rules(|r| r.min_holding = Some(50));
		stledger_primitives::testing::link(CAROL, ALICE);
		// Alice's identity would keep 260 - 20 - 200 = 40: what her former account takes
		// along, the receiver's side (her sale alone leaves 240; helper-89).
		assert_noop!(
			Ledger::transfer(signed(ALICE_2), SECURITY, ALICE, 20),
			Error::<Test>::BelowMinimumHolding
		);
		assert_eq!(
			reasons(ALICE_2, ALICE, 20, TransferKind::PeerToPeer),
			vec![Reason::BelowMinimumHolding]
		);
		// 260 - 10 - 200 = 50 is allowed.
		assert_ok!(Ledger::transfer(signed(ALICE_2), SECURITY, ALICE, 10));
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 10).unwrap().amount, 50);
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 30).unwrap().amount, 310);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

// Helper-92: a sale leaving its seller's identity short of the minimum is no fault when the
// relinked receiving account takes the rest along (the identity exits); when the identity
// ends short, the sale is to blame if it alone leaves it short.
#[test]
fn minimum_holding_lets_a_relinked_account_take_the_rest_of_a_holding() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 5);
		mint(ALICE_2, 40);
		set_rules(|r| r.min_holding = Some(10));
		stledger_primitives::testing::link(CAROL, ALICE);
		// Selling 36 of her 45 leaves 9 by itself (4 once the relinked account's 5 go too):
		// the seller's fault.
		assert_eq!(
			reasons(ALICE_2, ALICE, 36, TransferKind::PeerToPeer),
			vec![Reason::SenderBelowMinimumHolding]
		);
		// Selling all 40 leaves 5, which the relinked account takes along: nothing left.
		assert_ok!(Ledger::transfer(signed(ALICE_2), SECURITY, ALICE, 40));
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 10), None);
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 30).unwrap().amount, 45);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

// A relinked account sending to itself moves its whole balance to its new identity: the
// identity it leaves keeps only its other accounts' tokens, which must still respect the
// holder cap and the minimum holding (the amount is not counted twice).
#[test]
fn a_relinked_account_sending_to_itself_is_held_to_the_caps() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		mint(ALICE_2, 5);
		set_rules(|r| r.max_holders = Some(1));
		// Alice's account now belongs to Carol's identity, which holds nothing yet.
		stledger_primitives::testing::link(CAROL, ALICE);
		// Alice's identity would keep 5 (ALICE_2) and Carol's would hold 100: two holders.
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, ALICE, 10),
			Error::<Test>::HolderLimitReached
		);
		set_rules(|r| {
			r.max_holders = None;
			r.min_holding = Some(10)
		});
		// What the account takes along leaves her identity 5: the receiver's side.
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, ALICE, 10),
			Error::<Test>::BelowMinimumHolding
		);
		// Alice's identity may give up everything: its other account's tokens go along.
		assert_ok!(Ledger::transfer(signed(ALICE_2), SECURITY, ALICE, 5));
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 10), None);
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 30).unwrap().amount, 105);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

// A third party sending to a relinked account takes its tokens away from its former
// identity: that identity must not be left below the minimum holding.
#[test]
fn minimum_holding_counts_the_former_identity_of_a_relinked_receiver() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		mint(ALICE_2, 5);
		mint(BOB, 100);
		set_rules(|r| r.min_holding = Some(10));
		stledger_primitives::testing::link(CAROL, ALICE);
		// Bob sends to Alice's account: Alice's identity would keep 5.
		assert_noop!(
			Ledger::transfer(signed(BOB), SECURITY, ALICE, 10),
			Error::<Test>::BelowMinimumHolding
		);
		assert_ok!(Ledger::transfer(signed(ALICE_2), SECURITY, BOB, 5));
		assert_ok!(Ledger::transfer(signed(BOB), SECURITY, ALICE, 10));
		assert_eq!(IdentityHoldings::<Test>::get(SECURITY, 30).unwrap().amount, 110);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}
