//! The storage migration of release 103: markets gain order limits, nothing else changes.

use super::*;
use crate::migrations::v2::{MarketV1, MigrateV1ToV2};
use codec::Encode;
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

#[test]
fn version_1_markets_gain_empty_limits_and_keep_every_other_field() {
	new_test_ext().execute_with(|| {
		let now = Markets::<Test>::get(MARKET).unwrap();
		// The market as release 102 stored it, and the version that layout had.
		let v1 = MarketV1::<Balance, <Test as Config>::MaxVenues> {
			security: now.security,
			cash: now.cash,
			params: now.params,
			status: MarketStatus::Halted,
			venues: now.venues.clone(),
			administrator: now.administrator,
		};
		frame_support::storage::unhashed::put_raw(
			&Markets::<Test>::hashed_key_for(MARKET),
			&v1.encode(),
		);
		StorageVersion::new(1).put::<Orderbook>();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		let migrated = Markets::<Test>::get(MARKET).unwrap();
		assert_eq!(
			migrated.encode(),
			Market { status: MarketStatus::Halted, ..now.clone() }.encode()
		);
		assert_eq!(migrated.limits, OrderLimits::default());
		assert_eq!(Orderbook::on_chain_storage_version(), StorageVersion::new(2));
		// Run again (the same release applied twice): the version check skips it.
		let before =
			frame_support::storage::unhashed::get_raw(&Markets::<Test>::hashed_key_for(MARKET));
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(
			frame_support::storage::unhashed::get_raw(&Markets::<Test>::hashed_key_for(MARKET)),
			before
		);
	});
}
