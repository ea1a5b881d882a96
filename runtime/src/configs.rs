//! How each pallet is configured in the ST Ledger runtime.

use crate::*;
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		AsEnsureOriginWithArg, ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, EitherOfDiverse,
		VariantCountOf,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, ConstantMultiplier, IdentityFee, Weight},
};
use frame_system::{limits::BlockWeights as SystemBlockWeights, EnsureRoot};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::{traits::One, DispatchResult, Perbill};

/// Three quarters of a block for normal transactions; the rest stays for operational ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// A block's compute: one second of the 3-second slot ([`RuntimeBlockWeights`]).
const MAX_BLOCK_REF_TIME: u64 = WEIGHT_REF_TIME_PER_SECOND;

/// A block's size in bytes ([`RuntimeBlockLength`]).
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// One second of compute in a 3-second block, leaving time to gossip and import; what a
	/// block and an extrinsic cost before any call is what this chain's node measured
	/// (`crate::weights`), not the generic defaults.
	pub RuntimeBlockWeights: SystemBlockWeights = block_weights(
		Weight::from_parts(MAX_BLOCK_REF_TIME, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	pub RuntimeBlockLength: frame_system::limits::BlockLength =
		frame_system::limits::BlockLength::builder()
			.max_length(MAX_BLOCK_LENGTH)
			.modify_max_length_for_class(frame_support::dispatch::DispatchClass::Normal, |max| {
				*max = NORMAL_DISPATCH_RATIO * *max
			})
			.build();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

/// `BlockWeights::with_sensible_defaults`, with the measured block and extrinsic base weights.
fn block_weights(expected_block_weight: Weight, normal_ratio: Perbill) -> SystemBlockWeights {
	let normal_weight = normal_ratio * expected_block_weight;
	SystemBlockWeights::builder()
		.base_block(crate::weights::BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = crate::weights::ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = normal_weight.into();
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = expected_block_weight.into();
			weights.reserved = (expected_block_weight - normal_weight).into();
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build()
		.expect("the base weights are a small part of the block; tested in `tests`")
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type BaseCallFilter = crate::call_filter::CallFilter;
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	// The node stores state in ParityDB only; a read and a write cost what `benchmark
	// storage` measured on a chain of realistic size (`crate::weights`).
	type DbWeight = crate::weights::ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	// Measured for this runtime by `scripts/benchmark.sh` (not the reference figures).
	type SystemWeightInfo = crate::weights::frame_system::WeightInfo<Runtime>;
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
	/// What a byte of a transaction costs: a block's bytes cost what its compute does, so
	/// that filling a block with bytes (a `system.remark`, long names or documents) costs
	/// its sender what filling it with work does, and block bodies, which every node keeps,
	/// cannot be grown for next to nothing (before release 121, a unit a byte: a block full of
	/// remarks cost 190,000 times less than a block full of work). A weight unit is a unit
	/// of fee (`IdentityFee`), and normal transactions get the same share of both limits, so
	/// the ratio holds for them too: 190,734 units (0.19 µSTL) a byte; a 150-byte
	/// transfer pays 29 µSTL for its bytes on top of its weight.
	pub const TransactionByteFee: Balance = MAX_BLOCK_REF_TIME as Balance / MAX_BLOCK_LENGTH as Balance;
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// The consortium's account for transaction fees paid in cash assets.
	pub const CashFeesPalletId: frame_support::PalletId = frame_support::PalletId(*b"stl/fees");
}

/// Rates of cash assets to STL, for fees paid in cash: set by the consortium.
impl pallet_asset_rate::Config for Runtime {
	type WeightInfo = crate::weights::pallet_asset_rate::WeightInfo<Runtime>;
	type RuntimeEvent = RuntimeEvent;
	type CreateOrigin = ConsortiumOrigin;
	type RemoveOrigin = ConsortiumOrigin;
	type UpdateOrigin = ConsortiumOrigin;
	type Currency = Balances;
	type AssetKind = AssetId;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// Fees in STL, or in a cash asset with a rate (see `crate::cash_fees`).
impl pallet_asset_tx_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Fungibles = Assets;
	type OnChargeAssetTransaction = pallet_asset_tx_payment::FungiblesAdapter<
		crate::cash_fees::CashForNativeFee,
		crate::cash_fees::CashFeesToConsortium,
	>;
	type WeightInfo = crate::weights::pallet_asset_tx_payment::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::cash_fees::CashFeeBenchmarks;
}

/// Cash assets that are live: not frozen whole by their issuer (`assets.freeze_asset`).
pub struct LiveCash;
impl frame_support::traits::Contains<AssetId> for LiveCash {
	fn contains(asset: &AssetId) -> bool {
		Assets::asset_details(*asset)
			.is_some_and(|details| details.status == pallet_assets::AssetStatus::Live)
	}
}

/// Cash accounts that may pay: neither frozen nor blocked by their cash asset's issuer
/// (`assets.freeze`, `assets.block`).
pub struct PayingCashAccounts;
impl frame_support::traits::Contains<(AssetId, AccountId)> for PayingCashAccounts {
	fn contains((asset, who): &(AssetId, AccountId)) -> bool {
		pallet_assets::Account::<Runtime>::get(asset, who)
			.is_some_and(|account| !account.status.is_frozen())
	}
}

/// The first security's `pallet-assets` id: cash assets take the ids below it. A cash asset at
/// or above it would take a security's id, and every `create_security` reaching that id would
/// fail (`InUse`) for ever.
pub const FIRST_SECURITY_ID: u32 = 1000;

/// Root, or a council motion passed by at least two thirds of the member exchanges.
pub type ConsortiumOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

impl pallet_assets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = AssetId;
	type AssetIdParameter = codec::Compact<AssetId>;
	type ReserveData = ();
	type Currency = Balances;
	// Nobody creates assets with `assets.create`, and nobody forces anything: securities are
	// created and moved only by the securities pallet (its account owns them), cash assets
	// exist from genesis, administered by their issuers.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type CreateOrigin = AsEnsureOriginWithArg<frame_support::traits::NeverEnsureOrigin<AccountId>>;
	#[cfg(not(feature = "runtime-benchmarks"))]
	type ForceOrigin = frame_system::EnsureNever<()>;
	// The benchmarks create their assets with `create` and `force_create`: only the benchmark
	// node's runtime (never a network's) lets them, so that every `pallet-assets` call is
	// measured with this runtime's freezer and storage.
	#[cfg(feature = "runtime-benchmarks")]
	type CreateOrigin = AsEnsureOriginWithArg<frame_system::EnsureSigned<AccountId>>;
	#[cfg(feature = "runtime-benchmarks")]
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = ConstU128<{ UNIT }>;
	type AssetAccountDeposit = ConstU128<{ MILLI_UNIT }>;
	// Metadata is set by permissioned creators only (the securities pallet): no deposit.
	type MetadataDepositBase = ConstU128<0>;
	type MetadataDepositPerByte = ConstU128<0>;
	type ApprovalDeposit = ConstU128<{ MILLI_UNIT }>;
	type StringLimit = ConstU32<64>;
	// Lock-ups and freezes of securities are enforced by the ledger itself.
	// Locks, freezes and sell-order reservations of securities; cash reserved by bids.
	type Freezer = pallet_orderbook::WithCashReservations<Runtime, Securities>;
	type Holder = ();
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = crate::weights::pallet_assets::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = crate::weights::pallet_utility::WeightInfo<Runtime>;
}

impl pallet_node_authorization::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type MaxWellKnownNodes = MaxExchanges;
	// Strictly longer than any `pallet_exchanges::NodeId` (node-authorization checks `<`).
	type MaxPeerIdLength = ConstU32<256>;
	// The exchanges pallet adds and removes its members' nodes (with Root, below), and the
	// nodes an exchange connects to its own; a direct change needs Root too, so the
	// well-known nodes never drift from the consortium. The pallet's calls for signed
	// accounts (`claim_node`, `add_connections`…) are refused by the call filter
	// (`crate::call_filter`): unpriced (`WeightInfo = ()`), unbounded, open to anyone.
	type AddOrigin = EnsureRoot<AccountId>;
	type RemoveOrigin = EnsureRoot<AccountId>;
	type SwapOrigin = EnsureRoot<AccountId>;
	type ResetOrigin = EnsureRoot<AccountId>;
	type WeightInfo = ();
}

/// Keeps `pallet-node-authorization`'s well-known nodes equal to the exchanges' nodes.
pub struct WellKnownNodes;
impl pallet_exchanges::NodeRegistry<AccountId> for WellKnownNodes {
	fn add_node(node: pallet_exchanges::NodeId, owner: AccountId) -> DispatchResult {
		let node = sp_core::OpaquePeerId(node.into_inner());
		// Anyone may `claim_node` a peer id nobody holds, such as the one a pending admission
		// names, and let their own nodes connect to it (`add_connections`): admission would
		// make the new owner's node accept them. It starts with no connections of its own.
		pallet_node_authorization::AdditionalConnections::<Runtime>::remove(&node);
		NodeAuthorization::add_well_known_node(RuntimeOrigin::root(), node, owner.into())
	}

	fn remove_node(node: pallet_exchanges::NodeId) -> DispatchResult {
		NodeAuthorization::remove_well_known_node(
			RuntimeOrigin::root(),
			sp_core::OpaquePeerId(node.into_inner()),
		)
	}

	fn connect(node: pallet_exchanges::NodeId, extra: pallet_exchanges::NodeId) -> DispatchResult {
		use pallet_node_authorization::{AdditionalConnections, Owners};
		let node = sp_core::OpaquePeerId(node.into_inner());
		let extra = sp_core::OpaquePeerId(extra.into_inner());
		AdditionalConnections::<Runtime>::mutate(&node, |peers| peers.insert(extra.clone()));
		// The connected node peers with its exchange's node only, whatever a claim made
		// before release 115 (when anyone could claim a node) had given it.
		Owners::<Runtime>::remove(&extra);
		AdditionalConnections::<Runtime>::insert(
			&extra,
			alloc::collections::BTreeSet::from([node]),
		);
		Ok(())
	}

	fn disconnect(
		node: pallet_exchanges::NodeId,
		extra: pallet_exchanges::NodeId,
	) -> DispatchResult {
		use pallet_node_authorization::AdditionalConnections;
		let node = sp_core::OpaquePeerId(node.into_inner());
		let extra = sp_core::OpaquePeerId(extra.into_inner());
		AdditionalConnections::<Runtime>::mutate_exists(&node, |peers| {
			if let Some(set) = peers {
				set.remove(&extra);
				if set.is_empty() {
					*peers = None;
				}
			}
		});
		AdditionalConnections::<Runtime>::remove(&extra);
		Ok(())
	}
}

parameter_types! {
	pub const MaxExchanges: u32 = 32;
	/// Enough for an admission, an upgrade and an emergency or two at once; bounded so that
	/// no exchange fills the council's queue (`pallet_exchanges::MotionTicket`).
	pub const MaxOpenMotions: u32 = 4;
	/// Every exchange there can be at its bound of open motions at once.
	pub const MaxCouncilMotions: u32 = MaxExchanges::get() * MaxOpenMotions::get();
}

impl pallet_exchanges::Config for Runtime {
	type ConsortiumOrigin = ConsortiumOrigin;
	type SupermajorityOrigin = crate::governance::SupermajorityOrigin;
	type MembershipChanged = Council;
	type ValidatorRegistration = Session;
	type SessionChanges = crate::sessions::SessionPalletChanges;
	type FinalityStall = crate::sessions::SessionPalletChanges;
	type Nodes = WellKnownNodes;
	// The attestation pallet's licence table: an exchange's attestations stop counting in
	// the block it loses its licence.
	type LicenceObserver = Attestation;
	type Attestors = Attestation;
	type MaxExchanges = MaxExchanges;
	type MaxJurisdictions = ConstU32<16>;
	type MaxNameLength = ConstU32<64>;
	// An archive node and a standby or two beside the validator's node.
	type MaxConnectedNodes = ConstU32<4>;
	// Five minutes to two hours at a block every 3 s: GRANDPA's guidance for a forced
	// change is about 1,000 blocks.
	type MinStallDelay = ConstU32<100>;
	type MaxStallDelay = ConstU32<2_400>;
	type CouncilMotions = crate::council::OpenCouncilMotions;
	type MaxOpenMotions = MaxOpenMotions;
	type WeightInfo = pallet_exchanges::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Sessions can end every 10 blocks, and end only when the change would do something
	/// (`pallet_exchanges::EndSessionOnChange`): validator-set and key changes take effect
	/// within two periods (one minute), and no block is spent on a change of nothing.
	pub const SessionPeriod: BlockNumber = 10;
	pub const SessionOffset: BlockNumber = 0;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	// Only an exchange's validator account registers keys (release 120).
	type ValidatorIdOf = crate::sessions::ExchangeValidators;
	type ShouldEndSession =
		pallet_exchanges::EndSessionOnChange<Runtime, SessionPeriod, SessionOffset>;
	// The boundary at which the next session can end (it ends there only if it changes
	// something). Nothing in this runtime uses the estimate.
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = Exchanges;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = ConstU128<0>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = sp_consensus_aura::sr25519::AuthorityId;
	type DisabledValidators = ();
	type MaxAuthorities = MaxExchanges;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxExchanges;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

parameter_types! {
	/// A consortium motion stays open for a week.
	pub const MotionDuration: BlockNumber = 7 * DAYS;
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

/// The council of exchanges.
pub type CouncilCollective = pallet_collective::Instance1;

/// The council's default vote: nay. `pallet-collective`'s `MoreThanMajorityThenPrimeDefaultVote`
/// counted abstentions as ayes once more than half voted aye, so 3 of 5 exchanges passed a
/// two-thirds motion; with this, a motion passes on the ayes actually cast.
pub struct AbstentionsAreNays;
impl pallet_collective::DefaultVote for AbstentionsAreNays {
	fn default_vote(_prime_vote: Option<bool>, _yes: u32, _no: u32, _len: u32) -> bool {
		false
	}
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = MotionDuration;
	// Every exchange at its bound of open motions (`MaxOpenMotions`) fits at once: one
	// exchange can never fill the queue.
	type MaxProposals = MaxCouncilMotions;
	type MaxMembers = MaxExchanges;
	// An exchange that does not vote has not agreed: abstentions never count as ayes, so a
	// motion closed after `MotionDuration` passes only on the ayes it has.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type DefaultVote = AbstentionsAreNays;
	// `pallet_collective`'s benchmark of an approved close passes its motion on the prime's
	// default vote; the work measured is the same whichever way abstentions count.
	#[cfg(feature = "runtime-benchmarks")]
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	// Seats follow the active exchanges (pallet-exchanges); nobody sets them by hand. The
	// benchmarks (only) seat their own members, as Root.
	#[cfg(not(feature = "runtime-benchmarks"))]
	type SetMembersOrigin = frame_system::EnsureNever<()>;
	#[cfg(feature = "runtime-benchmarks")]
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	// The proposer's exchange, kept with each motion: at most `MaxOpenMotions` open each.
	type Consideration = pallet_exchanges::MotionTicket<Runtime>;
}

impl pallet_attestation::Config for Runtime {
	type ConsortiumOrigin = ConsortiumOrigin;
	type Exchanges = Exchanges;
	type Subscriptions = Offerings;
	type Time = Timestamp;
	type MaxAccountsPerIdentity = ConstU32<8>;
	// Few investors need more than a couple of attestors; each one is read on every
	// compliance check.
	type MaxAttestationsPerIdentity = ConstU32<4>;
	type MaxJurisdictions = ConstU32<16>;
	type MaxNameLength = ConstU32<64>;
	// Every licence to attest is one value each compliance check reads: every exchange the
	// consortium can admit, and the KYC/AML providers it registers besides (a few per
	// jurisdiction).
	type MaxExchanges = MaxExchanges;
	type MaxRegisteredAttestors = ConstU32<32>;
	type WeightInfo = pallet_attestation::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const SecuritiesPalletId: frame_support::PalletId = frame_support::PalletId(*b"stl/secs");
}

impl pallet_securities::Config for Runtime {
	type Balance = Balance;
	type Assets = pallet_securities::direct_transfers::DirectTransfers<Runtime>;
	type Investors = Attestation;
	type Exchanges = Exchanges;
	type Subscriptions = Offerings;
	type Time = Timestamp;
	type PalletId = SecuritiesPalletId;
	type FirstSecurityId = ConstU32<FIRST_SECURITY_ID>;
	type StringLimit = ConstU32<64>;
	type MaxRuleEntries = ConstU32<32>;
	type MaxAgents = ConstU32<8>;
	type MaxSecuritiesPerIssuer = ConstU32<256>;
	type MaxIssuerAccounts = ConstU32<8>;
	type MaxLots = ConstU32<16>;
	type MaxReasonLength = ConstU32<128>;
	type WeightInfo = pallet_securities::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const OfferingsPalletId: frame_support::PalletId = frame_support::PalletId(*b"stl/offr");
}

impl pallet_offerings::Config for Runtime {
	type Balance = Balance;
	type Assets = pallet_securities::direct_transfers::DirectTransfers<Runtime>;
	type Securities = Securities;
	type Investors = Attestation;
	type ConsortiumOrigin = ConsortiumOrigin;
	type Time = Timestamp;
	type PalletId = OfferingsPalletId;
	type MaxJurisdictions = ConstU32<32>;
	// A settlement batch mints, locks and pays for each subscriber: 100 of them stay well
	// within a block (see docs/offerings.md, "Costs").
	type MaxSettlementBatch = ConstU32<100>;
	type WeightInfo = pallet_offerings::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const OrderbookPalletId: frame_support::PalletId = frame_support::PalletId(*b"stl/book");
}

impl pallet_orderbook::Config for Runtime {
	type Balance = Balance;
	type Assets = pallet_securities::direct_transfers::DirectTransfers<Runtime>;
	type Securities = Securities;
	type Investors = Attestation;
	type Exchanges = Exchanges;
	type ConsortiumOrigin = ConsortiumOrigin;
	type Time = Timestamp;
	type PalletId = OrderbookPalletId;
	type MaxVenues = ConstU32<16>;
	type MaxPriceLevels = ConstU32<256>;
	type MaxOpenOrders = ConstU32<64>;
	// Filling a side's 256 levels takes at least four identities, and evicting its furthest
	// level (at most 64 orders) is what an order nearer the best pays for: see
	// docs/orderbook.md.
	type MaxOpenOrdersPerIdentity = ConstU32<64>;
	type MaxOrdersPerLevel = ConstU32<64>;
	type LiveCash = LiveCash;
	type PayingCashAccounts = PayingCashAccounts;
	type MaxRecentClientIds = ConstU32<16>;
	// A call meeting 128 resting orders stays within a tenth of a block (docs/orderbook.md).
	type MaxFillsPerCall = ConstU32<128>;
	type MaxExpiriesPerBlock = ConstU32<64>;
	type MaxRecentTrades = ConstU32<32>;
	type WeightInfo = pallet_orderbook::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
