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

/// Who an account is, legally, right now: what securities rules are checked against.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct InvestorProfile<AccountId> {
	/// The investor identity the account belongs to.
	pub identity: IdentityId,
	/// Where the investor resides, per the most recent valid attestation.
	pub jurisdiction: CountryCode,
	/// The investor's class, per the most recent valid attestation.
	pub class: InvestorClass,
	/// The investor's risk tolerance ([`MIN_RISK_LEVEL`] to [`MAX_RISK_LEVEL`]).
	pub risk_tolerance: u8,
	/// Every attestor whose attestation of this identity counts now.
	pub attestors: alloc::vec::Vec<AccountId>,
	/// When the most recent valid attestation expires.
	pub expires_at: Moment,
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

	/// Benchmarks only: make `who` an investor of `jurisdiction` and `class` with the highest
	/// risk tolerance, valid for a year, attested as expensively as the registry allows (the
	/// most attestations an identity may have), so callers measure their worst case.
	#[cfg(feature = "runtime-benchmarks")]
	fn attest_for_benchmark(who: &AccountId, jurisdiction: CountryCode, class: InvestorClass);

	/// Benchmarks only: link `new` to the identity of `existing`.
	#[cfg(feature = "runtime-benchmarks")]
	fn link_for_benchmark(existing: &AccountId, new: &AccountId);
}
