//! The consortium of exchanges, as other pallets see it.

use crate::CountryCode;
use alloc::vec::Vec;

/// Identifier of a consortium member exchange. Assigned in admission order, never reused.
pub type ExchangeId = u32;

/// What pallets may ask about the consortium of exchanges.
///
/// Implemented by `pallet-exchanges`; attestation uses it to let an exchange attest
/// for its own licensed jurisdictions, the order book to check venues.
pub trait ExchangeRegistry<AccountId> {
	/// The exchange whose operator account is `who`, if it is active.
	fn active_exchange_of_operator(who: &AccountId) -> Option<ExchangeId>;
	/// The exchange whose operator account is `who`, whatever its status (a suspended
	/// exchange's operator is told so by name rather than as a stranger).
	fn exchange_of_operator(who: &AccountId) -> Option<ExchangeId>;
	/// Whether the exchange exists and is active.
	fn is_active(exchange: ExchangeId) -> bool;
	/// Whether the exchange is a member of the consortium, active or suspended: `false` once
	/// it has been removed (or if it was never admitted).
	fn is_member(exchange: ExchangeId) -> bool;
	/// Whether the exchange is active and licensed for `jurisdiction`.
	fn is_licensed_for(exchange: ExchangeId, jurisdiction: CountryCode) -> bool;
	/// Every active exchange with the jurisdictions it is licensed for, by id. Reads every
	/// exchange: for a migration, never for a transaction.
	fn active_licences() -> Vec<(ExchangeId, Vec<CountryCode>)>;

	/// Benchmarks only: admit a new active exchange operated by `operator`, licensed for
	/// `jurisdiction`.
	#[cfg(feature = "runtime-benchmarks")]
	fn admit_for_benchmark(operator: &AccountId, jurisdiction: CountryCode) -> ExchangeId;
}

/// Told by the consortium each time an exchange's licence changes, in the same call: a
/// pallet that keeps its own copy of who may attest for what (`pallet-attestation`'s licence
/// table, one value every compliance check reads) stays exact within the block.
pub trait ExchangeLicenceObserver {
	/// `exchange` is licensed for `jurisdictions` from now on; for none (an empty list) when
	/// it is suspended or removed. An `Err` means the copy cannot hold it; the caller fails.
	fn exchange_licence_changed(
		exchange: ExchangeId,
		jurisdictions: &[CountryCode],
	) -> Result<(), LicenceNotRecorded>;
}

/// Who the attestation pallet registered as attestors, asked by `pallet-exchanges` when it
/// admits an exchange: an exchange's operator attests under its exchange's licence, and an
/// account holding a registration too would have its attestations go on counting while the
/// consortium suspended its exchange.
pub trait AttestorRegistry<AccountId> {
	/// Whether `who` is a registered attestor, active or suspended.
	fn is_registered_attestor(who: &AccountId) -> bool;
}

/// An observer could not record a licence (its copy is full): the change must not happen.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LicenceNotRecorded;

impl ExchangeLicenceObserver for () {
	fn exchange_licence_changed(
		_exchange: ExchangeId,
		_jurisdictions: &[CountryCode],
	) -> Result<(), LicenceNotRecorded> {
		Ok(())
	}
}
