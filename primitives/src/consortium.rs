//! The consortium of exchanges, as other pallets see it.

use crate::CountryCode;

/// Identifier of a consortium member exchange. Assigned in admission order, never reused.
pub type ExchangeId = u32;

/// What pallets may ask about the consortium of exchanges.
///
/// Implemented by `pallet-exchanges`; attestation uses it to let an exchange attest
/// for its own licensed jurisdictions, the order book to check venues.
pub trait ExchangeRegistry<AccountId> {
	/// The exchange whose operator account is `who`, if it is active.
	fn active_exchange_of_operator(who: &AccountId) -> Option<ExchangeId>;
	/// Whether the exchange exists and is active.
	fn is_active(exchange: ExchangeId) -> bool;
	/// Whether the exchange is active and licensed for `jurisdiction`.
	fn is_licensed_for(exchange: ExchangeId, jurisdiction: CountryCode) -> bool;

	/// Benchmarks only: admit a new active exchange operated by `operator`, licensed for
	/// `jurisdiction`.
	#[cfg(feature = "runtime-benchmarks")]
	fn admit_for_benchmark(operator: &AccountId, jurisdiction: CountryCode) -> ExchangeId;
}
