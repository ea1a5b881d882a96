//! What placing an order is charged: up front, before it meets the book, and after, for what
//! it did (each resting order met at the dearest fill measured, plain fills against resting
//! bids refunded to theirs, an order of which nothing rests refunded the storage of a rest,
//! the venues met besides the one the benchmarks have, and any eviction).

use crate::{Config, TimeInForce, WeightInfo};
use frame_support::{pallet_prelude::*, weights::Weight};

/// What placing an order did, which its weight is charged for.
pub(crate) struct Placed {
	/// Resting orders met (filled, or cancelled on the way).
	pub met: u32,
	/// Of those, plain fills against resting bids: between accounts that held the security
	/// and cash before and after, cheaper than the dearest fill (see [`Self::weight`]).
	pub plain_bid_fills: u32,
	/// Orders of an evicted level (0: no eviction).
	pub evicted: u32,
	/// Whether what was left of the order rests on the book, or tried to and found no room
	/// (that work was done before it was rolled back). An order filled in full, or whose
	/// remainder was cancelled without trying to rest, wrote no order, level, expiry key or
	/// open-order count ([`rest_storage`]).
	pub rested: bool,
	/// The venues the market lists: the orders met are of at most these
	/// ([`venue_storage`]).
	pub venues_listed: u32,
}

/// The weight of `fills` resting orders met, each at the dearest fill measured: a resting
/// buyer becoming a new holder (`place_order`) or a resting seller holding the most lock-up
/// lots (`place_order_plain_asks`), whichever costs more in each part (time, proof).
pub(crate) fn fills_weight<T: Config>(fills: u32) -> Weight {
	T::WeightInfo::place_order(fills).max(T::WeightInfo::place_order_plain_asks(fills))
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

/// The storage that meeting orders of other venues touches and the fill benchmarks, whose
/// orders are all of one venue, count once: each other venue's record, read (whether it is
/// active and licensed for the order's owner, `Exchanges::Exchanges`), and its fees in the
/// market's cash, read and written (`VenueFees`). A call that met `orders_met` orders of a
/// market listing `venues_listed` venues met at most that many venues besides the first
/// (the taker's, or in an auction the first order's), and at most every venue the market
/// lists but one: an order of a venue the market no longer lists is cancelled before its
/// venue is looked up. Charged up front for `max_fills` orders (an auction's pairs: twice
/// as many) and [`Config::MaxVenues`] venues, and after dispatch for the orders met and the
/// venues listed.
pub fn venue_storage<T: Config>(orders_met: u32, venues_listed: u32) -> Weight {
	let other_venues = u64::from(orders_met.min(venues_listed.saturating_sub(1)));
	T::DbWeight::get().reads_writes(2 * other_venues, other_venues)
}

/// [`venue_storage`] up front: `max_fills` orders met in a market listing as many venues as a
/// market may.
pub(crate) fn venue_storage_up_front<T: Config>(max_fills: u32) -> Weight {
	venue_storage::<T>(max_fills, T::MaxVenues::get())
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
	/// dearest fill ([`fills_weight`]) except plain fills against resting bids, refunded to
	/// what `place_order_plain` measures (never below it for all the call's fills, nor above
	/// [`fills_weight`]), less [`rest_storage`] when nothing of the order rests; plus the
	/// venues the orders met may be of ([`venue_storage`]) and any eviction.
	///
	/// Each plain fill is refunded the difference between the dearest benchmark's cost of
	/// one more fill and `place_order_plain`'s, each benchmark's own slope: not the slope of
	/// [`fills_weight`] at few fills, which follows whichever benchmark has the larger fixed
	/// part there (`--output-analysis max` can give a line a large base and a small slope).
	pub(crate) fn weight<T: Config>(&self) -> Weight {
		let placing = if self.met == 0 {
			T::WeightInfo::place_resting()
		} else {
			let plain = self.plain_bid_fills.min(self.met);
			let slope = |weight: &dyn Fn(u32) -> Weight| weight(1).saturating_sub(weight(0));
			let dearest_slope = slope(&T::WeightInfo::place_order)
				.max(slope(&T::WeightInfo::place_order_plain_asks));
			let refund = dearest_slope
				.saturating_sub(slope(&T::WeightInfo::place_order_plain))
				.saturating_mul(plain.into());
			let dearest = fills_weight::<T>(self.met);
			let fills = dearest
				.saturating_sub(refund)
				.max(T::WeightInfo::place_order_plain(self.met))
				.min(dearest);
			// Every fill benchmark rests the order's last lot.
			let fills = if self.rested { fills } else { fills.saturating_sub(rest_storage::<T>()) };
			fills.saturating_add(venue_storage::<T>(self.met, self.venues_listed))
		};
		let evicted = match self.evicted {
			0 => Weight::zero(),
			n => T::WeightInfo::evict_level(n),
		};
		placing.saturating_add(evicted)
	}
}
