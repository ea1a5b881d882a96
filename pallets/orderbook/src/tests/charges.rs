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

/// An immediate-or-cancel or fill-or-kill order never rests, so it never evicts a level: it
/// is charged up front its fills without an eviction, and what it is refunded to, whatever
/// it met, stays within that. An order that may rest is charged the eviction too.
#[test]
fn an_order_that_cannot_rest_is_charged_up_front_without_an_eviction() {
	use crate::matching::placement_weight;
	use frame_support::{dispatch::GetDispatchInfo, traits::Get};
	let eviction =
		<Test as Config>::WeightInfo::evict_level(<Test as Config>::MaxOrdersPerLevel::get());
	for max_fills in [1, 2, 6, 128] {
		let taker = placement_weight::<Test>(TimeInForce::ImmediateOrCancel, max_fills);
		assert_eq!(taker, placement_weight::<Test>(TimeInForce::FillOrKill, max_fills));
		assert_eq!(taker, fills_weight::<Test>(max_fills));
		for may_rest in [TimeInForce::GoodTillCancelled, TimeInForce::PostOnly] {
			assert_eq!(
				placement_weight::<Test>(may_rest, max_fills),
				fills_weight::<Test>(max_fills).saturating_add(eviction)
			);
		}
		for met in (0..=max_fills).filter(|met| *met <= 8 || *met == max_fills) {
			for plain in [0, met] {
				assert!(taker.all_gte(charge(met, plain)), "{met} met, {plain} plain");
			}
		}
		let place_order = |time_in_force| {
			crate::Call::<Test>::place_order {
				market: MARKET,
				venue: US_VENUE,
				side: Side::Bid,
				price: TEN,
				lots: 1,
				time_in_force,
				expires_at: None,
				client_id: 1,
				self_trade: None,
				max_fills,
			}
			.get_dispatch_info()
			.call_weight
		};
		assert_eq!(place_order(TimeInForce::ImmediateOrCancel), taker);
		assert_eq!(place_order(TimeInForce::FillOrKill), taker);
		assert_eq!(place_order(TimeInForce::GoodTillCancelled), taker.saturating_add(eviction));
		assert_eq!(place_order(TimeInForce::PostOnly), taker.saturating_add(eviction));
		// A market order reads its market once more, for its protection limit.
		let market_order = crate::Call::<Test>::place_market_order {
			market: MARKET,
			venue: US_VENUE,
			side: Side::Bid,
			lots: 1,
			client_id: 1,
			self_trade: None,
			max_fills,
		};
		let db = <<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<
			frame_support::weights::RuntimeDbWeight,
		>>::get();
		assert_eq!(market_order.get_dispatch_info().call_weight, taker.saturating_add(db.reads(1)));
	}
}
