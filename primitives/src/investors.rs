//! Investors: identities, classes, profiles, and why an account may have none.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::CountryCode;

/// Identifier of an investor identity: one person or legal entity, whatever the number of
/// accounts it uses. Every per-investor rule counts identities, never accounts.
pub type IdentityId = u64;

/// A timestamp: milliseconds since the Unix epoch, as `pallet-timestamp` keeps it.
pub type Moment = u64;

/// The lowest and highest risk levels (suitability): an investor's tolerance and a
/// product's rating are both on this scale.
pub const MIN_RISK_LEVEL: u8 = 1;
/// See [`MIN_RISK_LEVEL`].
pub const MAX_RISK_LEVEL: u8 = 5;

/// The regulatory class of an investor.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum InvestorClass {
	/// A member of the public, with the protections retail investors get.
	Retail,
	/// A US accredited investor (Regulation D, Rule 501).
	Accredited,
	/// A professional or qualified investor (EU MiFID II professional client, US QIB).
	Professional,
	/// An institution (bank, fund, insurer).
	Institutional,
}

/// One attestor's valid claim about an identity: what that attestor says the investor is.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct Claim<AccountId> {
	/// The attestor that made the claim.
	pub attestor: AccountId,
	/// Where the investor resides, per this attestor.
	pub jurisdiction: CountryCode,
	/// The investor's class, per this attestor.
	pub class: InvestorClass,
	/// The investor's risk tolerance ([`MIN_RISK_LEVEL`] to [`MAX_RISK_LEVEL`]).
	pub risk_tolerance: u8,
	/// When the attestor made it (ms since the Unix epoch).
	pub issued_at: Moment,
	/// When it expires (ms since the Unix epoch).
	pub expires_at: Moment,
}

/// Who an account is, legally, right now: what securities rules are checked against.
///
/// Built from the identity's valid claims ([`InvestorProfile::from_claims`]): the most recent
/// one gives jurisdiction, class and risk tolerance. A security that names trusted attestors
/// looks at the profile [`restricted_to`](InvestorProfile::restricted_to) them, so another
/// attestor's later claim never changes what that security sees.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct InvestorProfile<AccountId> {
	/// The investor identity the account belongs to.
	pub identity: IdentityId,
	/// Where the investor resides, per the most recent valid claim.
	pub jurisdiction: CountryCode,
	/// The investor's class, per the most recent valid claim.
	pub class: InvestorClass,
	/// The investor's risk tolerance ([`MIN_RISK_LEVEL`] to [`MAX_RISK_LEVEL`]), per the most
	/// recent valid claim.
	pub risk_tolerance: u8,
	/// When the most recent valid claim expires.
	pub expires_at: Moment,
	/// Every valid claim about the identity, one per attestor.
	pub claims: alloc::vec::Vec<Claim<AccountId>>,
}

impl<AccountId: PartialEq + Clone> InvestorProfile<AccountId> {
	/// The profile `claims` make of `identity`: the most recent claim (the later one listed,
	/// on a tie) decides; `None` without a claim.
	pub fn from_claims(
		identity: IdentityId,
		claims: alloc::vec::Vec<Claim<AccountId>>,
	) -> Option<Self> {
		let primary = claims.iter().max_by_key(|claim| claim.issued_at)?.clone();
		Some(InvestorProfile {
			identity,
			jurisdiction: primary.jurisdiction,
			class: primary.class,
			risk_tolerance: primary.risk_tolerance,
			expires_at: primary.expires_at,
			claims,
		})
	}

	/// The profile as only `trusted` attestors see it (their most recent claim decides), or
	/// `None` if none of them attests the identity.
	pub fn restricted_to(&self, trusted: &[AccountId]) -> Option<Self> {
		let claims =
			self.claims.iter().filter(|claim| trusted.contains(&claim.attestor)).cloned().collect();
		Self::from_claims(self.identity, claims)
	}

	/// The attestors whose claims count now.
	pub fn attestors(&self) -> impl Iterator<Item = &AccountId> {
		self.claims.iter().map(|claim| &claim.attestor)
	}
}

/// Why an account has no investor profile now.
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
pub enum Ineligibility {
	/// The account belongs to no investor identity.
	UnknownAccount,
	/// The identity has no attestation at all.
	NotAttested,
	/// The identity's attestations have expired.
	Expired,
	/// The identity's attestations were revoked.
	Revoked,
	/// The attestors that attested the identity were removed or suspended, or are no longer
	/// licensed for the jurisdiction they attested.
	AttestorRemoved,
	/// The attestor did not confirm KYC.
	KycNotPassed,
	/// The attestor did not confirm AML screening.
	AmlNotPassed,
}

/// Who accounts are, for the pallets that apply rules to investors (securities, offerings,
/// order book). Implemented by `pallet-attestation`.
pub trait InvestorRegistry<AccountId> {
	/// The account's investor profile at the current block's timestamp, or why there is none.
	fn profile(who: &AccountId) -> Result<InvestorProfile<AccountId>, Ineligibility>;
	/// The identity the account belongs to, attested or not.
	fn identity_of(who: &AccountId) -> Option<IdentityId>;
	/// Whether the registry knows `identity` (onboarded, with or without accounts now).
	fn identity_exists(identity: IdentityId) -> bool;

	/// Benchmarks only: make `who` an investor of `jurisdiction` and `class` with the highest
	/// risk tolerance, valid for a year, attested as expensively as the registry allows (the
	/// most attestations an identity may have), so callers measure their worst case.
	#[cfg(feature = "runtime-benchmarks")]
	fn attest_for_benchmark(who: &AccountId, jurisdiction: CountryCode, class: InvestorClass);

	/// Benchmarks only: link `new` to the identity of `existing`, unlinking it first from the
	/// identity it belongs to, if any (a relinked account).
	#[cfg(feature = "runtime-benchmarks")]
	fn link_for_benchmark(existing: &AccountId, new: &AccountId);
}

/// Whether an account owes a primary offering its settlement. A subscription that may no
/// longer be withdrawn is binding, and one still open to withdrawal is withdrawn by
/// `withdraw`, never by making the subscriber ineligible: until its subscriptions are
/// settled, an account stays linked to its identity and the identity keeps its attestors and
/// takes no new one (otherwise it could back out after the withdrawal deadline by making
/// itself ineligible before its tokens are issued, refunded), and the identity keeps part of
/// any holding of the security it subscribed to (a subscription was judged with that holding:
/// selling out would make it a new holder at issuance, refunded when a holder cap is full, or
/// leave a top-up below the minimum holding). Implemented by `pallet-offerings`; asked by
/// `pallet-attestation` before an account leaves its identity, and before an identity
/// dismisses an attestor that attests it, invites one, or is attested by a new one; and by
/// `pallet-securities` before a movement ends an identity's holding.
pub trait SubscriptionCommitments<AccountId> {
	/// Whether `account` has a subscription not yet settled (neither delivered nor refunded).
	fn has_unsettled_subscriptions(account: &AccountId) -> bool;

	/// Whether `identity` has a subscription not yet settled to an offering of `security`.
	fn has_unsettled_subscription_to(security: crate::SecurityId, identity: IdentityId) -> bool;
}

/// No offerings: nobody is committed.
impl<AccountId> SubscriptionCommitments<AccountId> for () {
	fn has_unsettled_subscriptions(_account: &AccountId) -> bool {
		false
	}

	fn has_unsettled_subscription_to(_security: crate::SecurityId, _identity: IdentityId) -> bool {
		false
	}
}
