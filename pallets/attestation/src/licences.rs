//! Who may attest for which jurisdictions, in one value ([`Licences`]).
//!
//! An attestation counts only while its attestor is active and licensed for the
//! jurisdiction it attested: an exchange's licence (kept by `pallet-exchanges`) or a
//! registered attestor's registration ([`Attestors`]). A profile used to read one key per
//! attestation for that (up to four); every compliance check reads a profile, a fill two.
//! The licences are a small set every check asks about, so they are kept here in one value,
//! written in the same call as what they copy: by this pallet's attestor calls, and by
//! `pallet-exchanges` through [`ExchangeLicenceObserver`] for every admission, suspension,
//! reinstatement, removal and change of jurisdictions. A suspended attestor or an exchange
//! that loses a jurisdiction stops counting in the same block, as before.

#[cfg(feature = "runtime-benchmarks")]
use crate::Attestor;
use crate::{AttestorStatus, Attestors, Config, Error, Licences, Pallet};
#[cfg(feature = "runtime-benchmarks")]
use alloc::vec::Vec;
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*, BoundedVec, CloneNoBound, DebugNoBound, DefaultNoBound, EqNoBound,
	PartialEqNoBound,
};

use scale_info::TypeInfo;
use stledger_primitives::{CountryCode, ExchangeId, ExchangeLicenceObserver, LicenceNotRecorded};

/// How many bytes a [`JurisdictionSet`] takes: one bit for each of the 26 × 26 two-letter
/// codes.
pub const JURISDICTION_SET_BYTES: usize = (26 * 26usize).div_ceil(8);

/// A set of jurisdictions as a bitmap of every two-letter code (85 bytes). Of fixed size, so
/// a table of them decodes with no allocation per entry, and a lookup is a bit test: the
/// table is decoded at every profile lookup.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct JurisdictionSet(pub [u8; JURISDICTION_SET_BYTES]);

impl JurisdictionSet {
	/// The bit of a well-formed code.
	fn bit(code: CountryCode) -> Option<usize> {
		code.is_well_formed()
			.then(|| usize::from(code.0[0] - b'A') * 26 + usize::from(code.0[1] - b'A'))
	}

	/// The set of `codes` (malformed codes, which no licence holds, are left out).
	pub fn from_codes(codes: &[CountryCode]) -> Self {
		let mut set = Self([0; JURISDICTION_SET_BYTES]);
		for bit in codes.iter().filter_map(|code| Self::bit(*code)) {
			set.0[bit / 8] |= 1 << (bit % 8);
		}
		set
	}

	/// Whether `code` is in the set.
	pub fn contains(&self, code: CountryCode) -> bool {
		Self::bit(code).is_some_and(|bit| self.0[bit / 8] & (1 << (bit % 8)) != 0)
	}

	/// The codes in the set, in alphabetical order.
	pub fn codes(&self) -> impl Iterator<Item = CountryCode> + '_ {
		(0..26 * 26usize)
			.filter(|bit| self.0[bit / 8] & (1 << (bit % 8)) != 0)
			.map(|bit| CountryCode([b'A' + (bit / 26) as u8, b'A' + (bit % 26) as u8]))
	}
}

impl core::fmt::Debug for JurisdictionSet {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_set().entries(self.codes().map(|code| code.0)).finish()
	}
}

/// A registered attestor's licence: its jurisdictions, and whether it is active.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct RegisteredLicence {
	/// Whether its attestations count (not suspended).
	pub active: bool,
	/// The jurisdictions it may attest for.
	pub jurisdictions: JurisdictionSet,
}

/// Every licence to attest, in one value (see the module docs of `licences.rs`).
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DefaultNoBound,
	Encode,
	Decode,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxExchanges, MaxAttestors))]
pub struct LicenceTable<
	AccountId: Ord + Clone + PartialEq + Eq + core::fmt::Debug,
	MaxExchanges: Get<u32>,
	MaxAttestors: Get<u32>,
> {
	/// Each active exchange and the jurisdictions it is licensed for, by ascending id.
	pub exchanges: BoundedVec<(ExchangeId, JurisdictionSet), MaxExchanges>,
	/// Each registered attestor, active or suspended, by ascending account: so the bound
	/// on registrations is the table's, and a reinstatement always has its place.
	pub attestors: BoundedVec<(AccountId, RegisteredLicence), MaxAttestors>,
}

/// The [`LicenceTable`] of a runtime.
pub type LicenceTableOf<T> = LicenceTable<
	<T as frame_system::Config>::AccountId,
	<T as Config>::MaxExchanges,
	<T as Config>::MaxRegisteredAttestors,
>;

impl<
		AccountId: Ord + Clone + PartialEq + Eq + core::fmt::Debug,
		MaxExchanges: Get<u32>,
		MaxAttestors: Get<u32>,
	> LicenceTable<AccountId, MaxExchanges, MaxAttestors>
{
	/// Whether `exchange` is active and licensed for `jurisdiction`.
	pub fn exchange_licensed(&self, exchange: ExchangeId, jurisdiction: CountryCode) -> bool {
		self.exchanges
			.binary_search_by_key(&exchange, |(id, _)| *id)
			.is_ok_and(|at| self.exchanges[at].1.contains(jurisdiction))
	}

	/// Whether `attestor` is an active registered attestor licensed for `jurisdiction`.
	pub fn attestor_licensed(&self, attestor: &AccountId, jurisdiction: CountryCode) -> bool {
		self.attestors.binary_search_by(|(account, _)| account.cmp(attestor)).is_ok_and(|at| {
			let licence = &self.attestors[at].1;
			licence.active && licence.jurisdictions.contains(jurisdiction)
		})
	}

	/// `exchange` is licensed for `jurisdictions` from now on; none (empty) removes it.
	/// Refused when a new exchange finds the table full.
	pub fn set_exchange(
		&mut self,
		exchange: ExchangeId,
		jurisdictions: &[CountryCode],
	) -> Result<(), LicenceNotRecorded> {
		let found = self.exchanges.binary_search_by_key(&exchange, |(id, _)| *id);
		if jurisdictions.is_empty() {
			if let Ok(at) = found {
				self.exchanges.remove(at);
			}
			return Ok(());
		}
		let jurisdictions = JurisdictionSet::from_codes(jurisdictions);
		match found {
			Ok(at) => self.exchanges[at].1 = jurisdictions,
			Err(at) => self
				.exchanges
				.try_insert(at, (exchange, jurisdictions))
				.map_err(|_| LicenceNotRecorded)?,
		}
		Ok(())
	}

	/// Record `attestor`'s licence (registered or changed); `None` forgets it (removed).
	/// Refused when a new attestor finds the table full.
	pub fn set_attestor(
		&mut self,
		attestor: &AccountId,
		licence: Option<RegisteredLicence>,
	) -> Result<(), LicenceNotRecorded> {
		let found = self.attestors.binary_search_by(|(account, _)| account.cmp(attestor));
		match (found, licence) {
			(Ok(at), Some(licence)) => self.attestors[at].1 = licence,
			(Ok(at), None) => {
				self.attestors.remove(at);
			},
			(Err(at), Some(licence)) => self
				.attestors
				.try_insert(at, (attestor.clone(), licence))
				.map_err(|_| LicenceNotRecorded)?,
			(Err(_), None) => {},
		}
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// Record a registered attestor (new, changed, suspended or reinstated) in [`Attestors`]
	/// and in the licence table, or refuse with [`Error::TooManyAttestors`] when a new one
	/// finds the table full. Genesis, the attestor calls and benchmarks all go through here.
	pub(crate) fn put_attestor(
		account: &T::AccountId,
		info: crate::AttestorOf<T>,
	) -> Result<(), Error<T>> {
		let licence = RegisteredLicence {
			active: info.status == AttestorStatus::Active,
			jurisdictions: JurisdictionSet::from_codes(&info.jurisdictions),
		};
		Licences::<T>::try_mutate(|table| table.set_attestor(account, Some(licence)))
			.map_err(|_| Error::<T>::TooManyAttestors)?;
		Attestors::<T>::insert(account, info);
		Ok(())
	}

	/// Forget a registered attestor, in [`Attestors`] and in the licence table.
	pub(crate) fn forget_attestor(account: &T::AccountId) {
		Licences::<T>::mutate(|table| {
			// Removing never needs room.
			let _ = table.set_attestor(account, None);
		});
		Attestors::<T>::remove(account);
	}

	/// The licence table as the registries it copies would build it: every registered
	/// attestor and every active exchange `T::Exchanges` reports. Reads every one of them:
	/// for the migration and its checks, never for a transaction.
	pub fn licences_from_registries() -> Result<LicenceTableOf<T>, LicenceNotRecorded> {
		let mut table = LicenceTableOf::<T>::default();
		for (account, info) in Attestors::<T>::iter() {
			let licence = RegisteredLicence {
				active: info.status == AttestorStatus::Active,
				jurisdictions: JurisdictionSet::from_codes(&info.jurisdictions),
			};
			table.set_attestor(&account, Some(licence))?;
		}
		for (exchange, jurisdictions) in
			<T::Exchanges as stledger_primitives::ExchangeRegistry<T::AccountId>>::active_licences()
		{
			table.set_exchange(exchange, &jurisdictions)?;
		}
		Ok(table)
	}

	/// The licence table with every active exchange, then as many registered attestors as
	/// fit, active ones first: what the migration writes for a chain whose registries do not
	/// fit ([`crate::migrations::v2`]).
	pub(crate) fn licences_that_fit() -> LicenceTableOf<T> {
		let mut table = LicenceTableOf::<T>::default();
		for (exchange, jurisdictions) in
			<T::Exchanges as stledger_primitives::ExchangeRegistry<T::AccountId>>::active_licences()
		{
			// Every active exchange fits: the table holds as many as the consortium admits.
			let _ = table.set_exchange(exchange, &jurisdictions);
		}
		for active in [true, false] {
			for (account, info) in Attestors::<T>::iter() {
				if (info.status == AttestorStatus::Active) == active {
					let jurisdictions = JurisdictionSet::from_codes(&info.jurisdictions);
					let licence = RegisteredLicence { active, jurisdictions };
					let _ = table.set_attestor(&account, Some(licence));
				}
			}
		}
		table
	}

	/// Benchmarks only: fill the licence table to its bounds with registered attestors and
	/// exchanges (each with the most jurisdictions), keeping `attestor_room` places for
	/// attestors and `exchange_room` for exchanges a benchmark adds itself, so that a lookup
	/// decodes the largest table a chain can have.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn fill_licences_for_benchmark(attestor_room: u32, exchange_room: u32) {
		let codes: Vec<CountryCode> = (0..T::MaxJurisdictions::get())
			.map(|i| CountryCode([b'A' + (i / 26 % 26) as u8, b'A' + (i % 26) as u8]))
			.collect();
		let mut table = Licences::<T>::get();
		let mut i = 0u32;
		while (table.exchanges.len() as u32) + exchange_room < T::MaxExchanges::get() {
			table.set_exchange(ExchangeId::MAX - i, &codes).expect("below the bound");
			i += 1;
		}
		Licences::<T>::put(table);
		let mut i = 0u32;
		while (Licences::<T>::get().attestors.len() as u32) + attestor_room
			< T::MaxRegisteredAttestors::get()
		{
			let account: T::AccountId = frame_benchmarking::account("licensed-attestor", i, 0);
			let info = Attestor {
				name: Default::default(),
				jurisdictions: codes.clone().try_into().expect("MaxJurisdictions codes"),
				status: AttestorStatus::Active,
			};
			Self::put_attestor(&account, info).expect("below the bound");
			i += 1;
		}
	}
}

impl<T: Config> ExchangeLicenceObserver for Pallet<T> {
	fn exchange_licence_changed(
		exchange: ExchangeId,
		jurisdictions: &[CountryCode],
	) -> Result<(), LicenceNotRecorded> {
		Licences::<T>::try_mutate(|table| table.set_exchange(exchange, jurisdictions))
	}
}

/// `pallet-exchanges` admits no registered attestor as an exchange's operator, as this pallet
/// registers no exchange's operator as an attestor (`AttestorOperatesExchange`).
impl<T: Config> stledger_primitives::AttestorRegistry<T::AccountId> for Pallet<T> {
	fn is_registered_attestor(who: &T::AccountId) -> bool {
		Attestors::<T>::contains_key(who)
	}
}
