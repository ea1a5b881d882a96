//! The answer every other pallet asks for: an account's investor profile now, or why none.

use crate::{
	Attestation, Attestations, Config, IdentityOfAccount, LicenceTableOf, Licences, Pallet,
};
use alloc::vec::Vec;
use stledger_primitives::{
	Claim, IdentityId, Ineligibility, InvestorProfile, InvestorRegistry, Moment,
};

impl<T: Config> Pallet<T> {
	/// Whether the attestor is still active and licensed for the jurisdiction it attested: its
	/// exchange, for an exchange's operator; its registration, for a registered attestor.
	pub(crate) fn still_licensed(
		licences: &LicenceTableOf<T>,
		attestor: &T::AccountId,
		attestation: &Attestation,
	) -> bool {
		match attestation.via_exchange {
			Some(exchange) => licences.exchange_licensed(exchange, attestation.jurisdiction),
			None => licences.attestor_licensed(attestor, attestation.jurisdiction),
		}
	}

	/// Why `attestation` does not count at `now`, if it does not, with `licences` the
	/// licence table now.
	pub(crate) fn defect(
		licences: &LicenceTableOf<T>,
		attestor: &T::AccountId,
		attestation: &Attestation,
		now: Moment,
	) -> Option<Ineligibility> {
		if attestation.revoked.is_some() {
			Some(Ineligibility::Revoked)
		} else if !Self::still_licensed(licences, attestor, attestation) {
			Some(Ineligibility::AttestorRemoved)
		} else if attestation.expires_at <= now {
			Some(Ineligibility::Expired)
		} else if !attestation.kyc_passed {
			Some(Ineligibility::KycNotPassed)
		} else if !attestation.aml_passed {
			Some(Ineligibility::AmlNotPassed)
		} else {
			None
		}
	}

	/// The profile of `identity` at `now`: each valid attestation is a claim, the most
	/// recent decides jurisdiction, class and risk tolerance. Without a valid attestation, the
	/// defect of the most recent one. Reads at most [`Config::MaxAttestationsPerIdentity`]
	/// attestations.
	pub fn identity_profile(
		identity: IdentityId,
		now: Moment,
	) -> Result<InvestorProfile<T::AccountId>, Ineligibility> {
		let mut claims = Vec::new();
		let mut latest_defect: Option<(Moment, Ineligibility)> = None;
		let attestations = Attestations::<T>::get(identity);
		// One read for every attestation's licence; none for an identity with no attestation.
		let licences =
			if attestations.is_empty() { Default::default() } else { Licences::<T>::get() };
		for (attestor, attestation) in attestations {
			match Self::defect(&licences, &attestor, &attestation, now) {
				None => claims.push(Claim {
					attestor,
					jurisdiction: attestation.jurisdiction,
					class: attestation.class,
					risk_tolerance: attestation.risk_tolerance,
					issued_at: attestation.issued_at,
					expires_at: attestation.expires_at,
				}),
				Some(defect) => {
					if latest_defect.is_none_or(|(at, _)| attestation.issued_at >= at) {
						latest_defect = Some((attestation.issued_at, defect));
					}
				},
			}
		}
		InvestorProfile::from_claims(identity, claims)
			.ok_or_else(|| latest_defect.map_or(Ineligibility::NotAttested, |(_, defect)| defect))
	}

	/// The profile of `who` now (the runtime API's answer).
	pub fn investor_profile(
		who: &T::AccountId,
	) -> Result<InvestorProfile<T::AccountId>, Ineligibility> {
		let identity = IdentityOfAccount::<T>::get(who).ok_or(Ineligibility::UnknownAccount)?;
		Self::identity_profile(identity, Self::now())
	}
}

impl<T: Config> InvestorRegistry<T::AccountId> for Pallet<T> {
	fn profile(who: &T::AccountId) -> Result<InvestorProfile<T::AccountId>, Ineligibility> {
		Self::investor_profile(who)
	}

	fn identity_of(who: &T::AccountId) -> Option<IdentityId> {
		IdentityOfAccount::<T>::get(who)
	}

	fn identity_exists(identity: IdentityId) -> bool {
		crate::Identities::<T>::contains_key(identity)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn attest_for_benchmark(
		who: &T::AccountId,
		jurisdiction: stledger_primitives::CountryCode,
		class: stledger_primitives::InvestorClass,
	) {
		use crate::{Attestor, AttestorStatus};
		use frame_support::traits::Get;
		let year = 365 * 24 * 60 * 60 * 1000;
		// The largest licence table a chain can have, with room for these attestors and for
		// the venues the order book's benchmarks admit: every lookup decodes all of it.
		Self::fill_licences_for_benchmark(T::MaxAttestationsPerIdentity::get(), 4);
		let identity = Self::new_identity(who);
		Self::link(identity, who).expect("a fresh account");
		for i in 0..T::MaxAttestationsPerIdentity::get() {
			let attestor: T::AccountId = frame_benchmarking::account("bench-attestor", i, 0);
			Self::put_attestor(
				&attestor,
				Attestor {
					name: Default::default(),
					jurisdictions: alloc::vec![jurisdiction].try_into().expect("one fits"),
					status: AttestorStatus::Active,
				},
			)
			.expect("room for the benchmark's attestors");
			let attestation = Attestation {
				jurisdiction,
				class,
				risk_tolerance: stledger_primitives::MAX_RISK_LEVEL,
				kyc_passed: true,
				aml_passed: true,
				issued_at: Self::now(),
				expires_at: Self::now() + year,
				evidence: Default::default(),
				revoked: None,
				via_exchange: None,
			};
			Self::store_attestation(identity, &attestor, attestation).expect("within the bound");
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn link_for_benchmark(existing: &T::AccountId, new: &T::AccountId) {
		let identity = IdentityOfAccount::<T>::get(existing).expect("an onboarded account");
		if IdentityOfAccount::<T>::contains_key(new) {
			Self::do_unlink(new.clone(), new.clone()).expect("an account may unlink itself");
		}
		Self::link(identity, new).expect("room for one more account");
	}
}
