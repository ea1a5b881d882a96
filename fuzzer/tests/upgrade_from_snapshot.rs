//! The upgrade from the previous release executed as a block, then fuzzed: every episode
//! starts from a snapshot of a `local` network running release 101 with the demo world and
//! a load run (`runtime/tests/snapshots/local-spec101.json`). Its first block is the first
//! this runtime executes on that state, so the migrations run in `Executive::initialize_block`
//! as on a live chain; then random calls of every role, with every invariant of the fuzzer
//! checked after each extrinsic and block.

use frame_support::traits::{GetStorageVersion, StorageVersion};
use std::time::Duration;
use stledger_fuzzer::chain::{BlockPlan, Chain};
use stledger_runtime::{snapshot::Snapshot, Orderbook, Runtime, Securities, VERSION};

const SNAPSHOT: &str = include_str!("../../runtime/tests/snapshots/local-spec101.json");

fn from_snapshot() -> Chain {
	Chain::from_snapshot(&Snapshot::parse(SNAPSHOT), stledger_fuzzer::actors::actors())
}

#[test]
fn the_first_block_on_the_previous_release_state_upgrades_it() {
	let mut chain = from_snapshot();
	let before = chain.read(|| {
		frame_system::LastRuntimeUpgrade::<Runtime>::get().map(|info| info.spec_version.0)
	});
	assert_eq!(before, Some(101));
	let number = chain.number();
	chain
		.apply_block(&BlockPlan { slots: 1, txs: vec![] }, |_| Ok::<_, ()>(()), |_| Ok(()))
		.expect("the upgrade block applies");
	assert_eq!(chain.number(), number + 1);
	chain.read(|| {
		assert_eq!(
			frame_system::LastRuntimeUpgrade::<Runtime>::get().map(|info| info.spec_version.0),
			Some(VERSION.spec_version)
		);
		// Release 105 moved the securities ledger to layout 2 (one position per account),
		// release 107 to layout 3 (each security's rules in its record), release 130 to
		// layout 4 (each security's tokens held for settlements counted: none here), release
		// 132 to layout 5 (each identity's counted too: none here).
		assert_eq!(Securities::on_chain_storage_version(), StorageVersion::new(5));
		assert_eq!(pallet_securities::HeldForSettlement::<Runtime>::iter().count(), 0);
		assert_eq!(pallet_securities::IdentityHeldForSettlement::<Runtime>::iter().count(), 0);
		assert!(pallet_securities::Positions::<Runtime>::iter_values().count() > 0);
		// Release 106 built the licence table from the registries (layout 2); release 117
		// names each pending link's proposer (layout 3).
		assert_eq!(
			stledger_runtime::Attestation::on_chain_storage_version(),
			StorageVersion::new(3)
		);
		assert!(!pallet_attestation::Licences::<Runtime>::get().exchanges.is_empty());
		// Release 103 moved the order book to layout 2 (markets with order limits).
		assert_eq!(Orderbook::on_chain_storage_version(), StorageVersion::new(2));
		assert!(pallet_orderbook::Markets::<Runtime>::iter_values().count() > 0);
	});
}

#[test]
fn the_upgraded_state_breaks_no_invariant_under_random_calls() {
	let config = stledger_fuzzer::Config {
		seed: 20261202,
		blocks_per_episode: 100,
		episodes: Some(20),
		duration: None,
		max_txs_per_block: 12,
		shrink_for: Duration::from_secs(120),
		start: from_snapshot,
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
			for kind in ["Orderbook.place_order", "Securities.transfer", "Orderbook.cancel_order"] {
				let ok = stats.per_kind.get(kind).map_or(0, |k| k.ok);
				assert!(ok > 0, "{kind} never succeeded on the upgraded state");
			}
		},
		Err(failure) => panic!("{}", stledger_fuzzer::describe(&failure)),
	}
}
