//! An exchange's connected nodes (release 115): operators connect and disconnect peer ids
//! drawn from a small pool, which the exchanges' own nodes are part of, so that connections
//! are made and taken back, and every refusal happens (`NotOperator`, `NotActiveOperator`,
//! `NodeInUse`, `TooManyConnectedNodes`, `NodeNotConnected`, `EmptyNodeId`); the consortium
//! disconnects by motion (`Planner::consortium_call`).

use super::Planner;
use stledger_runtime::RuntimeCall;

/// How many peer ids besides the exchanges' own nodes the pool holds: more than one exchange
/// may connect (`MaxConnectedNodes`, 4), so that exchanges contend for them.
const POOL: u64 = 6;

impl Planner<'_> {
	/// A peer id: usually one of the pool's, sometimes one an exchange has (its own node or
	/// a connected one), rarely empty.
	pub(super) fn peer_id(&mut self) -> pallet_exchanges::NodeId {
		match self.rng.below(20) {
			0 => pallet_exchanges::NodeId::default(),
			1..=5 if !self.view.nodes.is_empty() => {
				self.rng.pick(&self.view.nodes).cloned().unwrap_or_default()
			},
			_ => pallet_exchanges::NodeId::truncate_from(
				format!("fuzz-node-{}", self.rng.below(POOL)).into_bytes(),
			),
		}
	}

	/// An operator connects or disconnects a peer id (sometimes another actor tries).
	pub(super) fn node_connection(&mut self) -> (Option<usize>, RuntimeCall) {
		use pallet_exchanges::Call;
		let node = self.peer_id();
		let call = if self.rng.chance(60) {
			Call::connect_node { node }
		} else {
			Call::disconnect_node { node }
		};
		(Some(self.operator()), RuntimeCall::Exchanges(call))
	}
}
