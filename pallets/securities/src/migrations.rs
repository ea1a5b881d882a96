//! Storage migrations of the securities pallet, each behind its storage version
//! (`frame_support::migrations::VersionedMigration`): the runtime lists them in its
//! `Migrations` (docs/upgrading.md).

use crate::{Config, Isin, Lot, Pallet, RulesOf, Security, SecurityOf, SecurityStatus};
use alloc::vec::Vec;
use codec::DecodeAll;
use core::marker::PhantomData;
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, storage_alias,
	traits::UncheckedOnRuntimeUpgrade, weights::Weight,
};
use stledger_primitives::{IdentityId, SecurityId};

#[cfg(feature = "try-runtime")]
use frame_support::storage::StoragePrefixedMap;

/// Version 1 to 2: an account's holder identity, freezes, reservation and lock-up lots,
/// five maps in version 1, become one [`Positions`](crate::Positions) value per security and account (a
/// compliance check reads each party once).
pub mod v2 {
	use super::*;

	type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
	type BalanceOf<T> = <T as Config>::Balance;

	/// Version 1's lock-up lots per security and account.
	#[storage_alias]
	pub(crate) type Lots<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		AccountIdOf<T>,
		BoundedVec<Lot<BalanceOf<T>>, <T as Config>::MaxLots>,
	>;

	/// Version 1's accounts frozen whole.
	#[storage_alias]
	pub(crate) type FrozenAccounts<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		AccountIdOf<T>,
		(),
	>;

	/// Version 1's frozen amounts.
	#[storage_alias]
	pub(crate) type FrozenAmounts<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		AccountIdOf<T>,
		BalanceOf<T>,
	>;

	/// Version 1's holder identities.
	#[storage_alias]
	pub(crate) type HolderIdentity<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		AccountIdOf<T>,
		IdentityId,
	>;

	/// Version 1's order-book reservations.
	#[storage_alias]
	pub(crate) type Reserved<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		AccountIdOf<T>,
		BalanceOf<T>,
	>;

	/// Move every entry of the five maps into its account's position. Each entry costs a
	/// read and a removal of the old key and a read and a write of the position, in the
	/// upgrade's block: one entry per holder and per frozen, reserving or locked account
	/// (a few per investor, a few thousand on a young chain; docs/upgrading.md says how to
	/// check a chain's size before upgrading it).
	pub struct MergePositions<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for MergePositions<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut entries = 0u64;
			let mut update =
				|security, who: &AccountIdOf<T>, f: &dyn Fn(&mut crate::PositionOf<T>)| {
					entries += 1;
					Pallet::<T>::update_position(security, who, f);
				};
			for (security, who, lots) in Lots::<T>::drain() {
				update(security, &who, &|position| position.lots = lots.clone());
			}
			for (security, who, ()) in FrozenAccounts::<T>::drain() {
				update(security, &who, &|position| position.frozen = true);
			}
			for (security, who, amount) in FrozenAmounts::<T>::drain() {
				update(security, &who, &|position| position.frozen_amount = amount);
			}
			for (security, who, identity) in HolderIdentity::<T>::drain() {
				update(security, &who, &|position| position.identity = Some(identity));
			}
			for (security, who, amount) in Reserved::<T>::drain() {
				update(security, &who, &|position| position.reserved = amount);
			}
			T::DbWeight::get().reads_writes(2 * entries, 2 * entries)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let old: Old<T> = (
				Lots::<T>::iter().collect(),
				FrozenAccounts::<T>::iter().map(|(security, who, ())| (security, who)).collect(),
				FrozenAmounts::<T>::iter().collect(),
				HolderIdentity::<T>::iter().collect(),
				Reserved::<T>::iter().collect(),
			);
			Ok(old.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (lots, frozen, frozen_amounts, identities, reserved) =
				Old::<T>::decode(&mut &state[..]).map_err(|_| "pre_upgrade state undecodable")?;
			ensure!(
				Lots::<T>::iter_keys().next().is_none()
					&& FrozenAccounts::<T>::iter_keys().next().is_none()
					&& FrozenAmounts::<T>::iter_keys().next().is_none()
					&& HolderIdentity::<T>::iter_keys().next().is_none()
					&& Reserved::<T>::iter_keys().next().is_none(),
				"a version 1 key left behind"
			);
			// Every old value is in its position, and a position holds nothing else.
			let mut expected = alloc::collections::BTreeMap::<_, crate::PositionOf<T>>::new();
			for (security, who, lots) in lots {
				expected.entry((security, who)).or_default().lots = lots;
			}
			for (security, who) in frozen {
				expected.entry((security, who)).or_default().frozen = true;
			}
			for (security, who, amount) in frozen_amounts {
				expected.entry((security, who)).or_default().frozen_amount = amount;
			}
			for (security, who, identity) in identities {
				expected.entry((security, who)).or_default().identity = Some(identity);
			}
			for (security, who, amount) in reserved {
				expected.entry((security, who)).or_default().reserved = amount;
			}
			expected.retain(|_, position| !position.is_empty());
			ensure!(
				crate::Positions::<T>::iter().count() == expected.len(),
				"positions added or lost"
			);
			for ((security, who), position) in expected {
				ensure!(
					crate::Positions::<T>::get(security, &who) == position,
					"a position differs from the version 1 values"
				);
			}
			Ok(())
		}
	}

	/// Version 1's five maps, in [`MergePositions::pre_upgrade`]'s state.
	#[cfg(feature = "try-runtime")]
	type Old<T> = (
		Vec<(SecurityId, AccountIdOf<T>, BoundedVec<Lot<BalanceOf<T>>, <T as Config>::MaxLots>)>,
		Vec<(SecurityId, AccountIdOf<T>)>,
		Vec<(SecurityId, AccountIdOf<T>, BalanceOf<T>)>,
		Vec<(SecurityId, AccountIdOf<T>, IdentityId)>,
		Vec<(SecurityId, AccountIdOf<T>, BalanceOf<T>)>,
	);

	/// [`MergePositions`] behind the storage version check: runs on a chain at version 1.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		MergePositions<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 2 to 3: each security's rules, a map of their own in version 2, move into its
/// record in [`Securities`](crate::Securities), so a transfer or a fill reads the status and
/// the rules of a security in one read instead of two.
pub mod v3 {
	use super::*;

	type AccountIdOf<T> = <T as frame_system::Config>::AccountId;

	/// Version 2's rules of each security.
	#[storage_alias]
	pub(crate) type SecurityRules<T: Config> =
		StorageMap<Pallet<T>, Blake2_128Concat, SecurityId, RulesOf<T>>;

	/// A security as version 2 stores it: the record without its rules. Its encoding is the
	/// start of the version 3 record's, whose last field is the rules.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
	pub(crate) struct OldSecurity<AccountId, StringLimit: Get<u32>> {
		pub issuer: IdentityId,
		pub creator: AccountId,
		pub name: BoundedVec<u8, StringLimit>,
		pub symbol: BoundedVec<u8, StringLimit>,
		pub isin: Option<Isin>,
		pub decimals: u8,
		pub status: SecurityStatus,
	}

	/// A version 2 record as a runtime stores it.
	pub(crate) type OldSecurityOf<T> = OldSecurity<AccountIdOf<T>, <T as Config>::StringLimit>;

	/// The version 3 record: a version 2 record with its rules.
	fn with_rules<T: Config>(old: OldSecurityOf<T>, rules: RulesOf<T>) -> SecurityOf<T> {
		Security {
			issuer: old.issuer,
			creator: old.creator,
			name: old.name,
			symbol: old.symbol,
			isin: old.isin,
			decimals: old.decimals,
			status: old.status,
			rules,
		}
	}

	/// Move every security's rules into its record. Each security costs a read and a write
	/// of its record and a read and a removal of its rules, in the upgrade's block: a few
	/// per issuer (each identity creates at most `MaxSecuritiesPerIssuer`).
	///
	/// Only a record that is whole as version 2 is rewritten: one that is already whole as
	/// version 3 is left as it is (a version 2 decoder would read it, ignore its rules and
	/// write default ones: no restriction), so even run outside its version check, on
	/// migrated state, it changes nothing.
	pub struct FoldRulesIntoSecurities<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for FoldRulesIntoSecurities<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut records, mut moved) = (0u64, 0u64);
			// Keys first: the loop rewrites the map it walks.
			let securities: Vec<SecurityId> = crate::Securities::<T>::iter_keys().collect();
			for security in securities {
				records += 1;
				let key = crate::Securities::<T>::hashed_key_for(security);
				let Some(raw) = frame_support::storage::unhashed::get_raw(&key) else {
					continue;
				};
				if SecurityOf::<T>::decode_all(&mut &raw[..]).is_ok() {
					continue;
				}
				// A record whole as neither is left for the checks to report, not removed.
				let Ok(old) = OldSecurityOf::<T>::decode_all(&mut &raw[..]) else {
					continue;
				};
				// Version 2 stored every security's rules with it; none is the same as none
				// set (no restriction), as version 2 read it.
				let rules = SecurityRules::<T>::take(security).unwrap_or_default();
				crate::Securities::<T>::insert(security, with_rules::<T>(old, rules));
				moved += 1;
			}
			// Rules of no security: version 2 never wrote them, nor are they left here.
			let orphans = SecurityRules::<T>::drain().count() as u64;
			T::DbWeight::get().reads_writes(records + moved + orphans, 2 * moved + orphans)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			// The raw records: version 2's values do not decode as version 3's (keys do).
			let old: Vec<(SecurityId, Vec<u8>, Option<RulesOf<T>>)> =
				crate::Securities::<T>::iter_keys()
					.map(|security| {
						let key = crate::Securities::<T>::hashed_key_for(security);
						let record =
							frame_support::storage::unhashed::get_raw(&key).unwrap_or_default();
						(security, record, SecurityRules::<T>::get(security))
					})
					.collect();
			Ok(old.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let old = Vec::<(SecurityId, Vec<u8>, Option<RulesOf<T>>)>::decode(&mut &state[..])
				.map_err(|_| "pre_upgrade state undecodable")?;
			ensure!(
				!frame_support::storage::unhashed::contains_prefixed_key(
					&SecurityRules::<T>::final_prefix()
				),
				"a version 2 rules key left behind"
			);
			ensure!(
				crate::Securities::<T>::iter_keys().count() == old.len(),
				"securities added or lost"
			);
			// Every record is its version 2 bytes, then its rules: nothing else changed.
			for (security, before, rules) in old {
				let mut expected = before;
				rules.unwrap_or_default().encode_to(&mut expected);
				ensure!(
					crate::Securities::<T>::get(security).map(|info| info.encode())
						== Some(expected),
					"a security differs from its version 2 record and rules"
				);
			}
			Ok(())
		}
	}

	/// [`FoldRulesIntoSecurities`] behind the storage version check: runs on a chain at
	/// version 2.
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		FoldRulesIntoSecurities<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 3 to 4 (release 130): each security's tokens held for offerings' settlements are
/// counted in [`HeldForSettlement`](crate::HeldForSettlement), so that the maximum ownership
/// is judged on the supply less them (a raise that fails burns them); and a lot stored before
/// release 128 with a date from
/// [`SETTLEMENT_HOLD_FLOOR`](stledger_primitives::SETTLEMENT_HOLD_FLOOR) that is no
/// settlement's hold (a "perpetual" lock-up an issuer gave before lock-ups were bounded)
/// becomes the lock-up it was, dated just below the floor, instead of being read as a hold for
/// ever.
pub mod v4 {
	use super::*;
	use crate::{HeldForSettlement, PositionOf};
	use alloc::collections::BTreeMap;
	use frame_support::traits::Contains;
	use sp_runtime::traits::{Saturating, Zero};
	use stledger_primitives::{HoldId, SETTLEMENT_HOLD_FLOOR};

	type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
	type BalanceOf<T> = <T as Config>::Balance;

	/// Which lots dated from the floor are holds: `(security, account, hold)` when
	/// `account`'s lot of `security` dated for settlement `hold` is that settlement's hold now
	/// (the runtime: `pallet_offerings::SettlementsHolding`).
	pub trait LiveHolds<T: Config>: Contains<(SecurityId, AccountIdOf<T>, HoldId)> {}
	impl<T: Config, L: Contains<(SecurityId, AccountIdOf<T>, HoldId)>> LiveHolds<T> for L {}

	/// The settlement a lot dated `unlock_at` (from the floor) would be a hold for.
	fn hold_of(unlock_at: u64) -> HoldId {
		unlock_at.saturating_sub(SETTLEMENT_HOLD_FLOOR).try_into().unwrap_or(HoldId::MAX)
	}

	/// Whether `lot` of `who`'s position in `security` is dated from the floor but is no
	/// live settlement's hold.
	fn is_stale<T: Config, Live: LiveHolds<T>>(
		security: SecurityId,
		who: &AccountIdOf<T>,
		lot: &Lot<BalanceOf<T>>,
	) -> bool {
		Pallet::<T>::is_hold(lot)
			&& !Live::contains(&(security, who.clone(), hold_of(lot.unlock_at)))
	}

	/// Re-date `who`'s stale lots of `security` to just below the floor, joining lots that
	/// then share that date; whether anything changed.
	pub(crate) fn redate_stale_holds<T: Config, Live: LiveHolds<T>>(
		security: SecurityId,
		who: &AccountIdOf<T>,
		position: &mut PositionOf<T>,
	) -> bool {
		if !position.lots.iter().any(|lot| is_stale::<T, Live>(security, who, lot)) {
			return false;
		}
		let below_floor = SETTLEMENT_HOLD_FLOOR - 1;
		let mut lots: Vec<Lot<BalanceOf<T>>> = Vec::new();
		for mut lot in position.lots.iter().cloned() {
			if is_stale::<T, Live>(security, who, &lot) {
				lot.unlock_at = below_floor;
			}
			match lots.iter_mut().find(|kept| kept.unlock_at == lot.unlock_at) {
				Some(kept) => kept.amount = kept.amount.saturating_add(lot.amount),
				None => lots.push(lot),
			}
		}
		lots.sort_by_key(|lot| lot.unlock_at);
		// As many lots or fewer: always within the bound.
		position.lots = BoundedVec::truncate_from(lots);
		true
	}

	/// What one position costs the migration to read: its key, its value, and what `Live`
	/// reads for each lot from the floor (an offering's marker, record and subscription).
	fn reads_for<T: Config>(position: &PositionOf<T>) -> u64 {
		2 + 3 * position.lots.iter().filter(|lot| Pallet::<T>::is_hold(lot)).count() as u64
	}

	/// Re-date the stale lots and count every security's held tokens, `Live` saying which
	/// lots are holds. Reads each position (and what `Live` reads for each lot from the
	/// floor), writes each position re-dated and one key per security with tokens held, in
	/// the upgrade's block: positions grow with the holders of every security. The
	/// `try-runtime` checks (run on a snapshot of the chain before the upgrade,
	/// docs/upgrading.md) fail where it would not fit in half a block, where something is
	/// counted before the release that counts it, where a position's lots changed other than
	/// by re-dating stale ones, or where the count differs from the holds left; the chain
	/// itself checks none of these.
	pub struct CountHeldForSettlement<T, Live>(PhantomData<(T, Live)>);

	impl<T: Config, Live: LiveHolds<T>> UncheckedOnRuntimeUpgrade for CountHeldForSettlement<T, Live> {
		fn on_runtime_upgrade() -> Weight {
			let (mut read, mut written) = (0u64, 0u64);
			let mut held = BTreeMap::<SecurityId, BalanceOf<T>>::new();
			// Keys first: the loop rewrites the map it walks.
			let keys: Vec<_> = crate::Positions::<T>::iter_keys().collect();
			for (security, who) in keys {
				let mut position = crate::Positions::<T>::get(security, &who);
				read += reads_for::<T>(&position);
				if redate_stale_holds::<T, Live>(security, &who, &mut position) {
					crate::Positions::<T>::insert(security, &who, position.clone());
					written += 1;
				}
				let amount = Pallet::<T>::held_in(&position);
				if !amount.is_zero() {
					let sum = held.entry(security).or_default();
					*sum = sum.saturating_add(amount);
				}
			}
			written += held.len() as u64;
			for (security, amount) in held {
				HeldForSettlement::<T>::insert(security, amount);
			}
			T::DbWeight::get().reads_writes(read, written)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			ensure!(
				HeldForSettlement::<T>::iter_keys().next().is_none(),
				"held tokens counted before the release that counts them"
			);
			let (mut read, mut written) = (0u64, 0u64);
			let mut securities = alloc::collections::BTreeSet::new();
			// Each position's lots as they are: the checks after compare them.
			let mut before = Vec::new();
			for (security, who, position) in crate::Positions::<T>::iter() {
				read += reads_for::<T>(&position);
				let mut migrated = position.clone();
				written += u64::from(redate_stale_holds::<T, Live>(security, &who, &mut migrated));
				if !Pallet::<T>::held_in(&migrated).is_zero() {
					securities.insert(security);
				}
				before.push((security, who, position.lots.into_inner()));
			}
			let cost = T::DbWeight::get().reads_writes(read, written + securities.len() as u64);
			let room = <T as frame_system::Config>::BlockWeights::get().max_block / 2;
			ensure!(cost.all_lte(room), "too many positions to count in one block");
			Ok(before.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			type LotsOf<T> = Vec<Lot<BalanceOf<T>>>;
			let before = Vec::<(SecurityId, AccountIdOf<T>, LotsOf<T>)>::decode(&mut &state[..])
				.map_err(|_| "pre_upgrade state undecodable")?;
			ensure!(
				crate::Positions::<T>::iter_keys().count() == before.len(),
				"positions added or lost"
			);
			let below_floor = SETTLEMENT_HOLD_FLOOR - 1;
			let total = |lots: &[Lot<BalanceOf<T>>]| {
				lots.iter().fold(BalanceOf::<T>::zero(), |sum, lot| sum.saturating_add(lot.amount))
			};
			let mut held = BTreeMap::<SecurityId, BalanceOf<T>>::new();
			for (security, who, old) in before {
				let new = crate::Positions::<T>::get(security, &who).lots.into_inner();
				// The same tokens locked, the lock-ups below the floor's eve unchanged, the
				// holds kept exactly where live, none left where not, in unlock order.
				ensure!(total(&new) == total(&old), "a position's locked tokens changed");
				let lockups = |lots: &[Lot<BalanceOf<T>>]| -> LotsOf<T> {
					lots.iter().filter(|lot| lot.unlock_at < below_floor).cloned().collect()
				};
				ensure!(lockups(&new) == lockups(&old), "a lock-up lot changed");
				let holds = |lots: &[Lot<BalanceOf<T>>]| -> LotsOf<T> {
					lots.iter().filter(|lot| Pallet::<T>::is_hold(lot)).cloned().collect()
				};
				let live: LotsOf<T> = holds(&old)
					.into_iter()
					.filter(|lot| !is_stale::<T, Live>(security, &who, lot))
					.collect();
				ensure!(holds(&new) == live, "a live hold changed, or a stale one was left");
				ensure!(
					new.windows(2).all(|pair| pair[0].unlock_at < pair[1].unlock_at),
					"a position's lots out of unlock order"
				);
				let amount = total(&live);
				if !amount.is_zero() {
					let sum = held.entry(security).or_default();
					*sum = sum.saturating_add(amount);
				}
			}
			let counted: BTreeMap<_, _> = HeldForSettlement::<T>::iter().collect();
			ensure!(counted == held, "held tokens counted differ from the live holds");
			Ok(())
		}
	}

	/// [`CountHeldForSettlement`] behind the storage version check: runs on a chain at
	/// version 3.
	pub type MigrateV3ToV4<T, Live> = VersionedMigration<
		3,
		4,
		CountHeldForSettlement<T, Live>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 4 to 5 (release 132): each identity's tokens held for settlements counted in
/// [`IdentityHeldForSettlement`](crate::IdentityHeldForSettlement), so that an identity
/// subscribed to a security keeps a holding besides the tokens a failing raise would burn.
pub mod v5 {
	use super::*;
	use crate::IdentityHeldForSettlement;

	/// Count each identity's held tokens from the positions (the holds `v4` left live): reads
	/// the securities counted as holding tokens for settlements (usually none, or the one an
	/// offering of more than `MaxSettlementBatch` subscribers is settling) and each of their
	/// positions once, and writes one key per security and identity holding some, in the
	/// upgrade's block. The `try-runtime` checks (run on a snapshot of the chain before the
	/// upgrade, docs/upgrading.md) fail where it would not fit in half a block, where
	/// something is counted before the release that counts it, where a hold is counted under
	/// no identity or outside the securities counted as holding, or where the counts differ
	/// from every position's holds or from each security's count; the chain itself checks
	/// none of these.
	pub struct CountIdentityHeldForSettlement<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for CountIdentityHeldForSettlement<T> {
		fn on_runtime_upgrade() -> Weight {
			let holds = Pallet::<T>::holds_in_positions_of_holding_securities();
			let written = holds.by_identity.len() as u64;
			for ((security, identity), amount) in holds.by_identity {
				IdentityHeldForSettlement::<T>::insert(security, identity, amount);
			}
			T::DbWeight::get().reads_writes(holds.keys_read, written)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			ensure!(
				IdentityHeldForSettlement::<T>::iter_keys().next().is_none(),
				"identities' held tokens counted before the release that counts them"
			);
			let all = Pallet::<T>::holds_in_positions();
			ensure!(all.under_no_identity == 0, "tokens held for a settlement under no identity");
			let read = Pallet::<T>::holds_in_positions_of_holding_securities();
			ensure!(
				read.by_identity == all.by_identity,
				"tokens held for a settlement of a security not counted as holding any"
			);
			let cost =
				T::DbWeight::get().reads_writes(read.keys_read, read.by_identity.len() as u64);
			let room = <T as frame_system::Config>::BlockWeights::get().max_block / 2;
			ensure!(cost.all_lte(room), "too many positions to count in one block");
			Ok(Vec::new())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::BTreeMap;
			use sp_runtime::traits::Saturating;
			let holds = Pallet::<T>::holds_in_positions();
			let counted: BTreeMap<_, _> = IdentityHeldForSettlement::<T>::iter()
				.map(|(security, identity, amount)| ((security, identity), amount))
				.collect();
			ensure!(counted == holds.by_identity, "identities' held tokens differ from the holds");
			// Each security's identities add up to its own count.
			let mut summed = BTreeMap::<SecurityId, <T as Config>::Balance>::new();
			for ((security, _), amount) in counted {
				let sum = summed.entry(security).or_default();
				*sum = sum.saturating_add(amount);
			}
			let by_security: BTreeMap<_, _> = crate::HeldForSettlement::<T>::iter().collect();
			ensure!(summed == by_security, "identities' held tokens differ from the security's");
			Ok(())
		}
	}

	/// [`CountIdentityHeldForSettlement`] behind the storage version check: runs on a chain at
	/// version 4.
	pub type MigrateV4ToV5<T> = VersionedMigration<
		4,
		5,
		CountIdentityHeldForSettlement<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
