//! Moving securities: every path runs the compliance check, moves the `pallet-assets`
//! balance, and keeps locks and holder counts right.

use crate::{Config, Error, Event, Pallet, Securities};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
	},
};
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Zero},
	DispatchError,
};
use stledger_primitives::{
	Delivered, HoldId, InvestorRegistry, Moment, Reason, SecuritiesLedger, SecurityId, TransferKind,
};

/// The pallet error for the first failing reason (the runtime API lists them all).
fn refused<T: Config>(reasons: Vec<Reason>) -> DispatchError {
	Error::<T>::from(*reasons.first().expect("a refusal has a reason; qed")).into()
}

/// How newly issued tokens are locked.
#[derive(Clone, Copy)]
pub(crate) enum IssueLockup {
	/// For the security's issuance lock-up period, if its rules set one.
	RulesDefault,
	/// Until this moment (which must be in the future).
	Until(Moment),
	/// Not at all: the lock-up the tokens were sold under has already ended.
	Unlocked,
	/// Held for a settlement (see [`SecuritiesLedger::issue_held`]) until it releases or
	/// burns them.
	Held(HoldId),
}

impl<T: Config> Pallet<T> {
	/// What [`Pallet::transfer`] charges up front: its dearest case measured, a receiver that
	/// becomes a holder or one relinked to another identity while holding (its whole holding
	/// moves from the former identity to the new one).
	pub fn transfer_weight() -> frame_support::weights::Weight {
		use crate::WeightInfo;
		T::WeightInfo::transfer().max(T::WeightInfo::transfer_relinked())
	}

	/// A compliant movement between holders (peer to peer or on a venue); says whether the
	/// holders changed, which the worst-case weight is for.
	pub(crate) fn do_transfer(
		security: SecurityId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
		kind: TransferKind,
	) -> Result<Delivered, DispatchError> {
		let checked = Self::check(security, Some(from), to, amount, kind).map_err(refused::<T>)?;
		Self::apply_transfer(security, from, to, amount, kind, checked)
			.map(|holders_changed| Delivered { holders_changed })
	}

	/// Move a movement the compliance check has passed. Returns whether the holders changed
	/// (see [`Delivered`]).
	fn apply_transfer(
		security: SecurityId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
		kind: TransferKind,
		checked: crate::compliance::Checked,
	) -> Result<bool, DispatchError> {
		// The check has just found `amount` free of every lock, freeze and reservation: the
		// assets pallet need not ask the ledger again (it would, up to three times per
		// transfer, the costliest part of a fill). A forced kind skipped those checks, so the
		// freezer still applies to it.
		let move_tokens =
			|| T::Assets::transfer(security, from, to, amount, Preservation::Expendable);
		if kind == TransferKind::Forced {
			move_tokens()?;
		} else {
			Self::forcing(move_tokens)?;
		}
		// An account sending to itself, still counted under its own identity, holds what it
		// held: nothing to recount. (Recounting its whole balance would end its holding and
		// start another, in the class it is attested in now, past that class's cap unchecked.)
		let holders_changed = if from == to && checked.counted.sender == Some(checked.receiver) {
			false
		} else {
			Self::count_movement(security, from, to, amount, &checked)
		};
		Self::deposit_event(Event::Transferred {
			security,
			from: from.clone(),
			to: to.clone(),
			amount,
			kind,
		});
		Ok(holders_changed)
	}

	/// New tokens to an eligible investor, locked as `lockup` says.
	pub(crate) fn do_issue(
		security: SecurityId,
		to: &T::AccountId,
		amount: T::Balance,
		lockup: IssueLockup,
	) -> DispatchResult {
		let checked = Self::check(security, None, to, amount, TransferKind::Issuance)
			.map_err(refused::<T>)?;
		ensure!(
			T::Assets::total_issuance(security)
				.checked_add(&amount)
				.is_some_and(|supply| supply <= supply_cap::<T::Balance>()),
			Error::<T>::SupplyCapExceeded
		);
		let hold = match lockup {
			IssueLockup::Held(hold) => Some(hold),
			_ => None,
		};
		let locked_until = Self::unlock_date(security, lockup);
		T::Assets::mint_into(security, to, amount)?;
		if let Some(unlock_at) = locked_until {
			Self::add_lot(security, to, amount, unlock_at)?;
		}
		Self::account_inflow(security, to, checked.receiver, checked.receiver_class, amount);
		// Held after the account's tokens are counted under the receiver (an account relinked
		// while holding brings its earlier holds along first); a refusal here undoes the
		// issuance (`issue_held`'s storage layer).
		if let Some(hold) = hold {
			Self::hold(security, to, checked.receiver, amount, hold)?;
		}
		let to = to.clone();
		Self::deposit_event(match hold {
			Some(hold) => Event::IssuedHeld { security, to, amount, hold },
			None => Event::Issued { security, to, amount, locked_until },
		});
		Ok(())
	}

	/// When tokens issued now as `lockup` says unlock (`None`: free, or held).
	pub(crate) fn unlock_date(security: SecurityId, lockup: IssueLockup) -> Option<Moment> {
		match lockup {
			IssueLockup::Until(moment) => Some(moment),
			IssueLockup::Unlocked | IssueLockup::Held(_) => None,
			IssueLockup::RulesDefault => Securities::<T>::get(security)
				.and_then(|info| info.rules.issuance_lockup)
				// A zero period (stored before release 125 refused it) locks nothing, and one
				// stored longer than the bound since locks no longer than it.
				.filter(|period| *period > 0)
				.map(|period| period.min(crate::MAX_ISSUANCE_LOCKUP))
				.map(|period| crate::issuance_unlock(Self::now(), period)),
		}
	}

	/// Burn tokens from a holder, locked or frozen ones included (see
	/// [`Pallet::take_by_force`]).
	pub(crate) fn do_redeem(
		security: SecurityId,
		from: &T::AccountId,
		amount: T::Balance,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let balance = T::Assets::balance(security, from);
		ensure!(balance >= amount, Error::<T>::RedeemExceedsBalance);
		// Read before burning: emptying `from` makes pallet-assets report it dead, which drops
		// its lots and reservation. The lots of the burned locked tokens end with them.
		let mut position = Self::position(security, from);
		Self::ensure_not_held(&position, balance, amount)?;
		let locked_taken = Self::take_by_force(&mut position, balance, amount);
		Self::burn_by_force(security, from, amount)?;
		Self::store_position(security, from, position);
		Self::account_outflow(security, from, amount);
		Self::record_locked_taken(security, from, None, locked_taken);
		Self::deposit_event(Event::Redeemed { security, from: from.clone(), amount });
		Ok(())
	}

	/// Burn `amount` of `from`'s tokens, whatever locks or freezes them (the caller accounts
	/// for the lots and freezes the burned tokens leave).
	pub(crate) fn burn_by_force(
		security: SecurityId,
		from: &T::AccountId,
		amount: T::Balance,
	) -> DispatchResult {
		Self::forcing(|| {
			T::Assets::burn_from(
				security,
				from,
				amount,
				Preservation::Expendable,
				Precision::Exact,
				Fortitude::Force,
			)
		})
		.map(|_| ())
	}

	/// Move tokens by force: rules, status and freezes skipped, receiver's eligibility not.
	/// Free tokens go first, then frozen ones, then locked ones, which keep their lock-up at
	/// the receiver (see [`Pallet::take_by_force`]).
	pub(crate) fn do_forced_transfer(
		security: SecurityId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
	) -> DispatchResult {
		// Nothing would move; counting the account's holding again would re-class it.
		ensure!(from != to, Error::<T>::SameAccount);
		let checked = Self::check(security, Some(from), to, amount, TransferKind::Forced)
			.map_err(refused::<T>)?;
		// Read before moving: emptying `from` makes pallet-assets report it dead, which drops
		// its lots and reservation.
		let mut position = Self::position(security, from);
		let balance = T::Assets::balance(security, from);
		Self::ensure_not_held(&position, balance, amount)?;
		let locked_taken = Self::take_by_force(&mut position, balance, amount);
		Self::forcing(|| {
			T::Assets::transfer(security, from, to, amount, Preservation::Expendable)
		})?;
		Self::store_position(security, from, position);
		Self::add_lots(security, to, locked_taken.clone(), crate::lockups::WhenFull::MergeLater)?;
		Self::count_movement(security, from, to, amount, &checked);
		Self::record_locked_taken(security, from, Some(to), locked_taken);
		Ok(())
	}

	/// Tell auditors which locked tokens a forced movement took, lot by lot (nothing when it
	/// took none): what `ForcedTransfer` and `Redeemed` do not say.
	fn record_locked_taken(
		security: SecurityId,
		from: &T::AccountId,
		to: Option<&T::AccountId>,
		lots: Vec<crate::Lot<T::Balance>>,
	) {
		if lots.is_empty() {
			return;
		}
		Self::deposit_event(Event::LockedTokensTaken {
			security,
			from: from.clone(),
			to: to.cloned(),
			// At most one per lot of the sender's position: within the bound.
			lots: frame_support::BoundedVec::truncate_from(lots),
		});
	}

	/// Count `amount` moved from `from` to `to` in the holdings and holder counts, once the
	/// balances moved; returns whether the holders changed. Whom each account's tokens are
	/// counted under is as the check read it: moving the tokens changes no position's
	/// identity (`died` clears only lots and reservation). The inflow is counted first:
	/// between two accounts of one identity, the holding never passes through zero, so it
	/// keeps the class it was counted in (as the check assumed: no class cap applies to it).
	fn count_movement(
		security: SecurityId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
		checked: &crate::compliance::Checked,
	) -> bool {
		let receiver_changed = Self::account_inflow_counted(
			security,
			to,
			checked.counted.receiver_account,
			checked.receiver,
			checked.receiver_class,
			amount,
		);
		let sender_left =
			Self::account_outflow_counted(security, from, checked.counted.sender, amount);
		sender_left || receiver_changed
	}

	/// Move a lost account's whole holding and locks to another account of its identity.
	pub(crate) fn do_recover(
		security: SecurityId,
		lost: &T::AccountId,
		new: &T::AccountId,
	) -> Result<T::Balance, DispatchError> {
		ensure!(lost != new, Error::<T>::SameAccount);
		let amount = T::Assets::balance(security, lost);
		ensure!(!amount.is_zero(), Error::<T>::NothingToRecover);
		let identity = Self::holder_identity(security, lost)
			.or_else(|| T::Investors::identity_of(lost))
			.ok_or(Error::<T>::NotSameIdentity)?;
		ensure!(T::Investors::identity_of(new) == Some(identity), Error::<T>::NotSameIdentity);
		// Like every other movement, forced ones included: the receiving account must be an
		// eligible investor now (an identity whose attestation lapsed is attested again first).
		let profile = T::Investors::profile(new).map_err(|_| Error::<T>::ReceiverNotEligible)?;
		// A settlement releases or burns held tokens where it issued them.
		Self::ensure_not_held(&Self::position(security, lost), amount, amount)?;
		// Locks first: emptying `lost` makes pallet-assets report it dead, which drops its lots.
		Self::move_locks(security, lost, new)?;
		Self::forcing(|| {
			T::Assets::transfer(security, lost, new, amount, Preservation::Expendable)
		})?;
		// Same identity: the recovered tokens' holding and the counts do not change, only
		// which account holds.
		Self::update_position(security, lost, |position| position.identity = None);
		// `new` may still hold tokens counted under the identity it belonged to before it
		// was relinked: they join this identity's holding, as an inflow would move them.
		match Self::holder_identity(security, new).filter(|previous| *previous != identity) {
			Some(previous) => {
				Self::recount_account(security, new, previous, identity, profile.class, amount)
			},
			None => {
				Self::update_position(security, new, |position| position.identity = Some(identity))
			},
		}
		Ok(amount)
	}
}

impl<T: Config> SecuritiesLedger<T::AccountId, T::Balance> for Pallet<T> {
	type Terms = crate::compliance::Terms<T>;

	fn terms(security: SecurityId) -> Option<Self::Terms> {
		Pallet::<T>::terms(security)
	}

	fn profile_under(
		terms: &Self::Terms,
		who: &T::AccountId,
	) -> Result<stledger_primitives::InvestorProfile<T::AccountId>, Vec<Reason>> {
		let profile = T::Investors::profile(who)
			.map_err(|why| alloc::vec![Reason::ReceiverNotEligible(why)])?;
		Self::seen_by(&terms.rules, profile).ok_or(alloc::vec![Reason::AttestorNotTrusted])
	}

	fn can_receive_under(
		terms: &Self::Terms,
		to: &T::AccountId,
		receiver: stledger_primitives::InvestorProfile<T::AccountId>,
		amount: T::Balance,
		kind: TransferKind,
	) -> Result<(), Vec<Reason>> {
		Self::check_under(terms, None, to, amount, kind, || Ok(receiver)).map(|_| ())
	}

	fn venue_allowed_under(terms: &Self::Terms, venue: stledger_primitives::ExchangeId) -> bool {
		terms.rules.allows_venue(venue)
	}

	fn can_transfer(
		security: SecurityId,
		from: Option<&T::AccountId>,
		to: &T::AccountId,
		amount: T::Balance,
		kind: TransferKind,
	) -> Result<(), Vec<Reason>> {
		Pallet::<T>::can_transfer(security, from, to, amount, kind)
	}

	fn transfer(
		security: SecurityId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
		kind: TransferKind,
	) -> DispatchResult {
		Self::do_transfer(security, from, to, amount, kind).map(|_| ())
	}

	fn issue(
		security: SecurityId,
		to: &T::AccountId,
		amount: T::Balance,
		locked_until: Option<Moment>,
	) -> DispatchResult {
		Self::do_issue(security, to, amount, Self::issue_lockup(locked_until))
	}

	fn issue_held(
		security: SecurityId,
		to: &T::AccountId,
		amount: T::Balance,
		hold: HoldId,
	) -> DispatchResult {
		// A refusal after the mint (no room for the hold's lot) leaves nothing behind.
		frame_support::storage::with_storage_layer(|| {
			Self::do_issue(security, to, amount, IssueLockup::Held(hold))
		})
	}

	fn release_held(
		security: SecurityId,
		to: &T::AccountId,
		hold: HoldId,
		locked_until: Option<Moment>,
	) -> Result<T::Balance, DispatchError> {
		Self::do_release_held(security, to, hold, Self::issue_lockup(locked_until))
	}

	fn burn_held(
		security: SecurityId,
		from: &T::AccountId,
		hold: HoldId,
	) -> Result<T::Balance, DispatchError> {
		Self::do_burn_held(security, from, hold)
	}

	fn check_regime(
		security: SecurityId,
		preset: stledger_primitives::RegimePreset,
		to: &T::AccountId,
		amount: T::Balance,
	) -> Result<(), Vec<Reason>> {
		// The regime judges the investor the security itself sees (its trusted attestors').
		let profile = <Self as SecuritiesLedger<_, _>>::profile_for(security, to)?;
		let rules = crate::presets::rules::<T>(preset, Self::now());
		let mut reasons = Vec::new();
		let counted = crate::compliance::CountedAs {
			sender: None,
			receiver_account: Self::holder_identity(security, to),
		};
		Self::check_rules(
			security,
			&rules,
			None,
			to,
			counted,
			&profile,
			amount,
			TransferKind::Issuance,
			// An issuance is never judged against a maximum ownership.
			Zero::zero,
			&mut reasons,
		);
		if reasons.is_empty() {
			Ok(())
		} else {
			Err(reasons)
		}
	}

	fn profile_for(
		security: SecurityId,
		who: &T::AccountId,
	) -> Result<stledger_primitives::InvestorProfile<T::AccountId>, Vec<Reason>> {
		let profile = T::Investors::profile(who)
			.map_err(|why| alloc::vec![Reason::ReceiverNotEligible(why)])?;
		let rules = Securities::<T>::get(security).map(|info| info.rules).unwrap_or_default();
		Self::seen_by(&rules, profile).ok_or(alloc::vec![Reason::AttestorNotTrusted])
	}

	fn reserve(
		security: SecurityId,
		who: &T::AccountId,
		amount: T::Balance,
		venue: stledger_primitives::ExchangeId,
	) -> DispatchResult {
		let info = Securities::<T>::get(security).ok_or(Error::<T>::UnknownSecurity)?;
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		// The sender's side of the compliance check, as it stands when the order is placed:
		// the buyer's side is checked at every fill.
		ensure!(info.status != crate::SecurityStatus::Paused, Error::<T>::SecurityPaused);
		ensure!(info.rules.allows_venue(venue), Error::<T>::VenueNotAllowed);
		let mut position = Self::position(security, who);
		ensure!(!position.frozen, Error::<T>::SenderFrozen);
		let balance = T::Assets::balance(security, who);
		ensure!(balance >= amount, Error::<T>::InsufficientBalance);
		ensure!(
			balance.saturating_sub(Self::untouchable_in(&position)) >= amount,
			Error::<T>::TokensLocked
		);
		position.reserved = position.reserved.saturating_add(amount);
		Self::store_position(security, who, position);
		Ok(())
	}

	fn unreserve(security: SecurityId, who: &T::AccountId, amount: T::Balance) {
		Self::update_position(security, who, |position| {
			position.reserved = position.reserved.saturating_sub(amount)
		});
	}

	fn transfer_reserved(
		terms: &Self::Terms,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
		kind: TransferKind,
		receiver: Option<stledger_primitives::InvestorProfile<T::AccountId>>,
	) -> Result<Delivered, Vec<Reason>> {
		let security = terms.security;
		let reserved = Self::position(security, from).reserved;
		if reserved < amount {
			// A forced movement took tokens this order had reserved.
			return Err(alloc::vec![Reason::InsufficientBalance]);
		}
		Self::unreserve(security, from, amount);
		// Only the reservation is put back: nothing else of the position is this call's.
		let restore =
			|| Self::update_position(security, from, |position| position.reserved = reserved);
		let profile = || receiver.map(Ok).unwrap_or_else(|| T::Investors::profile(to));
		let checked = Self::check_under(terms, Some(from), to, amount, kind, profile)
			.inspect_err(|_| restore())?;
		// Cannot fail after a passed check; should it, the ledger is left as it was.
		Self::apply_transfer(security, from, to, amount, kind, checked)
			.map(|holders_changed| Delivered { holders_changed })
			.map_err(|_| {
				restore();
				alloc::vec![Reason::TokensLocked]
			})
	}

	fn refusal(reason: Reason) -> DispatchError {
		Error::<T>::from(reason).into()
	}

	fn venue_allowed(security: SecurityId, venue: stledger_primitives::ExchangeId) -> bool {
		Securities::<T>::get(security).is_some_and(|info| info.rules.allows_venue(venue))
	}

	fn is_administrator(security: SecurityId, who: &T::AccountId) -> bool {
		Self::ensure_administrator(security, who).is_ok()
	}

	fn issuer(security: SecurityId) -> Option<stledger_primitives::IdentityId> {
		crate::Securities::<T>::get(security).map(|info| info.issuer)
	}

	fn counted_under(
		security: SecurityId,
		who: &T::AccountId,
	) -> Option<stledger_primitives::IdentityId> {
		Self::holder_identity(security, who)
	}

	fn holds_tokens_held_for_settlement(
		security: SecurityId,
		identity: stledger_primitives::IdentityId,
	) -> bool {
		!Self::identity_held(security, identity).is_zero()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmark(issuer: &T::AccountId) -> SecurityId {
		crate::benchmarking::security_of::<T>(issuer)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn administrator_for_benchmark(security: SecurityId) -> T::AccountId {
		crate::benchmarking::last_of_full_administrators::<T>(security)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn fill_lots_for_benchmark(security: SecurityId, who: &T::AccountId) {
		crate::benchmarking::holder_with_lots::<T>(security, who, 0, 0)
	}
}

/// The most any asset moved by the ledger may have in supply: half the balance type's range,
/// so that every transfer can be credited (see [`Error::SupplyCapExceeded`]).
pub fn supply_cap<
	Balance: sp_runtime::traits::Bounded + core::ops::Div<Output = Balance> + From<u8>,
>() -> Balance {
	Balance::max_value() / Balance::from(2u8)
}
