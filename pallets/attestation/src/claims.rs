//! Who may attest an identity, and keeping its bounded set of attestations: attestations
//! that no longer count give their place to new ones.

use crate::{Attestation, Attestations, Config, Error, Event, Identities, InvitedAttestor, Pallet};
use frame_support::{ensure, pallet_prelude::*};
use stledger_primitives::IdentityId;

impl<T: Config> Pallet<T> {
	/// Whether `attestor` may attest `identity`: it onboarded it, already attests it, or was
	/// invited by it.
	/// `attestor`'s attestation of `identity`, if it made one.
	pub fn attestation(identity: IdentityId, attestor: &T::AccountId) -> Option<Attestation> {
		Attestations::<T>::get(identity)
			.into_iter()
			.find_map(|(by, attestation)| (by == *attestor).then_some(attestation))
	}

	pub(crate) fn ensure_may_attest(
		attestor: &T::AccountId,
		identity: IdentityId,
	) -> DispatchResult {
		let info = Identities::<T>::get(identity).ok_or(Error::<T>::UnknownIdentity)?;
		ensure!(
			info.created_by == *attestor
				|| Self::attestation(identity, attestor).is_some()
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
		let mut all = Attestations::<T>::get(identity);
		if let Some((_, earlier)) = all.iter_mut().find(|(by, _)| by == attestor) {
			*earlier = attestation;
		} else {
			if all.is_full() {
				Self::prune(identity, &mut all);
			}
			all.try_push((attestor.clone(), attestation))
				.map_err(|_| Error::<T>::TooManyAttestations)?;
			// Only the invited attestor uses its invitation up.
			InvitedAttestor::<T>::mutate_exists(identity, |invited| {
				if invited.as_ref() == Some(attestor) {
					*invited = None;
				}
			});
		}
		Attestations::<T>::insert(identity, all);
		Ok(())
	}

	/// Remove `attestor`'s attestation of `identity` (the identity dismissed it).
	pub(crate) fn remove_attestation(
		identity: IdentityId,
		attestor: &T::AccountId,
	) -> DispatchResult {
		Attestations::<T>::try_mutate_exists(identity, |all| -> DispatchResult {
			let list = all.as_mut().ok_or(Error::<T>::NoSuchAttestation)?;
			let at = list
				.iter()
				.position(|(by, _)| by == attestor)
				.ok_or(Error::<T>::NoSuchAttestation)?;
			list.remove(at);
			if list.is_empty() {
				*all = None;
			}
			Ok(())
		})
	}

	/// Drop from `all` (the attestations of `identity`) those that no longer count, saying so.
	fn prune(
		identity: IdentityId,
		all: &mut BoundedVec<(T::AccountId, Attestation), T::MaxAttestationsPerIdentity>,
	) {
		let now = Self::now();
		let licences = crate::Licences::<T>::get();
		all.retain(|(attestor, attestation)| {
			match Self::defect(&licences, attestor, attestation, now) {
				None => true,
				Some(reason) => {
					Self::deposit_event(Event::AttestationPruned {
						identity,
						attestor: attestor.clone(),
						reason,
					});
					false
				},
			}
		});
	}
}
