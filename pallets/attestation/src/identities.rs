//! Identities and their accounts: an account joins an identity only with its onboarding
//! attestor's proposal, the identity's consent (one of its accounts approves, once it has
//! any) and the account's own acceptance; only the account itself leaves.

use crate::{
	Config, Error, Event, Identities, IdentityOfAccount, InvestorIdentity, NextIdentityId, Pallet,
	PendingLinks,
};
use frame_support::{ensure, pallet_prelude::*, BoundedVec};
use stledger_primitives::IdentityId;

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
		PendingLinks::<T>::insert(&account, identity, false);
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
		PendingLinks::<T>::try_mutate(&account, identity, |approved| -> DispatchResult {
			// Proposed, but to another identity than the approver's.
			*approved.as_mut().ok_or(Error::<T>::NotSameIdentity)? = true;
			Ok(())
		})?;
		Self::deposit_event(Event::LinkApproved { identity, account, by: approver });
		Ok(())
	}

	pub(crate) fn do_accept_link(account: T::AccountId, identity: IdentityId) -> DispatchResult {
		let approved =
			PendingLinks::<T>::get(&account, identity).ok_or(Error::<T>::NoPendingLink)?;
		let info = Identities::<T>::get(identity).ok_or(Error::<T>::UnknownIdentity)?;
		ensure!(approved || info.accounts.is_empty(), Error::<T>::LinkNotApproved);
		// Only the identity's onboarding attestor proposes its links (`do_propose_link`).
		Self::ensure_attestor(&info.created_by).map_err(|_| Error::<T>::LinkProposerInactive)?;
		Self::link(identity, &account)?;
		PendingLinks::<T>::remove(&account, identity);
		Self::deposit_event(Event::AccountLinked { identity, account });
		Ok(())
	}

	pub(crate) fn do_unlink(caller: T::AccountId, account: T::AccountId) -> DispatchResult {
		let identity = IdentityOfAccount::<T>::get(&account).ok_or(Error::<T>::AccountNotLinked)?;
		ensure!(caller == account, Error::<T>::NotAllowedToUnlink);
		Identities::<T>::try_mutate(identity, |info| -> DispatchResult {
			let info = info.as_mut().ok_or(Error::<T>::UnknownIdentity)?;
			info.accounts.retain(|a| *a != account);
			Ok(())
		})?;
		IdentityOfAccount::<T>::remove(&account);
		Self::deposit_event(Event::AccountUnlinked { identity, account });
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
