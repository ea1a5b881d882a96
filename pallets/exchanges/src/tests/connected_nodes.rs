//! The nodes an exchange connects to its own: who may, who must not, that suspension keeps
//! them (a suspended exchange follows the chain) and removal takes them away.

use super::{node, root};
use crate::{mock::*, testing::TestNodeKey, *};
use frame_support::{assert_noop, assert_ok};
use sp_core::Pair as _;
use sp_runtime::{DispatchError, DispatchResult};
use stledger_primitives::ExchangeId;

/// Founding exchange 0: operator 10, validator 20, node `[0; 38]`.
const OPERATOR: u64 = 10;
const VALIDATOR: u64 = 20;
const OTHER_OPERATOR: u64 = 11;

/// The peer id of the test node key `seed`: the nodes exchanges connect.
fn peer(seed: u8) -> NodeId {
	TestNodeKey::new(seed.into()).node_id()
}

/// Node `seed`'s proof for `exchange`.
fn proof(seed: u8, exchange: ExchangeId) -> NodeKeyProof {
	TestNodeKey::new(seed.into()).proof::<Test>(exchange)
}

/// `who` connects node `seed`, with that node's proof for `who`'s exchange.
fn connect(who: u64, seed: u8) -> DispatchResult {
	let exchange = ExchangeOfAccount::<Test>::get(who).unwrap_or_default();
	Consortium::connect_node(RuntimeOrigin::signed(who), peer(seed), proof(seed, exchange))
}

fn disconnect(who: u64, seed: u8) -> DispatchResult {
	Consortium::disconnect_node(RuntimeOrigin::signed(who), peer(seed))
}

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// The secret of test node key `seed` (as [`TestNodeKey::new`] makes it).
fn seed(seed: u8) -> [u8; 32] {
	let mut secret = [0u8; 32];
	secret[31] = seed;
	secret
}

/// The consortium admits a JP exchange (id 4; operator 50, validator 60) whose node is `node`.
fn admit_jp(node: NodeId) -> DispatchResult {
	Consortium::admit(
		root(),
		b"JP".to_vec().try_into().unwrap(),
		vec![code("JP")].try_into().unwrap(),
		LicenceHash::zero(),
		50,
		60,
		node,
	)
}

fn pair(own: u8, connected: u8) -> (Vec<u8>, Vec<u8>) {
	(vec![own; 38], peer(connected).into_inner())
}

#[test]
fn an_active_exchange_connects_a_node_of_its_own_to_its_node_and_disconnects_it() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		assert_eq!(ConnectedNodes::<Test>::get(0).into_inner(), vec![peer(90)]);
		assert_eq!(ExchangeOfNode::<Test>::get(peer(90)), Some(0));
		assert_eq!(connections(), [pair(0, 90)].into());
		System::assert_last_event(Event::NodeConnected { exchange: 0, node: peer(90) }.into());
		assert!(!well_known_nodes().contains_key(&peer(90).into_inner()), "it never validates");

		assert_ok!(disconnect(OPERATOR, 90));
		assert!(ConnectedNodes::<Test>::get(0).is_empty());
		assert_eq!(ExchangeOfNode::<Test>::get(peer(90)), None);
		assert!(connections().is_empty());
		System::assert_last_event(Event::NodeDisconnected { exchange: 0, node: peer(90) }.into());
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
		assert_noop!(
			Consortium::connect_node(root(), peer(91), proof(91, 0)),
			DispatchError::BadOrigin
		);
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
		// An exchange admitted with node 95: its key's holder cannot connect it as another's.
		assert_ok!(admit_jp(peer(95)));
		assert_noop!(connect(OTHER_OPERATOR, 95), Error::<Test>::NodeInUse);
		// A node another exchange connected, and connecting one's own node twice.
		assert_noop!(connect(OTHER_OPERATOR, 90), Error::<Test>::NodeInUse);
		assert_noop!(connect(OPERATOR, 90), Error::<Test>::NodeInUse);
		assert_noop!(disconnect(OTHER_OPERATOR, 90), Error::<Test>::NodeNotConnected);
		assert_noop!(
			Consortium::connect_node(signed(OPERATOR), NodeId::default(), proof(90, 0)),
			Error::<Test>::EmptyNodeId
		);
	});
}

/// Release 118: a peer id alone let an exchange connect a node another exchange was about to
/// connect (seen in the pool), and so block it (`NodeInUse`). An exchange proves it holds the
/// node's key, for its own exchange id and this chain.
#[test]
fn an_exchange_connects_only_a_node_whose_key_it_holds() {
	new_test_ext().execute_with(|| {
		let other_exchange = ExchangeOfAccount::<Test>::get(OTHER_OPERATOR).unwrap();
		let connect_with = |node, proof| Consortium::connect_node(signed(OPERATOR), node, proof);
		// The proof exchange 1 made for the node (copied from the pool): not exchange 0's.
		assert_noop!(
			connect_with(peer(90), proof(90, other_exchange)),
			Error::<Test>::BadNodeKeyProof
		);
		// Another key's signature, a signature of nothing, a proof for another chain.
		assert_noop!(connect_with(peer(90), proof(91, 0)), Error::<Test>::BadNodeKeyProof);
		assert_noop!(connect_with(peer(90), [0; 64]), Error::<Test>::BadNodeKeyProof);
		let mut message = Consortium::node_key_message(0, &OPERATOR);
		message[NODE_KEY_PROOF_TAG.len()] ^= 1;
		let other_chain =
			sp_core::Pair::sign(&sp_core::ed25519::Pair::from_seed(&seed(90)), &message);
		assert_noop!(connect_with(peer(90), other_chain.into()), Error::<Test>::BadNodeKeyProof);
		// A peer id that embeds no ed25519 key (a founder's test node id, another key type).
		assert_noop!(connect_with(node(7), proof(90, 0)), Error::<Test>::NodeIdNotEd25519);
		let mut secp256k1 = peer(90).into_inner();
		secp256k1[3] = 0x02;
		let mut short = peer(90).into_inner();
		short.pop();
		let mut long = peer(90).into_inner();
		long.push(0);
		for id in [secp256k1, short, long] {
			assert_noop!(
				connect_with(id.try_into().unwrap(), proof(90, 0)),
				Error::<Test>::NodeIdNotEd25519
			);
		}
		// A proof made for another operator account (the same exchange id on another network
		// built from the same chain spec).
		let stranger = TestNodeKey::new(90).sign(&Consortium::node_key_message(0, &99));
		assert_noop!(connect_with(peer(90), stranger), Error::<Test>::BadNodeKeyProof);
		assert!(ConnectedNodes::<Test>::get(0).is_empty());
		// The holder of the key, for its own exchange.
		assert_ok!(connect_with(peer(90), proof(90, 0)));
		assert_eq!(ExchangeOfNode::<Test>::get(peer(90)), Some(0));
	});
}

#[test]
fn the_consortium_disconnects_any_connected_node_and_no_exchanges_own() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		assert_noop!(Consortium::disconnect_node(root(), node(1)), Error::<Test>::NodeNotConnected);
		// Neither the consortium nor signed (a motion short of two thirds, here no origin):
		// refused by name, as the consortium's other calls (helper-65: it was `BadOrigin`).
		assert_noop!(
			Consortium::disconnect_node(RuntimeOrigin::none(), peer(90)),
			Error::<Test>::NotConsortium
		);
		assert_noop!(
			Consortium::disconnect_node(root(), peer(77)),
			Error::<Test>::NodeNotConnected
		);
		assert_ok!(Consortium::disconnect_node(root(), peer(90)));
		assert!(connections().is_empty());
		assert_eq!(ExchangeOfNode::<Test>::get(peer(90)), None);
		System::assert_last_event(Event::NodeDisconnected { exchange: 0, node: peer(90) }.into());
	});
}

/// An exchange that connected the node a pending admission names would otherwise block it
/// (`NodeInUse`), motion after motion.
#[test]
fn an_admission_takes_the_node_it_names_from_the_exchange_that_connected_it() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		assert_ok!(admit_jp(peer(90)));
		System::assert_has_event(Event::NodeDisconnected { exchange: 0, node: peer(90) }.into());
		assert!(ConnectedNodes::<Test>::get(0).is_empty());
		assert_eq!(ExchangeOfNode::<Test>::get(peer(90)), Some(4));
		assert!(connections().is_empty());
		assert_eq!(well_known_nodes().get(&peer(90).into_inner()), Some(&50));
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
		assert_eq!(ExchangeOfNode::<Test>::get(peer(90)), None);
		assert_eq!(ExchangeOfNode::<Test>::get(peer(91)), None);
		assert_eq!(connections(), [pair(1, 92)].into(), "only exchange 1's node is left");
		System::assert_has_event(Event::NodeDisconnected { exchange: 0, node: peer(91) }.into());
		// The peer ids are free again.
		assert_ok!(connect(OTHER_OPERATOR, 90));
	});
}

/// What a node key signs: the tag, the genesis hash, the exchange id (little-endian) and the
/// operator account, as `scripts/lib/network.mjs` (`nodeKeyProof`) builds it.
#[test]
fn a_node_key_signs_the_chain_the_exchange_and_its_operator() {
	new_test_ext().execute_with(|| {
		let mut expected = b"stledger/connect-node/v1".to_vec();
		expected.extend_from_slice(System::block_hash(0).as_ref());
		expected.extend_from_slice(&[3, 0, 0, 0]);
		expected.extend_from_slice(&OPERATOR.to_le_bytes());
		assert_eq!(Consortium::node_key_message(3, &OPERATOR), expected);
	});
}

/// Review of 2026-12-06 (helper-51): a node-key proof has no nonce or expiry, so after the
/// consortium disconnected a node by motion its exchange connected it again at once, with the
/// same proof (it holds the key and can make another). A bar sticks: no exchange connects
/// the peer id, whoever holds its key, until the consortium lifts it.
#[test]
fn a_node_the_consortium_bars_stays_off_until_it_lifts_the_bar() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		let proof_seen_on_chain = proof(90, 0);
		assert_ok!(Consortium::bar_node(root(), peer(90)));
		System::assert_has_event(Event::NodeDisconnected { exchange: 0, node: peer(90) }.into());
		System::assert_last_event(Event::NodeBarred { node: peer(90) }.into());
		assert!(connections().is_empty());
		assert!(ConnectedNodes::<Test>::get(0).is_empty());
		assert_eq!(ExchangeOfNode::<Test>::get(peer(90)), None);
		assert_eq!(BarredNodes::<Test>::get(peer(90)), Some(System::block_number()));

		// The exchange with the proof it used, another exchange holding the key too.
		assert_noop!(
			Consortium::connect_node(signed(OPERATOR), peer(90), proof_seen_on_chain),
			Error::<Test>::NodeBarred
		);
		assert_noop!(connect(OTHER_OPERATOR, 90), Error::<Test>::NodeBarred);
		// Nor does an admission name it while it is barred.
		assert_noop!(admit_jp(peer(90)), Error::<Test>::NodeBarred);

		// A node nobody connected yet can be barred ahead.
		assert_ok!(Consortium::bar_node(root(), peer(91)));
		assert_noop!(connect(OPERATOR, 91), Error::<Test>::NodeBarred);

		assert_ok!(Consortium::unbar_node(root(), peer(90)));
		System::assert_last_event(Event::NodeUnbarred { node: peer(90) }.into());
		assert_eq!(BarredNodes::<Test>::get(peer(90)), None);
		assert_ok!(connect(OPERATOR, 90));
		assert_eq!(connections(), [pair(0, 90)].into());
	});
}

/// Who may bar and lift: the consortium only (an exchange that could bar a peer id would
/// block the node another is about to connect).
#[test]
fn only_the_consortium_bars_a_node() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		// An exchange's operator, its validator, a stranger: for another exchange's node or
		// its own.
		for who in [OPERATOR, OTHER_OPERATOR, VALIDATOR, 99] {
			assert_noop!(Consortium::bar_node(signed(who), peer(90)), Error::<Test>::NotConsortium);
			assert_noop!(Consortium::bar_node(signed(who), peer(91)), Error::<Test>::NotConsortium);
			// An exchange's own node (release 120: the consortium's to bar).
			assert_noop!(Consortium::bar_node(signed(who), node(1)), Error::<Test>::NotConsortium);
		}
		assert_noop!(Consortium::bar_node(root(), NodeId::default()), Error::<Test>::EmptyNodeId);
		assert_ok!(Consortium::bar_node(root(), peer(91)));
		assert_noop!(Consortium::bar_node(root(), peer(91)), Error::<Test>::AlreadyBarred);

		for who in [OPERATOR, OTHER_OPERATOR, VALIDATOR, 99] {
			assert_noop!(
				Consortium::unbar_node(signed(who), peer(91)),
				Error::<Test>::NotConsortium
			);
		}
		assert_noop!(Consortium::unbar_node(root(), peer(92)), Error::<Test>::NodeNotBarred);
		assert_ok!(Consortium::unbar_node(root(), peer(91)));
		assert_noop!(Consortium::unbar_node(root(), peer(91)), Error::<Test>::NodeNotBarred);
		// The exchange's connection was never touched.
		assert_eq!(connections(), [pair(0, 90)].into());
	});
}

/// A node key lost or leaked needed the exchange's removal and re-admission (two
/// supermajority motions) before release 119. The operator replaces its node with one whose
/// key it holds; its connected nodes follow.
#[test]
fn an_exchange_replaces_its_node_by_one_whose_key_it_holds() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		assert_ok!(connect(OPERATOR, 91));
		let old = node(0);
		assert_ok!(Consortium::replace_node(signed(OPERATOR), peer(95), proof(95, 0)));
		System::assert_last_event(
			Event::NodeReplaced { exchange: 0, old: old.clone(), new: peer(95) }.into(),
		);
		assert_eq!(Exchanges::<Test>::get(0).unwrap().node, peer(95));
		assert_eq!(ExchangeOfNode::<Test>::get(peer(95)), Some(0));
		assert_eq!(ExchangeOfNode::<Test>::get(&old), None, "the old peer id is free");
		assert_eq!(well_known_nodes().get(&peer(95).into_inner()), Some(&OPERATOR));
		assert!(!well_known_nodes().contains_key(&old.into_inner()));
		assert_eq!(
			connections(),
			[
				(peer(95).into_inner(), peer(90).into_inner()),
				(peer(95).into_inner(), peer(91).into_inner())
			]
			.into()
		);

		// A standby it connected, promoted: taken off the connected list.
		assert_ok!(Consortium::replace_node(signed(OPERATOR), peer(91), proof(91, 0)));
		System::assert_has_event(Event::NodeDisconnected { exchange: 0, node: peer(91) }.into());
		assert_eq!(ConnectedNodes::<Test>::get(0).into_inner(), vec![peer(90)]);
		assert_eq!(connections(), [(peer(91).into_inner(), peer(90).into_inner())].into());
		assert_eq!(ExchangeOfNode::<Test>::get(peer(95)), None);

		// A suspended exchange may replace its node too (its node follows the chain).
		assert_ok!(Consortium::suspend(root(), 0));
		assert_ok!(Consortium::replace_node(signed(OPERATOR), peer(96), proof(96, 0)));
		assert_eq!(Exchanges::<Test>::get(0).unwrap().node, peer(96));
	});
}

/// Who must not: another exchange (the call names none: it replaces its own), its
/// validator, a stranger, the consortium (it holds no node key); nor may a node be one
/// another exchange has, one barred, or one whose key the caller does not hold.
#[test]
fn no_one_replaces_a_node_with_one_whose_key_it_does_not_hold_or_that_is_taken() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OTHER_OPERATOR, 90));
		let replace = |who, node, proof| Consortium::replace_node(signed(who), node, proof);
		for who in [VALIDATOR, 99] {
			assert_noop!(replace(who, peer(95), proof(95, 0)), Error::<Test>::NotOperator);
		}
		assert_noop!(
			Consortium::replace_node(root(), peer(95), proof(95, 0)),
			DispatchError::BadOrigin
		);
		// Another exchange's proof, another key's, no ed25519 key, an empty id.
		assert_noop!(replace(OPERATOR, peer(95), proof(95, 1)), Error::<Test>::BadNodeKeyProof);
		assert_noop!(replace(OPERATOR, peer(95), proof(96, 0)), Error::<Test>::BadNodeKeyProof);
		assert_noop!(replace(OPERATOR, node(7), proof(95, 0)), Error::<Test>::NodeIdNotEd25519);
		assert_noop!(
			replace(OPERATOR, NodeId::default(), proof(95, 0)),
			Error::<Test>::EmptyNodeId
		);
		// A node another exchange connected, even with the key: it is that exchange's.
		assert_noop!(replace(OPERATOR, peer(90), proof(90, 0)), Error::<Test>::NodeInUse);
		// Another exchange's own node (its key held), and its own node again.
		assert_ok!(admit_jp(peer(93)));
		assert_noop!(replace(OPERATOR, peer(93), proof(93, 0)), Error::<Test>::NodeInUse);
		assert_ok!(replace(OPERATOR, peer(95), proof(95, 0)));
		assert_noop!(replace(OPERATOR, peer(95), proof(95, 0)), Error::<Test>::NodeInUse);
		// A barred node.
		assert_ok!(Consortium::bar_node(root(), peer(96)));
		assert_noop!(replace(OPERATOR, peer(96), proof(96, 0)), Error::<Test>::NodeBarred);
		assert_eq!(Exchanges::<Test>::get(0).unwrap().node, peer(95));
	});
}

/// Review of 2026-12-06 (helper-52): until release 120 an exchange's own node could not be
/// barred (`ExchangesOwnNode`), so an exchange whose connected node a bar motion named made
/// it its node first (`replace_node`) and the motion failed. A bar is on a key: the
/// exchange's own node leaves the well-known nodes, its connected nodes' connections to it
/// are cut, and the exchange connects nothing until it replaces its node.
#[test]
fn a_bar_motion_dodged_by_promotion_still_takes_the_node_off() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		assert_ok!(connect(OPERATOR, 91));
		// The dodge: the node a bar motion names becomes the exchange's own.
		assert_ok!(Consortium::replace_node(signed(OPERATOR), peer(91), proof(91, 0)));
		assert_eq!(connections(), [(peer(91).into_inner(), peer(90).into_inner())].into());

		assert_ok!(Consortium::bar_node(root(), peer(91)));
		System::assert_has_event(Event::ExchangeNodeOffline { exchange: 0, node: peer(91) }.into());
		System::assert_last_event(Event::NodeBarred { node: peer(91) }.into());
		assert!(!well_known_nodes().contains_key(&peer(91).into_inner()));
		assert!(connections().is_empty(), "nothing peers with the barred node");
		// The record stays: the exchange's node (barred) and its standby.
		assert_eq!(Exchanges::<Test>::get(0).unwrap().node, peer(91));
		assert_eq!(ConnectedNodes::<Test>::get(0).into_inner(), vec![peer(90)]);

		// Nothing to connect to, the barred key not again, nobody else's.
		assert_noop!(connect(OPERATOR, 92), Error::<Test>::OwnNodeBarred);
		assert_noop!(
			Consortium::replace_node(signed(OPERATOR), peer(91), proof(91, 0)),
			Error::<Test>::NodeBarred
		);
		assert_noop!(connect(OTHER_OPERATOR, 91), Error::<Test>::NodeInUse);
		assert_noop!(admit_jp(peer(91)), Error::<Test>::NodeInUse);
		// It may still disconnect its standby.
		assert_ok!(disconnect(OPERATOR, 90));
		assert_ok!(connect_after_replacing(95));
		// The bar stays on a peer id that now belongs to no exchange.
		assert_eq!(ExchangeOfNode::<Test>::get(peer(91)), None);
		assert!(BarredNodes::<Test>::contains_key(peer(91)));
		assert_noop!(connect(OTHER_OPERATOR, 91), Error::<Test>::NodeBarred);
	});
}

/// The operator replaces its barred node by node `new` (well-known, owned by the operator)
/// and connects node 90 to it again.
fn connect_after_replacing(new: u8) -> DispatchResult {
	Consortium::replace_node(signed(OPERATOR), peer(new), proof(new, 0))?;
	System::assert_last_event(
		Event::NodeReplaced { exchange: 0, old: peer(91), new: peer(new) }.into(),
	);
	assert_eq!(well_known_nodes().get(&peer(new).into_inner()), Some(&OPERATOR));
	connect(OPERATOR, 90)?;
	assert_eq!(connections(), [(peer(new).into_inner(), peer(90).into_inner())].into());
	Ok(())
}

/// Lifting the bar on an exchange's own node puts it back among the well-known nodes with its
/// connected nodes; an exchange whose node is barred can still be suspended and removed.
#[test]
fn a_barred_exchange_node_comes_back_when_the_bar_is_lifted() {
	new_test_ext().execute_with(|| {
		assert_ok!(connect(OPERATOR, 90));
		assert_ok!(Consortium::bar_node(root(), node(0)));
		assert!(!well_known_nodes().contains_key(&node(0).into_inner()));
		assert!(connections().is_empty());

		assert_ok!(Consortium::unbar_node(root(), node(0)));
		System::assert_last_event(Event::NodeUnbarred { node: node(0) }.into());
		assert_eq!(well_known_nodes().get(&node(0).into_inner()), Some(&OPERATOR));
		assert_eq!(connections(), [pair(0, 90)].into());
		assert_ok!(connect(OPERATOR, 91));

		// Barred again, then the exchange suspended and removed: its accounts and connected
		// nodes released, the bar kept.
		assert_ok!(Consortium::bar_node(root(), node(0)));
		assert_ok!(Consortium::suspend(root(), 0));
		assert_ok!(Consortium::remove(root(), 0));
		assert!(!Exchanges::<Test>::contains_key(0));
		assert_eq!(ExchangeOfNode::<Test>::get(node(0)), None);
		assert_eq!(ExchangeOfNode::<Test>::get(peer(90)), None);
		assert!(BarredNodes::<Test>::contains_key(node(0)));
		assert!(connections().is_empty());
		assert!(!well_known_nodes().contains_key(&node(0).into_inner()));
		// Lifted after the removal: a free peer id, no exchange's.
		assert_ok!(Consortium::unbar_node(root(), node(0)));
		assert!(!well_known_nodes().contains_key(&node(0).into_inner()));
	});
}

/// Review of 2026-12-06 (helper-53): a bar on an exchange's own node keeps its validator from
/// peering, as a suspension keeps it from validating; without a floor two thirds could bar
/// the minority's nodes and stop finality. Only active exchanges with their node on the
/// network count towards [`MinActiveExchanges`] (3 of the mock's 4).
#[test]
fn a_bar_never_takes_the_consortium_below_its_floor() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::bar_node(root(), node(0)));
		assert_noop!(Consortium::bar_node(root(), node(1)), Error::<Test>::TooFewActiveExchanges);
		// Nor may a suspension, a removal or a higher floor count the barred exchange.
		assert_noop!(Consortium::suspend(root(), 2), Error::<Test>::TooFewActiveExchanges);
		assert_noop!(Consortium::remove(root(), 2), Error::<Test>::TooFewActiveExchanges);
		assert_noop!(
			Consortium::set_min_active_exchanges(root(), 4),
			Error::<Test>::TooFewActiveExchanges
		);
		// The barred exchange itself may be suspended: the others are as many as before.
		assert_ok!(Consortium::suspend(root(), 0));
		// Suspended and barred, it stays off the network until reinstated (helper-65: it
		// came straight back with a fresh key); nothing changes.
		assert_noop!(
			Consortium::replace_node(signed(OPERATOR), peer(95), proof(95, 0)),
			Error::<Test>::SuspendedNodeBarred
		);
		assert_ok!(Consortium::reinstate(root(), 0));
		// Once it has a node on the network again, it counts again.
		assert_ok!(Consortium::replace_node(signed(OPERATOR), peer(95), proof(95, 0)));
		assert_ok!(Consortium::set_min_active_exchanges(root(), 4));
	});
}
