//! The nodes an exchange connects to its own ([`Pallet::connect_node`]): the only way a node
//! that is not one of the consortium's may peer, since the runtime refuses
//! `pallet-node-authorization`'s claim and connection calls to every signed account.

use crate::{
	Config, ConnectedNodes, Error, Event, ExchangeOf, ExchangeOfAccount, ExchangeOfNode, Exchanges,
	NodeId, NodeRegistry, Pallet,
};
use frame_support::{ensure, pallet_prelude::DispatchResult};
use sp_runtime::DispatchError;
use stledger_primitives::ExchangeId;

impl<T: Config> Pallet<T> {
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
		ensure!(!node.is_empty(), Error::<T>::EmptyNodeId);
		// Every exchange's node and every node connected already: one owner per peer id, so
		// no exchange connects (or later disconnects) another's node.
		ensure!(!ExchangeOfNode::<T>::contains_key(&node), Error::<T>::NodeInUse);
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

	/// Disconnect every node `exchange` connected: it is being removed. At most
	/// [`Config::MaxConnectedNodes`], priced in `remove`'s weight.
	pub(crate) fn disconnect_all(exchange: ExchangeId, own_node: &NodeId) -> DispatchResult {
		for node in ConnectedNodes::<T>::take(exchange) {
			ExchangeOfNode::<T>::remove(&node);
			T::Nodes::disconnect(own_node.clone(), node.clone())?;
			Self::deposit_event(Event::NodeDisconnected { exchange, node });
		}
		Ok(())
	}
}
