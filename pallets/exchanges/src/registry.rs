//! What other pallets may ask about the consortium.

use crate::{ActiveExchanges, Config, ExchangeStatus, Exchanges, Pallet};
use alloc::vec::Vec;
use stledger_primitives::{CountryCode, ExchangeId, ExchangeRegistry};

impl<T: Config> Pallet<T> {
	/// The exchange `who` is the validator account of (active or suspended), if any: in the
	/// ST Ledger runtime, who may register session keys (`pallet-session`'s `ValidatorIdOf`).
	pub fn exchange_validated_by(who: &T::AccountId) -> Option<ExchangeId> {
		crate::ExchangeOfAccount::<T>::get(who).filter(|exchange| {
			Exchanges::<T>::get(exchange).is_some_and(|info| info.validator == *who)
		})
	}
}

impl<T: Config> ExchangeRegistry<T::AccountId> for Pallet<T> {
	fn active_exchange_of_operator(who: &T::AccountId) -> Option<ExchangeId> {
		Pallet::<T>::exchange_operated_by(who)
			.ok()
			.filter(|(_, info)| info.status == ExchangeStatus::Active)
			.map(|(exchange, _)| exchange)
	}

	fn exchange_of_operator(who: &T::AccountId) -> Option<ExchangeId> {
		Pallet::<T>::exchange_operated_by(who).ok().map(|(exchange, _)| exchange)
	}

	fn is_active(exchange: ExchangeId) -> bool {
		ActiveExchanges::<T>::get().binary_search(&exchange).is_ok()
	}

	fn is_member(exchange: ExchangeId) -> bool {
		Exchanges::<T>::contains_key(exchange)
	}

	fn is_licensed_for(exchange: ExchangeId, jurisdiction: CountryCode) -> bool {
		Exchanges::<T>::get(exchange).is_some_and(|info| {
			info.status == ExchangeStatus::Active && info.jurisdictions.contains(&jurisdiction)
		})
	}

	fn active_licences() -> Vec<(ExchangeId, Vec<CountryCode>)> {
		ActiveExchanges::<T>::get()
			.into_iter()
			.filter_map(|id| {
				Exchanges::<T>::get(id).map(|info| (id, info.jurisdictions.into_inner()))
			})
			.collect()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn admit_for_benchmark(operator: &T::AccountId, jurisdiction: CountryCode) -> ExchangeId {
		use codec::Encode;
		let next = crate::NextExchangeId::<T>::get();
		let validator: T::AccountId = frame_benchmarking::account("benchmark-validator", next, 0);
		let node = (b"benchmark-node", next).encode();
		Pallet::<T>::insert_exchange(
			b"Benchmark Venue".to_vec().try_into().unwrap(),
			alloc::vec![jurisdiction].try_into().unwrap(),
			Default::default(),
			operator.clone(),
			validator,
			node.try_into().unwrap(),
		)
		.expect("room for one more exchange")
	}
}
