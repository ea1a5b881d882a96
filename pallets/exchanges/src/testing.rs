//! Node keys for tests (this pallet's, the runtime's and the fuzzer's): a node's peer id and
//! the proof [`Pallet::connect_node`] takes, signed as `scripts/node-key-proof.mjs` signs it.

use crate::{connected_nodes::ED25519_PEER_ID_PREFIX, Config, NodeId, NodeKeyProof, Pallet};
use codec::Decode;
use sp_core::{ed25519, Pair};
use sp_runtime::traits::TrailingZeroInput;
use stledger_primitives::ExchangeId;

/// A node's ed25519 key.
pub struct TestNodeKey(ed25519::Pair);

impl TestNodeKey {
	/// The key whose secret is `seed` as a 32-byte big-endian number: the node key
	/// `scripts/lib/network.mjs` (`peerOf`) gives the e2e tests' nodes.
	pub fn new(seed: u32) -> Self {
		let mut secret = [0u8; 32];
		secret[28..].copy_from_slice(&seed.to_be_bytes());
		Self(ed25519::Pair::from_seed(&secret))
	}

	/// The node's libp2p peer id, as bytes.
	pub fn node_id(&self) -> NodeId {
		let mut bytes = ED25519_PEER_ID_PREFIX.to_vec();
		bytes.extend_from_slice(self.0.public().as_ref());
		bytes.try_into().expect("38 bytes fit")
	}

	/// The proof that `exchange` (its operator now) holds this key, for the chain in the
	/// externalities; any operator if there is no such exchange.
	pub fn proof<T: Config>(&self, exchange: ExchangeId) -> NodeKeyProof {
		let operator =
			crate::Exchanges::<T>::get(exchange).map(|info| info.operator).unwrap_or_else(|| {
				T::AccountId::decode(&mut TrailingZeroInput::zeroes()).expect("zeroes decode")
			});
		self.sign(&Pallet::<T>::node_key_message(exchange, &operator))
	}

	/// This key's signature of `message` (a [`Pallet::node_key_message`] read earlier).
	pub fn sign(&self, message: &[u8]) -> NodeKeyProof {
		self.0.sign(message).into()
	}
}
