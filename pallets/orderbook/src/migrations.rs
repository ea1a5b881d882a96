//! Storage migrations of the order book pallet, each behind its storage version
//! (`frame_support::migrations::VersionedMigration`): the runtime lists them in its
//! `Migrations` (docs/upgrading.md).

use crate::{Config, Market, MarketParams, MarketStatus, Markets, Pallet};
use codec::{Decode, Encode};
use core::marker::PhantomData;
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	weights::Weight,
};
use stledger_primitives::{ExchangeId, SecurityId};

#[cfg(feature = "try-runtime")]
use alloc::vec::Vec;

/// Version 1 to 2: every market gains its order limits and price controls (none set), a
/// phase (continuous trading) and its reference and last prices (none yet).
pub mod v2 {
	use super::*;

	/// A market as version 1 stored it.
	#[derive(Encode, Decode)]
	pub struct MarketV1<Balance, MaxVenues: Get<u32>> {
		/// The security traded.
		pub security: SecurityId,
		/// The cash asset.
		pub cash: crate::CashAssetId,
		/// Tick, lot, minimum order and fees.
		pub params: MarketParams<Balance>,
		/// Its status.
		pub status: MarketStatus,
		/// The venues listing it.
		pub venues: BoundedVec<ExchangeId, MaxVenues>,
		/// Its administrator venue.
		pub administrator: Option<ExchangeId>,
	}

	/// Rewrite every market with no limits or controls, trading continuously. One read and one write per market, in the
	/// upgrade's block: markets are few (one per security and cash asset listed).
	pub struct AddOrderLimits<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for AddOrderLimits<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut markets = 0u64;
			Markets::<T>::translate::<MarketV1<T::Balance, T::MaxVenues>, _>(|_, old| {
				markets += 1;
				Some(Market {
					security: old.security,
					cash: old.cash,
					params: old.params,
					status: old.status,
					venues: old.venues,
					administrator: old.administrator,
					limits: Default::default(),
					controls: Default::default(),
					phase: crate::Phase::Continuous,
					reference_price: None,
					last_price: None,
				})
			});
			T::DbWeight::get().reads_writes(markets, markets)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			// Every market as version 1 stored it, to compare field by field afterwards.
			let old: Vec<(crate::MarketId, Vec<u8>)> = Markets::<T>::iter_keys()
				.filter_map(|id| raw_market::<T>(id).map(|raw| (id, raw)))
				.collect();
			Ok(old.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let old = Vec::<(crate::MarketId, Vec<u8>)>::decode(&mut &state[..])
				.map_err(|_| "pre_upgrade state undecodable")?;
			ensure!(Markets::<T>::iter_keys().count() == old.len(), "markets added or lost");
			for (id, raw) in old {
				let before = MarketV1::<T::Balance, T::MaxVenues>::decode(&mut &raw[..])
					.map_err(|_| "a version 1 market undecodable")?;
				let after = Markets::<T>::get(id).ok_or("a market lost")?;
				ensure!(
					after.security == before.security
						&& after.cash == before.cash
						&& after.params == before.params
						&& after.status == before.status
						&& after.venues == before.venues
						&& after.administrator == before.administrator
						&& after.limits == Default::default()
						&& after.controls == Default::default()
						&& after.phase == crate::Phase::Continuous
						&& after.reference_price.is_none()
						&& after.last_price.is_none(),
					"a market changed beyond its new limits"
				);
			}
			Ok(())
		}
	}

	/// The stored bytes of market `id`.
	#[cfg(feature = "try-runtime")]
	fn raw_market<T: Config>(id: crate::MarketId) -> Option<Vec<u8>> {
		frame_support::storage::unhashed::get_raw(&Markets::<T>::hashed_key_for(id))
	}

	/// [`AddOrderLimits`] behind the storage version check: runs on a chain at version 1.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		AddOrderLimits<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
