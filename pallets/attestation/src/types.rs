//! The attestation pallet's data types.

use alloc::{string::String, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec};
use scale_info::TypeInfo;
use sp_core::H256;
use stledger_primitives::{CountryCode, ExchangeId, InvestorClass, Moment};

/// Whether a registered attestor's attestations count.
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
pub enum AttestorStatus {
	/// Its attestations count.
	Active,
	/// Its attestations do not count until the consortium reinstates it.
	Suspended,
}

/// A KYC/AML provider registered by the consortium.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(MaxName, MaxJurisdictions))]
pub struct Attestor<MaxName: Get<u32>, MaxJurisdictions: Get<u32>> {
	/// Display name.
	pub name: BoundedVec<u8, MaxName>,
	/// The jurisdictions it may attest for.
	pub jurisdictions: BoundedVec<CountryCode, MaxJurisdictions>,
	/// Active or suspended.
	pub status: AttestorStatus,
}

/// An [`Attestor`] as stored by a runtime.
pub type AttestorOf<T> =
	Attestor<<T as crate::Config>::MaxNameLength, <T as crate::Config>::MaxJurisdictions>;

/// An investor identity: one person or legal entity.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(MaxAccounts))]
pub struct InvestorIdentity<AccountId, MaxAccounts: Get<u32>> {
	/// The identity's onboarding attestor: the attestor that onboarded it or, once that one
	/// was removed, the one the consortium appointed
	/// ([`appoint_onboarding_attestor`](crate::Pallet::appoint_onboarding_attestor)). It
	/// alone proposes the identity's accounts.
	pub created_by: AccountId,
	/// The accounts that act for the identity.
	pub accounts: BoundedVec<AccountId, MaxAccounts>,
}

/// A link proposed to an identity and not yet accepted ([`crate::PendingLinks`]).
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct PendingLink<AccountId, BlockNumber> {
	/// The onboarding attestor that proposed it: the link completes only while that
	/// attestor is still the identity's onboarding attestor, and active.
	pub proposer: AccountId,
	/// Whether one of the identity's accounts approved it.
	pub approved: bool,
	/// The block it was proposed in: a link proposed before the consortium last appointed
	/// the identity's onboarding attestor ([`crate::OnboardingAppointedAt`]) never
	/// completes, whoever proposed it.
	pub proposed_at: BlockNumber,
}

/// A [`PendingLink`] as stored by a runtime.
pub type PendingLinkOf<T> = PendingLink<
	<T as frame_system::Config>::AccountId,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// An [`InvestorIdentity`] as stored by a runtime.
pub type IdentityOf<T> = InvestorIdentity<
	<T as frame_system::Config>::AccountId,
	<T as crate::Config>::MaxAccountsPerIdentity,
>;

/// An attestor's claim about an identity. The evidence itself stays with the attestor; only
/// its hash is on chain.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Attestation {
	/// Where the investor resides.
	pub jurisdiction: CountryCode,
	/// The investor's class.
	pub class: InvestorClass,
	/// The investor's risk tolerance, 1 (lowest) to 5.
	pub risk_tolerance: u8,
	/// KYC passed.
	pub kyc_passed: bool,
	/// AML screening passed.
	pub aml_passed: bool,
	/// When it was made (ms since the Unix epoch).
	pub issued_at: Moment,
	/// When it expires (ms since the Unix epoch).
	pub expires_at: Moment,
	/// Hash of the evidence the attestor keeps.
	pub evidence: H256,
	/// The revocation reason code, once revoked.
	pub revoked: Option<u8>,
	/// The exchange whose licence the attestor (its operator) attested under; `None` for a
	/// registered attestor. Checking it needs one read, not a search of both kinds.
	pub via_exchange: Option<ExchangeId>,
}

/// A registered attestor in the genesis configuration.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisAttestor<AccountId> {
	/// Its account.
	pub account: AccountId,
	/// Display name.
	pub name: String,
	/// The jurisdictions it may attest for.
	pub jurisdictions: Vec<CountryCode>,
}

/// An attested investor in the genesis configuration.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisInvestor<AccountId> {
	/// The investor's accounts.
	pub accounts: Vec<AccountId>,
	/// The attestor (an exchange operator or a registered attestor).
	pub attestor: AccountId,
	/// Where the investor resides.
	pub jurisdiction: CountryCode,
	/// The investor's class.
	pub class: InvestorClass,
	/// Risk tolerance, 1 to 5.
	pub risk_tolerance: u8,
	/// Expiry (ms since the Unix epoch).
	pub expires_at: Moment,
	/// Hash of the evidence.
	pub evidence: H256,
}
