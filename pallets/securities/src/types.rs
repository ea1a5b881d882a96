//! The securities pallet's data types: securities, their rules, lock-up lots, holder counts.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*, BoundedVec, CloneNoBound, DebugNoBound, DefaultNoBound, EqNoBound,
	PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::Permill;
use stledger_primitives::{CountryCode, ExchangeId, IdentityId, InvestorClass, Moment};

/// Whether a security's tokens may move.
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
pub enum SecurityStatus {
	/// Tokens move under the rules.
	Active,
	/// The issuer paused the security: nothing moves but forced transfers.
	Paused,
}

/// An ISIN (ISO 6166): two letters, nine alphanumerics, one check digit. Validated by
/// [`crate::isin::is_valid`] before it is stored.
pub type Isin = [u8; 12];

/// A security: a `pallet-assets` asset that only this pallet moves, and its rules.
///
/// One stored value: a transfer or a fill reads its status and its rules in one read.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(StringLimit, MaxEntries))]
pub struct Security<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	StringLimit: Get<u32>,
	MaxEntries: Get<u32>,
> {
	/// The issuer: an attested investor identity. Only its accounts in
	/// [`crate::IssuerAccounts`] act as the issuer (the creating account, and those an issuer
	/// account added); linking an account to the identity gives it no power.
	pub issuer: IdentityId,
	/// The account that created the security.
	pub creator: AccountId,
	/// Name, as in the asset's metadata.
	pub name: BoundedVec<u8, StringLimit>,
	/// Ticker symbol, as in the asset's metadata.
	pub symbol: BoundedVec<u8, StringLimit>,
	/// The ISIN, if the security has one.
	pub isin: Option<Isin>,
	/// Decimals of the token.
	pub decimals: u8,
	/// Active or paused.
	pub status: SecurityStatus,
	/// Its rules, set by the issuer or an agent (last, so that a version 2 record's bytes
	/// are the start of its version 3 record: `migrations::v3`).
	pub rules: Rules<AccountId, Balance, MaxEntries>,
}

/// An investor class allowed to hold, everywhere or in one jurisdiction only.
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
pub struct ClassRule {
	/// The class allowed.
	pub class: InvestorClass,
	/// Where it is allowed; `None`: in every allowed jurisdiction.
	pub jurisdiction: Option<CountryCode>,
}

/// Transfers to investors of a jurisdiction are refused until a date (Regulation S
/// distribution compliance period: no flowback to US investors).
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
pub struct Restriction {
	/// The restricted jurisdiction.
	pub jurisdiction: CountryCode,
	/// Until when (ms since the Unix epoch).
	pub until: Moment,
}

/// The most classes a per-class holder limit can name (one per [`InvestorClass`]).
pub type MaxClassLimits = ConstU32<4>;

/// A security's rules. All optional, all combined with AND; every failing rule is reported
/// with its [`stledger_primitives::Reason`]. An empty list means "no restriction".
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxEntries))]
pub struct Rules<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxEntries: Get<u32>,
> {
	/// Investors must reside in one of these (`JurisdictionNotAllowed`).
	pub allowed_jurisdictions: BoundedVec<CountryCode, MaxEntries>,
	/// Investors must not reside in one of these (`JurisdictionDenied`).
	pub denied_jurisdictions: BoundedVec<CountryCode, MaxEntries>,
	/// Investors must be of one of these classes, where the rule names their jurisdiction or
	/// none (`ClassNotAllowed`).
	pub allowed_classes: BoundedVec<ClassRule, MaxEntries>,
	/// One of the investor's attestors must be one of these (`AttestorNotTrusted`); empty:
	/// any attestor licensed for the investor's jurisdiction.
	pub trusted_attestors: BoundedVec<AccountId, MaxEntries>,
	/// The product's risk rating, 1 to 5: investors with a lower tolerance may not buy it
	/// (`Unsuitable`).
	pub risk_rating: Option<u8>,
	/// The most holders (identities) at once (`HolderLimitReached`).
	pub max_holders: Option<u32>,
	/// The most holders of a class at once (`ClassHolderLimitReached`).
	pub max_holders_per_class: BoundedVec<(InvestorClass, u32), MaxClassLimits>,
	/// The largest share of the supply one identity may own after a transfer
	/// (`OwnershipLimitExceeded`; issuance is exempt, as supply is still being built).
	pub max_ownership: Option<Permill>,
	/// The smallest non-zero holding of an identity (`BelowMinimumHolding`).
	pub min_holding: Option<Balance>,
	/// Jurisdictions closed until a date (`JurisdictionRestricted`).
	pub restrictions: BoundedVec<Restriction, MaxEntries>,
	/// Whether holders may transfer peer to peer, or only trade on a venue
	/// (`PeerToPeerNotAllowed`).
	pub peer_to_peer: bool,
	/// The venues (exchanges) that may list and trade it; empty: any active exchange
	/// (`VenueNotAllowed`).
	pub venues: BoundedVec<ExchangeId, MaxEntries>,
	/// Tokens issued without an explicit lock-up are locked this long (ms), e.g. Regulation D's
	/// twelve-month holding period.
	pub issuance_lockup: Option<Moment>,
}

impl<AccountId, Balance, MaxEntries> Default for Rules<AccountId, Balance, MaxEntries>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxEntries: Get<u32>,
{
	/// No restriction at all, peer-to-peer transfers allowed.
	fn default() -> Self {
		Rules {
			allowed_jurisdictions: BoundedVec::new(),
			denied_jurisdictions: BoundedVec::new(),
			allowed_classes: BoundedVec::new(),
			trusted_attestors: BoundedVec::new(),
			risk_rating: None,
			max_holders: None,
			max_holders_per_class: BoundedVec::new(),
			max_ownership: None,
			min_holding: None,
			restrictions: BoundedVec::new(),
			peer_to_peer: true,
			venues: BoundedVec::new(),
			issuance_lockup: None,
		}
	}
}

impl<AccountId, Balance, MaxEntries> Rules<AccountId, Balance, MaxEntries>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxEntries: Get<u32>,
{
	/// Whether `venue` may list and trade the security (any, where the list is empty).
	pub fn allows_venue(&self, venue: ExchangeId) -> bool {
		self.venues.is_empty() || self.venues.contains(&venue)
	}
}

/// The rules of a security as a runtime stores them.
pub type RulesOf<T> = Rules<
	<T as frame_system::Config>::AccountId,
	<T as crate::Config>::Balance,
	<T as crate::Config>::MaxRuleEntries,
>;

/// A security as a runtime stores it.
pub type SecurityOf<T> = Security<
	<T as frame_system::Config>::AccountId,
	<T as crate::Config>::Balance,
	<T as crate::Config>::StringLimit,
	<T as crate::Config>::MaxRuleEntries,
>;

/// Tokens locked until a date: received in an offering or issued with a lock-up.
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
pub struct Lot<Balance> {
	/// How many tokens the lot locks.
	pub amount: Balance,
	/// When they unlock (ms since the Unix epoch).
	pub unlock_at: Moment,
}

/// Everything the ledger keeps of one account's position in one security besides its
/// balance (which `pallet-assets` holds), in one stored value: a compliance check reads
/// each party's position once, instead of five values per party.
///
/// An account with the default position (holding nothing counted, not frozen, nothing
/// frozen, reserved or locked) has no stored value.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DefaultNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxLots))]
pub struct Position<Balance, MaxLots: Get<u32>>
where
	Balance: Clone + PartialEq + Eq + Default + core::fmt::Debug,
{
	/// The identity the account's tokens are counted under while it holds any: the one it
	/// belonged to when it received them (holders are counted per identity even if the
	/// account is later unlinked or relinked).
	pub identity: Option<IdentityId>,
	/// Whether the whole account is frozen (an administrator's decision; it outlives the
	/// holding).
	pub frozen: bool,
	/// How much of its balance is frozen (it may exceed the balance: tokens received later
	/// are frozen up to it).
	pub frozen_amount: Balance,
	/// Tokens reserved for its resting sell orders on the order book: they cannot move but
	/// to fill those orders.
	pub reserved: Balance,
	/// Its lock-up lots, each with its own unlock date.
	pub lots: BoundedVec<Lot<Balance>, MaxLots>,
}

impl<Balance, MaxLots: Get<u32>> Position<Balance, MaxLots>
where
	Balance: Clone + PartialEq + Eq + Default + core::fmt::Debug,
{
	/// Whether nothing is recorded: such a position is not stored.
	pub fn is_empty(&self) -> bool {
		*self == Self::default()
	}
}

/// A position as a runtime stores it.
pub type PositionOf<T> = Position<<T as crate::Config>::Balance, <T as crate::Config>::MaxLots>;

/// What an identity holds of a security, over all its accounts.
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
pub struct Holding<Balance> {
	/// The amount held.
	pub amount: Balance,
	/// The class the identity was counted in when it became a holder.
	pub class: InvestorClass,
}

/// How many identities hold a security, in total and per class (the class each had when it
/// became a holder).
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct HolderCounts {
	/// Holders in total.
	pub total: u32,
	/// Holders per class, indexed by [`class_index`].
	pub per_class: [u32; 4],
}

/// The position of a class in [`HolderCounts::per_class`].
pub fn class_index(class: InvestorClass) -> usize {
	match class {
		InvestorClass::Retail => 0,
		InvestorClass::Accredited => 1,
		InvestorClass::Professional => 2,
		InvestorClass::Institutional => 3,
	}
}

impl HolderCounts {
	/// Holders of `class`.
	pub fn of_class(&self, class: InvestorClass) -> u32 {
		self.per_class[class_index(class)]
	}
}

/// Ready-made rule sets for common offering regimes (shared with the offerings pallet).
pub use stledger_primitives::RegimePreset;
