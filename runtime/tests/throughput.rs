//! Issue 14's targets that the committed weights decide (docs/performance.md, "What the
//! chain charges"): how many fills a block of normal-class weight holds when every
//! extrinsic is a sweep of `MaxFillsPerCall` fills at the dearest fill measured, how long
//! such a sweep is charged, and what placing, cancelling and a compliant transfer cost
//! against `balances.transfer_keep_alive`.
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

/// The dearest fill measured, as `place_order` charges and refunds it
/// (`pallet_orderbook::matching::fills_weight`).
fn dearest_fills(fills: u32) -> Weight {
	OrderbookWeights::place_order(fills).max(OrderbookWeights::place_order_plain_asks(fills))
}

#[test]
fn a_block_holds_two_thousand_fills_and_a_sweep_a_tenth_of_a_block() {
	let limits = RuntimeBlockWeights::get();
	let normal = limits.get(DispatchClass::Normal).max_total.expect("a normal-class limit");
	let max_fills = <Runtime as pallet_orderbook::Config>::MaxFillsPerCall::get();
	let call = sweep(max_fills);
	// Charged up front: every fill at the dearest, and the eviction of a full level.
	let up_front = in_block(&call, call.get_dispatch_info().call_weight);
	// What it costs once dispatched: the fills, without an eviction.
	let dispatched = in_block(&call, dearest_fills(max_fills));
	// A block author includes the next sweep while its up-front charge still fits.
	let mut used = Weight::zero();
	let mut sweeps = 0u32;
	while used.saturating_add(up_front).all_lte(normal) {
		used = used.saturating_add(dispatched);
		sweeps += 1;
	}
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

#[test]
fn placing_cancelling_and_transferring_against_a_plain_transfer() {
	let db = <Runtime as frame_system::Config>::DbWeight::get();
	let yardstick =
		<Runtime as pallet_balances::Config>::WeightInfo::transfer_keep_alive().ref_time();
	let ratio = |weight: Weight| weight.ref_time() as f64 / yardstick as f64;
	let place = OrderbookWeights::place_resting();
	let cancel = OrderbookWeights::cancel_order();
	let transfer = <Runtime as pallet_securities::Config>::WeightInfo::transfer();
	let fill = dearest_fills(1).saturating_sub(dearest_fills(0));
	println!(
		"transfer_keep_alive {:.1} µs; place_resting {:.2}× (target 3×); cancel_order \
		 {:.2}× (target 3×); securities.transfer {:.2}× (target 4×); a fill {:.1} µs \
		 (database weights: {:.1} µs a read, {:.1} µs a write)",
		yardstick as f64 / 1e6,
		ratio(place),
		ratio(cancel),
		ratio(transfer),
		fill.ref_time() as f64 / 1e6,
		db.read as f64 / 1e6,
		db.write as f64 / 1e6,
	);
	// Cancelling is met (issue 14); placing and a compliant transfer are not yet: they are
	// reported, not asserted.
	assert!(ratio(cancel) <= 3.0, "cancel_order is {:.2}× transfer_keep_alive", ratio(cancel));
}
