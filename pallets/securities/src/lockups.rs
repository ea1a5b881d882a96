//! Lock-up lots and freezes, and how `pallet-assets` enforces them: this pallet is the
//! assets' [`FrozenBalance`] provider, so locked or frozen tokens cannot move by any path.

use crate::{Config, Error, Lot, Pallet, PositionOf, Securities};
use alloc::vec::Vec;
use frame_support::{
	dispatch_context::{run_in_context, with_context},
	ensure,
	pallet_prelude::DispatchResult,
	BoundedVec,
};
use pallet_assets::FrozenBalance;
use sp_runtime::traits::{Bounded, SaturatedConversion, Saturating, Zero};
use stledger_primitives::{Moment, SecurityId, SETTLEMENT_HOLD_FLOOR};

/// One day in ms: issuance lock-ups taken from a security's rules end on a UTC day boundary.
pub const LOCKUP_DAY: Moment = 24 * 60 * 60 * 1000;

/// The longest issuance lock-up a security's rules may set: ten years (3,653 days) in ms
/// (shared with the offerings pallet, which bounds an offering's own lock-up by it).
pub use stledger_primitives::MAX_ISSUANCE_LOCKUP;

/// When tokens issued at `now` under an issuance lock-up of `period` unlock: at the end of
/// the UTC day the period ends in, so that issuances of one day share one lot (an account
/// holds at most `MaxLots` dates) and no lock ends before its period.
pub fn issuance_unlock(now: Moment, period: Moment) -> Moment {
	let end = now.saturating_add(period);
	end.checked_next_multiple_of(LOCKUP_DAY).unwrap_or(end)
}

impl<T: Config> Pallet<T> {
	/// Tokens of `who`'s lots still locked at `now`. Reads one storage item; bounded by
	/// [`Config::MaxLots`].
	pub fn locked(security: SecurityId, who: &T::AccountId, now: Moment) -> T::Balance {
		Self::locked_in(&Self::position(security, who), now)
	}

	/// Tokens of `position`'s lots still locked at `now`.
	pub(crate) fn locked_in(position: &PositionOf<T>, now: Moment) -> T::Balance {
		position
			.lots
			.iter()
			.filter(|lot| lot.unlock_at > now)
			.fold(Zero::zero(), |sum: T::Balance, lot| sum.saturating_add(lot.amount))
	}

	/// Whether `lot` is a settlement hold (see [`SecuritiesLedger::issue_held`]), not a
	/// lock-up: no path but the hold's release or burn may take its tokens or merge it.
	///
	/// [`SecuritiesLedger::issue_held`]: stledger_primitives::SecuritiesLedger::issue_held
	pub(crate) fn is_hold(lot: &Lot<T::Balance>) -> bool {
		lot.unlock_at >= SETTLEMENT_HOLD_FLOOR
	}

	/// Tokens of `position` held for settlements (counted as locked too: they never unlock
	/// by date).
	pub(crate) fn held_in(position: &PositionOf<T>) -> T::Balance {
		position
			.lots
			.iter()
			.filter(|lot| Self::is_hold(lot))
			.fold(Zero::zero(), |sum: T::Balance, lot| sum.saturating_add(lot.amount))
	}

	/// How much of `who`'s balance cannot move now: all of it when the account is frozen,
	/// else what its lots lock plus the frozen amount plus what resting sell orders reserve.
	pub fn untouchable(security: SecurityId, who: &T::AccountId) -> T::Balance {
		Self::untouchable_in(&Self::position(security, who))
	}

	/// How much of the balance of an account with `position` cannot move now.
	pub(crate) fn untouchable_in(position: &PositionOf<T>) -> T::Balance {
		if position.frozen {
			return T::Balance::max_value();
		}
		Self::locked_in(position, Self::now())
			.saturating_add(position.frozen_amount)
			.saturating_add(position.reserved)
	}

	/// Lock `amount` of `who`'s tokens until `unlock_at`, dropping lots that have unlocked.
	/// A lot with the same date is topped up rather than duplicated; with no room for
	/// another date, `TooManyLots`. A date a settlement hold's lot would have is no lock-up
	/// (`InvalidLockup`): only [`Self::hold`] makes such a lot.
	pub(crate) fn add_lot(
		security: SecurityId,
		who: &T::AccountId,
		amount: T::Balance,
		unlock_at: Moment,
	) -> DispatchResult {
		ensure!(unlock_at > Self::now(), Error::<T>::LockupInPast);
		ensure!(unlock_at < SETTLEMENT_HOLD_FLOOR, Error::<T>::InvalidLockup);
		Self::add_lots(security, who, [Lot { amount, unlock_at }], WhenFull::Refuse)
	}

	/// Add `lots` to `who`'s (one read and one write, whatever their number), dropping lots
	/// that have unlocked, those added included; a lot with a date `who` has already is
	/// topped up rather than duplicated. Lots are kept in unlock order. A lot for which `who`
	/// has no room is refused or merged, as `when_full` says.
	pub(crate) fn add_lots(
		security: SecurityId,
		who: &T::AccountId,
		lots: impl IntoIterator<Item = Lot<T::Balance>>,
		when_full: WhenFull,
	) -> DispatchResult {
		let now = Self::now();
		let mut lots = lots.into_iter().filter(|lot| lot.unlock_at > now).peekable();
		if lots.peek().is_none() {
			return Ok(());
		}
		let mut position = Self::position(security, who);
		let held = &mut position.lots;
		held.retain(|lot| lot.unlock_at > now);
		for added in lots {
			if let Some(lot) = held.iter_mut().find(|lot| lot.unlock_at == added.unlock_at) {
				lot.amount = lot.amount.saturating_add(added.amount);
			} else if held.try_push(added).is_err() {
				ensure!(when_full == WhenFull::MergeLater, Error::<T>::TooManyLots);
				Self::merge_into_full(held, added)?;
			}
		}
		// In unlock order, as an auditor reads them.
		held.sort_by_key(|lot| lot.unlock_at);
		Self::store_position(security, who, position);
		Ok(())
	}

	/// Make room for `added` in `held`, a full list of lots none of which shares its date,
	/// without any lock ending earlier or any of the account's own tokens locked past a date
	/// the account already had: the nearest lot unlocking after `added` takes it (the carried
	/// tokens stay locked a little longer); with none later, two of the account's own lots
	/// become one, the earlier joining the later where that keeps the fewest tokens locked
	/// the least longer (amount × gap), and `added` keeps its own date. Settlement holds
	/// are neither merged nor merged into (their tokens are not locked by date, and a hold's
	/// release frees its lot whole): with fewer than two lock-up lots among the full list,
	/// `TooManyLots`.
	fn merge_into_full(
		held: &mut BoundedVec<Lot<T::Balance>, T::MaxLots>,
		added: Lot<T::Balance>,
	) -> DispatchResult {
		if let Some(later) = held
			.iter_mut()
			.filter(|lot| !Self::is_hold(lot) && lot.unlock_at > added.unlock_at)
			.min_by_key(|lot| lot.unlock_at)
		{
			later.amount = later.amount.saturating_add(added.amount);
			return Ok(());
		}
		// In unlock order: the holds, the latest dates, last.
		held.sort_by_key(|lot| lot.unlock_at);
		let lockups = held.iter().filter(|lot| !Self::is_hold(lot)).count();
		let cost = |pair: &[Lot<T::Balance>]| {
			let amount: u128 = pair[0].amount.saturated_into();
			amount.saturating_mul(u128::from(pair[1].unlock_at - pair[0].unlock_at))
		};
		let earlier = held[..lockups]
			.windows(2)
			.enumerate()
			.min_by_key(|(_, pair)| cost(pair))
			.map(|(index, _)| index)
			.ok_or(Error::<T>::TooManyLots)?;
		let joined = held.remove(earlier);
		held[earlier].amount = held[earlier].amount.saturating_add(joined.amount);
		held.try_push(added).expect("one lot was just removed; qed");
		Ok(())
	}

	/// Account for `taken` tokens leaving by force (a forced transfer, a redemption) an
	/// account that held `balance`, with `position`: its free tokens go first (those neither
	/// frozen nor locked, reserved ones included), then its frozen ones, then its locked ones,
	/// latest unlock first. The frozen amount shrinks by the frozen tokens taken only: a part
	/// set above what the account holds, meant for tokens it receives later, stays. The
	/// reservation shrinks to what is left free, so a sell order left without its tokens is
	/// cancelled when it is next met.
	///
	/// Tokens held for a settlement are out of reach: the caller has made sure `taken` leaves
	/// them (`TokensHeldForSettlement`), and they are counted out of `balance` here.
	///
	/// Returns the lots of the locked tokens taken: a lock-up belongs to the tokens, and a
	/// forced transfer carries it to the receiver.
	pub(crate) fn take_by_force(
		position: &mut PositionOf<T>,
		balance: T::Balance,
		taken: T::Balance,
	) -> Vec<Lot<T::Balance>> {
		let now = Self::now();
		position.lots.retain(|lot| lot.unlock_at > now);
		let held = Self::held_in(position);
		let balance = balance.saturating_sub(held);
		let locked = Self::locked_in(position, now).saturating_sub(held);
		// Of the frozen amount, what the account holds besides its locked tokens.
		let frozen_held = position.frozen_amount.min(balance.saturating_sub(locked));
		let free = balance.saturating_sub(locked).saturating_sub(frozen_held);
		let beyond_free = taken.saturating_sub(free);
		let frozen_taken = beyond_free.min(frozen_held);
		position.frozen_amount = position.frozen_amount.saturating_sub(frozen_taken);
		let mut locked_taken = beyond_free.saturating_sub(frozen_taken);

		let mut carried = Vec::new();
		position.lots.sort_by_key(|lot| core::cmp::Reverse(lot.unlock_at));
		for lot in position.lots.iter_mut().filter(|lot| !Self::is_hold(lot)) {
			let cut = locked_taken.min(lot.amount);
			if cut.is_zero() {
				break;
			}
			lot.amount = lot.amount.saturating_sub(cut);
			locked_taken = locked_taken.saturating_sub(cut);
			carried.push(Lot { amount: cut, unlock_at: lot.unlock_at });
		}
		position.lots.retain(|lot| !lot.amount.is_zero());
		position.lots.sort_by_key(|lot| lot.unlock_at);

		// Of what is left besides the held tokens, what is neither locked nor frozen.
		let left = balance.saturating_sub(taken);
		let locked_left = Self::locked_in(position, now).saturating_sub(held);
		let room = left.saturating_sub(locked_left.saturating_add(position.frozen_amount));
		position.reserved = position.reserved.min(room);
		carried
	}

	/// Move `lost`'s lots, frozen amount and frozen status onto `new` (recovery).
	pub(crate) fn move_locks(
		security: SecurityId,
		lost: &T::AccountId,
		new: &T::AccountId,
	) -> DispatchResult {
		// What stays with `lost`: the identity its tokens were counted under (cleared as it
		// empties) and its reservation (which `died` clears as it empties: the orders it
		// backed are cancelled when met).
		let mut left = Self::position(security, lost);
		let lots = core::mem::take(&mut left.lots);
		let frozen_amount = core::mem::take(&mut left.frozen_amount);
		let frozen = core::mem::take(&mut left.frozen);
		Self::store_position(security, lost, left);
		Self::add_lots(security, new, lots, WhenFull::MergeLater)?;
		Self::update_position(security, new, |position| {
			position.frozen_amount = position.frozen_amount.saturating_add(frozen_amount);
			position.frozen |= frozen;
		});
		Ok(())
	}

	/// Run `f` with the ledger's freezes lifted: forced operations move locked or frozen
	/// tokens, then re-account them with [`Self::take_by_force`].
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

/// What [`Pallet::add_lots`] does with a lot for which the account has no room.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum WhenFull {
	/// Refuse it: `TooManyLots` (an issuance: its administrator chooses the date).
	Refuse,
	/// Merge it into the nearest lot unlocking later, or, with none later, join two of the
	/// account's own lots to make room (`Pallet::merge_into_full`): locked tokens a forced
	/// transfer or a recovery moves (a court order or a lost key cannot wait for lots to
	/// unlock, and no lock may end earlier).
	MergeLater,
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
		// An emptied account keeps its frozen status and amount (an issuer's decision), not
		// its lots or reservation.
		Self::update_position(asset, who, |position| {
			position.lots = Default::default();
			position.reserved = Zero::zero();
		});
	}

	fn contains_freezes(asset: SecurityId) -> bool {
		Securities::<T>::contains_key(asset)
	}
}
