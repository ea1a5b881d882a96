//! Pre-trade controls: the limits a market puts on every order (set by its administrator)
//! and the limits a venue puts on each investor it serves. Both are checked when an order is
//! placed or amended, before it reserves anything or reaches the book.

use crate::{
	CashAssetId, Config, Error, Event, InvestorLimits, InvestorLimitsOf, InvestorLimitsState, Lots,
	MarketId, MarketOf, Markets, OrderLimits, Pallet, Price, PriceControls, BASIS_POINTS,
};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::traits::{Saturating, Zero};
use stledger_primitives::{ExchangeId, ExchangeRegistry, IdentityId, InvestorRegistry, Moment};

/// One UTC day in milliseconds: the period of an investor's daily limit.
pub(crate) const DAY: Moment = 86_400_000;

/// The widest price band: 50 % either side of its reference.
pub const MAX_BAND_BPS: u32 = BASIS_POINTS as u32 / 2;

/// What an order is judged on by the pre-trade controls.
pub(crate) struct Entry<Balance> {
	/// The venue it comes through.
	pub venue: ExchangeId,
	/// Its owner's identity.
	pub identity: IdentityId,
	/// Its quantity.
	pub lots: Lots,
	/// Its value at its limit price (lots × price × tick size).
	pub value: Balance,
	/// Value already counted today, under the owner's current limits, for the order it
	/// replaces (an amendment counts only what it adds).
	pub counted: Balance,
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_set_order_limits(
		caller: Option<ExchangeId>,
		market: MarketId,
		limits: OrderLimits<T::Balance>,
	) -> DispatchResult {
		Markets::<T>::try_mutate(market, |maybe| {
			let info = maybe.as_mut().ok_or(Error::<T>::UnknownMarket)?;
			Self::ensure_administers(caller, info)?;
			ensure!(
				limits.max_lots.is_none_or(|max| max >= info.params.min_order),
				Error::<T>::MaxOrderBelowMinimum
			);
			if let (Some(min), Some(max)) = (limits.min_value, limits.max_value) {
				ensure!(min <= max, Error::<T>::MinValueAboveMaxValue);
			}
			ensure!(
				limits
					.max_open_per_identity
					.is_none_or(|cap| cap > 0 && cap <= T::MaxOpenOrdersPerIdentity::get()),
				Error::<T>::IdentityOrderCapOutOfRange
			);
			info.limits = limits;
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::OrderLimitsSet { market, limits });
		Ok(())
	}

	pub(crate) fn do_set_investor_limits(
		who: &T::AccountId,
		venue: ExchangeId,
		cash: CashAssetId,
		identity: IdentityId,
		limits: Option<InvestorLimits<T::Balance>>,
	) -> DispatchResult {
		ensure!(
			T::Exchanges::active_exchange_of_operator(who) == Some(venue),
			Error::<T>::NotVenueOperator
		);
		// Limits are kept only for what can trade: a cash asset and an identity that exist
		// (no venue fills the chain with entries for made-up keys).
		if limits.is_some() {
			Self::ensure_cash_asset(cash)?;
			ensure!(T::Investors::identity_exists(identity), Error::<T>::UnknownIdentity);
		}
		let now = Self::now();
		InvestorLimitsOf::<T>::try_mutate_exists((venue, cash, identity), |state| {
			match limits {
				// Changed limits keep counting what was entered today; new ones start
				// counting now (orders entered before were not counted, and an amendment of
				// one gets no credit for them).
				Some(limits) => {
					let (day, entered, since) = state
						.map_or(((now / DAY) as u32, Zero::zero(), now), |s| {
							(s.day, s.entered, s.since)
						});
					*state = Some(InvestorLimitsState { limits, day, entered, since });
				},
				None => {
					ensure!(state.take().is_some(), Error::<T>::NoInvestorLimits);
				},
			}
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::InvestorLimitsSet { venue, cash, identity, limits });
		Ok(())
	}

	/// The price an order is valued at by the controls: a bid's limit (it never pays more);
	/// for an ask, the highest of its limit, the best bid when it is entered and the market's
	/// reference and last prices, since it trades at resting bids' prices or at an auction's
	/// (a sell order priced at one tick is not a small order).
	pub(crate) fn valuation_price(
		market: &MarketOf<T>,
		id: MarketId,
		side: crate::Side,
		price: Price,
	) -> Price {
		match side {
			crate::Side::Bid => price,
			crate::Side::Ask => [
				Some(price),
				crate::Books::<T>::get(id).best(crate::Side::Bid),
				market.reference_price,
				market.last_price,
			]
			.into_iter()
			.flatten()
			.max()
			.unwrap_or(price),
		}
	}

	/// The most orders `identity`'s accounts may rest in `market`.
	pub(crate) fn identity_order_cap(market: &MarketOf<T>) -> u32 {
		let cap = T::MaxOpenOrdersPerIdentity::get();
		market.limits.max_open_per_identity.map_or(cap, |own| own.min(cap))
	}

	/// Check an order against the market's limits and its venue's limits for its owner, and
	/// count its value in the owner's day. Writes only when the venue limits the owner.
	pub(crate) fn check_pre_trade(
		market: &MarketOf<T>,
		entry: &Entry<T::Balance>,
		now: Moment,
	) -> DispatchResult {
		let limits = &market.limits;
		ensure!(limits.max_lots.is_none_or(|max| entry.lots <= max), Error::<T>::AboveMaximumOrder);
		ensure!(
			limits.min_value.is_none_or(|min| entry.value >= min),
			Error::<T>::BelowMinimumValue
		);
		ensure!(
			limits.max_value.is_none_or(|max| entry.value <= max),
			Error::<T>::AboveMaximumValue
		);

		let key = (entry.venue, market.cash, entry.identity);
		let Some(mut state) = InvestorLimitsOf::<T>::get(key) else { return Ok(()) };
		ensure!(
			state.limits.max_order_value.is_none_or(|max| entry.value <= max),
			Error::<T>::AboveInvestorOrderValue
		);
		let today = (now / DAY) as u32;
		if state.day != today {
			state.day = today;
			state.entered = Zero::zero();
		}
		// An amendment's credit only for what these limits counted (see `Entry::counted`).
		let added = entry.value.saturating_sub(entry.counted);
		let entered = state.entered.saturating_add(added);
		ensure!(
			state.limits.max_daily_value.is_none_or(|max| entered <= max),
			Error::<T>::InvestorDailyLimitReached
		);
		state.entered = entered;
		InvestorLimitsOf::<T>::insert(key, state);
		Ok(())
	}

	pub(crate) fn do_set_price_controls(
		caller: Option<ExchangeId>,
		market: MarketId,
		controls: PriceControls,
		reference_price: Option<Price>,
	) -> DispatchResult {
		let bands = [controls.static_band_bps, controls.dynamic_band_bps];
		ensure!(
			bands.iter().flatten().all(|bps| *bps > 0 && *bps <= MAX_BAND_BPS),
			Error::<T>::BandOutOfRange
		);
		ensure!(
			bands.iter().all(Option::is_none) || controls.interruption_ms > 0,
			Error::<T>::InterruptionTooShort
		);
		ensure!(
			controls.interruption_ms <= DAY && controls.opening_auction_ms <= DAY,
			Error::<T>::AuctionTooLong
		);
		ensure!(reference_price != Some(0), Error::<T>::ZeroPrice);
		Markets::<T>::try_mutate(market, |maybe| {
			let info = maybe.as_mut().ok_or(Error::<T>::UnknownMarket)?;
			Self::ensure_administers(caller, info)?;
			info.controls = controls;
			if reference_price.is_some() {
				info.reference_price = reference_price;
			}
			Ok::<_, DispatchError>(())
		})?;
		Self::deposit_event(Event::PriceControlsSet { market, controls, reference_price });
		Ok(())
	}

	/// Whether a trade at `price` stays within `market`'s bands: the static one around its
	/// reference price, the dynamic one around `last` (the last trade before the incoming
	/// order). A band without a reference yet does not apply.
	pub(crate) fn within_bands(market: &MarketOf<T>, price: Price, last: Option<Price>) -> bool {
		let within = |reference: Option<Price>, bps: Option<u32>| match (reference, bps) {
			(Some(reference), Some(bps)) => {
				u128::from(price.abs_diff(reference)) * u128::from(BASIS_POINTS)
					<= u128::from(reference) * u128::from(bps)
			},
			_ => true,
		};
		within(market.reference_price, market.controls.static_band_bps)
			&& within(last, market.controls.dynamic_band_bps)
	}

	/// A market order's limit: the tightest band bound on its side (for a bid the lowest of
	/// the bands' upper bounds, for an ask the highest of their lower bounds), so it never
	/// trades beyond a band; `None` if no band has a reference yet.
	pub fn protection_price(market: &MarketOf<T>, side: crate::Side) -> Option<Price> {
		let bound = |reference: Option<Price>, bps: Option<u32>| {
			let (reference, bps) = (u128::from(reference?), u128::from(bps?));
			let basis = u128::from(BASIS_POINTS);
			let price = match side {
				// Rounded towards the reference: never outside the band.
				crate::Side::Bid => reference * (basis + bps) / basis,
				crate::Side::Ask => (reference * (basis - bps)).div_ceil(basis).max(1),
			};
			Price::try_from(price).ok()
		};
		let bounds = [
			bound(market.reference_price, market.controls.static_band_bps),
			bound(market.last_price, market.controls.dynamic_band_bps),
		];
		let bounds = bounds.into_iter().flatten();
		match side {
			crate::Side::Bid => bounds.min(),
			crate::Side::Ask => bounds.max(),
		}
	}
}
