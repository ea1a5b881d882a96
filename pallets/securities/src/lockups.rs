//! Lock-up lots and freezes, and how `pallet-assets` enforces them: this pallet is the
//! assets' [`FrozenBalance`] provider, so locked or frozen tokens cannot move by any path.

use crate::{
	Config, Error, FrozenAccounts, FrozenAmounts, Lot, Lots, Pallet, Reserved, Securities,
};
use frame_support::{
	dispatch_context::{run_in_context, with_context},
	ensure,
	pallet_prelude::DispatchResult,
	BoundedVec,
};
use pallet_assets::FrozenBalance;
use sp_runtime::traits::{Bounded, Saturating, Zero};
use stledger_primitives::{Moment, SecurityId};

impl<T: Config> Pallet<T> {
	/// Tokens of `who`'s lots still locked at `now`. Reads one storage item; bounded by
	/// [`Config::MaxLots`].
	pub fn locked(security: SecurityId, who: &T::AccountId, now: Moment) -> T::Balance {
		Lots::<T>::get(security, who)
			.iter()
			.filter(|lot| lot.unlock_at > now)
			.fold(Zero::zero(), |sum: T::Balance, lot| sum.saturating_add(lot.amount))
	}

	/// How much of `who`'s balance cannot move now: all of it when the account is frozen,
	/// else what its lots lock plus the frozen amount plus what resting sell orders reserve.
	pub fn untouchable(security: SecurityId, who: &T::AccountId) -> T::Balance {
		if FrozenAccounts::<T>::contains_key(security, who) {
			return T::Balance::max_value();
		}
		Self::locked(security, who, Self::now())
			.saturating_add(FrozenAmounts::<T>::get(security, who))
			.saturating_add(Reserved::<T>::get(security, who))
	}

	/// Lock `amount` of `who`'s tokens until `unlock_at`, dropping lots that have unlocked.
	/// A lot with the same date is topped up rather than duplicated.
	pub(crate) fn add_lot(
		security: SecurityId,
		who: &T::AccountId,
		amount: T::Balance,
		unlock_at: Moment,
	) -> DispatchResult {
		let now = Self::now();
		ensure!(unlock_at > now, Error::<T>::LockupInPast);
		Lots::<T>::try_mutate(security, who, |lots| -> DispatchResult {
			lots.retain(|lot| lot.unlock_at > now);
			if let Some(lot) = lots.iter_mut().find(|lot| lot.unlock_at == unlock_at) {
				lot.amount = lot.amount.saturating_add(amount);
			} else {
				lots.try_push(Lot { amount, unlock_at }).map_err(|_| Error::<T>::TooManyLots)?;
			}
			Ok(())
		})
	}

	/// After a forced movement left `who` with `balance`: shrink the order-book reservation
	/// first (the investor's own), then the frozen amount, then the lots (latest unlock
	/// first), so reservations and locks never exceed what is held. A sell order left without
	/// its tokens is cancelled when it is next met.
	pub(crate) fn trim_locks(security: SecurityId, who: &T::AccountId, balance: T::Balance) {
		Self::trim_lots_and_frozen(security, who, balance);
		let reserved = Reserved::<T>::get(security, who);
		let room = balance.saturating_sub(
			Self::locked(security, who, Self::now())
				.saturating_add(FrozenAmounts::<T>::get(security, who)),
		);
		if reserved > room {
			Reserved::<T>::insert(security, who, room);
		}
	}

	fn trim_lots_and_frozen(security: SecurityId, who: &T::AccountId, balance: T::Balance) {
		let now = Self::now();
		let mut lots = Lots::<T>::get(security, who);
		lots.retain(|lot| lot.unlock_at > now);
		let locked = lots.iter().fold(T::Balance::zero(), |s, lot| s.saturating_add(lot.amount));
		let frozen = FrozenAmounts::<T>::get(security, who);
		let mut excess = locked.saturating_add(frozen).saturating_sub(balance);
		if excess.is_zero() {
			return;
		}
		let frozen_cut = excess.min(frozen);
		FrozenAmounts::<T>::set(security, who, frozen.saturating_sub(frozen_cut));
		excess = excess.saturating_sub(frozen_cut);
		lots.sort_by_key(|lot| core::cmp::Reverse(lot.unlock_at));
		for lot in lots.iter_mut() {
			let cut = excess.min(lot.amount);
			lot.amount = lot.amount.saturating_sub(cut);
			excess = excess.saturating_sub(cut);
		}
		lots.retain(|lot| !lot.amount.is_zero());
		lots.sort_by_key(|lot| lot.unlock_at);
		Self::store_lots(security, who, lots);
	}

	/// Move `lost`'s lots, frozen amount and frozen status onto `new` (recovery).
	pub(crate) fn move_locks(
		security: SecurityId,
		lost: &T::AccountId,
		new: &T::AccountId,
	) -> DispatchResult {
		let now = Self::now();
		for lot in Lots::<T>::take(security, lost).into_iter().filter(|lot| lot.unlock_at > now) {
			Self::add_lot(security, new, lot.amount, lot.unlock_at)?;
		}
		let frozen = FrozenAmounts::<T>::take(security, lost);
		FrozenAmounts::<T>::mutate(security, new, |amount| *amount = amount.saturating_add(frozen));
		if FrozenAccounts::<T>::take(security, lost).is_some() {
			FrozenAccounts::<T>::insert(security, new, ());
		}
		Ok(())
	}

	fn store_lots(
		security: SecurityId,
		who: &T::AccountId,
		lots: BoundedVec<Lot<T::Balance>, T::MaxLots>,
	) {
		if lots.is_empty() {
			Lots::<T>::remove(security, who);
		} else {
			Lots::<T>::insert(security, who, lots);
		}
	}

	/// Run `f` with the ledger's freezes lifted: forced operations move locked or frozen
	/// tokens, then re-account them with [`Self::trim_locks`].
	///
	/// The exemption lives in the dispatch context, not in storage: it never outlives the
	/// call that set it, and asking for it costs no storage read on every token transfer.
	pub(crate) fn forcing<R>(f: impl FnOnce() -> R) -> R {
		run_in_context(|| {
			// Restore what was set before, so a forced step inside another never lifts the
			// outer one's exemption early.
			let outer = with_context::<LedgerForced, _>(|forced| {
				core::mem::replace(&mut forced.or_default().0, true)
			})
			.unwrap_or_default();
			let result = f();
			with_context::<LedgerForced, _>(|forced| forced.set(LedgerForced(outer)));
			result
		})
	}

	/// Whether the current call runs inside [`Self::forcing`].
	fn ledger_forced() -> bool {
		with_context::<LedgerForced, _>(|forced| forced.get().is_some_and(|forced| forced.0))
			.unwrap_or_default()
	}
}

/// Set only inside a forced operation (forced transfer, recovery, redemption), which then
/// re-accounts the locked or frozen tokens it moved, and while moving tokens the compliance
/// check has just found free: `pallet-assets` does not ask for freezes then.
#[derive(Default)]
struct LedgerForced(bool);

impl<T: Config> FrozenBalance<SecurityId, T::AccountId, T::Balance> for Pallet<T> {
	fn frozen_balance(asset: SecurityId, who: &T::AccountId) -> Option<T::Balance> {
		if Self::ledger_forced() || !Securities::<T>::contains_key(asset) {
			return None;
		}
		let untouchable = Self::untouchable(asset, who);
		(!untouchable.is_zero()).then_some(untouchable)
	}

	fn died(asset: SecurityId, who: &T::AccountId) {
		// An emptied account keeps its frozen status (an issuer's decision), not its lots.
		Lots::<T>::remove(asset, who);
		Reserved::<T>::remove(asset, who);
	}

	fn contains_freezes(asset: SecurityId) -> bool {
		Securities::<T>::contains_key(asset)
	}
}
