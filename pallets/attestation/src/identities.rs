//! Identities and their accounts: an account joins an identity only with its onboarding
//! attestor's proposal, the identity's consent (one of its accounts approves, once it has
//! any) and the account's own acceptance; only the account itself leaves, and not while it
//! owes a primary offering its settlement.

use crate::{
	Attestors, Config, Error, Event, Identities, IdentityOfAccount, InvestorIdentity,
	NextIdentityId, OnboardingAppointedAt, OnboardingAttestorDismissed, Pallet, PendingLink,
	PendingLinks,
};
use frame_support::{ensure, pallet_prelude::*, BoundedVec};
use stledger_primitives::{ExchangeRegistry, IdentityId, SubscriptionCommitments};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_propose_link(
		attestor: T::AccountId,
		identity: IdentityId,
		account: T::AccountId,
	) -> DispatchResult {
		Self::ensure_attestor(&attestor)?;
		let info = Identities::<T>::get(identity).ok_or(Error::<T>::UnknownIdentity)?;
		ensure!(info.created_by == attestor, Error::<T>::NotIdentityCreator);
		ensure!(!IdentityOfAccount::<T>::contains_key(&account), Error::<T>::AccountAlreadyLinked);
		ensure!(
			(info.accounts.len() as u32) < T::MaxAccountsPerIdentity::get(),
			Error::<T>::TooManyAccounts
		);
		PendingLinks::<T>::insert(
			&account,
			identity,
			PendingLink {
				proposer: attestor.clone(),
				approved: false,
				proposed_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::LinkProposed { identity, account, by: attestor });
		Ok(())
	}

	pub(crate) fn do_approve_link(approver: T::AccountId, account: T::AccountId) -> DispatchResult {
		let identity =
			IdentityOfAccount::<T>::get(&approver).ok_or(Error::<T>::AccountNotLinked)?;
		ensure!(
			PendingLinks::<T>::iter_prefix(&account).next().is_some(),
			Error::<T>::NoPendingLink
		);
		PendingLinks::<T>::try_mutate(&account, identity, |pending| -> DispatchResult {
			// Proposed, but to another identity than the approver's.
			pending.as_mut().ok_or(Error::<T>::NotSameIdentity)?.approved = true;
			Ok(())
		})?;
		Self::deposit_event(Event::LinkApproved { identity, account, by: approver });
		Ok(())
	}

	pub(crate) fn do_accept_link(account: T::AccountId, identity: IdentityId) -> DispatchResult {
		let pending =
			PendingLinks::<T>::get(&account, identity).ok_or(Error::<T>::NoPendingLink)?;
		let info = Identities::<T>::get(identity).ok_or(Error::<T>::UnknownIdentity)?;
		ensure!(pending.approved || info.accounts.is_empty(), Error::<T>::LinkNotApproved);
		// Only the identity's onboarding attestor proposes its links (`do_propose_link`); a
		// link proposed before the consortium appointed it (by the one it replaced, or by
		// itself in an earlier term) is no attestor's word any more.
		let appointed_at = OnboardingAppointedAt::<T>::get(identity);
		ensure!(
			pending.proposer == info.created_by
				&& appointed_at.is_none_or(|at| pending.proposed_at >= at),
			Error::<T>::LinkProposerReplaced
		);
		Self::ensure_attestor(&info.created_by).map_err(|_| Error::<T>::LinkProposerInactive)?;
		Self::link(identity, &account)?;
		PendingLinks::<T>::remove(&account, identity);
		Self::deposit_event(Event::AccountLinked { identity, account });
		Ok(())
	}

	/// Either side of a link may withdraw it before it completes: the account it was
	/// proposed for (it declines), or an account of the identity (an approval given to a key
	/// that has not yet accepted is not an approval for ever). Nobody else: the link is
	/// theirs to make (an attestor that proposed the wrong key has the identity cancel it).
	pub(crate) fn do_cancel_link(
		caller: T::AccountId,
		account: T::AccountId,
		identity: IdentityId,
	) -> DispatchResult {
		ensure!(PendingLinks::<T>::contains_key(&account, identity), Error::<T>::NoPendingLink);
		ensure!(
			caller == account || IdentityOfAccount::<T>::get(&caller) == Some(identity),
			Error::<T>::NotAllowedToCancelLink
		);
		PendingLinks::<T>::remove(&account, identity);
		Self::deposit_event(Event::LinkCancelled { identity, account, by: caller });
		Ok(())
	}

	pub(crate) fn do_unlink(caller: T::AccountId, account: T::AccountId) -> DispatchResult {
		let identity = IdentityOfAccount::<T>::get(&account).ok_or(Error::<T>::AccountNotLinked)?;
		ensure!(caller == account, Error::<T>::NotAllowedToUnlink);
		// Leaving its identity would make a subscriber ineligible before its issuance, and
		// settlement would refund it: a way out of a subscription it may no longer withdraw.
		ensure!(
			!T::Subscriptions::has_unsettled_subscriptions(&account),
			Error::<T>::SubscriptionsUnsettled
		);
		Identities::<T>::try_mutate(identity, |info| -> DispatchResult {
			let info = info.as_mut().ok_or(Error::<T>::UnknownIdentity)?;
			info.accounts.retain(|a| *a != account);
			Ok(())
		})?;
		IdentityOfAccount::<T>::remove(&account);
		Self::deposit_event(Event::AccountUnlinked { identity, account });
		Ok(())
	}

	pub(crate) fn do_appoint_onboarding_attestor(
		identity: IdentityId,
		attestor: T::AccountId,
	) -> DispatchResult {
		let mut info = Identities::<T>::get(identity).ok_or(Error::<T>::UnknownIdentity)?;
		// An identity without accounts has nobody to approve a link: the appointed attestor
		// could link a key of its own to it (and to its attestations) unasked.
		ensure!(!info.accounts.is_empty(), Error::<T>::IdentityHasNoAccounts);
		// Only once the onboarding attestor is gone for good: a suspended attestor or
		// exchange may be reinstated, and keeps its identities.
		let registered = Attestors::<T>::contains_key(&info.created_by)
			|| T::Exchanges::exchange_of_operator(&info.created_by).is_some();
		ensure!(!registered, Error::<T>::OnboardingAttestorRegistered);
		Self::ensure_attestor(&attestor)?;
		let previous = core::mem::replace(&mut info.created_by, attestor.clone());
		Identities::<T>::insert(identity, info);
		OnboardingAppointedAt::<T>::insert(identity, frame_system::Pallet::<T>::block_number());
		// It never checked the investor: it attests only if invited, as a dismissed
		// onboarding attestor does.
		OnboardingAttestorDismissed::<T>::insert(identity, ());
		Self::deposit_event(Event::OnboardingAttestorAppointed { identity, previous, attestor });
		Ok(())
	}

	pub(crate) fn new_identity(created_by: &T::AccountId) -> IdentityId {
		let identity = NextIdentityId::<T>::get();
		NextIdentityId::<T>::put(identity.saturating_add(1));
		Identities::<T>::insert(
			identity,
			InvestorIdentity { created_by: created_by.clone(), accounts: BoundedVec::new() },
		);
		identity
	}

	pub(crate) fn link(identity: IdentityId, account: &T::AccountId) -> DispatchResult {
		ensure!(!IdentityOfAccount::<T>::contains_key(account), Error::<T>::AccountAlreadyLinked);
		Identities::<T>::try_mutate(identity, |info| -> DispatchResult {
			let info = info.as_mut().ok_or(Error::<T>::UnknownIdentity)?;
			info.accounts.try_push(account.clone()).map_err(|_| Error::<T>::TooManyAccounts)?;
			Ok(())
		})?;
		IdentityOfAccount::<T>::insert(account, identity);
		Ok(())
	}
}
