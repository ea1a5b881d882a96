//! The consortium's authorized set, applied to the node's peers from the moment it starts.
//!
//! `pallet-node-authorization`'s offchain worker applies the set (reserved-only) on every
//! new best block the node is notified of. A node that starts, or falls more than a few
//! blocks behind, imports in major sync, which notifies no block: until it had caught up
//! the worker did not run, and the node accepted any peer (polkadot-sdk's `Accept`
//! default), so a barred or stranger node that connected meanwhile got the chain's blocks
//! and gossip through it (helper-55, 2026-12-06).
//!
//! [`apply_until_the_offchain_worker_does`] applies the same set, read from the state of the
//! node's best block, every second from the node's start and during each major sync, until
//! the node is notified of a new best block it did not import catching up (the worker runs
//! then, on a recent state). A block imported catching up is notified only when it changes
//! the node's fork, and the worker runs on it with that block's old state: a node restarted
//! on a block of its own that the others never built on, more than a few blocks behind,
//! was handed over on the first block of the others' chain, whose state did not yet name
//! the node's new key, so the worker authorized nobody and nothing ran again (e2e 19,
//! helper-64). While in charge the set is therefore applied every second, over whatever the
//! worker applied from such a block. The state may be old, and a node
//! connected after it (a new node, or one whose every peer has been replaced since) finds
//! nobody in it to sync from: so while syncing the operator's `--reserved-nodes` are
//! authorized too (its own exchange's nodes; they accept it only if *their* set does),
//! unless the state bars them (`pallet_exchanges::BarredNodes`, also left out of what the
//! network starts with: [`drop_barred`]); and a node whose best block does not advance for
//! [`STUCK_AFTER`] adds the chain spec's boot nodes (the consortium's, never a command
//! line's) until it has caught up, logging an error. A node with neither a set
//! nor `--reserved-nodes` stays open to any peer until its offchain worker first runs, and
//! says so in its log.

use codec::Decode;
use futures::{FutureExt, StreamExt};
use sc_client_api::{BlockchainEvents, StorageProvider};
use sc_network::{service::traits::NetworkService, PeerId};
use sp_blockchain::HeaderBackend;
use sp_consensus::{BlockOrigin, SyncOracle};
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

/// How often the set is read and applied while the offchain worker does not.
const WHILE_SYNCING_EVERY: Duration = Duration::from_secs(1);

/// How long a node whose best block does not advance, before its offchain worker has run,
/// waits before it adds the chain spec's boot nodes.
const STUCK_AFTER: Duration = Duration::from_secs(30);

/// Applies the authorized set, from the best block's state and `reserved` (the operator's
/// `--reserved-nodes`), to `network` for as long as the offchain worker does not: from the
/// start until the node imports a new best block it is notified of (the worker runs then),
/// and again during each major sync. If the best block does not advance for
/// [`STUCK_AFTER`] meanwhile, the chain spec's `boot_nodes` join the set (the consortium's,
/// never a command line's: the state's set may be older than every peer it names) until the
/// worker runs, with an error in the log. Of what the state does not authorize itself, the
/// nodes it bars (`pallet_exchanges::BarredNodes`) and the node itself are left out. Runs for
/// the node's life.
pub async fn apply_until_the_offchain_worker_does(
	client: Arc<FullClient>,
	network: Arc<dyn NetworkService>,
	sync: impl SyncOracle + Send + 'static,
	reserved: HashSet<PeerId>,
	boot_nodes: HashSet<PeerId>,
) {
	let own_peer = network.local_peer_id();
	let own = OpaquePeerId(own_peer.to_bytes());
	let mut imports = client.import_notification_stream();
	let mut in_charge = true;
	let mut applied: Option<HashSet<PeerId>> = None;
	let mut with_boot_nodes = false;
	let (mut best, mut still_for) = (client.info().best_number, Duration::ZERO);
	let (mut said_open, mut said_unreadable) = (false, false);
	loop {
		// A new best block the node was notified of: the offchain worker applies the set.
		while let Some(Some(imported)) = imports.next().now_or_never() {
			if hands_over(imported.origin, imported.is_new_best) {
				in_charge = false;
				applied = None;
				with_boot_nodes = false;
			}
		}
		// Major sync notifies no block: the worker stops until the node has caught up.
		in_charge |= sync.is_major_syncing();
		if in_charge {
			let info = client.info();
			if info.best_number == best {
				still_for += WHILE_SYNCING_EVERY;
			} else {
				(best, still_for) = (info.best_number, Duration::ZERO);
			}
			if still_for >= STUCK_AFTER && !with_boot_nodes {
				log::error!(
					target: LOG_TARGET,
					"No block imported for {} s at #{}: the authorized set and --reserved-nodes \
					 name no node to sync from. The chain spec's boot nodes are added until \
					 the node has caught up; give it --reserved-nodes with nodes of your \
					 exchange.",
					still_for.as_secs(),
					info.best_number,
				);
				with_boot_nodes = true;
			}
			let mut extra = if with_boot_nodes {
				reserved.union(&boot_nodes).copied().collect()
			} else {
				reserved.clone()
			};
			extra.remove(&own_peer);
			match read_the_set(&client, info.best_hash, &own, &extra) {
				Ok(set) if set.peers().is_empty() => {
					if !said_open {
						log::warn!(
							target: LOG_TARGET,
							"The authorized set at #{} does not name this node and no \
							 --reserved-nodes is left to add (none given, or all barred): it \
							 accepts any peer until its offchain worker applies the set, once \
							 it has caught up.",
							info.best_number,
						);
						said_open = true;
					}
				},
				Ok(set) => {
					let peers = set.peers();
					// Every second, unchanged or not: the worker may have applied an older
					// state's set since (a block imported catching up).
					network.set_authorized_peers(peers.clone());
					network.set_authorized_only(true);
					if applied.as_ref() != Some(&peers) {
						log::info!(
							target: LOG_TARGET,
							"Authorized set applied from #{}: {} from the chain's state, {} from \
							 --reserved-nodes{} (until the offchain worker applies it).",
							info.best_number,
							set.from_state.len(),
							set.extra.len(),
							if with_boot_nodes { " and the chain spec's boot nodes" } else { "" },
						);
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

/// Whether a block import notification hands the set over to the offchain worker: a new
/// best block imported as the synced node imports (announced, its own, a consensus
/// broadcast), whose state is recent. A block imported catching up (initial sync, warp,
/// gap sync, a file) is notified only when it changes the node's fork, and its state may be
/// older than the set the node applies from its best block: the task stays in charge.
fn hands_over(origin: BlockOrigin, is_new_best: bool) -> bool {
	is_new_best
		&& matches!(
			origin,
			BlockOrigin::NetworkBroadcast | BlockOrigin::Own | BlockOrigin::ConsensusBroadcast
		)
}

/// Leaves out of `reserved_nodes` (the operator's `--reserved-nodes`, which the network
/// starts with) those the best block's state bars: in the case the task applies no set, the
/// network would otherwise dial them.
pub fn drop_barred(
	client: &FullClient,
	reserved_nodes: &mut Vec<sc_network::config::MultiaddrWithPeerId>,
) {
	let best = client.info().best_hash;
	reserved_nodes.retain(|node| {
		let barred = client
			.storage(best, &StorageKey(barred_node_key(&node.peer_id)))
			.is_ok_and(|value| value.is_some());
		if barred {
			log::warn!(target: LOG_TARGET, "--reserved-nodes {} is barred: left out.", node.peer_id);
		}
		!barred
	});
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
	for peer in extra.iter().filter(|peer| !from_state.contains(*peer)) {
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

	/// helper-64: a validator restarted on an orphan block, more than a few blocks behind,
	/// was notified of the first block of the others' chain (a re-org while catching up),
	/// handed the set to the offchain worker, which applied that block's old state (not
	/// naming the node's new key: nobody), and stayed without a peer.
	#[test]
	fn only_a_block_imported_as_a_synced_node_imports_hands_over_to_the_offchain_worker() {
		for origin in
			[BlockOrigin::NetworkBroadcast, BlockOrigin::Own, BlockOrigin::ConsensusBroadcast]
		{
			assert!(hands_over(origin, true), "{origin:?}");
			assert!(!hands_over(origin, false), "{origin:?} not the new best");
		}
		for origin in [
			BlockOrigin::NetworkInitialSync,
			BlockOrigin::WarpSync,
			BlockOrigin::GapSync,
			BlockOrigin::File,
			BlockOrigin::Genesis,
		] {
			assert!(!hands_over(origin, true), "{origin:?}: caught up on an old state");
		}
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
