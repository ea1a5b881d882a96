//! # ST Ledger primitives
//!
//! The small vocabulary the ST Ledger pallets share, so that no pallet needs to know
//! another's storage:
//!
//! - [`CountryCode`]: an ISO 3166-1 alpha-2 jurisdiction code, validated on decode
//!   from user input ([`CountryCode::new`]).
//! - [`ExchangeId`]: the identifier of a consortium member exchange.
//! - [`ExchangeRegistry`]: what other pallets may ask about the consortium (is an
//!   account an active exchange, which jurisdictions is an exchange licensed for).
//! - [`InvestorRegistry`]: who an account is, legally, right now ([`InvestorProfile`]) or
//!   why it has no profile ([`Ineligibility`]); identities ([`IdentityId`]) and investor
//!   classes ([`InvestorClass`]).

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Identifier of a consortium member exchange. Assigned in admission order, never reused.
pub type ExchangeId = u32;

/// An ISO 3166-1 alpha-2 country code such as `US`, `DE`, `SG` or `CH`.
///
/// Only two upper-case ASCII letters are accepted by [`CountryCode::new`]; pallets
/// validate every code that arrives in a call with it, so storage only ever holds
/// well-formed codes. Serialised (genesis JSON, chain-spec descriptions) as the
/// two-letter string.
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
)]
pub struct CountryCode(pub [u8; 2]);

impl CountryCode {
	/// A validated code, or `None` when `code` is not two upper-case ASCII letters.
	pub fn new(code: [u8; 2]) -> Option<Self> {
		let candidate = CountryCode(code);
		candidate.is_well_formed().then_some(candidate)
	}

	/// Whether the code is two upper-case ASCII letters.
	pub fn is_well_formed(&self) -> bool {
		self.0.iter().all(u8::is_ascii_uppercase)
	}

	/// The code as text (`"US"`); `"??"` when malformed bytes were decoded.
	pub fn as_str(&self) -> &str {
		core::str::from_utf8(&self.0).unwrap_or("??")
	}
}

impl core::fmt::Debug for CountryCode {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "{}", self.as_str())
	}
}

impl core::str::FromStr for CountryCode {
	type Err = &'static str;

	fn from_str(s: &str) -> Result<Self, Self::Err> {
		let bytes: [u8; 2] = s
			.as_bytes()
			.try_into()
			.map_err(|_| "a country code is exactly two letters (ISO 3166-1 alpha-2)")?;
		CountryCode::new(bytes)
			.ok_or("a country code is two upper-case letters (ISO 3166-1 alpha-2)")
	}
}

impl serde::Serialize for CountryCode {
	fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(self.as_str())
	}
}

impl<'de> serde::Deserialize<'de> for CountryCode {
	fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		let text = <alloc::string::String as serde::Deserialize>::deserialize(deserializer)?;
		text.parse().map_err(serde::de::Error::custom)
	}
}

/// What pallets may ask about the consortium of exchanges.
///
/// Implemented by `pallet-exchanges`; attestation uses it to let an exchange attest
/// for its own licensed jurisdictions, the order book to check venues.
pub trait ExchangeRegistry<AccountId> {
	/// The exchange whose operator account is `who`, if it is active.
	fn active_exchange_of_operator(who: &AccountId) -> Option<ExchangeId>;
	/// Whether the exchange exists and is active.
	fn is_active(exchange: ExchangeId) -> bool;
	/// Whether the exchange is active and licensed for `jurisdiction`.
	fn is_licensed_for(exchange: ExchangeId, jurisdiction: CountryCode) -> bool;
}

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
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn country_codes_are_two_upper_case_letters() {
		assert!(CountryCode::new(*b"US").is_some());
		assert!(CountryCode::new(*b"us").is_none());
		assert!(CountryCode::new(*b"U1").is_none());
		assert!(CountryCode::new([0, 0]).is_none());
		assert_eq!("SG".parse::<CountryCode>(), Ok(CountryCode(*b"SG")));
		assert!("USA".parse::<CountryCode>().is_err());
		assert!("".parse::<CountryCode>().is_err());
	}

	#[test]
	fn country_codes_serialise_as_text() {
		let code = CountryCode(*b"CH");
		let json = serde_json::to_string(&code).unwrap();
		assert_eq!(json, "\"CH\"");
		assert_eq!(serde_json::from_str::<CountryCode>(&json).unwrap(), code);
		assert!(serde_json::from_str::<CountryCode>("\"ch\"").is_err());
	}
}
