//! Runs the subcommand the command line asks for.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	peering, rpc_access, service,
};
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;
use stledger_runtime::opaque::Block;

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"ST Ledger Node".into()
	}

	fn impl_version() -> String {
		env!("CARGO_PKG_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/stledger/stledger/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		chain_spec::load(id)
	}
}

impl Cli {
	/// Parses a command line as `SubstrateCli::from_iter` does, with the node's peering
	/// defaults (`peering`: libp2p, the offchain worker always) and its RPC default
	/// (`rpc_access`: safe methods); prints the error or help and exits if it must.
	pub fn parse_from_args<I>(args: I) -> Self
	where
		I: IntoIterator,
		I::Item: Into<std::ffi::OsString> + Clone,
	{
		Self::try_parse_from_args(args).unwrap_or_else(|e| e.exit())
	}

	/// [`Self::parse_from_args`], returning clap's error (or help) rather than exiting.
	pub fn try_parse_from_args<I>(args: I) -> Result<Self, clap::Error>
	where
		I: IntoIterator,
		I::Item: Into<std::ffi::OsString> + Clone,
	{
		use clap::{CommandFactory, FromArgMatches};
		let command = peering::peer_by_the_authorized_set(Self::setup_command(Self::command()));
		let command = rpc_access::serve_safe_rpc_methods_by_default(command);
		Self::from_arg_matches(&command.try_get_matches_from(args)?)
	}
}

/// Parse the command line and run it.
pub fn run() -> sc_cli::Result<()> {
	let cli = Cli::parse_from_args(std::env::args_os());

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => {
			use frame_benchmarking_cli::BenchmarkCmd;
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| match cmd {
				BenchmarkCmd::Pallet(cmd) => cmd
					.run_with_spec::<sp_runtime::traits::HashingFor<Block>, ()>(Some(
						config.chain_spec,
					)),
				BenchmarkCmd::Machine(cmd) => {
					cmd.run(&config, frame_benchmarking_cli::SUBSTRATE_REFERENCE_HARDWARE.clone())
				},
				// What this machine's ParityDB costs a read and a write, on the state of the
				// database given by `--base-path` (`scripts/benchmark-machine.sh`).
				BenchmarkCmd::Storage(cmd) => {
					let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
					let db = backend.expose_db();
					let storage = backend.expose_storage();
					let shared_trie_cache = backend.expose_shared_trie_cache();
					cmd.run(config, client, db, storage, shared_trie_cache)
				},
				// The block and extrinsic base weights: empty blocks, and blocks of remarks.
				BenchmarkCmd::Overhead(cmd) => {
					let PartialComponents { client, .. } = service::new_partial(&config)?;
					let remarks = crate::benchmarking::RemarkBuilder::new(client.clone());
					cmd.run(
						config.chain_spec.name().into(),
						client,
						crate::benchmarking::inherent_benchmark_data()?,
						Vec::new(),
						&remarks,
						false,
					)
				},
				// One extrinsic's full cost in a block, e.g. `--pallet balances --extrinsic
				// transfer_keep_alive`.
				BenchmarkCmd::Extrinsic(cmd) => {
					let PartialComponents { client, .. } = service::new_partial(&config)?;
					let builders: Vec<Box<dyn frame_benchmarking_cli::ExtrinsicBuilder>> = vec![
						Box::new(crate::benchmarking::RemarkBuilder::new(client.clone())),
						Box::new(crate::benchmarking::TransferKeepAliveBuilder::new(
							client.clone(),
							sp_keyring::Sr25519Keyring::Alice.to_account_id(),
							stledger_runtime::EXISTENTIAL_DEPOSIT,
						)),
					];
					cmd.run(
						client,
						crate::benchmarking::inherent_benchmark_data()?,
						Vec::new(),
						&frame_benchmarking_cli::ExtrinsicFactory(builders),
					)
				},
				BenchmarkCmd::Block(_) => {
					Err("`benchmark block` is not supported: use `benchmark overhead`".into())
				},
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		Some(Subcommand::SessionKeys(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| {
				// On stdout, alone: scripts read it; the node's log goes to stderr.
				println!("{}", cmd.run(&config)?.to_json());
				Ok(())
			})
		},
		None => {
			peering::ensure_peering_by_the_authorized_set(&cli.run)?;
			rpc_access::ensure_unsafe_rpc_stays_local(&cli.run)?;
			let runner = cli.create_runner(&cli.run)?;
			rpc_access::warn_when_unsafe_methods_are_served(&cli.run);
			runner.run_node_until_exit(|config| async move {
				service::new_full::<
					sc_network::NetworkWorker<Block, <Block as sp_runtime::traits::Block>::Hash>,
				>(config)
				.map_err(sc_cli::Error::Service)
			})
		},
	}
}
