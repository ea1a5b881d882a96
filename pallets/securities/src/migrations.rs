//! Storage migrations of the securities pallet, each behind its storage version
//! (`frame_support::migrations::VersionedMigration`): the runtime lists them in its
//! `Migrations` (docs/upgrading.md).

use crate::{Config, Lot, Pallet};
use core::marker::PhantomData;
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, storage_alias,
	traits::UncheckedOnRuntimeUpgrade, weights::Weight,
};
use stledger_primitives::{IdentityId, SecurityId};

#[cfg(feature = "try-runtime")]
use alloc::vec::Vec;

/// Version 1 to 2: an account's holder identity, freezes, reservation and lock-up lots,
/// five maps in version 1, become one [`Positions`](crate::Positions) value per security and account (a
/// compliance check reads each party once).
pub mod v2 {
	use super::*;

	type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
	type BalanceOf<T> = <T as Config>::Balance;

	/// Version 1's lock-up lots per security and account.
	#[storage_alias]
	pub(crate) type Lots<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		AccountIdOf<T>,
		BoundedVec<Lot<BalanceOf<T>>, <T as Config>::MaxLots>,
	>;

	/// Version 1's accounts frozen whole.
	#[storage_alias]
	pub(crate) type FrozenAccounts<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		AccountIdOf<T>,
		(),
	>;

	/// Version 1's frozen amounts.
	#[storage_alias]
	pub(crate) type FrozenAmounts<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		AccountIdOf<T>,
		BalanceOf<T>,
	>;

	/// Version 1's holder identities.
	#[storage_alias]
	pub(crate) type HolderIdentity<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		AccountIdOf<T>,
		IdentityId,
	>;

	/// Version 1's order-book reservations.
	#[storage_alias]
	pub(crate) type Reserved<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		AccountIdOf<T>,
		BalanceOf<T>,
	>;

	/// Move every entry of the five maps into its account's position. Each entry costs a
	/// read and a removal of the old key and a read and a write of the position, in the
	/// upgrade's block: one entry per holder and per frozen, reserving or locked account
	/// (a few per investor, a few thousand on a young chain; docs/upgrading.md says how to
	/// check a chain's size before upgrading it).
	pub struct MergePositions<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for MergePositions<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut entries = 0u64;
			let mut update =
				|security, who: &AccountIdOf<T>, f: &dyn Fn(&mut crate::PositionOf<T>)| {
					entries += 1;
					Pallet::<T>::update_position(security, who, f);
				};
			for (security, who, lots) in Lots::<T>::drain() {
				update(security, &who, &|position| position.lots = lots.clone());
			}
			for (security, who, ()) in FrozenAccounts::<T>::drain() {
				update(security, &who, &|position| position.frozen = true);
			}
			for (security, who, amount) in FrozenAmounts::<T>::drain() {
				update(security, &who, &|position| position.frozen_amount = amount);
			}
			for (security, who, identity) in HolderIdentity::<T>::drain() {
				update(security, &who, &|position| position.identity = Some(identity));
			}
			for (security, who, amount) in Reserved::<T>::drain() {
				update(security, &who, &|position| position.reserved = amount);
			}
			T::DbWeight::get().reads_writes(2 * entries, 2 * entries)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let old: Old<T> = (
				Lots::<T>::iter().collect(),
				FrozenAccounts::<T>::iter().map(|(security, who, ())| (security, who)).collect(),
				FrozenAmounts::<T>::iter().collect(),
				HolderIdentity::<T>::iter().collect(),
				Reserved::<T>::iter().collect(),
			);
			Ok(old.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (lots, frozen, frozen_amounts, identities, reserved) =
				Old::<T>::decode(&mut &state[..]).map_err(|_| "pre_upgrade state undecodable")?;
			ensure!(
				Lots::<T>::iter_keys().next().is_none()
					&& FrozenAccounts::<T>::iter_keys().next().is_none()
					&& FrozenAmounts::<T>::iter_keys().next().is_none()
					&& HolderIdentity::<T>::iter_keys().next().is_none()
					&& Reserved::<T>::iter_keys().next().is_none(),
				"a version 1 key left behind"
			);
			// Every old value is in its position, and a position holds nothing else.
			let mut expected = alloc::collections::BTreeMap::<_, crate::PositionOf<T>>::new();
			for (security, who, lots) in lots {
				expected.entry((security, who)).or_default().lots = lots;
			}
			for (security, who) in frozen {
				expected.entry((security, who)).or_default().frozen = true;
			}
			for (security, who, amount) in frozen_amounts {
				expected.entry((security, who)).or_default().frozen_amount = amount;
			}
			for (security, who, identity) in identities {
				expected.entry((security, who)).or_default().identity = Some(identity);
			}
			for (security, who, amount) in reserved {
				expected.entry((security, who)).or_default().reserved = amount;
			}
			expected.retain(|_, position| !position.is_empty());
			ensure!(
				crate::Positions::<T>::iter().count() == expected.len(),
				"positions added or lost"
			);
			for ((security, who), position) in expected {
				ensure!(
					crate::Positions::<T>::get(security, &who) == position,
					"a position differs from the version 1 values"
				);
			}
			Ok(())
		}
	}

	/// Version 1's five maps, in [`MergePositions::pre_upgrade`]'s state.
	#[cfg(feature = "try-runtime")]
	type Old<T> = (
		Vec<(SecurityId, AccountIdOf<T>, BoundedVec<Lot<BalanceOf<T>>, <T as Config>::MaxLots>)>,
		Vec<(SecurityId, AccountIdOf<T>)>,
		Vec<(SecurityId, AccountIdOf<T>, BalanceOf<T>)>,
		Vec<(SecurityId, AccountIdOf<T>, IdentityId)>,
		Vec<(SecurityId, AccountIdOf<T>, BalanceOf<T>)>,
	);

	/// [`MergePositions`] behind the storage version check: runs on a chain at version 1.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		MergePositions<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
