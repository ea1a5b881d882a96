//! Closing an offering and settling its subscriptions in bounded batches.

use crate::{
	Config, Error, Event, OfferingId, OfferingOf, OfferingStatus, Offerings, Outcome, Pallet,
	SettlingWithHolds, SubscriberAt, Subscription, Subscriptions,
};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	storage::{with_storage_layer, with_transaction, TransactionOutcome},
	traits::Get,
};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError,
};
use stledger_primitives::{
	InvestorRegistry, Moment, Reason, SecuritiesLedger, SecurityId, TransferKind,
	MAX_ISSUANCE_LOCKUP,
};

/// The most storage layers settlement opens inside its call: one for a raise settled at once,
/// one for each issuance (and the ledger's own for a held one), one for each payment, and
/// the ledger's own, with room to spare.
const SETTLEMENT_LAYERS: u32 = 8;

/// Which lots dated as settlement holds are holds now: `(security, account, hold)` names an
/// offering of that security settling with holds (the hold's id is the offering's), whose
/// subscription of that account its first pass has issued held and its second pass has not
/// yet released or burned. The securities ledger's release-130 migration asks it of each lot
/// dated from the hold floor: any other is a lock-up stored before release 128.
pub struct SettlementsHolding<T>(core::marker::PhantomData<T>);

impl<T: Config>
	frame_support::traits::Contains<(SecurityId, T::AccountId, stledger_primitives::HoldId)>
	for SettlementsHolding<T>
{
	fn contains(
		(security, who, hold): &(SecurityId, T::AccountId, stledger_primitives::HoldId),
	) -> bool {
		if !SettlingWithHolds::<T>::contains_key(hold) {
			return false;
		}
		let (Some(offering), Some(subscription)) =
			(Offerings::<T>::get(hold), Subscriptions::<T>::get(hold, who))
		else {
			return false;
		};
		// The first pass issues up to `settled`; once decided, `settled` counts the second
		// pass's progress from 0.
		let reached = match offering.status {
			OfferingStatus::Succeeded | OfferingStatus::Failed => {
				subscription.index >= offering.settled
			},
			_ => subscription.index < offering.settled,
		};
		offering.security == *security && subscription.outcome.is_none() && reached
	}
}

/// Whether a tried issuance is kept, rolled back, or kept held for the offering's settlement.
enum Keep {
	Yes,
	No,
	Held,
}

impl<T: Config> Pallet<T> {
	/// Whether `offering` may be closed at `now`, by someone: after `end` by anyone; before
	/// it, once the hard cap is reached and withdrawals are over, by the issuer or an agent.
	pub(crate) fn closable(offering: &OfferingOf<T>, now: Moment) -> bool {
		now >= offering.terms.end
			|| (offering.sold >= offering.terms.hard_cap && now >= offering.terms.withdraw_until)
	}

	pub(crate) fn do_close(who: &T::AccountId, id: OfferingId) -> DispatchResult {
		Offerings::<T>::try_mutate(id, |maybe| {
			let offering = maybe.as_mut().ok_or(Error::<T>::UnknownOffering)?;
			match offering.status {
				OfferingStatus::Scheduled => {},
				OfferingStatus::Cancelled => return Err(Error::<T>::OfferingCancelled.into()),
				_ => return Err(Error::<T>::AlreadyClosed.into()),
			}
			let now = Self::now();
			if now < offering.terms.end {
				// An early close ends the offering for everyone: a subscriber that took the
				// rest of the hard cap could otherwise close it at once and leave (an account
				// that left its identity is refunded at settlement), so it is the issuer's
				// decision, and never cuts the subscribers' withdrawal window.
				ensure!(offering.sold >= offering.terms.hard_cap, Error::<T>::StillOpen);
				ensure!(
					T::Securities::is_administrator(offering.security, who),
					Error::<T>::NotAdministrator
				);
				ensure!(now >= offering.terms.withdraw_until, Error::<T>::WithdrawalsOpen);
			}
			let reached = Self::meets_soft_cap(offering);
			offering.status =
				if reached { OfferingStatus::Verifying } else { OfferingStatus::Failed };
			Self::deposit_event(Event::OfferingClosed {
				offering: id,
				succeeded: reached,
				sold: offering.sold,
				raised: offering.raised,
				subscribers: offering.subscribers,
			});
			if offering.subscribers == 0 {
				Self::deposit_event(Event::OfferingSettled { offering: id });
			}
			Ok(())
		})
	}

	/// Whether `offering`'s `sold` (what is, or is to be, issued) meets its soft cap.
	fn meets_soft_cap(offering: &OfferingOf<T>) -> bool {
		!offering.sold.is_zero() && offering.sold >= offering.terms.soft_cap
	}

	/// Whether a verifying offering is settled at once (see [`Self::settle_at_once`]): it has
	/// at most [`Config::MaxSettlementBatch`] subscribers (one re-checked in part in batches
	/// before release 127 too: those it refunded are settled already, the rest at once).
	fn settles_at_once(offering: &OfferingOf<T>) -> bool {
		offering.subscribers <= T::MaxSettlementBatch::get()
	}

	/// Settle the next subscriptions of a closed offering: settle a small verifying one at
	/// once; issue up to `max` of a larger one held while it is verifying, then settle up to
	/// `max`; returns the larger of the two counts (what the call is charged for).
	pub(crate) fn do_settle(id: OfferingId, max: u32) -> Result<u32, DispatchError> {
		let mut offering = Offerings::<T>::get(id).ok_or(Error::<T>::UnknownOffering)?;
		match offering.status {
			OfferingStatus::Scheduled => return Err(Error::<T>::NotClosed.into()),
			OfferingStatus::Cancelled => return Err(Error::<T>::OfferingCancelled.into()),
			OfferingStatus::Verifying => {},
			OfferingStatus::Succeeded | OfferingStatus::Failed => {
				ensure!(offering.settled < offering.subscribers, Error::<T>::AlreadySettled)
			},
		}
		let batch = max.min(T::MaxSettlementBatch::get());
		ensure!(batch > 0, Error::<T>::ZeroBatch);
		// Near FRAME's limit, settlement would take its own failed layers for subscribers
		// refused (a raise failed, refunds on a decided one).
		stledger_primitives::ensure_room_for_layers(SETTLEMENT_LAYERS)?;

		let mut verified = 0;
		if offering.status == OfferingStatus::Verifying {
			// Once it holds tokens it settles with holds, whatever `MaxSettlementBatch` says
			// now (an upgrade may raise it).
			let holding = SettlingWithHolds::<T>::contains_key(id);
			if !holding && Self::settles_at_once(&offering) {
				// Asked for fewer, the caller (an issuer choosing when each subscriber is
				// issued) would get the batches back.
				ensure!(batch >= offering.subscribers, Error::<T>::BatchTooSmall);
				return Self::settle_at_once(offering, id);
			}
			if !holding {
				// Re-checked in part before release 128 (without holds), or not yet: from
				// the first (those refunded then are skipped).
				offering.settled = 0;
				SettlingWithHolds::<T>::insert(id, ());
			}
			verified = Self::hold_batch(&mut offering, id, batch)?;
			if offering.status == OfferingStatus::Verifying {
				Offerings::<T>::insert(id, offering);
				return Ok(verified);
			}
		}

		let settled = Self::settle_next(&mut offering, id, batch, None)?;
		Self::note_if_settled(&offering, id);
		Offerings::<T>::insert(id, offering);
		Ok(verified.max(settled))
	}

	/// Settle a verifying offering of at most [`Config::MaxSettlementBatch`] subscribers in
	/// one call, deciding its soft cap on what is actually issued: every subscriber is issued
	/// its tokens (or refunded if it cannot receive them) in turn, in one storage layer, kept
	/// only if the tokens issued meet the soft cap; otherwise the layer is rolled back and
	/// every subscriber refunded. Nothing can come between a subscriber's check and its
	/// issuance (an issuer freezing an affiliate counted toward the soft cap, the affiliate
	/// leaving its identity), and holder caps and the supply's bound count each issuance
	/// before the next, so a succeeded raise has issued at least its soft cap. Returns the
	/// subscribers settled. Fails, nothing changed, while the security is paused.
	fn settle_at_once(offering: OfferingOf<T>, id: OfferingId) -> Result<u32, DispatchError> {
		let all = offering.subscribers;
		let mut refused = Vec::new();
		let issued = with_transaction(|| {
			let mut issued = offering.clone();
			issued.status = OfferingStatus::Succeeded;
			// From the first: any refunded by an earlier re-check are skipped.
			issued.settled = 0;
			if let Err(error) = Self::settle_next(&mut issued, id, all, Some(&mut refused)) {
				return TransactionOutcome::Rollback(Err(error));
			}
			if Self::meets_soft_cap(&issued) {
				TransactionOutcome::Commit(Ok(issued))
			} else {
				TransactionOutcome::Rollback(Ok(issued))
			}
		})?;
		let succeeded = Self::meets_soft_cap(&issued);
		Self::deposit_event(Event::SubscriptionsVerified {
			offering: id,
			succeeded,
			sold: issued.sold,
			raised: issued.raised,
		});
		let settled = if succeeded {
			issued
		} else {
			// Its totals say what could have been issued, as a failed re-check's do.
			let failed = OfferingOf::<T> {
				status: OfferingStatus::Failed,
				sold: issued.sold,
				raised: issued.raised,
				settled: all,
				..offering
			};
			Self::refund_all(&failed, id, &refused)?;
			failed
		};
		Self::note_if_settled(&settled, id);
		Offerings::<T>::insert(id, settled);
		Ok(all)
	}

	/// Refund every subscriber of `offering`, settled at once and short of its soft cap, its
	/// issuances undone. Those `refused` (indexes, ascending) as their tokens were issued are
	/// re-checked alone, so that the refund still says why when the reason was their own (an
	/// account that left its identity, a lapsed attestation, a freeze): a reason that came
	/// only from the issuances before theirs (a holder cap, the supply's bound) no longer
	/// holds, and their refund is a failed raise's.
	fn refund_all(offering: &OfferingOf<T>, id: OfferingId, refused: &[u32]) -> DispatchResult {
		for index in 0..offering.subscribers {
			let who = SubscriberAt::<T>::get(id, index).ok_or(Error::<T>::NoSubscription)?;
			let subscription =
				Subscriptions::<T>::get(id, &who).ok_or(Error::<T>::NoSubscription)?;
			// Refunded by a re-check before release 127: settled already.
			if subscription.outcome.is_some() {
				continue;
			}
			let ineligible = match refused.binary_search(&index) {
				Ok(_) => Self::refund_unless_issued(offering, id, &who, &subscription, Keep::No)?,
				Err(_) => None,
			};
			let outcome = ineligible
				.unwrap_or_else(|| Self::refund(offering, id, &who, subscription.paid, None));
			Self::record_outcome(offering, id, &who, subscription, outcome);
		}
		Ok(())
	}

	/// Settle up to `batch` of a decided offering's subscriptions, from the first not yet
	/// settled: mint each subscriber's tokens and pay the issuer if it succeeded, refund if it
	/// failed or the subscriber cannot receive them (noting its index in `refused`, if given).
	/// Returns how many were settled.
	fn settle_next(
		offering: &mut OfferingOf<T>,
		id: OfferingId,
		batch: u32,
		mut refused: Option<&mut Vec<u32>>,
	) -> Result<u32, DispatchError> {
		let succeeded = offering.status == OfferingStatus::Succeeded;
		let held = SettlingWithHolds::<T>::contains_key(id);
		let end = offering.settled.saturating_add(batch).min(offering.subscribers);
		for index in offering.settled..end {
			let who = SubscriberAt::<T>::get(id, index).ok_or(Error::<T>::NoSubscription)?;
			let subscription =
				Subscriptions::<T>::get(id, &who).ok_or(Error::<T>::NoSubscription)?;
			// Refunded while verifying: settled already.
			if subscription.outcome.is_some() {
				continue;
			}
			let outcome = match (held, succeeded) {
				(true, true) => Self::release(offering, id, &who, &subscription)?,
				(true, false) => {
					T::Securities::burn_held(offering.security, &who, id)?;
					Self::refund(offering, id, &who, subscription.paid, None)
				},
				(false, true) => Self::deliver(offering, id, &who, &subscription)?,
				(false, false) => Self::refund(offering, id, &who, subscription.paid, None),
			};
			// A succeeded offering's totals say what it issued: a subscriber refused as its
			// tokens are issued leaves them.
			if succeeded && outcome != Outcome::Minted {
				Self::leave_totals(offering, &subscription);
				if let Some(refused) = refused.as_deref_mut() {
					refused.push(index);
				}
			}
			Self::record_outcome(offering, id, &who, subscription, outcome);
		}
		let settled = end - offering.settled;
		offering.settled = end;
		Ok(settled)
	}

	/// Record how settlement treated `who`'s subscription: settled, it no longer binds the
	/// subscriber to its identity and attestors, nor its identity to its holding of the
	/// security ([`Self::unlist`]).
	fn record_outcome(
		offering: &OfferingOf<T>,
		id: OfferingId,
		who: &T::AccountId,
		mut subscription: Subscription<T::Balance>,
		outcome: Outcome,
	) {
		Self::unlist(offering.security, subscription.identity, who, id);
		subscription.outcome = Some(outcome);
		Subscriptions::<T>::insert(id, who, subscription);
	}

	/// Say so once every subscription of `offering` is settled.
	fn note_if_settled(offering: &OfferingOf<T>, id: OfferingId) {
		if offering.settled == offering.subscribers {
			SettlingWithHolds::<T>::remove(id);
			Self::deposit_event(Event::OfferingSettled { offering: id });
		}
	}

	/// Take a refunded subscription out of the offering's `sold` and `raised`: from close,
	/// they count what is (to be) issued.
	fn leave_totals(offering: &mut OfferingOf<T>, subscription: &Subscription<T::Balance>) {
		offering.sold = offering.sold.saturating_sub(subscription.tokens);
		offering.raised = offering.raised.saturating_sub(subscription.paid);
	}

	/// Issue the next `batch` subscribers of a verifying offering their tokens held for its
	/// settlement, refunding those that can no longer receive the security (and taking them
	/// out of `sold` and `raised`); after the last, decide the soft cap on what was issued.
	/// Each issuance counts for the next (holder caps, the supply's bound), and nothing can
	/// take one back before the offering releases or burns it. Returns how many were
	/// handled.
	fn hold_batch(
		offering: &mut OfferingOf<T>,
		id: OfferingId,
		batch: u32,
	) -> Result<u32, DispatchError> {
		let end = offering.settled.saturating_add(batch).min(offering.subscribers);
		for index in offering.settled..end {
			let who = SubscriberAt::<T>::get(id, index).ok_or(Error::<T>::NoSubscription)?;
			let subscription =
				Subscriptions::<T>::get(id, &who).ok_or(Error::<T>::NoSubscription)?;
			// Refunded by a re-check before release 128: settled already.
			if subscription.outcome.is_some() {
				continue;
			}
			let held = Self::refund_unless_issued(offering, id, &who, &subscription, Keep::Held)?;
			if let Some(outcome) = held {
				Self::leave_totals(offering, &subscription);
				Self::record_outcome(offering, id, &who, subscription, outcome);
			}
		}
		let verified = end - offering.settled;
		offering.settled = end;
		if end == offering.subscribers {
			let succeeded = Self::meets_soft_cap(offering);
			offering.status =
				if succeeded { OfferingStatus::Succeeded } else { OfferingStatus::Failed };
			offering.settled = 0;
			Self::deposit_event(Event::SubscriptionsVerified {
				offering: id,
				succeeded,
				sold: offering.sold,
				raised: offering.raised,
			});
		}
		Ok(verified)
	}

	/// Refund `who` now if it cannot be issued its subscription: its account left the
	/// identity that subscribed, the offering's regime or the security's rules refuse it, or
	/// the ledger refuses the issuance itself (no room for another lock-up lot, say).
	/// Otherwise the issuance is kept as `keep` says: held for the offering's settlement (its
	/// first pass), or tried and rolled back (a subscriber of a raise settled at once that
	/// fell short, re-checked alone, is asked exactly what its issuance asked). `None`: issued
	/// (or it would be). Fails, and the batch with it, while the security is paused.
	fn refund_unless_issued(
		offering: &OfferingOf<T>,
		id: OfferingId,
		who: &T::AccountId,
		subscription: &Subscription<T::Balance>,
		keep: Keep,
	) -> Result<Option<Outcome>, DispatchError> {
		if let Some(outcome) = Self::refund_if_left_identity(offering, id, who, subscription)? {
			return Ok(Some(outcome));
		}
		match Self::try_issue(offering, id, who, subscription.tokens, keep)? {
			None => Ok(None),
			Some(reasons) => {
				Ok(Some(Self::refund(offering, id, who, subscription.paid, Some(reasons))))
			},
		}
	}

	/// Check the offering's regime and issue `tokens` to `who` (keeping the issuance or rolling
	/// it back, as `keep` says). `None`: issued; otherwise every reason it was refused (none
	/// if it passes every rule but the ledger refused it: `IssuanceFailed` then names the
	/// ledger's error). Fails while the security is paused.
	fn try_issue(
		offering: &OfferingOf<T>,
		id: OfferingId,
		who: &T::AccountId,
		tokens: T::Balance,
		keep: Keep,
	) -> Result<Option<Vec<Reason>>, DispatchError> {
		let security = offering.security;
		// The regime's holder caps count holders, and subscriptions are not holders: checked
		// at subscription, each subscriber would see the holders of before the offering.
		// Checked again as each is issued in turn, the caps hold.
		let regime = offering
			.terms
			.regime
			.map_or(Ok(()), |regime| T::Securities::check_regime(security, regime, who, tokens));
		// The issuance runs the compliance check itself; in its own storage layer, so a
		// refusal (or a trial) leaves nothing behind.
		let issue_error = match &regime {
			Ok(()) => {
				let issue =
					|| T::Securities::issue(security, who, tokens, Self::lockup_of(offering));
				let issued = match keep {
					Keep::Yes => with_storage_layer(issue),
					Keep::No => with_transaction(|| TransactionOutcome::Rollback(issue())),
					Keep::Held => {
						with_storage_layer(|| T::Securities::issue_held(security, who, tokens, id))
					},
				};
				match issued {
					Ok(()) => return Ok(None),
					Err(error) => Some(error),
				}
			},
			Err(_) => None,
		};
		// Only on this rare path is the check run again, for the reasons to report.
		let mut reasons = Self::reasons_unless_paused(security, who, tokens)?;
		for reason in regime.err().unwrap_or_default() {
			if !reasons.contains(&reason) {
				reasons.push(reason);
			}
		}
		// The investor passes every rule, yet the issuance failed (no room for another lock-up
		// lot, the bound on a supply): the refund says why rather than list no reason.
		if let (true, Some(error)) = (reasons.is_empty(), issue_error) {
			Self::deposit_event(Event::IssuanceFailed { offering: id, who: who.clone(), error });
		}
		Ok(Some(reasons))
	}

	/// The offering sold to an identity: an account relinked since would carry the allotment
	/// (and its limits, lists and regime, judged for that identity) to another. Refund it
	/// (as any refund at settlement, none while the security is paused); `None`: the account
	/// is still the identity's.
	fn refund_if_left_identity(
		offering: &OfferingOf<T>,
		id: OfferingId,
		who: &T::AccountId,
		subscription: &Subscription<T::Balance>,
	) -> Result<Option<Outcome>, DispatchError> {
		let belongs_to = T::Investors::identity_of(who);
		if belongs_to == Some(subscription.identity) {
			return Ok(None);
		}
		Self::reasons_unless_paused(offering.security, who, subscription.tokens)?;
		Self::deposit_event(Event::SubscriberLeftIdentity {
			offering: id,
			who: who.clone(),
			subscribed_as: subscription.identity,
			belongs_to,
		});
		Ok(Some(Self::refund(offering, id, who, subscription.paid, Some(Vec::new()))))
	}

	/// Mint a subscriber's tokens and pay the issuer; if the subscriber can no longer receive
	/// the security (its rules, the offering's regime, the ledger), or its account left the
	/// identity that subscribed, refund instead. Fails (and the batch with it) only while the
	/// security is paused.
	fn deliver(
		offering: &mut OfferingOf<T>,
		id: OfferingId,
		who: &T::AccountId,
		subscription: &Subscription<T::Balance>,
	) -> Result<Outcome, DispatchError> {
		// Checked as it is issued (a raise settled at once, or one decided before release 128
		// without holds): the account may have left its identity since it subscribed.
		if let Some(outcome) = Self::refund_if_left_identity(offering, id, who, subscription)? {
			return Ok(outcome);
		}
		let (tokens, paid) = (subscription.tokens, subscription.paid);
		match Self::try_issue(offering, id, who, tokens, Keep::Yes)? {
			None => Ok(Self::delivered(offering, id, who, subscription)),
			Some(reasons) => Ok(Self::refund(offering, id, who, paid, Some(reasons))),
		}
	}

	/// Release a subscriber's tokens issued held (with the offering's lock-up) and pay the
	/// issuer: its issuance was decided on, so nothing refuses it now (a freeze, a pause, its
	/// account leaving the identity come after the tokens were issued). Fails only if the
	/// tokens are not held, which no path allows.
	fn release(
		offering: &mut OfferingOf<T>,
		id: OfferingId,
		who: &T::AccountId,
		subscription: &Subscription<T::Balance>,
	) -> Result<Outcome, DispatchError> {
		T::Securities::release_held(offering.security, who, id, Self::lockup_of(offering))?;
		Ok(Self::delivered(offering, id, who, subscription))
	}

	/// A subscriber has its tokens: pay the issuer its cash.
	fn delivered(
		offering: &mut OfferingOf<T>,
		id: OfferingId,
		who: &T::AccountId,
		subscription: &Subscription<T::Balance>,
	) -> Outcome {
		let (tokens, paid) = (subscription.tokens, subscription.paid);
		Self::pay_proceeds(offering, id, paid);
		Self::deposit_event(Event::TokensDelivered {
			offering: id,
			who: who.clone(),
			tokens,
			paid,
		});
		Outcome::Minted
	}

	/// The offering's own lock-up, at most ten years after its window: one created before
	/// release 126 bounded it may hold a later date, read as that bound.
	fn lockup_of(offering: &OfferingOf<T>) -> Option<Moment> {
		let longest = offering.terms.end.saturating_add(MAX_ISSUANCE_LOCKUP);
		offering.terms.lockup_until.map(|until| until.min(longest))
	}

	/// Every reason `tokens` of `security` cannot be issued to `who` now, or the pause's
	/// error: a pause stops the whole security for a while, not this subscriber, and settling
	/// now would refund a successful raise, so the batch is refused until the issuer unpauses.
	fn reasons_unless_paused(
		security: SecurityId,
		who: &T::AccountId,
		tokens: T::Balance,
	) -> Result<Vec<Reason>, DispatchError> {
		let reasons =
			T::Securities::can_transfer(security, None, who, tokens, TransferKind::Issuance)
				.err()
				.unwrap_or_default();
		match reasons.iter().find(|r| matches!(r, Reason::SecurityPaused)) {
			Some(reason) => Err(T::Securities::refusal(*reason)),
			None => Ok(reasons),
		}
	}

	/// Pay the issuer a subscriber's cash; if the proceeds account cannot receive it now (the
	/// cash issuer blocked or froze it), keep it in escrow for `claim_proceeds` rather than
	/// hold up every other subscriber.
	fn pay_proceeds(offering: &mut OfferingOf<T>, id: OfferingId, paid: T::Balance) {
		let proceeds_to = offering.proceeds_to.clone();
		if with_storage_layer(|| Self::pay_out(offering, id, &proceeds_to, paid)).is_err() {
			offering.proceeds_pending = offering.proceeds_pending.saturating_add(paid);
			Self::deposit_event(Event::ProceedsDeferred {
				offering: id,
				to: proceeds_to,
				amount: paid,
			});
		}
	}

	/// Pay the issuer the proceeds settlement had to keep in escrow.
	pub(crate) fn do_claim_proceeds(id: OfferingId) -> DispatchResult {
		let mut offering = Offerings::<T>::get(id).ok_or(Error::<T>::UnknownOffering)?;
		let amount = offering.proceeds_pending;
		ensure!(!amount.is_zero(), Error::<T>::NoProceedsPending);
		Self::pay_out(&offering, id, &offering.proceeds_to, amount)?;
		offering.proceeds_pending = Zero::zero();
		let to = offering.proceeds_to.clone();
		Offerings::<T>::insert(id, offering);
		Self::deposit_event(Event::ProceedsClaimed { offering: id, to, amount });
		Ok(())
	}

	/// Refund a subscriber (`ineligible`: why it could not receive the security). A cash
	/// account that cannot receive (the cash issuer blocked it) must not hold up everyone
	/// else: its refund stays in escrow until `claim_refund`.
	fn refund(
		offering: &OfferingOf<T>,
		id: OfferingId,
		who: &T::AccountId,
		paid: T::Balance,
		ineligible: Option<Vec<Reason>>,
	) -> Outcome {
		if with_storage_layer(|| Self::pay_out(offering, id, who, paid)).is_err() {
			Self::deposit_event(Event::RefundDeferred {
				offering: id,
				who: who.clone(),
				amount: paid,
				reasons: ineligible.unwrap_or_default(),
			});
			return Outcome::RefundPending;
		}
		match ineligible {
			None => {
				Self::deposit_event(Event::SubscriptionRefunded {
					offering: id,
					who: who.clone(),
					refunded: paid,
				});
				Outcome::Refunded
			},
			Some(reasons) => {
				Self::deposit_event(Event::IneligibleSubscriberRefunded {
					offering: id,
					who: who.clone(),
					refunded: paid,
					reasons,
				});
				Outcome::RefundedIneligible
			},
		}
	}

	/// Pay a refund settlement could not make.
	pub(crate) fn do_claim_refund(id: OfferingId, who: T::AccountId) -> DispatchResult {
		let offering = Offerings::<T>::get(id).ok_or(Error::<T>::UnknownOffering)?;
		let mut subscription =
			Subscriptions::<T>::get(id, &who).ok_or(Error::<T>::NoSubscription)?;
		ensure!(subscription.outcome == Some(Outcome::RefundPending), Error::<T>::NoRefundPending);
		Self::pay_out(&offering, id, &who, subscription.paid)?;
		subscription.outcome = Some(Outcome::Refunded);
		Subscriptions::<T>::insert(id, &who, subscription);
		Self::deposit_event(Event::SubscriptionRefunded {
			offering: id,
			who,
			refunded: subscription.paid,
		});
		Ok(())
	}
}
