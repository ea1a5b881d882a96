//! What placing an order and uncrossing an auction are charged: up front, before they meet
//! the book, and after, for what they did. Every kind of work is charged the dearest of the
//! benchmarks that measure its cases: each resting order met at the dearest fill measured,
//! plain fills refunded to what the plain fills of their side of the book measure, an order
//! of which nothing rests refunded the storage of a rest down to what its twins that cancel
//! the last lot measure, the venues met besides the one the benchmarks have, any eviction;
//! an uncrossing's pairs by how many of their orders left.

use crate::{Config, Side, TimeInForce, WeightInfo};
use alloc::{vec, vec::Vec};
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

/// One benchmark of a kind of work (fills, pairs), as a function of how much of it a call did.
type Measured = fn(u32) -> Weight;

/// The dearest of `benchmarks` at `n`, in each part (time, proof).
fn dearest(benchmarks: &[Measured], n: u32) -> Weight {
	benchmarks.iter().fold(Weight::zero(), |most, benchmark| most.max(benchmark(n)))
}

/// What `benchmark` measures one more costs (its own slope, not the slope of [`dearest`],
/// which follows whichever benchmark has the larger fixed part at few: the CLI's
/// `--output-analysis max` can give a line a large base and a small slope).
fn slope(benchmark: Measured) -> Weight {
	benchmark(1).saturating_sub(benchmark(0))
}

/// The dearest of `benchmarks`' slopes, in each part.
fn dearest_slope(benchmarks: &[Measured]) -> Weight {
	benchmarks.iter().fold(Weight::zero(), |most, benchmark| most.max(slope(*benchmark)))
}

/// The benchmarks a placement's fills are charged from: every kind of fill measured, and
/// which of them measure plain fills against each side of the book.
struct FillBenchmarks {
	/// Every kind of fill measured, plain or not: a call's fills are charged the dearest.
	every: Vec<Measured>,
	/// Plain fills against resting bids.
	plain_against_bids: Vec<Measured>,
	/// Plain fills against resting asks.
	plain_against_asks: Vec<Measured>,
}

impl FillBenchmarks {
	/// `met` fills, `plain_fills` of them plain fills against resting orders of `met_side`:
	/// each benchmark's line with that many of its fills at the dearest plain slope of that
	/// side instead of its own slope (when its own is dearer), and the dearest of those lines.
	/// With no plain fill, the dearest benchmark at `met`; never below the side's plain
	/// benchmarks, which are among them.
	fn weight(&self, met: u32, plain_fills: u32, met_side: Side) -> Weight {
		let plain = match met_side {
			Side::Bid => &self.plain_against_bids,
			Side::Ask => &self.plain_against_asks,
		};
		let plain_slope = dearest_slope(plain);
		let plain_fills = u64::from(plain_fills.min(met));
		self.every.iter().fold(Weight::zero(), |most, benchmark| {
			let refund = slope(*benchmark).saturating_sub(plain_slope).saturating_mul(plain_fills);
			most.max(benchmark(met).saturating_sub(refund))
		})
	}
}

/// The fill benchmarks, each of which rests the incoming order's last lot. Fills that are not
/// plain: a resting buyer becoming a new holder (`place_order`), a resting seller selling its
/// last token, its lots unlocked and not pruned, into a cash account it closed
/// (`place_order_leaving_asks`), a resting buyer relinked to another identity while holding
/// (`place_order_relinked`). Plain fills: against resting bids `place_order_plain` (buyers
/// who already hold); against resting asks `place_order_plain_asks` (sellers who keep tokens,
/// with the most lock-up lots, still locked) and `place_order_plain_unlocked_asks` (the same
/// lots unlocked and not pruned: a plain sale clears none).
fn resting_fills<T: Config>() -> FillBenchmarks {
	FillBenchmarks {
		every: vec![
			T::WeightInfo::place_order,
			T::WeightInfo::place_order_leaving_asks,
			T::WeightInfo::place_order_relinked,
			T::WeightInfo::place_order_plain,
			T::WeightInfo::place_order_plain_asks,
			T::WeightInfo::place_order_plain_unlocked_asks,
		],
		plain_against_bids: vec![T::WeightInfo::place_order_plain],
		plain_against_asks: vec![
			T::WeightInfo::place_order_plain_asks,
			T::WeightInfo::place_order_plain_unlocked_asks,
		],
	}
}

/// The fill benchmarks' twins for an order of which nothing rests (`place_order_ioc*`: the
/// same orders immediate-or-cancel, the last lot cancelled).
fn cancelling_fills<T: Config>() -> FillBenchmarks {
	FillBenchmarks {
		every: vec![
			T::WeightInfo::place_order_ioc,
			T::WeightInfo::place_order_ioc_plain,
			T::WeightInfo::place_order_ioc_plain_asks,
		],
		plain_against_bids: vec![T::WeightInfo::place_order_ioc_plain],
		plain_against_asks: vec![T::WeightInfo::place_order_ioc_plain_asks],
	}
}

/// What the twins that cancel the last lot do not read and an order that may rest does,
/// whether it rests or not: its identity's open-order count.
fn may_rest_storage<T: Config>() -> Weight {
	T::DbWeight::get().reads(1)
}

/// The weight of `fills` resting orders met, each at the dearest fill measured (in each part,
/// time and proof), with the incoming order's last lot resting ([`resting_fills`]).
pub fn fills_weight<T: Config>(fills: u32) -> Weight {
	dearest(&resting_fills::<T>().every, fills)
}

/// The weight of `fills` plain fills (both accounts held the security and cash before and
/// after) against resting orders of `met_side`: against resting bids, `place_order_plain`;
/// against resting asks, the dearer of `place_order_plain_asks` (sellers with the most
/// lock-up lots, each sale walking them) and `place_order_plain_unlocked_asks` (those lots
/// unlocked and not yet pruned).
pub fn plain_fills_weight<T: Config>(met_side: Side, fills: u32) -> Weight {
	let benchmarks = resting_fills::<T>();
	match met_side {
		Side::Bid => dearest(&benchmarks.plain_against_bids, fills),
		Side::Ask => dearest(&benchmarks.plain_against_asks, fills),
	}
}

/// The weight of an order that meets nothing and rests, the dearest measured: a bid of a
/// buyer not holding yet (`place_resting`: the holder cap is checked), a bid of an account
/// relinked to another identity while holding (`place_resting_relinked`: its balance and its
/// former identity's holding are read besides), an ask of a seller holding the most lock-up
/// lots (`place_resting_ask`). Every placement that meets nothing is charged it, resting or
/// not, and an order that cannot rest is charged at least it up front.
pub fn resting_weight<T: Config>() -> Weight {
	T::WeightInfo::place_resting()
		.max(T::WeightInfo::place_resting_relinked())
		.max(T::WeightInfo::place_resting_ask())
}

/// The storage that resting an order's remainder touches and an order that does not rest
/// never does: the level it joins, read; that level, the order, its expiry key and its
/// identity's open-order count, written. The fill benchmarks (`place_order*`) rest the
/// incoming order's last lot, so their weights include these keys; their immediate-or-cancel
/// twins (`place_order_ioc*`, the last lot cancelled) measured exactly these keys fewer, and
/// one read fewer still: the identity's open-order count, which an order that may rest reads
/// at entry whether it rests or not, so it is not refunded. An order that met the book and
/// of which nothing rests is refunded these keys, and charged at least what the twins measure
/// ([`Placed::weight`]).
pub fn rest_storage<T: Config>() -> Weight {
	T::DbWeight::get().reads_writes(1, 4)
}

/// What meeting orders of `other_venues` venues besides the first costs and the fill
/// benchmarks, whose orders are all of one venue, count once: each such venue's record, read
/// (whether it is active and licensed for the order's owner, `Exchanges::Exchanges`), and
/// its fees in the market's cash, read and written (`VenueFees`), with the execution of
/// those lookups: what `place_order_venues` (each resting order of a venue of its own)
/// measures a fill more than `place_order`, never less than those keys' database weight,
/// and, once for any venue met besides the first, what it measures at no fill more than
/// `place_order` (a market listing as many venues as a market may: its record is decoded
/// whole). Charged after dispatch for the venues met (`VenuesMet`), up front for as many as
/// the orders may be of (`venue_storage_up_front`).
pub fn venue_storage<T: Config>(other_venues: u32) -> Weight {
	if other_venues == 0 {
		return Weight::zero();
	}
	let (between_venues, within_one) =
		(T::WeightInfo::place_order_venues as Measured, T::WeightInfo::place_order as Measured);
	let keys = T::DbWeight::get().reads_writes(2, 1);
	let each = slope(between_venues).saturating_sub(slope(within_one)).max(keys);
	let listing = between_venues(0).saturating_sub(within_one(0));
	listing.saturating_add(each.saturating_mul(other_venues.into()))
}

/// [`venue_storage`] up front for `orders` orders met: each of another venue, up to every
/// venue a market may list but the first ([`Config::MaxVenues`]).
pub(crate) fn venue_storage_up_front<T: Config>(orders: u32) -> Weight {
	venue_storage::<T>(orders.min(T::MaxVenues::get().saturating_sub(1)))
}

/// What an order of which nothing rests is charged for `fills` fills at the dearest: the
/// resting benchmarks less [`rest_storage`], or their twins that cancel the last lot with the
/// read an order that may rest makes ([`may_rest_storage`]), whichever is dearer.
pub(crate) fn cancelled_fills_weight<T: Config>(fills: u32) -> Weight {
	fills_weight::<T>(fills)
		.saturating_sub(rest_storage::<T>())
		.max(dearest(&cancelling_fills::<T>().every, fills).saturating_add(may_rest_storage::<T>()))
}

/// What placing an order with `time_in_force` and `max_fills` is charged up front: every fill
/// at the dearest ([`fills_weight`]) with the venues they may meet ([`venue_storage`]), and
/// for an order that may rest (good-till-cancelled, post-only) the eviction of a full level;
/// at least whatever it may be charged after ([`Placed::weight`]): its fills as an order of
/// which nothing rests ([`cancelled_fills_weight`]), or a placement that meets nothing
/// ([`resting_weight`]). An immediate-or-cancel or fill-or-kill order never rests (during an
/// auction it is refused), so it never evicts nor writes a rest.
pub(crate) fn placement_weight<T: Config>(time_in_force: TimeInForce, max_fills: u32) -> Weight {
	let not_resting = cancelled_fills_weight::<T>(max_fills).max(resting_weight::<T>());
	let placing = match time_in_force {
		TimeInForce::ImmediateOrCancel | TimeInForce::FillOrKill => not_resting,
		TimeInForce::GoodTillCancelled | TimeInForce::PostOnly => fills_weight::<T>(max_fills)
			.saturating_add(T::WeightInfo::evict_level(T::MaxOrdersPerLevel::get()))
			.max(not_resting),
	};
	placing.saturating_add(venue_storage_up_front::<T>(max_fills))
}

impl Placed {
	/// The weight of what the placement did: a non-crossing place ([`resting_weight`]), or
	/// the fills, each at the dearest fill ([`fills_weight`]) except plain fills, refunded to
	/// what their side's benchmark of plain fills measures ([`plain_fills_weight`]; never
	/// below it for all the call's fills, nor above [`fills_weight`]); when nothing of the
	/// order rests, that less [`rest_storage`] or the same reckoning from the twins that
	/// cancel the last lot (`place_order_ioc*`, with [`may_rest_storage`]), whichever is
	/// dearer; plus what the venues of
	/// the orders met besides its own cost ([`venue_storage`]) and any eviction.
	///
	/// Each plain fill is refunded, on each benchmark's line, the difference between that
	/// line's slope and its side's plain one (`FillBenchmarks::weight`).
	pub fn weight<T: Config>(&self) -> Weight {
		let placing = if self.met == 0 {
			resting_weight::<T>()
		} else {
			let (met, plain, side) = (self.met, self.plain_fills, self.met_side);
			let rested = resting_fills::<T>().weight(met, plain, side);
			// Every fill benchmark rests the order's last lot; their twins cancel it.
			let fills = if self.rested {
				rested
			} else {
				rested.saturating_sub(rest_storage::<T>()).max(
					cancelling_fills::<T>()
						.weight(met, plain, side)
						.saturating_add(may_rest_storage::<T>()),
				)
			};
			fills.saturating_add(venue_storage::<T>(self.other_venues))
		};
		let evicted = match self.evicted {
			0 => Weight::zero(),
			n => T::WeightInfo::evict_level(n),
		};
		placing.saturating_add(evicted)
	}
}

/// What uncrossing `pairs` pairs of orders is charged, `both_left` of them pairs in which
/// both orders left the book. A pair in which one order leaves is measured two ways,
/// `uncross_auction` (one-lot bids leaving against one seller's ask, which stays) and
/// `uncross_auction_leaving_asks` (asks leaving, each seller's last token, against one bid,
/// which stays); a pair in which both leave by `uncross_auction_pairs`. The charge is the
/// dearest of: each one-leaving benchmark's line with its `both_left` pairs at the
/// both-leaving slope (when that is dearer), and the both-leaving benchmark for its pairs
/// with the other pairs at the dearest one-leaving slope.
pub(crate) fn uncrossing_weight<T: Config>(pairs: u32, both_left: u32) -> Weight {
	let one_leaves: [Measured; 2] =
		[T::WeightInfo::uncross_auction, T::WeightInfo::uncross_auction_leaving_asks];
	let both_leave = T::WeightInfo::uncross_auction_pairs as Measured;
	let both_left = both_left.min(pairs);
	let one_left = u64::from(pairs - both_left);
	let as_one_leaving = one_leaves.iter().fold(Weight::zero(), |most, benchmark| {
		let more = slope(both_leave).saturating_sub(slope(*benchmark));
		most.max(benchmark(pairs).saturating_add(more.saturating_mul(both_left.into())))
	});
	let as_both_leaving =
		both_leave(both_left).saturating_add(dearest_slope(&one_leaves).saturating_mul(one_left));
	as_one_leaving.max(as_both_leaving)
}

/// What uncrossing up to `max_pairs` pairs is charged up front: at least [`uncrossing_weight`]
/// for any pairs and pairs that both left up to it (its lines grow with the pairs, and with
/// those that both left either always or never, so the dearest is at one end).
pub(crate) fn uncrossing_weight_up_front<T: Config>(max_pairs: u32) -> Weight {
	uncrossing_weight::<T>(max_pairs, max_pairs).max(uncrossing_weight::<T>(max_pairs, 0))
}
