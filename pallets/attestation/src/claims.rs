//! Who may attest an identity, and keeping its bounded set of attestations: attestations
//! that no longer count give their place to new ones.

use crate::{
	Attestation, Attestations, Config, Error, Event, Identities, InvitedAttestor,
	OnboardingAttestorDismissed, Pallet,
};
use frame_support::{ensure, pallet_prelude::*};
use stledger_primitives::{IdentityId, SubscriptionCommitments};

impl<T: Config> Pallet<T> {
	/// `attestor`'s attestation of `identity`, if it made one.
	pub fn attestation(identity: IdentityId, attestor: &T::AccountId) -> Option<Attestation> {
		Attestations::<T>::get(identity)
			.into_iter()
			.find_map(|(by, attestation)| (by == *attestor).then_some(attestation))
	}

	/// Whether `attestor` may attest `identity`: it onboarded it and was not dismissed since,
	/// already attests it, or was invited by it.
	pub(crate) fn ensure_may_attest(
		attestor: &T::AccountId,
		identity: IdentityId,
	) -> DispatchResult {
		let info = Identities::<T>::get(identity).ok_or(Error::<T>::UnknownIdentity)?;
		let onboarded_it = info.created_by == *attestor
			&& !OnboardingAttestorDismissed::<T>::contains_key(identity);
		let attests = Self::attestation(identity, attestor).is_some();
		ensure!(
			onboarded_it
				|| attests || InvitedAttestor::<T>::get(identity).as_ref() == Some(attestor),
			Error::<T>::AttestorNotInvited
		);
		// A new attestor's claim, the most recent, would decide the profile: not while the
		// identity owes an offering its settlement (it could have invited one, before it
		// subscribed too, to make itself ineligible before its issuance). Renewals go on.
		if !attests {
			Self::ensure_uncommitted(&info.accounts)?;
		}
		Ok(())
	}

	/// Store `attestor`'s attestation of `identity`, replacing its earlier one. A new
	/// attestor takes a place, after pruning the attestations that no longer count if the
	/// identity has none free. An invited attestor uses its invitation up, first attestation
	/// or renewal (an invitation left standing would outlive a later dismissal).
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
		}
		// Only the invited attestor uses its invitation up.
		InvitedAttestor::<T>::mutate_exists(identity, |invited| {
			if invited.as_ref() == Some(attestor) {
				*invited = None;
			}
		});
		Attestations::<T>::insert(identity, all);
		Ok(())
	}

	/// `identity` dismisses `attestor`: its attestation is removed, an invitation it has not
	/// used yet is withdrawn, and, if it onboarded the identity, that is recorded. Refused
	/// (`NoSuchAttestation`) when there is nothing to dismiss: no attestation, no invitation,
	/// and not an onboarding attestor yet to be dismissed. Every key is read before anything
	/// is written, so a refusal writes nothing.
	pub(crate) fn dismiss(identity: IdentityId, attestor: &T::AccountId) -> DispatchResult {
		let onboarded_it =
			Identities::<T>::get(identity).is_some_and(|info| info.created_by == *attestor);
		let to_record = onboarded_it && !OnboardingAttestorDismissed::<T>::contains_key(identity);
		let invited = InvitedAttestor::<T>::get(identity).as_ref() == Some(attestor);
		// Writes only when it removes something.
		let removed = Self::remove_attestation(identity, attestor).is_ok();
		ensure!(removed || invited || to_record, Error::<T>::NoSuchAttestation);
		if to_record {
			OnboardingAttestorDismissed::<T>::insert(identity, ());
		}
		if invited {
			InvitedAttestor::<T>::remove(identity);
		}
		Ok(())
	}

	/// Refuse while any of `accounts` (an identity's) has a subscription not yet settled:
	/// the identity's own change of who vouches for it (a dismissal, an invitation, a new
	/// attestor's claim) could make the subscriber ineligible before its issuance, refunded,
	/// a way out of a subscription it may no longer withdraw. (At most
	/// `MaxAccountsPerIdentity` accounts, each one read.)
	pub(crate) fn ensure_uncommitted(accounts: &[T::AccountId]) -> DispatchResult {
		ensure!(
			!accounts.iter().any(T::Subscriptions::has_unsettled_subscriptions),
			Error::<T>::SubscriptionsUnsettled
		);
		Ok(())
	}

	/// [`Self::ensure_uncommitted`] for the accounts of `identity`.
	pub(crate) fn ensure_identity_uncommitted(identity: IdentityId) -> DispatchResult {
		let accounts = Identities::<T>::get(identity).map(|info| info.accounts).unwrap_or_default();
		Self::ensure_uncommitted(&accounts)
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
