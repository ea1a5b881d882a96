//! The benchmarks' world: the security, cash, venue and market every benchmark starts from,
//! the investors and orders they set up, and the checks they end with.

use crate::Pallet;
use crate::*;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungibles::{Create, Inspect, Mutate},
	tokens::{Fortitude, Precision, Preservation},
	Get,
};
use frame_system::RawOrigin;
use stledger_primitives::{
	CountryCode, ExchangeId, ExchangeRegistry, InvestorClass, InvestorRegistry, Moment, Reason,
	SecuritiesLedger, SecurityId, TransferKind,
};

/// One whole token of the benchmark security (6 decimals): one lot.
pub(super) const TOKEN: u64 = 1_000_000;
/// The lowest price used, in ticks.
pub(super) const BASE_PRICE: Price = 1_000;

pub(super) fn us() -> CountryCode {
	CountryCode(*b"US")
}

/// What every benchmark starts from: a security, a cash asset, a venue and (usually) their
/// market.
pub(super) struct Setup<T: Config> {
	pub(super) security: SecurityId,
	pub(super) cash: CashAssetId,
	pub(super) venue: ExchangeId,
	pub(super) market: MarketId,
	_t: core::marker::PhantomData<T>,
}

pub(super) fn params<T: Config>() -> MarketParams<T::Balance> {
	MarketParams {
		tick_size: 1u64.into(),
		lot_size: TOKEN.into(),
		min_order: 1,
		maker_fee_bps: 10,
		taker_fee_bps: 20,
	}
}

/// A security (heaviest rules), a new cash asset with a funded fee account, a US venue, and
/// (unless `with_market` is false) its market.
pub(super) fn setup<T: Config>(with_market: bool) -> Setup<T> {
	let issuer: T::AccountId = account("issuer", 0, 0);
	let security = T::Securities::create_for_benchmark(&issuer);
	// A supply already in place: the ownership limit is a share of it. Some of it held for a
	// settlement: while a security has some, each fill reads the seller's held tokens (a
	// committed identity keeps more than those, release 132).
	T::Securities::issue(security, &issuer, (1_000_000_000 * TOKEN).into(), None).unwrap();
	T::Securities::issue_held(security, &issuer, TOKEN.into(), stledger_primitives::HoldId::MAX)
		.unwrap();
	let mut cash: CashAssetId = 100;
	while T::Assets::asset_exists(cash) {
		cash += 1;
	}
	T::Assets::create(cash, account("cash-issuer", 0, 0), true, 1u64.into()).unwrap();
	T::Assets::mint_into(cash, &Pallet::<T>::fee_account(), 1u64.into()).unwrap();
	let venue = T::Exchanges::admit_for_benchmark(&account("venue-operator", 0, 0), us());
	let market = NextMarketId::<T>::get();
	if with_market {
		Pallet::<T>::do_create_market(
			None,
			security,
			cash,
			params::<T>(),
			vec![venue].try_into().unwrap(),
		)
		.unwrap();
	}
	Setup { security, cash, venue, market, _t: Default::default() }
}

/// Make the market's one venue its administrator, and return that venue's operator: a venue
/// changing its market reads more than the consortium does (its operator's exchange, the
/// security's rules), so the administrators' calls are measured with it.
pub(super) fn administrator<T: Config>(s: &Setup<T>) -> T::AccountId {
	Markets::<T>::mutate(s.market, |info| {
		info.as_mut().expect("set up with a market").administrator = Some(s.venue)
	});
	account("venue-operator", 0, 0)
}

/// A book of `per_side` bid and ask price levels that cross (each bid a tick above an ask),
/// the levels stored (one order each); the book itself is returned, not stored.
pub(super) fn crossing_book<T: Config>(s: &Setup<T>, per_side: u32) -> BookOf<T> {
	let mut book = Books::<T>::get(s.market);
	for i in 0..per_side {
		let (bid, ask) = (BASE_PRICE + 2 * i as Price + 1, BASE_PRICE + 2 * i as Price);
		assert!(book.insert(Side::Bid, bid) && book.insert(Side::Ask, ask));
		let level = Level { head: 0, tail: 0, lots: 1 + i as Lots, orders: 1 };
		Levels::<T>::insert((s.market, Side::Bid, bid), level);
		Levels::<T>::insert((s.market, Side::Ask, ask), level);
	}
	book
}

/// An attested US accredited investor with plenty of cash and `tokens` whole tokens.
pub(super) fn investor<T: Config>(
	s: &Setup<T>,
	name: &'static str,
	index: u32,
	tokens: u64,
) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Investors::attest_for_benchmark(&who, us(), InvestorClass::Accredited);
	T::Assets::mint_into(s.cash, &who, (1_000_000_000 * TOKEN).into()).unwrap();
	if tokens > 0 {
		T::Securities::issue(s.security, &who, (tokens * TOKEN).into(), None).unwrap();
	}
	who
}

/// The first of the client ids that pad a trader's latest ([`busiest_trader`]): none the
/// benchmarks place an order with.
const PADDING_CLIENT_ID: ClientId = 1 << 32;

/// Make `who`'s trader record as large as an owner's may be: its open orders padded to
/// `MaxOpenOrders` less `room` with ids no order has, and its latest client ids to
/// `MaxRecentClientIds` with ids no order was placed with. A fill, cancel, eviction or expiry
/// reads the owner's record, searches it and writes it back whole, and an incoming order
/// searches the client ids and drops the oldest when they are full: what costs is the
/// record's size, not whose ids are in it.
pub(super) fn busiest_trader<T: Config>(who: &T::AccountId, room: u32) {
	Traders::<T>::mutate(who, |trader| {
		for id in (0..).map(|n| OrderId::MAX - n) {
			if trader.open.len() as u32 + room >= T::MaxOpenOrders::get() {
				break;
			}
			trader.open.try_push(id).expect("below the bound");
		}
		for client_id in PADDING_CLIENT_ID.. {
			if trader.recent_client_ids.try_push(client_id).is_err() {
				break;
			}
		}
	});
}

/// The incoming order's owner at its costliest: an investor holding `tokens` whole tokens
/// free to sell (as [`investor`]), with every pre-trade limit set ([`limited`]), as many
/// lock-up lots as the ledger allows, each of a token and locked for days (each sale walks
/// them, and reads and writes them back with the rest of the position), and the largest
/// trader record with room for the order to rest ([`busiest_trader`]).
pub(super) fn taker<T: Config>(s: &Setup<T>, name: &'static str, tokens: u64) -> T::AccountId {
	let who = investor::<T>(s, name, 0, tokens);
	lock_most_lots::<T>(s, &who, tokens);
	limited::<T>(s, &who);
	busiest_trader::<T>(&who, 1);
	who
}

/// Issue `who`, holding `free` whole tokens free to move, as many lock-up lots as the ledger
/// allows, a token each and locked for days (a sale walks them, and every fill decodes them
/// with the rest of the position), and check that they lock: a token more than `free`
/// cannot move.
pub(super) fn lock_most_lots<T: Config>(s: &Setup<T>, who: &T::AccountId, free: u64) {
	let issued_at = Pallet::<T>::now();
	let in_lots = issue_most_lots::<T>(s, who, TOKEN, |lot| issued_at + (lot + 1) * 86_400_000);
	assert!(in_lots > 0, "the ledger took lock-up lots");
	let locked = T::Securities::can_transfer(
		s.security,
		Some(who),
		who,
		((free + 1) * TOKEN).into(),
		TransferKind::PeerToPeer,
	)
	.is_err_and(|reasons| reasons.contains(&Reason::TokensLocked));
	assert!(locked, "the lots lock all but the free tokens");
}

/// An order as the set-up enters it (and the `place_order_ioc*` twins in their measured
/// block), through [`enter`].
pub(super) struct Entry {
	pub(super) side: Side,
	pub(super) price: Price,
	pub(super) lots: Lots,
	pub(super) time_in_force: TimeInForce,
	pub(super) expires_at: Option<Moment>,
	pub(super) client_id: ClientId,
	pub(super) max_fills: u32,
}

impl Entry {
	/// A good-till-cancelled order that expires in an hour (a fill or a cancel also removes it
	/// from the expiry queue), meeting at most one resting order.
	pub(super) fn resting<T: Config>(
		side: Side,
		price: Price,
		lots: Lots,
		client_id: ClientId,
	) -> Self {
		Self {
			side,
			price,
			lots,
			time_in_force: TimeInForce::GoodTillCancelled,
			expires_at: Some(Pallet::<T>::now() + 3_600_000),
			client_id,
			max_fills: 1,
		}
	}
}

/// Place `entry` for `who` through `venue`; returns the id the order got.
pub(super) fn enter<T: Config>(
	s: &Setup<T>,
	venue: ExchangeId,
	who: &T::AccountId,
	entry: Entry,
) -> OrderId {
	let id = NextOrderId::<T>::get();
	submit::<T>(s, venue, who, entry);
	id
}

/// Place `entry` for `who` through `venue`, and nothing else: what a benchmark's measured
/// block may call.
pub(super) fn submit<T: Config>(s: &Setup<T>, venue: ExchangeId, who: &T::AccountId, entry: Entry) {
	Pallet::<T>::place_order(
		RawOrigin::Signed(who.clone()).into(),
		s.market,
		venue,
		entry.side,
		entry.price,
		entry.lots,
		entry.time_in_force,
		entry.expires_at,
		entry.client_id,
		None,
		entry.max_fills,
	)
	.expect("the benchmark's order is placed");
}

/// Place a resting order ([`Entry::resting`]) for `who` through the set-up's venue.
pub(super) fn place<T: Config>(
	s: &Setup<T>,
	who: &T::AccountId,
	side: Side,
	price: Price,
	lots: Lots,
	client_id: ClientId,
) -> OrderId {
	enter::<T>(s, s.venue, who, Entry::resting::<T>(side, price, lots, client_id))
}

/// `f` resting bids, each of a different buyer (holding `buyer_tokens` whole tokens and, if
/// any, the most lock-up lots; its trader record the largest) at its own price level, and a
/// seller ([`taker`]) with cash and `f + 1` tokens free to sell into them; returns the
/// set-up, the seller and the id its order will get.
pub(super) fn bids_and_a_seller<T: Config>(
	f: u32,
	buyer_tokens: u64,
) -> (Setup<T>, T::AccountId, OrderId) {
	bids_of_and_a_seller::<T>(f, |s, i| {
		let buyer = investor::<T>(s, "buyer", i, buyer_tokens);
		if buyer_tokens > 0 {
			// A holder already: the most lots too (each fill decodes the buyer's position).
			lock_most_lots::<T>(s, &buyer, buyer_tokens);
		}
		buyer
	})
}

/// As [`bids_and_a_seller`], with buyer `i` made by `buyer(s, i)`.
pub(super) fn bids_of_and_a_seller<T: Config>(
	f: u32,
	buyer: impl Fn(&Setup<T>, u32) -> T::AccountId,
) -> (Setup<T>, T::AccountId, OrderId) {
	let s = setup::<T>(true);
	for i in 0..f {
		let buyer = buyer(&s, i);
		place::<T>(&s, &buyer, Side::Bid, BASE_PRICE + 1 + i as Price, 1, 1);
		busiest_trader::<T>(&buyer, 0);
	}
	let seller = taker::<T>(&s, "seller", f as u64 + 1);
	(s, seller, NextOrderId::<T>::get())
}

/// Investor `index` of `name`, holding `tokens` whole tokens and as many lock-up lots as the
/// ledger allows, then relinked to a new identity of its own that holds nothing: its tokens
/// still count under its former identity until it next receives, when they move to the new
/// one and the former stops holding. Its bid's check also reads its balance and its former
/// identity's holding; a fill to it moves that holding instead of opening a token account.
pub(super) fn relinked_investor<T: Config>(
	s: &Setup<T>,
	name: &'static str,
	index: u32,
	tokens: u64,
) -> T::AccountId {
	let who = investor::<T>(s, name, index, tokens);
	lock_most_lots::<T>(s, &who, tokens);
	let former = T::Investors::identity_of(&who);
	let new_identity = investor::<T>(s, "new-identity", index, 0);
	T::Investors::link_for_benchmark(&new_identity, &who);
	let now = T::Investors::identity_of(&who);
	assert!(now.is_some() && now != former, "relinked to another identity");
	assert_eq!(now, T::Investors::identity_of(&new_identity));
	who
}

/// `f` resting one-lot asks, each of a different seller at its own price level (from
/// `BASE_PRICE` up) who keeps tokens and cash after the sale and holds as many lock-up lots
/// as the ledger allows (a sale walks them): still locked, or (`unlocked`) unlocked a minute
/// before the asks were placed and not pruned (a sale clears lots only when it empties the
/// account). Each seller's trader record is the largest ([`busiest_trader`]).
pub(super) fn asks_of_sellers_with_lots<T: Config>(s: &Setup<T>, f: u32, unlocked: bool) {
	let issued_at = Pallet::<T>::now();
	let unlock_at = |lot: u64| {
		if unlocked {
			issued_at + 1 + lot
		} else {
			issued_at + (lot + 1) * 86_400_000
		}
	};
	let sellers: Vec<T::AccountId> = (0..f)
		.map(|i| {
			let seller = investor::<T>(s, "seller", i, 2);
			issue_most_lots::<T>(s, &seller, TOKEN, unlock_at);
			seller
		})
		.collect();
	if unlocked {
		set_now(issued_at + 60_000);
	}
	for (i, seller) in sellers.iter().enumerate() {
		place::<T>(s, seller, Side::Ask, BASE_PRICE + i as Price, 1, 1);
		busiest_trader::<T>(seller, 0);
		// Its lots lock all but the two free tokens, or nothing: the ask reserved one of the
		// free ones, so two more are locked unless the lots have unlocked.
		let locked = T::Securities::can_transfer(
			s.security,
			Some(seller),
			seller,
			(2 * TOKEN).into(),
			TransferKind::PeerToPeer,
		)
		.is_err_and(|reasons| reasons.contains(&Reason::TokensLocked));
		assert_eq!(locked, !unlocked, "the lots are as the benchmark says");
	}
}

/// Issue `who` lock-up lots of `amount` each, lot `n` unlocking at `unlock_at(n)`, until the
/// ledger takes no more (its `MaxLots`, at most 64 tried); returns how many it took.
pub(super) fn issue_most_lots<T: Config>(
	s: &Setup<T>,
	who: &T::AccountId,
	amount: u64,
	unlock_at: impl Fn(u64) -> Moment,
) -> u64 {
	let mut issued = 0;
	for lot in 0..64u64 {
		let locked = frame_support::storage::with_storage_layer(|| {
			T::Securities::issue(s.security, who, amount.into(), Some(unlock_at(lot)))
		});
		if locked.is_err() {
			break;
		}
		issued += 1;
	}
	issued
}

/// A seller (`index`) of `place_order_leaving_asks` and of the uncrossing benchmarks:
/// `tokens` whole tokens in all, issued as many lock-up lots as the ledger allows, each of
/// the smallest amount and unlocking within a second of `issued_at`, and the rest unlocked.
/// Selling them all, it walks and clears its lots and leaves the ledger.
pub(super) fn seller_of_expired_lots<T: Config>(
	s: &Setup<T>,
	index: u32,
	issued_at: Moment,
	tokens: u64,
) -> T::AccountId {
	let seller = investor::<T>(s, "leaving-seller", index, 0);
	let in_lots = issue_most_lots::<T>(s, &seller, 1, |lot| issued_at + 1 + lot);
	assert!(in_lots > 0, "the ledger took lock-up lots");
	T::Securities::issue(s.security, &seller, (tokens * TOKEN - in_lots).into(), None).unwrap();
	seller
}

/// The order `id` met `f` resting orders and its last lot rests.
pub(super) fn last_lot_rests<T: Config>(id: OrderId, f: u32) {
	let order = Orders::<T>::get(id).expect("the last lot rests");
	assert_eq!((order.remaining, order.filled), (1, f as Lots));
}

impl Entry {
	/// An immediate-or-cancel order of `f + 1` lots at `price`, meeting at most `f` (at least
	/// one) resting orders: what is left of it is cancelled (the `place_order_ioc*` twins).
	/// Built before their measured block: it reads no storage.
	pub(super) fn meeting_and_cancelling_the_rest(side: Side, price: Price, f: u32) -> Self {
		Self {
			side,
			price,
			lots: f as Lots + 1,
			time_in_force: TimeInForce::ImmediateOrCancel,
			expires_at: None,
			client_id: 7,
			max_fills: f.max(1),
		}
	}
}

/// The immediate-or-cancel order `id` met every order of the other side of the book, and its
/// last lot was cancelled instead of resting.
pub(super) fn last_lot_cancelled<T: Config>(s: &Setup<T>, id: OrderId, side: Side) {
	assert!(!Orders::<T>::contains_key(id), "nothing rests");
	assert_eq!(Books::<T>::get(s.market).side(side.opposite()).len(), 0, "every order met");
	assert_eq!(Books::<T>::get(s.market).side(side).len(), 0, "no level of its own");
}

/// Make the pre-trade controls as costly as they get for `who`'s orders: the market's every
/// order limit set (generously) and the venue's limits for `who`'s identity, with a day
/// already counted (each order then reads and writes them).
pub(super) fn limited<T: Config>(s: &Setup<T>, who: &T::AccountId) {
	let plenty: T::Balance = (1_000_000_000 * TOKEN).into();
	Markets::<T>::mutate(s.market, |market| {
		if let Some(market) = market {
			market.limits = OrderLimits {
				max_lots: Some(Lots::MAX),
				min_value: Some(1u64.into()),
				max_value: Some(plenty),
				max_open_per_identity: Some(T::MaxOpenOrdersPerIdentity::get()),
			};
		}
	});
	let identity = T::Investors::identity_of(who).expect("an attested investor");
	InvestorLimitsOf::<T>::insert(
		(s.venue, s.cash, identity),
		InvestorLimitsState {
			limits: InvestorLimits { max_order_value: Some(plenty), max_daily_value: Some(plenty) },
			day: (Pallet::<T>::now() / controls::DAY) as u32,
			entered: 1u64.into(),
			since: 0,
		},
	);
}

/// Set the chain's clock (benchmark setup only: the runtime's timestamp pallet is `Timestamp`).
pub(super) fn set_now(moment: Moment) {
	let key = frame_support::storage::storage_prefix(b"Timestamp", b"Now");
	frame_support::storage::unhashed::put(&key, &moment);
}

/// A market in an auction whose collection period has just ended, with `f` one-lot asks,
/// each of a different seller at its own price level (from `BASE_PRICE` up) who sells its
/// last token, holds as many lock-up lots as the ledger allows (unlocked, not pruned) and
/// has closed its cash account since it placed the ask, its trader record the largest;
/// returns the set-up and the sellers.
pub(super) fn leaving_asks_in_an_ended_auction<T: Config>(f: u32) -> (Setup<T>, Vec<T::AccountId>) {
	let s = setup::<T>(true);
	let issued_at = Pallet::<T>::now();
	let sellers: Vec<T::AccountId> =
		(0..f).map(|i| seller_of_expired_lots::<T>(&s, i, issued_at, 1)).collect();
	set_now(issued_at + 60_000);
	an_auction_that_has_just_ended::<T>(&s);
	for (i, seller) in sellers.iter().enumerate() {
		place::<T>(&s, seller, Side::Ask, BASE_PRICE + i as Price, 1, 1);
		busiest_trader::<T>(seller, 0);
		close_cash_account::<T>(&s, seller);
	}
	(s, sellers)
}

/// Burn all of `who`'s cash: its account in the market's cash asset closes.
pub(super) fn close_cash_account<T: Config>(s: &Setup<T>, who: &T::AccountId) {
	let cash = T::Assets::balance(s.cash, who);
	T::Assets::burn_from(
		s.cash,
		who,
		cash,
		Preservation::Expendable,
		Precision::Exact,
		Fortitude::Force,
	)
	.expect("the cash account closes");
}

/// Put `s`'s market in a volatility interruption whose collection period ends now, with
/// `BASE_PRICE` as its reference.
pub(super) fn an_auction_that_has_just_ended<T: Config>(s: &Setup<T>) {
	Markets::<T>::mutate(s.market, |market| {
		if let Some(market) = market {
			market.phase = Phase::Auction {
				ends_at: Pallet::<T>::now(),
				reason: AuctionReason::VolatilityInterruption,
			};
			market.reference_price = Some(BASE_PRICE);
		}
	});
}
