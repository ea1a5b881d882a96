//! The nodes an exchange connects to its own: who may, who must not, that suspension keeps
//! them (a suspended exchange follows the chain) and removal takes them away.

use super::{node, root};
use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{DispatchError, DispatchResult};

/// Founding exchange 0: operator 10, validator 20, node `[0; 38]`.
const OPERATOR: u64 = 10;
const VALIDATOR: u64 = 20;
const OTHER_OPERATOR: u64 = 11;

fn connect(who: u64, byte: u8) -> DispatchResult {
	Consortium::connect_node(RuntimeOrigin::signed(who), node(byte))
}

fn disconnect(who: u64, byte: u8) -> DispatchResult {
	Consortium::disconnect_node(RuntimeOrigin::signed(who), node(byte))
}

fn pair(own: u8, connected: u8) -> (Vec<u8>, Vec<u8>) {
	(vec![own; 38], vec![connected; 38])
}

#[test]
fn an_active_exchange_connects_a_node_of_its_own_to_its_node_and_disconnects_it() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		assert_eq!(ConnectedNodes::<Test>::get(0).into_inner(), vec![node(90)]);
		assert_eq!(ExchangeOfNode::<Test>::get(node(90)), Some(0));
		assert_eq!(connections(), [pair(0, 90)].into());
		System::assert_last_event(Event::NodeConnected { exchange: 0, node: node(90) }.into());
		assert!(!well_known_nodes().contains_key(&vec![90; 38]), "it never validates");

		assert_ok!(disconnect(OPERATOR, 90));
		assert!(ConnectedNodes::<Test>::get(0).is_empty());
		assert_eq!(ExchangeOfNode::<Test>::get(node(90)), None);
		assert!(connections().is_empty());
		System::assert_last_event(Event::NodeDisconnected { exchange: 0, node: node(90) }.into());
	});
}

#[test]
fn only_an_exchanges_operator_connects_or_disconnects_its_nodes() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		// Its validator account, a stranger, the consortium itself.
		for who in [VALIDATOR, 99] {
			assert_noop!(connect(who, 91), Error::<Test>::NotOperator);
			assert_noop!(disconnect(who, 90), Error::<Test>::NotOperator);
		}
		assert_noop!(Consortium::connect_node(root(), node(91)), DispatchError::BadOrigin);
		// A suspended exchange's operator connects nothing more, and may disconnect.
		assert_ok!(Consortium::suspend(root(), 0));
		assert_noop!(connect(OPERATOR, 91), Error::<Test>::NotActiveOperator);
		assert_ok!(disconnect(OPERATOR, 90));
		assert!(connections().is_empty());
	});
}

#[test]
fn no_exchange_connects_or_disconnects_a_node_that_is_anothers() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		// Another exchange's node, its own node, a node another exchange connected.
		assert_noop!(connect(OTHER_OPERATOR, 0), Error::<Test>::NodeInUse);
		assert_noop!(connect(OTHER_OPERATOR, 1), Error::<Test>::NodeInUse);
		assert_noop!(connect(OTHER_OPERATOR, 90), Error::<Test>::NodeInUse);
		assert_noop!(connect(OPERATOR, 90), Error::<Test>::NodeInUse);
		assert_noop!(disconnect(OTHER_OPERATOR, 90), Error::<Test>::NodeNotConnected);
		assert_noop!(
			Consortium::connect_node(RuntimeOrigin::signed(OPERATOR), NodeId::default()),
			Error::<Test>::EmptyNodeId
		);
	});
}

#[test]
fn the_consortium_disconnects_any_connected_node_and_no_exchanges_own() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		assert_noop!(Consortium::disconnect_node(root(), node(1)), Error::<Test>::NodeNotConnected);
		assert_noop!(
			Consortium::disconnect_node(root(), node(77)),
			Error::<Test>::NodeNotConnected
		);
		assert_ok!(Consortium::disconnect_node(root(), node(90)));
		assert!(connections().is_empty());
		assert_eq!(ExchangeOfNode::<Test>::get(node(90)), None);
		System::assert_last_event(Event::NodeDisconnected { exchange: 0, node: node(90) }.into());
	});
}

/// An exchange that connected the node a pending admission names would otherwise block it
/// (`NodeInUse`), motion after motion.
#[test]
fn an_admission_takes_the_node_it_names_from_the_exchange_that_connected_it() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		assert_ok!(Consortium::admit(
			root(),
			b"JP".to_vec().try_into().unwrap(),
			vec![code("JP")].try_into().unwrap(),
			LicenceHash::zero(),
			50,
			60,
			node(90)
		));
		System::assert_has_event(Event::NodeDisconnected { exchange: 0, node: node(90) }.into());
		assert!(ConnectedNodes::<Test>::get(0).is_empty());
		assert_eq!(ExchangeOfNode::<Test>::get(node(90)), Some(4));
		assert!(connections().is_empty());
		assert_eq!(well_known_nodes().get(&vec![90; 38]), Some(&50));
	});
}

#[test]
fn an_exchange_connects_at_most_max_connected_nodes() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		assert_ok!(connect(OPERATOR, 91));
		assert_noop!(connect(OPERATOR, 92), Error::<Test>::TooManyConnectedNodes);
		// Another exchange's room is its own.
		assert_ok!(connect(OTHER_OPERATOR, 92));
	});
}

#[test]
fn suspension_keeps_an_exchanges_nodes_and_removal_disconnects_them() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		assert_ok!(connect(OPERATOR, 91));
		assert_ok!(connect(OTHER_OPERATOR, 92));
		let all = [pair(0, 90), pair(0, 91), pair(1, 92)].into();

		// A suspended exchange follows the chain: its connected nodes stay connected.
		assert_ok!(Consortium::suspend(root(), 0));
		assert_eq!(connections(), all);
		assert_eq!(ConnectedNodes::<Test>::get(0).len(), 2);
		assert_ok!(Consortium::reinstate(root(), 0));
		assert_eq!(connections(), all);

		assert_ok!(Consortium::remove(root(), 0));
		assert!(ConnectedNodes::<Test>::get(0).is_empty());
		assert_eq!(ExchangeOfNode::<Test>::get(node(90)), None);
		assert_eq!(ExchangeOfNode::<Test>::get(node(91)), None);
		assert_eq!(connections(), [pair(1, 92)].into(), "only exchange 1's node is left");
		System::assert_has_event(Event::NodeDisconnected { exchange: 0, node: node(91) }.into());
		// The peer ids are free again.
		assert_ok!(connect(OTHER_OPERATOR, 90));
	});
}
