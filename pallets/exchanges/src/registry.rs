//! What other pallets may ask about the consortium.

use crate::{ActiveExchanges, Config, ExchangeOfAccount, ExchangeStatus, Exchanges, Pallet};
use stledger_primitives::{CountryCode, ExchangeId, ExchangeRegistry};

impl<T: Config> ExchangeRegistry<T::AccountId> for Pallet<T> {
	fn active_exchange_of_operator(who: &T::AccountId) -> Option<ExchangeId> {
		let exchange = ExchangeOfAccount::<T>::get(who)?;
		Exchanges::<T>::get(exchange)
			.filter(|info| info.operator == *who && info.status == ExchangeStatus::Active)
			.map(|_| exchange)
	}

	fn is_active(exchange: ExchangeId) -> bool {
		ActiveExchanges::<T>::get().binary_search(&exchange).is_ok()
	}

	fn is_licensed_for(exchange: ExchangeId, jurisdiction: CountryCode) -> bool {
		Exchanges::<T>::get(exchange).is_some_and(|info| {
			info.status == ExchangeStatus::Active && info.jurisdictions.contains(&jurisdiction)
		})
	}
}
