//! What placing an order is charged: up front, before it meets the book, and after, for what
//! it did (each resting order met at the dearest fill measured, plain fills refunded to what
//! the plain fills of their side of the book measure, an order of which nothing rests
//! refunded the storage of a rest, the venues met besides the one the benchmarks have, and
//! any eviction).

use crate::{Config, Side, TimeInForce, WeightInfo};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, weights::Weight};
use stledger_primitives::ExchangeId;

/// What placing an order did, which its weight is charged for ([`Self::weight`]; public so
/// that the runtime's throughput figures use the pallet's own charge).
pub struct Placed {
	/// Resting orders met (filled, or cancelled on the way).
	pub met: u32,
	/// Of those, plain fills: between accounts that held the security and cash before and
	/// after, cheaper than the dearest fill (see [`Self::weight`]).
	pub plain_fills: u32,
	/// The side of the book the order met (the other side from its own): which benchmark
	/// measures its plain fills.
	pub met_side: Side,
	/// Orders of an evicted level (0: no eviction).
	pub evicted: u32,
	/// Whether what was left of the order rests on the book, or tried to and found no room
	/// (that work was done before it was rolled back). An order filled in full, or whose
	/// remainder was cancelled without trying to rest, wrote no order, level, expiry key or
	/// open-order count ([`rest_storage`]).
	pub rested: bool,
	/// The venues of the orders met besides the order's own (`VenuesMet`).
	pub other_venues: u32,
}

/// The venues of the orders a call met, each counted once besides the first (a placement's
/// own venue, which the fill benchmarks' orders all share, or an uncrossing's first order's):
/// what [`venue_storage`] charges. Only venues the market lists count: an order of a venue it
/// no longer lists is cancelled before its venue is looked up, and the market lists at most
/// [`Config::MaxVenues`], so the list stays that small.
pub(crate) struct VenuesMet {
	first: Option<ExchangeId>,
	others: Vec<ExchangeId>,
}

impl VenuesMet {
	/// Nothing met yet by an order placed through `venue`.
	pub(crate) fn placed_through(venue: ExchangeId) -> Self {
		Self { first: Some(venue), others: Vec::new() }
	}

	/// Nothing met yet, and no order of the call's own (an uncrossing).
	pub(crate) fn none() -> Self {
		Self { first: None, others: Vec::new() }
	}

	/// An order of `venue` was met in a market listing `listed`.
	pub(crate) fn meet(&mut self, venue: ExchangeId, listed: &[ExchangeId]) {
		if !listed.contains(&venue) {
			return;
		}
		match self.first {
			None => self.first = Some(venue),
			Some(first) if first == venue => {},
			Some(_) => {
				if !self.others.contains(&venue) {
					self.others.push(venue)
				}
			},
		}
	}

	/// How many venues besides the first.
	pub(crate) fn others(&self) -> u32 {
		self.others.len() as u32
	}
}

/// The weight of `fills` resting orders met, each at the dearest fill measured: a resting
/// buyer becoming a new holder (`place_order`) or a resting seller holding the most lock-up
/// lots (`place_order_plain_asks`), whichever costs more in each part (time, proof).
pub fn fills_weight<T: Config>(fills: u32) -> Weight {
	T::WeightInfo::place_order(fills).max(T::WeightInfo::place_order_plain_asks(fills))
}

/// The weight of `fills` plain fills (both accounts held the security and cash before and
/// after) against resting orders of `met_side`: against resting bids, `place_order_plain`
/// (resting buyers who already hold); against resting asks, `place_order_plain_asks`
/// (resting sellers who keep tokens, with the most lock-up lots, each sale walking them),
/// which also covers sellers whose lots have unlocked and are not yet pruned (a plain sale
/// clears none; measured beside it, `place_order_plain_unlocked_asks`).
pub fn plain_fills_weight<T: Config>(met_side: Side, fills: u32) -> Weight {
	match met_side {
		Side::Bid => T::WeightInfo::place_order_plain(fills),
		Side::Ask => T::WeightInfo::place_order_plain_asks(fills),
	}
}

/// The storage that resting an order's remainder touches and an order that does not rest
/// never does: the level it joins, read; that level, the order, its expiry key and its
/// identity's open-order count, written. The fill benchmarks (`place_order*`) rest the
/// incoming order's last lot, so their weights include these keys; their immediate-or-cancel
/// twins (`place_order_ioc*`, the last lot cancelled) measured exactly these keys fewer, and
/// one read fewer still: the identity's open-order count, which an order that may rest reads
/// at entry whether it rests or not, so it is not refunded. An order that met the book and
/// of which nothing rests is refunded these keys' database weight, not the rest's execution
/// time (it cancels its remainder instead, which the fastest runs of the twins put about
/// 18 µs below resting).
pub fn rest_storage<T: Config>() -> Weight {
	T::DbWeight::get().reads_writes(1, 4)
}

/// The storage that meeting orders of `other_venues` venues besides the first touches and the
/// fill benchmarks, whose orders are all of one venue, count once: each such venue's record,
/// read (whether it is active and licensed for the order's owner, `Exchanges::Exchanges`),
/// and its fees in the market's cash, read and written (`VenueFees`). Charged after dispatch
/// for the venues met (`VenuesMet`), up front for as many as the orders may be of
/// (`venue_storage_up_front`).
pub fn venue_storage<T: Config>(other_venues: u32) -> Weight {
	let other_venues = u64::from(other_venues);
	T::DbWeight::get().reads_writes(2 * other_venues, other_venues)
}

/// [`venue_storage`] up front for `orders` orders met: each of another venue, up to every
/// venue a market may list but the first ([`Config::MaxVenues`]).
pub(crate) fn venue_storage_up_front<T: Config>(orders: u32) -> Weight {
	venue_storage::<T>(orders.min(T::MaxVenues::get().saturating_sub(1)))
}

/// What placing an order with `time_in_force` and `max_fills` is charged up front: every fill
/// at the dearest ([`fills_weight`]) with the venues they may meet ([`venue_storage`]), and
/// for an order that may rest (good-till-cancelled, post-only) the eviction of a full level.
/// An immediate-or-cancel or fill-or-kill order never rests (during an auction it is
/// refused), so it never evicts nor writes a rest: it is charged its fills without
/// [`rest_storage`], at least a placement that meets nothing ([`Placed::weight`]).
pub(crate) fn placement_weight<T: Config>(time_in_force: TimeInForce, max_fills: u32) -> Weight {
	let fills = fills_weight::<T>(max_fills);
	let placing = match time_in_force {
		TimeInForce::ImmediateOrCancel | TimeInForce::FillOrKill => {
			fills.saturating_sub(rest_storage::<T>()).max(T::WeightInfo::place_resting())
		},
		TimeInForce::GoodTillCancelled | TimeInForce::PostOnly => {
			fills.saturating_add(T::WeightInfo::evict_level(T::MaxOrdersPerLevel::get()))
		},
	};
	placing.saturating_add(venue_storage_up_front::<T>(max_fills))
}

impl Placed {
	/// The weight of what the placement did: a non-crossing place, or the fills, each at the
	/// dearest fill ([`fills_weight`]) except plain fills, refunded to what their side's
	/// benchmark of plain fills measures ([`plain_fills_weight`]; never below it for all the
	/// call's fills, nor above [`fills_weight`]), less [`rest_storage`] when nothing of the
	/// order rests; plus the venues of the orders met besides its own ([`venue_storage`]) and
	/// any eviction.
	///
	/// Each plain fill is refunded the difference between the dearest benchmark's cost of
	/// one more fill and its own benchmark's, each benchmark's own slope: not the slope of
	/// [`fills_weight`] at few fills, which follows whichever benchmark has the larger fixed
	/// part there (`--output-analysis max` can give a line a large base and a small slope).
	pub fn weight<T: Config>(&self) -> Weight {
		let placing = if self.met == 0 {
			T::WeightInfo::place_resting()
		} else {
			let plain = self.plain_fills.min(self.met);
			let plain_fills = |fills| plain_fills_weight::<T>(self.met_side, fills);
			let slope = |weight: &dyn Fn(u32) -> Weight| weight(1).saturating_sub(weight(0));
			let dearest_slope = slope(&T::WeightInfo::place_order)
				.max(slope(&T::WeightInfo::place_order_plain_asks));
			let refund =
				dearest_slope.saturating_sub(slope(&plain_fills)).saturating_mul(plain.into());
			let dearest = fills_weight::<T>(self.met);
			let fills = dearest.saturating_sub(refund).max(plain_fills(self.met)).min(dearest);
			// Every fill benchmark rests the order's last lot.
			let fills = if self.rested { fills } else { fills.saturating_sub(rest_storage::<T>()) };
			fills.saturating_add(venue_storage::<T>(self.other_venues))
		};
		let evicted = match self.evicted {
			0 => Weight::zero(),
			n => T::WeightInfo::evict_level(n),
		};
		placing.saturating_add(evicted)
	}
}
