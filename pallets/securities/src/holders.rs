//! Holder accounting: holdings per identity and holder counts, kept as balances move, O(1)
//! per movement. A full scan of balances always gives the same counts (the tests check).

use crate::{class_index, Config, Holders, Holding, IdentityHoldings, Pallet};
use frame_support::traits::fungibles::Inspect;
use sp_runtime::traits::{Saturating, Zero};
use stledger_primitives::{IdentityId, InvestorClass, SecurityId};

impl<T: Config> Pallet<T> {
	/// Account for `amount` leaving `from`, whose balance has already been debited. Returns
	/// whether `from` stopped being a holder or its identity's holding ended.
	pub(crate) fn account_outflow(
		security: SecurityId,
		from: &T::AccountId,
		amount: T::Balance,
	) -> bool {
		Self::account_outflow_counted(security, from, Self::holder_identity(security, from), amount)
	}

	/// [`Self::account_outflow`] of an account whose tokens are counted under `counted_as`
	/// (its position's identity, already read in this call).
	pub(crate) fn account_outflow_counted(
		security: SecurityId,
		from: &T::AccountId,
		counted_as: Option<IdentityId>,
		amount: T::Balance,
	) -> bool {
		let Some(identity) = counted_as else { return false };
		let holding_ended = Self::reduce_holding(security, identity, amount);
		let left = T::Assets::balance(security, from).is_zero();
		if left {
			Self::update_position(security, from, |position| position.identity = None);
		}
		left || holding_ended
	}

	/// Account for `amount` arriving at `to`, of `identity` (counted in `class` if it becomes
	/// a holder), whose balance has already been credited. Returns whether `to` became a
	/// holder, its holding moved to another identity, or its identity's holding began.
	pub(crate) fn account_inflow(
		security: SecurityId,
		to: &T::AccountId,
		identity: IdentityId,
		class: InvestorClass,
		amount: T::Balance,
	) -> bool {
		let counted_as = Self::holder_identity(security, to);
		Self::account_inflow_counted(security, to, counted_as, identity, class, amount)
	}

	/// [`Self::account_inflow`] to an account whose tokens were counted under `counted_as`
	/// (its position's identity, already read in this call).
	pub(crate) fn account_inflow_counted(
		security: SecurityId,
		to: &T::AccountId,
		counted_as: Option<IdentityId>,
		identity: IdentityId,
		class: InvestorClass,
		amount: T::Balance,
	) -> bool {
		// An account relinked to another identity while holding moves its holding along.
		let changed = match counted_as {
			// The common case, an account topping up: no write for what has not changed.
			Some(previous) if previous == identity => false,
			Some(previous) => {
				Self::recount_account(security, to, previous, identity, class, amount);
				true
			},
			None => {
				Self::update_position(security, to, |position| position.identity = Some(identity));
				true
			},
		};
		let holding_began = Self::increase_holding(security, identity, class, amount);
		changed || holding_began
	}

	/// `to`'s tokens, counted under `previous`, count under `identity` from now on (an account
	/// relinked while holding): all it holds but the `arriving` tokens leave the holding of
	/// `previous` for that of `identity` (counted in `class` if it begins), and its tokens
	/// held for settlements go along (an account with an unsettled subscription cannot leave
	/// its identity, so none do on the chain; the counts follow the positions whatever the
	/// caller).
	pub(crate) fn recount_account(
		security: SecurityId,
		to: &T::AccountId,
		previous: IdentityId,
		identity: IdentityId,
		class: InvestorClass,
		arriving: T::Balance,
	) {
		let held = T::Assets::balance(security, to).saturating_sub(arriving);
		Self::move_holding(security, previous, identity, class, held);
		let for_settlement = Self::update_position(security, to, |position| {
			position.identity = Some(identity);
			Self::held_in(position)
		});
		if !for_settlement.is_zero() {
			Self::move_held(security, previous, identity, for_settlement);
		}
	}

	/// Move `amount` of the holding of `previous` to `identity` (counted in `class` if its
	/// holding begins): an account relinked from one to the other brings what it holds.
	fn move_holding(
		security: SecurityId,
		previous: IdentityId,
		identity: IdentityId,
		class: InvestorClass,
		amount: T::Balance,
	) {
		Self::reduce_holding(security, previous, amount);
		Self::increase_holding(security, identity, class, amount);
	}

	/// Returns whether the identity's holding began (a new holder counted).
	fn increase_holding(
		security: SecurityId,
		identity: IdentityId,
		class: InvestorClass,
		amount: T::Balance,
	) -> bool {
		if amount.is_zero() {
			return false;
		}
		IdentityHoldings::<T>::mutate(security, identity, |holding| match holding {
			Some(holding) => {
				holding.amount = holding.amount.saturating_add(amount);
				false
			},
			None => {
				*holding = Some(Holding { amount, class });
				Holders::<T>::mutate(security, |counts| {
					counts.total.saturating_inc();
					counts.per_class[class_index(class)].saturating_inc();
				});
				true
			},
		})
	}

	/// Returns whether the identity's holding ended (a holder no longer counted).
	fn reduce_holding(security: SecurityId, identity: IdentityId, amount: T::Balance) -> bool {
		IdentityHoldings::<T>::mutate_exists(security, identity, |maybe| {
			let Some(holding) = maybe else { return false };
			holding.amount = holding.amount.saturating_sub(amount);
			if !holding.amount.is_zero() {
				return false;
			}
			let class = holding.class;
			*maybe = None;
			Holders::<T>::mutate(security, |counts| {
				counts.total.saturating_dec();
				counts.per_class[class_index(class)].saturating_dec();
			});
			true
		})
	}
}
