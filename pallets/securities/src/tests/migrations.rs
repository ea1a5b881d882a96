//! The storage migration of release 105: five per-account maps become one position each.

use super::*;
use crate::migrations::v2::{
	FrozenAccounts, FrozenAmounts, HolderIdentity, Lots, MigrateV1ToV2, Reserved,
};
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
use stledger_primitives::SecuritiesLedger;

/// Write every position back in version 1's layout, as release 104 stored it.
fn store_as_version_1() {
	for (security, who, position) in Positions::<Test>::drain() {
		if let Some(identity) = position.identity {
			HolderIdentity::<Test>::insert(security, who, identity);
		}
		if position.frozen {
			FrozenAccounts::<Test>::insert(security, who, ());
		}
		if position.frozen_amount != 0 {
			FrozenAmounts::<Test>::insert(security, who, position.frozen_amount);
		}
		if position.reserved != 0 {
			Reserved::<Test>::insert(security, who, position.reserved);
		}
		if !position.lots.is_empty() {
			Lots::<Test>::insert(security, who, position.lots);
		}
	}
	StorageVersion::new(1).put::<Ledger>();
}

#[test]
fn version_1_maps_become_positions_with_every_value_kept() {
	new_test_ext().execute_with(|| {
		create();
		// Every kind of value: holders with lots, a reservation, freezes of a holder and of
		// an account that holds nothing.
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE, 100, Some(START + 10 * DAY)));
		mint(BOB, 40);
		assert_ok!(<Ledger as SecuritiesLedger<u64, u128>>::reserve(SECURITY, &BOB, 15, 0));
		assert_ok!(Ledger::set_frozen_amount(signed(ISSUER), SECURITY, ALICE, 20, why()));
		assert_ok!(Ledger::freeze_account(signed(ISSUER), SECURITY, CAROL, why()));
		let positions: Vec<_> = Positions::<Test>::iter().collect();
		assert_eq!(positions.len(), 3);

		store_as_version_1();
		assert_eq!(Positions::<Test>::iter().count(), 0);
		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		for (security, who, position) in &positions {
			assert_eq!(&Positions::<Test>::get(security, who), position);
		}
		assert_eq!(Positions::<Test>::iter().count(), positions.len());
		assert_eq!(HolderIdentity::<Test>::iter().count(), 0);
		assert_eq!(Lots::<Test>::iter().count(), 0);
		assert_eq!(Reserved::<Test>::iter().count(), 0);
		assert_eq!(FrozenAccounts::<Test>::iter().count(), 0);
		assert_eq!(FrozenAmounts::<Test>::iter().count(), 0);
		assert_eq!(Ledger::on_chain_storage_version(), StorageVersion::new(2));
		// The ledger works on the migrated state: the locks and freezes still hold.
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, BOB, 1),
			Error::<Test>::TokensLocked
		);
		assert_eq!(recount(), Ledger::holder_counts(SECURITY));

		// Run again (the same release applied twice): the version check skips it.
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root);
	});
}
