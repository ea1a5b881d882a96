//! Securities and the compliance check every movement of one goes through.

use crate::{ExchangeId, Ineligibility, Moment};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A security's id: the id of its `pallet-assets` asset.
pub type SecurityId = u32;

/// What kind of movement of a security is being checked.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum TransferKind {
	/// Holder to holder, off any venue (OTC).
	PeerToPeer,
	/// A trade on a licensed venue (an exchange's order book).
	Venue(ExchangeId),
	/// New tokens to an investor (minting, offering settlement).
	Issuance,
	/// A forced transfer by the issuer or its agent (court order, error correction): the
	/// security's rules are skipped, the receiver's eligibility never is.
	Forced,
}

/// What a delivery of reserved tokens changed besides the two balances
/// ([`SecuritiesLedger::transfer_reserved`]): whether it costs what the worst-case fill
/// benchmark measures, or less.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Delivered {
	/// The receiver became a holder (a new token account, a new holding, the holder count), or
	/// its account moved to another identity, or the sender holds none of the security any
	/// more (its account and holding removed). False when both were holders before and are
	/// after: the common trade, which writes less.
	pub holders_changed: bool,
}

/// Ready-made rule sets for common offering regimes. Numbers are data: the issuer starts
/// from a preset and adjusts it with `set_rules`.
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
pub enum RegimePreset {
	/// Regulation D Rule 506(b): US investors, accredited plus at most 35 non-accredited,
	/// twelve-month lock-up on issued tokens, venue trades only.
	RegD506b,
	/// Regulation D Rule 506(c): US accredited (and professional, institutional) investors
	/// only, twelve-month lock-up, venue trades only.
	RegD506c,
	/// Regulation S, 40-day distribution compliance period: no transfer to US investors for
	/// 40 days (the offering itself is made to non-US investors).
	RegS40Days,
	/// Regulation S, one-year distribution compliance period (equity of non-reporting
	/// issuers).
	RegS1Year,
	/// Regulation A+ Tier 2: open to all investors, freely tradable (the raise cap and
	/// non-accredited investment limits are offering rules).
	RegAPlusTier2,
	/// Regulation Crowdfunding: open to all investors, one-year resale restriction (the raise
	/// cap and investment limits are offering rules).
	RegCF,
	/// EU qualified investors only: professional and institutional investors resident in
	/// the EEA (prospectus exemption, Article 1(4)(a) of the Prospectus Regulation).
	EuQualifiedInvestors,
}

/// Why a movement of a security is refused. Every failing rule is reported, each with its
/// stable code: the SCALE index of the variant, numbered in the spirit of ERC-1066 and
/// ERC-1400's `0x50` family (`0x51`, success, is never reported). Codes are never reused.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Reason {
	/// `0x50` No security has this id.
	#[codec(index = 0x50)]
	UnknownSecurity,
	/// `0x52` The sender's balance is smaller than the amount.
	#[codec(index = 0x52)]
	InsufficientBalance,
	/// `0x53` The amount is zero.
	#[codec(index = 0x53)]
	ZeroAmount,
	/// `0x54` The issuer paused the security.
	#[codec(index = 0x54)]
	SecurityPaused,
	/// `0x55` Part of the sender's balance is locked up (lots not yet unlocked, tokens held
	/// for an offering's settlement) or frozen.
	#[codec(index = 0x55)]
	TokensLocked,
	/// `0x56` The sender's account is frozen for this security.
	#[codec(index = 0x56)]
	SenderFrozen,
	/// `0x57` The receiver's account is frozen for this security.
	#[codec(index = 0x57)]
	ReceiverFrozen,
	/// `0x58` The receiver has no valid attestation, and why.
	#[codec(index = 0x58)]
	ReceiverNotEligible(Ineligibility),
	/// `0x59` The receiver's jurisdiction is not among those the security allows.
	#[codec(index = 0x59)]
	JurisdictionNotAllowed,
	/// `0x5A` The receiver's jurisdiction is one the security denies.
	#[codec(index = 0x5A)]
	JurisdictionDenied,
	/// `0x5B` The receiver's investor class is not allowed (in their jurisdiction).
	#[codec(index = 0x5B)]
	ClassNotAllowed,
	/// `0x5C` None of the receiver's attestors is one the security trusts.
	#[codec(index = 0x5C)]
	AttestorNotTrusted,
	/// `0x5D` The security's risk rating is above the receiver's risk tolerance.
	#[codec(index = 0x5D)]
	Unsuitable,
	/// `0x5E` The receiver would be a new holder beyond the maximum number of holders.
	#[codec(index = 0x5E)]
	HolderLimitReached,
	/// `0x5F` The receiver would be a new holder beyond the maximum for their class.
	#[codec(index = 0x5F)]
	ClassHolderLimitReached,
	/// `0x60` The receiver's identity would own more than the maximum share of the supply.
	#[codec(index = 0x60)]
	OwnershipLimitExceeded,
	/// `0x61` The receiver's identity would hold less than the minimum holding, or the
	/// identity its account's tokens were counted under (relinked since) would keep less.
	#[codec(index = 0x61)]
	BelowMinimumHolding,
	/// `0x62` Transfers to the receiver's jurisdiction are restricted until a date (for
	/// example Regulation S flowback to US investors).
	#[codec(index = 0x62)]
	JurisdictionRestricted,
	/// `0x63` The security trades on licensed venues only: no peer-to-peer transfers.
	#[codec(index = 0x63)]
	PeerToPeerNotAllowed,
	/// `0x64` The venue is not one the security may trade on.
	#[codec(index = 0x64)]
	VenueNotAllowed,
	/// `0x65` The sender's identity would keep less than the minimum holding without selling
	/// out, by its sale alone: the sender's doing, not the receiver's (an order book cancels
	/// the seller's order). What a relinked receiving account takes along is `0x61`.
	#[codec(index = 0x65)]
	SenderBelowMinimumHolding,
	/// `0x66` The sender's identity would sell out while it has a subscription to an
	/// offering of this security not yet settled: the subscription was judged with its
	/// holding (a holder cap, a top-up's minimum holding), so it keeps part of it until then
	/// (since release 132 more than its tokens held for settlements, which a failing raise
	/// burns, and the minimum holding besides them). The sender's doing (an order book
	/// cancels the seller's order).
	#[codec(index = 0x66)]
	SenderCommittedToSubscription,
	/// `0x67` The receiving account, relinked to another identity while holding, would take
	/// with it the whole holding of the identity its tokens were counted under (since
	/// release 132: all but its tokens held for settlements, or the minimum holding besides
	/// them), while that identity has a subscription to an offering of this security not
	/// yet settled.
	#[codec(index = 0x67)]
	HoldingCommittedToSubscription,
}

impl Reason {
	/// The stable numeric code of the reason.
	pub fn code(&self) -> u8 {
		self.encode()[0]
	}
}

/// The longest lock-up the ledger lets an issuer put on issued tokens: ten years (3,653
/// days) in ms. A security's rules may lock each issuance at most this long; an offering's
/// own lock-up may end at most this long after its subscription window (so an issuer cannot
/// lock paid-up subscribers for good).
pub const MAX_ISSUANCE_LOCKUP: Moment = 3_653 * 24 * 60 * 60 * 1000;

/// Which settlement holds tokens issued with [`SecuritiesLedger::issue_held`]: the offering
/// settling them.
pub type HoldId = u32;

/// The unlock date from which a lock-up lot is a settlement hold rather than a lock-up: the
/// lot of tokens held for hold `h` unlocks at `SETTLEMENT_HOLD_FLOOR + h` (about 584 million
/// years from the Unix epoch: never), one lot per hold. No lock-up may be set this late.
pub const SETTLEMENT_HOLD_FLOOR: Moment = Moment::MAX - HoldId::MAX as Moment;

/// The unlock date of the lot of tokens held for `hold` (see [`SETTLEMENT_HOLD_FLOOR`]).
pub fn settlement_hold_date(hold: HoldId) -> Moment {
	SETTLEMENT_HOLD_FLOOR + Moment::from(hold)
}

/// The securities ledger, as the offering and order-book pallets use it. Implemented by
/// `pallet-securities`: every movement goes through its compliance check.
pub trait SecuritiesLedger<AccountId, Balance> {
	/// A security's status and rules, read once to judge every movement of one call (an
	/// order's fills): the rules cannot change within a call, so reading them per fill would
	/// only cost the sender.
	type Terms;

	/// The terms of `security` as they stand, or `None` if it is not a security.
	fn terms(security: SecurityId) -> Option<Self::Terms>;

	/// Every reason `amount` of `security` may not move from `from` (none: issuance) to
	/// `to` as `kind`, or `Ok` if it may.
	fn can_transfer(
		security: SecurityId,
		from: Option<&AccountId>,
		to: &AccountId,
		amount: Balance,
		kind: TransferKind,
	) -> Result<(), Vec<Reason>>;

	/// Move `amount` of `security` from `from` to `to` as `kind`, after the compliance check.
	fn transfer(
		security: SecurityId,
		from: &AccountId,
		to: &AccountId,
		amount: Balance,
		kind: TransferKind,
	) -> sp_runtime::DispatchResult;

	/// Issue `amount` new tokens of `security` to `to` after the compliance check (as an
	/// issuance), locked until `locked_until` if given (free if that moment has passed), or
	/// else for the security's own issuance lock-up.
	fn issue(
		security: SecurityId,
		to: &AccountId,
		amount: Balance,
		locked_until: Option<Moment>,
	) -> sp_runtime::DispatchResult;

	/// Issue as [`Self::issue`] does (the same checks, the same refusals, the holder counted
	/// at once), but hold the tokens for settlement `hold`: no path moves them (transfers,
	/// reservations, forced transfers, redemption and recovery refuse or pass over held
	/// tokens) until [`Self::release_held`] frees them or [`Self::burn_held`] burns them. An
	/// offering settling in several calls issues held so that its soft cap is decided on
	/// tokens actually issued, and nothing between its calls can take an issuance back.
	fn issue_held(
		security: SecurityId,
		to: &AccountId,
		amount: Balance,
		hold: HoldId,
	) -> sp_runtime::DispatchResult;

	/// Free `to`'s tokens held for `hold`, locked until `locked_until` if given (free if that
	/// moment has passed), or else for the security's own issuance lock-up from now; returns
	/// how many. Never refused for the security's status or rules (the tokens were issued);
	/// fails only if `to` holds nothing for `hold`.
	fn release_held(
		security: SecurityId,
		to: &AccountId,
		hold: HoldId,
		locked_until: Option<Moment>,
	) -> Result<Balance, sp_runtime::DispatchError>;

	/// Burn `from`'s tokens held for `hold` (the settlement failed); returns how many. Fails
	/// only if `from` holds nothing for `hold`.
	fn burn_held(
		security: SecurityId,
		from: &AccountId,
		hold: HoldId,
	) -> Result<Balance, sp_runtime::DispatchError>;

	/// Every reason the rules of `preset` (its periods counted from now) refuse issuing
	/// `amount` of `security` to `to`, or `Ok`: an offering made under a regime checks its
	/// subscribers against it on top of the security's own rules.
	fn check_regime(
		security: SecurityId,
		preset: RegimePreset,
		to: &AccountId,
		amount: Balance,
	) -> Result<(), Vec<Reason>>;

	/// The investor `who` as `security` sees them: their profile, restricted to the claims of
	/// the security's trusted attestors if its rules name any (so no other attestor decides
	/// their jurisdiction or class for it); the reason if it sees no investor.
	fn profile_for(
		security: SecurityId,
		who: &AccountId,
	) -> Result<crate::InvestorProfile<AccountId>, Vec<Reason>>;

	/// [`Self::profile_for`] under terms already read.
	fn profile_under(
		terms: &Self::Terms,
		who: &AccountId,
	) -> Result<crate::InvestorProfile<AccountId>, Vec<Reason>>;

	/// Every reason `to`, whose profile is `receiver` (looked up in this call), may not
	/// receive `amount` under `terms` as `kind`, or `Ok`: [`Self::can_transfer`] of a buyer
	/// before its order is placed.
	fn can_receive_under(
		terms: &Self::Terms,
		to: &AccountId,
		receiver: crate::InvestorProfile<AccountId>,
		amount: Balance,
		kind: TransferKind,
	) -> Result<(), Vec<Reason>>;

	/// Set aside `amount` of `who`'s free tokens (neither locked, frozen nor already
	/// reserved) for a sell order through `venue`: they stay `who`'s, counted as untouchable,
	/// until released with [`Self::unreserve`] or delivered with [`Self::transfer_reserved`].
	/// Refused, with the ledger's error, if the security is paused, the venue may not trade
	/// it, or the account is frozen: the seller's side of the compliance check.
	fn reserve(
		security: SecurityId,
		who: &AccountId,
		amount: Balance,
		venue: ExchangeId,
	) -> sp_runtime::DispatchResult;

	/// Release up to `amount` of `who`'s reserved tokens (less if a forced movement already
	/// took them).
	fn unreserve(security: SecurityId, who: &AccountId, amount: Balance);

	/// Deliver `amount` of `from`'s reserved tokens to `to` as `kind`, after the compliance
	/// check under `terms` (run as if the tokens were free). `receiver` is `to`'s investor
	/// profile if the caller has just looked it up in this call (it is not looked up again).
	/// On refusal nothing changes and every failing reason is returned; on success, whether
	/// the holders changed (what the delivery cost).
	fn transfer_reserved(
		terms: &Self::Terms,
		from: &AccountId,
		to: &AccountId,
		amount: Balance,
		kind: TransferKind,
		receiver: Option<crate::InvestorProfile<AccountId>>,
	) -> Result<Delivered, Vec<Reason>>;

	/// The ledger's error for `reason`, to fail a call with (for example
	/// `securities.JurisdictionNotAllowed`).
	fn refusal(reason: Reason) -> sp_runtime::DispatchError;

	/// Whether `venue` may list `security` (its rules name no venue, or name this one).
	fn venue_allowed(security: SecurityId, venue: ExchangeId) -> bool;

	/// [`Self::venue_allowed`] under terms already read.
	fn venue_allowed_under(terms: &Self::Terms, venue: ExchangeId) -> bool;

	/// Whether `who` is the issuer of `security` or one of its agents.
	fn is_administrator(security: SecurityId, who: &AccountId) -> bool;

	/// The issuer identity of `security`, if it is a security.
	fn issuer(security: SecurityId) -> Option<crate::IdentityId>;

	/// The identity `who`'s tokens of `security` are counted under (its holding's identity,
	/// which an account relinked while holding keeps until it next receives), if it holds.
	fn counted_under(security: SecurityId, who: &AccountId) -> Option<crate::IdentityId>;

	/// Whether `identity` holds tokens of `security` held for an offering's settlement
	/// (issued, not yet released or burned): a raise failing burns them.
	fn holds_tokens_held_for_settlement(security: SecurityId, identity: crate::IdentityId) -> bool;

	/// Benchmarks only: a new security issued by `issuer` (made an attested investor), whose
	/// rules make every compliance check as costly as they can be while still passing for
	/// investors made by `InvestorRegistry::attest_for_benchmark` in the US as accredited.
	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmark(issuer: &AccountId) -> SecurityId;

	/// Benchmarks only: an agent of `security` for which [`Self::is_administrator`] costs the
	/// most (the issuer's accounts and the agents' list full, it the last agent).
	#[cfg(feature = "runtime-benchmarks")]
	fn administrator_for_benchmark(security: SecurityId) -> AccountId;

	/// Benchmarks only: give `who` (an attested investor) as many lock-up lots of `security`
	/// as a position holds, each of its own date within that many days: an issuance to it
	/// locked until any other date is refused once its tokens are minted (`TooManyLots`),
	/// the dearest refusal of an issuance.
	#[cfg(feature = "runtime-benchmarks")]
	fn fill_lots_for_benchmark(security: SecurityId, who: &AccountId);
}
