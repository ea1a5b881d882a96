//! What a placement is charged: each resting order met at the dearest fill measured
//! (`matching::fills_weight`: a resting buyer becoming a new holder, or a resting seller
//! with the most lock-up lots), except a plain fill against a resting bid (both accounts
//! held the security and cash before and after), refunded to what `place_order_plain`
//! measures.

use super::*;
use crate::matching::{fills_weight, Placed};
use frame_support::{
	dispatch::DispatchResultWithPostInfo, traits::fungibles::Mutate, weights::Weight,
};
use stledger_primitives::{IdentityId, InvestorClass};

/// A new US accredited investor with `tokens` and some USDX.
fn newcomer(who: AccountId, tokens: Balance) {
	investor(who, who as IdentityId, "US", InvestorClass::Accredited, 4);
	assert_ok!(Securities::mint(RuntimeOrigin::signed(ISSUER), SECURITY, who, tokens, None));
	assert_ok!(<Assets as Mutate<AccountId>>::transfer(
		USDX,
		&ISSUER,
		&who,
		1_000 * DOLLAR,
		frame_support::traits::tokens::Preservation::Preserve,
	));
}

fn sell_one(who: AccountId) -> DispatchResultWithPostInfo {
	order(who, Side::Ask, TEN, 1, TimeInForce::ImmediateOrCancel, None, 1)
}

fn buy_one(who: AccountId) -> DispatchResultWithPostInfo {
	order(who, Side::Bid, TEN, 1, TimeInForce::ImmediateOrCancel, None, 1)
}

fn charged(result: DispatchResultWithPostInfo) -> Weight {
	result.expect("the order is accepted").actual_weight.expect("a refund")
}

fn charge(met: u32, plain_bid_fills: u32) -> Weight {
	Placed { met, plain_bid_fills, evicted: 0 }.weight::<Test>()
}

#[test]
fn a_plain_fill_costs_less_than_the_dearest_fill_and_no_more_than_it() {
	let (plain, dearest) = (charge(1, 1), charge(1, 0));
	assert!(plain.ref_time() < dearest.ref_time(), "{plain:?} < {dearest:?}");
	assert_eq!(dearest, fills_weight::<Test>(1));
	assert!(plain.all_gte(<Test as Config>::WeightInfo::place_order_plain(1)));
	// More plain fills than fills cannot refund more than every fill.
	assert_eq!(charge(1, 5), plain);
	assert_eq!(charge(0, 0), <Test as Config>::WeightInfo::place_resting());
	// The dearest fill is at least each measured fill.
	for fills in [1, 128] {
		let dearest = fills_weight::<Test>(fills);
		assert!(dearest.all_gte(<Test as Config>::WeightInfo::place_order(fills)));
		assert!(dearest.all_gte(<Test as Config>::WeightInfo::place_order_plain_asks(fills)));
		assert!(dearest.all_gte(<Test as Config>::WeightInfo::place_order_plain(fills)));
	}
}

#[test]
fn a_sale_to_a_resting_holder_with_cash_is_charged_as_a_plain_fill() {
	new_test_ext().execute_with(|| {
		bid(ALICE, TEN, 1);
		assert_eq!(charged(sell_one(DAVE)), charge(1, 1));
		assert_eq!(fills().len(), 1);
	});
}

#[test]
fn a_purchase_from_a_resting_ask_is_charged_the_dearest_fill() {
	new_test_ext().execute_with(|| {
		ask(DAVE, TEN, 1);
		assert_eq!(charged(buy_one(ALICE)), charge(1, 0));
		assert_eq!(fills().len(), 1);
	});
}

#[test]
fn a_resting_buyer_account_that_did_not_hold_pays_the_dearest_fill() {
	new_test_ext().execute_with(|| {
		// ALICE_2 has cash and no tokens: a new token account (its identity holds already).
		assert_eq!(tokens(ALICE_2), 0);
		bid(ALICE_2, TEN, 1);
		assert_eq!(charged(sell_one(DAVE)), charge(1, 0));
		assert_eq!(tokens(ALICE_2), TOKEN);
	});
}

#[test]
fn a_seller_selling_its_last_token_pays_the_dearest_fill() {
	new_test_ext().execute_with(|| {
		newcomer(60, TOKEN);
		bid(ALICE, TEN, 1);
		assert_eq!(charged(sell_one(60)), charge(1, 0));
		assert_eq!(tokens(60), 0);
	});
}
