//! Issue 13's attacks on the order book, each refused by name with nothing changed: a venue
//! that listed itself repricing or halting a market, an owner kept from cancelling, a seller
//! on a venue the issuer removed still selling, a paused security still taking asks, and a
//! flood of far-away orders jamming the book.

use super::*;
use frame_support::traits::Get;

fn set_params(
	who: RuntimeOrigin,
	params: MarketParams<Balance>,
) -> frame_support::dispatch::DispatchResult {
	Orderbook::set_market_params(who, MARKET, params)
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// Defect 2: any listing venue changed a market's figures, repricing resting orders (a tick
/// from 10 000 to 1 sold an ask of 1 000 tokens at 50 USDX each for 4.995 USDX).
#[test]
fn only_the_administrator_changes_figures_and_never_under_resting_orders() {
	new_test_ext().execute_with(|| {
		let resting = ask(DAVE, TEN, 5);
		assert_ok!(Orderbook::list_market(signed(OTHER_VENUE_OPERATOR), MARKET, OTHER_VENUE));
		let repriced = MarketParams { tick_size: 1, min_order: 1_000, ..PARAMS };
		// A venue that listed itself, and a venue listing from the start, are not the
		// administrator.
		for venue in [OTHER_VENUE_OPERATOR, SG_VENUE_OPERATOR] {
			assert_noop!(
				set_params(signed(venue), repriced),
				Error::<Test>::NotMarketAdministrator
			);
		}
		assert_noop!(set_params(signed(ALICE), repriced), Error::<Test>::NotMarketAdministrator);
		// Not even the administrator or the consortium reprice resting orders.
		assert_noop!(set_params(signed(US_VENUE_OPERATOR), repriced), Error::<Test>::BookNotEmpty);
		assert_noop!(set_params(RuntimeOrigin::root(), repriced), Error::<Test>::BookNotEmpty);
		let relotted = MarketParams { lot_size: 1, ..PARAMS };
		assert_noop!(set_params(signed(US_VENUE_OPERATOR), relotted), Error::<Test>::BookNotEmpty);
		// Fees may change: the resting order keeps the maker fee it was placed with.
		let cheaper = MarketParams { maker_fee_bps: 5, taker_fee_bps: 5, ..PARAMS };
		assert_ok!(set_params(signed(US_VENUE_OPERATOR), cheaper));
		assert_eq!(Orders::<Test>::get(resting).unwrap().maker_fee_bps, PARAMS.maker_fee_bps);
		// Once the book is empty, the administrator re-ticks.
		assert_ok!(Orderbook::cancel_order(signed(DAVE), resting));
		assert_ok!(set_params(signed(US_VENUE_OPERATOR), repriced));
		assert_eq!(Markets::<Test>::get(MARKET).unwrap().params, repriced);
	});
}

/// Defect 3: a self-listed venue halted the market and the owner could no longer cancel, so
/// its reserved tokens stayed frozen.
#[test]
fn no_foreign_venue_halts_a_market_and_owners_always_cancel() {
	new_test_ext().execute_with(|| {
		let resting = ask(DAVE, TEN, 5);
		ask(ERIN, TEN, 1);
		assert_ok!(Orderbook::list_market(signed(OTHER_VENUE_OPERATOR), MARKET, OTHER_VENUE));
		assert_noop!(
			Orderbook::set_market_status(
				signed(OTHER_VENUE_OPERATOR),
				MARKET,
				MarketStatus::Halted
			),
			Error::<Test>::NotMarketAdministrator
		);
		assert_noop!(
			Orderbook::set_market_status(signed(SG_VENUE_OPERATOR), MARKET, MarketStatus::Halted),
			Error::<Test>::NotMarketAdministrator
		);
		assert_ok!(Orderbook::set_market_status(
			signed(US_VENUE_OPERATOR),
			MARKET,
			MarketStatus::Halted
		));
		assert_eq!(reserved_tokens(DAVE), 5 * TOKEN);
		assert_ok!(Orderbook::cancel_order(signed(DAVE), resting));
		assert_eq!(reserved_tokens(DAVE), 0);
		assert_ok!(Orderbook::cancel_all(signed(ERIN), MARKET));
		assert_eq!(reserved_tokens(ERIN), 0);
	});
}

/// Defect 10: fills checked the buyer's venue against the security's venue rule, not the
/// seller's: after the issuer narrowed its venues, sellers on a removed venue still sold.
#[test]
fn a_seller_on_a_venue_the_issuer_removed_no_longer_sells() {
	new_test_ext().execute_with(|| {
		let resting = ask(DAVE, TEN, 5);
		let rules = pallet_securities::RulesOf::<Test> {
			venues: vec![US_VENUE].try_into().unwrap(),
			..Default::default()
		};
		assert_ok!(Securities::set_rules(signed(ISSUER), SECURITY, rules));
		let dave_tokens = tokens(DAVE);
		bid(ALICE, TEN, 5);
		assert!(fills().is_empty(), "no trade through a venue the security does not allow");
		assert!(cancels().contains(&(
			resting,
			5,
			CancelReason::Compliance(stledger_primitives::Reason::VenueNotAllowed)
		)));
		assert_eq!(tokens(DAVE), dave_tokens);
		assert_eq!(reserved_tokens(DAVE), 0);
		// A new ask through that venue is refused at once, by the ledger's name.
		assert_noop!(
			order(DAVE, Side::Ask, TEN, 1, TimeInForce::GoodTillCancelled, None, 6),
			pallet_securities::Error::<Test>::VenueNotAllowed
		);
	});
}

/// Defect 11: after `securities.pause`, a new ask was accepted and rested.
#[test]
fn a_paused_security_takes_no_ask() {
	new_test_ext().execute_with(|| {
		assert_ok!(Securities::pause(signed(ISSUER), SECURITY, Default::default()));
		assert_noop!(
			order(ALICE, Side::Ask, TEN, 1, TimeInForce::GoodTillCancelled, None, 6),
			pallet_securities::Error::<Test>::SecurityPaused
		);
		assert_noop!(
			order(ALICE, Side::Bid, TEN, 1, TimeInForce::GoodTillCancelled, None, 6),
			pallet_securities::Error::<Test>::SecurityPaused
		);
		assert_eq!(reserved_tokens(ALICE), 0);
	});
}

/// Defect 7: one identity with a few accounts occupied every price level of a side, after
/// which nobody could place an order at a new price.
#[test]
fn one_identity_rests_a_bounded_number_of_orders_in_a_market() {
	new_test_ext().execute_with(|| {
		let max: u32 = <Test as Config>::MaxOpenOrdersPerIdentity::get();
		assert_ok!(Assets::transfer(signed(ALICE), USDX, ALICE_2, 1_000 * DOLLAR));
		for i in 0..max as Price {
			ask(ALICE, TEN + i, 1);
		}
		// Alice's second account is the same identity.
		assert_noop!(
			order(ALICE_2, Side::Bid, TEN / 2, 1, TimeInForce::GoodTillCancelled, None, 6),
			Error::<Test>::TooManyIdentityOrders
		);
		assert_noop!(
			order(ALICE, Side::Ask, TEN + 99, 1, TimeInForce::GoodTillCancelled, None, 6),
			Error::<Test>::TooManyIdentityOrders
		);
		// What does not rest is not limited: an immediate-or-cancel still trades.
		assert_ok!(order(ALICE_2, Side::Bid, TEN / 2, 1, TimeInForce::ImmediateOrCancel, None, 6));
		assert_eq!(IdentityOpenOrders::<Test>::get(MARKET, 10), max);
		assert_ok!(Orderbook::cancel_all(signed(ALICE), MARKET));
		assert_eq!(IdentityOpenOrders::<Test>::get(MARKET, 10), 0);
	});
}

/// Defect 7: attackers holding the most orders they may, spread over every level of a side,
/// cannot stop an honest seller placing an ask near the best price: the furthest level makes
/// room. An order further than every level is refused by name, nothing changed.
#[test]
fn a_full_side_makes_room_near_the_best_price() {
	new_test_ext().execute_with(|| {
		let max = <<Test as Config>::MaxOpenOrdersPerIdentity as Get<u32>>::get() as Price;
		// Alice and Carol (two identities) spread one-lot asks two ticks apart: 8 levels.
		let mut spam = Vec::new();
		for (n, who) in [ALICE, CAROL].into_iter().enumerate() {
			for i in 0..max {
				spam.push(ask(who, TEN + 2 * (n as Price * max + i), 1));
			}
		}
		let levels = <<Test as Config>::MaxPriceLevels as Get<u32>>::get() as usize;
		assert_eq!(Books::<Test>::get(MARKET).side(Side::Ask).len(), levels);
		let furthest = *spam.last().unwrap();
		let carol_reserved = reserved_tokens(CAROL);

		// Further than every level: refused, nothing changed.
		assert_noop!(
			order(DAVE, Side::Ask, TEN + 100, 1, TimeInForce::GoodTillCancelled, None, 6),
			Error::<Test>::TooManyPriceLevels
		);
		// Near the best price: the furthest level is evicted and the honest ask rests.
		let honest = ask(DAVE, TEN + 1, 3);
		assert!(Orders::<Test>::contains_key(honest));
		assert!(!Orders::<Test>::contains_key(furthest));
		assert!(cancels().contains(&(furthest, 1, CancelReason::Evicted)));
		assert_eq!(reserved_tokens(CAROL), carol_reserved - TOKEN);
		assert_eq!(Books::<Test>::get(MARKET).side(Side::Ask).len(), levels);
		assert_eq!(Books::<Test>::get(MARKET).best(Side::Ask), Some(TEN));
	});
}

/// Eviction is bounded: a furthest level holding more than `MaxEvictedOrders` orders is not
/// evicted (what a placer pays for stays bounded); the order is refused by name.
#[test]
fn a_crowded_furthest_level_is_not_evicted() {
	new_test_ext().execute_with(|| {
		// Seven levels from Alice and Carol, then three orders at the furthest price.
		for i in 0..4 {
			ask(ALICE, TEN + 2 * i, 1);
		}
		for i in 4..7 {
			ask(CAROL, TEN + 2 * i, 1);
		}
		for who in [CAROL, BOB, ERIN] {
			ask(who, TEN + 20, 1);
		}
		assert!(
			Levels::<Test>::get((MARKET, Side::Ask, TEN + 20)).unwrap().orders
				> <Test as Config>::MaxEvictedOrders::get()
		);
		assert_noop!(
			order(DAVE, Side::Ask, TEN + 1, 1, TimeInForce::GoodTillCancelled, None, 6),
			Error::<Test>::TooManyPriceLevels
		);
		// Joining an existing level near the best never needs a new one.
		ask(DAVE, TEN, 1);
	});
}
