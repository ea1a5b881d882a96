//! The consortium's data types.

use alloc::{string::String, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec};
use scale_info::TypeInfo;
use stledger_primitives::CountryCode;

/// The hash of an exchange's licence document (the document itself stays off chain).
pub type LicenceHash = sp_core::H256;

/// The longest libp2p peer id accepted, in bytes (an ed25519 peer id takes 38).
pub type MaxNodeIdLength = ConstU32<128>;

/// A node's libp2p peer id, as bytes (the same encoding `pallet-node-authorization` uses).
pub type NodeId = BoundedVec<u8, MaxNodeIdLength>;

/// An exchange's proof that it holds a node's key: the node key's ed25519 signature of
/// [`Pallet::node_key_message`](crate::Pallet::node_key_message) (this chain, the exchange
/// and its operator), as `scripts/node-key-proof.mjs` makes it from the node's key file.
pub type NodeKeyProof = [u8; 64];

/// Whether an exchange takes part in governance and validation.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ExchangeStatus {
	/// A council seat and, once its session keys are set, a validator.
	Active,
	/// Neither council seat nor validator; its records stay.
	Suspended,
}

/// A member exchange of the consortium.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(MaxName, MaxJurisdictions))]
pub struct Exchange<AccountId, MaxName: Get<u32>, MaxJurisdictions: Get<u32>> {
	/// Display name.
	pub name: BoundedVec<u8, MaxName>,
	/// The jurisdictions the exchange is licensed for, as ISO 3166-1 alpha-2 codes.
	pub jurisdictions: BoundedVec<CountryCode, MaxJurisdictions>,
	/// Hash of the licence document, so an auditor can match the paper to the chain.
	pub licence: LicenceHash,
	/// The governance account: the exchange's council seat.
	pub operator: AccountId,
	/// The account that validates for the exchange once its session keys are set.
	pub validator: AccountId,
	/// The exchange's node, one of the network's well-known nodes.
	pub node: NodeId,
	/// Active or suspended.
	pub status: ExchangeStatus,
}

/// An [`Exchange`] as stored by a runtime.
pub type ExchangeOf<T> = Exchange<
	<T as frame_system::Config>::AccountId,
	<T as crate::Config>::MaxNameLength,
	<T as crate::Config>::MaxJurisdictions,
>;

/// A founding exchange in the genesis configuration.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisExchange<AccountId> {
	/// Display name.
	pub name: String,
	/// Licensed jurisdictions.
	pub jurisdictions: Vec<CountryCode>,
	/// Hash of the licence document.
	pub licence: LicenceHash,
	/// Governance account (council seat).
	pub operator: AccountId,
	/// Validator account.
	pub validator: AccountId,
	/// Node peer id, as bytes.
	pub node: Vec<u8>,
}

/// Where the network's well-known nodes live (`pallet-node-authorization` in the runtime).
///
/// The exchanges pallet calls it when an exchange is admitted or removed, and when an
/// exchange connects or disconnects a node of its own beside its validator's, so the set of
/// nodes allowed to peer is always the consortium's nodes.
pub trait NodeRegistry<AccountId> {
	/// Make `node` a well-known node owned by `owner`.
	fn add_node(node: NodeId, owner: AccountId) -> DispatchResult;
	/// Remove `node` from the well-known nodes.
	fn remove_node(node: NodeId) -> DispatchResult;
	/// Let `extra` (not a well-known node) and the well-known `node` peer with each other,
	/// and with no other node.
	fn connect(node: NodeId, extra: NodeId) -> DispatchResult;
	/// Undo [`NodeRegistry::connect`]: `extra` peers with nothing.
	fn disconnect(node: NodeId, extra: NodeId) -> DispatchResult;
}

impl<AccountId> NodeRegistry<AccountId> for () {
	fn add_node(_: NodeId, _: AccountId) -> DispatchResult {
		Ok(())
	}
	fn remove_node(_: NodeId) -> DispatchResult {
		Ok(())
	}
	fn connect(_: NodeId, _: NodeId) -> DispatchResult {
		Ok(())
	}
	fn disconnect(_: NodeId, _: NodeId) -> DispatchResult {
		Ok(())
	}
}
