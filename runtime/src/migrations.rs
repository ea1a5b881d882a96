//! The storage migrations this release runs when a chain upgrades to it (`Executive`'s
//! `Migrations`), in order. Each is a `frame_support::migrations::VersionedMigration`: it
//! runs only when the pallet's on-chain storage version is the one it migrates from, writes
//! the new version, and has `try-runtime` checks run before and after it
//! (`runtime/tests/upgrade_from_snapshot.rs` runs them on a real `local` chain's state).
//!
//! How to add one: docs/upgrading.md.
//!
//! ## Release 102 (`spec_version` 102)
//!
//! Spec 101 declared no storage versions (every pallet at 0). From 102 each ST Ledger pallet
//! declares version 1, whose layout is the layout of 101: the migrations write the version
//! and check that nothing else changed (same keys under the pallet's prefix before and
//! after; `Executive::try_runtime_upgrade` then decodes every value and runs the pallets'
//! `try_state` hooks, which only FRAME's pallets have so far). Without them the pallets'
//! own post-upgrade check fails (on-chain 0, code 1)
//! and a later layout change could not tell which layout a chain has.
//! `pallet-tx-pause` and `pallet-safe-mode` are new: FRAME sets their version itself.
//!
//! ## Release 103 (`spec_version` 103)
//!
//! The order book's markets gain their order limits (`pallet_orderbook::OrderLimits`, none
//! set): `pallet_orderbook::migrations::v2` rewrites each market, version 1 to 2; its checks
//! compare every market field by field. The new per-investor limits are a new map (no
//! migration). A chain still at 101 runs both steps in one upgrade.
//!
//! ## Release 105 (`spec_version` 105)
//!
//! The securities ledger keeps an account's holder identity, whole-account freeze, frozen
//! amount, order-book reservation and lock-up lots in one value
//! (`pallet_securities::Positions`) instead of five maps, so a compliance check reads each
//! party once: `pallet_securities::migrations::v2` moves every entry, version 1 to 2; its
//! checks compare every position with the five old values and find no old key left.
//!
//! ## Release 106 (`spec_version` 106)
//!
//! Every licence to attest (each active exchange's jurisdictions, each registered
//! attestor's jurisdictions and status) is copied into one value,
//! `pallet_attestation::Licences`, which a profile reads once instead of one key per
//! attestation: `pallet_attestation::migrations::v2` builds it from the registries, version 1
//! to 2; its checks compare it with them. Nothing else changes.
//!
//! ## Release 107 (`spec_version` 107)
//!
//! Each security's rules move into its record (`pallet_securities::Securities`), so a
//! transfer or a fill reads a security once instead of twice:
//! `pallet_securities::migrations::v3` folds every `SecurityRules` entry into its record,
//! version 2 to 3; its checks find each record to be its old bytes followed by its rules,
//! and no rules key left.
//!
//! ## Release 115 (`spec_version` 115)
//!
//! `pallet-node-authorization`'s calls are refused to every account (the call filter), and
//! an exchange connects nodes of its own with `exchanges.connect_node`, bounded and recorded
//! in `pallet_exchanges::ConnectedNodes`. The connections the well-known nodes (the
//! exchanges' own) were given before, by their owners or, for a node claimed before its
//! exchange was admitted, by a stranger, would otherwise stay, uncounted, unbounded and
//! beyond anyone's reach: [`ClearWellKnownConnections`] removes them (at most
//! `MaxWellKnownNodes` keys, none read), `pallet-exchanges` version 1 to 2. Operators
//! connect their archive and standby nodes again with `exchanges.connectNode`.
//!
//! Release 117: the consortium may give an identity whose onboarding attestor was removed a
//! new one (`attestation.appoint_onboarding_attestor`), and a link proposed by the replaced
//! one must not complete: each pending link names its proposer
//! (`pallet_attestation::migrations::v3`, version 2 to 3, two reads (the entry and its
//! identity) and one write per pending link, the identity's onboarding attestor named).
//!
//! Release 129: an account with a subscription not yet settled stays linked to its identity,
//! and the identity keeps its attestors, until it is: `pallet_offerings::migrations::v2`
//! indexes the unsettled subscriptions by account (`pallet_offerings::UnsettledSubscriptions`),
//! version 1 to 2, one read per subscription and one write per unsettled one; its checks find
//! every unsettled subscription indexed and nothing else.
//!
//! Release 130: a security's maximum ownership is a share of its supply less the tokens
//! held for offerings' settlements (a raise that fails burns them):
//! `pallet_securities::migrations::v4` counts each security's held tokens
//! (`pallet_securities::HeldForSettlement`), version 3 to 4, two reads per position and three
//! per lot from the hold floor, one write per security with tokens held; a lot from the floor
//! that is no live hold (`pallet_offerings::SettlementsHolding`: an offering of its security
//! settling with holds has issued that account held and not yet released it), stored before
//! release 128, is re-dated just below the floor, a lock-up again (one write per such
//! position); its checks find each position's lots changed only so and the counts equal to
//! the live holds.
//!
//! Release 131: an identity with a subscription not yet settled to an offering of a security
//! keeps part of its holding of that security until it is (its subscription was judged with
//! that holding): `pallet_offerings::migrations::v3` counts the unsettled subscriptions by
//! security and identity (`pallet_offerings::UnsettledSubscribers`), version 2 to 3, four
//! reads and one write per unsettled subscription; its checks compare the counts with the
//! subscriptions themselves.
//!
//! Release 132: tokens held for a settlement no longer keep a subscribed identity's holding
//! alive (a raise failing burns them): `pallet_securities::migrations::v5` counts each
//! identity's held tokens (`pallet_securities::IdentityHeldForSettlement`), version 4 to 5,
//! one read per position and one write per security and identity with tokens held; its
//! checks compare the counts with the positions' holds and with each security's count.

use core::marker::PhantomData;
use frame_support::{
	migrations::VersionedMigration,
	traits::{PalletInfoAccess, UncheckedOnRuntimeUpgrade},
	weights::Weight,
};

#[cfg(feature = "try-runtime")]
use alloc::vec::Vec;

/// Every migration of this release, in the order they run.
pub type Migrations = (
	DeclareStorageVersion1<crate::Exchanges>,
	DeclareStorageVersion1<crate::Attestation>,
	DeclareStorageVersion1<crate::Securities>,
	DeclareStorageVersion1<crate::Offerings>,
	DeclareStorageVersion1<crate::Orderbook>,
	// Release 103: markets gain their order limits.
	pallet_orderbook::migrations::v2::MigrateV1ToV2<crate::Runtime>,
	// Release 105: an account's holder identity, freezes, reservation and lots in one value.
	pallet_securities::migrations::v2::MigrateV1ToV2<crate::Runtime>,
	// Release 106: every licence to attest in one value the profile reads once.
	pallet_attestation::migrations::v2::MigrateV1ToV2<crate::Runtime>,
	// Release 107: each security's rules in its record, read with it.
	pallet_securities::migrations::v3::MigrateV2ToV3<crate::Runtime>,
	// Release 115: the well-known nodes' connections from before `exchanges.connect_node`.
	VersionedMigration<
		1,
		2,
		ClearWellKnownConnections,
		crate::Exchanges,
		<crate::Runtime as frame_system::Config>::DbWeight,
	>,
	// Release 117: each pending link names the attestor that proposed it.
	pallet_attestation::migrations::v3::MigrateV2ToV3<crate::Runtime>,
	// Release 129: the subscriptions not yet settled, indexed by account.
	pallet_offerings::migrations::v2::MigrateV1ToV2<crate::Runtime>,
	// Release 130: each security's tokens held for settlements, counted.
	pallet_securities::migrations::v4::MigrateV3ToV4<
		crate::Runtime,
		pallet_offerings::SettlementsHolding<crate::Runtime>,
	>,
	// Release 131: the subscriptions not yet settled, counted by security and identity.
	pallet_offerings::migrations::v3::MigrateV2ToV3<crate::Runtime>,
	// Release 132: each identity's tokens held for settlements, counted.
	pallet_securities::migrations::v5::MigrateV4ToV5<crate::Runtime>,
);

/// Release 115: remove every connection `pallet-node-authorization` holds for a well-known
/// node (none is read, so a long list costs no more than a short one). From this release
/// only `pallet_exchanges::Pallet::connect_node` adds them, each one recorded and bounded.
pub struct ClearWellKnownConnections;

impl UncheckedOnRuntimeUpgrade for ClearWellKnownConnections {
	fn on_runtime_upgrade() -> Weight {
		let nodes = pallet_node_authorization::WellKnownNodes::<crate::Runtime>::get();
		for node in &nodes {
			pallet_node_authorization::AdditionalConnections::<crate::Runtime>::remove(node);
		}
		<crate::Runtime as frame_system::Config>::DbWeight::get()
			.reads_writes(1, nodes.len() as u64)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		frame_support::ensure!(
			pallet_exchanges::ConnectedNodes::<crate::Runtime>::iter_keys().next().is_none(),
			"connected nodes before the release that introduces them"
		);
		Ok(Vec::new())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let left = pallet_node_authorization::WellKnownNodes::<crate::Runtime>::get()
			.iter()
			.filter(|node| {
				pallet_node_authorization::AdditionalConnections::<crate::Runtime>::contains_key(
					node,
				)
			})
			.count();
		frame_support::ensure!(left == 0, "a well-known node kept its old connections");
		Ok(())
	}
}

/// Storage version 0 to 1 for a pallet whose layout did not change: [`SameLayout`] behind
/// the version check.
pub type DeclareStorageVersion1<P> =
	VersionedMigration<0, 1, SameLayout<P>, P, <crate::Runtime as frame_system::Config>::DbWeight>;

/// A migration that changes no value of pallet `P`; its checks prove it: the same number
/// of keys under the pallet's prefix before and after.
pub struct SameLayout<P>(PhantomData<P>);

impl<P: PalletInfoAccess> UncheckedOnRuntimeUpgrade for SameLayout<P> {
	fn on_runtime_upgrade() -> Weight {
		Weight::zero()
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		use codec::Encode;
		Ok(keys_under::<P>().encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		use codec::Decode;
		let before = u64::decode(&mut &state[..]).map_err(|_| "pre_upgrade state undecodable")?;
		let after = keys_under::<P>();
		log::info!(
			target: "runtime::migrations",
			"{}: {before} keys before, {after} after",
			P::name()
		);
		frame_support::ensure!(before == after, "the migration changed the pallet's keys");
		Ok(())
	}
}

/// How many keys the state holds under pallet `P`'s prefix (its storage version included).
#[cfg(feature = "try-runtime")]
fn keys_under<P: PalletInfoAccess>() -> u64 {
	let prefix = P::name_hash();
	let mut count = 0u64;
	let mut key = prefix.to_vec();
	while let Some(next) = sp_io::storage::next_key(&key) {
		if !next.starts_with(&prefix) {
			break;
		}
		count += 1;
		key = next;
	}
	count
}
