//! # ST Ledger runtime
//!
//! A permissioned chain run by a consortium of regulated exchanges. The pallets, in
//! dispatch order:
//!
//! | pallet | role |
//! |---|---|
//! | `System`, `Timestamp` | FRAME basics; the timestamp is what attestation expiry is judged by |
//! | `Balances`, `TransactionPayment` | the native fee token (STL) |
//! | `Assets` | every fungible asset: security tokens and cash (stablecoins, tokenized deposits) |
//! | `Utility` | batches |
//! | `NodeAuthorization` | the well-known nodes: only the consortium's nodes may peer |
//! | `Exchanges` | the consortium: exchanges, licences, validators, council seats |
//! | `Session`, `Aura`, `Grandpa` | 3-second slots from the exchanges' validators, GRANDPA finality |
//! | `Council` | one seat per active exchange; two thirds decide consortium matters |
//! | `Attestation` | attestors, investor identities, KYC/AML attestations: who an account is |
//! | `Securities` | security tokens on `Assets`, their rules, lock-ups, issuer powers, the compliance check |
//! | `Offerings` | primary offerings: subscriptions in escrow, caps, limits, batch settlement and refunds |
//! | `Orderbook` | the secondary market: one shared book per market across venues, compliance at every fill, delivery versus payment |
//! | `TxPause`, `SafeMode` | the consortium's emergency stops: one call, one pallet, or everything but governance (`governance`) |
//! | `Sudo` | development chains only: the `local` and real networks have no sudo key |
//!
//! See `docs/architecture.md` for how a call flows through them.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!` and `impl_runtime_apis!` expand to items clippy cannot see through.
#![allow(clippy::new_without_default, clippy::large_enum_variant)]
// The runtime API macros generate items without docs.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod call_filter;
pub mod cash_fees;
pub mod configs;
pub mod council;
pub mod genesis_config_presets;
pub mod governance;
pub mod migrations;
pub mod sessions;
#[cfg(feature = "std")]
pub mod snapshot;
#[cfg(test)]
mod tests;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types the node uses without knowing the runtime's details.
pub mod opaque {
	use super::*;
	use sp_runtime::traits::Hash as HashT;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The keys a validator registers with `session.setKeys`: one for authoring (Aura,
	/// sr25519) and one for finality (GRANDPA, ed25519).
	pub struct SessionKeys {
		/// Block authoring key.
		pub aura: Aura,
		/// Finality voting key.
		pub grandpa: Grandpa,
	}
}

/// The runtime's version. `spec_version` must grow with every runtime upgrade
/// (docs/upgrading.md).
#[cfg(not(feature = "upgrade-rehearsal"))]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("stledger"),
	impl_name: alloc::borrow::Cow::Borrowed("stledger"),
	authoring_version: 1,
	spec_version: 133,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// The rehearsal runtime: the release one `spec_version` ahead, so the live network of
/// `scripts/e2e/17-upgrade.test.mjs` can upgrade to it. Never released.
#[cfg(feature = "upgrade-rehearsal")]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("stledger"),
	impl_name: alloc::borrow::Cow::Borrowed("stledger-rehearsal"),
	authoring_version: 1,
	spec_version: 134,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 2,
	system_version: 1,
};

/// One block per 3-second Aura slot.
pub const MILLISECS_PER_BLOCK: u64 = 3000;

/// The slot duration. It cannot change once the chain has started.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// One STL, the native fee token, has 12 decimals.
pub const UNIT: Balance = 1_000_000_000_000;
/// A thousandth of an STL.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// The smallest native balance an account may hold.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// The native token's symbol, shown by wallets.
pub const TOKEN_SYMBOL: &str = "STL";
/// The native token's decimals.
pub const TOKEN_DECIMALS: u8 = 12;
/// The SS58 address format (42: the generic Substrate prefix, which polkadot.js shows by default).
pub const SS58_PREFIX: u16 = 42;

/// A block number.
pub type BlockNumber = u32;
/// A transaction signature.
pub type Signature = MultiSignature;
/// An account: the public key of its signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// A balance, native or of an asset.
pub type Balance = u128;
/// A transaction counter.
pub type Nonce = u32;
/// A hash.
pub type Hash = sp_core::H256;
/// An asset's id in `pallet-assets`.
pub type AssetId = u32;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block of this runtime, as its id.
pub type BlockId = generic::BlockId<Block>;

/// The checks every signed transaction goes through.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	// The operational class (governance's reserved block space) is the council's, and no
	// transaction declares an unbounded proof size: refused before they reach a block.
	pallet_exchanges::CheckBlockSpace<Runtime>,
	frame_system::CheckWeight<Runtime>,
	// Fees in STL, or in a cash asset the consortium has set a rate for (`assetId`).
	pallet_asset_tx_payment::ChargeAssetTxPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The extensions of a signed transaction from an account at `nonce`, valid in `era`, fees
/// in STL with no tip: what the node's benchmarks, the fuzzer and the weight tests sign with
/// (one place, so a new extension cannot be left out of one of them).
pub fn tx_extension(era: generic::Era, nonce: Nonce) -> TxExtension {
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(era),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		pallet_exchanges::CheckBlockSpace::<Runtime>::new(),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_asset_tx_payment::ChargeAssetTxPayment::<Runtime>::from(0, None),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// What a signer of [`tx_extension`]'s extensions signs besides the call and the extensions:
/// the runtime's versions, the genesis hash and the hash of the block `era` starts at (the
/// genesis hash for an immortal transaction). Built here, next to the extensions, so that
/// [`signed_extrinsic`] signs what the runtime checks.
pub fn tx_implicit(
	genesis: Hash,
	era_start: Hash,
) -> <TxExtension as sp_runtime::traits::TransactionExtension<RuntimeCall>>::Implicit {
	(
		(),
		(),
		VERSION.spec_version,
		VERSION.transaction_version,
		genesis,
		era_start,
		(),
		(),
		(),
		(),
		(),
	)
}

/// `call` signed by `signer` with `nonce` and every extension of the runtime, valid in `era`
/// (which starts at the block `era_start`: the genesis hash for an immortal transaction) on
/// the chain whose genesis block is `genesis`. The node's benchmarks, the fuzzer and the
/// runtime's tests sign through it, so they sign what the runtime checks.
#[cfg(feature = "std")]
pub fn signed_extrinsic(
	signer: &sp_core::sr25519::Pair,
	call: RuntimeCall,
	era: generic::Era,
	nonce: Nonce,
	genesis: Hash,
	era_start: Hash,
) -> UncheckedExtrinsic {
	use codec::Encode;
	use sp_core::Pair;
	let extension = tx_extension(era, nonce);
	let payload =
		SignedPayload::from_raw(call.clone(), extension.clone(), tx_implicit(genesis, era_start));
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		AccountId::from(signer.public()).into(),
		Signature::Sr25519(signature),
		extension,
	)
}

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	migrations::Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(4)]
	pub type Assets = pallet_assets;

	#[runtime::pallet_index(5)]
	pub type Utility = pallet_utility;

	#[runtime::pallet_index(6)]
	pub type NodeAuthorization = pallet_node_authorization;

	#[runtime::pallet_index(7)]
	pub type AssetRate = pallet_asset_rate;

	#[runtime::pallet_index(8)]
	pub type AssetTxPayment = pallet_asset_tx_payment;

	// The consortium comes before `Session`: session's genesis asks it for the first
	// validator set.
	#[runtime::pallet_index(10)]
	pub type Exchanges = pallet_exchanges;

	#[runtime::pallet_index(11)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(12)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(13)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(14)]
	pub type Council = pallet_collective<Instance1>;

	// After `Exchanges`: its genesis checks the demo investors' attestors are licensed.
	#[runtime::pallet_index(15)]
	pub type Attestation = pallet_attestation;

	#[runtime::pallet_index(16)]
	pub type Securities = pallet_securities;

	#[runtime::pallet_index(17)]
	pub type Offerings = pallet_offerings;

	#[runtime::pallet_index(18)]
	pub type Orderbook = pallet_orderbook;

	#[runtime::pallet_index(20)]
	pub type TxPause = pallet_tx_pause;

	#[runtime::pallet_index(21)]
	pub type SafeMode = pallet_safe_mode;

	#[runtime::pallet_index(30)]
	pub type Sudo = pallet_sudo;
}
