//! Who may let a node peer: the consortium's nodes are well-known, an active exchange
//! connects nodes of its own to its node, and nobody else reaches `pallet-node-authorization`.

use super::{
	governance::{motion_result, pause},
	*,
};
use frame_support::traits::Contains;
use pallet_exchanges::testing::TestNodeKey;
use pallet_node_authorization::{AdditionalConnections, Owners, WellKnownNodes};
use sp_core::OpaquePeerId;
use sp_runtime::traits::Dispatchable;
use std::collections::BTreeSet;

fn peer(byte: u8) -> OpaquePeerId {
	OpaquePeerId(vec![byte; 38])
}

/// The peer id of test node key `seed`: a node an exchange connects.
fn node_id(seed: u8) -> pallet_exchanges::NodeId {
	TestNodeKey::new(seed.into()).node_id()
}

fn connected_peer(seed: u8) -> OpaquePeerId {
	OpaquePeerId(node_id(seed).into_inner())
}

/// The proof that Alice's exchange holds node key `seed`.
fn alice_proof(seed: u8) -> pallet_exchanges::NodeKeyProof {
	let exchange = pallet_exchanges::ExchangeOfAccount::<Runtime>::get(operator(Alice)).unwrap();
	TestNodeKey::new(seed.into()).proof::<Runtime>(exchange)
}

/// Alice's exchange's node, as the `local` genesis names it.
fn alice_node() -> OpaquePeerId {
	let exchange = pallet_exchanges::ExchangeOfAccount::<Runtime>::get(operator(Alice)).unwrap();
	OpaquePeerId(pallet_exchanges::Exchanges::<Runtime>::get(exchange).unwrap().node.into_inner())
}

/// Review of 2026-12-05: any signed account could claim peer ids (`claim_node`) and give them
/// connections (`add_connections`) at a flat, unmeasured weight, without bound or deposit. No
/// signed account, exchange operators included, and no council motion reaches those calls.
#[test]
fn no_signed_account_or_motion_reaches_node_authorization() {
	local_ext().execute_with(|| {
		use pallet_node_authorization::Call as N;
		let calls = [
			N::claim_node { node: peer(9) },
			N::remove_claim { node: peer(9) },
			N::transfer_node { node: alice_node(), owner: operator(Bob).into() },
			N::add_connections { node: alice_node(), connections: vec![peer(9)] },
			N::remove_connections { node: alice_node(), connections: vec![peer(9)] },
			N::add_well_known_node { node: peer(9), owner: operator(Bob).into() },
		];
		for call in calls {
			let call = RuntimeCall::NodeAuthorization(call);
			assert!(!crate::call_filter::CallFilter::contains(&call), "{call:?} passed the filter");
			for who in [Alice, Sr25519Keyring::One] {
				assert_eq!(
					call.clone()
						.dispatch(RuntimeOrigin::signed(operator(who)))
						.map_err(|e| e.error),
					Err(frame_system::Error::<Runtime>::CallFiltered.into())
				);
			}
		}
		// Nested in a batch, and as a council motion passed by every exchange.
		let claim = RuntimeCall::NodeAuthorization(N::claim_node { node: peer(9) });
		let batch =
			RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![claim.clone()] });
		assert!(batch.dispatch(RuntimeOrigin::signed(operator(Bob))).is_err());
		assert_eq!(
			motion_result(claim, 4, &[Alice, Bob, Charlie, Dave]),
			Err(frame_system::Error::<Runtime>::CallFiltered.into())
		);
		assert_eq!(Owners::<Runtime>::get(peer(9)), None);
		assert!(!AdditionalConnections::<Runtime>::contains_key(peer(9)));
	});
}

/// The way a node that is not a validator's peers: its exchange connects it to its own node,
/// the two allow each other and nothing else; disconnecting takes both back.
#[test]
fn an_exchange_connects_a_node_of_its_own_and_only_to_its_node() {
	local_ext().execute_with(|| {
		let alice = RuntimeOrigin::signed(operator(Alice));
		// A claim of the peer id made before release 115, when anyone could claim.
		let stranger_node = peer(8);
		Owners::<Runtime>::insert(connected_peer(9), operator(Sr25519Keyring::One));
		AdditionalConnections::<Runtime>::insert(
			connected_peer(9),
			BTreeSet::from([stranger_node.clone()]),
		);

		assert_ok!(Exchanges::connect_node(alice.clone(), node_id(9), alice_proof(9)));
		assert!(AdditionalConnections::<Runtime>::get(alice_node()).contains(&connected_peer(9)));
		assert_eq!(AdditionalConnections::<Runtime>::get(connected_peer(9)), [alice_node()].into());
		assert_eq!(Owners::<Runtime>::get(connected_peer(9)), None);
		assert!(!WellKnownNodes::<Runtime>::get().contains(&connected_peer(9)));

		assert_ok!(Exchanges::disconnect_node(alice, node_id(9)));
		assert!(!AdditionalConnections::<Runtime>::contains_key(alice_node()));
		assert!(!AdditionalConnections::<Runtime>::contains_key(connected_peer(9)));
	});
}

/// Review of 2026-12-05: a peer id claimed (before release 115, when anyone could) for the
/// node a pending admission names kept its claimant's connections after admission, so the
/// new exchange's node would have let the claimant's nodes peer. Admission clears them.
#[test]
fn a_stranger_who_claimed_an_admitted_node_first_connects_nothing_to_it() {
	local_ext().execute_with(|| {
		let node = peer(5);
		Owners::<Runtime>::insert(&node, operator(Sr25519Keyring::One));
		AdditionalConnections::<Runtime>::insert(&node, BTreeSet::from([peer(9)]));
		assert_ok!(council_motion(admit_eve_call(), 3, &[Alice, Bob, Charlie]));
		assert!(WellKnownNodes::<Runtime>::get().contains(&node));
		assert_eq!(Owners::<Runtime>::get(&node), Some(operator(Eve)));
		assert!(AdditionalConnections::<Runtime>::get(&node).is_empty());
	});
}

/// Review of 2026-12-05: `never_stops` let every `exchanges` call through an emergency stop,
/// since each needed a council motion; `connect_node` (and, since release 119,
/// `replace_node`) needs only an operator's key.
#[test]
fn an_emergency_stop_halts_connecting_a_node_never_disconnecting_one() {
	local_ext().execute_with(|| {
		let alice = RuntimeOrigin::signed(operator(Alice));
		let connect = |byte| {
			RuntimeCall::Exchanges(pallet_exchanges::Call::connect_node {
				node: node_id(byte),
				proof: alice_proof(byte),
			})
		};
		assert_ok!(connect(9).dispatch(alice.clone()).map_err(|e| e.error));
		assert_ok!(motion_result(
			pause("Exchanges", "connect_node"),
			4,
			&[Alice, Bob, Charlie, Dave]
		));
		assert_eq!(
			connect(10).dispatch(alice.clone()).map_err(|e| e.error),
			Err(frame_system::Error::<Runtime>::CallFiltered.into())
		);
		let disconnect =
			RuntimeCall::Exchanges(pallet_exchanges::Call::disconnect_node { node: node_id(9) });
		assert_ok!(disconnect.dispatch(alice.clone()).map_err(|e| e.error));
		assert!(!AdditionalConnections::<Runtime>::contains_key(connected_peer(9)));
		// Replacing a node adds a well-known node: it stops too; the consortium's bar never.
		assert_ok!(motion_result(
			pause("Exchanges", "replace_node"),
			4,
			&[Alice, Bob, Charlie, Dave]
		));
		let replace = RuntimeCall::Exchanges(pallet_exchanges::Call::replace_node {
			node: node_id(10),
			proof: alice_proof(10),
		});
		assert_eq!(
			replace.dispatch(alice).map_err(|e| e.error),
			Err(frame_system::Error::<Runtime>::CallFiltered.into())
		);
		assert_eq!(
			motion_result(pause("Exchanges", "bar_node"), 4, &[Alice, Bob, Charlie, Dave]),
			Err(pallet_tx_pause::Error::<Runtime>::Unpausable.into())
		);
	});
}

/// The proof `scripts/lib/network.mjs` (`nodeKeyProof`, which `scripts/node-key-proof.mjs`
/// uses) makes, byte for byte: node key 5, genesis hash 0x11…11, exchange 3, Alice's account
/// (the signature the JS printed, ed25519 being deterministic).
#[test]
fn a_node_key_proof_is_what_the_operators_script_makes() {
	local_ext().execute_with(|| {
		frame_system::BlockHash::<Runtime>::insert(0, sp_core::H256::repeat_byte(0x11));
		let alice = AccountId::from(Sr25519Keyring::Alice.public());
		let message = pallet_exchanges::Pallet::<Runtime>::node_key_message(3, &alice);
		let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
		let key = TestNodeKey::new(5);
		assert_eq!(
			hex(&key.node_id()),
			"002408011220fde4fba030ad002f7c2f7d4c331f49d13fb0ec747eceebec634f1ff4cbca9def"
		);
		assert_eq!(
			hex(&key.sign(&message)),
			"d35954e8ad06fbbef574e98fb5a4c5a63c3037d507b54b0a21c9faa32df56208\
			 588129d23b89f5864824ca11c9f4f4b0e307b9801c55ad8633249cb89ae1bc0e"
		);
	});
}

/// Review of 2026-12-06: a node the consortium disconnected by motion was connected again at
/// once by its exchange, with the proof it had used (a proof has no nonce or expiry). A motion
/// that bars it keeps it off, whoever holds its key, until a motion lifts the bar; one
/// exchange alone bars nothing.
#[test]
fn a_node_the_consortium_bars_by_motion_stays_off_the_network() {
	local_ext().execute_with(|| {
		use pallet_exchanges::Call as E;
		let alice = RuntimeOrigin::signed(operator(Alice));
		let proof = alice_proof(9);
		assert_ok!(Exchanges::connect_node(alice.clone(), node_id(9), proof));

		assert_eq!(
			Exchanges::bar_node(RuntimeOrigin::signed(operator(Bob)), node_id(9)),
			Err(pallet_exchanges::Error::<Runtime>::NotConsortium.into())
		);
		let bar = RuntimeCall::Exchanges(E::bar_node { node: node_id(9) });
		assert_ok!(motion_result(bar, 3, &[Bob, Charlie, Dave]));
		assert!(!AdditionalConnections::<Runtime>::get(alice_node()).contains(&connected_peer(9)));
		assert!(!AdditionalConnections::<Runtime>::contains_key(connected_peer(9)));

		assert_eq!(
			Exchanges::connect_node(alice.clone(), node_id(9), proof),
			Err(pallet_exchanges::Error::<Runtime>::NodeBarred.into())
		);
		let unbar = RuntimeCall::Exchanges(E::unbar_node { node: node_id(9) });
		assert_ok!(motion_result(unbar, 3, &[Bob, Charlie, Dave]));
		assert_ok!(Exchanges::connect_node(alice, node_id(9), proof));
		assert!(AdditionalConnections::<Runtime>::get(alice_node()).contains(&connected_peer(9)));
	});
}

/// A lost or leaked node key: the operator replaces its exchange's node with one whose key
/// it holds. The old peer id leaves the well-known nodes with its connections; the new one
/// is well-known, owned by the operator, and the connected nodes peer with it.
#[test]
fn an_operator_replaces_its_exchanges_node_in_the_well_known_nodes() {
	local_ext().execute_with(|| {
		let alice = RuntimeOrigin::signed(operator(Alice));
		let old = alice_node();
		assert_ok!(Exchanges::connect_node(alice.clone(), node_id(9), alice_proof(9)));
		assert_ok!(Exchanges::replace_node(alice, node_id(10), alice_proof(10)));

		let new = connected_peer(10);
		assert_eq!(alice_node(), new);
		let well_known = WellKnownNodes::<Runtime>::get();
		assert!(well_known.contains(&new) && !well_known.contains(&old));
		assert_eq!(Owners::<Runtime>::get(&new), Some(operator(Alice)));
		assert_eq!(Owners::<Runtime>::get(&old), None);
		assert!(!AdditionalConnections::<Runtime>::contains_key(&old));
		assert_eq!(AdditionalConnections::<Runtime>::get(&new), [connected_peer(9)].into());
		assert_eq!(AdditionalConnections::<Runtime>::get(connected_peer(9)), [new].into());
	});
}

/// A standby the exchange connected, promoted to its node: it is the well-known node, owned
/// by the operator, allowing the other connected nodes; the old node and its connections
/// are gone from `pallet-node-authorization`.
#[test]
fn a_standby_promoted_to_the_exchanges_node_keeps_the_other_connections() {
	local_ext().execute_with(|| {
		let alice = RuntimeOrigin::signed(operator(Alice));
		let old = alice_node();
		assert_ok!(Exchanges::connect_node(alice.clone(), node_id(9), alice_proof(9)));
		assert_ok!(Exchanges::connect_node(alice.clone(), node_id(10), alice_proof(10)));
		assert_ok!(Exchanges::replace_node(alice, node_id(10), alice_proof(10)));

		let standby = connected_peer(10);
		assert_eq!(alice_node(), standby);
		assert!(WellKnownNodes::<Runtime>::get().contains(&standby));
		assert!(!WellKnownNodes::<Runtime>::get().contains(&old));
		assert_eq!(Owners::<Runtime>::get(&standby), Some(operator(Alice)));
		assert_eq!(AdditionalConnections::<Runtime>::get(&standby), [connected_peer(9)].into());
		assert_eq!(AdditionalConnections::<Runtime>::get(connected_peer(9)), [standby].into());
		assert_eq!(Owners::<Runtime>::get(&old), None);
		assert!(!AdditionalConnections::<Runtime>::contains_key(&old));
		let exchange =
			pallet_exchanges::ExchangeOfAccount::<Runtime>::get(operator(Alice)).unwrap();
		assert_eq!(
			pallet_exchanges::ConnectedNodes::<Runtime>::get(exchange).into_inner(),
			vec![node_id(9)]
		);
	});
}

/// Release 120 (the bar dodged by promotion): the consortium bars an exchange's own node by
/// motion. It leaves `pallet-node-authorization`'s well-known nodes, owners and connections
/// until the exchange replaces it by a fresh key or the bar is lifted.
#[test]
fn a_barred_exchange_node_leaves_the_well_known_nodes_until_replaced() {
	local_ext().execute_with(|| {
		use pallet_exchanges::Call as E;
		let alice = RuntimeOrigin::signed(operator(Alice));
		assert_ok!(Exchanges::connect_node(alice.clone(), node_id(9), alice_proof(9)));
		// The dodge of release 119: the standby a motion would bar, promoted.
		assert_ok!(Exchanges::replace_node(alice.clone(), node_id(10), alice_proof(10)));
		assert_ok!(Exchanges::replace_node(alice.clone(), node_id(9), alice_proof(9)));
		let barred = connected_peer(9);
		assert_eq!(alice_node(), barred);

		let bar = RuntimeCall::Exchanges(E::bar_node { node: node_id(9) });
		assert_ok!(motion_result(bar, 3, &[Bob, Charlie, Dave]));
		assert!(!WellKnownNodes::<Runtime>::get().contains(&barred));
		assert_eq!(Owners::<Runtime>::get(&barred), None);
		assert!(!AdditionalConnections::<Runtime>::contains_key(&barred));
		assert_eq!(
			Exchanges::connect_node(alice.clone(), node_id(11), alice_proof(11)),
			Err(pallet_exchanges::Error::<Runtime>::OwnNodeBarred.into())
		);

		// Lifted: back, owned by the operator. Barred again, then replaced by a fresh key.
		let unbar = RuntimeCall::Exchanges(E::unbar_node { node: node_id(9) });
		assert_ok!(motion_result(unbar, 3, &[Bob, Charlie, Dave]));
		assert!(WellKnownNodes::<Runtime>::get().contains(&barred));
		assert_eq!(Owners::<Runtime>::get(&barred), Some(operator(Alice)));
		let bar = RuntimeCall::Exchanges(E::bar_node { node: node_id(9) });
		assert_ok!(motion_result(bar, 3, &[Bob, Charlie, Dave]));
		assert_ok!(Exchanges::replace_node(alice.clone(), node_id(11), alice_proof(11)));
		let new = connected_peer(11);
		assert!(WellKnownNodes::<Runtime>::get().contains(&new));
		assert!(!WellKnownNodes::<Runtime>::get().contains(&barred));
		assert_eq!(Owners::<Runtime>::get(&new), Some(operator(Alice)));
		assert_eq!(
			Exchanges::replace_node(alice, node_id(9), alice_proof(9)),
			Err(pallet_exchanges::Error::<Runtime>::NodeBarred.into())
		);
	});
}
