//! `stledger-fuzz`: run the runtime fuzzer (see the crate docs; `scripts/fuzz.sh` wraps it).

use clap::Parser;
use std::time::Duration;

/// Random calls against the ST Ledger runtime, checked against its invariants.
#[derive(Parser)]
struct Cli {
	/// Run for this many minutes.
	#[arg(long, default_value_t = 2.0)]
	minutes: f64,
	/// The first episode's seed (default: from the clock).
	#[arg(long)]
	seed: Option<u64>,
	/// Run only this many episodes.
	#[arg(long)]
	episodes: Option<u32>,
	/// Blocks per episode.
	#[arg(long, default_value_t = 300)]
	blocks: u32,
	/// At most this many extrinsics per block.
	#[arg(long, default_value_t = 12)]
	max_txs: u64,
	/// Seconds to spend looking for a shorter failing sequence.
	#[arg(long, default_value_t = 120)]
	shrink_seconds: u64,
}

fn main() {
	let cli = Cli::parse();
	let seed = cli.seed.unwrap_or_else(|| {
		std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map(|d| d.as_nanos() as u64)
			.unwrap_or(1)
	});
	let config = stledger_fuzzer::Config {
		seed,
		blocks_per_episode: cli.blocks,
		episodes: cli.episodes,
		duration: Some(Duration::from_secs_f64(cli.minutes * 60.0)),
		max_txs_per_block: cli.max_txs,
		shrink_for: Duration::from_secs(cli.shrink_seconds),
		start: stledger_fuzzer::from_genesis,
	};
	println!("seed {seed}, {} blocks per episode, up to {} minutes", cli.blocks, cli.minutes);
	let result = stledger_fuzzer::run(&config, |episode_seed, stats| {
		println!(
			"episode {:>4} (seed {episode_seed}) done: {} blocks, {} calls, {:.0} calls/s",
			stats.episodes,
			stats.blocks,
			stats.calls,
			stats.calls as f64 / stats.elapsed.as_secs_f64().max(0.001)
		);
	});
	match result {
		Ok(stats) => {
			print_stats(&stats);
			println!("no invariant broken");
		},
		Err(failure) => {
			eprintln!("{}", stledger_fuzzer::describe(&failure));
			eprintln!("FAILED: rerun with --seed {} --episodes 1", failure.seed);
			std::process::exit(1);
		},
	}
}

fn print_stats(stats: &stledger_fuzzer::Stats) {
	let seconds = stats.elapsed.as_secs_f64().max(0.001);
	println!(
		"{} episodes, {} blocks, {} calls in {:.0} s: {:.0} calls/s, {} invariant checks",
		stats.episodes,
		stats.blocks,
		stats.calls,
		seconds,
		stats.calls as f64 / seconds,
		stats.checks
	);
	println!(
		"{:<34} {:>8} {:>8} {:>8}  most frequent refusals",
		"call", "ok", "refused", "invalid"
	);
	for (kind, k) in &stats.per_kind {
		let mut refusals: Vec<_> = k.refusals.iter().collect();
		refusals.sort_by(|a, b| b.1.cmp(a.1));
		let top: Vec<String> =
			refusals.iter().take(3).map(|(name, n)| format!("{name} {n}")).collect();
		println!("{kind:<34} {:>8} {:>8} {:>8}  {}", k.ok, k.failed, k.invalid, top.join(", "));
	}
}
