//! Who may attest an identity, and keeping its bounded set of attestations: attestations
//! that no longer count give their place to new ones.

use crate::{
	Attestation, AttestationCount, Attestations, Config, Error, Event, Identities, InvitedAttestor,
	Pallet,
};
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*};
use stledger_primitives::IdentityId;

impl<T: Config> Pallet<T> {
	/// Whether `attestor` may attest `identity`: it onboarded it, already attests it, or was
	/// invited by it.
	pub(crate) fn ensure_may_attest(
		attestor: &T::AccountId,
		identity: IdentityId,
	) -> DispatchResult {
		let info = Identities::<T>::get(identity).ok_or(Error::<T>::UnknownIdentity)?;
		ensure!(
			info.created_by == *attestor
				|| Attestations::<T>::contains_key(identity, attestor)
				|| InvitedAttestor::<T>::get(identity).as_ref() == Some(attestor),
			Error::<T>::AttestorNotInvited
		);
		Ok(())
	}

	/// Store `attestor`'s attestation of `identity`, replacing its earlier one. A new
	/// attestor takes a place, after pruning the attestations that no longer count if the
	/// identity has none free; it uses up the identity's invitation.
	pub(crate) fn store_attestation(
		identity: IdentityId,
		attestor: &T::AccountId,
		attestation: Attestation,
	) -> DispatchResult {
		if !Attestations::<T>::contains_key(identity, attestor) {
			let mut count = AttestationCount::<T>::get(identity);
			if count >= T::MaxAttestationsPerIdentity::get() {
				count = count.saturating_sub(Self::prune(identity));
			}
			ensure!(count < T::MaxAttestationsPerIdentity::get(), Error::<T>::TooManyAttestations);
			AttestationCount::<T>::insert(identity, count + 1);
			// Only the invited attestor uses its invitation up.
			InvitedAttestor::<T>::mutate_exists(identity, |invited| {
				if invited.as_ref() == Some(attestor) {
					*invited = None;
				}
			});
		}
		Attestations::<T>::insert(identity, attestor, attestation);
		Ok(())
	}

	/// Remove `attestor`'s attestation of `identity` (the identity dismissed it).
	pub(crate) fn remove_attestation(
		identity: IdentityId,
		attestor: &T::AccountId,
	) -> DispatchResult {
		ensure!(Attestations::<T>::contains_key(identity, attestor), Error::<T>::NoSuchAttestation);
		Attestations::<T>::remove(identity, attestor);
		AttestationCount::<T>::mutate(identity, |count| *count = count.saturating_sub(1));
		Ok(())
	}

	/// Remove `identity`'s attestations that no longer count; returns how many. Reads at most
	/// [`Config::MaxAttestationsPerIdentity`] attestations.
	fn prune(identity: IdentityId) -> u32 {
		let now = Self::now();
		let dead: Vec<_> = Attestations::<T>::iter_prefix(identity)
			.filter_map(|(attestor, attestation)| {
				Self::defect(&attestor, &attestation, now).map(|reason| (attestor, reason))
			})
			.collect();
		for (attestor, reason) in &dead {
			Attestations::<T>::remove(identity, attestor);
			Self::deposit_event(Event::AttestationPruned {
				identity,
				attestor: attestor.clone(),
				reason: *reason,
			});
		}
		dead.len() as u32
	}
}
