//! Who administers a security (its explicit issuer accounts and agents), its status and
//! rules' validity, and the pallet error for each compliance [`Reason`].

use crate::{
	Agents, Config, Error, Event, HolderCounts, Holders, IssuerAccounts, Pallet, RulesOf,
	Securities, SecurityStatus, MAX_ISSUANCE_LOCKUP,
};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles::Inspect, Get, UnixTime},
};
use sp_runtime::traits::{AccountIdConversion, Zero};
use stledger_primitives::{
	IdentityId, InvestorRegistry, Moment, Reason, SecurityId, TransferKind, MAX_RISK_LEVEL,
	MIN_RISK_LEVEL,
};

impl<T> From<Reason> for Error<T> {
	fn from(reason: Reason) -> Self {
		match reason {
			Reason::UnknownSecurity => Error::UnknownSecurity,
			Reason::InsufficientBalance => Error::InsufficientBalance,
			Reason::ZeroAmount => Error::ZeroAmount,
			Reason::SecurityPaused => Error::SecurityPaused,
			Reason::TokensLocked => Error::TokensLocked,
			Reason::SenderFrozen => Error::SenderFrozen,
			Reason::ReceiverFrozen => Error::ReceiverFrozen,
			Reason::ReceiverNotEligible(_) => Error::ReceiverNotEligible,
			Reason::JurisdictionNotAllowed => Error::JurisdictionNotAllowed,
			Reason::JurisdictionDenied => Error::JurisdictionDenied,
			Reason::ClassNotAllowed => Error::ClassNotAllowed,
			Reason::AttestorNotTrusted => Error::AttestorNotTrusted,
			Reason::Unsuitable => Error::Unsuitable,
			Reason::HolderLimitReached => Error::HolderLimitReached,
			Reason::ClassHolderLimitReached => Error::ClassHolderLimitReached,
			Reason::OwnershipLimitExceeded => Error::OwnershipLimitExceeded,
			Reason::BelowMinimumHolding => Error::BelowMinimumHolding,
			Reason::SenderBelowMinimumHolding => Error::SenderBelowMinimumHolding,
			Reason::SenderCommittedToSubscription => Error::SenderCommittedToSubscription,
			Reason::HoldingCommittedToSubscription => Error::HoldingCommittedToSubscription,
			Reason::JurisdictionRestricted => Error::JurisdictionRestricted,
			Reason::PeerToPeerNotAllowed => Error::PeerToPeerNotAllowed,
			Reason::VenueNotAllowed => Error::VenueNotAllowed,
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The account that administers every security's asset.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The chain's time, in ms since the Unix epoch.
	pub fn now() -> Moment {
		T::Time::now().as_millis().try_into().unwrap_or(Moment::MAX)
	}

	/// The issuer identity of `security`.
	fn issuer(security: SecurityId) -> Result<IdentityId, DispatchError> {
		Ok(Securities::<T>::get(security).ok_or(Error::<T>::UnknownSecurity)?.issuer)
	}

	/// Whether `who` is one of the security's issuer accounts (the explicit set, never any
	/// account that happens to be linked to the issuer's identity).
	fn is_issuer(security: SecurityId, who: &T::AccountId) -> Result<bool, DispatchError> {
		ensure!(Securities::<T>::contains_key(security), Error::<T>::UnknownSecurity);
		Ok(IssuerAccounts::<T>::get(security).contains(who))
	}

	pub(crate) fn ensure_issuer(security: SecurityId, who: &T::AccountId) -> DispatchResult {
		ensure!(Self::is_issuer(security, who)?, Error::<T>::NotIssuer);
		Ok(())
	}

	pub(crate) fn ensure_administrator(security: SecurityId, who: &T::AccountId) -> DispatchResult {
		ensure!(
			Self::is_issuer(security, who)? || Agents::<T>::get(security).contains(who),
			Error::<T>::NotAdministrator
		);
		Ok(())
	}

	pub(crate) fn do_add_issuer_account(
		security: SecurityId,
		who: T::AccountId,
		account: T::AccountId,
	) -> DispatchResult {
		Self::ensure_issuer(security, &who)?;
		ensure!(
			T::Investors::identity_of(&account) == Some(Self::issuer(security)?),
			Error::<T>::NotIssuerIdentity
		);
		IssuerAccounts::<T>::try_mutate(security, |accounts| -> DispatchResult {
			ensure!(!accounts.contains(&account), Error::<T>::AlreadyIssuerAccount);
			accounts.try_push(account.clone()).map_err(|_| Error::<T>::TooManyIssuerAccounts)?;
			Ok(())
		})?;
		Self::deposit_event(Event::IssuerAccountAdded { security, account, by: who });
		Ok(())
	}

	pub(crate) fn do_remove_issuer_account(
		security: SecurityId,
		who: T::AccountId,
		account: T::AccountId,
	) -> DispatchResult {
		Self::ensure_issuer(security, &who)?;
		IssuerAccounts::<T>::try_mutate(security, |accounts| -> DispatchResult {
			let position =
				accounts.iter().position(|a| *a == account).ok_or(Error::<T>::NotIssuerAccount)?;
			ensure!(accounts.len() > 1, Error::<T>::LastIssuerAccount);
			accounts.remove(position);
			Ok(())
		})?;
		Self::deposit_event(Event::IssuerAccountRemoved { security, account, by: who });
		Ok(())
	}

	pub(crate) fn set_status(security: SecurityId, status: SecurityStatus) -> DispatchResult {
		Securities::<T>::try_mutate(security, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownSecurity)?;
			ensure!(
				info.status != status,
				if status == SecurityStatus::Paused {
					Error::<T>::AlreadyPaused
				} else {
					Error::<T>::NotPaused
				}
			);
			info.status = status;
			Ok(())
		})
	}

	pub(crate) fn validate_rules(rules: &RulesOf<T>) -> DispatchResult {
		let codes = rules
			.allowed_jurisdictions
			.iter()
			.chain(rules.denied_jurisdictions.iter())
			.chain(rules.allowed_classes.iter().filter_map(|r| r.jurisdiction.as_ref()))
			.chain(rules.restrictions.iter().map(|r| &r.jurisdiction));
		for code in codes {
			ensure!(code.is_well_formed(), Error::<T>::InvalidJurisdiction);
		}
		if let Some(rating) = rules.risk_rating {
			ensure!(
				(MIN_RISK_LEVEL..=MAX_RISK_LEVEL).contains(&rating),
				Error::<T>::InvalidRiskRating
			);
		}
		// A zero limit would refuse every holder: a security closed by mistake, whose
		// offerings refund everyone at settlement. Pausing is how an issuer stops movements.
		ensure!(rules.max_holders != Some(0), Error::<T>::InvalidLimit);
		ensure!(rules.min_holding.is_none_or(|min| !min.is_zero()), Error::<T>::InvalidLimit);
		let class_limits = &rules.max_holders_per_class;
		ensure!(class_limits.iter().all(|(_, max)| *max != 0), Error::<T>::InvalidLimit);
		// Only a class's first limit would count: a second one is a mistake the issuer sees.
		let duplicate = class_limits
			.iter()
			.enumerate()
			.any(|(i, (class, _))| class_limits.iter().skip(i + 1).any(|(c, _)| c == class));
		ensure!(!duplicate, Error::<T>::DuplicateClassLimit);
		// A zero period would lock every issuance until the moment it is made, which the
		// ledger refuses (`LockupInPast`): every issuance would fail. `None` is no lock-up.
		// An offering without a lock-up of its own takes the rules' at settlement: the bound
		// keeps a change of rules after subscribers paid from locking them up for good.
		ensure!(
			rules.issuance_lockup.is_none_or(|period| (1..=MAX_ISSUANCE_LOCKUP).contains(&period)),
			Error::<T>::InvalidLockup
		);
		Ok(())
	}

	/// Every reason the movement may not happen, or `Ok` with what settling it needs.
	/// See the `compliance` module.
	pub fn can_transfer(
		security: SecurityId,
		from: Option<&T::AccountId>,
		to: &T::AccountId,
		amount: T::Balance,
		kind: TransferKind,
	) -> Result<(), Vec<Reason>> {
		Self::check(security, from, to, amount, kind).map(|_| ())
	}

	/// The holder counts of a security.
	pub fn holder_counts(security: SecurityId) -> HolderCounts {
		Holders::<T>::get(security)
	}

	/// The balance of `who` in `security`.
	pub fn balance(security: SecurityId, who: &T::AccountId) -> T::Balance {
		T::Assets::balance(security, who)
	}
}
