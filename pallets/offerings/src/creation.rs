//! Creating and cancelling offerings: terms are checked whole before anything is stored.

use crate::{
	CashAssetId, Config, Error, Event, NextOfferingId, Offering, OfferingId, OfferingStatus,
	Offerings, Pallet, SettlementAssets, TermsOf,
};
use frame_support::{ensure, pallet_prelude::DispatchResult};
use sp_runtime::traits::Zero;
use stledger_primitives::{
	check_jurisdiction_list, InvestorRegistry, JurisdictionListError, SecuritiesLedger, SecurityId,
	MAX_ISSUANCE_LOCKUP,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_create(
		creator: T::AccountId,
		security: SecurityId,
		cash: CashAssetId,
		terms: TermsOf<T>,
		proceeds_to: T::AccountId,
	) -> DispatchResult {
		ensure!(T::Securities::is_administrator(security, &creator), Error::<T>::NotAdministrator);
		ensure!(SettlementAssets::<T>::contains_key(cash), Error::<T>::NotSettlementAsset);
		ensure!(
			T::Investors::identity_of(&proceeds_to).is_some()
				&& T::Investors::identity_of(&proceeds_to) == T::Securities::issuer(security),
			Error::<T>::ProceedsNotToIssuer
		);
		Self::check_terms(&terms)?;

		let offering = NextOfferingId::<T>::get();
		let next = offering.checked_add(1).ok_or(Error::<T>::Overflow)?;
		// The escrow must exist for any cash asset, sufficient or not; it is this pallet's
		// account, so it provides for itself.
		let escrow = Self::escrow(offering);
		if frame_system::Pallet::<T>::providers(&escrow) == 0 {
			frame_system::Pallet::<T>::inc_providers(&escrow);
		}
		Offerings::<T>::insert(
			offering,
			Offering {
				security,
				cash,
				creator: creator.clone(),
				proceeds_to: proceeds_to.clone(),
				terms: terms.clone(),
				status: OfferingStatus::Scheduled,
				sold: Zero::zero(),
				raised: Zero::zero(),
				subscribers: 0,
				settled: 0,
				proceeds_pending: Zero::zero(),
			},
		);
		NextOfferingId::<T>::put(next);
		Self::deposit_event(Event::OfferingCreated {
			offering,
			security,
			cash,
			creator,
			proceeds_to,
			terms,
		});
		Ok(())
	}

	fn check_terms(terms: &TermsOf<T>) -> DispatchResult {
		ensure!(!terms.price.is_zero(), Error::<T>::ZeroPrice);
		ensure!(!terms.hard_cap.is_zero(), Error::<T>::ZeroCap);
		ensure!(terms.soft_cap <= terms.hard_cap, Error::<T>::SoftCapAboveHardCap);
		ensure!(terms.end > terms.start, Error::<T>::EndBeforeStart);
		ensure!(terms.end > Self::now(), Error::<T>::EndInPast);
		ensure!(terms.withdraw_until <= terms.end, Error::<T>::WithdrawalAfterEnd);
		// A lock-up ending before the subscription window does locks nothing: refused as the
		// mistake it is (settlement issues tokens free once their lock-up has passed).
		ensure!(
			terms.lockup_until.is_none_or(|until| until > terms.end),
			Error::<T>::LockupBeforeEnd
		);
		// As a security's own issuance lock-up: an issuer must not lock paid-up subscribers
		// for good.
		ensure!(
			terms
				.lockup_until
				.is_none_or(|until| until.saturating_sub(terms.end) <= MAX_ISSUANCE_LOCKUP),
			Error::<T>::LockupTooLong
		);
		ensure!(terms.min_per_investor <= terms.hard_cap, Error::<T>::MinimumAboveMaximum);
		if let Some(max) = terms.max_per_investor {
			ensure!(terms.min_per_investor <= max, Error::<T>::MinimumAboveMaximum);
		}
		for list in [&terms.jurisdictions, &terms.excluded_jurisdictions] {
			if !list.is_empty() {
				check_jurisdiction_list(&list[..]).map_err(|e| match e {
					JurisdictionListError::Duplicate => Error::<T>::DuplicateEntry,
					_ => Error::<T>::MalformedJurisdiction,
				})?;
			}
		}
		let classes = &terms.classes;
		let limited = &terms.class_limits;
		for (i, class) in classes.iter().enumerate() {
			ensure!(!classes[..i].contains(class), Error::<T>::DuplicateEntry);
		}
		for (i, (class, limit)) in limited.iter().enumerate() {
			ensure!(!limited[..i].iter().any(|(c, _)| c == class), Error::<T>::DuplicateEntry);
			// A class limited below the minimum could never subscribe.
			ensure!(terms.min_per_investor <= *limit, Error::<T>::MinimumAboveMaximum);
		}
		Ok(())
	}

	pub(crate) fn do_cancel(who: T::AccountId, offering: OfferingId) -> DispatchResult {
		Offerings::<T>::try_mutate(offering, |maybe| {
			let info = maybe.as_mut().ok_or(Error::<T>::UnknownOffering)?;
			ensure!(
				T::Securities::is_administrator(info.security, &who),
				Error::<T>::NotAdministrator
			);
			match info.status {
				OfferingStatus::Scheduled => {},
				OfferingStatus::Cancelled => return Err(Error::<T>::OfferingCancelled.into()),
				_ => return Err(Error::<T>::OfferingClosed.into()),
			}
			ensure!(Self::now() < info.terms.start, Error::<T>::AlreadyStarted);
			info.status = OfferingStatus::Cancelled;
			Self::deposit_event(Event::OfferingCancelled { offering, by: who });
			Ok(())
		})
	}
}
