//! The compliance check: one function every movement of a security goes through.

use crate::{
	Config, HeldForSettlement, Holders, IdentityHoldings, Pallet, RulesOf, Securities,
	SecurityStatus,
};
use alloc::vec::Vec;
use core::cell::OnceCell;
use frame_support::traits::fungibles::Inspect;
use sp_runtime::traits::{Saturating, Zero};
use stledger_primitives::{
	IdentityId, Ineligibility, InvestorClass, InvestorProfile, InvestorRegistry, Reason,
	SecurityId, SubscriptionCommitments, TransferKind,
};

/// A security's status and rules, read once to judge many movements in one call (see
/// `SecuritiesLedger::Terms`): an order meeting many resting orders decodes them once.
pub struct Terms<T: Config> {
	/// The security.
	pub(crate) security: SecurityId,
	/// Its status when read.
	pub(crate) status: SecurityStatus,
	/// Its rules (the default, permissive rules if it has none).
	pub(crate) rules: RulesOf<T>,
	/// Its tokens held for settlements ([`HeldForSettlement`]), read when a movement first
	/// needs them (one between identities under a maximum ownership), then kept for the
	/// call's other movements; nothing in one call of the order book changes them.
	pub(crate) held_for_settlement: OnceCell<T::Balance>,
}

impl<T: Config> Terms<T> {
	/// The security's tokens held for settlements, read once per call at most.
	pub(crate) fn held_for_settlement(&self) -> T::Balance {
		*self.held_for_settlement.get_or_init(|| HeldForSettlement::<T>::get(self.security))
	}
}

/// What a passed check learnt, which settling the movement needs.
pub(crate) struct Checked {
	/// The receiver's identity.
	pub receiver: IdentityId,
	/// The receiver's class now (a new holder is counted in it).
	pub receiver_class: InvestorClass,
	/// Whom the two accounts' tokens were counted under when checked.
	pub counted: CountedAs,
}

/// The identities the sending and the receiving account's tokens are counted under (their
/// positions' `identity`), read once by the check and passed on to the holder accounting,
/// so that one movement decodes each party's position once.
#[derive(Clone, Copy, Default)]
pub(crate) struct CountedAs {
	/// The sending account's (`None`: issuance, or it holds nothing counted).
	pub sender: Option<IdentityId>,
	/// The receiving account's (`None`: it holds nothing counted).
	pub receiver_account: Option<IdentityId>,
}

impl<T: Config> Pallet<T> {
	/// Check moving `amount` of `security` from `from` (`None`: issuance) to `to` as `kind`.
	///
	/// Returns **every** failing rule. A forced transfer skips the security's status and
	/// rules and the freezes, never the receiver's attestation. Cost: a bounded number of
	/// reads (the rules' lists are bounded), one investor-profile lookup.
	pub(crate) fn check(
		security: SecurityId,
		from: Option<&T::AccountId>,
		to: &T::AccountId,
		amount: T::Balance,
		kind: TransferKind,
	) -> Result<Checked, Vec<Reason>> {
		Self::check_with(security, from, to, amount, kind, || T::Investors::profile(to))
	}

	/// [`Self::check`] with the receiver's profile from `receiver` (a caller that has just
	/// looked it up, in the same call, saves looking it up again).
	pub(crate) fn check_with(
		security: SecurityId,
		from: Option<&T::AccountId>,
		to: &T::AccountId,
		amount: T::Balance,
		kind: TransferKind,
		receiver: impl FnOnce() -> Result<InvestorProfile<T::AccountId>, Ineligibility>,
	) -> Result<Checked, Vec<Reason>> {
		let Some(terms) = Self::terms(security) else {
			return Err(alloc::vec![Reason::UnknownSecurity]);
		};
		Self::check_under(&terms, from, to, amount, kind, receiver)
	}

	/// The terms of `security` as they stand, or `None` if it is not a security.
	pub(crate) fn terms(security: SecurityId) -> Option<Terms<T>> {
		let info = Securities::<T>::get(security)?;
		Some(Terms {
			security,
			status: info.status,
			rules: info.rules,
			held_for_settlement: OnceCell::new(),
		})
	}

	/// [`Self::check_with`] under terms already read.
	pub(crate) fn check_under(
		terms: &Terms<T>,
		from: Option<&T::AccountId>,
		to: &T::AccountId,
		amount: T::Balance,
		kind: TransferKind,
		receiver: impl FnOnce() -> Result<InvestorProfile<T::AccountId>, Ineligibility>,
	) -> Result<Checked, Vec<Reason>> {
		let security = terms.security;
		let forced = kind == TransferKind::Forced;
		let mut reasons = Vec::new();
		let mut counted = CountedAs::default();

		if amount.is_zero() {
			reasons.push(Reason::ZeroAmount);
		}
		if terms.status == SecurityStatus::Paused && !forced {
			reasons.push(Reason::SecurityPaused);
		}
		if let Some(from) = from {
			let balance = T::Assets::balance(security, from);
			let position = Self::position(security, from);
			counted.sender = position.identity;
			if !forced && position.frozen {
				reasons.push(Reason::SenderFrozen);
			}
			if balance < amount {
				reasons.push(Reason::InsufficientBalance);
			} else if !forced && balance.saturating_sub(Self::untouchable_in(&position)) < amount {
				reasons.push(Reason::TokensLocked);
			}
		}
		let receiving = Self::position(security, to);
		counted.receiver_account = receiving.identity;
		if !forced && receiving.frozen {
			reasons.push(Reason::ReceiverFrozen);
		}

		let profile = match receiver() {
			Ok(profile) => profile,
			Err(why) => {
				reasons.push(Reason::ReceiverNotEligible(why));
				return Err(reasons);
			},
		};
		let profile = if forced {
			profile
		} else {
			let Some(seen) = Self::seen_by(&terms.rules, profile) else {
				reasons.push(Reason::AttestorNotTrusted);
				return Err(reasons);
			};
			Self::check_rules(
				security,
				&terms.rules,
				from,
				to,
				counted,
				&seen,
				amount,
				kind,
				|| terms.held_for_settlement(),
				&mut reasons,
			);
			seen
		};
		if reasons.is_empty() {
			Ok(Checked { receiver: profile.identity, receiver_class: profile.class, counted })
		} else {
			Err(reasons)
		}
	}

	/// The receiver as the security sees them: when its rules name trusted attestors, only
	/// their claims count (the most recent of them decides jurisdiction, class and risk
	/// tolerance), so no other attestor can change what this security is told; `None` if
	/// none of them attests the receiver.
	pub(crate) fn seen_by(
		rules: &RulesOf<T>,
		profile: InvestorProfile<T::AccountId>,
	) -> Option<InvestorProfile<T::AccountId>> {
		if rules.trusted_attestors.is_empty() {
			Some(profile)
		} else {
			profile.restricted_to(&rules.trusted_attestors)
		}
	}

	/// The security's rules against the receiver's profile (as the security sees it, see
	/// [`Self::seen_by`]) and the holdings after the move; `counted` are the identities the
	/// two accounts' tokens are counted under now; `held_for_settlement` gives the security's
	/// tokens held for settlements, asked only to judge a maximum ownership or whether a
	/// subscribed identity's holding ends.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn check_rules(
		security: SecurityId,
		rules: &RulesOf<T>,
		from: Option<&T::AccountId>,
		to: &T::AccountId,
		counted: CountedAs,
		profile: &InvestorProfile<T::AccountId>,
		amount: T::Balance,
		kind: TransferKind,
		held_for_settlement: impl Fn() -> T::Balance,
		reasons: &mut Vec<Reason>,
	) {
		let jurisdiction = profile.jurisdiction;
		if !rules.allowed_jurisdictions.is_empty()
			&& !rules.allowed_jurisdictions.contains(&jurisdiction)
		{
			reasons.push(Reason::JurisdictionNotAllowed);
		}
		if rules.denied_jurisdictions.contains(&jurisdiction) {
			reasons.push(Reason::JurisdictionDenied);
		}
		if !rules.allowed_classes.is_empty()
			&& !rules.allowed_classes.iter().any(|rule| {
				rule.class == profile.class && rule.jurisdiction.is_none_or(|j| j == jurisdiction)
			}) {
			reasons.push(Reason::ClassNotAllowed);
		}
		if rules.risk_rating.is_some_and(|rating| rating > profile.risk_tolerance) {
			reasons.push(Reason::Unsuitable);
		}
		let now = Self::now();
		if rules.restrictions.iter().any(|r| r.jurisdiction == jurisdiction && now < r.until) {
			reasons.push(Reason::JurisdictionRestricted);
		}
		match kind {
			TransferKind::PeerToPeer if !rules.peer_to_peer => {
				reasons.push(Reason::PeerToPeerNotAllowed)
			},
			TransferKind::Venue(venue) if !rules.allows_venue(venue) => {
				reasons.push(Reason::VenueNotAllowed)
			},
			_ => {},
		}

		// Holdings after the move, per identity.
		let receiver = profile.identity;
		let sender = counted.sender;
		// An account relinked to another identity while holding brings its tokens along when
		// it next receives (`account_inflow`): they leave the identity they were held under
		// and count in the receiver's holding after the move, even when the sender is the
		// receiver's own identity. (That former identity may stop holding then; not counting
		// it as leaving only errs on the side of refusing.)
		let former = counted.receiver_account.filter(|former| *former != receiver);
		let brought =
			if former.is_some() { T::Assets::balance(security, to) } else { Zero::zero() };
		let within_identity = sender == Some(receiver);
		if within_identity && brought.is_zero() {
			// Consolidation: no holder or ownership changes.
			return;
		}
		// What moves between identities besides what is brought: nothing within one identity
		// (the amount only moves between its accounts) or to the sending account itself (its
		// whole balance, the amount included, is what is brought).
		let to_itself = from == Some(to);
		let moved = if within_identity || to_itself { Zero::zero() } else { amount };
		let sender = sender.filter(|_| !within_identity);
		let held = |identity| {
			IdentityHoldings::<T>::get(security, identity).map(|h| h.amount).unwrap_or_default()
		};
		let receiver_before = held(receiver);
		let receiver_after = receiver_before.saturating_add(brought).saturating_add(moved);
		// The sender's identity loses what it sends, and what the receiving account brings
		// away from it.
		let sender_after_sale = sender.map(|s| held(s).saturating_sub(moved));
		let sender_after = sender_after_sale.map(|after| {
			let taken = if former.is_some() && former == sender { brought } else { Zero::zero() };
			after.saturating_sub(taken)
		});
		// A former identity that is not the sender loses what is brought too.
		let former_after = former
			.filter(|former| Some(*former) != sender)
			.map(|former| held(former).saturating_sub(brought));
		let receiver_is_new = receiver_before.is_zero();
		let sender_leaves = sender_after.is_some_and(|after| after.is_zero());

		// An identity's subscription was judged with its holding (not a new holder under a
		// holder cap, a top-up meeting the minimum holding): selling out before its issuance
		// would make it a new holder then, or leave the top-up alone, and refund it, a way
		// out of a subscription it may no longer withdraw (helper-83). Until the offering
		// settles it, no movement ends that holding: neither the identity's own sale nor an
		// account relinked away taking its tokens along. Tokens held for a settlement do not
		// keep the holding, since a raise failing burns them (release 132, helper-88, -90):
		// besides them the identity keeps some tokens, and at least the minimum holding if
		// the rules set one. Blamed on the sender only when its sale alone leaves it short
		// (an order book cancels the seller's order for it); what a relinked receiving
		// account takes away, from the sender's identity or another, is the receiver's side.
		// The commitment is read only when a holding ends or falls short so; an identity's
		// held tokens only while the security has some (once per call).
		let committed =
			|identity| T::Subscriptions::has_unsettled_subscription_to(security, identity);
		let held_by = |identity, left: T::Balance| {
			if left.is_zero() || held_for_settlement().is_zero() {
				Zero::zero()
			} else {
				Self::identity_held(security, identity)
			}
		};
		// Whether `after`, of which `held` is held for settlements, leaves too little.
		let keeps_too_little = |after: T::Balance, held: T::Balance| {
			after <= held
				|| (!held.is_zero()
					&& rules.min_holding.is_some_and(|min| after.saturating_sub(held) < min))
		};
		let sender_committed = match (sender, sender_after, sender_after_sale) {
			(Some(s), Some(after), Some(after_sale)) => {
				let held = held_by(s, after_sale);
				(keeps_too_little(after, held) && committed(s)).then(|| {
					if keeps_too_little(after_sale, held) {
						Reason::SenderCommittedToSubscription
					} else {
						Reason::HoldingCommittedToSubscription
					}
				})
			},
			_ => None,
		};
		if let Some(reason) = sender_committed {
			reasons.push(reason);
		} else if let (Some(f), Some(after)) = (former, former_after) {
			if keeps_too_little(after, held_by(f, after)) && committed(f) {
				reasons.push(Reason::HoldingCommittedToSubscription);
			}
		}

		if receiver_is_new {
			// Read only here: a movement between holders never needs the counts.
			let counts = Holders::<T>::get(security);
			if let Some(max) = rules.max_holders {
				let after = counts.total + 1 - u32::from(sender_leaves);
				if after > max {
					reasons.push(Reason::HolderLimitReached);
				}
			}
			if let Some((_, max)) =
				rules.max_holders_per_class.iter().find(|(class, _)| *class == profile.class)
			{
				let sender_class_leaves = sender_leaves
					&& sender
						.and_then(|s| IdentityHoldings::<T>::get(security, s))
						.map(|h| h.class) == Some(profile.class);
				let after = counts.of_class(profile.class) + 1 - u32::from(sender_class_leaves);
				if after > *max {
					reasons.push(Reason::ClassHolderLimitReached);
				}
			}
		}
		if let Some(max_share) = rules.max_ownership {
			// Issuance is exempt: while supply is being built every first buyer owns it all.
			if kind != TransferKind::Issuance {
				// A share of the supply less what is held for settlements: a raise that fails
				// burns its held tokens, and the holding must stay within the limit then
				// (helper-81). The receiver's own held tokens still count in its holding, so a
				// subscriber buying while its raise settles is judged on the smaller supply
				// (errs on the side of refusing, for the few blocks of a settlement).
				let supply =
					T::Assets::total_issuance(security).saturating_sub(held_for_settlement());
				if receiver_after > max_share.mul_floor(supply) {
					reasons.push(Reason::OwnershipLimitExceeded);
				}
			}
		}
		if let Some(min) = rules.min_holding {
			let below = |after: Option<T::Balance>| {
				after.is_some_and(|after| !after.is_zero() && after < min)
			};
			// The seller's identity is judged on where it ends (left with nothing, it exits),
			// and blamed only if its sale alone leaves it short (helper-89, helper-92): named
			// apart, a fill refused for that is the seller's fault, so that one holder's ask
			// cannot stop every bid that reaches it. What a relinked receiving account takes
			// along from the seller's identity is the receiver's side, as any former
			// identity's is.
			let short = below(sender_after);
			let sender_short = short && below(sender_after_sale);
			let taken_short = short && !sender_short;
			if receiver_after < min || below(former_after) || taken_short {
				reasons.push(Reason::BelowMinimumHolding);
			}
			if sender_short {
				reasons.push(Reason::SenderBelowMinimumHolding);
			}
		}
	}
}
