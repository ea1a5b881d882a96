//! Subscribing and withdrawing: eligibility, limits, price, and the cash moving into and out
//! of escrow.

use crate::{
	Config, Error, Event, Invested, OfferingId, OfferingOf, OfferingStatus, Offerings, Pallet,
	SubscriberAt, Subscription, Subscriptions, UnsettledSubscribers, UnsettledSubscriptions,
	SETTLEMENT_MARGIN,
};
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{
		fungibles::{metadata::Inspect as MetadataInspect, Inspect, Mutate},
		tokens::{Fortitude, Preservation},
	},
};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, Rounding,
};
use stledger_primitives::{IdentityId, SecuritiesLedger, SecurityId, TransferKind};

impl<T: Config> Pallet<T> {
	/// What `tokens` (smallest units) cost at `offering`'s price, rounded up.
	pub fn price_of(offering: &OfferingOf<T>, tokens: T::Balance) -> Result<T::Balance, Error<T>> {
		let decimals = T::Assets::decimals(offering.security);
		let one_token = 10u128.checked_pow(decimals.into()).ok_or(Error::<T>::Overflow)?;
		let tokens: u128 = tokens.try_into().map_err(|_| Error::<T>::Overflow)?;
		let price: u128 = offering.terms.price.try_into().map_err(|_| Error::<T>::Overflow)?;
		let cost = sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
			tokens,
			price,
			one_token,
			Rounding::Up,
		)
		.ok_or(Error::<T>::Overflow)?;
		cost.try_into().map_err(|_| Error::<T>::Overflow)
	}

	/// The security's rules, as an issuance of `tokens` to `who`, then the offering's regime:
	/// the securities pallet's error for the first reason either refuses it.
	fn check_issuance(
		offering: &OfferingOf<T>,
		who: &T::AccountId,
		tokens: T::Balance,
	) -> DispatchResult {
		let refused = |reasons: alloc::vec::Vec<_>| T::Securities::refusal(reasons[0]);
		T::Securities::can_transfer(offering.security, None, who, tokens, TransferKind::Issuance)
			.map_err(refused)?;
		if let Some(regime) = offering.terms.regime {
			T::Securities::check_regime(offering.security, regime, who, tokens).map_err(refused)?;
		}
		Ok(())
	}

	/// Whether `offering` takes subscriptions now; the error says why not.
	fn ensure_open(offering: &OfferingOf<T>) -> DispatchResult {
		match offering.status {
			OfferingStatus::Scheduled => {},
			OfferingStatus::Cancelled => return Err(Error::<T>::OfferingCancelled.into()),
			_ => return Err(Error::<T>::OfferingClosed.into()),
		}
		let now = Self::now();
		ensure!(now >= offering.terms.start, Error::<T>::NotStarted);
		ensure!(now < offering.terms.end, Error::<T>::Ended);
		ensure!(offering.sold < offering.terms.hard_cap, Error::<T>::SoldOut);
		Ok(())
	}

	pub(crate) fn do_subscribe(
		who: T::AccountId,
		id: OfferingId,
		amount: T::Balance,
	) -> DispatchResult {
		let mut offering = Offerings::<T>::get(id).ok_or(Error::<T>::UnknownOffering)?;
		Self::ensure_open(&offering)?;
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);

		// The security's own rules, as an issuance (suitability included), then the regime's,
		// on what settlement would issue the account if all it asks is allotted (its whole
		// subscription is issued at once: a top-up is judged with what it adds to): a refusal
		// is the securities pallet's error for the exact reason.
		let existing = Subscriptions::<T>::get(id, &who);
		let asked = existing.map_or(amount, |s| s.tokens.saturating_add(amount));
		Self::check_issuance(&offering, &who, asked)?;
		// The investor as the security sees them (its trusted attestors', if it names any).
		let profile = T::Securities::profile_for(offering.security, &who)
			.map_err(|reasons| T::Securities::refusal(reasons[0]))?;
		let terms = &offering.terms;
		ensure!(
			terms.jurisdictions.is_empty() || terms.jurisdictions.contains(&profile.jurisdiction),
			Error::<T>::JurisdictionNotInOffering
		);
		ensure!(
			!terms.excluded_jurisdictions.contains(&profile.jurisdiction),
			Error::<T>::JurisdictionNotInOffering
		);
		ensure!(
			terms.classes.is_empty() || terms.classes.contains(&profile.class),
			Error::<T>::ClassNotInOffering
		);
		// A subscription binds until settled: an investor whose claim lapsed by then would be
		// refunded, an option to back out by not renewing its KYC (helper-83). Settlement
		// starts at the end, and a claim stops counting at its expiry: the claim must outlast
		// the end by the settlement margin (helper-84).
		ensure!(
			profile.expires_at > terms.end.saturating_add(SETTLEMENT_MARGIN),
			Error::<T>::AttestationExpiresBeforeEnd
		);

		// Limits per identity, over all its accounts.
		let identity = profile.identity;
		let before = Invested::<T>::get(id, identity);
		// One account per identity: settlement then issues or refunds the identity whole, and
		// one account made ineligible after the withdrawal deadline cannot leave it holding
		// the other's top-up below the minimum. Checked first, so an identity is not told to
		// change its amount before being told to use its other account.
		match &existing {
			Some(existing) => ensure!(existing.identity == identity, Error::<T>::IdentityChanged),
			None => ensure!(before.is_zero(), Error::<T>::IdentitySubscribedThroughAnotherAccount),
		}
		// An account relinked while holding keeps its tokens counted under the identity it
		// left until it next receives: issued to it, they would leave that identity, which
		// settlement refuses while that identity is subscribed to the security (release 131),
		// refunding this subscriber, a way out for it (helper-88). The account counts them
		// under its own identity first (a transfer to itself); from here it cannot leave its
		// identity until settled, so they stay counted under it.
		if let Some(counted) = T::Securities::counted_under(offering.security, &who) {
			ensure!(counted == identity, Error::<T>::HoldingCountedUnderAnotherIdentity);
		}
		// Held tokens are counted in a holding, but a raise failing burns them: an identity
		// judged with them (a holder under a full holder cap, a top-up meeting the minimum
		// holding) could find itself without them at its issuance, refunded, a way out
		// (helper-88, helper-90). It subscribes once they are released or burned. (Tokens
		// held after it subscribed do not count for it either: the securities pallet keeps
		// it holding the rest, `SenderCommittedToSubscription`.)
		ensure!(
			!T::Securities::holds_tokens_held_for_settlement(offering.security, identity),
			Error::<T>::HoldingAwaitsSettlement
		);
		let wanted = before.saturating_add(amount);
		if let Some(max) = terms.max_per_investor {
			ensure!(wanted <= max, Error::<T>::AboveMaximum);
		}
		ensure!(wanted >= terms.min_per_investor, Error::<T>::BelowMinimum);
		let mut tokens = amount;
		if let Some((_, limit)) = terms.class_limits.iter().find(|(c, _)| *c == profile.class) {
			let room = limit.saturating_sub(before);
			ensure!(!room.is_zero(), Error::<T>::ClassLimitReached);
			tokens = tokens.min(room);
		}
		tokens = tokens.min(terms.hard_cap.saturating_sub(offering.sold));
		// What is left to allot (the hard cap's rest, the class's room) may be less than was
		// asked: the identity must still reach the minimum with what it is allotted.
		ensure!(
			before.saturating_add(tokens) >= terms.min_per_investor,
			Error::<T>::RemainderBelowMinimum
		);
		// A part fill: judged again on what settlement will issue, so what is accepted here
		// is what settlement issues (a part fill below the rules' minimum holding, say).
		if tokens != amount {
			let issued = existing.map_or(tokens, |s| s.tokens.saturating_add(tokens));
			Self::check_issuance(&offering, &who, issued)?;
		}

		let cost = Self::price_of(&offering, tokens)?;
		// Every payment is at least the cash minimum, so escrow never holds dust.
		ensure!(cost >= T::Assets::minimum_balance(offering.cash), Error::<T>::BelowCashMinimum);
		let spendable = T::Assets::reducible_balance(
			offering.cash,
			&who,
			Preservation::Preserve,
			Fortitude::Polite,
		);
		ensure!(spendable >= cost, Error::<T>::InsufficientCash);

		let mut subscription = match existing {
			Some(existing) => existing,
			None => {
				let index = offering.subscribers;
				offering.subscribers = index.checked_add(1).ok_or(Error::<T>::Overflow)?;
				SubscriberAt::<T>::insert(id, index, &who);
				Self::list(offering.security, identity, &who, id);
				Subscription {
					identity,
					index,
					tokens: Zero::zero(),
					paid: Zero::zero(),
					outcome: None,
				}
			},
		};
		T::Assets::transfer(offering.cash, &who, &Self::escrow(id), cost, Preservation::Preserve)?;
		subscription.tokens = subscription.tokens.saturating_add(tokens);
		subscription.paid = subscription.paid.saturating_add(cost);
		offering.sold = offering.sold.saturating_add(tokens);
		offering.raised = offering.raised.saturating_add(cost);
		Subscriptions::<T>::insert(id, &who, subscription);
		Invested::<T>::insert(id, identity, before.saturating_add(tokens));
		Offerings::<T>::insert(id, offering);
		Self::deposit_event(Event::Subscribed {
			offering: id,
			who,
			identity,
			requested: amount,
			tokens,
			paid: cost,
		});
		Ok(())
	}

	pub(crate) fn do_withdraw(who: T::AccountId, id: OfferingId) -> DispatchResult {
		let mut offering = Offerings::<T>::get(id).ok_or(Error::<T>::UnknownOffering)?;
		let subscription = Subscriptions::<T>::get(id, &who).ok_or(Error::<T>::NoSubscription)?;
		match offering.status {
			OfferingStatus::Scheduled => {},
			OfferingStatus::Cancelled => return Err(Error::<T>::OfferingCancelled.into()),
			_ => return Err(Error::<T>::OfferingClosed.into()),
		}
		ensure!(Self::now() < offering.terms.withdraw_until, Error::<T>::WithdrawalClosed);
		// The identity's other accounts keep their subscriptions: together they must still
		// reach the minimum, or be withdrawn first (the identity can always leave whole).
		let left =
			Invested::<T>::get(id, subscription.identity).saturating_sub(subscription.tokens);
		ensure!(
			left.is_zero() || left >= offering.terms.min_per_investor,
			Error::<T>::WithdrawalBelowMinimum
		);

		Self::pay_out(&offering, id, &who, subscription.paid)?;
		// Keep settlement order dense: the last subscriber takes the freed place.
		let last = offering.subscribers - 1;
		if subscription.index != last {
			let moved = SubscriberAt::<T>::get(id, last).ok_or(Error::<T>::NoSubscription)?;
			SubscriberAt::<T>::insert(id, subscription.index, &moved);
			Subscriptions::<T>::mutate(id, &moved, |s| {
				if let Some(s) = s {
					s.index = subscription.index;
				}
			});
		}
		SubscriberAt::<T>::remove(id, last);
		Subscriptions::<T>::remove(id, &who);
		Self::unlist(offering.security, subscription.identity, &who, id);
		if left.is_zero() {
			Invested::<T>::remove(id, subscription.identity);
		} else {
			Invested::<T>::insert(id, subscription.identity, left);
		}
		offering.subscribers = last;
		offering.sold = offering.sold.saturating_sub(subscription.tokens);
		offering.raised = offering.raised.saturating_sub(subscription.paid);
		Offerings::<T>::insert(id, offering);
		Self::deposit_event(Event::Withdrawn {
			offering: id,
			who,
			tokens: subscription.tokens,
			refunded: subscription.paid,
		});
		Ok(())
	}

	/// List `who`'s new subscription to offering `id` (of `security`, by `identity`) as not
	/// yet settled: by account ([`UnsettledSubscriptions`]) and by the identity's holding of
	/// the security ([`UnsettledSubscribers`]).
	pub(crate) fn list(
		security: SecurityId,
		identity: IdentityId,
		who: &T::AccountId,
		id: OfferingId,
	) {
		UnsettledSubscriptions::<T>::insert(who, id, ());
		UnsettledSubscribers::<T>::mutate(security, identity, |count| {
			*count = Some(count.unwrap_or_default().saturating_add(1))
		});
	}

	/// Take `who`'s subscription to offering `id` off both lists of [`Self::list`]: withdrawn,
	/// or its outcome recorded.
	pub(crate) fn unlist(
		security: SecurityId,
		identity: IdentityId,
		who: &T::AccountId,
		id: OfferingId,
	) {
		UnsettledSubscriptions::<T>::remove(who, id);
		UnsettledSubscribers::<T>::mutate_exists(security, identity, |count| {
			// Defensive: every listed subscription was counted.
			let left = count.unwrap_or_default().saturating_sub(1);
			*count = (left > 0).then_some(left);
		});
	}

	/// Move `amount` of the offering's cash out of its escrow to `to`.
	pub(crate) fn pay_out(
		offering: &OfferingOf<T>,
		id: OfferingId,
		to: &T::AccountId,
		amount: T::Balance,
	) -> Result<(), DispatchError> {
		// Escrow holds a sum of payments each at least the cash minimum, so what remains is
		// zero or above the minimum: no dust is lost by letting it empty.
		T::Assets::transfer(offering.cash, &Self::escrow(id), to, amount, Preservation::Expendable)
			.map(|_| ())
	}
}
