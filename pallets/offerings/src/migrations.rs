//! Storage migrations of the offerings pallet, each behind its storage version
//! (`frame_support::migrations::VersionedMigration`): the runtime lists them in its
//! `Migrations` (docs/upgrading.md).

use crate::{Config, Pallet, Subscriptions, UnsettledSubscriptions};

#[cfg(feature = "try-runtime")]
use crate::{OfferingStatus, Offerings};
use core::marker::PhantomData;
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	weights::Weight,
};

#[cfg(feature = "try-runtime")]
use alloc::vec::Vec;

/// Version 1 to 2 (release 129): the subscriptions not yet settled are indexed by account
/// ([`UnsettledSubscriptions`]), so that `pallet-attestation` keeps their subscribers linked
/// to their identities, with their attestors, until they are.
pub mod v2 {
	use super::*;

	/// Index every subscription whose outcome is not yet recorded. Reads each subscription
	/// and writes one key for each unsettled one, in the upgrade's block: subscriptions stay
	/// after settlement, so the reads grow with every offering ever held. The `try-runtime`
	/// checks (run on a snapshot of the chain before the upgrade, docs/upgrading.md) fail
	/// where they would not fit in half a block, or where an unsettled subscription's
	/// offering has settled past it (nothing would clear its listing); the chain itself
	/// checks neither.
	pub struct IndexUnsettledSubscriptions<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for IndexUnsettledSubscriptions<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut read, mut written) = (0u64, 0u64);
			for (offering, account, subscription) in Subscriptions::<T>::iter() {
				read += 1;
				if subscription.outcome.is_none() {
					UnsettledSubscriptions::<T>::insert(&account, offering, ());
					written += 1;
				}
			}
			T::DbWeight::get().reads_writes(read, written)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			use frame_support::traits::Get;
			ensure!(
				UnsettledSubscriptions::<T>::iter_keys().next().is_none(),
				"unsettled subscriptions indexed before the release that indexes them"
			);
			let read = Subscriptions::<T>::iter_keys().count() as u64;
			let mut unsettled = 0u64;
			for (id, _, subscription) in Subscriptions::<T>::iter() {
				if subscription.outcome.is_some() {
					continue;
				}
				unsettled += 1;
				// Settlement will reach it, and so clear its listing: a decided offering's
				// second pass has not passed it yet (helper-83: a listing nothing clears would
				// keep its account linked for good).
				let offering = Offerings::<T>::get(id).ok_or("a subscription to no offering")?;
				let decided =
					matches!(offering.status, OfferingStatus::Succeeded | OfferingStatus::Failed);
				ensure!(
					!decided || subscription.index >= offering.settled,
					"an unsettled subscription its offering's settlement has passed"
				);
			}
			let cost = T::DbWeight::get().reads_writes(read, unsettled);
			let room = <T as frame_system::Config>::BlockWeights::get().max_block / 2;
			ensure!(cost.all_lte(room), "too many subscriptions to index in one block");
			Ok(unsettled.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let before = u64::decode(&mut &state[..]).map_err(|_| "undecodable state")?;
			let mut indexed = 0u64;
			for (account, offering) in UnsettledSubscriptions::<T>::iter_keys() {
				indexed += 1;
				let subscription = Subscriptions::<T>::get(offering, &account)
					.ok_or("an indexed subscription that does not exist")?;
				ensure!(subscription.outcome.is_none(), "a settled subscription indexed");
			}
			ensure!(indexed == before, "unsettled subscriptions were not all indexed");
			Ok(())
		}
	}

	/// [`IndexUnsettledSubscriptions`] behind the storage version check: runs on a chain at
	/// version 1.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		IndexUnsettledSubscriptions<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
