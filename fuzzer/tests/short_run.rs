//! The short fuzzing run of `scripts/test.sh`: a fixed seed, 100 episodes of 300 blocks,
//! split in two halves run on both cores (the same episodes; about 35 s here, 75 s on one).
//! `scripts/fuzz.sh --minutes N` runs longer, with random seeds.

use std::time::Duration;

#[test]
fn a_fixed_seed_breaks_no_invariant() {
	let config = stledger_fuzzer::Config {
		seed: 20261201,
		blocks_per_episode: 300,
		episodes: Some(100),
		duration: None,
		max_txs_per_block: 12,
		shrink_for: Duration::from_secs(120),
		start: stledger_fuzzer::from_genesis,
	};
	match stledger_fuzzer::run_in_parallel(&config, 2) {
		Ok(stats) => {
			println!(
				"{} blocks, {} calls, {} invariant checks in {:.0} s",
				stats.blocks,
				stats.calls,
				stats.checks,
				stats.elapsed.as_secs_f64()
			);
			// The run reached deep into the pallets, not only their refusals.
			for kind in [
				"Orderbook.place_order",
				"Orderbook.amend_order",
				"Orderbook.set_investor_limits",
				"Orderbook.set_price_controls",
				"Orderbook.uncross_auction",
				"Orderbook.place_market_order",
				"Securities.transfer",
				"Securities.forced_transfer",
				"Securities.redeem",
				"Offerings.settle",
				"Council.close",
				"Utility.batch_all",
				"Exchanges.connect_node",
				"Exchanges.disconnect_node",
				"Exchanges.replace_node",
			] {
				let ok = stats.per_kind.get(kind).map_or(0, |k| k.ok);
				assert!(ok > 0, "{kind} never succeeded");
			}
		},
		Err(failure) => panic!("{}", stledger_fuzzer::describe(&failure)),
	}
}
