//! The runtime's cash freezer (cash reserved by resting bids) holds on `DirectTransfers` as on
//! `pallet-assets`' `fungibles` transfer: each case runs once through each path, from the
//! same state (ALICE's cash with 600 USDX reserved by a bid), and the outcomes are compared.

use super::*;
use frame_support::traits::{fungibles::Mutate, tokens::Preservation};
use pallet_securities::direct_transfers::DirectTransfers;

/// Whether the transfer went through, ALICE's and BOB's cash and what stays reserved.
fn outcome(amount: Balance, direct: bool) -> (bool, Balance, Balance, Option<Balance>) {
	new_test_ext().execute_with(|| {
		// A resting bid of 60 lots at 10 USDX reserves 600 USDX and its fee margin.
		place(ALICE, Side::Bid, 10_000, 60);
		let transfer = if direct {
			DirectTransfers::<Test>::transfer(USDX, &ALICE, &BOB, amount, Preservation::Preserve)
		} else {
			<Assets as Mutate<AccountId>>::transfer(
				USDX,
				&ALICE,
				&BOB,
				amount,
				Preservation::Preserve,
			)
		};
		(
			transfer.is_ok(),
			Assets::balance(USDX, ALICE),
			Assets::balance(USDX, BOB),
			Orderbook::reserved_cash(USDX, &ALICE),
		)
	})
}

#[test]
fn reserved_cash_stays_put_on_both_transfer_paths() {
	let free = new_test_ext().execute_with(|| {
		place(ALICE, Side::Bid, 10_000, 60);
		Assets::balance(USDX, ALICE) - Orderbook::reserved_cash(USDX, &ALICE).unwrap()
	});
	for amount in [free, free + 1, CASH] {
		assert_eq!(outcome(amount, true), outcome(amount, false), "{amount}");
	}
	assert!(outcome(free, true).0, "what is not reserved moves");
	assert!(!outcome(free + 1, true).0, "one unit of the reservation does not");
}
