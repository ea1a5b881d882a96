//! Call auctions: a phase that collects orders without matching, then one uncrossing price
//! at which every crossing order trades, in price-time priority, each fill passing the same
//! compliance check and settling delivery versus payment as in continuous trading.
//!
//! The uncrossing price maximises the executable volume, then minimises the surplus, then
//! follows the market pressure (the highest such price when the surplus is all on the buy
//! side, the lowest when it is all on the sell side), then lies nearest the reference price
//! (of two equally near, the lower; without a reference, the lowest). An auction uncrosses
//! over as many calls as it takes (each meets at most `max_fills` orders; no new order is
//! taken meanwhile); should refusals leave the book still crossed at the end, the rest
//! uncrosses at a new price found the same way, so continuous trading never resumes on a
//! crossed book.

use crate::{
	book::Exit,
	charges::VenuesMet,
	matching::{Fault, SecurityTerms},
	AuctionReason, BookOf, CancelReason, Config, Error, Event, Levels, Lots, MarketId, MarketOf,
	Markets, OrderId, OrderOf, Orders, Pallet, Phase, Price, RecentTrades, Side, Trade, TradeOf,
	Uncross,
};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungibles::Inspect,
		tokens::{DepositConsequence, Provenance},
		Contains,
	},
};
use sp_runtime::traits::{Saturating, Zero};
use stledger_primitives::{Moment, SecuritiesLedger};

/// The most storage layers an uncrossing opens inside its call (one per fill, not nested,
/// and the ledger's own), with room to spare.
const UNCROSSING_LAYERS: u32 = 8;

/// One side's crossing levels as `(price, lots)`, best first.
pub type SideLevels = Vec<(Price, Lots)>;

/// What trades at `price` between `bids` (highest first) and `asks` (lowest first): the
/// executable volume, the surplus, and which side has more (`Greater`: the buy side).
pub fn at_price(
	bids: &[(Price, Lots)],
	asks: &[(Price, Lots)],
	price: Price,
) -> (Lots, Lots, core::cmp::Ordering) {
	let demand: Lots = bids
		.iter()
		.take_while(|(p, _)| *p >= price)
		.fold(0, |sum: Lots, (_, lots)| sum.saturating_add(*lots));
	let supply: Lots = asks
		.iter()
		.take_while(|(p, _)| *p <= price)
		.fold(0, |sum: Lots, (_, lots)| sum.saturating_add(*lots));
	(demand.min(supply), demand.abs_diff(supply), demand.cmp(&supply))
}

/// The uncrossing of `bids` (highest first) against `asks` (lowest first): `None` when they
/// do not cross. Pure: the runtime API shows it as the indicative price and volume.
///
/// Cost: O(L²) for L crossing levels (at most `2 × MaxPriceLevels`), no storage.
pub fn uncrossing_price(
	bids: &[(Price, Lots)],
	asks: &[(Price, Lots)],
	reference: Option<Price>,
) -> Option<Uncross> {
	let (best_bid, best_ask) = (bids.first()?.0, asks.first()?.0);
	if best_bid < best_ask {
		return None;
	}
	let mut candidates: Vec<Price> = bids
		.iter()
		.chain(asks.iter())
		.map(|(p, _)| *p)
		.filter(|p| (best_ask..=best_bid).contains(p))
		.collect();
	candidates.sort_unstable();
	candidates.dedup();
	let judged: Vec<(Price, Lots, Lots, core::cmp::Ordering)> = candidates
		.into_iter()
		.map(|p| {
			let (volume, surplus, heavier) = at_price(bids, asks, p);
			(p, volume, surplus, heavier)
		})
		.collect();
	let volume = judged.iter().map(|j| j.1).max()?;
	let surplus = judged.iter().filter(|j| j.1 == volume).map(|j| j.2).min()?;
	let best: Vec<_> = judged.into_iter().filter(|j| j.1 == volume && j.2 == surplus).collect();
	use core::cmp::Ordering::*;
	let chosen = if best.iter().all(|j| j.3 == Greater) {
		best.last()
	} else if best.iter().all(|j| j.3 == Less) {
		best.first()
	} else {
		match reference {
			Some(reference) => best.iter().min_by_key(|j| (j.0.abs_diff(reference), j.0)),
			None => best.first(),
		}
	}?;
	Some(Uncross { price: chosen.0, volume, surplus })
}

/// What an uncrossing call did, which its weight is charged for.
pub(crate) struct Uncrossed {
	/// Pairs of orders met (a bid and an ask, filled or cancelled on the way): up to twice
	/// as many orders.
	pub met: u32,
	/// Of those, the pairs that traded and both left the book (each filled in full): the
	/// `uncross_auction` benchmark prices one order leaving per pair, so each of these is
	/// charged from `uncross_auction_pairs` (`charges::uncrossing_weight`).
	pub both_left: u32,
	/// Price levels read to find an uncrossing price.
	pub levels: u32,
	/// The venues of the orders met besides the first order's (`charges::VenuesMet`).
	pub other_venues: u32,
}

/// What an uncrossing has met so far, which it is charged for ([`Uncrossed`]).
struct Tally {
	met: u32,
	both_left: u32,
	venues: VenuesMet,
}

impl<T: Config> Pallet<T> {
	/// The crossing levels of `market`'s book: bids at or above the best ask, asks at or
	/// below the best bid, with their lots (one read per level).
	pub(crate) fn crossing_levels(market: MarketId, book: &BookOf<T>) -> (SideLevels, SideLevels) {
		let (Some(best_bid), Some(best_ask)) = (book.best(Side::Bid), book.best(Side::Ask)) else {
			return (Vec::new(), Vec::new());
		};
		let levels = |side: Side, crosses: &dyn Fn(Price) -> bool| -> SideLevels {
			book.side(side)
				.iter()
				.take_while(|p| crosses(**p))
				.filter_map(|p| Levels::<T>::get((market, side, *p)).map(|l| (*p, l.lots)))
				.collect()
		};
		(levels(Side::Bid, &|p| p >= best_ask), levels(Side::Ask, &|p| p <= best_bid))
	}

	/// The indicative uncrossing of `market` now (runtime API): `None` outside an auction,
	/// while the market is halted or cancel-only, or when nothing crosses. While an auction uncrosses, its price and what still trades at
	/// it.
	pub fn indicative_uncross(market: MarketId) -> Option<Uncross> {
		let info = Markets::<T>::get(market).filter(|m| m.status == crate::MarketStatus::Open)?;
		let (bids, asks) = Self::crossing_levels(market, &crate::Books::<T>::get(market));
		match info.phase {
			Phase::Continuous => None,
			Phase::Uncrossing { price, .. } => {
				let (volume, surplus, _) = at_price(&bids, &asks, price);
				Some(Uncross { price, volume, surplus })
			},
			Phase::Auction { .. } => {
				uncrossing_price(&bids, &asks, info.reference_price.or(info.last_price))
			},
		}
	}

	/// Start a call auction on `market` (stored by the caller) until `ends_at`.
	pub(crate) fn start_auction(
		id: MarketId,
		market: &mut MarketOf<T>,
		ends_at: Moment,
		reason: AuctionReason,
	) {
		market.phase = Phase::Auction { ends_at, reason };
		Self::deposit_event(Event::AuctionStarted { market: id, reason, ends_at });
	}

	/// Uncross `market_id`'s ended auction, meeting at most `max_fills` pairs of orders; the
	/// market returns to continuous trading once nothing crosses.
	pub(crate) fn do_uncross(
		market_id: MarketId,
		max_fills: u32,
	) -> Result<Uncrossed, DispatchError> {
		ensure!(
			max_fills > 0 && max_fills <= T::MaxFillsPerCall::get(),
			Error::<T>::InvalidFillLimit
		);
		// Near FRAME's limit every fill's layer would fail, blamed on the pair's bid,
		// cancelled (helper-79).
		stledger_primitives::ensure_room_for_layers(UNCROSSING_LAYERS)?;
		let mut market = Markets::<T>::get(market_id).ok_or(Error::<T>::UnknownMarket)?;
		match market.status {
			crate::MarketStatus::Open => {},
			crate::MarketStatus::CancelOnly => return Err(Error::<T>::MarketCancelOnly.into()),
			crate::MarketStatus::Halted => return Err(Error::<T>::MarketHalted.into()),
		}
		// A frozen cash asset stops the auction, as it stops continuous trading: no fill
		// could settle, and no bid is to blame.
		ensure!(T::LiveCash::contains(&market.cash), Error::<T>::CashFrozen);
		let now = Self::now();
		match market.phase {
			Phase::Continuous => return Err(Error::<T>::NoAuction.into()),
			Phase::Auction { ends_at, .. } => {
				ensure!(now >= ends_at, Error::<T>::AuctionNotEnded)
			},
			Phase::Uncrossing { .. } => {},
		}
		let terms = T::Securities::terms(market.security)
			.ok_or_else(|| T::Securities::refusal(stledger_primitives::Reason::UnknownSecurity))?;
		let mut book = crate::Books::<T>::get(market_id);
		let mut levels = 0u32;
		let mut tally = Tally { met: 0, both_left: 0, venues: VenuesMet::none() };
		let mut trades: Vec<TradeOf<T>> = Vec::new();
		let (mut price, mut traded) = match market.phase {
			Phase::Uncrossing { price, traded } => (Some(price), traded),
			_ => (None, 0),
		};
		let mut last_price = price;
		// At most two prices per call: the one it continues at, and one more should refusals
		// have left the book crossed at the end of the first.
		for _ in 0..2 {
			let at = match price {
				Some(at) => at,
				None => {
					let (bids, asks) = Self::crossing_levels(market_id, &book);
					levels = levels.saturating_add((bids.len() + asks.len()) as u32);
					let reference = market.reference_price.or(market.last_price);
					match uncrossing_price(&bids, &asks, reference) {
						Some(uncross) => uncross.price,
						None => {
							Self::end_auction(market_id, &mut market, last_price, traded);
							break;
						},
					}
				},
			};
			last_price = Some(at);
			let done = Self::uncross_at(
				market_id,
				&market,
				&terms,
				&mut book,
				at,
				max_fills,
				&mut tally,
				&mut traded,
				&mut trades,
				now,
			)
			.map_err(|reason| match reason {
				CancelReason::Compliance(reason) => T::Securities::refusal(reason),
				_ => Error::<T>::CashFrozen.into(),
			})?;
			market.phase = Phase::Uncrossing { price: at, traded };
			if !done {
				break;
			}
			let crossed = matches!(
				(book.best(Side::Bid), book.best(Side::Ask)),
				(Some(bid), Some(ask)) if bid >= ask
			);
			if !crossed {
				Self::end_auction(market_id, &mut market, Some(at), traded);
				break;
			}
			// Refusals left the book crossed: find the price again.
			price = None;
		}
		crate::Books::<T>::insert(market_id, book);
		Markets::<T>::insert(market_id, market);
		Self::record_trades(market_id, trades);
		let Tally { met, both_left, venues } = tally;
		Ok(Uncrossed { met, both_left, levels, other_venues: venues.others() })
	}

	/// Back to continuous trading; an auction that traded sets the reference price.
	pub(crate) fn end_auction(
		id: MarketId,
		market: &mut MarketOf<T>,
		price: Option<Price>,
		traded: Lots,
	) {
		market.phase = Phase::Continuous;
		if let Some(price) = price.filter(|_| traded > 0) {
			market.reference_price = Some(price);
			market.last_price = Some(price);
		}
		Self::deposit_event(Event::AuctionUncrossed {
			market: id,
			price: price.filter(|_| traded > 0),
			traded,
		});
	}

	/// Trade the best bid against the best ask at `price` while they cross it, meeting at
	/// most `max_fills` pairs of orders in all (counted in `tally`, with those that traded and
	/// both left, and the orders' venues); `true` when nothing crosses `price` any more. A
	/// refusal of the security itself (paused) stops it with the reason: nobody's order is at
	/// fault, so none is cancelled (the call fails and nothing of it stands).
	#[allow(clippy::too_many_arguments)]
	fn uncross_at(
		market_id: MarketId,
		market: &MarketOf<T>,
		terms: &SecurityTerms<T>,
		book: &mut BookOf<T>,
		price: Price,
		max_fills: u32,
		tally: &mut Tally,
		traded: &mut Lots,
		trades: &mut Vec<TradeOf<T>>,
		now: Moment,
	) -> Result<bool, CancelReason> {
		loop {
			let (Some(best_bid), Some(best_ask)) = (book.best(Side::Bid), book.best(Side::Ask))
			else {
				return Ok(true);
			};
			if best_bid < price || best_ask > price {
				return Ok(true);
			}
			if tally.met >= max_fills {
				return Ok(false);
			}
			let head = |side, at| Levels::<T>::get((market_id, side, at)).map(|l| l.head);
			let (Some(bid_id), Some(ask_id)) =
				(head(Side::Bid, best_bid), head(Side::Ask, best_ask))
			else {
				return Ok(true);
			};
			let (Some(mut bid), Some(mut ask)) =
				(Orders::<T>::get(bid_id), Orders::<T>::get(ask_id))
			else {
				return Ok(true);
			};
			tally.met += 1;
			tally.venues.meet(bid.venue, &market.venues);
			tally.venues.meet(ask.venue, &market.venues);
			let cancel = |id, order, reason, book: &mut BookOf<T>| {
				Self::remove_order_from(id, order, Exit::Cancelled(reason), Some(book))
			};
			// Expired, or a seller no longer standing: out, and the auction goes on.
			if Self::expired(&bid, now) {
				cancel(bid_id, bid, CancelReason::Expired, book);
				continue;
			}
			if Self::expired(&ask, now) {
				cancel(ask_id, ask, CancelReason::Expired, book);
				continue;
			}
			let seller_profile = match Self::standing(&ask, market, terms) {
				Ok(profile) => profile,
				Err(reason) => {
					cancel(ask_id, ask, reason, book);
					continue;
				},
			};
			// One identity on both sides, or one account (relinked since it placed one of
			// them): the younger order gives way.
			let self_trade = |bid: OrderOf<T>, ask: OrderOf<T>, book: &mut BookOf<T>| {
				if bid_id > ask_id {
					cancel(bid_id, bid, CancelReason::SelfTrade, book);
				} else {
					cancel(ask_id, ask, CancelReason::SelfTrade, book);
				}
			};
			if bid.identity == ask.identity || bid.owner == ask.owner {
				self_trade(bid, ask, book);
				continue;
			}
			let buyer_profile = match Self::standing(&bid, market, terms) {
				Ok(profile) => profile,
				Err(reason) => {
					cancel(bid_id, bid, reason, book);
					continue;
				},
			};
			// By the identities the two accounts belong to now, as continuous trading checks:
			// accounts relinked into one identity since their orders were placed.
			if buyer_profile.identity == seller_profile.identity {
				self_trade(bid, ask, book);
				continue;
			}
			let lots = bid.remaining.min(ask.remaining);
			match Self::auction_fill(
				market,
				terms,
				(bid_id, &mut bid),
				(ask_id, &mut ask),
				buyer_profile,
				price,
				lots,
				now,
			) {
				Ok(trade) => {
					*traded = traded.saturating_add(lots);
					if bid.remaining == 0 && ask.remaining == 0 {
						tally.both_left += 1;
					}
					for (id, order) in [(bid_id, bid), (ask_id, ask)] {
						Self::level_traded(&order, lots);
						if order.remaining == 0 {
							Self::remove_order_from(id, order, Exit::Filled, Some(book));
						} else {
							Orders::<T>::insert(id, order);
						}
					}
					trades.push(trade);
				},
				Err(Fault::Maker(reason)) => cancel(ask_id, ask, reason, book),
				Err(Fault::Taker(reason)) => cancel(bid_id, bid, reason, book),
				Err(Fault::Market(reason)) => return Err(reason),
			}
		}
	}

	/// Whether a resting order has expired by `now` (an order's owner and venue are judged
	/// by [`Self::standing`], which also gives the profile the self-trade check and the fill
	/// need).
	fn expired(order: &OrderOf<T>, now: Moment) -> bool {
		order.expires_at.is_some_and(|expiry| expiry <= now)
	}

	/// One auction trade of `lots` at `price`: the buyer's compliance check and the tokens,
	/// then the cash, in one storage transaction. Both orders pay their own (maker) fee on
	/// their running total; the buyer pays the seller the value less the seller's fee and
	/// the fee account both fees. `Fault::Maker` blames the ask, `Fault::Taker` the bid.
	#[allow(clippy::too_many_arguments)]
	fn auction_fill(
		market: &MarketOf<T>,
		terms: &SecurityTerms<T>,
		(bid_id, bid): (OrderId, &mut OrderOf<T>),
		(ask_id, ask): (OrderId, &mut OrderOf<T>),
		buyer_profile: stledger_primitives::InvestorProfile<T::AccountId>,
		price: Price,
		lots: Lots,
		now: Moment,
	) -> Result<TradeOf<T>, Fault> {
		let tokens = market.params.lot_size.saturating_mul(lots.into());
		let value = Self::value(lots, price, market.params.tick_size)
			.map_err(|_| Fault::Taker(CancelReason::CashUnavailable))?;
		let buyer_fee = Self::fee_increment(bid.maker_value, value, bid.maker_fee_bps);
		let seller_fee = Self::fee_increment(ask.maker_value, value, ask.maker_fee_bps);
		let buyer_pays = value.saturating_add(buyer_fee);
		let seller_gets = value.saturating_sub(seller_fee);
		let fees = buyer_fee.saturating_add(seller_fee);
		if bid.reserved < buyer_pays {
			return Err(Fault::Taker(CancelReason::CashUnavailable));
		}
		if !seller_gets.is_zero()
			&& T::Assets::can_deposit(market.cash, &ask.owner, seller_gets, Provenance::Extant)
				!= DepositConsequence::Success
		{
			return Err(Fault::Maker(CancelReason::CashUnavailable));
		}
		// The older order is the trade's "maker": an auction has no taker.
		let (maker_order, taker_order) =
			if bid_id < ask_id { (bid_id, ask_id) } else { (ask_id, bid_id) };
		let trade = Trade {
			maker_order,
			taker_order,
			buyer: bid.owner.clone(),
			seller: ask.owner.clone(),
			buyer_venue: bid.venue,
			seller_venue: ask.venue,
			price,
			lots,
			tokens,
			value,
			buyer_fee,
			seller_fee,
			at: now,
		};
		let fee_account = Self::fee_account();
		let payments = [(&trade.seller, seller_gets), (&fee_account, fees)];
		let (buyer_fault, seller_fault) = (Fault::Taker, Fault::Maker);
		// An uncrossing is charged every fill at the worst case.
		let _accounts_changed = Self::settle(
			market,
			terms,
			&trade,
			&buyer_profile,
			buyer_pays,
			&payments,
			(&buyer_fault, &seller_fault),
		)?;
		for (order, spent) in [(&mut *bid, buyer_pays), (&mut *ask, tokens)] {
			order.remaining = order.remaining.saturating_sub(lots);
			order.filled = order.filled.saturating_add(lots);
			order.reserved = order.reserved.saturating_sub(spent);
			order.maker_value = order.maker_value.saturating_add(value);
		}
		Self::deposit_event(Event::Filled { market: bid.market, trade: trade.clone() });
		Ok(trade)
	}

	/// Keep a market's latest trades (at most `MaxRecentTrades`).
	pub(crate) fn record_trades(market: MarketId, trades: Vec<TradeOf<T>>) {
		if trades.is_empty() {
			return;
		}
		RecentTrades::<T>::mutate(market, |recent| {
			let keep = (T::MaxRecentTrades::get() as usize).saturating_sub(trades.len());
			let drop = recent.len().saturating_sub(keep);
			let mut all = recent.clone().into_inner();
			all.drain(..drop);
			let skip = trades.len().saturating_sub(T::MaxRecentTrades::get() as usize);
			all.extend(trades.into_iter().skip(skip));
			*recent = BoundedVec::truncate_from(all);
		});
	}
}
