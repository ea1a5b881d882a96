//! The storage migrations of release 105 (five per-account maps become one position each),
//! release 107 (each security's rules move into its record), release 130 (each security's
//! tokens held for settlements counted) and release 132 (each identity's counted too).

use super::*;
use crate::migrations::v2::{
	FrozenAccounts, FrozenAmounts, HolderIdentity, Lots, MigrateV1ToV2, Reserved,
};
use frame_support::traits::{
	GetStorageVersion, OnRuntimeUpgrade, StorageVersion, UncheckedOnRuntimeUpgrade,
};
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

/// Write every security back in version 2's layout, as release 106 stored it: the record
/// without its rules, and the rules in a map of their own.
fn store_as_version_2() {
	use crate::migrations::v3::{OldSecurity, SecurityRules};
	use codec::Encode;
	for (security, info) in Securities::<Test>::iter().collect::<Vec<_>>() {
		let old = OldSecurity {
			issuer: info.issuer,
			creator: info.creator,
			name: info.name,
			symbol: info.symbol,
			isin: info.isin,
			decimals: info.decimals,
			status: info.status,
		};
		let key = Securities::<Test>::hashed_key_for(security);
		frame_support::storage::unhashed::put_raw(&key, &old.encode());
		SecurityRules::<Test>::insert(security, info.rules);
	}
	StorageVersion::new(2).put::<Ledger>();
}

#[test]
fn version_2_rules_move_into_their_security_and_still_apply() {
	use crate::migrations::v3::{MigrateV2ToV3, SecurityRules};
	new_test_ext().execute_with(|| {
		create();
		set_rules(|r| r.allowed_jurisdictions = codes(&["US"]));
		mint(ALICE, 50);
		assert_ok!(Ledger::pause(signed(ISSUER), SECURITY, why()));
		let records: Vec<_> = Securities::<Test>::iter().collect();
		assert_eq!(records.len(), 1);

		store_as_version_2();
		assert_eq!(SecurityRules::<Test>::iter().count(), 1);
		// With try-runtime, its own checks too: each record is its old bytes, then its rules.
		#[cfg(feature = "try-runtime")]
		let state = <MigrateV2ToV3<Test> as OnRuntimeUpgrade>::pre_upgrade().unwrap();
		MigrateV2ToV3::<Test>::on_runtime_upgrade();
		#[cfg(feature = "try-runtime")]
		<MigrateV2ToV3<Test> as OnRuntimeUpgrade>::post_upgrade(state).unwrap();

		assert_eq!(Securities::<Test>::iter().collect::<Vec<_>>(), records);
		assert_eq!(SecurityRules::<Test>::iter().count(), 0);
		assert_eq!(Ledger::on_chain_storage_version(), StorageVersion::new(3));
		// The status and the rules still apply: paused, then only US investors.
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, CAROL, 1),
			Error::<Test>::SecurityPaused
		);
		assert_ok!(Ledger::unpause(signed(ISSUER), SECURITY, why()));
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, BOB, 1),
			Error::<Test>::JurisdictionNotAllowed
		);
		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, CAROL, 1));

		// Run again (the same release applied twice): the version check skips it; and the
		// fold itself, run past the check by mistake, leaves version 3 records as they are.
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root);
		<crate::migrations::v3::FoldRulesIntoSecurities<Test> as UncheckedOnRuntimeUpgrade>::on_runtime_upgrade();
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root);
	});
}

#[test]
fn a_version_3_record_is_the_version_2_fields_in_order_then_the_rules() {
	use crate::migrations::v3::OldSecurity;
	use codec::Encode;
	new_test_ext().execute_with(|| {
		create();
		set_rules(|r| r.allowed_jurisdictions = codes(&["US", "DE"]));
		let info = Securities::<Test>::get(SECURITY).unwrap();
		// Release 106's record, field by field as it declared them (types.rs before 107).
		let version_2 = (
			info.issuer,
			info.creator,
			info.name.clone(),
			info.symbol.clone(),
			info.isin,
			info.decimals,
			info.status,
		)
			.encode();
		let old = OldSecurity {
			issuer: info.issuer,
			creator: info.creator,
			name: info.name.clone(),
			symbol: info.symbol.clone(),
			isin: info.isin,
			decimals: info.decimals,
			status: info.status,
		};
		assert_eq!(old.encode(), version_2);
		assert_eq!(info.encode(), [version_2, info.rules.encode()].concat());
	});
}

/// The settlements holding tokens in [`version_4_counts_live_holds_and_redates_stale_ones`].
struct Live;

impl frame_support::traits::Contains<(u32, u64, u32)> for Live {
	fn contains(lot: &(u32, u64, u32)) -> bool {
		[(SECURITY, ALICE, 7), (SECURITY, BOB, 7), (SECURITY, BOB, 8)].contains(lot)
	}
}

#[test]
fn version_4_counts_live_holds_and_redates_stale_ones() {
	use crate::migrations::v4::MigrateV3ToV4;
	use stledger_primitives::{settlement_hold_date, SETTLEMENT_HOLD_FLOOR};
	new_test_ext().execute_with(|| {
		create();
		let ledger = |to: u64, amount: u128, hold: u32| {
			assert_ok!(issue_held(to, amount, hold));
		};
		ledger(ALICE, 100, 7);
		ledger(BOB, 40, 7);
		ledger(BOB, 5, 8);
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, CAROL, 30, Some(START + DAY)));
		// Lots stored before release 128 with dates from the floor that no settlement holds
		// (a "perpetual" lock-up): Carol's alone, of a live hold's date but hers is none;
		// Dave's beside a lot a release dated just below the floor.
		Positions::<Test>::mutate(SECURITY, CAROL, |p| {
			p.lots[0].unlock_at = settlement_hold_date(7)
		});
		ledger(DAVE, 5, 4);
		assert_ok!(<Ledger as SecuritiesLedger<u64, u128>>::release_held(
			SECURITY,
			&DAVE,
			4,
			Some(settlement_hold_date(9))
		));
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, DAVE, 10, Some(START + DAY)));
		Positions::<Test>::mutate(SECURITY, DAVE, |p| {
			p.lots[0].unlock_at = u64::MAX;
			p.lots.sort_by_key(|lot| lot.unlock_at);
		});
		let supply = Assets::total_issuance(SECURITY);
		let counts = Ledger::holder_counts(SECURITY);
		// Release 129's state: nothing counted.
		HeldForSettlement::<Test>::remove(SECURITY);
		StorageVersion::new(3).put::<Ledger>();

		#[cfg(feature = "try-runtime")]
		let state = <MigrateV3ToV4<Test, Live> as OnRuntimeUpgrade>::pre_upgrade().unwrap();
		MigrateV3ToV4::<Test, Live>::on_runtime_upgrade();
		#[cfg(feature = "try-runtime")]
		<MigrateV3ToV4<Test, Live> as OnRuntimeUpgrade>::post_upgrade(state).unwrap();
		assert_eq!(HeldForSettlement::<Test>::iter().collect::<Vec<_>>(), vec![(SECURITY, 145)]);
		assert_eq!(Ledger::on_chain_storage_version(), StorageVersion::new(4));
		let lots = |who| Ledger::position(SECURITY, &who).lots.into_inner();
		let below_floor = SETTLEMENT_HOLD_FLOOR - 1;
		assert_eq!(lots(CAROL), vec![Lot { amount: 30, unlock_at: below_floor }]);
		assert_eq!(lots(DAVE), vec![Lot { amount: 15, unlock_at: below_floor }], "joined");
		assert_eq!(lots(ALICE), vec![Lot { amount: 100, unlock_at: settlement_hold_date(7) }]);
		assert_eq!(
			(Assets::total_issuance(SECURITY), Ledger::holder_counts(SECURITY)),
			(supply, counts)
		);
		// A lock-up again: a forced transfer takes it, as before release 128.
		assert_ok!(Ledger::forced_transfer(signed(ISSUER), SECURITY, CAROL, DAVE, 30, why()));

		// The count then follows the holds: a release and a burn take exactly theirs.
		assert_ok!(<Ledger as SecuritiesLedger<u64, u128>>::release_held(
			SECURITY, &ALICE, 7, None
		));
		assert_ok!(burn(BOB, 8));
		assert_eq!(HeldForSettlement::<Test>::get(SECURITY), 40);

		// Run again: the version check skips it.
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		MigrateV3ToV4::<Test, Live>::on_runtime_upgrade();
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root);
	});
}

#[test]
fn version_5_counts_each_identitys_held_tokens() {
	use crate::migrations::v5::MigrateV4ToV5;
	new_test_ext().execute_with(|| {
		create();
		let ledger = |to: u64, amount: u128, hold: u32| {
			assert_ok!(issue_held(to, amount, hold));
		};
		// Alice's identity holds for two settlements on two accounts, Bob's for one; Carol's
		// tokens are free.
		ledger(ALICE, 100, 7);
		ledger(ALICE_2, 20, 8);
		ledger(BOB, 40, 7);
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, CAROL, 30, None));
		// A second security with a hold, a third with none.
		create();
		create();
		assert_ok!(<Ledger as SecuritiesLedger<u64, u128>>::issue_held(SECURITY + 1, &BOB, 15, 9));
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY + 2, CAROL, 30, None));
		let counted =
			|| IdentityHeldForSettlement::<Test>::iter().collect::<std::collections::BTreeSet<_>>();
		let expected = counted();
		assert_eq!(
			expected,
			[(SECURITY, 10, 120), (SECURITY, 20, 40), (SECURITY + 1, 20, 15)].into_iter().collect()
		);
		// Release 131's state: nothing counted by identity.
		let _ = IdentityHeldForSettlement::<Test>::clear(u32::MAX, None);
		StorageVersion::new(4).put::<Ledger>();

		#[cfg(feature = "try-runtime")]
		let state = <MigrateV4ToV5<Test> as OnRuntimeUpgrade>::pre_upgrade().unwrap();
		MigrateV4ToV5::<Test>::on_runtime_upgrade();
		#[cfg(feature = "try-runtime")]
		<MigrateV4ToV5<Test> as OnRuntimeUpgrade>::post_upgrade(state).unwrap();
		assert_eq!(counted(), expected);
		assert_eq!(Ledger::on_chain_storage_version(), StorageVersion::new(5));

		// Run again: the version check skips it.
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		MigrateV4ToV5::<Test>::on_runtime_upgrade();
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root);
	});
}
