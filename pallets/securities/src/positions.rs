//! Each account's position in a security — the identity its tokens are counted under, its
//! freezes, its order-book reservation and its lock-up lots — kept in one stored value
//! ([`Positions`]), so that a compliance check reads each party once.

use crate::{Config, Pallet, PositionOf, Positions};
use stledger_primitives::{IdentityId, SecurityId};

impl<T: Config> Pallet<T> {
	/// `who`'s position in `security` (the default when nothing is recorded).
	pub fn position(security: SecurityId, who: &T::AccountId) -> PositionOf<T> {
		Positions::<T>::get(security, who)
	}

	/// The identity `who`'s tokens of `security` are counted under, while it holds any.
	pub fn holder_identity(security: SecurityId, who: &T::AccountId) -> Option<IdentityId> {
		Self::position(security, who).identity
	}

	/// Whether the whole of `who`'s `security` account is frozen.
	pub fn is_frozen(security: SecurityId, who: &T::AccountId) -> bool {
		Self::position(security, who).frozen
	}

	/// Change `who`'s position with `f`; an emptied position is removed, not stored.
	pub(crate) fn update_position<R>(
		security: SecurityId,
		who: &T::AccountId,
		f: impl FnOnce(&mut PositionOf<T>) -> R,
	) -> R {
		Positions::<T>::mutate_exists(security, who, |stored| {
			let mut position = stored.take().unwrap_or_default();
			let result = f(&mut position);
			*stored = (!position.is_empty()).then_some(position);
			result
		})
	}

	/// Store `position` as `who`'s (removing it when empty).
	pub(crate) fn store_position(
		security: SecurityId,
		who: &T::AccountId,
		position: PositionOf<T>,
	) {
		if position.is_empty() {
			Positions::<T>::remove(security, who);
		} else {
			Positions::<T>::insert(security, who, position);
		}
	}
}
