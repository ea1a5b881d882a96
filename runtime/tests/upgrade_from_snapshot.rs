//! The upgrade from the previous release, on the state of a real chain: this release's
//! migrations (`stledger_runtime::migrations`) and every pallet's upgrade hooks run on a
//! snapshot of a `local` network running the previous release with the demo world
//! (`scripts/snapshot.mjs`), with all of `try-runtime`'s checks: each migration's pre- and
//! post-upgrade checks, every value of the state decoded, every pallet's `try_state`.
//!
//! Needs `--features try-runtime` (scripts/test.sh passes it). docs/upgrading.md says how to
//! take a new snapshot when a release changes the layout.
#![cfg(feature = "try-runtime")]

use codec::Encode;
use frame_support::{
	storage::StoragePrefixedMap,
	traits::{GetStorageVersion, StorageVersion},
};
use frame_try_runtime::UpgradeCheckSelect;
use sp_io::TestExternalities;
use stledger_runtime::{
	snapshot::Snapshot, Attestation, Balance, Exchanges, Executive, Offerings, Orderbook, Runtime,
	Securities, VERSION,
};

/// The previous release's state: spec 101, the `local` network with the demo world.
const SNAPSHOT: &str = include_str!("snapshots/local-spec101.json");

fn snapshot() -> Snapshot {
	Snapshot::parse(SNAPSHOT)
}

fn state_of(snapshot: &Snapshot) -> TestExternalities {
	snapshot.externalities()
}

/// `frame_system::LastRuntimeUpgrade`: the spec version the chain last upgraded to.
fn last_upgrade_spec_version() -> u32 {
	frame_system::LastRuntimeUpgrade::<Runtime>::get()
		.map(|info| info.spec_version.0)
		.expect("a chain records its runtime version")
}

/// The storage versions the five ST Ledger pallets have on chain.
fn our_on_chain_versions() -> [StorageVersion; 5] {
	[
		Exchanges::on_chain_storage_version(),
		Attestation::on_chain_storage_version(),
		Securities::on_chain_storage_version(),
		Offerings::on_chain_storage_version(),
		Orderbook::on_chain_storage_version(),
	]
}

#[test]
fn the_previous_release_upgrades_with_every_check_passing_and_no_value_changed() {
	let snapshot = snapshot();
	assert!(snapshot.spec_version < VERSION.spec_version, "the snapshot is of an older release");
	assert!(snapshot.pairs.len() > 500, "a real chain's state, not an empty one");
	let mut ext = state_of(&snapshot);

	ext.execute_with(|| {
		assert_eq!(last_upgrade_spec_version(), snapshot.spec_version);
		assert_eq!(our_on_chain_versions(), [StorageVersion::new(0); 5]);

		// Every migration's pre/post checks, every value decoded, every pallet's try_state.
		Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.expect("the upgrade and all its checks pass");

		assert_eq!(last_upgrade_spec_version(), VERSION.spec_version);
		let [v2, v3, v5] = [2, 3, 5].map(StorageVersion::new);
		// Release 117 names each pending link's proposer (attestation layout 3); the
		// snapshot has no pending link, so no value changes. Release 129 indexes the
		// unsettled subscriptions (offerings layout 2), release 130 counts the tokens held
		// for settlements (securities layout 4), release 131 counts the unsettled
		// subscriptions by security and identity (offerings layout 3), release 132 counts
		// each identity's held tokens (securities layout 5): new keys only.
		assert_eq!(our_on_chain_versions(), [v2, v3, v5, v3, v2]);
		let mut held = std::collections::BTreeMap::<_, Balance>::new();
		let mut held_by = std::collections::BTreeMap::<_, Balance>::new();
		for (security, _, position) in pallet_securities::Positions::<Runtime>::iter() {
			let amount = position
				.lots
				.iter()
				.filter(|lot| lot.unlock_at >= stledger_primitives::SETTLEMENT_HOLD_FLOOR)
				.map(|lot| lot.amount)
				.sum::<Balance>();
			*held.entry(security).or_default() += amount;
			if let Some(identity) = position.identity {
				*held_by.entry((security, identity)).or_default() += amount;
			}
		}
		held.retain(|_, amount| *amount != 0);
		held_by.retain(|_, amount| *amount != 0);
		assert_eq!(
			pallet_securities::HeldForSettlement::<Runtime>::iter()
				.collect::<std::collections::BTreeMap<_, _>>(),
			held,
			"each security's held tokens counted"
		);
		assert_eq!(
			pallet_securities::IdentityHeldForSettlement::<Runtime>::iter()
				.map(|(security, identity, amount)| ((security, identity), amount))
				.collect::<std::collections::BTreeMap<_, _>>(),
			held_by,
			"each identity's held tokens counted"
		);
		for (offering, account, subscription) in pallet_offerings::Subscriptions::<Runtime>::iter()
		{
			assert_eq!(
				pallet_offerings::UnsettledSubscriptions::<Runtime>::contains_key(
					&account, offering
				),
				subscription.outcome.is_none(),
				"a subscription is indexed exactly while unsettled"
			);
		}
		let mut unsettled = std::collections::BTreeMap::<_, u32>::new();
		for (offering, _, subscription) in pallet_offerings::Subscriptions::<Runtime>::iter() {
			if subscription.outcome.is_none() {
				let security = pallet_offerings::Offerings::<Runtime>::get(offering)
					.expect("a subscription's offering")
					.security;
				*unsettled.entry((security, subscription.identity)).or_default() += 1;
			}
		}
		assert_eq!(
			pallet_offerings::UnsettledSubscribers::<Runtime>::iter()
				.map(|(security, identity, count)| ((security, identity), count))
				.collect::<std::collections::BTreeMap<_, _>>(),
			unsettled,
			"each identity's unsettled subscriptions counted under their security"
		);
		// Release 106's licence table: the snapshot's four exchanges and its registered
		// attestors, as their registries hold them (the migration's own checks compare them).
		let licences = pallet_attestation::Licences::<Runtime>::get();
		assert_eq!(licences.exchanges.len(), 4);
		assert_eq!(
			licences.attestors.len(),
			pallet_attestation::Attestors::<Runtime>::iter_keys().count()
		);

		// Nothing an investor, an issuer or an auditor reads changed: every value of the
		// snapshot is byte for byte the same, except the versions the upgrade writes and the
		// markets, which gain their new fields: the old bytes, then no limits, no controls,
		// continuous trading, no reference or last price.
		let written_by_upgrade = |key: &[u8]| {
			key.ends_with(&sp_io::hashing::twox_128(b":__STORAGE_VERSION__:"))
				|| key == frame_system::LastRuntimeUpgrade::<Runtime>::hashed_key().as_slice()
		};
		let markets_prefix = pallet_orderbook::Markets::<Runtime>::final_prefix();
		// Release 105 moves five maps of the securities ledger into `Positions` (its
		// migration's own checks compare every value); their keys are gone.
		let merged_into_positions =
			["Lots", "FrozenAccounts", "FrozenAmounts", "HolderIdentity", "Reserved"]
				.map(|map| frame_support::storage::storage_prefix(b"Securities", map.as_bytes()));
		let mut merged = 0;
		// Release 107 moves each security's rules into its record: the record's old bytes,
		// then the rules' bytes as the snapshot held them; the rules' keys are gone.
		let securities_prefix = pallet_securities::Securities::<Runtime>::final_prefix();
		let rules_prefix = frame_support::storage::storage_prefix(b"Securities", b"SecurityRules");
		let rules_of: std::collections::BTreeMap<_, _> = snapshot
			.pairs
			.iter()
			.filter_map(|(key, rules)| Some((key.strip_prefix(&rules_prefix[..])?, rules)))
			.collect();
		let mut securities = 0;
		// Release 103's new market fields, as the migration writes them.
		let no_limits = (
			pallet_orderbook::OrderLimits::<u128>::default(),
			pallet_orderbook::PriceControls::default(),
			pallet_orderbook::Phase::Continuous,
			None::<pallet_orderbook::Price>,
			None::<pallet_orderbook::Price>,
		)
			.encode();
		let mut compared = 0;
		let mut markets = 0;
		for (key, before) in &snapshot.pairs {
			if written_by_upgrade(key) {
				continue;
			}
			if merged_into_positions.iter().any(|prefix| key.starts_with(prefix)) {
				assert_eq!(sp_io::storage::get(key), None, "a version 1 ledger key left");
				merged += 1;
				continue;
			}
			if key.starts_with(&rules_prefix) {
				assert_eq!(sp_io::storage::get(key), None, "a version 2 rules key left");
				continue;
			}
			if let Some(id) = key.strip_prefix(&securities_prefix[..]) {
				let after = sp_io::storage::get(key).expect("a security kept");
				let rules = rules_of.get(id).expect("the snapshot holds every security's rules");
				assert_eq!(after, [&before[..], &rules[..]].concat());
				securities += 1;
				continue;
			}
			if key.starts_with(&markets_prefix) {
				let after = sp_io::storage::get(key).expect("a market kept");
				assert_eq!(after[..before.len()], before[..]);
				assert_eq!(after[before.len()..], no_limits[..]);
				markets += 1;
				continue;
			}
			assert_eq!(
				sp_io::storage::get(key).as_deref(),
				Some(before.as_slice()),
				"value under {} changed",
				sp_core::hexdisplay::HexDisplay::from(key)
			);
			compared += 1;
		}
		assert!(compared > 500);
		assert!(markets > 0, "the snapshot has markets");
		assert!(merged > 0, "the snapshot has holders");
		assert!(securities > 0, "the snapshot has securities");
		assert!(pallet_securities::Positions::<Runtime>::iter().count() > 0);
	});
}

#[test]
fn the_upgrade_runs_once() {
	let mut ext = state_of(&snapshot());
	ext.execute_with(|| {
		Executive::try_runtime_upgrade(UpgradeCheckSelect::PreAndPost).expect("first upgrade");
		let state = sp_io::storage::root(sp_runtime::StateVersion::V1);
		// A second run (the same code applied again) finds every version current and
		// changes nothing.
		Executive::try_runtime_upgrade(UpgradeCheckSelect::PreAndPost).expect("second run");
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), state);
	});
}
