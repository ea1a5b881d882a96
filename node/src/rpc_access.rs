//! Who reaches a node's unsafe RPC methods: its own host, and only when its operator asks.
//!
//! The unsafe methods administer the node: they write its keystore (`author_insertKey`,
//! `author_rotateKeys*`), drop transactions from its pool (`author_removeExtrinsic`) and
//! change its peers (`system_addReservedPeer`, `system_removeReservedPeer`). polkadot-sdk's
//! default, `--rpc-methods auto`, serves them on a loopback interface to every connection,
//! so a venue's reverse proxy forwarding to a validator's loopback port handed them to its
//! investors; and with `--rpc-cors all` (or `--dev`, whose default is every origin) any web
//! page opened in a browser on the node's host could call them. The node therefore:
//!
//! - serves the **safe** methods unless told otherwise (`--rpc-methods safe` is its default);
//!   an operator rotating a validator's keys starts it with `--rpc-methods unsafe`;
//! - refuses, at start and with the reason, unsafe methods (asked for, or `auto` on
//!   loopback) on an interface other than loopback, or open to every browser origin; the
//!   same for each `--experimental-rpc-endpoint`.

use sc_cli::{CliConfiguration, RpcEndpoint, RpcMethods};

/// The id clap gives `sc_cli::RpcParams::rpc_methods` (flattened into the run command).
const RPC_METHODS_ARG: &str = "rpc_methods";

/// The RPC port `sc-cli` listens on when none is given: only read to describe the endpoints.
const DEFAULT_RPC_PORT: u16 = 9944;

/// Why unsafe methods on a non-loopback interface are refused: the error the node exits with.
pub const UNSAFE_RPC_NOT_LOCAL: &str = "unsafe RPC methods are served on loopback only: they \
	write the node's keystore, drop transactions from its pool and change its peers. Serve \
	others with `--rpc-methods safe` (the default) and rotate keys on the node's host.";

/// Why unsafe methods open to every browser origin are refused: the error the node exits with.
pub const UNSAFE_RPC_ANY_ORIGIN: &str = "unsafe RPC methods are refused with `--rpc-cors \
	all` (the default of `--dev`): any web page opened on this host could write the node's \
	keystore. Name the origins with `--rpc-cors`, or serve `--rpc-methods safe` (the default).";

/// `--rpc-methods`' help (`-h` and `--help`).
const RPC_METHODS_HELP: &str = "RPC methods to expose: safe (the default) or unsafe (key \
	rotation, the pool's and the peers' administration), which the node serves on loopback \
	only and never to every browser origin (`--rpc-cors all`). `auto` is unsafe on loopback, \
	safe elsewhere.";

/// Makes `safe` the default of `--rpc-methods` in the node's command line, and says why in
/// its help.
pub fn serve_safe_rpc_methods_by_default(command: clap::Command) -> clap::Command {
	command.mut_arg(RPC_METHODS_ARG, |arg| {
		arg.default_value("safe").help(RPC_METHODS_HELP).long_help(RPC_METHODS_HELP)
	})
}

/// Refuses a running node's command line if any of its RPC endpoints would serve unsafe
/// methods beyond loopback or to every browser origin, with the reason.
pub fn ensure_unsafe_rpc_stays_local(run: &sc_cli::RunCmd) -> sc_cli::Result<()> {
	// The endpoints as `sc-cli` builds them for the RPC server (`CliConfiguration::rpc_addr`).
	let endpoints = run.rpc_addr(DEFAULT_RPC_PORT)?.unwrap_or_default();
	endpoints.iter().try_for_each(ensure_endpoint_keeps_unsafe_methods_local)
}

/// One endpoint: unsafe methods (asked for, or `auto` on loopback, as `sc-rpc-server`
/// decides) only on loopback, and only with a list of origins (`cors: None` lets every
/// origin in).
fn ensure_endpoint_keeps_unsafe_methods_local(endpoint: &RpcEndpoint) -> sc_cli::Result<()> {
	let loopback = endpoint.listen_addr.ip().is_loopback();
	let unsafe_methods = match endpoint.rpc_methods {
		RpcMethods::Unsafe => true,
		RpcMethods::Auto => loopback,
		RpcMethods::Safe => false,
	};
	if !unsafe_methods {
		return Ok(());
	}
	if !loopback {
		return Err(UNSAFE_RPC_NOT_LOCAL.into());
	}
	if endpoint.cors.is_none() {
		return Err(UNSAFE_RPC_ANY_ORIGIN.into());
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::cli::Cli;

	fn run_of(args: &[&str]) -> sc_cli::RunCmd {
		Cli::parse_from_args(args.iter().copied()).run
	}

	fn refused_with(args: &[&str], reason: &str) {
		let refused = ensure_unsafe_rpc_stays_local(&run_of(args))
			.expect_err("the command line must be refused");
		assert!(
			matches!(&refused, sc_cli::Error::Input(message) if message == reason),
			"{args:?}: {refused}"
		);
	}

	#[test]
	fn a_node_serves_safe_methods_unless_told_otherwise() {
		for args in [
			&["stledger-node"][..],
			&["stledger-node", "--chain", "local", "--alice"],
			&["stledger-node", "--rpc-external", "--rpc-cors", "all"],
			&["stledger-node", "--unsafe-rpc-external", "--validator"],
			&["stledger-node", "--dev"],
		] {
			let run = run_of(args);
			assert!(matches!(run.rpc_params.rpc_methods, RpcMethods::Safe), "{args:?}");
			assert!(ensure_unsafe_rpc_stays_local(&run).is_ok(), "{args:?}");
		}
	}

	#[test]
	fn unsafe_methods_on_loopback_for_a_named_origin_are_served() {
		for args in [
			&["stledger-node", "--validator", "--rpc-methods", "unsafe"][..],
			&[
				"stledger-node",
				"--alice",
				"--rpc-methods=Unsafe",
				"--rpc-cors",
				"https://a.example",
			],
			&["stledger-node", "--rpc-methods", "auto"],
			&["stledger-node", "--rpc-methods", "auto", "--rpc-external"],
			&[
				"stledger-node",
				"--experimental-rpc-endpoint",
				"listen-addr=127.0.0.1:9944,methods=unsafe,cors=http://localhost:3000",
			],
		] {
			assert!(ensure_unsafe_rpc_stays_local(&run_of(args)).is_ok(), "{args:?}");
		}
	}

	#[test]
	fn unsafe_methods_beyond_loopback_are_refused_by_name() {
		for args in [
			&["stledger-node", "--rpc-external", "--rpc-methods", "unsafe"][..],
			&["stledger-node", "--unsafe-rpc-external", "--rpc-methods", "unsafe", "--validator"],
			&[
				"stledger-node",
				"--experimental-rpc-endpoint",
				"listen-addr=0.0.0.0:9944,methods=unsafe",
			],
			&[
				"stledger-node",
				"--experimental-rpc-endpoint",
				"listen-addr=10.0.0.5:9944,methods=unsafe,cors=https://a.example",
			],
		] {
			refused_with(args, UNSAFE_RPC_NOT_LOCAL);
		}
	}

	#[test]
	fn unsafe_methods_open_to_every_origin_are_refused_by_name() {
		for args in [
			&["stledger-node", "--rpc-methods", "unsafe", "--rpc-cors", "all"][..],
			&["stledger-node", "--rpc-methods", "auto", "--rpc-cors", "all"],
			&["stledger-node", "--dev", "--rpc-methods", "unsafe"],
			&[
				"stledger-node",
				"--experimental-rpc-endpoint",
				"listen-addr=127.0.0.1:9944,methods=unsafe",
			],
			&["stledger-node", "--experimental-rpc-endpoint", "listen-addr=127.0.0.1:9944"],
		] {
			refused_with(args, UNSAFE_RPC_ANY_ORIGIN);
		}
	}

	#[test]
	fn the_help_names_the_default_and_the_refusals() {
		use clap::CommandFactory;
		let mut command = serve_safe_rpc_methods_by_default(Cli::command());
		for help in [command.render_help().to_string(), command.render_long_help().to_string()] {
			// The help wraps lines at the terminal's width.
			let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
			assert!(help.contains("on loopback only and never to every browser origin"), "{help}");
			assert!(help.contains("[default: safe]"), "{help}");
		}
	}
}
