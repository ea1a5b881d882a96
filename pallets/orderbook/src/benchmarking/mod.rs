//! Benchmarks of the order-book calls at their worst case: securities whose rules make the
//! compliance check as costly as it can be, investors with the most attestations, and, for
//! each fill, a different resting buyer who becomes a new holder (a new token account, a new
//! holding) at a new price level, paying both fees.
//! Every resting order's owner has a trader record as large as one may be
//! (`busiest_trader`), and every owner who holds the security before its fill (each seller,
//! and the buyers of the plain fills) as many lock-up lots as the ledger allows; the
//! incoming order's owner ([`world::taker`]) also has every pre-trade limit set.
//! Every case a call's charge may meet is measured, and the call is charged the dearest of
//! those of its kind (`crate::charges`):
//! - fills, each resting order met: `place_order` (a resting buyer becoming a new holder),
//!   `place_order_plain_asks` (a resting seller holding the most lock-up lots),
//!   `place_order_leaving_asks` (resting sellers each selling its last token, its lots
//!   unlocked and not pruned, into a cash account it no longer has), `place_order_relinked`
//!   (resting buyers relinked to another identity while holding);
//! - plain fills, between holders who keep both accounts, which a placement is refunded to
//!   for each fill in which no holder or account appeared or left: `place_order_plain`
//!   against resting bids, `place_order_plain_asks` and `place_order_plain_unlocked_asks`
//!   (the sellers' lots unlocked, not yet pruned) against resting asks;
//! - each fill benchmark rests the incoming order's last lot; its `place_order_ioc*` twin,
//!   the same order immediate-or-cancel, cancels it instead: what an order of which nothing
//!   rests is charged at least;
//! - `place_order_venues`, resting orders each of a venue of its own: what each venue met
//!   besides the order's own adds (`charges::venue_storage`);
//! - an order that meets nothing: `place_resting` (a bid of an account not yet holding),
//!   `place_resting_relinked` (a bid of an account relinked while holding),
//!   `place_resting_ask` (an ask of a seller with the most lock-up lots);
//! - uncrossing pairs: `uncross_auction` (the bids leave), `uncross_auction_leaving_asks`
//!   (the asks leave), `uncross_auction_pairs` (both leave).

use super::*;
use crate::Pallet;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungibles::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use sp_runtime::traits::Zero;
use stledger_primitives::{ExchangeId, ExchangeRegistry, InvestorRegistry};

mod world;

use world::*;

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_market() -> Result<(), BenchmarkError> {
		let s = setup::<T>(false);
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			s.security,
			s.cash,
			params::<T>(),
			vec![s.venue].try_into().unwrap(),
		);
		assert!(Markets::<T>::contains_key(s.market));
		Ok(())
	}

	/// A venue re-ticking its market: a new tick size is taken only while the book is empty,
	/// so the book is read.
	#[benchmark]
	fn set_market_params() {
		let s = setup::<T>(true);
		let origin = RawOrigin::Signed(administrator::<T>(&s));
		let old = params::<T>();
		let new = MarketParams { tick_size: old.tick_size * 2u32.into(), maker_fee_bps: 5, ..old };
		#[extrinsic_call]
		_(origin, s.market, new);
		assert_eq!(Markets::<T>::get(s.market).unwrap().params.maker_fee_bps, 5);
	}

	/// A venue reopening its halted market in the middle of uncrossing an auction, over a
	/// full book that crosses: the book is read, the auction ended and an opening auction
	/// started.
	#[benchmark]
	fn set_market_status() {
		let s = setup::<T>(true);
		let origin = RawOrigin::Signed(administrator::<T>(&s));
		Books::<T>::insert(s.market, crossing_book::<T>(&s, T::MaxPriceLevels::get()));
		Markets::<T>::mutate(s.market, |market| {
			let market = market.as_mut().expect("set up with a market");
			market.status = MarketStatus::Halted;
			market.phase = Phase::Uncrossing { price: BASE_PRICE, traded: 1 };
			market.controls.opening_auction_ms = 60_000;
		});
		#[extrinsic_call]
		_(origin, s.market, MarketStatus::Open);
		let market = Markets::<T>::get(s.market).unwrap();
		assert_eq!(market.status, MarketStatus::Open);
		assert!(matches!(market.phase, Phase::Auction { .. }));
	}

	/// The issuer hands the market to another venue listing it.
	#[benchmark]
	fn set_market_administrator() {
		let s = setup::<T>(true);
		let issuer: T::AccountId = account("issuer", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(issuer), s.market, Some(s.venue));
		assert_eq!(Markets::<T>::get(s.market).unwrap().administrator, Some(s.venue));
	}

	#[benchmark]
	fn list_market() -> Result<(), BenchmarkError> {
		let s = setup::<T>(true);
		let operator: T::AccountId = account("venue-operator", 1, 0);
		let venue = T::Exchanges::admit_for_benchmark(&operator, us());
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		if venue == s.venue {
			// A registry that has one venue only (the unit-test mock): measure delisting first.
			Pallet::<T>::do_delist(None, s.market, venue).unwrap();
		}
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, s.market, venue);
		assert!(Markets::<T>::get(s.market).unwrap().venues.contains(&venue));
		Ok(())
	}

	#[benchmark]
	fn delist_market() -> Result<(), BenchmarkError> {
		let s = setup::<T>(true);
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, s.market, s.venue);
		assert!(Markets::<T>::get(s.market).unwrap().venues.is_empty());
		Ok(())
	}

	/// An incoming sell meeting `f` resting bids, each of a different new holder at its own
	/// price level (each fill empties a level), then resting its last lot with an expiry.
	/// `f = 0` is a non-crossing place.
	#[benchmark]
	fn place_order(f: Linear<0, { T::MaxFillsPerCall::get() }>) {
		let (s, seller, id) = bids_and_a_seller::<T>(f, 0);
		let expiry = Pallet::<T>::now() + 3_600_000;
		#[extrinsic_call]
		_(
			RawOrigin::Signed(seller.clone()),
			s.market,
			s.venue,
			Side::Ask,
			BASE_PRICE,
			f as Lots + 1,
			TimeInForce::GoodTillCancelled,
			Some(expiry),
			7,
			None,
			f.max(1),
		);
		last_lot_rests::<T>(id, f);
	}

	/// As `place_order`, but every fill a plain one: each resting buyer already holds the
	/// security, the seller keeps holding it and already has cash, so no account or holder
	/// appears or leaves (the common trade; `Placed::weight` refunds each such fill against
	/// a resting bid to this).
	#[benchmark]
	fn place_order_plain(f: Linear<0, { T::MaxFillsPerCall::get() }>) {
		let (s, seller, id) = bids_and_a_seller::<T>(f, 1);
		let expiry = Pallet::<T>::now() + 3_600_000;
		#[extrinsic_call]
		place_order(
			RawOrigin::Signed(seller.clone()),
			s.market,
			s.venue,
			Side::Ask,
			BASE_PRICE,
			f as Lots + 1,
			TimeInForce::GoodTillCancelled,
			Some(expiry),
			7,
			None,
			f.max(1),
		);
		last_lot_rests::<T>(id, f);
	}

	/// As `place_order_plain` from the other side: an incoming buy (a holder with cash)
	/// meeting `f` resting asks, each of a different seller at its own price level who keeps
	/// tokens and cash and holds as many lock-up lots as the ledger allows (each sale walks
	/// them): its execution and proof size a fill are above `place_order`'s new holders'
	/// (its keys are fewer), so it is one of the fills every fill is charged the dearest of
	/// in each part (`charges::fills_weight`); and a plain fill against a resting ask is
	/// refunded to the dearer of it and `place_order_plain_unlocked_asks`
	/// (`charges::plain_fills_weight`).
	#[benchmark]
	fn place_order_plain_asks(f: Linear<0, { T::MaxFillsPerCall::get() }>) {
		let s = setup::<T>(true);
		let now = Pallet::<T>::now();
		asks_of_sellers_with_lots::<T>(&s, f, false);
		let buyer = taker::<T>(&s, "buyer", 1);
		let id = NextOrderId::<T>::get();
		#[extrinsic_call]
		place_order(
			RawOrigin::Signed(buyer.clone()),
			s.market,
			s.venue,
			Side::Bid,
			BASE_PRICE + f as Price,
			f as Lots + 1,
			TimeInForce::GoodTillCancelled,
			Some(now + 3_600_000),
			7,
			None,
			f.max(1),
		);
		last_lot_rests::<T>(id, f);
	}

	/// As `place_order_plain_asks`, but each resting seller's lock-up lots have all unlocked
	/// and are not pruned: a plain sale walks them and clears none (a sale clears lots only
	/// when it empties the account). A plain fill against a resting ask is refunded to the
	/// dearer of it and `place_order_plain_asks` (`charges::plain_fills_weight`;
	/// docs/performance.md, "Plain fills against resting asks").
	#[benchmark]
	fn place_order_plain_unlocked_asks(f: Linear<0, { T::MaxFillsPerCall::get() }>) {
		let s = setup::<T>(true);
		asks_of_sellers_with_lots::<T>(&s, f, true);
		let buyer = taker::<T>(&s, "buyer", 1);
		let id = NextOrderId::<T>::get();
		let expiry = Pallet::<T>::now() + 3_600_000;
		#[extrinsic_call]
		place_order(
			RawOrigin::Signed(buyer.clone()),
			s.market,
			s.venue,
			Side::Bid,
			BASE_PRICE + f as Price,
			f as Lots + 1,
			TimeInForce::GoodTillCancelled,
			Some(expiry),
			7,
			None,
			f.max(1),
		);
		last_lot_rests::<T>(id, f);
	}

	/// As `place_order_plain_asks`, but each resting seller sells its last token and has no
	/// cash account (it was closed after the ask was placed): every sale ends a holding, walks
	/// and clears as many lock-up lots as the ledger allows (unlocked since they were issued,
	/// not yet pruned), and opens a cash account for the proceeds: what `place_order`'s
	/// resting buyers and `place_order_plain_asks`' resting sellers each do in part. Measured
	/// beside them, and one of the fills every fill is charged the dearest of
	/// (`charges::fills_weight`; docs/performance.md, "A seller leaving the ledger").
	#[benchmark]
	fn place_order_leaving_asks(f: Linear<0, { T::MaxFillsPerCall::get() }>) {
		let s = setup::<T>(true);
		let issued_at = Pallet::<T>::now();
		let sellers: Vec<T::AccountId> =
			(0..f).map(|i| seller_of_expired_lots::<T>(&s, i, issued_at, 1)).collect();
		set_now(issued_at + 60_000);
		for (i, seller) in sellers.iter().enumerate() {
			place::<T>(&s, seller, Side::Ask, BASE_PRICE + i as Price, 1, 1);
			busiest_trader::<T>(seller, 0);
			close_cash_account::<T>(&s, seller);
		}
		let buyer = taker::<T>(&s, "buyer", 1);
		let id = NextOrderId::<T>::get();
		let expiry = Pallet::<T>::now() + 3_600_000;
		#[extrinsic_call]
		place_order(
			RawOrigin::Signed(buyer.clone()),
			s.market,
			s.venue,
			Side::Bid,
			BASE_PRICE + f as Price,
			f as Lots + 1,
			TimeInForce::GoodTillCancelled,
			Some(expiry),
			7,
			None,
			f.max(1),
		);
		last_lot_rests::<T>(id, f);
		for seller in sellers {
			assert!(T::Assets::balance(s.security, &seller).is_zero(), "it left");
			assert!(!T::Assets::balance(s.cash, &seller).is_zero(), "it was paid");
		}
	}

	/// As `place_order`, but each of the `f` resting bids is of a venue of its own other than
	/// the seller's, in a market listing as many venues as a market may: each fill reads
	/// another venue's record and reads and writes its fees, which `place_order` (one venue)
	/// counts once. What it measures a fill more than `place_order` is what
	/// `charges::venue_storage` charges each venue met besides the order's own
	/// (docs/performance.md, "Fills between venues, measured").
	#[benchmark]
	fn place_order_venues(f: Linear<0, { T::MaxVenues::get() - 1 }>) {
		// Admitted before the set-up, whose first attestation fills the licence table to its
		// largest but for a few venues' room.
		let others: Vec<ExchangeId> = (1..T::MaxVenues::get())
			.map(|i| T::Exchanges::admit_for_benchmark(&account("venue-operator", i, 0), us()))
			.collect();
		let s = setup::<T>(false);
		let listed: Vec<ExchangeId> = [s.venue].into_iter().chain(others.clone()).collect();
		Pallet::<T>::do_create_market(
			None,
			s.security,
			s.cash,
			params::<T>(),
			listed.try_into().expect("as many venues as a market may list"),
		)
		.unwrap();
		for (i, venue) in others.iter().take(f as usize).enumerate() {
			let buyer = investor::<T>(&s, "buyer", i as u32, 0);
			let bid = Entry::resting::<T>(Side::Bid, BASE_PRICE + 1 + i as Price, 1, 1);
			enter::<T>(&s, *venue, &buyer, bid);
			busiest_trader::<T>(&buyer, 0);
		}
		let seller = taker::<T>(&s, "seller", f as u64 + 1);
		let id = NextOrderId::<T>::get();
		let expiry = Pallet::<T>::now() + 3_600_000;
		#[extrinsic_call]
		place_order(
			RawOrigin::Signed(seller.clone()),
			s.market,
			s.venue,
			Side::Ask,
			BASE_PRICE,
			f as Lots + 1,
			TimeInForce::GoodTillCancelled,
			Some(expiry),
			7,
			None,
			f.max(1),
		);
		last_lot_rests::<T>(id, f);
		for venue in others.iter().take(f as usize) {
			assert!(!VenueFees::<T>::get(venue, s.cash).is_zero(), "its fees were written");
		}
	}

	/// As `place_order`, but each resting buyer is an account relinked to a new identity of
	/// its own while holding (`relinked_investor`): each fill moves its holding from its
	/// former identity, which stops holding, to the new one, which starts, instead of opening
	/// a token account. One of the fills every fill is charged the dearest of
	/// (`charges::fills_weight`; docs/performance.md, "The benchmarks' owners at their
	/// largest").
	#[benchmark]
	fn place_order_relinked(f: Linear<0, { T::MaxFillsPerCall::get() }>) {
		let (s, seller, id) =
			bids_of_and_a_seller::<T>(f, |s, i| relinked_investor::<T>(s, "relinked-buyer", i, 1));
		let expiry = Pallet::<T>::now() + 3_600_000;
		#[extrinsic_call]
		place_order(
			RawOrigin::Signed(seller.clone()),
			s.market,
			s.venue,
			Side::Ask,
			BASE_PRICE,
			f as Lots + 1,
			TimeInForce::GoodTillCancelled,
			Some(expiry),
			7,
			None,
			f.max(1),
		);
		last_lot_rests::<T>(id, f);
	}

	/// `place_order`'s twin for an order that does not rest: the same incoming sell and bids,
	/// immediate-or-cancel, so its last lot is cancelled instead of resting (an order filled in
	/// full does no more: nothing is left to cancel). What an order that met the book and did
	/// not rest does, which it is charged at least (`charges::Placed::weight`).
	#[benchmark]
	fn place_order_ioc(f: Linear<0, { T::MaxFillsPerCall::get() }>) {
		let (s, seller, id) = bids_and_a_seller::<T>(f, 0);
		let order = Entry::meeting_and_cancelling_the_rest(Side::Ask, BASE_PRICE, f);
		#[block]
		{
			submit::<T>(&s, s.venue, &seller, order);
		}
		last_lot_cancelled::<T>(&s, id, Side::Ask);
	}

	/// `place_order_plain`'s twin for an order that does not rest (see `place_order_ioc`).
	#[benchmark]
	fn place_order_ioc_plain(f: Linear<0, { T::MaxFillsPerCall::get() }>) {
		let (s, seller, id) = bids_and_a_seller::<T>(f, 1);
		let order = Entry::meeting_and_cancelling_the_rest(Side::Ask, BASE_PRICE, f);
		#[block]
		{
			submit::<T>(&s, s.venue, &seller, order);
		}
		last_lot_cancelled::<T>(&s, id, Side::Ask);
	}

	/// `place_order_plain_asks`' twin for an order that does not rest (see `place_order_ioc`).
	#[benchmark]
	fn place_order_ioc_plain_asks(f: Linear<0, { T::MaxFillsPerCall::get() }>) {
		let s = setup::<T>(true);
		asks_of_sellers_with_lots::<T>(&s, f, false);
		let buyer = taker::<T>(&s, "buyer", 1);
		let id = NextOrderId::<T>::get();
		let order = Entry::meeting_and_cancelling_the_rest(Side::Bid, BASE_PRICE + f as Price, f);
		#[block]
		{
			submit::<T>(&s, s.venue, &buyer, order);
		}
		last_lot_cancelled::<T>(&s, id, Side::Bid);
	}

	/// A bid that meets nothing and rests, with an expiry, of a buyer who does not hold the
	/// security yet (the holder cap is checked), with every pre-trade limit set and the
	/// largest trader record.
	#[benchmark]
	fn place_resting() {
		let s = setup::<T>(true);
		let seller = investor::<T>(&s, "seller", 0, 10);
		place::<T>(&s, &seller, Side::Ask, BASE_PRICE + 10, 1, 1);
		// Not a holder yet (its bid checks the holder cap: one more read), so without
		// lock-up lots; its trader record as large as one with room for the bid may be.
		let buyer = investor::<T>(&s, "buyer", 0, 0);
		limited::<T>(&s, &buyer);
		busiest_trader::<T>(&buyer, 1);
		let expiry = Pallet::<T>::now() + 3_600_000;
		let id = NextOrderId::<T>::get();
		#[extrinsic_call]
		place_order(
			RawOrigin::Signed(buyer.clone()),
			s.market,
			s.venue,
			Side::Bid,
			BASE_PRICE,
			1,
			TimeInForce::GoodTillCancelled,
			Some(expiry),
			7,
			None,
			T::MaxFillsPerCall::get(),
		);
		assert_eq!(Orders::<T>::get(id).expect("rests").remaining, 1);
	}

	/// As `place_resting`, but the buyer is an account relinked to a new identity of its own
	/// while holding (`relinked_investor`): its bid's check also reads its balance and its
	/// former identity's holding. An order that meets nothing is charged the dearest of it,
	/// `place_resting` and `place_resting_ask` (`charges::resting_weight`).
	#[benchmark]
	fn place_resting_relinked() {
		let s = setup::<T>(true);
		let seller = investor::<T>(&s, "seller", 0, 10);
		place::<T>(&s, &seller, Side::Ask, BASE_PRICE + 10, 1, 1);
		let buyer = relinked_investor::<T>(&s, "relinked-buyer", 0, 1);
		limited::<T>(&s, &buyer);
		busiest_trader::<T>(&buyer, 1);
		let expiry = Pallet::<T>::now() + 3_600_000;
		let id = NextOrderId::<T>::get();
		#[extrinsic_call]
		place_order(
			RawOrigin::Signed(buyer.clone()),
			s.market,
			s.venue,
			Side::Bid,
			BASE_PRICE,
			1,
			TimeInForce::GoodTillCancelled,
			Some(expiry),
			7,
			None,
			T::MaxFillsPerCall::get(),
		);
		assert_eq!(Orders::<T>::get(id).expect("rests").remaining, 1);
	}

	/// `place_resting`'s other side, one of the three an order that meets nothing is charged
	/// the dearest of (`charges::resting_weight`): an ask that meets nothing and rests, with
	/// an expiry, of a seller holding the most lock-up lots (reserving its tokens walks them
	/// and writes its position back), with every pre-trade limit and the largest record.
	#[benchmark]
	fn place_resting_ask() {
		let s = setup::<T>(true);
		let buyer = investor::<T>(&s, "buyer", 0, 0);
		place::<T>(&s, &buyer, Side::Bid, BASE_PRICE, 1, 1);
		let seller = taker::<T>(&s, "seller", 1);
		let expiry = Pallet::<T>::now() + 3_600_000;
		let id = NextOrderId::<T>::get();
		#[extrinsic_call]
		place_order(
			RawOrigin::Signed(seller.clone()),
			s.market,
			s.venue,
			Side::Ask,
			BASE_PRICE + 10,
			1,
			TimeInForce::GoodTillCancelled,
			Some(expiry),
			7,
			None,
			T::MaxFillsPerCall::get(),
		);
		assert_eq!(Orders::<T>::get(id).expect("rests").remaining, 1);
	}

	/// Cancel an order in the middle of its level's queue (both neighbours relinked), with an
	/// expiry (it leaves the expiry queue).
	#[benchmark]
	fn cancel_order() {
		let s = setup::<T>(true);
		let who = investor::<T>(&s, "buyer", 0, 0);
		place::<T>(&s, &who, Side::Bid, BASE_PRICE, 1, 1);
		let middle = place::<T>(&s, &who, Side::Bid, BASE_PRICE, 1, 2);
		let expiry = Orders::<T>::get(middle).and_then(|order| order.expires_at);
		let minute = expiry.expect("it expires").div_ceil(matching::MINUTE);
		place::<T>(&s, &who, Side::Bid, BASE_PRICE, 1, 3);
		busiest_trader::<T>(&who, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), middle);
		assert!(Orders::<T>::get(middle).is_none());
		assert!(!ExpiringBy::<T>::contains_key(minute, middle));
	}

	/// Reduce an order in the middle of its level's queue, in place.
	#[benchmark]
	fn amend_reduce() {
		let s = setup::<T>(true);
		let who = investor::<T>(&s, "buyer", 0, 0);
		place::<T>(&s, &who, Side::Bid, BASE_PRICE, 1, 1);
		let middle = place::<T>(&s, &who, Side::Bid, BASE_PRICE, 3, 2);
		place::<T>(&s, &who, Side::Bid, BASE_PRICE, 1, 3);
		#[extrinsic_call]
		amend_order(RawOrigin::Signed(who.clone()), middle, BASE_PRICE, 1, 1);
		assert_eq!(Orders::<T>::get(middle).expect("rests").remaining, 1);
	}

	#[benchmark]
	fn set_order_limits() {
		let s = setup::<T>(true);
		let origin = RawOrigin::Signed(administrator::<T>(&s));
		let limits = OrderLimits {
			max_lots: Some(1_000),
			min_value: Some(1u64.into()),
			max_value: Some(1_000_000u64.into()),
			max_open_per_identity: Some(1),
		};
		#[extrinsic_call]
		_(origin, s.market, limits);
		assert_eq!(Markets::<T>::get(s.market).unwrap().limits, limits);
	}

	/// A venue replacing its limits for an investor who entered orders today.
	#[benchmark]
	fn set_investor_limits() {
		let s = setup::<T>(true);
		let operator: T::AccountId = account("venue-operator", 0, 0);
		let who = investor::<T>(&s, "buyer", 0, 0);
		limited::<T>(&s, &who);
		let identity = T::Investors::identity_of(&who).expect("attested");
		let limits = InvestorLimits {
			max_order_value: Some(1_000u64.into()),
			max_daily_value: Some(10_000u64.into()),
		};
		#[extrinsic_call]
		_(RawOrigin::Signed(operator), s.venue, s.cash, identity, Some(limits));
		assert_eq!(InvestorLimitsOf::<T>::get((s.venue, s.cash, identity)).unwrap().limits, limits);
	}

	#[benchmark]
	fn set_price_controls() {
		let s = setup::<T>(true);
		let origin = RawOrigin::Signed(administrator::<T>(&s));
		let controls = PriceControls {
			static_band_bps: Some(1_000),
			dynamic_band_bps: Some(200),
			interruption_ms: 300_000,
			opening_auction_ms: 60_000,
		};
		#[extrinsic_call]
		_(origin, s.market, controls, Some(BASE_PRICE));
		assert_eq!(Markets::<T>::get(s.market).unwrap().controls, controls);
	}

	/// Finding an auction's price over `l` crossing price levels (half bids, half asks, each
	/// level read), without trading.
	#[benchmark]
	fn auction_price(l: Linear<2, { 2 * T::MaxPriceLevels::get() }>) {
		let s = setup::<T>(true);
		let book = crossing_book::<T>(&s, l / 2);
		let uncross;
		#[block]
		{
			let (bids, asks) = Pallet::<T>::crossing_levels(s.market, &book);
			uncross = auction::uncrossing_price(&bids, &asks, Some(BASE_PRICE));
		}
		assert!(uncross.is_some());
	}

	/// An ended auction uncrossing `f` fills: `f` bids, each of a different new holder at its
	/// own price level, against the ask of one seller selling every token it has, holding as
	/// many lock-up lots as the ledger allows (unlocked, not pruned: each sale walks them, the
	/// last clears them as the seller leaves); the market then trades continuously.
	#[benchmark]
	fn uncross_auction(f: Linear<1, { T::MaxFillsPerCall::get() }>) {
		let s = setup::<T>(true);
		let issued_at = Pallet::<T>::now();
		let seller = seller_of_expired_lots::<T>(&s, 0, issued_at, f as u64);
		set_now(issued_at + 60_000);
		an_auction_that_has_just_ended::<T>(&s);
		place::<T>(&s, &seller, Side::Ask, BASE_PRICE, f as Lots, 1);
		busiest_trader::<T>(&seller, 0);
		for i in 0..f {
			let buyer = investor::<T>(&s, "buyer", i, 0);
			place::<T>(&s, &buyer, Side::Bid, BASE_PRICE + 1 + i as Price, 1, 1);
			busiest_trader::<T>(&buyer, 0);
		}
		let caller: T::AccountId = account("anyone", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), s.market, f);
		assert_eq!(Markets::<T>::get(s.market).unwrap().phase, Phase::Continuous);
		assert!(Books::<T>::get(s.market).is_empty());
		assert!(T::Assets::balance(s.security, &seller).is_zero(), "the seller left");
	}

	/// An ended auction uncrossing `f` pairs in which both orders leave the book: `f`
	/// one-lot bids, each of a different new holder at its own price level, against `f`
	/// one-lot asks, each of a different seller at its own price level who sells its last
	/// token, holds as many lock-up lots as the ledger allows (unlocked, not pruned) and has
	/// closed its cash account. `uncross_auction` prices one order leaving per pair; this is
	/// such a pair's worst case, which an uncrossing charges each pair in which both orders
	/// left (`charges::uncrossing_weight`; docs/performance.md, "Uncrossing pairs that both
	/// leave").
	#[benchmark]
	fn uncross_auction_pairs(f: Linear<1, { T::MaxFillsPerCall::get() }>) {
		let (s, sellers) = leaving_asks_in_an_ended_auction::<T>(f);
		for i in 0..f {
			let buyer = investor::<T>(&s, "buyer", i, 0);
			place::<T>(&s, &buyer, Side::Bid, BASE_PRICE + f as Price + i as Price, 1, 1);
			busiest_trader::<T>(&buyer, 0);
		}
		let caller: T::AccountId = account("anyone", 0, 0);
		#[extrinsic_call]
		uncross_auction(RawOrigin::Signed(caller), s.market, f);
		assert_eq!(Markets::<T>::get(s.market).unwrap().phase, Phase::Continuous);
		assert!(Books::<T>::get(s.market).is_empty());
		for seller in sellers {
			assert!(T::Assets::balance(s.security, &seller).is_zero(), "it left");
			assert!(!T::Assets::balance(s.cash, &seller).is_zero(), "it was paid");
		}
	}

	/// As `uncross_auction_pairs`, but one bid of `f` lots, of a new holder, meets the `f`
	/// leaving sellers' asks: each pair takes the ask off the book and leaves the bid, the
	/// other way round from `uncross_auction`. A pair in which one order leaves is charged the
	/// dearer of the two (`charges::uncrossing_weight`).
	#[benchmark]
	fn uncross_auction_leaving_asks(f: Linear<1, { T::MaxFillsPerCall::get() }>) {
		let (s, sellers) = leaving_asks_in_an_ended_auction::<T>(f);
		let buyer = investor::<T>(&s, "buyer", 0, 0);
		place::<T>(&s, &buyer, Side::Bid, BASE_PRICE + f as Price, f as Lots, 1);
		busiest_trader::<T>(&buyer, 0);
		let caller: T::AccountId = account("anyone", 0, 0);
		#[extrinsic_call]
		uncross_auction(RawOrigin::Signed(caller), s.market, f);
		assert_eq!(Markets::<T>::get(s.market).unwrap().phase, Phase::Continuous);
		assert!(Books::<T>::get(s.market).is_empty());
		for seller in sellers {
			assert!(T::Assets::balance(s.security, &seller).is_zero(), "it left");
			assert!(!T::Assets::balance(s.cash, &seller).is_zero(), "it was paid");
		}
	}

	/// Cancel `n` orders of one owner, each alone at its level.
	#[benchmark]
	fn cancel_all(
		n: Linear<
			1,
			{
				T::MaxOpenOrders::get()
					.min(T::MaxPriceLevels::get())
					.min(T::MaxOpenOrdersPerIdentity::get())
			},
		>,
	) {
		let s = setup::<T>(true);
		let who = investor::<T>(&s, "buyer", 0, 0);
		for i in 0..n {
			place::<T>(&s, &who, Side::Bid, BASE_PRICE + i as Price, 1, i as ClientId);
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), s.market);
		assert!(Traders::<T>::get(&who).open.is_empty());
	}

	/// Evicting a full side's furthest level of `n` orders, each of its own owner, for a new
	/// price nearer the best (the side's other levels padded to the most allowed).
	#[benchmark]
	fn evict_level(n: Linear<1, { T::MaxOrdersPerLevel::get() }>) {
		let s = setup::<T>(true);
		for i in 0..n {
			let who = investor::<T>(&s, "evicted", i, 0);
			place::<T>(&s, &who, Side::Bid, BASE_PRICE, 1, 1);
			busiest_trader::<T>(&who, 0);
		}
		let mut book = Books::<T>::get(s.market);
		let mut price = BASE_PRICE;
		while book.side(Side::Bid).len() < T::MaxPriceLevels::get() as usize {
			price += 2;
			assert!(book.insert(Side::Bid, price));
		}
		let evicted;
		#[block]
		{
			evicted = Pallet::<T>::evict_furthest(&mut book, s.market, Side::Bid, BASE_PRICE + 1);
		}
		assert_eq!(evicted, Ok(n));
		assert!(!book.contains(Side::Bid, BASE_PRICE));
	}

	#[benchmark]
	fn claim_venue_fees() {
		let s = setup::<T>(true);
		let operator: T::AccountId = account("venue-operator", 0, 0);
		T::Assets::mint_into(s.cash, &Pallet::<T>::fee_account(), 1_000u64.into()).unwrap();
		VenueFees::<T>::insert(s.venue, s.cash, T::Balance::from(1_000u64));
		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), s.cash);
		assert!(VenueFees::<T>::get(s.venue, s.cash).is_zero());
	}

	/// A removed venue's fees paid to a new account (the worst case: the transfer creates
	/// the recipient's cash account).
	#[benchmark]
	fn pay_out_former_venue_fees() -> Result<(), BenchmarkError> {
		let s = setup::<T>(true);
		let origin =
			T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let former_venue = s.venue + 1_000;
		let successor: T::AccountId = account("successor", 0, 0);
		T::Assets::mint_into(s.cash, &Pallet::<T>::fee_account(), 1_000u64.into()).unwrap();
		VenueFees::<T>::insert(former_venue, s.cash, T::Balance::from(1_000u64));
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, former_venue, s.cash, successor.clone());
		assert!(VenueFees::<T>::get(former_venue, s.cash).is_zero());
		assert_eq!(T::Assets::balance(s.cash, &successor), 1_000u64.into());
		Ok(())
	}

	/// The block hook removing `n` expired orders, each of its own owner, alone at its level.
	#[benchmark]
	fn expire_orders(
		n: Linear<
			0,
			{
				T::MaxExpiriesPerBlock::get()
					.min(T::MaxPriceLevels::get())
					.min(T::MaxOpenOrdersPerIdentity::get())
			},
		>,
	) {
		set_now(1_000 * matching::MINUTE);
		let s = setup::<T>(true);
		let owners: Vec<T::AccountId> =
			(0..n).map(|i| investor::<T>(&s, "expiring", i, 0)).collect();
		let mut expiring = Vec::new();
		for (i, who) in owners.iter().enumerate() {
			let entry = Entry {
				expires_at: Some(1_000 * matching::MINUTE + 1),
				..Entry::resting::<T>(Side::Bid, BASE_PRICE + i as Price, 1, i as ClientId)
			};
			let id = enter::<T>(&s, s.venue, who, entry);
			busiest_trader::<T>(who, 0);
			assert!(Orders::<T>::contains_key(id));
			expiring.push(id);
		}
		set_now(1_002 * matching::MINUTE);
		#[block]
		{
			Pallet::<T>::expire_due();
		}
		for (who, id) in owners.iter().zip(expiring) {
			assert!(!Orders::<T>::contains_key(id), "it expired");
			let open = Traders::<T>::get(who).open;
			assert!(!open.contains(&id), "its owner's record forgot it");
			assert_eq!(open.len() as u32, T::MaxOpenOrders::get() - 1, "and keeps the padding");
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
