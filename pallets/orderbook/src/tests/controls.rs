//! Issue 17's order controls: a market's order limits (set only by its administrator or the
//! consortium), a venue's pre-trade limits for the investors it serves (set only by that
//! venue), and amending a resting order (a reduction keeps priority, anything else
//! re-queues through every check of a new order).

use super::*;
use frame_support::{dispatch::DispatchResult, traits::Get};

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn limits(
	max_lots: Option<Lots>,
	min_value: Option<Balance>,
	max_value: Option<Balance>,
	max_open_per_identity: Option<u32>,
) -> OrderLimits<Balance> {
	OrderLimits { max_lots, min_value, max_value, max_open_per_identity }
}

fn set_limits(
	who: RuntimeOrigin,
	limits: OrderLimits<Balance>,
) -> frame_support::dispatch::DispatchResult {
	Orderbook::set_order_limits(who, MARKET, limits)
}

/// The identity of each test investor (mock.rs).
fn identity_of(who: AccountId) -> stledger_primitives::IdentityId {
	match who {
		ALICE | ALICE_2 => 10,
		BOB => 20,
		CAROL => 30,
		DAVE => 40,
		_ => 50,
	}
}

fn venue_limits(
	operator: AccountId,
	venue: ExchangeId,
	who: AccountId,
	max_order_value: Option<Balance>,
	max_daily_value: Option<Balance>,
) -> frame_support::dispatch::DispatchResult {
	Orderbook::set_investor_limits(
		signed(operator),
		venue,
		USDX,
		identity_of(who),
		Some(InvestorLimits { max_order_value, max_daily_value }),
	)
}

fn amend(who: AccountId, order: OrderId, price: Price, lots: Lots) -> DispatchResult {
	Orderbook::amend_order(signed(who), order, price, lots, 6).map(|_| ()).map_err(|e| e.error)
}

#[test]
fn only_the_administrator_or_the_consortium_sets_order_limits() {
	new_test_ext().execute_with(|| {
		assert_ok!(Orderbook::list_market(signed(OTHER_VENUE_OPERATOR), MARKET, OTHER_VENUE));
		let tight = limits(Some(2), None, None, Some(1));
		// A venue listing from the start, a venue that listed itself, an investor, the
		// security's issuer: none administers the market.
		for who in [SG_VENUE_OPERATOR, OTHER_VENUE_OPERATOR, ALICE, ISSUER] {
			assert_noop!(set_limits(signed(who), tight), Error::<Test>::NotMarketAdministrator);
		}
		assert_noop!(
			Orderbook::set_order_limits(signed(US_VENUE_OPERATOR), 7, tight),
			Error::<Test>::UnknownMarket
		);
		System::reset_events();
		assert_ok!(set_limits(signed(US_VENUE_OPERATOR), tight));
		assert_eq!(Markets::<Test>::get(MARKET).unwrap().limits, tight);
		assert_eq!(events(), vec![Event::OrderLimitsSet { market: MARKET, limits: tight }]);
		assert_ok!(set_limits(RuntimeOrigin::root(), OrderLimits::default()));
		assert_eq!(Markets::<Test>::get(MARKET).unwrap().limits, OrderLimits::default());
	});
}

#[test]
fn inconsistent_order_limits_are_refused_by_name() {
	new_test_ext().execute_with(|| {
		let admin = || signed(US_VENUE_OPERATOR);
		assert_ok!(Orderbook::set_market_params(
			admin(),
			MARKET,
			MarketParams { min_order: 5, ..PARAMS }
		));
		assert_noop!(
			set_limits(admin(), limits(Some(4), None, None, None)),
			Error::<Test>::MaxOrderBelowMinimum
		);
		assert_noop!(
			set_limits(admin(), limits(None, Some(10), Some(9), None)),
			Error::<Test>::MinValueAboveMaxValue
		);
		let cap = <Test as Config>::MaxOpenOrdersPerIdentity::get();
		for bad in [0, cap + 1] {
			assert_noop!(
				set_limits(admin(), limits(None, None, None, Some(bad))),
				Error::<Test>::IdentityOrderCapOutOfRange
			);
		}
		assert_ok!(set_limits(admin(), limits(Some(5), Some(9), Some(9), Some(cap))));
	});
}

#[test]
fn orders_beyond_the_market_limits_are_refused_and_resting_ones_stay() {
	new_test_ext().execute_with(|| {
		// Placed before the limits: an ask of 10 lots worth 100 USDX.
		let big = ask(DAVE, TEN, 10);
		let one_token = value(1, TEN);
		assert_ok!(set_limits(
			signed(US_VENUE_OPERATOR),
			limits(Some(5), Some(2 * one_token), Some(4 * one_token), Some(2))
		));
		let gtc = TimeInForce::GoodTillCancelled;
		assert_noop!(
			order(ALICE, Side::Bid, TEN, 6, gtc, None, 6),
			Error::<Test>::AboveMaximumOrder
		);
		assert_noop!(
			order(ALICE, Side::Bid, TEN, 1, gtc, None, 6),
			Error::<Test>::BelowMinimumValue
		);
		assert_noop!(
			order(ALICE, Side::Bid, TEN, 5, gtc, None, 6),
			Error::<Test>::AboveMaximumValue
		);
		// The value is at the order's price: 3 lots at half the price are worth 1.5 tokens.
		assert_noop!(
			order(ALICE, Side::Bid, TEN / 2, 3, gtc, None, 6),
			Error::<Test>::BelowMinimumValue
		);
		// The resting order, above today's limits, still trades in full.
		bid(ALICE, TEN, 3);
		bid(CAROL, TEN, 4);
		assert_eq!(Orders::<Test>::get(big).unwrap().remaining, 3);
		// Two resting orders per identity, over all its accounts.
		bid(ALICE, TEN - 10, 3);
		bid(ALICE_2, TEN - 10, 3);
		assert_noop!(
			order(ALICE, Side::Bid, TEN - 10, 3, gtc, None, 6),
			Error::<Test>::TooManyIdentityOrders
		);
		// An immediate-or-cancel order never rests: the cap does not apply.
		assert_ok!(order(ALICE, Side::Bid, TEN, 2, TimeInForce::ImmediateOrCancel, None, 6));
	});
}

#[test]
fn only_the_venue_itself_sets_limits_for_the_investors_it_serves() {
	new_test_ext().execute_with(|| {
		let set = |who| venue_limits(who, US_VENUE, ALICE, Some(1), None);
		// Another exchange, an investor, the issuer: not the venue's operator.
		for who in [SG_VENUE_OPERATOR, OTHER_VENUE_OPERATOR, ALICE, ISSUER] {
			assert_noop!(set(who), Error::<Test>::NotVenueOperator);
		}
		// Nor the consortium: each venue answers for its own investors.
		assert_noop!(
			Orderbook::set_investor_limits(RuntimeOrigin::root(), US_VENUE, USDX, 10, None),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(set(US_VENUE_OPERATOR));
		let key = (US_VENUE, USDX, identity_of(ALICE));
		assert_eq!(InvestorLimitsOf::<Test>::get(key).unwrap().limits.max_order_value, Some(1));
		assert_ok!(Orderbook::set_investor_limits(
			signed(US_VENUE_OPERATOR),
			US_VENUE,
			USDX,
			identity_of(ALICE),
			None
		));
		assert!(InvestorLimitsOf::<Test>::get(key).is_none());
	});
}

/// Release 118: a venue keeps limits only for a cash asset and an identity that exist, and
/// removes only limits it set: it cannot fill the chain with entries for made-up keys.
#[test]
fn a_venue_sets_limits_only_for_a_cash_asset_and_an_identity_that_exist() {
	new_test_ext().execute_with(|| {
		let limits = Some(InvestorLimits { max_order_value: Some(1), max_daily_value: None });
		let set = |cash, identity, limits| {
			Orderbook::set_investor_limits(
				signed(US_VENUE_OPERATOR),
				US_VENUE,
				cash,
				identity,
				limits,
			)
		};
		let alice = identity_of(ALICE);
		assert_noop!(set(9_999, alice, limits), Error::<Test>::InvalidCashAsset);
		assert_noop!(set(SECURITY, alice, limits), Error::<Test>::InvalidCashAsset);
		assert_noop!(set(USDX, 4_242, limits), Error::<Test>::UnknownIdentity);
		assert_noop!(set(USDX, alice, None), Error::<Test>::NoInvestorLimits);
		assert_ok!(set(USDX, alice, limits));
		assert_ok!(set(USDX, alice, None));
		assert_noop!(set(USDX, alice, None), Error::<Test>::NoInvestorLimits);
	});
}

#[test]
fn a_venue_limits_order_value_and_the_value_entered_per_day() {
	new_test_ext().execute_with(|| {
		let one_token = value(1, TEN);
		assert_ok!(venue_limits(
			US_VENUE_OPERATOR,
			US_VENUE,
			ALICE,
			Some(3 * one_token),
			Some(5 * one_token)
		));
		let gtc = TimeInForce::GoodTillCancelled;
		assert_noop!(
			order(ALICE, Side::Bid, TEN, 4, gtc, None, 6),
			Error::<Test>::AboveInvestorOrderValue
		);
		bid(ALICE, TEN - 10, 3);
		// Its second account is the same identity: same day, same limit.
		bid(ALICE_2, TEN / 2, 4);
		assert_noop!(
			order(ALICE, Side::Bid, TEN, 1, gtc, None, 6),
			Error::<Test>::InvestorDailyLimitReached
		);
		// Cancelling does not give the day back: the limit is on what is entered.
		let open = Traders::<Test>::get(ALICE).open[0];
		assert_ok!(Orderbook::cancel_order(signed(ALICE), open));
		assert_noop!(
			order(ALICE, Side::Bid, TEN, 1, gtc, None, 6),
			Error::<Test>::InvestorDailyLimitReached
		);
		// Another identity has a day of its own (and no limits).
		bid(CAROL, TEN - 10, 3);
		// The next UTC day starts from zero.
		set_time(START + DAY);
		bid(ALICE, TEN - 10, 3);
		// Limits set by one venue do not reach orders through another.
		assert_ok!(venue_limits(SG_VENUE_OPERATOR, SG_VENUE, DAVE, Some(1), None));
		assert_noop!(
			order(DAVE, Side::Ask, TEN + 10, 1, gtc, None, 6),
			Error::<Test>::AboveInvestorOrderValue
		);
		assert_ok!(Orderbook::list_market(signed(OTHER_VENUE_OPERATOR), MARKET, OTHER_VENUE));
		assert_ok!(Orderbook::place_order(
			signed(DAVE),
			MARKET,
			OTHER_VENUE,
			Side::Ask,
			TEN + 10,
			1,
			gtc,
			None,
			next_client_id(),
			None,
			1
		));
	});
}

#[test]
fn reducing_an_order_keeps_its_place_and_releases_exactly_what_it_frees() {
	new_test_ext().execute_with(|| {
		let first = bid(ALICE, TEN, 5);
		let second = bid(CAROL, TEN, 5);
		let reserved_before = reserved_cash(ALICE);
		System::reset_events();
		assert_ok!(amend(ALICE, first, TEN, 2));
		assert_eq!(
			events(),
			vec![Event::OrderAmended {
				order: first,
				owner: ALICE,
				price: TEN,
				lots: 2,
				requeued_as: None
			}]
		);
		// Three lots' value freed; the fee margin stays until the order ends.
		assert_eq!(reserved_cash(ALICE), reserved_before - value(3, TEN));
		assert_eq!(Orders::<Test>::get(first).unwrap().reserved, reserved_cash(ALICE));
		assert_eq!(Levels::<Test>::get((MARKET, Side::Bid, TEN)).unwrap().lots, 7);
		// Still first in the queue.
		System::reset_events();
		ask(DAVE, TEN, 3);
		let trades = fills();
		assert_eq!(
			trades.iter().map(|t| (t.maker_order, t.lots)).collect::<Vec<_>>(),
			vec![(first, 2), (second, 1)]
		);
		assert_eq!(reserved_cash(ALICE), 0);
	});
}

#[test]
fn any_other_change_requeues_through_every_check_of_a_new_order() {
	new_test_ext().execute_with(|| {
		let first = bid(ALICE, TEN, 2);
		let second = bid(CAROL, TEN, 2);
		let client_id = Orders::<Test>::get(first).unwrap().client_id;
		// More lots at the same price: to the back of the queue, under a new id, same client id.
		let requeued = NextOrderId::<Test>::get();
		System::reset_events();
		assert_ok!(amend(ALICE, first, TEN, 3));
		assert_eq!(
			events()[0],
			Event::OrderAmended {
				order: first,
				owner: ALICE,
				price: TEN,
				lots: 3,
				requeued_as: Some(requeued)
			}
		);
		assert!(Orders::<Test>::get(first).is_none());
		let new = Orders::<Test>::get(requeued).unwrap();
		assert_eq!((new.remaining, new.client_id), (3, client_id));
		assert_eq!(reserved_cash(ALICE), new.reserved);
		System::reset_events();
		ask(DAVE, TEN, 2);
		assert_eq!(fills()[0].maker_order, second);
		// A new price that crosses trades at once, like a new order.
		let resting_ask = ask(DAVE, TEN + 5, 1);
		System::reset_events();
		assert_ok!(amend(ALICE, requeued, TEN + 5, 3));
		assert_eq!(fills()[0].maker_order, resting_ask);
	});
}

#[test]
fn a_refused_amendment_changes_nothing() {
	new_test_ext().execute_with(|| {
		let mine = bid(ALICE, TEN, 2);
		assert_noop!(amend(BOB, mine, TEN, 1), Error::<Test>::NotOrderOwner);
		assert_noop!(amend(ALICE, 999, TEN, 1), Error::<Test>::UnknownOrder);
		assert_noop!(amend(ALICE, mine, TEN, 0), Error::<Test>::ZeroQuantity);
		assert_noop!(amend(ALICE, mine, TEN, 2), Error::<Test>::AmendUnchanged);
		// More than the owner's cash: the re-queued order is refused and the original stays.
		assert_noop!(amend(ALICE, mine, TEN, 1_000_000), Error::<Test>::InsufficientCash);
		// Market limits apply to an amendment as to a new order.
		assert_ok!(set_limits(signed(US_VENUE_OPERATOR), limits(Some(3), None, None, None)));
		assert_noop!(amend(ALICE, mine, TEN, 4), Error::<Test>::AboveMaximumOrder);
		// A halted market: the owner may still reduce, never re-queue.
		assert_ok!(Orderbook::set_market_status(
			signed(US_VENUE_OPERATOR),
			MARKET,
			MarketStatus::Halted
		));
		assert_noop!(amend(ALICE, mine, TEN + 1, 2), Error::<Test>::MarketHalted);
		assert_ok!(amend(ALICE, mine, TEN, 1));
	});
}

#[test]
fn an_amendment_counts_only_what_it_adds_to_the_day() {
	new_test_ext().execute_with(|| {
		let one_token = value(1, TEN);
		assert_ok!(venue_limits(US_VENUE_OPERATOR, US_VENUE, ALICE, None, Some(4 * one_token)));
		let mine = bid(ALICE, TEN, 3);
		// 3 → 4 lots adds one token's value: the day's 4 are reached, not passed.
		assert_ok!(amend(ALICE, mine, TEN, 4));
		let open = Traders::<Test>::get(ALICE).open[0];
		assert_noop!(amend(ALICE, open, TEN, 5), Error::<Test>::InvestorDailyLimitReached);
		// A lower price adds nothing.
		assert_ok!(amend(ALICE, open, TEN - 10, 4));
		let open = Traders::<Test>::get(ALICE).open[0];
		assert_eq!(Orders::<Test>::get(open).unwrap().price, TEN - 10);
	});
}

#[test]
fn a_sell_order_is_valued_at_what_it_can_trade_at_not_its_limit() {
	new_test_ext().execute_with(|| {
		let one_token = value(1, TEN);
		bid(ALICE, TEN, 5);
		assert_ok!(venue_limits(SG_VENUE_OPERATOR, SG_VENUE, DAVE, Some(2 * one_token), None));
		// Three lots at one tick would fill against Alice's bid at 10 USDX: worth 30, not
		// 3 ticks.
		assert_noop!(
			order(DAVE, Side::Ask, 1, 3, TimeInForce::GoodTillCancelled, None, 6),
			Error::<Test>::AboveInvestorOrderValue
		);
		assert_ok!(order(DAVE, Side::Ask, 1, 2, TimeInForce::GoodTillCancelled, None, 6));
		assert_eq!(fills().len(), 1);
	});
}

#[test]
fn a_reduction_never_goes_below_the_smallest_order() {
	new_test_ext().execute_with(|| {
		let mine = bid(ALICE, TEN, 5);
		assert_ok!(Orderbook::set_market_params(
			signed(US_VENUE_OPERATOR),
			MARKET,
			MarketParams { min_order: 2, ..PARAMS }
		));
		assert_noop!(amend(ALICE, mine, TEN, 1), Error::<Test>::BelowMinimumOrder);
		assert_ok!(set_limits(
			signed(US_VENUE_OPERATOR),
			limits(None, Some(value(3, TEN)), None, None)
		));
		assert_noop!(amend(ALICE, mine, TEN, 2), Error::<Test>::BelowMinimumValue);
		assert_ok!(amend(ALICE, mine, TEN, 3));
	});
}

#[test]
fn an_order_entered_before_the_limits_earns_no_credit_when_amended() {
	new_test_ext().execute_with(|| {
		let one_token = value(1, TEN);
		let mine = bid(ALICE, TEN, 3);
		set_time(START + 1);
		assert_ok!(venue_limits(US_VENUE_OPERATOR, US_VENUE, ALICE, None, Some(2 * one_token)));
		// Its three lots were never counted: re-entering them counts them all.
		assert_noop!(amend(ALICE, mine, TEN, 3 + 1), Error::<Test>::InvestorDailyLimitReached);
		assert_noop!(amend(ALICE, mine, TEN - 1, 3), Error::<Test>::InvestorDailyLimitReached);
	});
}
