//! An exchange's connected nodes (release 115): operators connect and disconnect peer ids
//! drawn from a small pool of node keys, which the exchanges' own nodes are part of, so that
//! connections are made and taken back, and every refusal happens (`NotOperator`,
//! `NotActiveOperator`, `EmptyNodeId`, `NodeIdNotEd25519`, `BadNodeKeyProof`, `NodeInUse`,
//! `TooManyConnectedNodes`, `NodeNotConnected`, `NodeBarred`), and replace their exchanges'
//! nodes (release 119); the consortium disconnects, bars and lifts bars by motion
//! (`Planner::consortium_call`). Connecting takes the node key's proof (release 118): the
//! fuzzer holds the pool's keys and signs, usually for the caller's exchange.

use super::Planner;
use pallet_exchanges::{testing::TestNodeKey, NodeId, NodeKeyProof};
use stledger_runtime::RuntimeCall;

/// The genesis exchanges' own node keys: `loopback_node_key(1..=4)`, the pool's seeds 1 to 4
/// (holding them, the fuzzer reaches `NodeInUse` past the proof check).
const OWN_NODES: u64 = 4;

/// How many node keys besides the exchanges' own nodes the pool holds (seeds 5 to 10): more
/// than one exchange may connect (`MaxConnectedNodes`, 4), so that exchanges contend for
/// them and one exchange can fill its slots (`TooManyConnectedNodes`).
const POOL: u64 = 6;

impl Planner<'_> {
	/// A peer id: usually one of the pool's, sometimes one an exchange has (its own node or
	/// a connected one), rarely empty or not an ed25519 key's.
	pub(super) fn peer_id(&mut self) -> NodeId {
		match self.rng.below(20) {
			0 => NodeId::default(),
			1 => NodeId::truncate_from(b"fuzz-node".to_vec()),
			2..=5 if !self.view.nodes.is_empty() => {
				self.rng.pick(&self.view.nodes).cloned().unwrap_or_default()
			},
			_ => self.pool_key().node_id(),
		}
	}

	fn pool_key(&mut self) -> TestNodeKey {
		TestNodeKey::new(1 + self.rng.below(OWN_NODES + POOL) as u32)
	}

	/// A pool node and its key's proof for `signer`'s exchange (sometimes for another's, or
	/// no proof at all), or a peer id whose key the fuzzer does not hold.
	fn node_with_proof(&mut self, signer: usize) -> (NodeId, NodeKeyProof) {
		if self.rng.chance(15) {
			return (self.peer_id(), [0; 64]);
		}
		let key = self.pool_key();
		let own = self.view.node_key_messages.get(&self.accounts[signer]).cloned();
		let message = match own {
			Some(message) if self.rng.chance(90) => message,
			_ => self
				.rng
				.pick(&self.view.node_key_messages.values().cloned().collect::<Vec<_>>())
				.cloned()
				.unwrap_or_default(),
		};
		(key.node_id(), key.sign(&message))
	}

	/// An operator connects or disconnects a peer id, or replaces its exchange's node
	/// (sometimes another actor tries).
	pub(super) fn node_connection(&mut self) -> (Option<usize>, RuntimeCall) {
		use pallet_exchanges::Call;
		let signer = self.operator();
		let call = match self.rng.below(10) {
			0..=4 => {
				let (node, proof) = self.node_with_proof(signer);
				Call::connect_node { node, proof }
			},
			5 => {
				let (node, proof) = self.node_with_proof(signer);
				Call::replace_node { node, proof }
			},
			_ => Call::disconnect_node { node: self.peer_id() },
		};
		(Some(signer), RuntimeCall::Exchanges(call))
	}
}
