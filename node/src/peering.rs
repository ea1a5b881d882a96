//! Who a node peers with: the consortium's authorized set, applied on every node, by a backend
//! that closes what leaves it.
//!
//! A consortium takes a node off the network by taking its peer id out of
//! `pallet-node-authorization`'s authorized set (a bar, a disconnection, a replaced key, an
//! exchange removed). Each node applies that set to its own peers from its offchain worker,
//! in the block that changes it and every block after, as a reserved-only peer set. Two
//! defaults of polkadot-sdk's command line undo that, so the node changes both and refuses
//! them by name:
//!
//! - **The offchain worker runs on every node** (`--offchain-worker always`). polkadot-sdk
//!   runs it on validators only (`when-authority`), so an exchange's RPC or archive node
//!   applied no set at all: it peered with any node, a rogue or barred one included, and
//!   relayed the chain's blocks, votes and transactions to it.
//! - **The network backend is libp2p** (`--network-backend libp2p`). `sc-network` 0.60's
//!   litep2p backend refuses new connections from a node outside the set but keeps the live
//!   ones: its notification peerset (`src/litep2p/shim/notification/peerset.rs`,
//!   `SetReservedOnly`) marks every connected peer `Closing`, reserved ones included, and a
//!   peer in `Closing` that later leaves the reserved set, or is disconnected or banned, is
//!   never closed. A barred node kept its peers until one side restarted. libp2p closes its
//!   block-announce, GRANDPA and transaction streams when the set changes.

use sc_cli::{NetworkBackendType, OffchainWorkerEnabled};

/// The ids clap gives `sc_cli::NetworkParams::network_backend` and
/// `sc_cli::OffchainWorkerParams::enabled` (both flattened into the run command).
const NETWORK_BACKEND_ARG: &str = "network_backend";
const OFFCHAIN_WORKER_ARG: &str = "enabled";

/// Why `--network-backend litep2p` is refused: the error the node exits with.
pub const LITEP2P_REFUSED: &str = "`--network-backend litep2p` is refused: litep2p (sc-network \
	0.60) keeps the live connections of a node taken out of the authorized set (a barred, \
	disconnected or replaced node, a removed exchange's), so a barred node would stay on the \
	network through this one. ST Ledger nodes run libp2p, the default: drop the option.";

/// Why an offchain worker that does not always run is refused: the error the node exits with.
pub const OFFCHAIN_WORKER_REQUIRED: &str = "`--offchain-worker` must be `always`, the default: \
	the offchain worker applies the consortium's authorized nodes to this node's peers, and \
	without it the node peers with any node, a barred or unknown one included, and relays \
	the chain to it. Drop the option.";

/// `--network-backend`'s help (`-h` and `--help`).
const NETWORK_BACKEND_HELP: &str = "Network backend: libp2p. litep2p is refused: it keeps the \
	live connections of a node taken out of the authorized set.";

/// `--offchain-worker`'s help (`-h` and `--help`).
const OFFCHAIN_WORKER_HELP: &str = "Offchain worker: always, on every node (it applies the \
	consortium's authorized nodes to the node's peers); `never` and `when-authority` are \
	refused.";

/// Makes `always` the default of `--offchain-worker` and libp2p the default of
/// `--network-backend` in the node's command line, and says why in their help.
pub fn peer_by_the_authorized_set(command: clap::Command) -> clap::Command {
	command
		.mut_arg(NETWORK_BACKEND_ARG, |arg| {
			arg.default_value("libp2p").help(NETWORK_BACKEND_HELP).long_help(NETWORK_BACKEND_HELP)
		})
		.mut_arg(OFFCHAIN_WORKER_ARG, |arg| {
			arg.default_value("always").help(OFFCHAIN_WORKER_HELP).long_help(OFFCHAIN_WORKER_HELP)
		})
}

/// Refuses a running node's command line unless it runs libp2p and always runs the offchain
/// worker, with the reason.
pub fn ensure_peering_by_the_authorized_set(run: &sc_cli::RunCmd) -> sc_cli::Result<()> {
	match run.network_params.network_backend {
		NetworkBackendType::Libp2p => {},
		NetworkBackendType::Litep2p => return Err(LITEP2P_REFUSED.into()),
	}
	match run.offchain_worker_params.enabled {
		OffchainWorkerEnabled::Always => Ok(()),
		OffchainWorkerEnabled::Never | OffchainWorkerEnabled::WhenAuthority => {
			Err(OFFCHAIN_WORKER_REQUIRED.into())
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::cli::{testing::run_of, Cli};

	fn refused_with(args: &[&str], reason: &str) {
		crate::cli::testing::refused_with(ensure_peering_by_the_authorized_set, args, reason)
	}

	#[test]
	fn a_node_runs_libp2p_and_its_offchain_worker_unless_told_otherwise() {
		for args in [
			&["stledger-node"][..],
			&["stledger-node", "--chain", "local", "--alice"],
			&["stledger-node", "--rpc-external", "--state-pruning", "archive"],
			&["stledger-node", "--network-backend", "libp2p", "--offchain-worker", "always"],
			&["stledger-node", "--network-backend=Libp2p", "--offchain-worker=Always"],
		] {
			let run = run_of(args);
			assert_eq!(run.network_params.network_backend, NetworkBackendType::Libp2p, "{args:?}");
			assert!(matches!(run.offchain_worker_params.enabled, OffchainWorkerEnabled::Always));
			assert!(ensure_peering_by_the_authorized_set(&run).is_ok(), "{args:?}");
		}
	}

	#[test]
	fn litep2p_is_refused_by_name() {
		for spelling in ["litep2p", "Litep2p", "LITEP2P"] {
			refused_with(&["stledger-node", "--network-backend", spelling], LITEP2P_REFUSED);
		}
		refused_with(
			&["stledger-node", "--network-backend=litep2p", "--validator"],
			LITEP2P_REFUSED,
		);
	}

	#[test]
	fn an_offchain_worker_that_does_not_always_run_is_refused_by_name() {
		for value in ["never", "when-authority", "Never", "WHEN-AUTHORITY"] {
			refused_with(&["stledger-node", "--offchain-worker", value], OFFCHAIN_WORKER_REQUIRED);
			refused_with(
				&["stledger-node", "--validator", "--offchain-worker", value],
				OFFCHAIN_WORKER_REQUIRED,
			);
		}
	}

	#[test]
	fn the_help_names_the_defaults_and_the_refusals() {
		use clap::CommandFactory;
		let mut command = peer_by_the_authorized_set(Cli::command());
		for help in [command.render_help().to_string(), command.render_long_help().to_string()] {
			// The help wraps lines at the terminal's width.
			let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
			assert!(help.contains("litep2p is refused"), "{help}");
			assert!(help.contains("[default: libp2p]"), "{help}");
			assert!(help.contains("`never` and `when-authority` are refused"), "{help}");
			assert!(help.contains("[default: always]"), "{help}");
		}
	}
}
