//! Benchmarks of the consortium calls, each at its worst case: a full consortium (every
//! active operator read to recompute the council) and the longest jurisdiction list
//! (validated pairwise).

use super::*;
use crate::Pallet;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use stledger_primitives::{CountryCode, ExchangeId};

/// `n` distinct, well-formed jurisdiction codes (`AA`, `AB`, …).
fn jurisdictions<T: Config>(n: u32) -> BoundedVec<CountryCode, T::MaxJurisdictions> {
	let codes: Vec<CountryCode> =
		(0..n).map(|i| CountryCode([b'A' + (i / 26 % 26) as u8, b'A' + (i % 26) as u8])).collect();
	codes.try_into().expect("n is at most MaxJurisdictions")
}

/// A peer id of the longest length a node id may have (proof sizes grow with it).
fn node_id(i: u32) -> NodeId {
	let mut bytes = alloc::vec![0u8; <MaxNodeIdLength as Get<u32>>::get() as usize];
	bytes[..4].copy_from_slice(&i.to_le_bytes());
	bytes.try_into().expect("MaxNodeIdLength bytes fit")
}

/// Admit exchanges (stored as `admit` stores them, with their nodes well-known) until the
/// consortium has `total` (genesis members count); returns the highest active exchange id.
fn fill_consortium<T: Config>(total: u32) -> Option<ExchangeId> {
	let mut i = 0;
	while Exchanges::<T>::count() < total {
		let operator: T::AccountId = account("operator", i, 0);
		Pallet::<T>::insert_exchange(
			b"exchange".to_vec().try_into().unwrap(),
			jurisdictions::<T>(T::MaxJurisdictions::get()),
			LicenceHash::repeat_byte(1),
			operator.clone(),
			account("validator", i, 0),
			node_id(i),
		)
		.expect("within MaxExchanges");
		T::Nodes::add_node(node_id(i), operator).expect("a new node");
		i += 1;
	}
	ActiveExchanges::<T>::get().last().copied()
}

/// Connect `n` nodes to `exchange`'s node, as `connect_node` does.
fn connect_nodes<T: Config>(exchange: ExchangeId, n: u32) {
	let own = Exchanges::<T>::get(exchange).expect("an exchange").node;
	for i in 0..n {
		Pallet::<T>::do_connect_node(exchange, &own, node_id(u32::MAX - 1 - i))
			.expect("room for MaxConnectedNodes");
	}
}

/// A new node key in the benchmark's keystore (the runtime cannot sign by itself), as an
/// operator's node holds it: its peer id and its proof for `exchange` and `operator`.
fn node_key_and_proof<T: Config>(
	exchange: ExchangeId,
	operator: &T::AccountId,
) -> (NodeId, NodeKeyProof) {
	let key_type = sp_core::crypto::KeyTypeId(*b"stnk");
	let key = sp_io::crypto::ed25519_generate(key_type, None);
	let node: NodeId = [&crate::connected_nodes::ED25519_PEER_ID_PREFIX[..], key.as_ref()]
		.concat()
		.try_into()
		.expect("38 bytes fit");
	let message = Pallet::<T>::node_key_message(exchange, operator);
	let signature =
		sp_io::crypto::ed25519_sign(key_type, &key, &message).expect("the key is in the keystore");
	(node, signature.into())
}

#[benchmarks(where
	T: Send + Sync,
	<T as frame_system::Config>::RuntimeCall: sp_runtime::traits::Dispatchable<
		Info = frame_support::dispatch::DispatchInfo,
		PostInfo = frame_support::dispatch::PostDispatchInfo,
	>,
)]
mod benchmarks {
	use super::*;

	/// The last seat of a full consortium, with the longest name and licence list, its node
	/// connected by another exchange (disconnected first).
	#[benchmark]
	fn admit() {
		let other = fill_consortium::<T>(T::MaxExchanges::get() - 1).unwrap();
		let own = Exchanges::<T>::get(other).unwrap().node;
		Pallet::<T>::do_connect_node(other, &own, node_id(u32::MAX)).expect("room to connect");
		let origin =
			T::SupermajorityOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let name: BoundedVec<u8, T::MaxNameLength> =
			alloc::vec![b'x'; T::MaxNameLength::get() as usize].try_into().unwrap();
		let operator: T::AccountId = account("new-operator", 0, 0);
		let expected_id = NextExchangeId::<T>::get();

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			name,
			jurisdictions::<T>(T::MaxJurisdictions::get()),
			LicenceHash::repeat_byte(2),
			operator.clone(),
			account("new-validator", 0, 0),
			node_id(u32::MAX),
		);

		assert_eq!(ExchangeOfAccount::<T>::get(&operator), Some(expected_id));
	}

	/// A full consortium, all active.
	#[benchmark]
	fn suspend() {
		let last = fill_consortium::<T>(T::MaxExchanges::get()).unwrap();
		let origin = T::ConsortiumOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, last);

		assert_eq!(Exchanges::<T>::get(last).unwrap().status, ExchangeStatus::Suspended);
	}

	/// A full consortium, the last exchange suspended.
	#[benchmark]
	fn reinstate() {
		let last = fill_consortium::<T>(T::MaxExchanges::get()).unwrap();
		let origin = T::ConsortiumOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		Pallet::<T>::suspend(origin.clone(), last).expect("above the minimum");

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, last);

		assert_eq!(Exchanges::<T>::get(last).unwrap().status, ExchangeStatus::Active);
	}

	/// A full consortium, all active; the exchange has connected the most nodes, and the
	/// council's queue is full, the most motions an exchange may have open among them its own.
	#[benchmark]
	fn remove() {
		let last = fill_consortium::<T>(T::MaxExchanges::get()).unwrap();
		connect_nodes::<T>(last, T::MaxConnectedNodes::get());
		T::CouncilMotions::fill_queue_for_benchmark(last, T::MaxOpenMotions::get());
		let origin =
			T::SupermajorityOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, last);

		assert!(!Exchanges::<T>::contains_key(last));
		assert!(ConnectedNodes::<T>::get(last).is_empty());
		assert_eq!(T::CouncilMotions::open_motions_of(last), 0);
	}

	/// The last node an exchange may connect, its key's proof checked.
	#[benchmark]
	fn connect_node() {
		let last = fill_consortium::<T>(MinActiveExchanges::<T>::get().max(1)).unwrap();
		connect_nodes::<T>(last, T::MaxConnectedNodes::get() - 1);
		let operator = Exchanges::<T>::get(last).unwrap().operator;
		let (node, proof) = node_key_and_proof::<T>(last, &operator);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), node.clone(), proof);

		assert_eq!(ExchangeOfNode::<T>::get(node), Some(last));
	}

	/// An exchange that connected the most nodes replaces its node by a new one: every
	/// connected node is connected to the new one.
	#[benchmark]
	fn replace_node() {
		let last = fill_consortium::<T>(MinActiveExchanges::<T>::get().max(1)).unwrap();
		connect_nodes::<T>(last, T::MaxConnectedNodes::get());
		let operator = Exchanges::<T>::get(last).unwrap().operator;
		let (node, proof) = node_key_and_proof::<T>(last, &operator);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), node.clone(), proof);

		assert_eq!(Exchanges::<T>::get(last).unwrap().node, node);
	}

	/// The last of the most nodes an exchange may connect.
	#[benchmark]
	fn disconnect_node() {
		let last = fill_consortium::<T>(MinActiveExchanges::<T>::get().max(1)).unwrap();
		connect_nodes::<T>(last, T::MaxConnectedNodes::get());
		let operator = Exchanges::<T>::get(last).unwrap().operator;
		let node = ConnectedNodes::<T>::get(last).last().cloned().unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), node.clone());

		assert_eq!(ExchangeOfNode::<T>::get(node), None);
	}

	/// An exchange's own node in a full consortium, with the most nodes it may connect: the
	/// floor counted over every active exchange, each connection cut, the node taken out of
	/// the well-known nodes (dearer than a connected node, disconnected).
	#[benchmark]
	fn bar_node() {
		let last = fill_consortium::<T>(T::MaxExchanges::get()).unwrap();
		connect_nodes::<T>(last, T::MaxConnectedNodes::get());
		let node = Exchanges::<T>::get(last).unwrap().node;
		let origin = T::ConsortiumOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, node.clone());

		assert!(BarredNodes::<T>::contains_key(&node));
		assert_eq!(ConnectedNodes::<T>::get(last).len() as u32, T::MaxConnectedNodes::get());
	}

	/// An exchange's own node in a full consortium, barred with the most nodes it may
	/// connect: a well-known node again, each connection restored.
	#[benchmark]
	fn unbar_node() {
		let last = fill_consortium::<T>(T::MaxExchanges::get()).unwrap();
		connect_nodes::<T>(last, T::MaxConnectedNodes::get());
		let node = Exchanges::<T>::get(last).unwrap().node;
		Pallet::<T>::do_bar_node(node.clone()).expect("an exchange's node");
		let origin = T::ConsortiumOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, node.clone());

		assert!(!BarredNodes::<T>::contains_key(&node));
	}

	/// A finality stall noted for the next session change: every check read (the latest
	/// session change, the stall, the pending and the last forced change), one value written.
	#[benchmark]
	fn note_finality_stalled() {
		LastSessionChangeAt::<T>::put(BlockNumberFor::<T>::from(100u32));
		frame_system::Pallet::<T>::set_block_number(200u32.into());
		let origin = T::ConsortiumOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::MinStallDelay::get(), 90u32.into());

		assert!(T::SessionChanges::pending(), "the next session change recovers it");
	}

	#[benchmark]
	fn set_min_active_exchanges() {
		fill_consortium::<T>(T::MaxExchanges::get());
		let origin = T::ConsortiumOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::MaxExchanges::get());

		assert_eq!(MinActiveExchanges::<T>::get(), T::MaxExchanges::get());
	}

	/// The longest licence list.
	#[benchmark]
	fn set_jurisdictions() {
		let last = fill_consortium::<T>(MinActiveExchanges::<T>::get().max(1)).unwrap();
		let origin = T::ConsortiumOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let codes = jurisdictions::<T>(T::MaxJurisdictions::get());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, last, codes.clone());

		assert_eq!(Exchanges::<T>::get(last).unwrap().jurisdictions, codes);
	}

	#[benchmark]
	fn authorize_upgrade() {
		let origin =
			T::SupermajorityOrigin::try_successful_origin().map_err(|_| "no origin").unwrap();
		let code_hash = T::Hash::default();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, code_hash);

		frame_system::Pallet::<T>::assert_last_event(
			frame_system::Event::<T>::UpgradeAuthorized { code_hash, check_version: true }.into(),
		);
	}

	/// [`CheckBlockSpace`] passing an operational transaction: its signer is looked up as an
	/// active exchange's operator in a full consortium (a refused signer reads the same or
	/// less; a normal-class transaction reads nothing and is charged nothing).
	#[benchmark]
	fn check_block_space() {
		use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
		use sp_runtime::traits::DispatchTransaction;
		let last = fill_consortium::<T>(T::MaxExchanges::get()).expect("a full consortium");
		let operator = Exchanges::<T>::get(last).expect("an exchange").operator;
		let call: <T as frame_system::Config>::RuntimeCall =
			frame_system::Call::<T>::apply_authorized_upgrade { code: Vec::new() }.into();
		let info = call.get_dispatch_info();
		assert_eq!(info.class, DispatchClass::Operational);
		let result;

		#[block]
		{
			result = CheckBlockSpace::<T>::new().test_run(
				RawOrigin::Signed(operator).into(),
				&call,
				&info,
				0,
				0,
				|_| Ok(().into()),
			);
		}

		assert!(result.is_ok(), "an active exchange's operator passes");
	}

	/// A session period's boundary with nothing to change, at its dearest: a full
	/// consortium, every validator but one with session keys, so that one fewer than the
	/// minimum is ready and the pallet plans nothing; and as many other validators queued in
	/// the session pallet, each with its keys compared with its registered ones and with the
	/// finality authorities. (When something is to change, the session ends and
	/// `pallet-session` charges the whole block anyway.)
	#[benchmark]
	fn session_change_pending() {
		let max = T::MaxExchanges::get();
		fill_consortium::<T>(max);
		let validators: Vec<T::AccountId> = ActiveExchanges::<T>::get()
			.iter()
			.filter_map(Exchanges::<T>::get)
			.map(|info| info.validator)
			.collect();
		let queued: Vec<T::AccountId> = (0..max).map(|i| account("queued", i, 0)).collect();
		// The last one is an exchange admitted here, without keys (genesis validators have
		// theirs).
		T::SessionChanges::set_up_unchanged(&validators[..validators.len() - 1], &queued);
		MinActiveExchanges::<T>::put(max);
		assert_eq!(Pallet::<T>::eligible_validators().len() as u32, max - 1);
		let pending;

		#[block]
		{
			pending = Pallet::<T>::session_change_pending();
		}

		assert!(!pending);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
