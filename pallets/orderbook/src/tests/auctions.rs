//! Issue 17's market phases: price bands that interrupt continuous trading, call auctions
//! that collect orders and uncross at one price, and who may set them.

use super::*;
use crate::auction::{at_price, uncrossing_price};
use frame_support::dispatch::DispatchResult;
use stledger_primitives::testing::Rng;

const MINUTE: u64 = 60_000;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn controls(static_bps: Option<u32>, dynamic_bps: Option<u32>, opening: u64) -> PriceControls {
	PriceControls {
		static_band_bps: static_bps,
		dynamic_band_bps: dynamic_bps,
		interruption_ms: 5 * MINUTE,
		opening_auction_ms: opening,
	}
}

fn phase() -> Phase {
	Markets::<Test>::get(MARKET).unwrap().phase
}

fn uncross(max_fills: u32) -> DispatchResult {
	Orderbook::uncross_auction(signed(STRANGER), MARKET, max_fills).map(|_| ()).map_err(|e| e.error)
}

fn ioc(who: AccountId, side: Side, price: Price, lots: Lots) -> DispatchResult {
	order(who, side, price, lots, TimeInForce::ImmediateOrCancel, None, 6)
		.map(|_| ())
		.map_err(|e| e.error)
}

/// Bands of ±10 % around 10 USDX, five-minute interruptions.
fn banded() {
	assert_ok!(Orderbook::set_price_controls(
		signed(US_VENUE_OPERATOR),
		MARKET,
		controls(Some(1_000), None, 0),
		Some(TEN)
	));
}

#[test]
fn only_the_administrator_or_the_consortium_sets_bands_and_durations() {
	new_test_ext().execute_with(|| {
		assert_ok!(Orderbook::list_market(signed(OTHER_VENUE_OPERATOR), MARKET, OTHER_VENUE));
		let wanted = controls(Some(500), Some(200), MINUTE);
		for who in [SG_VENUE_OPERATOR, OTHER_VENUE_OPERATOR, ALICE, ISSUER, STRANGER] {
			assert_noop!(
				Orderbook::set_price_controls(signed(who), MARKET, wanted, Some(1)),
				Error::<Test>::NotMarketAdministrator
			);
		}
		let set = |controls, reference| {
			Orderbook::set_price_controls(signed(US_VENUE_OPERATOR), MARKET, controls, reference)
		};
		for bad in [0, 5_001] {
			assert_noop!(set(controls(Some(bad), None, 0), None), Error::<Test>::BandOutOfRange);
			assert_noop!(set(controls(None, Some(bad), 0), None), Error::<Test>::BandOutOfRange);
		}
		let instant = PriceControls { interruption_ms: 0, ..wanted };
		assert_noop!(set(instant, None), Error::<Test>::InterruptionTooShort);
		assert_noop!(set(wanted, Some(0)), Error::<Test>::ZeroPrice);
		assert_ok!(set(wanted, Some(TEN)));
		let market = Markets::<Test>::get(MARKET).unwrap();
		assert_eq!((market.controls, market.reference_price), (wanted, Some(TEN)));
		assert_ok!(Orderbook::set_price_controls(
			RuntimeOrigin::root(),
			MARKET,
			PriceControls::default(),
			None
		));
		// The reference stays unless a new one is given.
		assert_eq!(Markets::<Test>::get(MARKET).unwrap().reference_price, Some(TEN));
	});
}

#[test]
fn a_trade_outside_the_band_interrupts_and_the_auction_uncrosses_at_one_price() {
	new_test_ext().execute_with(|| {
		banded();
		let near = ask(DAVE, TEN + 500, 2);
		let far = ask(ERIN, TEN + 2_000, 3);
		System::reset_events();
		// Alice's bid takes the ask within the band, then meets 12 USDX, 20 % above the
		// reference: no trade there; the market is interrupted and her remainder rests.
		let alice = bid(ALICE, TEN + 2_000, 4);
		assert_eq!(fills().len(), 1);
		assert_eq!((fills()[0].maker_order, fills()[0].lots), (near, 2));
		assert!(events().contains(&Event::PriceBandBreached {
			market: MARKET,
			order: alice,
			price: TEN + 2_000
		}));
		let ends_at = START + 5 * MINUTE;
		assert_eq!(
			phase(),
			Phase::Auction { ends_at, reason: AuctionReason::VolatilityInterruption }
		);
		assert_eq!(Orders::<Test>::get(alice).unwrap().remaining, 2);
		assert_eq!(best(), (Some(TEN + 2_000), Some(TEN + 2_000)), "crossed while collecting");
		// During the interruption: nothing matches, orders that may rest are collected.
		assert_noop!(ioc(CAROL, Side::Bid, TEN + 2_000, 1), Error::<Test>::AuctionInProgress);
		let carol = bid(CAROL, TEN + 3_000, 1);
		assert!(fills().len() == 1 && Orders::<Test>::get(carol).is_some());
		assert_noop!(uncross(6), Error::<Test>::AuctionNotEnded);
		let indicative = Orderbook::indicative_uncross(MARKET).unwrap();
		assert_eq!(indicative, Uncross { price: TEN + 2_000, volume: 3, surplus: 0 });

		set_time(ends_at);
		System::reset_events();
		assert_ok!(uncross(6));
		let trades = fills();
		assert_eq!(trades.iter().map(|t| t.lots).sum::<Lots>(), 3);
		assert!(trades.iter().all(|t| t.price == TEN + 2_000), "one price: {trades:?}");
		// Price-time priority: Carol's higher bid first, then Alice's.
		assert_eq!((trades[0].buyer, trades[0].lots), (CAROL, 1));
		assert_eq!((trades[1].buyer, trades[1].lots), (ALICE, 2));
		assert_eq!(
			events().last(),
			Some(&Event::AuctionUncrossed { market: MARKET, price: Some(TEN + 2_000), traded: 3 })
		);
		let market = Markets::<Test>::get(MARKET).unwrap();
		assert_eq!(market.phase, Phase::Continuous);
		assert_eq!(market.reference_price, Some(TEN + 2_000));
		assert!(Orders::<Test>::get(far).is_none());
		// An auction is uncrossed once.
		assert_noop!(uncross(6), Error::<Test>::NoAuction);
		// Carol paid at the auction price, not her limit: her reservation is released.
		assert_eq!(reserved_cash(CAROL), 0);
	});
}

#[test]
fn the_dynamic_band_follows_the_last_trade_and_an_immediate_order_is_cancelled() {
	new_test_ext().execute_with(|| {
		assert_ok!(Orderbook::set_price_controls(
			signed(US_VENUE_OPERATOR),
			MARKET,
			controls(None, Some(200), 0),
			None
		));
		// No trade yet: no dynamic reference, so nothing interrupts.
		ask(DAVE, TEN, 1);
		bid(ALICE, TEN, 1);
		assert_eq!(Markets::<Test>::get(MARKET).unwrap().last_price, Some(TEN));
		ask(DAVE, TEN + 100, 1);
		ask(ERIN, TEN + 300, 1);
		System::reset_events();
		// 1 % above the last trade trades; 3 % does not, and the rest of an IOC is cancelled.
		let id = NextOrderId::<Test>::get();
		assert_ok!(ioc(ALICE, Side::Bid, TEN + 300, 2));
		assert_eq!(fills().len(), 1);
		assert_eq!(cancels(), vec![(id, 1, CancelReason::VolatilityInterruption)]);
		assert!(matches!(phase(), Phase::Auction { .. }));
		assert_eq!(reserved_cash(ALICE), 0);
	});
}

/// Uncrossing meets orders in pairs, a bid and an ask, each possibly of another venue than
/// the benchmark's one: it is charged the storage of each venue's record and fees besides the
/// first order's, up front for two per pair (up to the venues a market may list but one). A
/// pair in which both orders leave the book is charged from its own benchmark
/// (`uncross_auction_pairs`), dearer than `uncross_auction`'s pairs, which take one order off
/// each.
#[test]
fn an_uncrossing_is_charged_the_venues_it_meets_and_more_for_a_pair_that_both_leave() {
	use crate::charges::{uncrossing_weight, venue_storage};
	use frame_support::{
		dispatch::GetDispatchInfo,
		storage::{with_transaction, TransactionOutcome},
	};
	use sp_runtime::DispatchError;
	new_test_ext().execute_with(|| {
		banded();
		ask(DAVE, TEN + 500, 2);
		ask(ERIN, TEN + 2_000, 3);
		bid(ALICE, TEN + 2_000, 4);
		bid(CAROL, TEN + 3_000, 1);
		set_time(START + 5 * MINUTE);
		System::reset_events();
		// What the call will do, learnt and rolled back.
		let done = with_transaction(|| {
			TransactionOutcome::Rollback(Ok::<_, DispatchError>(
				Orderbook::do_uncross(MARKET, 6).expect("it uncrosses"),
			))
		})
		.unwrap();
		// Carol's bid leaves against part of Erin's ask; Alice's rest and Erin's rest then
		// both leave. Carol and Alice are of the US venue, Erin of Singapore's: one venue
		// besides the first order's.
		assert_eq!((done.met, done.both_left, done.other_venues), (2, 1, 1));
		let call = crate::Call::<Test>::uncross_auction { market: MARKET, max_fills: 6 };
		let up_front = call.get_dispatch_info().call_weight;
		let charged = Orderbook::uncross_auction(signed(STRANGER), MARKET, 6)
			.expect("it uncrosses")
			.actual_weight
			.expect("a refund");
		assert_eq!(
			charged,
			uncrossing_weight::<Test>(done.met, done.both_left)
				.saturating_add(venue_storage::<Test>(done.other_venues))
				.saturating_add(<Test as Config>::WeightInfo::auction_price(done.levels))
		);
		assert!(venue_storage::<Test>(done.other_venues).ref_time() > 0);
		assert!(
			uncrossing_weight::<Test>(2, 1).ref_time() > uncrossing_weight::<Test>(2, 0).ref_time()
		);
		assert!(up_front.all_gte(charged), "{up_front:?} ≥ {charged:?}");
		assert_eq!(fills().iter().map(|t| t.lots).sum::<Lots>(), 3);
	});
}

/// Every uncrossing the benchmarks measure is charged at least what it measured: pairs that
/// leave the bid (`uncross_auction`) or the ask (`uncross_auction_leaving_asks`) on the book,
/// and pairs that leave neither (`uncross_auction_pairs`); up front at least any of them.
#[test]
fn every_measured_uncrossing_is_within_its_charge() {
	use crate::charges::uncrossing_weight;
	type W = <Test as Config>::WeightInfo;
	for pairs in [1, 2, 15, 64, 128] {
		let one_leaves = uncrossing_weight::<Test>(pairs, 0);
		assert!(one_leaves.all_gte(W::uncross_auction(pairs)), "{pairs}");
		assert!(one_leaves.all_gte(W::uncross_auction_leaving_asks(pairs)), "{pairs}");
		let both_leave = uncrossing_weight::<Test>(pairs, pairs);
		assert!(both_leave.all_gte(W::uncross_auction_pairs(pairs)), "{pairs}");
		// More pairs that both left never cost less; more than were met count as those met.
		for both_left in 0..pairs.min(4) {
			let (fewer, more) = (both_left, both_left + 1);
			assert!(uncrossing_weight::<Test>(pairs, more)
				.all_gte(uncrossing_weight::<Test>(pairs, fewer)));
		}
		assert_eq!(uncrossing_weight::<Test>(pairs, pairs + 1), both_leave);
		let call = crate::Call::<Test>::uncross_auction { market: MARKET, max_fills: pairs };
		use frame_support::dispatch::GetDispatchInfo;
		assert!(call.get_dispatch_info().call_weight.all_gte(both_leave));
	}
}

/// An uncrossing whose orders are all of one venue is charged no venue besides its first
/// order's (release 113; release 112 charged one for each order met, up to every venue the
/// market lists but one).
#[test]
fn an_uncrossing_within_one_venue_is_charged_no_other_venue() {
	use frame_support::storage::{with_transaction, TransactionOutcome};
	use sp_runtime::DispatchError;
	new_test_ext().execute_with(|| {
		assert_eq!((venue_of(BOB), venue_of(DAVE)), (SG_VENUE, SG_VENUE));
		assert_ok!(Orderbook::set_price_controls(
			signed(US_VENUE_OPERATOR),
			MARKET,
			controls(None, None, MINUTE),
			None
		));
		let status =
			|status| Orderbook::set_market_status(signed(US_VENUE_OPERATOR), MARKET, status);
		assert_ok!(status(MarketStatus::Halted));
		assert_ok!(status(MarketStatus::Open));
		ask(DAVE, TEN, 1);
		bid(BOB, TEN, 1);
		set_time(START + MINUTE);
		let done = with_transaction(|| {
			TransactionOutcome::Rollback(Ok::<_, DispatchError>(
				Orderbook::do_uncross(MARKET, 6).expect("it uncrosses"),
			))
		})
		.unwrap();
		assert_eq!((done.met, done.both_left, done.other_venues), (1, 1, 0));
		let charged = Orderbook::uncross_auction(signed(STRANGER), MARKET, 6)
			.expect("it uncrosses")
			.actual_weight
			.expect("a refund");
		assert_eq!(
			charged,
			crate::charges::uncrossing_weight::<Test>(1, 1)
				.saturating_add(<Test as Config>::WeightInfo::auction_price(done.levels))
		);
		assert_eq!(fills().len(), 1);
	});
}

#[test]
fn reopening_goes_through_an_opening_auction() {
	new_test_ext().execute_with(|| {
		assert_ok!(Orderbook::set_price_controls(
			signed(US_VENUE_OPERATOR),
			MARKET,
			controls(None, None, MINUTE),
			None
		));
		let halt = |status| Orderbook::set_market_status(signed(US_VENUE_OPERATOR), MARKET, status);
		assert_ok!(halt(MarketStatus::Halted));
		assert_ok!(halt(MarketStatus::Open));
		assert_eq!(
			phase(),
			Phase::Auction { ends_at: START + MINUTE, reason: AuctionReason::Opening }
		);
		ask(DAVE, TEN, 2);
		ask(ERIN, TEN - 100, 1);
		bid(ALICE, TEN + 100, 2);
		bid(BOB, TEN, 2);
		assert!(fills().is_empty());
		// Halted again before it uncrosses: nothing trades.
		set_time(START + MINUTE);
		assert_ok!(halt(MarketStatus::Halted));
		assert_noop!(uncross(6), Error::<Test>::MarketHalted);
		assert_ok!(halt(MarketStatus::Open));
		set_time(START + 2 * MINUTE);
		System::reset_events();
		assert_ok!(uncross(6));
		// Demand at 10: 4, supply 3; at 9.9: demand 4, supply 1 → 10 USDX, three lots, from
		// two venues (Alice through the US venue, Bob through the SG one).
		let trades = fills();
		assert!(trades.iter().all(|t| t.price == TEN));
		assert_eq!(trades.iter().map(|t| t.lots).sum::<Lots>(), 3);
		let venues: Vec<_> = trades.iter().map(|t| t.buyer_venue).collect();
		assert!(venues.contains(&US_VENUE) && venues.contains(&SG_VENUE));
		assert_eq!(phase(), Phase::Continuous);
		assert_eq!(best(), (Some(TEN), None));
	});
}

#[test]
fn a_large_auction_uncrosses_over_several_calls_and_skips_who_can_no_longer_trade() {
	new_test_ext().execute_with(|| {
		let start_cash = traders_cash();
		let start_tokens = Assets::total_issuance(SECURITY);
		assert_ok!(Orderbook::set_price_controls(
			signed(US_VENUE_OPERATOR),
			MARKET,
			controls(None, None, MINUTE),
			None
		));
		let status = |s| Orderbook::set_market_status(signed(US_VENUE_OPERATOR), MARKET, s);
		assert_ok!(status(MarketStatus::Halted));
		assert_ok!(status(MarketStatus::Open));
		for (who, price) in [(DAVE, TEN - 20), (DAVE, TEN - 10), (ERIN, TEN), (BOB, TEN - 30)] {
			ask(who, price, 2);
		}
		for (who, price) in [(ALICE, TEN + 30), (CAROL, TEN + 20), (ALICE_2, TEN + 10)] {
			bid(who, price, 2);
		}
		let carol_cash = cash(CAROL);
		make_ineligible(CAROL, Ineligibility::Revoked);
		set_time(START + MINUTE);
		System::reset_events();
		assert_ok!(uncross(2));
		assert!(matches!(phase(), Phase::Uncrossing { .. }));
		check_invariants(start_cash, start_tokens);
		let mut calls = 1;
		while phase() != Phase::Continuous {
			assert_ok!(uncross(2));
			check_invariants(start_cash, start_tokens);
			calls += 1;
			assert!(calls < 10);
		}
		assert!(calls >= 2);
		let trades = fills();
		assert_eq!(trades.iter().map(|t| t.lots).sum::<Lots>(), 4);
		assert!(trades.windows(2).all(|w| w[0].price == w[1].price), "one price");
		// Carol, no longer attested, was skipped and released.
		assert!(cancels().iter().any(|(_, _, r)| matches!(r, CancelReason::OwnerIneligible(_))));
		assert_eq!((cash(CAROL), reserved_cash(CAROL)), (carol_cash, 0));
		let (bid, ask) = best();
		assert!(bid.zip(ask).is_none_or(|(b, a)| b < a));
	});
}

/// Every price between the lowest ask and the highest bid, tried one by one.
fn brute_force_volume(bids: &[(Price, Lots)], asks: &[(Price, Lots)]) -> Lots {
	let (low, high) = (asks[0].0, bids[0].0);
	(low..=high).map(|p| at_price(bids, asks, p).0).max().unwrap_or(0)
}

#[test]
fn property_the_uncrossing_price_maximises_volume_over_every_price_then_minimises_surplus() {
	let mut rng = Rng(20261202);
	for _ in 0..2_000 {
		let levels = |rng: &mut Rng, descending: bool| {
			let mut prices: Vec<Price> = (0..1 + rng.next(6)).map(|_| 90 + rng.next(21)).collect();
			prices.sort_unstable();
			prices.dedup();
			if descending {
				prices.reverse();
			}
			prices.into_iter().map(|p| (p, 1 + rng.next(9))).collect::<Vec<_>>()
		};
		let (bids, asks) = (levels(&mut rng, true), levels(&mut rng, false));
		let reference = (rng.next(2) == 0).then(|| 90 + rng.next(21));
		match uncrossing_price(&bids, &asks, reference) {
			None => assert!(bids[0].0 < asks[0].0, "{bids:?} {asks:?} cross"),
			Some(u) => {
				assert_eq!(u.volume, brute_force_volume(&bids, &asks), "{bids:?} {asks:?}");
				assert_eq!(at_price(&bids, &asks, u.price).0, u.volume);
				// Of the limit prices (an auction trades at one of them) that execute as much.
				let least_surplus = bids
					.iter()
					.chain(&asks)
					.map(|(p, _)| *p)
					.filter(|p| (asks[0].0..=bids[0].0).contains(p))
					.map(|p| at_price(&bids, &asks, p))
					.filter(|(v, ..)| *v == u.volume)
					.map(|(_, s, _)| s)
					.min()
					.unwrap();
				assert_eq!(u.surplus, least_surplus);
				assert!(bids.iter().chain(&asks).any(|(p, _)| *p == u.price), "a limit price");
			},
		}
	}
}

#[test]
fn the_worked_example_of_docs_orderbook() {
	// docs/orderbook.md: bids 10.2 × 3, 10.1 × 4, 10.0 × 5; asks 9.9 × 2, 10.0 × 4, 10.1 × 6.
	let bids = [(10_200, 3), (10_100, 4), (10_000, 5)];
	let asks = [(9_900, 2), (10_000, 4), (10_100, 6)];
	// At 10.0: demand 12, supply 6 → 6. At 10.1: demand 7, supply 12 → 7. At 9.9: 12 vs 2.
	assert_eq!(
		uncrossing_price(&bids, &asks, None),
		Some(Uncross { price: 10_100, volume: 7, surplus: 5 })
	);
	// Market pressure: surplus on the buy side at every best price → the highest.
	let bids = [(10_100, 5)];
	let asks = [(10_000, 2), (10_100, 1)];
	// 10.0: demand 5 supply 2 → 2; 10.1: demand 5 supply 3 → 3.
	assert_eq!(uncrossing_price(&bids, &asks, None).map(|u| u.price), Some(10_100));
	// No surplus at two prices: the one nearest the reference.
	let bids = [(10_100, 2)];
	let asks = [(10_000, 2)];
	assert_eq!(uncrossing_price(&bids, &asks, Some(10_090)).map(|u| u.price), Some(10_100));
	assert_eq!(uncrossing_price(&bids, &asks, Some(9_000)).map(|u| u.price), Some(10_000));
}

#[test]
fn property_random_auctions_conserve_value_and_end_uncrossed() {
	let mut auctions_that_traded = 0;
	for seed in 1..=20u64 {
		new_test_ext().execute_with(|| {
			let traders = [ALICE, ALICE_2, BOB, CAROL, DAVE, ERIN];
			let start_cash = traders_cash();
			let start_tokens = Assets::total_issuance(SECURITY);
			let mut rng = Rng(seed * 104_729);
			assert_ok!(Orderbook::set_price_controls(
				signed(US_VENUE_OPERATOR),
				MARKET,
				controls(None, None, MINUTE),
				None
			));
			let status = |s| Orderbook::set_market_status(signed(US_VENUE_OPERATOR), MARKET, s);
			assert_ok!(status(MarketStatus::Halted));
			assert_ok!(status(MarketStatus::Open));
			for _ in 0..30 {
				let who = traders[rng.next(traders.len() as u64) as usize];
				let side = if rng.next(2) == 0 { Side::Bid } else { Side::Ask };
				let _ = order(
					who,
					side,
					TEN - 5 + rng.next(11),
					1 + rng.next(4),
					TimeInForce::GoodTillCancelled,
					None,
					6,
				);
				check_invariants(start_cash, start_tokens);
			}
			let (bids, asks) = Orderbook::crossing_levels(MARKET, &Books::<Test>::get(MARKET));
			let expected = uncrossing_price(&bids, &asks, None);
			set_time(START + MINUTE);
			System::reset_events();
			let mut calls = 0;
			while phase() != Phase::Continuous {
				assert_ok!(uncross(1 + rng.next(6) as u32));
				check_invariants(start_cash, start_tokens);
				calls += 1;
				assert!(calls < 100, "seed {seed}: the auction never ends");
			}
			let trades = fills();
			let traded: Lots = trades.iter().map(|t| t.lots).sum();
			// Orders of one identity on both sides give way rather than trade: then the book
			// is uncrossed in more than one round. Otherwise one price, the volume expected.
			let self_trades =
				cancels().iter().any(|(_, _, reason)| *reason == CancelReason::SelfTrade);
			auctions_that_traded += usize::from(traded > 0);
			match expected {
				Some(u) if !self_trades => {
					assert_eq!(traded, u.volume, "seed {seed}");
					assert!(trades.iter().all(|t| t.price == u.price), "seed {seed}");
				},
				Some(_) => {},
				None => assert_eq!(traded, 0),
			}
		});
	}
	assert!(auctions_that_traded >= 10, "{auctions_that_traded} of 20 auctions traded");
}

/// An interruption over two asks of 2 lots at 12 USDX and a bid of 4, uncrossing after
/// meeting one of them.
fn uncrossing_one_of_two_asks() {
	banded();
	ask(DAVE, TEN + 2_000, 2);
	ask(ERIN, TEN + 2_000, 2);
	bid(ALICE, TEN + 2_000, 4);
	set_time(START + 5 * MINUTE);
	assert_ok!(uncross(1));
}

/// An interruption with a crossed book: Dave's ask at 12 and Alice's bid at 12 rest, 20 %
/// above the 10 USDX reference.
fn interrupted() -> u64 {
	banded();
	ask(DAVE, TEN + 2_000, 2);
	bid(ALICE, TEN + 2_000, 2);
	assert!(matches!(phase(), Phase::Auction { .. }));
	let ends_at = START + 5 * MINUTE;
	set_time(ends_at);
	ends_at
}

#[test]
fn a_paused_security_or_frozen_cash_stops_the_uncrossing_without_cancelling_anyone() {
	new_test_ext().execute_with(|| {
		interrupted();
		let before = (Orders::<Test>::iter().count(), reserved_cash(ALICE), reserved_tokens(DAVE));
		assert_ok!(pallet_securities::Pallet::<Test>::pause(
			signed(ISSUER),
			SECURITY,
			Default::default()
		));
		assert_noop!(uncross(6), pallet_securities::Error::<Test>::SecurityPaused);
		assert_ok!(pallet_securities::Pallet::<Test>::unpause(
			signed(ISSUER),
			SECURITY,
			Default::default()
		));
		assert_ok!(Assets::freeze_asset(signed(500), USDX));
		assert_noop!(uncross(6), Error::<Test>::CashFrozen);
		assert_ok!(Assets::thaw_asset(signed(500), USDX));
		assert_eq!(
			(Orders::<Test>::iter().count(), reserved_cash(ALICE), reserved_tokens(DAVE)),
			before
		);
		assert_ok!(uncross(6));
		assert_eq!(fills().iter().map(|t| t.lots).sum::<Lots>(), 2);
	});
}

#[test]
fn an_order_that_could_not_trade_interrupts_nothing() {
	new_test_ext().execute_with(|| {
		banded();
		// Alice rests an ask far outside the band; her own second account's bid meets it:
		// a self-trade, no trade, so no interruption.
		ask(ALICE, TEN + 2_000, 1);
		assert_ok!(ioc(ALICE_2, Side::Bid, TEN + 2_000, 1));
		assert_eq!(phase(), Phase::Continuous);
		assert!(!events().iter().any(|e| matches!(e, Event::PriceBandBreached { .. })));
	});
}

#[test]
fn while_an_auction_uncrosses_no_order_jumps_the_queue() {
	new_test_ext().execute_with(|| {
		uncrossing_one_of_two_asks();
		assert!(matches!(phase(), Phase::Uncrossing { .. }));
		let gtc = TimeInForce::GoodTillCancelled;
		assert_noop!(
			order(CAROL, Side::Bid, TEN + 5_000, 1, gtc, None, 6),
			Error::<Test>::AuctionUncrossing
		);
		// Owners may still cancel.
		let open = Traders::<Test>::get(ERIN).open[0];
		assert_ok!(Orderbook::cancel_order(signed(ERIN), open));
		while phase() != Phase::Continuous {
			assert_ok!(uncross(1));
		}
		assert_eq!(fills().iter().map(|t| t.lots).sum::<Lots>(), 2);
	});
}

#[test]
fn a_halt_in_the_middle_of_an_uncrossing_ends_that_auction_with_what_it_traded() {
	new_test_ext().execute_with(|| {
		uncrossing_one_of_two_asks();
		let status = |s| Orderbook::set_market_status(signed(US_VENUE_OPERATOR), MARKET, s);
		assert_ok!(status(MarketStatus::Halted));
		System::reset_events();
		assert_ok!(status(MarketStatus::Open));
		assert!(events().contains(&Event::AuctionUncrossed {
			market: MARKET,
			price: Some(TEN + 2_000),
			traded: 2
		}));
		assert_eq!(Markets::<Test>::get(MARKET).unwrap().reference_price, Some(TEN + 2_000));
		// The rest still crosses: a new auction settles it.
		assert!(matches!(phase(), Phase::Auction { reason: AuctionReason::Opening, .. }));
	});
}

#[test]
fn an_auction_lasts_at_most_a_day() {
	new_test_ext().execute_with(|| {
		let long = PriceControls { interruption_ms: DAY + 1, ..controls(Some(100), None, 0) };
		assert_noop!(
			Orderbook::set_price_controls(signed(US_VENUE_OPERATOR), MARKET, long, None),
			Error::<Test>::AuctionTooLong
		);
		let long = controls(None, None, DAY + 1);
		assert_noop!(
			Orderbook::set_price_controls(signed(US_VENUE_OPERATOR), MARKET, long, None),
			Error::<Test>::AuctionTooLong
		);
	});
}

fn market_order(who: AccountId, side: Side, lots: Lots) -> DispatchResult {
	Orderbook::place_market_order(
		signed(who),
		MARKET,
		venue_of(who),
		side,
		lots,
		next_client_id(),
		None,
		6,
	)
	.map(|_| ())
	.map_err(|e| e.error)
}

/// A market order does what an immediate-or-cancel `place_order` does, after reading its
/// market once more for its protection limit: it is charged that read besides the placement.
#[test]
fn a_market_order_is_charged_its_placement_and_the_read_of_its_protection_limit() {
	new_test_ext().execute_with(|| {
		ask(DAVE, TEN, 1);
		banded();
		let charged = Orderbook::place_market_order(
			signed(ALICE),
			MARKET,
			venue_of(ALICE),
			Side::Bid,
			1,
			next_client_id(),
			None,
			6,
		)
		.expect("it trades")
		.actual_weight
		.expect("a refund");
		let placed = crate::charges::Placed {
			met: 1,
			// A plain fill: Alice held and Dave keeps tokens and cash.
			plain_fills: 1,
			met_side: Side::Ask,
			evicted: 0,
			rested: false,
			other_venues: 1,
		}
		.weight::<Test>();
		let db = <<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<
			frame_support::weights::RuntimeDbWeight,
		>>::get();
		assert_eq!(charged, placed.saturating_add(db.reads(1)));
		assert_eq!(fills().len(), 1);
	});
}

#[test]
fn a_market_order_trades_up_to_its_band_and_never_beyond() {
	new_test_ext().execute_with(|| {
		// No band, no protection: refused by name.
		ask(DAVE, TEN, 1);
		assert_noop!(market_order(ALICE, Side::Bid, 1), Error::<Test>::NoProtectionLimit);
		banded();
		// ±10 % around 10 USDX: a bid may pay up to 11, an ask accept down to 9.
		let market = Markets::<Test>::get(MARKET).unwrap();
		assert_eq!(Orderbook::protection_price(&market, Side::Bid), Some(TEN + 1_000));
		assert_eq!(Orderbook::protection_price(&market, Side::Ask), Some(TEN - 1_000));
		ask(ERIN, TEN + 1_000, 1);
		ask(ERIN, TEN + 1_001, 1);
		System::reset_events();
		let id = NextOrderId::<Test>::get();
		assert_ok!(market_order(ALICE, Side::Bid, 3));
		assert_eq!(
			fills().iter().map(|t| (t.price, t.lots)).collect::<Vec<_>>(),
			vec![(TEN, 1), (TEN + 1_000, 1)]
		);
		// The third lot would cost more than 11: cancelled, no interruption.
		assert_eq!(cancels(), vec![(id, 1, CancelReason::Unfilled)]);
		assert_eq!(phase(), Phase::Continuous);
		assert_eq!(reserved_cash(ALICE), 0);
		// The tighter of the two bands limits it: 2 % around the last trade (11).
		assert_ok!(Orderbook::set_price_controls(
			signed(US_VENUE_OPERATOR),
			MARKET,
			controls(Some(1_000), Some(200), 0),
			None
		));
		let market = Markets::<Test>::get(MARKET).unwrap();
		assert_eq!(Orderbook::protection_price(&market, Side::Ask), Some(TEN + 780));
		assert_eq!(Orderbook::protection_price(&market, Side::Bid), Some(TEN + 1_000));
	});
}

/// Hostile review (2026-12-06): a market order's protection limit bounds its own side only,
/// so one ask resting below the lower band crossed every market bid, and each started a
/// volatility interruption (the docs promised none): any investor halted trading with one
/// order. A market order stops there instead; a limit order is held to the band as before.
#[test]
fn a_market_order_meeting_an_order_beyond_the_far_band_stops_without_interrupting() {
	new_test_ext().execute_with(|| {
		banded();
		// ±10 % around 10 USDX; an ask at 8 rests (no bid crosses it).
		let cheap = ask(ERIN, TEN - 2_000, 1);
		System::reset_events();
		let id = NextOrderId::<Test>::get();
		assert_ok!(market_order(ALICE, Side::Bid, 1));
		assert!(fills().is_empty());
		assert_eq!(cancels(), vec![(id, 1, CancelReason::Unfilled)]);
		assert_eq!(phase(), Phase::Continuous);
		assert!(!events().iter().any(|e| matches!(e, Event::PriceBandBreached { .. })));
		assert!(Orders::<Test>::contains_key(cheap), "the ask rests, untouched");
		assert_eq!(reserved_cash(ALICE), 0);
		// A limit bid meeting it would trade outside the band: the market is interrupted.
		bid(ALICE, TEN, 1);
		assert!(matches!(phase(), Phase::Auction { .. }));
	});
}

#[test]
fn no_market_order_during_an_auction() {
	new_test_ext().execute_with(|| {
		interrupted();
		assert_noop!(market_order(CAROL, Side::Bid, 1), Error::<Test>::AuctionInProgress);
	});
}

/// Hostile review (2026-12-06): the uncrossing compared the identities the orders were placed
/// under and their accounts only, so two accounts relinked into one identity during the
/// auction traded with each other (a wash trade setting the reference price), where
/// continuous trading compares the identities the accounts belong to now.
#[test]
fn accounts_relinked_into_one_identity_do_not_trade_at_the_uncrossing() {
	new_test_ext().execute_with(|| {
		interrupted();
		let resting: Vec<_> = Orders::<Test>::iter().map(|(id, order)| (id, order.owner)).collect();
		let alices = resting.iter().find(|(_, owner)| *owner == ALICE).expect("Alice's bid").0;
		let daves = resting.iter().find(|(_, owner)| *owner == DAVE).expect("Dave's ask").0;
		// Dave's account joins Alice's identity (10) while both orders rest.
		investor(DAVE, 10, "SG", InvestorClass::Institutional, 5);
		System::reset_events();
		let holdings = || (tokens(ALICE), tokens(DAVE), cash(ALICE), cash(DAVE));
		let before = holdings();
		let mut calls = 0;
		while phase() != Phase::Continuous {
			assert_ok!(uncross(6));
			calls += 1;
			assert!(calls < 10, "the auction never ends");
		}
		assert!(fills().is_empty(), "no wash trade: {:?}", fills());
		// The younger order gives way, as between one identity's orders.
		let younger = alices.max(daves);
		assert!(cancels().contains(&(younger, 2, CancelReason::SelfTrade)), "{:?}", cancels());
		assert_eq!(holdings(), before, "nothing moved");
	});
}

#[test]
fn an_account_relinked_during_an_auction_does_not_trade_with_itself_at_the_uncrossing() {
	new_test_ext().execute_with(|| {
		interrupted();
		// Alice's bid rests under identity 10; relinked to identity 77, her account offers
		// below Dave's ask during the auction.
		investor(ALICE, 77, "US", InvestorClass::Accredited, 4);
		let own_ask = ask(ALICE, TEN + 1_000, 2);
		System::reset_events();
		let mut calls = 0;
		while phase() != Phase::Continuous {
			assert_ok!(uncross(6));
			calls += 1;
			assert!(calls < 10, "the auction never ends");
		}
		assert!(fills().iter().all(|trade| trade.buyer != trade.seller), "no wash trade");
		assert!(cancels().contains(&(own_ask, 2, CancelReason::SelfTrade)));
	});
}
