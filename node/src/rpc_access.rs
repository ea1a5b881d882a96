//! Who reaches a node's unsafe RPC methods: its own host, only when its operator asks, and
//! never on a validator.
//!
//! The unsafe methods administer the node: they write its keystore (`author_insertKey`,
//! `author_rotateKeys*`), drop transactions from its pool (`author_removeExtrinsic`) and
//! change its peers (`system_addReservedPeer`, `system_removeReservedPeer`). polkadot-sdk's
//! default, `--rpc-methods auto`, serves them on a loopback interface to every connection,
//! so a venue's reverse proxy forwarding to a validator's loopback port handed them to its
//! investors; and with `--rpc-cors all` (or `--dev`, whose default is every origin) any web
//! page opened in a browser on the node's host could call them over HTTP. The node therefore:
//!
//! - serves the **safe** methods unless told otherwise (`--rpc-methods safe` is its default);
//! - serves the unsafe ones only when asked for by name (`--rpc-methods unsafe`, or
//!   `methods=unsafe` on an `--experimental-rpc-endpoint`; an `auto` that would serve them
//!   is refused), on loopback only, and only with a list of origins (`--rpc-cors all`,
//!   `--dev`'s default, an endpoint without `cors` and the `null` origin any sandboxed page
//!   sends are refused), with the reason, at start;
//! - never serves them on a validator (`--validator`, `--alice` and the other development
//!   keys, `--dev`; this refusal comes first): browsers apply CORS to HTTP requests, not to
//!   WebSocket connections, and the RPC server checks a WebSocket's `Host` but not its
//!   `Origin`, so a page opened in a browser on the node's host would reach them over
//!   `ws://127.0.0.1`. A validator's session keys are generated with the node stopped, by
//!   `stledger-node session-keys` (`crate::session_keys`), which needs no RPC at all.
//!
//! A node that is no validator (an exchange's RPC node) may still serve them on loopback,
//! for its operator: the node says in its log that any page opened on its host reaches them.

use sc_cli::{CliConfiguration, Role, RpcEndpoint, RpcMethods};

/// The id clap gives `sc_cli::RpcParams::rpc_methods` (flattened into the run command).
const RPC_METHODS_ARG: &str = "rpc_methods";

/// The RPC port `sc-cli` listens on when none is given: only read to describe the endpoints.
const DEFAULT_RPC_PORT: u16 = 9944;

/// Why unsafe methods on a non-loopback interface are refused: the error the node exits with.
pub const UNSAFE_RPC_NOT_LOCAL: &str = "unsafe RPC methods are served on loopback only: they \
	write the node's keystore, drop transactions from its pool and change its peers. Serve \
	others with `--rpc-methods safe` (the default; `methods=safe` on an endpoint) and rotate \
	keys on the node's host.";

/// Why unsafe methods open to every browser origin are refused: the error the node exits with.
pub const UNSAFE_RPC_ANY_ORIGIN: &str = "unsafe RPC methods are refused with every browser \
	origin allowed (`--rpc-cors all`, the default of `--dev`, an endpoint without `cors`) or \
	the `null` origin: any web page opened on this host could write the node's keystore. Name \
	the origins (`--rpc-cors`, or `cors=` on the endpoint), or serve `--rpc-methods safe` (the \
	default; `methods=safe` on an endpoint).";

/// Why `auto` is refused where it would serve unsafe methods: the error the node exits with.
pub const UNSAFE_RPC_NOT_ASKED: &str = "`auto` RPC methods on loopback are the unsafe ones: \
	ask for them by name (`--rpc-methods unsafe`, or `methods=unsafe` on the endpoint) or \
	serve `--rpc-methods safe` (the default; `methods=safe` on an endpoint).";

/// Why a validator serving unsafe methods is refused: the error the node exits with.
pub const UNSAFE_RPC_ON_VALIDATOR: &str = "a validator never serves unsafe RPC methods: any \
	web page opened in a browser on its host would reach them over WebSocket (browsers apply \
	no origin check to WebSocket connections) and write its keystore. Generate session keys \
	with the node stopped (`stledger-node session-keys --owner <validator account>`, with \
	the node's `--chain`, `--base-path` and keystore options) and serve `--rpc-methods safe` \
	(the default).";

/// What the node logs whenever it serves unsafe methods.
const UNSAFE_RPC_WARNING: &str = "Unsafe RPC methods are served on loopback: any web page \
	opened in a browser on this host can call them over WebSocket (browsers apply no origin \
	check to WebSocket connections). Serve them only while administering this node.";

/// `--rpc-methods`' help (`-h` and `--help`).
const RPC_METHODS_HELP: &str = "RPC methods to expose: safe (the default) or unsafe (the \
	keystore's, the pool's and the peers' administration), which the node serves on loopback \
	only, never to every browser origin (`--rpc-cors all`) and never on a validator (any web \
	page opened on the host reaches them over WebSocket; a validator's session keys come \
	from `stledger-node session-keys`). `auto` is refused where it would serve the unsafe \
	ones.";

/// Makes `safe` the default of `--rpc-methods` in the node's command line, and says why in
/// its help.
pub fn serve_safe_rpc_methods_by_default(command: clap::Command) -> clap::Command {
	command.mut_arg(RPC_METHODS_ARG, |arg| {
		arg.default_value("safe").help(RPC_METHODS_HELP).long_help(RPC_METHODS_HELP)
	})
}

/// Refuses a running node's command line if any of its RPC endpoints would serve unsafe
/// methods beyond loopback, to every browser origin or on a validator, with the reason.
pub fn ensure_unsafe_rpc_stays_local(run: &sc_cli::RunCmd) -> sc_cli::Result<()> {
	// The endpoints as `sc-cli` builds them for the RPC server (`CliConfiguration::rpc_addr`).
	let endpoints = run.rpc_addr(DEFAULT_RPC_PORT)?.unwrap_or_default();
	// Without endpoints `sc-service` serves `--rpc-methods` on loopback.
	let serves_unsafe = if endpoints.is_empty() {
		serves_unsafe_methods(run.rpc_params.rpc_methods, true)
	} else {
		endpoints.iter().any(endpoint_serves_unsafe_methods)
	};
	// The role as `sc-cli` decides it: `--validator`, a development key or `--dev`. First,
	// so that a validator is not told to fix its origins, or to ask for unsafe methods by
	// name, before being refused anyway.
	let validator = matches!(run.role(run.shared_params.is_dev())?, Role::Authority);
	if validator && serves_unsafe {
		return Err(UNSAFE_RPC_ON_VALIDATOR.into());
	}
	endpoints.iter().try_for_each(ensure_endpoint_keeps_unsafe_methods_local)
}

/// Logs that a WebSocket from any web page on the host reaches the unsafe methods, when the
/// node serves them (once the logger runs: after `create_runner`).
pub fn warn_when_unsafe_methods_are_served(run: &sc_cli::RunCmd) {
	let endpoints = run.rpc_addr(DEFAULT_RPC_PORT).ok().flatten().unwrap_or_default();
	if endpoints.iter().any(endpoint_serves_unsafe_methods) {
		log::warn!(target: "stledger::rpc", "{UNSAFE_RPC_WARNING}");
	}
}

/// One endpoint: unsafe methods only asked for by name (`auto` serves them on loopback, as
/// `sc-rpc-server` decides), only on loopback, and only with a list of origins.
fn ensure_endpoint_keeps_unsafe_methods_local(endpoint: &RpcEndpoint) -> sc_cli::Result<()> {
	if !endpoint_serves_unsafe_methods(endpoint) {
		return Ok(());
	}
	if matches!(endpoint.rpc_methods, RpcMethods::Auto) {
		return Err(UNSAFE_RPC_NOT_ASKED.into());
	}
	if !endpoint.listen_addr.ip().is_loopback() {
		return Err(UNSAFE_RPC_NOT_LOCAL.into());
	}
	// `None` lets every origin in; `null` is what any sandboxed page or local file sends; an
	// endpoint's `cors=*` is kept as a literal origin, on which the server fails to start.
	let any_origin = endpoint.cors.as_ref().is_none_or(|origins| {
		origins.iter().any(|origin| matches!(origin.trim(), "null" | "*" | "all"))
	});
	if any_origin {
		return Err(UNSAFE_RPC_ANY_ORIGIN.into());
	}
	Ok(())
}

/// Whether `endpoint` serves the unsafe methods.
fn endpoint_serves_unsafe_methods(endpoint: &RpcEndpoint) -> bool {
	serves_unsafe_methods(endpoint.rpc_methods, endpoint.listen_addr.ip().is_loopback())
}

/// Whether `methods` serve the unsafe ones on an interface (`loopback` or not): `auto` does
/// on loopback, as `sc-rpc-server` decides.
fn serves_unsafe_methods(methods: RpcMethods, loopback: bool) -> bool {
	match methods {
		RpcMethods::Unsafe => true,
		RpcMethods::Auto => loopback,
		RpcMethods::Safe => false,
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::cli::{testing::run_of, Cli};

	fn refused_with(args: &[&str], reason: &str) {
		crate::cli::testing::refused_with(ensure_unsafe_rpc_stays_local, args, reason)
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
		// `auto` beyond loopback is the safe methods too.
		let auto = run_of(&["stledger-node", "--rpc-methods", "auto", "--rpc-external"]);
		assert!(ensure_unsafe_rpc_stays_local(&auto).is_ok());
	}

	#[test]
	fn unsafe_methods_on_loopback_for_named_origins_are_served_when_asked_for() {
		for args in [
			&["stledger-node", "--rpc-methods", "unsafe"][..],
			&["stledger-node", "--rpc-methods=Unsafe", "--rpc-cors", "https://a.example"],
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
	fn a_validator_never_serves_unsafe_methods() {
		for args in [
			&["stledger-node", "--validator", "--rpc-methods", "unsafe"][..],
			&[
				"stledger-node",
				"--alice",
				"--rpc-methods=Unsafe",
				"--rpc-cors",
				"https://a.example",
			],
			&["stledger-node", "--chain", "local", "--dave", "--rpc-methods", "unsafe"],
			&["stledger-node", "--dev", "--rpc-methods", "unsafe"],
			&["stledger-node", "--validator", "--rpc-methods", "unsafe", "--rpc-cors", "all"],
			&["stledger-node", "--validator", "--rpc-external", "--rpc-methods", "unsafe"],
			&["stledger-node", "--bob", "--rpc-methods", "auto"],
			&[
				"stledger-node",
				"--validator",
				"--experimental-rpc-endpoint",
				"listen-addr=127.0.0.1:9944,methods=unsafe,cors=http://localhost:3000",
			],
		] {
			refused_with(args, UNSAFE_RPC_ON_VALIDATOR);
		}
		// Its safe methods it serves, on loopback and beyond.
		for args in [
			&["stledger-node", "--validator"][..],
			&["stledger-node", "--alice", "--rpc-methods", "safe"],
			&["stledger-node", "--validator", "--unsafe-rpc-external"],
		] {
			assert!(ensure_unsafe_rpc_stays_local(&run_of(args)).is_ok(), "{args:?}");
		}
	}

	#[test]
	fn unsafe_methods_beyond_loopback_are_refused_by_name() {
		for args in [
			&["stledger-node", "--rpc-external", "--rpc-methods", "unsafe"][..],
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
			&["stledger-node", "--rpc-methods", "unsafe", "--rpc-cors", "null"],
			&["stledger-node", "--rpc-methods", "unsafe", "--rpc-cors", "https://a.example,null"],
			&[
				"stledger-node",
				"--experimental-rpc-endpoint",
				"listen-addr=127.0.0.1:9944,methods=unsafe",
			],
			&[
				"stledger-node",
				"--experimental-rpc-endpoint",
				"listen-addr=127.0.0.1:9944,methods=unsafe,cors=null",
			],
			&[
				"stledger-node",
				"--experimental-rpc-endpoint",
				"listen-addr=127.0.0.1:9944,methods=unsafe,cors=*",
			],
		] {
			refused_with(args, UNSAFE_RPC_ANY_ORIGIN);
		}
	}

	#[test]
	fn auto_that_would_serve_unsafe_methods_is_refused_by_name() {
		for args in [
			&["stledger-node", "--rpc-methods", "auto"][..],
			&["stledger-node", "--rpc-methods", "auto", "--rpc-cors", "all"],
			&["stledger-node", "--experimental-rpc-endpoint", "listen-addr=127.0.0.1:9944"],
			&[
				"stledger-node",
				"--experimental-rpc-endpoint",
				"listen-addr=127.0.0.1:9944,cors=http://localhost:3000",
			],
		] {
			refused_with(args, UNSAFE_RPC_NOT_ASKED);
		}
	}

	#[test]
	fn the_help_names_the_default_and_the_refusals() {
		use clap::CommandFactory;
		let mut command = serve_safe_rpc_methods_by_default(Cli::command());
		for help in [command.render_help().to_string(), command.render_long_help().to_string()] {
			// The help wraps lines at the terminal's width.
			let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
			assert!(help.contains("on loopback only, never to every browser origin"), "{help}");
			assert!(help.contains("never on a validator"), "{help}");
			assert!(help.contains("[default: safe]"), "{help}");
		}
	}
}
