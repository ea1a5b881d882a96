//! The offerings pallet's data types: offerings, their terms, subscriptions.

// `*NoBound` derives restate the generic bounds in where clauses.
#![allow(clippy::multiple_bound_locations)]

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use stledger_primitives::{
	CountryCode, IdentityId, InvestorClass, Moment, RegimePreset, SecurityId,
};

/// An offering's id.
pub type OfferingId = u32;

/// The id of a `pallet-assets` asset used as cash.
pub type CashAssetId = u32;

/// The most classes a list can name (one per [`InvestorClass`]).
pub type MaxClasses = ConstU32<4>;

/// What an offering sells, at what price, to whom, when. Token amounts are in the security's
/// smallest unit, cash amounts in the cash asset's smallest unit.
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
pub struct Terms<Balance: Clone + PartialEq + Eq + core::fmt::Debug, MaxEntries: Get<u32>> {
	/// Cash (smallest units) per **whole** token (10^decimals of the security's smallest
	/// units). A purchase of `t` smallest units costs `⌈t × price / 10^decimals⌉`: rounded up,
	/// so rounding never favours the investor.
	pub price: Balance,
	/// The most tokens sold; the subscription that reaches it is filled in part.
	pub hard_cap: Balance,
	/// The fewest tokens that must be sold for the offering to succeed.
	pub soft_cap: Balance,
	/// Subscriptions open (ms since the Unix epoch).
	pub start: Moment,
	/// Subscriptions close (ms since the Unix epoch, exclusive).
	pub end: Moment,
	/// Subscriptions may be withdrawn before this time (at most `end`; `start`: never).
	pub withdraw_until: Moment,
	/// The fewest tokens one identity may subscribe to, over all its accounts.
	pub min_per_investor: Balance,
	/// The most tokens one identity may subscribe to, over all its accounts.
	pub max_per_investor: Option<Balance>,
	/// Narrowing of the security's rules: the subscriber must also pass the rules of this
	/// regime preset (its periods counted from the subscription), e.g. `RegD506c` for a US
	/// tranche and `RegS40Days` for the rest.
	pub regime: Option<RegimePreset>,
	/// Narrowing of the security's rules: the investor must reside in one of these; empty:
	/// wherever the security's rules allow.
	pub jurisdictions: BoundedVec<CountryCode, MaxEntries>,
	/// Narrowing of the security's rules: the investor must not reside in one of these.
	pub excluded_jurisdictions: BoundedVec<CountryCode, MaxEntries>,
	/// Narrowing of the security's rules: the investor must be of one of these classes;
	/// empty: any class the security's rules allow.
	pub classes: BoundedVec<InvestorClass, MaxClasses>,
	/// The most tokens one identity of a class may subscribe to (e.g. the Reg CF and Reg A+
	/// limits for non-accredited investors, converted at the price). A subscription that
	/// reaches the limit is filled in part.
	pub class_limits: BoundedVec<(InvestorClass, Balance), MaxClasses>,
	/// Tokens bought stay locked until then (after `end`, and at most
	/// [`stledger_primitives::MAX_ISSUANCE_LOCKUP`] after it); `None`: the security's
	/// issuance lock-up.
	pub lockup_until: Option<Moment>,
}

/// Where an offering is in its life.
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
pub enum OfferingStatus {
	/// Created, not closed: open for subscriptions between `start` and `end`.
	Scheduled,
	/// Cancelled by the issuer before it started.
	Cancelled,
	/// Closed with the soft cap met: settlement mints the tokens and pays the issuer.
	Succeeded,
	/// Closed with the soft cap missed (by the subscriptions at close, or by what could be
	/// issued when settlement decided it): settlement refunds every subscriber (burning the
	/// tokens issued held to them, in an offering settled in two passes).
	Failed,
	/// Closed with the soft cap met by the subscriptions (release 126): settlement decides it
	/// again before anything is kept. An offering of at most `MaxSettlementBatch`
	/// subscribers is settled in one call, its issuances kept only if they meet the soft cap
	/// (release 127). A larger one first issues every subscriber its tokens held (release
	/// 128), refunding those that cannot receive them, then succeeds only if what was
	/// issued meets the soft cap; nothing moves held tokens until settlement releases or
	/// burns them.
	Verifying,
}

/// An offering of a security.
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
pub struct Offering<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxEntries: Get<u32>,
> {
	/// The security sold.
	pub security: SecurityId,
	/// The cash asset it is paid in (a registered settlement asset).
	pub cash: CashAssetId,
	/// The account that created the offering (the issuer or an agent).
	pub creator: AccountId,
	/// Where the proceeds go: an account of the issuer's identity.
	pub proceeds_to: AccountId,
	/// Price, caps, window, limits, eligibility, lock-up.
	pub terms: Terms<Balance, MaxEntries>,
	/// Scheduled, cancelled, verifying, succeeded or failed.
	pub status: OfferingStatus,
	/// Tokens subscribed, over the open subscriptions; from close, less those of the
	/// subscribers refunded before the soft cap was decided (what decides it) and,
	/// once it succeeded, of those refunded as their tokens were to be issued (what it
	/// issues; for an offering that succeeded before release 126, only of those refunded
	/// since the upgrade). A failed offering keeps what was sold when it failed.
	pub sold: Balance,
	/// Cash paid, over the subscriptions counted in `sold` (escrow holds it until each is
	/// settled).
	pub raised: Balance,
	/// How many subscriptions (accounts) there are.
	pub subscribers: u32,
	/// Settlement's place in subscription order: while verifying, the subscriptions at
	/// indexes below this are issued held (or refunded); then (from 0 again) those below it
	/// are settled.
	pub settled: u32,
	/// Proceeds settlement could not pay the issuer (the proceeds account could not receive
	/// the cash asset then): kept in escrow until `claim_proceeds`.
	pub proceeds_pending: Balance,
}

/// How a subscription was settled.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Outcome {
	/// Tokens minted to the subscriber, cash paid to the issuer.
	Minted,
	/// The offering failed: cash refunded.
	Refunded,
	/// The subscriber was no longer eligible to receive the security: cash refunded.
	RefundedIneligible,
	/// The refund could not be paid (the subscriber's cash account cannot receive): the
	/// cash stays in escrow until `claim_refund`.
	RefundPending,
}

/// One account's subscription to an offering.
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
pub struct Subscription<Balance> {
	/// The identity the account belongs to.
	pub identity: IdentityId,
	/// Its place in settlement order.
	pub index: u32,
	/// Tokens subscribed.
	pub tokens: Balance,
	/// Cash paid into escrow.
	pub paid: Balance,
	/// How settlement treated it; `None` until settled.
	pub outcome: Option<Outcome>,
}

/// An offering as a runtime stores it.
pub type OfferingOf<T> = Offering<
	<T as frame_system::Config>::AccountId,
	<T as crate::Config>::Balance,
	<T as crate::Config>::MaxJurisdictions,
>;

/// An offering's terms as a runtime stores them.
pub type TermsOf<T> = Terms<<T as crate::Config>::Balance, <T as crate::Config>::MaxJurisdictions>;

/// Where an offering stands now, as the runtime API reports it.
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
pub enum Phase {
	/// Before `start`.
	Upcoming,
	/// Taking subscriptions.
	Open,
	/// `end` passed (anyone may close it), or the hard cap reached and withdrawals over (the
	/// issuer or an agent may close it early).
	AwaitingClose,
	/// Cancelled before it started.
	Cancelled,
	/// Closed; settlement in progress (`succeeded`: soft cap met).
	Settling {
		/// Whether the soft cap was met.
		succeeded: bool,
	},
	/// Closed and every subscription settled.
	Settled {
		/// Whether the soft cap was met.
		succeeded: bool,
	},
	/// Closed with the soft cap met by the subscriptions; settlement has not yet decided
	/// whether what can be issued still meets it (release 126): an offering of at most
	/// `MaxSettlementBatch` subscribers until its one `settle` call, a larger one while its
	/// subscribers are issued held.
	Verifying,
}

/// An offering's state for wallets and auditors.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct OfferingState<AccountId, Balance> {
	/// The security sold.
	pub security: SecurityId,
	/// The cash asset.
	pub cash: CashAssetId,
	/// Where the offering is in its life.
	pub phase: Phase,
	/// Cash per whole token.
	pub price: Balance,
	/// Tokens subscribed.
	pub sold: Balance,
	/// Tokens still available before the hard cap; none once the offering is closed or
	/// cancelled.
	pub remaining: Balance,
	/// Cash raised (held in escrow until settlement).
	pub raised: Balance,
	/// Subscriptions.
	pub subscribers: u32,
	/// Settlement's place in subscription order (see [`Offering::settled`]).
	pub settled: u32,
	/// Proceeds waiting in escrow for the issuer (`claim_proceeds`).
	pub proceeds_pending: Balance,
	/// The escrow account holding the subscribers' cash.
	pub escrow: AccountId,
}
