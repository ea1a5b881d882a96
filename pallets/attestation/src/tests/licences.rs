//! The licence table ([`Licences`]): it copies the registries exactly after every call that
//! changes them, a profile follows it in the same block, and its bounds are named errors.

use super::*;
use frame_support::traits::Get;
use stledger_primitives::{ExchangeLicenceObserver, LicenceNotRecorded};

/// The table is what the registries it copies say, now.
fn table_is_exact() {
	assert_eq!(Licences::<Test>::get(), Registry::licences_from_registries().unwrap());
}

#[test]
fn genesis_copies_the_registered_attestors_and_the_exchanges() {
	new_test_ext().execute_with(|| {
		table_is_exact();
		let table = Licences::<Test>::get();
		assert!(table.attestor_licensed(&KYC_PROVIDER, code("SG")));
		assert!(!table.attestor_licensed(&KYC_PROVIDER, code("US")));
		assert!(table.exchange_licensed(0, code("US")));
		assert!(table.exchange_licensed(1, code("FR")));
		assert!(!table.exchange_licensed(1, code("US")));
		assert!(!table.exchange_licensed(2, code("US")));
	});
}

/// A genesis registers no exchange's operator as an attestor, as `register_attestor` refuses
/// it (`AttestorOperatesExchange`): the account would attest in two roles, one of them
/// outside its exchange's suspension.
#[test]
#[should_panic(expected = "genesis attestor operates an exchange")]
fn a_genesis_registers_no_exchanges_operator_as_an_attestor() {
	stledger_primitives::testing::reset();
	stledger_primitives::testing::exchange(0, US_EXCHANGE, &["US"]);
	genesis_with(vec![crate::GenesisAttestor {
		account: US_EXCHANGE,
		name: "Exchange KYC".into(),
		jurisdictions: vec![code("US")],
	}]);
}

#[test]
fn every_attestor_call_keeps_the_table_exact_and_profiles_follow_it() {
	new_test_ext().execute_with(|| {
		let identity = onboard(KYC_PROVIDER, &[INVESTOR]);
		assert_ok!(Registry::register_attestor(root(), 300, name("Owl KYC"), codes(&["SG"])));
		table_is_exact();
		invite(INVESTOR, 300);
		attest(300, identity, "SG", InvestorClass::Retail, 10);
		assert!(profile(INVESTOR).is_ok());

		assert_ok!(Registry::suspend_attestor(root(), 300));
		table_is_exact();
		assert_eq!(profile(INVESTOR), Err(Ineligibility::AttestorRemoved));
		assert_ok!(Registry::reinstate_attestor(root(), 300));
		table_is_exact();
		assert!(profile(INVESTOR).is_ok());
		assert_ok!(Registry::remove_attestor(root(), 300));
		table_is_exact();
		assert_eq!(profile(INVESTOR), Err(Ineligibility::AttestorRemoved));
		// Registered again, its old attestation counts again: it is licensed for SG.
		assert_ok!(Registry::register_attestor(root(), 300, name("Owl KYC"), codes(&["SG"])));
		table_is_exact();
		assert!(profile(INVESTOR).is_ok());
	});
}

#[test]
fn registrations_beyond_the_bound_are_refused_and_reinstatement_always_fits() {
	new_test_ext().execute_with(|| {
		let bound: u64 = <<Test as Config>::MaxRegisteredAttestors as Get<u32>>::get().into();
		// Genesis registered one; fill the rest, the last one suspended.
		for attestor in 300..300 + bound - 1 {
			assert_ok!(Registry::register_attestor(root(), attestor, name("K"), codes(&["SG"])));
		}
		let last = 300 + bound - 2;
		assert_ok!(Registry::suspend_attestor(root(), last));
		assert_noop!(
			Registry::register_attestor(root(), 999, name("K"), codes(&["SG"])),
			Error::<Test>::TooManyAttestors
		);
		// A suspended attestor keeps its place: reinstating it needs no room.
		assert_ok!(Registry::reinstate_attestor(root(), last));
		assert_ok!(Registry::remove_attestor(root(), last));
		assert_ok!(Registry::register_attestor(root(), 999, name("K"), codes(&["SG"])));
		table_is_exact();
	});
}

#[test]
fn an_exchange_that_loses_a_jurisdiction_stops_vouching_for_it_at_once() {
	new_test_ext().execute_with(|| {
		let identity = onboard(EU_EXCHANGE, &[INVESTOR]);
		attest(EU_EXCHANGE, identity, "DE", InvestorClass::Retail, 10);
		assert!(profile(INVESTOR).is_ok());
		// As pallet-exchanges reports `set_jurisdictions(1, [FR])`.
		assert_ok!(Registry::exchange_licence_changed(1, &[code("FR")]));
		assert_eq!(profile(INVESTOR), Err(Ineligibility::AttestorRemoved));
		assert_ok!(Registry::exchange_licence_changed(1, &[code("FR"), code("DE")]));
		assert!(profile(INVESTOR).is_ok());
		suspend_exchange(1);
		assert_eq!(profile(INVESTOR), Err(Ineligibility::AttestorRemoved));
	});
}

#[test]
fn a_full_table_refuses_a_new_exchange_but_not_a_change() {
	new_test_ext().execute_with(|| {
		// Genesis holds exchanges 0 and 1; the mock's bound is four.
		assert_ok!(Registry::exchange_licence_changed(2, &[code("JP")]));
		assert_ok!(Registry::exchange_licence_changed(3, &[code("KR")]));
		let full = Licences::<Test>::get();
		assert_eq!(Registry::exchange_licence_changed(4, &[code("BR")]), Err(LicenceNotRecorded));
		assert_eq!(Licences::<Test>::get(), full);
		assert_ok!(Registry::exchange_licence_changed(3, &[code("KR"), code("TW")]));
		assert_ok!(Registry::exchange_licence_changed(2, &[]));
		assert_ok!(Registry::exchange_licence_changed(4, &[code("BR")]));
		assert!(Licences::<Test>::get().exchange_licensed(4, code("BR")));
		assert!(!Licences::<Test>::get().exchange_licensed(2, code("JP")));
	});
}

#[test]
fn the_migration_builds_the_table_and_keeps_what_fits_when_the_registries_do_not() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	let as_version_1 = || {
		Licences::<Test>::kill();
		StorageVersion::new(1).put::<Registry>();
	};
	new_test_ext().execute_with(|| {
		as_version_1();
		crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Registry::on_chain_storage_version(), StorageVersion::new(2));
		table_is_exact();
		assert!(Licences::<Test>::get().exchange_licensed(1, code("DE")));

		// More registered attestors than the bound (it did not exist before version 2), one
		// of them suspended: the exchanges and the active attestors are kept.
		let bound: u64 = <<Test as Config>::MaxRegisteredAttestors as Get<u32>>::get().into();
		for attestor in 400..400 + bound {
			let status =
				if attestor == 400 { AttestorStatus::Suspended } else { AttestorStatus::Active };
			Attestors::<Test>::insert(
				attestor,
				Attestor { name: Default::default(), jurisdictions: codes(&["SG"]), status },
			);
		}
		assert!(Registry::licences_from_registries().is_err());
		as_version_1();
		crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		let table = Licences::<Test>::get();
		assert_eq!(table.attestors.len() as u64, bound);
		assert!(table.attestors.iter().all(|(_, licence)| licence.active));
		assert!(table.attestor_licensed(&KYC_PROVIDER, code("SG")));
		assert!(table.exchange_licensed(0, code("US")) && table.exchange_licensed(1, code("DE")));
		// Run again, it changes nothing: the version is current.
		let before = Licences::<Test>::get();
		crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Licences::<Test>::get(), before);
	});
}

#[test]
fn a_jurisdiction_set_holds_exactly_its_codes() {
	let all: Vec<CountryCode> =
		(b'A'..=b'Z').flat_map(|a| (b'A'..=b'Z').map(move |b| CountryCode([a, b]))).collect();
	let licensed = [code("AA"), code("CH"), code("US"), code("ZZ")];
	let set = JurisdictionSet::from_codes(&licensed);
	for candidate in &all {
		assert_eq!(set.contains(*candidate), licensed.contains(candidate), "{candidate:?}");
	}
	assert_eq!(set.codes().collect::<Vec<_>>(), licensed.to_vec());
	let every = JurisdictionSet::from_codes(&all);
	assert_eq!(every.codes().count(), 26 * 26);
	// A malformed code is in no set (storage never holds one; calls refuse them).
	assert!(!every.contains(CountryCode(*b"us")));
	assert_eq!(
		JurisdictionSet::from_codes(&[CountryCode(*b"u1")]),
		JurisdictionSet::from_codes(&[])
	);
}
