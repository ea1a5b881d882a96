//! Issue 14's targets that the committed weights decide (docs/performance.md, "What the
//! chain charges"): how many fills a block of normal-class weight holds when every
//! extrinsic is a sweep of `MaxFillsPerCall` fills at the dearest fill measured, how long
//! such a sweep is charged, how many fills a block of smaller takers holds against a block of
//! transfers, and what placing, cancelling and a compliant transfer cost against
//! `balances.transfer_keep_alive`.
//!
//! Every figure comes from the weights the benchmarks wrote (`scripts/benchmark.sh`), the
//! block limits and the transaction extensions of this runtime: the test fails when a
//! regeneration of the weights, or a change to the runtime's limits, loses a target it
//! asserts. `cargo test -p stledger-runtime --test throughput -- --nocapture` prints them.

use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	traits::Get,
	weights::Weight,
};
use pallet_balances::WeightInfo as _;
use pallet_orderbook::WeightInfo as _;
use pallet_securities::WeightInfo as _;
use sp_runtime::{generic::Era, traits::TransactionExtension};
use stledger_runtime::{configs::RuntimeBlockWeights, Runtime, RuntimeCall, TxExtension};

type OrderbookWeights = <Runtime as pallet_orderbook::Config>::WeightInfo;

/// The extensions every signed transaction runs, fees in STL.
fn extensions() -> TxExtension {
	stledger_runtime::tx_extension(Era::Immortal, 0)
}

/// What a block counts for one signed extrinsic whose call weighs `call_weight`.
fn in_block(call: &RuntimeCall, call_weight: Weight) -> Weight {
	let base = RuntimeBlockWeights::get().get(DispatchClass::Normal).base_extrinsic;
	base.saturating_add(call_weight).saturating_add(extensions().weight(call))
}

fn sweep(max_fills: u32) -> RuntimeCall {
	RuntimeCall::Orderbook(pallet_orderbook::Call::place_order {
		market: 0,
		venue: 0,
		side: pallet_orderbook::Side::Bid,
		price: 1,
		lots: max_fills.into(),
		time_in_force: pallet_orderbook::TimeInForce::ImmediateOrCancel,
		expires_at: None,
		client_id: 0,
		self_trade: None,
		max_fills,
	})
}

fn ms(weight: Weight) -> f64 {
	weight.ref_time() as f64 / 1e9
}

/// The venues the markets of these figures list: the four exchanges of `local`.
const VENUES_LISTED: u32 = 4;

/// What a taker that met `fills` resting asks and of which nothing rests (an
/// immediate-or-cancel bid) is charged once dispatched, as the pallet charges it
/// (`pallet_orderbook::Placed::weight`): the dearest fills, or for `plain` fills (both
/// parties held the security and cash before and after) what `place_order_plain_asks`
/// measures (release 114), less the storage of the rest the benchmarks include (release
/// 111) or what the twins that cancel the last lot measure, whichever is dearer (release
/// 116), plus the venues besides its own that the orders met are of (release 112, counted
/// as met since release 113, their execution since 116): at worst, each order of another
/// venue of a market of [`VENUES_LISTED`].
fn taker_fills(fills: u32, plain: bool) -> Weight {
	pallet_orderbook::Placed {
		met: fills,
		plain_fills: if plain { fills } else { 0 },
		met_side: pallet_orderbook::Side::Ask,
		evicted: 0,
		rested: false,
		other_venues: fills.min(VENUES_LISTED - 1),
	}
	.weight::<Runtime>()
}

#[test]
fn a_block_holds_two_thousand_fills_and_a_sweep_a_tenth_of_a_block() {
	let limits = RuntimeBlockWeights::get();
	let normal = limits.get(DispatchClass::Normal).max_total.expect("a normal-class limit");
	let max_fills = <Runtime as pallet_orderbook::Config>::MaxFillsPerCall::get();
	let call = sweep(max_fills);
	// Charged up front: every fill at the dearest (an immediate-or-cancel sweep never rests,
	// so it is not charged a level's eviction, release 110, nor a rest's storage, 111, but at
	// least what its twins that cancel the last lot measure).
	let up_front = in_block(&call, call.get_dispatch_info().call_weight);
	// What it costs once dispatched: the fills, without an eviction.
	let dispatched = in_block(&call, taker_fills(max_fills, false));
	let sweeps = per_block(up_front, dispatched);
	let fills = sweeps * max_fills;
	println!(
		"a sweep of {max_fills} fills: {:.1} ms charged up front, {:.1} ms dispatched; \
		 {sweeps} sweeps = {fills} fills in a block's {:.0} ms of normal weight",
		ms(up_front),
		ms(dispatched),
		ms(normal)
	);
	assert!(fills >= 2_000, "{fills} fills a block, below 2,000");
	assert!(
		up_front.ref_time() <= limits.max_block.ref_time() / 10,
		"a sweep is charged more than a tenth of a block"
	);
}

/// How many extrinsics of `call` a block author includes into one block's normal weight:
/// the next while its up-front charge still fits, each counted as dispatched.
fn per_block(up_front: Weight, dispatched: Weight) -> u32 {
	let normal = RuntimeBlockWeights::get()
		.get(DispatchClass::Normal)
		.max_total
		.expect("a normal-class limit");
	let mut used = Weight::zero();
	let mut count = 0u32;
	while used.saturating_add(up_front).all_lte(normal) {
		used = used.saturating_add(dispatched);
		count += 1;
	}
	count
}

/// How many `balances.transfer_keep_alive` a block of normal-class weight holds.
fn plain_transfers_per_block() -> u32 {
	let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: sp_runtime::MultiAddress::Id([1u8; 32].into()),
		value: 1,
	});
	let weight = in_block(&transfer, transfer.get_dispatch_info().call_weight);
	per_block(weight, weight)
}

/// The network target (fills a second at least half of plain transfers a second), as far as
/// the weights decide it: a full block of takers that each sweep `lots` one-lot asks against a
/// full block of `balances.transfer_keep_alive`. On the four validators the load tool
/// (`scripts/load.mjs --mix cross --lots-per-bid K`, `--mix transfer`; docs/performance.md,
/// "Takers that sweep") measured exactly what this prints for the committed weights: 2,870
/// transfers, and 695, 1,048, 1,404, 1,696 and 1,888 fills a full block for 1, 2, 4, 8 and 16
/// lots: blocks are filled by weight, so this is the target's guard. (The yardstick measured
/// again on 2026-12-03 made it 2,900 transfers; the FRAME weights measured on the machine of
/// the securities weights that night, 3,025; every pallet measured in one run for release
/// 109, 3,108, and 769, 1,158, 1,552, 1,864 and 2,080 fills; with takers charged up front
/// without an eviction, release 110, 775, 1,168, 1,564, 1,880 and 2,096, as the network
/// showed for 1 and 4 lots; refunded the storage of the rest they do not do, release 111,
/// 813, 1,210, 1,600, 1,904 and 2,112.) Since release 112 each fill is charged one venue more
/// as if every seller were of another venue than the taker's; since release 113 only those
/// that are, so on the network, where the load tool spreads its investors over the four
/// venues, a taker meeting a seller of its own venue pays less: these are the fewest fills.
#[test]
fn a_block_of_eight_lot_sweeps_holds_half_as_many_fills_as_transfers() {
	let transfers = plain_transfers_per_block();
	let charges = |lots: u32, plain: bool| {
		let call = sweep(lots);
		let up_front = in_block(&call, call.get_dispatch_info().call_weight);
		(up_front, in_block(&call, taker_fills(lots, plain)))
	};
	let fills_of = |lots: u32, plain: bool| {
		let (up_front, dispatched) = charges(lots, plain);
		per_block(up_front, dispatched) * lots
	};
	let cases = [1, 2, 4, 8, 16, 128].map(|lots| (lots, false));
	for (lots, plain) in cases.into_iter().chain([(1, true), (4, true)]) {
		let fills = fills_of(lots, plain);
		let (up_front, dispatched) = charges(lots, plain);
		println!(
			"takers of {lots} lots{}: {fills} fills a block, {:.1} % of {transfers} transfers \
			 (each charged {:.2} ms up front, {:.2} ms dispatched)",
			if plain { ", plain fills" } else { "" },
			100.0 * fills as f64 / transfers as f64,
			ms(up_front),
			ms(dispatched)
		);
	}
	// One-fill takers are not there yet (a whole placement each): reported, not asserted.
	let fills = fills_of(8, false);
	assert!(
		2 * fills >= transfers,
		"{fills} fills a block of 8-lot takers, less than half of {transfers} transfers"
	);
}

#[test]
fn placing_cancelling_and_transferring_against_a_plain_transfer() {
	let db = <Runtime as frame_system::Config>::DbWeight::get();
	let yardstick =
		<Runtime as pallet_balances::Config>::WeightInfo::transfer_keep_alive().ref_time();
	let ratio = |weight: Weight| weight.ref_time() as f64 / yardstick as f64;
	// What an order that meets nothing is charged: the dearest resting placement measured.
	let place = pallet_orderbook::resting_weight::<Runtime>();
	let cancel = OrderbookWeights::cancel_order();
	let transfer = pallet_securities::Pallet::<Runtime>::transfer_weight();
	let between_holders =
		<Runtime as pallet_securities::Config>::WeightInfo::transfer_between_holders();
	// The dearest fill measured, as `place_order` charges it (the benchmarks' incoming order
	// rests its last lot), on average over a sweep: the dearest benchmark at one fill may be
	// another than at many (the one with the larger fixed part).
	let dearest = pallet_orderbook::fills_weight::<Runtime>;
	let max_fills = <Runtime as pallet_orderbook::Config>::MaxFillsPerCall::get();
	let fill = (dearest(max_fills).ref_time() - dearest(0).ref_time()) / u64::from(max_fills);
	println!(
		"transfer_keep_alive {:.1} µs; place_resting {:.2}× (target 3×); cancel_order \
		 {:.2}× (target 3×); securities.transfer {:.2}× at the worst case, {:.2}× between \
		 holders (target 4×); a fill {:.1} µs (database weights: {:.1} µs a read, {:.1} µs \
		 a write)",
		yardstick as f64 / 1e6,
		ratio(place),
		ratio(cancel),
		ratio(transfer),
		ratio(between_holders),
		fill as f64 / 1e6,
		db.read as f64 / 1e6,
		db.write as f64 / 1e6,
	);
	// Cancelling and a compliant transfer between holders (what a transfer is refunded to
	// when no holder appears or leaves, release 109) are met (issue 14); a resting place is
	// not: it is reported, not asserted.
	assert!(ratio(cancel) <= 3.0, "cancel_order is {:.2}× transfer_keep_alive", ratio(cancel));
	assert!(
		ratio(between_holders) <= 4.0,
		"securities.transfer between holders is {:.2}× transfer_keep_alive",
		ratio(between_holders)
	);
	// What `transfer` refunds down to is never more than what it charges up front.
	assert!(between_holders.all_lte(transfer), "{between_holders:?} above {transfer:?}");
}

/// Compliant peer-to-peer transfers a block: charged their worst case up front (a sender
/// that stops holding, to a new holder), refunded down to `transfer_between_holders` when
/// both parties held before and hold after (the common trade). Printed against plain
/// transfers; the refund must leave room for more.
#[test]
fn a_block_holds_more_transfers_between_holders_than_to_new_holders() {
	let plain_per_block = plain_transfers_per_block();
	let compliant = RuntimeCall::Securities(pallet_securities::Call::transfer {
		security: 1000,
		to: [2u8; 32].into(),
		amount: 1,
	});
	let up_front = in_block(&compliant, compliant.get_dispatch_info().call_weight);
	let between_holders = in_block(
		&compliant,
		<Runtime as pallet_securities::Config>::WeightInfo::transfer_between_holders(),
	);
	let at_worst = per_block(up_front, up_front);
	let among_holders = per_block(up_front, between_holders);
	println!(
		"securities.transfer a block: {at_worst} at the worst case, {among_holders} \
		 between holders; {plain_per_block} transfer_keep_alive"
	);
	assert!(among_holders > at_worst, "the refund leaves no room for more transfers");
}
