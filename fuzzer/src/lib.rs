//! # ST Ledger runtime fuzzer
//!
//! Random sequences of calls, applied to the real runtime (`stledger-runtime` with the
//! `local` genesis, not a mock) block by block through `Executive`, so the call filter,
//! transaction extensions, fees and hooks run as on a node. Calls come from every ST Ledger
//! pallet, `pallet-assets`, `utility` batches (nested) and council motions, signed by every
//! kind of actor ([`actors`]), with time jumps across expiries, lock-ups and offering
//! windows.
//!
//! After every extrinsic and every block the [`invariants`] are checked; on a failure the
//! run stops and looks for the shortest sequence that still fails the same way.
//!
//! `scripts/fuzz.sh --minutes N` runs it with random seeds; `scripts/test.sh` runs a short,
//! fixed-seed version (`fuzzer/tests/short_run.rs`). See `docs/fuzzing.md`.

#![deny(missing_docs)]

pub mod actions;
pub mod actors;
pub mod chain;
pub mod invariants;
pub mod rng;
pub mod run;

pub use run::{from_genesis, run, run_in_parallel, Config, Failure, Stats};

/// A readable account of a failing sequence: one line per extrinsic.
pub fn describe(failure: &Failure) -> String {
	let actors = actors::actors();
	let mut out = format!(
		"seed {}: {:?}\nshortest failing sequence ({} blocks of the original {}):\n",
		failure.seed,
		failure.broken,
		failure.shortest.len(),
		failure.original_blocks
	);
	for (number, block) in failure.shortest.iter().enumerate() {
		out.push_str(&format!("block {} (+{} slots)\n", number + 1, block.slots));
		for tx in &block.txs {
			out.push_str(&format!("  {}: {:?}\n", actors[tx.signer].name, tx.call));
		}
	}
	out
}
