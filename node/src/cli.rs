//! Command-line interface.

/// The node's subcommands, besides running a node (no subcommand).
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect, insert keys; generate and inspect node keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (`--raw` for the launch spec).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification, plain or `--raw`, from a preset (`dev`, `local`) or a
	/// network description (`chain-specs/*.json`).
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Benchmark the runtime's pallets (built with `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// A validator's new session keys and their ownership proof, generated into its keystore
	/// with the node stopped (no unsafe RPC method needed).
	SessionKeys(crate::session_keys::SessionKeysCmd),
}

/// `stledger-node [SUBCOMMAND] [OPTIONS]`.
#[derive(Debug, clap::Parser)]
#[command(
	propagate_version = true,
	args_conflicts_with_subcommands = true,
	subcommand_negates_reqs = true
)]
pub struct Cli {
	/// A subcommand; without one the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of a running node.
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,
}

/// The command-line checks' tests: a running node's options as the node parses them, and a
/// refusal by its exact reason.
#[cfg(test)]
pub(crate) mod testing {
	use super::Cli;

	/// The run command `args` (the binary's name first) parse into.
	pub fn run_of(args: &[&str]) -> sc_cli::RunCmd {
		Cli::try_parse_from_args(args.iter().copied()).expect("the command line parses").run
	}

	/// Asserts that `ensure` refuses `args` with exactly `reason`.
	pub fn refused_with(
		ensure: fn(&sc_cli::RunCmd) -> sc_cli::Result<()>,
		args: &[&str],
		reason: &str,
	) {
		let refused = ensure(&run_of(args)).expect_err("the command line must be refused");
		assert!(
			matches!(&refused, sc_cli::Error::Input(message) if message == reason),
			"{args:?}: {refused}"
		);
	}
}
