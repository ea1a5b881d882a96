//! Forced transfers and redemptions: what they take, in which order, and what the tokens
//! keep. Free tokens go first, then frozen ones, then locked ones (latest unlock first);
//! locked tokens keep their lock-up at a forced transfer's receiver; a frozen amount set
//! above the balance keeps that part.

use super::*;

fn force(from: u64, to: u64, amount: u128) -> sp_runtime::DispatchResult {
	Ledger::forced_transfer(signed(ISSUER), SECURITY, from, to, amount, why())
}

fn lots(who: u64) -> Vec<(u128, u64)> {
	Ledger::position(SECURITY, &who).lots.iter().map(|lot| (lot.amount, lot.unlock_at)).collect()
}

// Nothing moves from an account to itself: refused, not recounted in its current class.
#[test]
fn a_forced_transfer_to_the_same_account_is_refused() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		let holders = Ledger::holder_counts(SECURITY);
		assert_noop!(force(ALICE, ALICE, 10), Error::<Test>::SameAccount);
		assert_eq!(Ledger::holder_counts(SECURITY), holders);
	});
}

// Locked tokens forced to another investor stay locked there until their own dates, the
// latest-unlocking taken first, after the sender's free and frozen tokens.
#[test]
fn locked_tokens_keep_their_lockup_at_the_receiver() {
	new_test_ext().execute_with(|| {
		create();
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE, 100, Some(START + 10 * DAY)));
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE, 50, Some(START + 20 * DAY)));
		mint(ALICE, 30);
		assert_ok!(Ledger::set_frozen_amount(signed(ISSUER), SECURITY, ALICE, 20, why()));

		// Of the 30 unlocked tokens 20 are frozen: 10 free go first, then the 20 frozen, then
		// 80 locked: the 50 of the lot unlocking last and 30 of the earlier one.
		assert_ok!(force(ALICE, BOB, 110));
		assert_eq!((balance(ALICE), balance(BOB)), (70, 110));
		// The audit trail says which locked tokens moved, lot by lot, before the transfer.
		assert!(ledger_events().contains(&Event::LockedTokensTaken {
			security: SECURITY,
			from: ALICE,
			to: Some(BOB),
			lots: vec![
				Lot { amount: 50, unlock_at: START + 20 * DAY },
				Lot { amount: 30, unlock_at: START + 10 * DAY }
			]
			.try_into()
			.unwrap(),
		}));
		assert_eq!(lots(ALICE), vec![(70, START + 10 * DAY)]);
		assert_eq!(lots(BOB), vec![(30, START + 10 * DAY), (50, START + 20 * DAY)]);
		assert_eq!(Ledger::position(SECURITY, &ALICE).frozen_amount, 0);
		assert_eq!(Ledger::position(SECURITY, &BOB).frozen_amount, 0, "no freeze moves");
		assert_eq!(Ledger::untouchable(SECURITY, &BOB), 80);

		assert_noop!(
			Ledger::transfer(signed(BOB), SECURITY, CAROL, 31),
			Error::<Test>::TokensLocked
		);
		assert_ok!(Ledger::transfer(signed(BOB), SECURITY, CAROL, 30));
		set_time(START + 10 * DAY);
		assert_ok!(Ledger::transfer(signed(BOB), SECURITY, CAROL, 30));
		assert_noop!(
			Ledger::transfer(signed(BOB), SECURITY, CAROL, 1),
			Error::<Test>::TokensLocked
		);
		set_time(START + 20 * DAY);
		assert_ok!(Ledger::transfer(signed(BOB), SECURITY, CAROL, 50));
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

// Between two accounts of one identity too (a forced transfer is not a recovery: the
// account's freezes stay).
#[test]
fn locked_tokens_keep_their_lockup_between_one_identitys_accounts() {
	new_test_ext().execute_with(|| {
		create();
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE, 100, Some(START + 10 * DAY)));
		assert_ok!(force(ALICE, ALICE_2, 100));
		assert_eq!(lots(ALICE), vec![]);
		assert_eq!(lots(ALICE_2), vec![(100, START + 10 * DAY)]);
		assert_noop!(
			Ledger::transfer(signed(ALICE_2), SECURITY, BOB, 1),
			Error::<Test>::TokensLocked
		);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

// A receiver with no room for another date (the most lots, none of the carried lot's date)
// takes the carried lot into its next later lot; with none later, its latest lot is
// extended to the carried date. No lock ends earlier, and the transfer does not fail; lots of
// a date it has already top its own up.
#[test]
fn a_receiver_without_room_takes_the_lots_merged_never_unlocked_earlier() {
	new_test_ext().execute_with(|| {
		create();
		for day in [2, 4, 6, 8] {
			assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, BOB, 1, Some(START + day * DAY)));
		}
		// Into the next later lot.
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE, 10, Some(START + 5 * DAY)));
		assert_ok!(force(ALICE, BOB, 10));
		assert_eq!(
			lots(BOB),
			vec![
				(1, START + 2 * DAY),
				(1, START + 4 * DAY),
				(11, START + 6 * DAY),
				(1, START + 8 * DAY)
			]
		);
		// A date it has: topped up.
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE, 10, Some(START + 4 * DAY)));
		assert_ok!(force(ALICE, BOB, 10));
		assert_eq!(lots(BOB)[1], (11, START + 4 * DAY));
		// Later than all its lots: two of its own join, the earlier into the later where
		// fewest tokens wait least longer (1 token two days more), and the carried lot keeps
		// its own date.
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE, 10, Some(START + 9 * DAY)));
		assert_ok!(force(ALICE, BOB, 10));
		assert_eq!(
			lots(BOB),
			vec![
				(12, START + 4 * DAY),
				(11, START + 6 * DAY),
				(1, START + 8 * DAY),
				(10, START + 9 * DAY)
			]
		);
		assert_eq!(Ledger::locked(SECURITY, &BOB, START), balance(BOB));
		// Free tokens carry nothing, whatever the receiver's lots, and no lots are recorded.
		mint(ALICE, 5);
		System::reset_events();
		assert_ok!(force(ALICE, BOB, 5));
		assert_eq!(lots(BOB).len(), 4);
		assert!(matches!(ledger_events()[..], [Event::ForcedTransfer { .. }]));
		// An issuance is the administrator's choice of date: refused by name.
		assert_noop!(
			Ledger::mint(signed(ISSUER), SECURITY, BOB, 1, Some(START + 3 * DAY)),
			Error::<Test>::TooManyLots
		);
	});
}

// Review of release 125 (helper-73): a forced transfer of a token locked far in the future
// must not lock the receiver's own holding until then, however full its lots.
#[test]
fn a_far_lot_carried_locks_none_of_the_receivers_own_tokens_longer_than_they_were() {
	new_test_ext().execute_with(|| {
		create();
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, BOB, 1_000_000, Some(START + DAY)));
		for hour in 1..=3 {
			let until = Some(START + hour * 60 * 60 * 1000);
			assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, BOB, 1, until));
		}
		// The farthest date a lock-up may take (later ones are settlement holds').
		let far = stledger_primitives::SETTLEMENT_HOLD_FLOOR - 1;
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE, 1, Some(far)));
		assert_ok!(force(ALICE, BOB, 1));
		let bob = lots(BOB);
		assert!(bob.contains(&(1_000_000, START + DAY)), "{bob:?}");
		assert!(bob.contains(&(1, far)), "{bob:?}");
		set_time(START + DAY);
		assert_ok!(Ledger::transfer(signed(BOB), SECURITY, CAROL, 1_000_002));
	});
}

// A recovery too: the lost account's lots join the new account's without a lock ending
// earlier, and the recovery does not fail for room.
#[test]
fn a_recovery_merges_lots_the_new_account_has_no_room_for() {
	new_test_ext().execute_with(|| {
		create();
		for day in [2, 4, 6, 8] {
			assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE_2, 1, Some(START + day * DAY)));
		}
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE, 10, Some(START + 3 * DAY)));
		assert_ok!(Ledger::recover(signed(ISSUER), SECURITY, ALICE, ALICE_2, why()));
		assert_eq!(
			lots(ALICE_2),
			vec![
				(1, START + 2 * DAY),
				(11, START + 4 * DAY),
				(1, START + 6 * DAY),
				(1, START + 8 * DAY)
			]
		);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));
	});
}

// A frozen amount set above the balance, for tokens the account receives later: a forced
// transfer or a redemption takes only the frozen tokens it moves off it, and the part above
// the balance stays.
#[test]
fn a_frozen_amount_above_the_balance_keeps_that_part() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		assert_ok!(Ledger::set_frozen_amount(signed(ISSUER), SECURITY, ALICE, 1_000, why()));
		assert_ok!(force(ALICE, BOB, 10));
		assert_eq!(Ledger::position(SECURITY, &ALICE).frozen_amount, 990);
		assert_ok!(Ledger::redeem(signed(ISSUER), SECURITY, ALICE, 10));
		assert_eq!(Ledger::position(SECURITY, &ALICE).frozen_amount, 980);
		// What it receives later is frozen up to the amount, as the issuer set it.
		mint(ALICE, 500);
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, BOB, 1),
			Error::<Test>::TokensLocked
		);
		// Below the balance, the frozen amount shrinks by the frozen tokens taken.
		assert_ok!(Ledger::set_frozen_amount(signed(ISSUER), SECURITY, ALICE, 100, why()));
		assert_ok!(force(ALICE, BOB, 530));
		assert_eq!((balance(ALICE), Ledger::position(SECURITY, &ALICE).frozen_amount), (50, 50));
	});
}

// A redemption burns locked tokens with their lots, the latest unlocking first, and a sell
// order's reservation shrinks to what is left free.
#[test]
fn a_redemption_burns_the_lots_of_the_locked_tokens_it_takes() {
	new_test_ext().execute_with(|| {
		create();
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE, 100, Some(START + 10 * DAY)));
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE, 50, Some(START + 20 * DAY)));
		mint(ALICE, 40);
		assert_ok!(<Ledger as SecuritiesLedger<u64, u128>>::reserve(SECURITY, &ALICE, 40, 0));
		System::reset_events();
		assert_ok!(Ledger::redeem(signed(ISSUER), SECURITY, ALICE, 70));
		assert_eq!(lots(ALICE), vec![(100, START + 10 * DAY), (20, START + 20 * DAY)]);
		assert_eq!(
			ledger_events(),
			vec![
				Event::LockedTokensTaken {
					security: SECURITY,
					from: ALICE,
					to: None,
					lots: vec![Lot { amount: 30, unlock_at: START + 20 * DAY }].try_into().unwrap(),
				},
				Event::Redeemed { security: SECURITY, from: ALICE, amount: 70 },
			]
		);

		assert_eq!(Ledger::position(SECURITY, &ALICE).reserved, 0);
		assert_eq!(Assets::total_issuance(SECURITY), 120);
	});
}
