//! Jurisdictions: ISO 3166-1 alpha-2 country codes.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

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

/// What is wrong with a list of jurisdictions (a licence, an attestor's remit).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum JurisdictionListError {
	/// The list is empty.
	Empty,
	/// A code is not two upper-case letters.
	Malformed,
	/// A code appears twice.
	Duplicate,
}

/// Check a list of jurisdictions: non-empty, well-formed, no duplicates. Quadratic in the
/// length, which callers bound.
pub fn check_jurisdiction_list(codes: &[CountryCode]) -> Result<(), JurisdictionListError> {
	if codes.is_empty() {
		return Err(JurisdictionListError::Empty);
	}
	for (index, code) in codes.iter().enumerate() {
		if !code.is_well_formed() {
			return Err(JurisdictionListError::Malformed);
		}
		if codes[..index].contains(code) {
			return Err(JurisdictionListError::Duplicate);
		}
	}
	Ok(())
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
	fn jurisdiction_lists_are_checked() {
		let us = CountryCode(*b"US");
		assert_eq!(check_jurisdiction_list(&[us, CountryCode(*b"DE")]), Ok(()));
		assert_eq!(check_jurisdiction_list(&[]), Err(JurisdictionListError::Empty));
		assert_eq!(
			check_jurisdiction_list(&[CountryCode(*b"us")]),
			Err(JurisdictionListError::Malformed)
		);
		assert_eq!(check_jurisdiction_list(&[us, us]), Err(JurisdictionListError::Duplicate));
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
