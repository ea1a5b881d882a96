//! Storage migrations of the offerings pallet, each behind its storage version
//! (`frame_support::migrations::VersionedMigration`): the runtime lists them in its
//! `Migrations` (docs/upgrading.md).

use crate::{
	Config, Offerings, Pallet, Subscriptions, UnsettledSubscribers, UnsettledSubscriptions,
};

#[cfg(feature = "try-runtime")]
use crate::OfferingStatus;
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

/// Version 2 to 3 (release 131): the subscriptions not yet settled are counted by security
/// and identity ([`UnsettledSubscribers`]), so that `pallet-securities` keeps a subscriber's
/// holding of the security from ending until they are.
pub mod v3 {
	use super::*;

	/// Count every indexed unsettled subscription ([`UnsettledSubscriptions`]) under its
	/// offering's security and the identity it was made for. Reads four keys for each (the
	/// index, the subscription, its offering, the count) and writes the count, in the
	/// upgrade's block;
	/// only unsettled subscriptions are read (settled ones left the index). The `try-runtime`
	/// checks (run on a snapshot before the upgrade, docs/upgrading.md) fail where that would
	/// not fit in half a block, and compare the counts with the subscriptions themselves.
	pub struct CountUnsettledSubscribers<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for CountUnsettledSubscribers<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut read, mut written) = (0u64, 0u64);
			for (account, offering) in UnsettledSubscriptions::<T>::iter_keys() {
				read += 3;
				let subscription = Subscriptions::<T>::get(offering, &account);
				let security = Offerings::<T>::get(offering).map(|offering| offering.security);
				let (Some(subscription), Some(security)) = (subscription, security) else {
					// Defensive: an index entry with nothing behind it binds nobody.
					continue;
				};
				// Defensive: a settled subscription binds nobody (release 129's checks found
				// none indexed).
				if subscription.outcome.is_some() {
					continue;
				}
				read += 1;
				UnsettledSubscribers::<T>::mutate(security, subscription.identity, |count| {
					*count = Some(count.unwrap_or_default().saturating_add(1))
				});
				written += 1;
			}
			T::DbWeight::get().reads_writes(read, written)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			use frame_support::traits::Get;
			ensure!(
				UnsettledSubscribers::<T>::iter_keys().next().is_none(),
				"unsettled subscribers counted before the release that counts them"
			);
			// From the subscriptions themselves, not the index the migration reads.
			let mut expected = alloc::collections::BTreeMap::new();
			let mut unsettled = 0u64;
			for (id, _, subscription) in Subscriptions::<T>::iter() {
				if subscription.outcome.is_some() {
					continue;
				}
				unsettled += 1;
				let offering = Offerings::<T>::get(id).ok_or("a subscription to no offering")?;
				*expected.entry((offering.security, subscription.identity)).or_insert(0u32) += 1;
			}
			let cost = T::DbWeight::get().reads_writes(4 * unsettled, unsettled);
			let room = <T as frame_system::Config>::BlockWeights::get().max_block / 2;
			ensure!(cost.all_lte(room), "too many unsettled subscriptions to count in one block");
			Ok(expected.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let expected = alloc::collections::BTreeMap::<
				(stledger_primitives::SecurityId, stledger_primitives::IdentityId),
				u32,
			>::decode(&mut &state[..])
			.map_err(|_| "undecodable state")?;
			let counted: alloc::collections::BTreeMap<_, _> = UnsettledSubscribers::<T>::iter()
				.map(|(security, identity, count)| ((security, identity), count))
				.collect();
			ensure!(counted == expected, "unsettled subscribers miscounted");
			Ok(())
		}
	}

	/// [`CountUnsettledSubscribers`] behind the storage version check: runs on a chain at
	/// version 2.
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		CountUnsettledSubscribers<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
