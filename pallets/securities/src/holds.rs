//! Settlement holds: tokens an offering settling in several calls issues before deciding its
//! soft cap ([`SecuritiesLedger::issue_held`]), kept where no path can move them until the
//! offering releases them (the raise succeeded) or burns them (it failed).
//!
//! A hold is a lock-up lot of its own dated [`settlement_hold_date`] (from
//! [`SETTLEMENT_HOLD_FLOOR`], never reached): counted as locked, the tokens cannot be
//! transferred, reserved for a sell order or moved by `pallet-assets`; a forced transfer or
//! redemption that would reach them is refused, and a recovery waits for the settlement
//! (`TokensHeldForSettlement`); lots are never merged into a hold nor a hold
//! into them, so its release frees exactly its tokens, in place (it never needs another
//! lot's room).
//!
//! Each security's held tokens are also counted in [`HeldForSettlement`]: a raise that fails
//! burns them, so the maximum ownership is a share of the supply less them (release 130).
//! Each identity's are counted in [`IdentityHeldForSettlement`]: an identity subscribed to the
//! security keeps a holding besides them until it is settled, since a burn may take them
//! (release 132).
//!
//! [`HeldForSettlement`]: crate::HeldForSettlement
//! [`IdentityHeldForSettlement`]: crate::IdentityHeldForSettlement
//! [`SecuritiesLedger::issue_held`]: stledger_primitives::SecuritiesLedger::issue_held
//! [`SETTLEMENT_HOLD_FLOOR`]: stledger_primitives::SETTLEMENT_HOLD_FLOOR

use crate::{
	ledger::IssueLockup, lockups::WhenFull, Config, Error, Event, HeldForSettlement,
	IdentityHeldForSettlement, Lot, Pallet, PositionOf, Positions,
};
use alloc::collections::BTreeMap;
use frame_support::{ensure, pallet_prelude::DispatchResult, traits::DefensiveSaturating};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError,
};
use stledger_primitives::{
	settlement_hold_date, HoldId, IdentityId, Moment, SecurityId, SETTLEMENT_HOLD_FLOOR,
};

impl<T: Config> Pallet<T> {
	/// How tokens issued now with an offering's `locked_until` are locked: a lock-up that
	/// ended before the tokens are issued (an offering settled late) leaves them free, never
	/// a reason to refuse the issuance; none given, the security's own issuance lock-up.
	pub(crate) fn issue_lockup(locked_until: Option<Moment>) -> IssueLockup {
		match locked_until {
			None => IssueLockup::RulesDefault,
			Some(moment) if moment > Self::now() => IssueLockup::Until(moment),
			Some(_) => IssueLockup::Unlocked,
		}
	}

	/// Hold `amount` of `who`'s tokens (just minted, counted under `identity`) for `hold`: its
	/// own lot, or `TooManyLots` if the account has no room for another (the issuance is
	/// refused, as one with a lock-up date it does not have would be).
	pub(crate) fn hold(
		security: SecurityId,
		who: &T::AccountId,
		identity: IdentityId,
		amount: T::Balance,
		hold: HoldId,
	) -> DispatchResult {
		let unlock_at = settlement_hold_date(hold);
		// A lot of that date stored before release 128 would be released or burned with it.
		let taken = Self::position(security, who).lots.iter().any(|lot| lot.unlock_at == unlock_at);
		ensure!(!taken, Error::<T>::AlreadyHeld);
		Self::add_lots(security, who, [Lot { amount, unlock_at }], WhenFull::Refuse)?;
		HeldForSettlement::<T>::mutate(security, |held| *held = held.saturating_add(amount));
		IdentityHeldForSettlement::<T>::mutate(security, identity, |held| {
			*held = held.saturating_add(amount)
		});
		Ok(())
	}

	/// `amount` of `security`'s held tokens, counted under `identity` (`None`: under no
	/// identity, which a hold never is), released or burned: no longer held.
	fn unhold(security: SecurityId, identity: Option<IdentityId>, amount: T::Balance) {
		HeldForSettlement::<T>::mutate_exists(security, |held| *held = less(*held, amount));
		match identity {
			Some(identity) => Self::uncount_identity_held(security, identity, amount),
			None => {
				frame_support::defensive!("a hold counted under no identity");
			},
		}
	}

	/// `amount` of `previous`'s tokens held for settlements now counted under `identity` (an
	/// account relinked while holding them brought them along).
	pub(crate) fn move_held(
		security: SecurityId,
		previous: IdentityId,
		identity: IdentityId,
		amount: T::Balance,
	) {
		Self::uncount_identity_held(security, previous, amount);
		IdentityHeldForSettlement::<T>::mutate(security, identity, |held| {
			*held = held.saturating_add(amount)
		});
	}

	fn uncount_identity_held(security: SecurityId, identity: IdentityId, amount: T::Balance) {
		IdentityHeldForSettlement::<T>::mutate_exists(security, identity, |held| {
			*held = less(*held, amount)
		});
	}

	/// How many of `identity`'s tokens of `security` are held for settlements.
	pub(crate) fn identity_held(security: SecurityId, identity: IdentityId) -> T::Balance {
		IdentityHeldForSettlement::<T>::get(security, identity)
	}

	/// Every position's held tokens, summed by security and by holding identity (every
	/// position read: for `try-runtime`).
	#[cfg(feature = "try-runtime")]
	pub(crate) fn holds_in_positions() -> HoldsCounted<T::Balance> {
		Self::count_holds(
			Positions::<T>::iter().map(|(security, _, position)| (security, position)),
		)
	}

	/// [`Self::holds_in_positions`] of the securities counted as holding tokens for
	/// settlements ([`HeldForSettlement`]'s keys, then their positions: for the upgrade that
	/// counts each identity's, whose other securities hold none).
	pub(crate) fn holds_in_positions_of_holding_securities() -> HoldsCounted<T::Balance> {
		let securities: alloc::vec::Vec<SecurityId> = HeldForSettlement::<T>::iter_keys().collect();
		let mut counted = Self::count_holds(securities.iter().flat_map(|security| {
			Positions::<T>::iter_prefix_values(security).map(move |position| (*security, position))
		}));
		counted.keys_read += securities.len() as u64;
		counted
	}

	fn count_holds(
		positions: impl Iterator<Item = (SecurityId, PositionOf<T>)>,
	) -> HoldsCounted<T::Balance> {
		let mut counted = HoldsCounted::default();
		for (security, position) in positions {
			counted.keys_read += 1;
			let amount = Self::held_in(&position);
			if amount.is_zero() {
				continue;
			}
			let sum: &mut T::Balance = counted.by_security.entry(security).or_default();
			*sum = sum.saturating_add(amount);
			match position.identity {
				Some(identity) => {
					let sum: &mut T::Balance =
						counted.by_identity.entry((security, identity)).or_default();
					*sum = sum.saturating_add(amount);
				},
				None => counted.under_no_identity += 1,
			}
		}
		counted
	}

	/// Refuse a forced movement of `taken` from an account holding `balance` with `position`
	/// that would reach tokens held for a settlement.
	pub(crate) fn ensure_not_held(
		position: &PositionOf<T>,
		balance: T::Balance,
		taken: T::Balance,
	) -> DispatchResult {
		let reachable = balance.saturating_sub(Self::held_in(position));
		ensure!(taken <= reachable, Error::<T>::TokensHeldForSettlement);
		Ok(())
	}

	/// Take `who`'s lot held for `hold` out of `position`: its tokens.
	fn take_hold(position: &mut PositionOf<T>, hold: HoldId) -> Result<T::Balance, DispatchError> {
		let date = settlement_hold_date(hold);
		let index = position
			.lots
			.iter()
			.position(|lot| lot.unlock_at == date)
			.ok_or(Error::<T>::NothingHeld)?;
		Ok(position.lots.remove(index).amount)
	}

	/// Free `to`'s tokens held for `hold`, locked as `lockup` says (its lot re-dated in place,
	/// or joined to a lot of the same date, or dropped); returns how many.
	pub(crate) fn do_release_held(
		security: SecurityId,
		to: &T::AccountId,
		hold: HoldId,
		lockup: IssueLockup,
	) -> Result<T::Balance, DispatchError> {
		let mut position = Self::position(security, to);
		let amount = Self::take_hold(&mut position, hold)?;
		// Never a hold's date (an offering's lock-up cannot reach it; a release cannot fail).
		let locked_until = Self::unlock_date(security, lockup)
			.map(|date| date.min(SETTLEMENT_HOLD_FLOOR.saturating_sub(1)));
		if let Some(unlock_at) = locked_until {
			let lots = &mut position.lots;
			match lots.iter_mut().find(|lot| lot.unlock_at == unlock_at) {
				Some(lot) => lot.amount = lot.amount.saturating_add(amount),
				// The hold's own place was just freed: never short of room.
				None => {
					lots.try_push(Lot { amount, unlock_at }).map_err(|_| Error::<T>::TooManyLots)?
				},
			}
			lots.sort_by_key(|lot| lot.unlock_at);
		}
		let identity = position.identity;
		Self::store_position(security, to, position);
		Self::unhold(security, identity, amount);
		let to = to.clone();
		Self::deposit_event(Event::HeldReleased { security, to, amount, locked_until, hold });
		Ok(amount)
	}

	/// Burn `from`'s tokens held for `hold`; returns how many.
	pub(crate) fn do_burn_held(
		security: SecurityId,
		from: &T::AccountId,
		hold: HoldId,
	) -> Result<T::Balance, DispatchError> {
		// Stored before burning: emptying `from` makes pallet-assets report it dead, which
		// drops its lots.
		let mut position = Self::position(security, from);
		let amount = Self::take_hold(&mut position, hold)?;
		let identity = position.identity;
		Self::store_position(security, from, position);
		Self::unhold(security, identity, amount);
		Self::burn_by_force(security, from, amount)?;
		Self::account_outflow(security, from, amount);
		Self::deposit_event(Event::HeldBurned { security, from: from.clone(), amount, hold });
		Ok(amount)
	}
}

/// A count of held tokens less `amount`, absent at zero. Never less than nothing (a hold's
/// lot is its counts' part): a debug build stops on it, a release build logs it, and
/// `try_state` compares the counts with the holds.
fn less<Balance: Zero + DefensiveSaturating + Copy>(
	held: Option<Balance>,
	amount: Balance,
) -> Option<Balance> {
	let left = held.unwrap_or_else(Zero::zero).defensive_saturating_sub(amount);
	(!left.is_zero()).then_some(left)
}

/// Held tokens found in the positions (see [`Pallet::holds_in_positions`]).
pub(crate) struct HoldsCounted<Balance> {
	/// By security: what [`HeldForSettlement`] should hold.
	pub by_security: BTreeMap<SecurityId, Balance>,
	/// By security and holding identity: what [`IdentityHeldForSettlement`] should hold.
	pub by_identity: BTreeMap<(SecurityId, IdentityId), Balance>,
	/// Keys read (positions, and the securities' counts where those were read first).
	pub keys_read: u64,
	/// Positions holding tokens for a settlement but counted under no identity (none should).
	pub under_no_identity: u32,
}

impl<Balance> Default for HoldsCounted<Balance> {
	fn default() -> Self {
		Self {
			by_security: BTreeMap::new(),
			by_identity: BTreeMap::new(),
			keys_read: 0,
			under_no_identity: 0,
		}
	}
}
