//! Markets: who may create and change them, and what makes their figures valid.

use crate::{
	Books, CashAssetId, Config, Error, Event, MarketId, MarketOf, MarketOfPair, MarketParams,
	MarketStatus, Markets, NextMarketId, Pallet, BASIS_POINTS,
};
use frame_support::{ensure, pallet_prelude::*, traits::fungibles::Inspect, BoundedVec};
use frame_system::pallet_prelude::OriginFor;
use sp_runtime::traits::{AccountIdConversion, Zero};
use stledger_primitives::{ExchangeId, ExchangeRegistry, SecuritiesLedger, SecurityId};

/// The highest fee a market may charge: 10 %.
pub const MAX_FEE_BPS: u16 = BASIS_POINTS / 10;

impl<T: Config> Pallet<T> {
	/// The account holding venues' fees until they claim them.
	pub fn fee_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// `None` for the consortium, or the exchange whose active operator signed.
	pub(crate) fn ensure_consortium_or_venue(
		origin: OriginFor<T>,
	) -> Result<Option<ExchangeId>, DispatchError> {
		if T::ConsortiumOrigin::try_origin(origin.clone()).is_ok() {
			return Ok(None);
		}
		let who = frame_system::ensure_signed(origin)?;
		T::Exchanges::active_exchange_of_operator(&who)
			.map(Some)
			.ok_or_else(|| Error::<T>::NotMarketAdministrator.into())
	}

	fn validate_params(cash: CashAssetId, params: &MarketParams<T::Balance>) -> DispatchResult {
		ensure!(
			!params.tick_size.is_zero() && !params.lot_size.is_zero() && params.min_order > 0,
			Error::<T>::ZeroMarketParameter
		);
		ensure!(
			params.maker_fee_bps <= MAX_FEE_BPS && params.taker_fee_bps <= MAX_FEE_BPS,
			Error::<T>::FeeTooHigh
		);
		// Every bid then reserves at least the cash minimum, so reservations and payments
		// never fall below what an account needs to exist.
		let smallest = params
			.tick_size
			.checked_mul(&T::Balance::from(params.min_order))
			.ok_or(Error::<T>::ValueOverflow)?;
		ensure!(smallest >= T::Assets::minimum_balance(cash), Error::<T>::MinimumOrderTooSmall);
		Ok(())
	}

	/// Whether `cash` may be a market's cash asset: it exists and is not a security.
	pub(crate) fn ensure_cash_asset(cash: CashAssetId) -> DispatchResult {
		ensure!(
			T::Assets::asset_exists(cash) && T::Securities::issuer(cash).is_none(),
			Error::<T>::InvalidCashAsset
		);
		Ok(())
	}

	fn ensure_venue_may_list(security: SecurityId, venue: ExchangeId) -> DispatchResult {
		ensure!(T::Exchanges::is_active(venue), Error::<T>::VenueNotActive);
		ensure!(
			T::Securities::venue_allowed(security, venue),
			Error::<T>::VenueNotAllowedBySecurity
		);
		Ok(())
	}

	/// Whether `caller` (`None`: the consortium) may change `market`: the consortium always,
	/// a venue only if it administers the market, still lists it (a market whose
	/// administrator delisted itself before release 117 kept the administrator) and is still
	/// allowed by the security's rules (an issuer that stopped allowing a venue takes its
	/// powers over the market at once, release 118).
	pub(crate) fn ensure_administers(
		caller: Option<ExchangeId>,
		market: &MarketOf<T>,
	) -> DispatchResult {
		let Some(venue) = caller else { return Ok(()) };
		ensure!(
			market.administrator == Some(venue) && market.venues.contains(&venue),
			Error::<T>::NotMarketAdministrator
		);
		ensure!(
			T::Securities::venue_allowed(market.security, venue),
			Error::<T>::VenueNotAllowedBySecurity
		);
		Ok(())
	}

	pub(crate) fn do_create_market(
		caller: Option<ExchangeId>,
		security: SecurityId,
		cash: CashAssetId,
		params: MarketParams<T::Balance>,
		venues: BoundedVec<ExchangeId, T::MaxVenues>,
	) -> DispatchResult {
		ensure!(T::Securities::issuer(security).is_some(), Error::<T>::UnknownSecurity);
		Self::ensure_cash_asset(cash)?;
		ensure!(!MarketOfPair::<T>::contains_key(security, cash), Error::<T>::MarketExists);
		ensure!(!venues.is_empty(), Error::<T>::NoVenues);
		// A venue creates markets it lists itself, and administers them.
		ensure!(
			caller.is_none_or(|venue| venues.contains(&venue)),
			Error::<T>::NotMarketAdministrator
		);
		let mut sorted = venues.clone().into_inner();
		sorted.sort_unstable();
		sorted.dedup();
		ensure!(sorted.len() == venues.len(), Error::<T>::AlreadyListed);
		// No other venue is listed without its own call (`list_market`), as no venue lists
		// another later.
		ensure!(caller.is_none() || venues.len() == 1, Error::<T>::ListsOtherVenues);
		for venue in venues.iter() {
			Self::ensure_venue_may_list(security, *venue)?;
		}
		Self::validate_params(cash, &params)?;
		ensure!(
			T::Assets::balance(cash, &Self::fee_account()) >= T::Assets::minimum_balance(cash),
			Error::<T>::FeeAccountNotFunded
		);

		let market = NextMarketId::<T>::get();
		NextMarketId::<T>::put(market.checked_add(1).ok_or(Error::<T>::ValueOverflow)?);
		MarketOfPair::<T>::insert(security, cash, market);
		Markets::<T>::insert(
			market,
			crate::Market {
				security,
				cash,
				params,
				status: MarketStatus::Open,
				venues: venues.clone(),
				administrator: caller,
				limits: Default::default(),
				controls: Default::default(),
				phase: crate::Phase::Continuous,
				reference_price: None,
				last_price: None,
			},
		);
		Self::deposit_event(Event::MarketCreated {
			market,
			security,
			cash,
			params,
			venues: venues.into_inner(),
		});
		Ok(())
	}

	pub(crate) fn do_set_params(
		caller: Option<ExchangeId>,
		market: MarketId,
		params: MarketParams<T::Balance>,
	) -> DispatchResult {
		Markets::<T>::try_mutate(market, |maybe| {
			let info = maybe.as_mut().ok_or(Error::<T>::UnknownMarket)?;
			Self::ensure_administers(caller, info)?;
			Self::validate_params(info.cash, &params)?;
			// Resting orders hold prices in ticks and quantities in lots: a new tick or lot
			// size would reprice them.
			let repriced = params.tick_size != info.params.tick_size
				|| params.lot_size != info.params.lot_size;
			ensure!(!repriced || Books::<T>::get(market).is_empty(), Error::<T>::BookNotEmpty);
			info.params = params;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::MarketParamsChanged { market, params });
		Ok(())
	}

	pub(crate) fn do_set_status(
		caller: Option<ExchangeId>,
		market: MarketId,
		status: MarketStatus,
	) -> DispatchResult {
		Markets::<T>::try_mutate(market, |maybe| {
			let info = maybe.as_mut().ok_or(Error::<T>::UnknownMarket)?;
			Self::ensure_administers(caller, info)?;
			ensure!(info.status != status, Error::<T>::StatusUnchanged);
			info.status = status;
			Self::deposit_event(Event::MarketStatusChanged { market, status });
			if status == MarketStatus::Open {
				// Reopening: through an opening auction if the market has one, or if orders
				// left resting cross (continuous trading never starts on a crossed book).
				let book = Books::<T>::get(market);
				let crossed = matches!(
					(book.best(crate::Side::Bid), book.best(crate::Side::Ask)),
					(Some(bid), Some(ask)) if bid >= ask
				);
				// An auction halted while uncrossing ends with what it traded.
				if let crate::Phase::Uncrossing { price, traded } = info.phase {
					Self::end_auction(market, info, Some(price), traded);
				}
				let length = info.controls.opening_auction_ms;
				if length > 0 || crossed {
					let ends_at = Self::now().saturating_add(length);
					Self::start_auction(market, info, ends_at, crate::AuctionReason::Opening);
				} else {
					info.phase = crate::Phase::Continuous;
				}
			}
			Ok::<_, DispatchError>(())
		})?;
		Ok(())
	}

	pub(crate) fn do_set_administrator(
		origin: OriginFor<T>,
		market: MarketId,
		administrator: Option<ExchangeId>,
	) -> DispatchResult {
		let info = Markets::<T>::get(market).ok_or(Error::<T>::UnknownMarket)?;
		if T::ConsortiumOrigin::try_origin(origin.clone()).is_err() {
			let who = frame_system::ensure_signed(origin)?;
			ensure!(
				T::Securities::is_administrator(info.security, &who),
				Error::<T>::NotMarketAdministrator
			);
		}
		if let Some(venue) = administrator {
			ensure!(info.venues.contains(&venue), Error::<T>::VenueNotListing);
			Self::ensure_venue_may_list(info.security, venue)?;
		}
		Markets::<T>::mutate(market, |maybe| {
			if let Some(info) = maybe {
				info.administrator = administrator;
			}
		});
		Self::deposit_event(Event::MarketAdministratorSet { market, administrator });
		Ok(())
	}

	pub(crate) fn do_list(
		caller: Option<ExchangeId>,
		market: MarketId,
		venue: ExchangeId,
	) -> DispatchResult {
		ensure!(caller.is_none_or(|c| c == venue), Error::<T>::NotMarketAdministrator);
		Markets::<T>::try_mutate(market, |maybe| {
			let info = maybe.as_mut().ok_or(Error::<T>::UnknownMarket)?;
			ensure!(!info.venues.contains(&venue), Error::<T>::AlreadyListed);
			Self::ensure_venue_may_list(info.security, venue)?;
			info.venues.try_push(venue).map_err(|_| Error::<T>::TooManyVenues)?;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::MarketListed { market, venue });
		Ok(())
	}

	pub(crate) fn do_delist(
		caller: Option<ExchangeId>,
		market: MarketId,
		venue: ExchangeId,
	) -> DispatchResult {
		ensure!(caller.is_none_or(|c| c == venue), Error::<T>::NotMarketAdministrator);
		let handed_over = Markets::<T>::try_mutate(market, |maybe| {
			let info = maybe.as_mut().ok_or(Error::<T>::UnknownMarket)?;
			let at =
				info.venues.iter().position(|v| *v == venue).ok_or(Error::<T>::VenueNotListing)?;
			info.venues.remove(at);
			// Only a venue listing a market administers it (as `set_market_administrator`
			// requires): a delisted administrator leaves the market to the consortium.
			let handed_over = info.administrator == Some(venue);
			if handed_over {
				info.administrator = None;
			}
			Ok::<_, DispatchError>(handed_over)
		})?;
		Self::deposit_event(Event::MarketDelisted { market, venue });
		if handed_over {
			Self::deposit_event(Event::MarketAdministratorSet { market, administrator: None });
		}
		Ok(())
	}
}
