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

/// How long a node with an applied set and no peer waits before it adds the chain spec's
/// boot nodes.
const STUCK_AFTER: Duration = Duration::from_secs(30);

/// Applies the authorized set, from the best block's state and `reserved` (the operator's
/// `--reserved-nodes`), to `network`: once at start, then every second while `sync` says
/// the node is in major sync. If no peer connects for [`STUCK_AFTER`], the chain spec's
/// `boot_nodes` join the set (the consortium's, never a command line's: the state's set may
/// be older than every peer it names), and the node says so every time. Every node the
/// state bars (`pallet_exchanges::BarredNodes`) is left out of what the state does not
/// authorize itself. Runs for the node's life.
pub async fn apply_while_syncing(
	client: Arc<FullClient>,
	network: Arc<dyn NetworkService>,
	sync: impl SyncOracle + Send + 'static,
	reserved: HashSet<PeerId>,
	boot_nodes: HashSet<PeerId>,
) {
	let own = OpaquePeerId(network.local_peer_id().to_bytes());
	let mut applied: Option<HashSet<PeerId>> = None;
	let mut said_open = false;
	let mut said_unreadable = false;
	let mut without_peers = Duration::ZERO;
	loop {
		let connected = network.status().await.map_or(0, |status| status.num_connected_peers);
		without_peers =
			if connected == 0 { without_peers + WHILE_SYNCING_EVERY } else { Duration::ZERO };
		let stuck = applied.is_some() && without_peers >= STUCK_AFTER;
		if applied.is_none() || sync.is_major_syncing() || stuck {
			let info = client.info();
			let extra = if stuck {
				reserved.union(&boot_nodes).copied().collect()
			} else {
				reserved.clone()
			};
			match read_the_set(&client, info.best_hash, &own, &extra) {
				Ok(set) => {
					let peers = set.peers();
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
					} else if applied.as_ref() != Some(&peers) || stuck {
						if stuck {
							log::error!(
								target: LOG_TARGET,
								"No peer for {} s: the authorized set at #{} names no reachable \
								 node. The chain spec's boot nodes are added; give the node \
								 --reserved-nodes with nodes of your exchange.",
								without_peers.as_secs(),
								info.best_number,
							);
							without_peers = Duration::ZERO;
						}
						log::info!(
							target: LOG_TARGET,
							"Authorized set applied from #{}: {} from the chain's state, {} from \
							 --reserved-nodes{} (until the offchain worker applies it).",
							info.best_number,
							set.from_state.len(),
							set.extra.len(),
							if stuck { " and the chain spec's boot nodes" } else { "" },
						);
						network.set_authorized_peers(peers.clone());
						network.set_authorized_only(true);
						applied = Some(peers);
					}
				},
				Err(error) if !said_unreadable => {
					log::warn!(
						target: LOG_TARGET,
						"The authorized set could not be read at #{}: {error}",
						info.best_number,
					);
					said_unreadable = true;
				},
				Err(_) => {},
			}
		}
		futures_timer::Delay::new(WHILE_SYNCING_EVERY).await;
	}
}

/// What the state at a block authorizes, and the peers added to it that it does not bar.
struct AuthorizedSet {
	from_state: HashSet<PeerId>,
	extra: HashSet<PeerId>,
}

impl AuthorizedSet {
	fn peers(&self) -> HashSet<PeerId> {
		self.from_state.union(&self.extra).copied().collect()
	}
}

/// The set `pallet-node-authorization`'s offchain worker would apply for `own` in the state at
/// `at` (its well-known nodes and `own`'s additional connections), and those of `extra` the
/// state does not bar (`pallet_exchanges::BarredNodes`). Read from their storage keys (the
/// layout of every release: no runtime call, so the state of an older runtime reads too).
fn read_the_set(
	client: &FullClient,
	at: <stledger_runtime::opaque::Block as sp_runtime::traits::Block>::Hash,
	own: &OpaquePeerId,
	extra: &HashSet<PeerId>,
) -> Result<AuthorizedSet, String> {
	let read = |key: Vec<u8>| client.storage(at, &StorageKey(key)).map_err(|e| e.to_string());
	let set = |key: Vec<u8>| -> Result<BTreeSet<OpaquePeerId>, String> {
		read(key)?.map_or(Ok(BTreeSet::new()), |value| {
			BTreeSet::decode(&mut &value.0[..]).map_err(|e| e.to_string())
		})
	};
	let from_state =
		authorized_peers(own, set(well_known_nodes_key())?, set(additional_connections_key(own))?);
	let mut not_barred = HashSet::new();
	for peer in extra.iter().filter(|peer| !from_state.contains(peer)) {
		if read(barred_node_key(peer))?.is_none() {
			not_barred.insert(*peer);
		}
	}
	Ok(AuthorizedSet { from_state, extra: not_barred })
}

fn well_known_nodes_key() -> Vec<u8> {
	pallet_node_authorization::WellKnownNodes::<Runtime>::hashed_key().to_vec()
}

fn additional_connections_key(own: &OpaquePeerId) -> Vec<u8> {
	pallet_node_authorization::AdditionalConnections::<Runtime>::hashed_key_for(own)
}

fn barred_node_key(peer: &PeerId) -> Vec<u8> {
	// A peer id longer than a node id cannot be barred: its key is then one nothing has.
	let node: pallet_exchanges::NodeId = peer.to_bytes().try_into().unwrap_or_default();
	pallet_exchanges::BarredNodes::<Runtime>::hashed_key_for(&node)
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

	#[test]
	fn the_bar_key_is_where_the_exchanges_pallet_bars_a_node() {
		let barred = PeerId::random();
		let mut ext = sp_io::TestExternalities::new(genesis_storage(&local_network()));
		ext.execute_with(|| {
			let node: pallet_exchanges::NodeId = barred.to_bytes().try_into().unwrap();
			pallet_exchanges::BarredNodes::<Runtime>::insert(&node, 7);
			assert!(sp_io::storage::get(&barred_node_key(&barred)).is_some());
			assert!(sp_io::storage::get(&barred_node_key(&PeerId::random())).is_none());
		});
	}
}
