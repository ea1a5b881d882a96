//! The node's network backend: libp2p, and only libp2p.
//!
//! A consortium takes a node off the network by taking its peer id out of
//! `pallet-node-authorization`'s authorized set (a bar, a disconnection, a replaced key, an
//! exchange removed). Every node applies that set to its peers from its offchain worker,
//! every block, as a reserved-only peer set. `sc-network` 0.60's litep2p backend refuses new
//! connections from a node outside the set but keeps the live ones open: its notification
//! peerset (`src/litep2p/shim/notification/peerset.rs`, `SetReservedOnly`) marks every
//! connected peer `Closing`, reserved ones included, and a peer in `Closing` that later leaves
//! the reserved set, or is disconnected or banned, is never closed. So with litep2p a barred
//! node keeps its peers, and the blocks and transactions they relay, until one side restarts.
//! The libp2p backend closes those connections when the set changes. A node's operator could
//! otherwise keep a barred peer connected by starting with `--network-backend litep2p`
//! (polkadot-sdk's default), so the node runs libp2p unless told otherwise and refuses
//! litep2p by name.

use sc_cli::NetworkBackendType;

/// The id clap gives `sc_cli::NetworkParams::network_backend` (flattened into the run command).
const NETWORK_BACKEND_ARG: &str = "network_backend";

/// Why `--network-backend litep2p` is refused: the error the node exits with.
pub const LITEP2P_REFUSED: &str = "`--network-backend litep2p` is refused: litep2p (sc-network \
	0.60) keeps the live connections of a node taken out of the authorized set (a barred, \
	disconnected or replaced node, a removed exchange's), so a barred node would stay on the \
	network through this one. ST Ledger nodes run libp2p, the default: drop the option.";

/// The option's help (`-h` and `--help`).
const HELP: &str = "Network backend: libp2p. litep2p is refused: it keeps the live connections \
	of a node taken out of the authorized set.";

/// Makes libp2p the default of `--network-backend` in the node's command line and says why
/// in its help.
pub fn libp2p_by_default(command: clap::Command) -> clap::Command {
	command
		.mut_arg(NETWORK_BACKEND_ARG, |arg| arg.default_value("libp2p").help(HELP).long_help(HELP))
}

/// Refuses every backend but libp2p, with the reason.
pub fn ensure_libp2p(backend: NetworkBackendType) -> sc_cli::Result<()> {
	match backend {
		NetworkBackendType::Libp2p => Ok(()),
		NetworkBackendType::Litep2p => Err(LITEP2P_REFUSED.into()),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::cli::Cli;

	fn backend_of(args: &[&str]) -> NetworkBackendType {
		Cli::parse_from_args(args.iter().copied()).run.network_params.network_backend
	}

	#[test]
	fn a_node_runs_libp2p_unless_told_otherwise() {
		assert_eq!(backend_of(&["stledger-node"]), NetworkBackendType::Libp2p);
		assert_eq!(
			backend_of(&["stledger-node", "--chain", "local", "--alice"]),
			NetworkBackendType::Libp2p
		);
		assert_eq!(
			backend_of(&["stledger-node", "--network-backend", "libp2p"]),
			NetworkBackendType::Libp2p
		);
		assert!(ensure_libp2p(NetworkBackendType::Libp2p).is_ok());
	}

	#[test]
	fn litep2p_is_refused_by_name() {
		for spelling in ["litep2p", "Litep2p"] {
			let backend = backend_of(&["stledger-node", "--network-backend", spelling]);
			assert_eq!(backend, NetworkBackendType::Litep2p);
			let refused = ensure_libp2p(backend).expect_err("litep2p must be refused");
			assert!(
				matches!(&refused, sc_cli::Error::Input(reason) if reason == LITEP2P_REFUSED),
				"{refused}"
			);
		}
	}

	#[test]
	fn the_help_names_libp2p_as_the_default() {
		use clap::CommandFactory;
		let mut command = libp2p_by_default(Cli::command());
		for help in [command.render_help().to_string(), command.render_long_help().to_string()] {
			assert!(help.contains("litep2p is refused"), "{help}");
			assert!(help.contains("[default: libp2p]"), "{help}");
		}
	}
}
