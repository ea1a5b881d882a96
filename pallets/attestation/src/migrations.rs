//! Storage migrations of the attestation pallet, each behind its storage version
//! (`frame_support::migrations::VersionedMigration`): the runtime lists them in its
//! `Migrations` (docs/upgrading.md).

use crate::{Attestors, Config, Licences, Pallet};
use core::marker::PhantomData;
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	weights::Weight,
};

#[cfg(feature = "try-runtime")]
use alloc::vec::Vec;

/// Version 1 to 2: the licence table ([`Licences`]) is built from the registered attestors
/// and the exchanges' licences, which stay where they were.
pub mod v2 {
	use super::*;

	/// Build [`Licences`] from [`Attestors`] and the active exchanges' licences. Reads each
	/// registered attestor twice (counting them, then copying them) and each active exchange
	/// (two keys: the active list and its record) once, and writes one value, in the
	/// upgrade's block: a few dozen keys on any chain, since the table's bounds are the
	/// consortium's (`MaxExchanges`, `MaxRegisteredAttestors`).
	///
	/// Registered attestors had no bound before this version. A chain with more than the
	/// new bound is refused by the upgrade's checks (`pre_upgrade`); if it is upgraded
	/// anyway, the table still gets every exchange and then as many attestors as fit,
	/// active ones first (an empty table would make every investor ineligible), and the
	/// error is logged: the consortium removes the surplus attestors and registers again
	/// the ones left out.
	pub struct BuildLicenceTable<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for BuildLicenceTable<T> {
		fn on_runtime_upgrade() -> Weight {
			let attestors = Attestors::<T>::iter_keys().count() as u64;
			let table = match Pallet::<T>::licences_from_registries() {
				Ok(table) => table,
				Err(_) => {
					log::error!(
						target: "runtime::attestation",
						"{attestors} registered attestors do not fit the licence table: \
						 the table holds the exchanges and the attestors that fit"
					);
					Pallet::<T>::licences_that_fit()
				},
			};
			let exchanges = table.exchanges.len() as u64;
			Licences::<T>::put(table);
			T::DbWeight::get().reads_writes(3 * attestors + 2 * exchanges + 1, 1)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			ensure!(
				Pallet::<T>::licences_from_registries().is_ok(),
				"the registered attestors or the exchanges' licences do not fit the licence table"
			);
			Ok(Vec::new())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let expected = Pallet::<T>::licences_from_registries()
				.map_err(|_| "the registries do not fit the licence table")?;
			ensure!(
				Licences::<T>::get() == expected,
				"the licence table differs from the registries"
			);
			Ok(())
		}
	}

	/// [`BuildLicenceTable`] behind the storage version check: runs on a chain at version 1.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		BuildLicenceTable<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 2 to 3: each pending link names the attestor that proposed it
/// ([`crate::PendingLink`]), so that a link proposed by an onboarding attestor the
/// consortium has since replaced is not completed.
pub mod v3 {
	use super::*;
	use crate::{Identities, PendingLink, PendingLinks};
	use sp_runtime::traits::Zero;

	/// Rewrite every [`PendingLinks`] entry (`bool`, whether approved) as a [`PendingLink`]
	/// proposed by the identity's onboarding attestor: until this version only that
	/// attestor proposed links, and none has been replaced. Reads each entry and its
	/// identity and writes the entry, in the upgrade's block: pending links are the few
	/// proposed and not yet accepted (an entry of an identity that no longer exists, which
	/// no call makes, is dropped).
	pub struct NameLinkProposers<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for NameLinkProposers<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut entries = 0u64;
			PendingLinks::<T>::translate::<bool, _>(|_account, identity, approved| {
				entries += 1;
				// No identity had an appointed onboarding attestor before this version, so
				// the block a link was proposed in does not matter yet.
				Identities::<T>::get(identity).map(|info| PendingLink {
					proposer: info.created_by,
					approved,
					proposed_at: Zero::zero(),
				})
			});
			T::DbWeight::get().reads_writes(2 * entries, entries)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			use frame_support::traits::Get;
			let entries = PendingLinks::<T>::iter_keys().count() as u64;
			// Every entry in the upgrade's block: refuse a chain where that would not fit in
			// half a block (any attestor may propose links, and nothing expires them).
			let cost = T::DbWeight::get().reads_writes(2 * entries, entries);
			let room = <T as frame_system::Config>::BlockWeights::get().max_block / 2;
			ensure!(cost.all_lte(room), "too many pending links to migrate in one block");
			Ok(entries.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let before = u64::decode(&mut &state[..]).map_err(|_| "undecodable state")?;
			let mut after = 0u64;
			for (_, identity, pending) in PendingLinks::<T>::iter() {
				after += 1;
				let creator = Identities::<T>::get(identity).map(|info| info.created_by);
				ensure!(
					creator.as_ref() == Some(&pending.proposer),
					"a pending link is not named after its identity's onboarding attestor"
				);
			}
			ensure!(after == before, "pending links were lost");
			Ok(())
		}
	}

	/// [`NameLinkProposers`] behind the storage version check: runs on a chain at version 2.
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		NameLinkProposers<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
