//! The consortium's authorized set, applied to the node's peers from the moment it starts.
//!
//! `pallet-node-authorization`'s offchain worker applies the set (reserved-only) on every
//! new best block the node is notified of. A node that starts, or falls more than a few
//! blocks behind, imports in major sync, which notifies no block: until it had caught up
//! the worker did not run, and the node accepted any peer (polkadot-sdk's `Accept`
//! default), so a barred or stranger node that connected meanwhile got the chain's blocks
//! and gossip through it (helper-55, 2026-12-06).
//!
//! [`apply_while_syncing`] applies the same set, read from the state of the node's best
//! block, when the node starts and every second while it is in major sync; the offchain
//! worker takes over once the node follows the head. The state may be old, and a node
//! connected after it (a new node, or one whose every peer has been replaced since) finds
//! nobody in it to sync from: so while syncing the operator's `--reserved-nodes` are
//! authorized too (its own exchange's nodes; they accept it only if *their* set does). A
//! node with neither stays open to any peer until its offchain worker first runs, and
//! says so in its log.

use codec::Decode;
use sc_client_api::StorageProvider;
use sc_network::{service::traits::NetworkService, PeerId};
use sp_blockchain::HeaderBackend;
use sp_consensus::SyncOracle;
use sp_core::{storage::StorageKey, OpaquePeerId};
use std::{
	collections::{BTreeSet, HashSet},
	sync::Arc,
	time::Duration,
};
use stledger_runtime::Runtime;

use crate::service::FullClient;

/// The log target of what this module does.
const LOG_TARGET: &str = "stledger::peering";

/// How often the set is applied while the node is in major sync.
const WHILE_SYNCING_EVERY: Duration = Duration::from_secs(1);

/// Applies the authorized set, from the best block's state and `reserved` (the operator's
/// `--reserved-nodes`), to `network`: once at start, then every second while `sync` says
/// the node is in major sync. Runs for the node's life.
pub async fn apply_while_syncing(
	client: Arc<FullClient>,
	network: Arc<dyn NetworkService>,
	sync: impl SyncOracle + Send + 'static,
	reserved: HashSet<PeerId>,
) {
	let own = OpaquePeerId(network.local_peer_id().to_bytes());
	let mut applied: Option<HashSet<PeerId>> = None;
	let mut said_open = false;
	loop {
		if applied.is_none() || sync.is_major_syncing() {
			let info = client.info();
			match read_the_set(&client, info.best_hash, &own) {
				Ok((well_known, connections)) => {
					let from_state = authorized_peers(&own, well_known, connections);
					let in_state = from_state.len();
					let peers: HashSet<PeerId> =
						from_state.into_iter().chain(reserved.iter().copied()).collect();
					if peers.is_empty() {
						if !said_open {
							log::warn!(
								target: LOG_TARGET,
								"This node is not in the authorized set at #{} and has no \
								 --reserved-nodes: it accepts any peer until its offchain worker \
								 applies the set, once it has caught up.",
								info.best_number,
							);
							said_open = true;
						}
					} else if applied.as_ref() != Some(&peers) {
						log::info!(
							target: LOG_TARGET,
							"Authorized set applied from #{}: {} from the chain's state, {} from \
							 --reserved-nodes (until the offchain worker applies it).",
							info.best_number,
							in_state,
							reserved.len(),
						);
						network.set_authorized_peers(peers.clone());
						network.set_authorized_only(true);
						applied = Some(peers);
					}
				},
				Err(error) => log::warn!(
					target: LOG_TARGET,
					"The authorized set could not be read at #{}: {error}",
					info.best_number,
				),
			}
		}
		futures_timer::Delay::new(WHILE_SYNCING_EVERY).await;
	}
}

/// `pallet-node-authorization`'s well-known nodes and `own`'s additional connections in the
/// state at `at`, read from their storage keys (the layout of every release: no runtime
/// call, so the state of an older runtime reads too).
fn read_the_set(
	client: &FullClient,
	at: <stledger_runtime::opaque::Block as sp_runtime::traits::Block>::Hash,
	own: &OpaquePeerId,
) -> Result<(BTreeSet<OpaquePeerId>, BTreeSet<OpaquePeerId>), String> {
	let read = |key: Vec<u8>| -> Result<BTreeSet<OpaquePeerId>, String> {
		let Some(value) = client.storage(at, &StorageKey(key)).map_err(|e| e.to_string())? else {
			return Ok(BTreeSet::new());
		};
		BTreeSet::decode(&mut &value.0[..]).map_err(|e| e.to_string())
	};
	Ok((read(well_known_nodes_key())?, read(additional_connections_key(own))?))
}

fn well_known_nodes_key() -> Vec<u8> {
	pallet_node_authorization::WellKnownNodes::<Runtime>::hashed_key().to_vec()
}

fn additional_connections_key(own: &OpaquePeerId) -> Vec<u8> {
	pallet_node_authorization::AdditionalConnections::<Runtime>::hashed_key_for(own)
}

/// The peers `pallet-node-authorization`'s offchain worker authorizes for `own`
/// (`get_authorized_nodes`): its additional connections and, if it is a well-known node,
/// every other well-known node. Ids that are not peer ids are skipped, as `sc-offchain`
/// skips them.
fn authorized_peers(
	own: &OpaquePeerId,
	mut well_known: BTreeSet<OpaquePeerId>,
	mut connections: BTreeSet<OpaquePeerId>,
) -> HashSet<PeerId> {
	if well_known.remove(own) {
		connections.extend(well_known);
	}
	connections.into_iter().filter_map(|node| PeerId::from_bytes(&node.0).ok()).collect()
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::storage::StoragePrefixedMap;
	use stledger_runtime::genesis_config_presets::{genesis_storage, local_network};

	fn opaque(peer: &PeerId) -> OpaquePeerId {
		OpaquePeerId(peer.to_bytes())
	}

	#[test]
	fn a_well_known_node_is_authorized_the_others_and_its_connections() {
		let [me, a, b, mine] = std::array::from_fn(|_| PeerId::random());
		let well_known = [me, a, b].iter().map(opaque).collect();
		let connections = [mine].iter().map(opaque).collect();
		assert_eq!(
			authorized_peers(&opaque(&me), well_known, connections),
			HashSet::from([a, b, mine])
		);
	}

	#[test]
	fn a_connected_node_is_authorized_its_connections_only() {
		let [me, a, b, exchange_node] = std::array::from_fn(|_| PeerId::random());
		let well_known = [a, b, exchange_node].iter().map(opaque).collect();
		let connections: BTreeSet<_> =
			[exchange_node].iter().map(opaque).chain([OpaquePeerId(vec![1, 2, 3])]).collect();
		assert_eq!(
			authorized_peers(&opaque(&me), well_known, connections),
			HashSet::from([exchange_node]),
			"never the other well-known nodes; bytes that are no peer id skipped"
		);
		let well_known = [a, b].iter().map(opaque).collect();
		assert!(authorized_peers(&opaque(&me), well_known, BTreeSet::new()).is_empty());
	}

	#[test]
	fn the_keys_read_the_sets_the_runtime_stores() {
		let storage = genesis_storage(&local_network()).top;
		let well_known: BTreeSet<OpaquePeerId> = BTreeSet::decode(
			&mut &storage
				.get(&well_known_nodes_key())
				.expect("the local genesis has well-known nodes")[..],
		)
		.unwrap();
		assert_eq!(well_known.len(), 4, "the four exchanges' nodes");
		let alice = well_known.iter().next().unwrap().clone();
		let key = additional_connections_key(&alice);
		assert!(key.starts_with(
			&pallet_node_authorization::AdditionalConnections::<Runtime>::final_prefix()
		));
		assert!(key.ends_with(&codec::Encode::encode(&alice)), "Blake2_128Concat keeps the id");
		let authorized = authorized_peers(&alice, well_known, BTreeSet::new());
		assert_eq!(authorized.len(), 3, "a genesis validator peers with the other three");
	}
}
