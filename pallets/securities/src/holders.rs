//! Holder accounting: holdings per identity and holder counts, kept as balances move, O(1)
//! per movement. A full scan of balances always gives the same counts (the tests check).

use crate::{class_index, Config, HolderIdentity, Holders, Holding, IdentityHoldings, Pallet};
use frame_support::traits::fungibles::Inspect;
use sp_runtime::traits::{Saturating, Zero};
use stledger_primitives::{IdentityId, InvestorClass, SecurityId};

impl<T: Config> Pallet<T> {
	/// Account for `amount` leaving `from`, whose balance has already been debited.
	pub(crate) fn account_outflow(security: SecurityId, from: &T::AccountId, amount: T::Balance) {
		let Some(identity) = HolderIdentity::<T>::get(security, from) else { return };
		Self::reduce_holding(security, identity, amount);
		if T::Assets::balance(security, from).is_zero() {
			HolderIdentity::<T>::remove(security, from);
		}
	}

	/// Account for `amount` arriving at `to`, of `identity` (counted in `class` if it becomes
	/// a holder), whose balance has already been credited.
	pub(crate) fn account_inflow(
		security: SecurityId,
		to: &T::AccountId,
		identity: IdentityId,
		class: InvestorClass,
		amount: T::Balance,
	) {
		// An account relinked to another identity while holding moves its holding along.
		match HolderIdentity::<T>::get(security, to) {
			// The common case, an account topping up: no write for what has not changed.
			Some(previous) if previous == identity => {},
			Some(previous) => {
				let held = T::Assets::balance(security, to).saturating_sub(amount);
				Self::reduce_holding(security, previous, held);
				Self::increase_holding(security, identity, class, held);
				HolderIdentity::<T>::insert(security, to, identity);
			},
			None => HolderIdentity::<T>::insert(security, to, identity),
		}
		Self::increase_holding(security, identity, class, amount);
	}

	fn increase_holding(
		security: SecurityId,
		identity: IdentityId,
		class: InvestorClass,
		amount: T::Balance,
	) {
		if amount.is_zero() {
			return;
		}
		IdentityHoldings::<T>::mutate(security, identity, |holding| match holding {
			Some(holding) => holding.amount = holding.amount.saturating_add(amount),
			None => {
				*holding = Some(Holding { amount, class });
				Holders::<T>::mutate(security, |counts| {
					counts.total.saturating_inc();
					counts.per_class[class_index(class)].saturating_inc();
				});
			},
		});
	}

	fn reduce_holding(security: SecurityId, identity: IdentityId, amount: T::Balance) {
		IdentityHoldings::<T>::mutate_exists(security, identity, |maybe| {
			let Some(holding) = maybe else { return };
			holding.amount = holding.amount.saturating_sub(amount);
			if holding.amount.is_zero() {
				let class = holding.class;
				*maybe = None;
				Holders::<T>::mutate(security, |counts| {
					counts.total.saturating_dec();
					counts.per_class[class_index(class)].saturating_dec();
				});
			}
		});
	}
}
