//! The nodes an exchange connects to its own ([`Pallet::connect_node`]): the only way a node
//! that is not one of the consortium's may peer, since the runtime refuses
//! `pallet-node-authorization`'s claim and connection calls to every signed account.

use crate::{
	BarredNodes, Config, ConnectedNodes, Error, Event, ExchangeOf, ExchangeOfAccount,
	ExchangeOfNode, Exchanges, NodeId, NodeKeyProof, NodeRegistry, Pallet,
};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{ensure, pallet_prelude::DispatchResult};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::ed25519;
use sp_runtime::{
	traits::{Verify, Zero},
	DispatchError,
};
use stledger_primitives::ExchangeId;

/// What the message a node key signs for [`Pallet::connect_node`] starts with: a signature
/// made for anything else is never a proof.
pub const NODE_KEY_PROOF_TAG: &[u8] = b"stledger/connect-node/v1";

/// How a libp2p peer id of an ed25519 key starts: the identity multihash (code 0, 36 bytes)
/// of the protobuf `PublicKey { Type: Ed25519, Data: <32 bytes> }`. Substrate nodes' keys
/// are ed25519.
pub(crate) const ED25519_PEER_ID_PREFIX: [u8; 6] = [0x00, 0x24, 0x08, 0x01, 0x12, 0x20];

impl<T: Config> Pallet<T> {
	/// The bytes a node's key signs to prove that `exchange`, operated by `operator`, holds
	/// it ([`NodeKeyProof`]): [`NODE_KEY_PROOF_TAG`], this chain's genesis hash, the exchange
	/// id (four bytes, little-endian) and the operator account (SCALE-encoded: an
	/// `AccountId32`'s 32 bytes in the ST Ledger runtime). A proof is good on this chain
	/// only, for this exchange and operator only: another exchange that saw it in the pool
	/// cannot use it; on another network with the same genesis only the same operator
	/// account of the same exchange id could.
	pub fn node_key_message(exchange: ExchangeId, operator: &T::AccountId) -> Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let mut message = NODE_KEY_PROOF_TAG.to_vec();
		message.extend_from_slice(genesis.as_ref());
		message.extend_from_slice(&exchange.to_le_bytes());
		operator.encode_to(&mut message);
		message
	}

	/// The ed25519 public key a peer id embeds, if it is an ed25519 peer id.
	pub fn node_public_key(node: &[u8]) -> Option<ed25519::Public> {
		let key: [u8; 32] = node.strip_prefix(&ED25519_PEER_ID_PREFIX[..])?.try_into().ok()?;
		Some(ed25519::Public::from_raw(key))
	}

	/// Whether `proof` is `node`'s key's signature for `exchange` and its `operator` on this
	/// chain: a node an exchange connects is one whose key it holds, not a peer id it saw
	/// another exchange about to connect.
	pub(crate) fn ensure_holds_node_key(
		exchange: ExchangeId,
		operator: &T::AccountId,
		node: &NodeId,
		proof: &NodeKeyProof,
	) -> DispatchResult {
		ensure!(!node.is_empty(), Error::<T>::EmptyNodeId);
		let key = Self::node_public_key(node).ok_or(Error::<T>::NodeIdNotEd25519)?;
		let message = Self::node_key_message(exchange, operator);
		ensure!(
			ed25519::Signature::from_raw(*proof).verify(&message[..], &key),
			Error::<T>::BadNodeKeyProof
		);
		Ok(())
	}

	/// The exchange `who` is the operator of (not its validator), with its record.
	pub(crate) fn exchange_operated_by(
		who: &T::AccountId,
	) -> Result<(ExchangeId, ExchangeOf<T>), DispatchError> {
		ExchangeOfAccount::<T>::get(who)
			.and_then(|exchange| Exchanges::<T>::get(exchange).map(|info| (exchange, info)))
			.filter(|(_, info)| info.operator == *who)
			.ok_or_else(|| Error::<T>::NotOperator.into())
	}

	pub(crate) fn do_connect_node(
		exchange: ExchangeId,
		own_node: &NodeId,
		node: NodeId,
	) -> DispatchResult {
		// Not empty: `ensure_holds_node_key` refused an empty id (`EmptyNodeId`) first.
		// Every exchange's node and every node connected already: one owner per peer id, so
		// no exchange connects (or later disconnects) another's node.
		ensure!(!ExchangeOfNode::<T>::contains_key(&node), Error::<T>::NodeInUse);
		ensure!(!BarredNodes::<T>::contains_key(&node), Error::<T>::NodeBarred);
		// Its own node barred, the exchange's node is not a well-known node: nothing could
		// peer through it until the exchange replaces it.
		ensure!(!BarredNodes::<T>::contains_key(own_node), Error::<T>::OwnNodeBarred);
		ConnectedNodes::<T>::try_mutate(exchange, |nodes| {
			nodes.try_push(node.clone()).map_err(|_| Error::<T>::TooManyConnectedNodes)
		})?;
		ExchangeOfNode::<T>::insert(&node, exchange);
		T::Nodes::connect(own_node.clone(), node.clone())?;
		Self::deposit_event(Event::NodeConnected { exchange, node });
		Ok(())
	}

	pub(crate) fn do_disconnect_node(
		exchange: ExchangeId,
		own_node: &NodeId,
		node: NodeId,
	) -> DispatchResult {
		ConnectedNodes::<T>::try_mutate(exchange, |nodes| {
			let position =
				nodes.iter().position(|n| *n == node).ok_or(Error::<T>::NodeNotConnected)?;
			nodes.remove(position);
			Ok::<_, Error<T>>(())
		})?;
		ExchangeOfNode::<T>::remove(&node);
		T::Nodes::disconnect(own_node.clone(), node.clone())?;
		Self::deposit_event(Event::NodeDisconnected { exchange, node });
		Ok(())
	}

	/// Disconnect `node` if an exchange connected it (not if it is an exchange's own node):
	/// an admission names it.
	pub(crate) fn release_connected_node(node: &NodeId) -> DispatchResult {
		let Some(exchange) = ExchangeOfNode::<T>::get(node) else { return Ok(()) };
		match Exchanges::<T>::get(exchange) {
			Some(info) if info.node != *node => {
				Self::do_disconnect_node(exchange, &info.node, node.clone())
			},
			// An exchange's own node: `insert_exchange` refuses it (`NodeInUse`).
			_ => Ok(()),
		}
	}

	/// Make `node` `exchange`'s node ([`Pallet::replace_node`]): a connected node of its own is
	/// taken off its connected list first; the old node leaves the well-known nodes (unless it
	/// left them when it was barred); the other connected nodes are connected to the new
	/// node (at most [`Config::MaxConnectedNodes`], priced in `replace_node`'s weight).
	pub(crate) fn do_replace_node(
		exchange: ExchangeId,
		mut info: ExchangeOf<T>,
		node: NodeId,
	) -> DispatchResult {
		ensure!(!BarredNodes::<T>::contains_key(&node), Error::<T>::NodeBarred);
		match ExchangeOfNode::<T>::get(&node) {
			None => {},
			// A standby of its own, promoted.
			Some(owner) if owner == exchange && info.node != node => {
				Self::do_disconnect_node(exchange, &info.node, node.clone())?
			},
			Some(_) => return Err(Error::<T>::NodeInUse.into()),
		}
		let old = core::mem::replace(&mut info.node, node.clone());
		ExchangeOfNode::<T>::remove(&old);
		ExchangeOfNode::<T>::insert(&node, exchange);
		// A barred node was taken out of the well-known nodes when it was barred; its bar
		// stays, on a peer id that now belongs to no exchange.
		if !BarredNodes::<T>::contains_key(&old) {
			T::Nodes::remove_node(old.clone())?;
		}
		T::Nodes::add_node(node.clone(), info.operator.clone())?;
		for connected in ConnectedNodes::<T>::get(exchange) {
			T::Nodes::connect(node.clone(), connected)?;
		}
		Exchanges::<T>::insert(exchange, info);
		Self::deposit_event(Event::NodeReplaced { exchange, old, new: node });
		Ok(())
	}

	/// Bar `node` ([`Pallet::bar_node`]): disconnected first if an exchange connected it, so
	/// that a barred peer id is nobody's connected node. An exchange's own node is taken out
	/// of the well-known nodes with its connections ([`Self::take_node_off_network`]) and
	/// stays the exchange's recorded node until the exchange replaces it.
	pub(crate) fn do_bar_node(node: NodeId) -> DispatchResult {
		ensure!(!node.is_empty(), Error::<T>::EmptyNodeId);
		ensure!(!BarredNodes::<T>::contains_key(&node), Error::<T>::AlreadyBarred);
		match Self::exchange_whose_node_is(&node) {
			Some((exchange, _)) => {
				// Its validator can no longer peer: as a suspension, never below the floor.
				Self::ensure_floor_without(exchange)?;
				Self::take_node_off_network(exchange, &node)?;
				Self::deposit_event(Event::ExchangeNodeOffline { exchange, node: node.clone() });
			},
			None => Self::release_connected_node(&node)?,
		}
		BarredNodes::<T>::insert(&node, frame_system::Pallet::<T>::block_number());
		Self::deposit_event(Event::NodeBarred { node });
		Ok(())
	}

	/// Lift the bar on `node` ([`Pallet::unbar_node`]): an exchange's node barred as its own
	/// (and not replaced since) is a well-known node again, its connected nodes with it.
	pub(crate) fn do_unbar_node(node: NodeId) -> DispatchResult {
		BarredNodes::<T>::take(&node).ok_or(Error::<T>::NodeNotBarred)?;
		if let Some((exchange, info)) = Self::exchange_whose_node_is(&node) {
			T::Nodes::add_node(node.clone(), info.operator)?;
			for connected in ConnectedNodes::<T>::get(exchange) {
				T::Nodes::connect(node.clone(), connected)?;
			}
		}
		Self::deposit_event(Event::NodeUnbarred { node });
		Ok(())
	}

	/// The exchange whose own node (not a node it connected) `node` is, with its record.
	fn exchange_whose_node_is(node: &NodeId) -> Option<(ExchangeId, ExchangeOf<T>)> {
		let exchange = ExchangeOfNode::<T>::get(node)?;
		Exchanges::<T>::get(exchange).filter(|info| info.node == *node).map(|info| (exchange, info))
	}

	/// Take `exchange`'s own `node` out of the well-known nodes, and its connected nodes'
	/// connections to it (at most [`Config::MaxConnectedNodes`], priced in `bar_node`'s
	/// weight): nothing peers with it, and its connected nodes with nothing, until the exchange
	/// replaces it ([`Pallet::replace_node`]) or the bar is lifted. The connected nodes stay
	/// the exchange's.
	fn take_node_off_network(exchange: ExchangeId, node: &NodeId) -> DispatchResult {
		for connected in ConnectedNodes::<T>::get(exchange) {
			T::Nodes::disconnect(node.clone(), connected)?;
		}
		T::Nodes::remove_node(node.clone())
	}

	/// Disconnect every node `exchange` connected and take its own node out of the well-known
	/// nodes (unless it left them when it was barred): the exchange is being removed. At most
	/// [`Config::MaxConnectedNodes`], priced in `remove`'s weight.
	pub(crate) fn take_all_nodes_off(exchange: ExchangeId, own_node: &NodeId) -> DispatchResult {
		for node in ConnectedNodes::<T>::take(exchange) {
			ExchangeOfNode::<T>::remove(&node);
			T::Nodes::disconnect(own_node.clone(), node.clone())?;
			Self::deposit_event(Event::NodeDisconnected { exchange, node });
		}
		ExchangeOfNode::<T>::remove(own_node);
		if !BarredNodes::<T>::contains_key(own_node) {
			T::Nodes::remove_node(own_node.clone())?;
		}
		Ok(())
	}
}
