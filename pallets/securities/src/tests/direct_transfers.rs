//! `DirectTransfers` moves and refuses what `pallet-assets`' `fungibles` transfer does: each
//! case runs once through each path, from the same state, and the outcomes are compared.

use super::*;
use crate::direct_transfers::DirectTransfers;
use codec::Encode;
use frame_support::traits::{
	fungibles::Mutate,
	tokens::Preservation::{self, Expendable, Preserve, Protect},
};

/// A plain asset (not a security: no ledger freezes), minimum balance 10.
const CASH: u32 = 7;
const OWNER: u64 = 500;
const NEWCOMER: u64 = 77;
const PARTIES: [u64; 4] = [ALICE, BOB, CAROL, NEWCOMER];

/// The state each case starts from: `CASH` with ALICE 100 and BOB 20; security 1000 with
/// ALICE holding 100 tokens of which 60 are locked for a year, and CAROL 30 free ones.
fn world() {
	assert_ok!(Assets::force_create(RuntimeOrigin::root(), CASH, OWNER, true, 10));
	assert_ok!(<Assets as Mutate<u64>>::mint_into(CASH, &ALICE, 100));
	assert_ok!(<Assets as Mutate<u64>>::mint_into(CASH, &BOB, 20));
	create();
	investor(ALICE, 1, "US", InvestorClass::Accredited, 5);
	investor(BOB, 2, "US", InvestorClass::Accredited, 5);
	investor(CAROL, 3, "US", InvestorClass::Accredited, 5);
	mint(ALICE, 40);
	assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE, 60, Some(START + 365 * DAY)));
	mint(CAROL, 30);
}

/// How a transfer is made: the path, and whether inside the ledger's forced mode (where
/// every compliant movement of a security runs: its freezer answers nothing there).
#[derive(Clone, Copy)]
struct Way {
	direct: bool,
	forced: bool,
}

/// What a user or an auditor would check after a transfer: whether it went through, each
/// party's balance, account and ledger position, the asset's supply and accounts, the
/// parties' reference counts, and every event in order.
#[derive(Debug, PartialEq)]
struct Outcome {
	done: bool,
	parties: Vec<(u64, u128, bool, Vec<u8>, (u32, u32, u32))>,
	supply: u128,
	accounts: u32,
	events: Vec<RuntimeEvent>,
}

fn outcome(
	asset: u32,
	prepare: &dyn Fn(),
	(from, to, amount): (u64, u64, u128),
	preservation: Preservation,
	way: Way,
) -> Outcome {
	new_test_ext().execute_with(|| {
		world();
		prepare();
		System::reset_events();
		let transfer = || {
			if way.direct {
				DirectTransfers::<Test>::transfer(asset, &from, &to, amount, preservation)
			} else {
				<Assets as Mutate<u64>>::transfer(asset, &from, &to, amount, preservation)
			}
		};
		let done = if way.forced { Ledger::forcing(transfer) } else { transfer() }.is_ok();
		let details = pallet_assets::Asset::<Test>::get(asset).unwrap();
		Outcome {
			done,
			parties: PARTIES
				.into_iter()
				.map(|who| {
					let account = frame_system::Account::<Test>::get(who);
					(
						who,
						Assets::balance(asset, who),
						pallet_assets::Account::<Test>::contains_key(asset, who),
						Positions::<Test>::get(SECURITY, who).encode(),
						(account.consumers, account.providers, account.sufficients),
					)
				})
				.collect(),
			supply: details.supply,
			accounts: details.accounts,
			events: System::events().into_iter().map(|r| r.event).collect(),
		}
	})
}

fn same_both_ways(
	case: &str,
	asset: u32,
	prepare: &dyn Fn(),
	transfer: (u64, u64, u128),
	preservation: Preservation,
	done: bool,
) {
	for forced in [false, true] {
		let default =
			outcome(asset, prepare, transfer, preservation, Way { direct: false, forced });
		let direct = outcome(asset, prepare, transfer, preservation, Way { direct: true, forced });
		assert_eq!(direct, default, "{case} (forced: {forced})");
		assert_eq!(direct.done, done, "{case} (forced: {forced})");
	}
}

#[test]
fn direct_transfers_move_and_refuse_what_the_fungibles_transfer_does() {
	let nothing = &|| {};
	// What moves.
	same_both_ways("plain", CASH, nothing, (ALICE, BOB, 50), Preserve, true);
	same_both_ways("protected", CASH, nothing, (ALICE, BOB, 90), Protect, true);
	same_both_ways("emptying", CASH, nothing, (ALICE, BOB, 100), Expendable, true);
	same_both_ways("new account", CASH, nothing, (ALICE, NEWCOMER, 10), Preserve, true);
	same_both_ways("free tokens", SECURITY, nothing, (ALICE, BOB, 40), Expendable, true);
	// A holder's last tokens: its account goes, and the ledger forgets its lots.
	same_both_ways("last tokens", SECURITY, nothing, (CAROL, BOB, 30), Expendable, true);
	// What is refused, with nothing changed.
	same_both_ways("below keep-alive", CASH, nothing, (ALICE, BOB, 95), Preserve, false);
	same_both_ways("protected, below", CASH, nothing, (ALICE, BOB, 95), Protect, false);
	same_both_ways("more than held", CASH, nothing, (ALICE, BOB, 101), Expendable, false);
	same_both_ways(
		"new account below minimum",
		CASH,
		nothing,
		(ALICE, NEWCOMER, 5),
		Preserve,
		false,
	);
	// The remainder the sender cannot keep does not make up the receiver's minimum.
	let bob_has_12 = &|| {
		assert_ok!(<Assets as Mutate<u64>>::transfer(CASH, &BOB, &ALICE, 8, Preserve));
	};
	same_both_ways(
		"remainder to a new account",
		CASH,
		bob_has_12,
		(BOB, NEWCOMER, 5),
		Expendable,
		false,
	);
	let frozen_account = &|| {
		assert_ok!(Assets::freeze(signed(OWNER), CASH, ALICE));
	};
	same_both_ways("account frozen", CASH, frozen_account, (ALICE, BOB, 50), Preserve, false);
	let frozen_asset = &|| {
		assert_ok!(Assets::freeze_asset(signed(OWNER), CASH));
	};
	same_both_ways("asset frozen", CASH, frozen_asset, (ALICE, BOB, 50), Preserve, false);
	let blocked = &|| {
		assert_ok!(Assets::block(signed(OWNER), CASH, BOB));
	};
	same_both_ways("receiver blocked", CASH, blocked, (ALICE, BOB, 50), Preserve, false);
	same_both_ways("sender blocked", CASH, blocked, (BOB, ALICE, 5), Preserve, false);
	// Frozen (not blocked) may still receive.
	let receiver_frozen = &|| {
		assert_ok!(Assets::freeze(signed(OWNER), CASH, BOB));
	};
	same_both_ways("receiver frozen", CASH, receiver_frozen, (ALICE, BOB, 50), Preserve, true);
}

#[test]
fn the_ledgers_freezes_hold_on_both_paths_outside_its_forced_mode() {
	let nothing = &|| {};
	let way = |direct| Way { direct, forced: false };
	for direct in [false, true] {
		let locked = outcome(SECURITY, nothing, (ALICE, BOB, 41), Expendable, way(direct));
		assert!(!locked.done, "locked tokens (direct: {direct})");
	}
	let frozen = &|| {
		assert_ok!(Ledger::freeze_account(signed(ISSUER), SECURITY, CAROL, why()));
	};
	for direct in [false, true] {
		let moved = outcome(SECURITY, frozen, (CAROL, BOB, 1), Expendable, way(direct));
		assert!(!moved.done, "frozen holder (direct: {direct})");
	}
}

/// The one difference in what moves: an emptying transfer that leaves the sender less than
/// the minimum balance. Both debit that remainder with the account and credit the amount,
/// with the same event; the `fungibles` path leaves the remainder in the supply with no
/// balance holding it, `DirectTransfers` burns it, so the supply stays the sum of balances.
/// (The ledger's callers never leave such a remainder: tokens have a minimum of 1, cash is
/// paid keep-alive, and an offering's escrow holds only whole payments.)
#[test]
fn direct_transfers_burn_a_remainder_the_default_path_leaves_in_the_supply() {
	let way = |direct| Way { direct, forced: false };
	let direct = outcome(CASH, &|| {}, (ALICE, BOB, 95), Expendable, way(true));
	let default = outcome(CASH, &|| {}, (ALICE, BOB, 95), Expendable, way(false));
	assert!(direct.done);
	assert_eq!(direct.parties, default.parties);
	assert_eq!(direct.events, default.events);
	assert_eq!(
		direct.parties[..2].iter().map(|p| (p.1, p.2)).collect::<Vec<_>>(),
		[(0, false), (115, true)]
	);
	assert_eq!(direct.supply, 115, "the supply is the balances: 115");
	assert_eq!(default.supply, 120, "5 in the supply and in no balance");
}
