//! The runtime API wallets, venues and auditors call (polkadot.js: `api.call.orderbookApi.*`).

use crate::{
	Books, Config, Depth, DepthLevel, Levels, MarketId, MarketOf, Markets, OrderId, OrderOf,
	Orders, Pallet, RecentTrades, Side, TradeOf, Traders,
};
use alloc::vec::Vec;

sp_api::decl_runtime_apis! {
	/// Read markets, the book, orders and trades.
	///
	/// Version 2 (release 103): `market` shows the order limits, price controls, phase and
	/// reference prices; `indicative_uncross` is new.
	#[api_version(2)]
	pub trait OrderbookApi<AccountId, Balance>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
	{
		/// A market's figures, status, venues and order limits.
		fn market(market: MarketId) -> Option<crate::Market<Balance, crate::runtime_api::MaxVenuesShown>>;

		/// The best `levels` price levels of each side, aggregated.
		fn depth(market: MarketId, levels: u32) -> Depth;

		/// `owner`'s resting orders, in every market.
		fn open_orders(owner: AccountId) -> Vec<(OrderId, crate::Order<AccountId, Balance>)>;

		/// A market's latest trades, oldest first.
		fn last_trades(market: MarketId) -> Vec<crate::Trade<AccountId, Balance>>;

		/// During a call auction, the price and volume it would uncross at now (while it
		/// uncrosses: its price and what still trades at it); `None` outside an auction or
		/// when nothing crosses.
		#[api_version(2)]
		fn indicative_uncross(market: MarketId) -> Option<crate::Uncross>;
	}
}

/// The venue list as the API shows it (as long as any runtime allows).
pub type MaxVenuesShown = frame_support::traits::ConstU32<64>;

impl<T: Config> Pallet<T> {
	/// The runtime API's `market`.
	pub fn market_info(market: MarketId) -> Option<crate::Market<T::Balance, MaxVenuesShown>> {
		let MarketOf::<T> {
			security,
			cash,
			params,
			status,
			venues,
			administrator,
			limits,
			controls,
			phase,
			reference_price,
			last_price,
		} = Markets::<T>::get(market)?;
		Some(crate::Market {
			security,
			cash,
			params,
			status,
			venues: frame_support::BoundedVec::truncate_from(venues.into_inner()),
			administrator,
			limits,
			controls,
			phase,
			reference_price,
			last_price,
		})
	}

	/// The runtime API's `depth`.
	pub fn depth(market: MarketId, levels: u32) -> Depth {
		let book = Books::<T>::get(market);
		let side = |side: Side| -> Vec<DepthLevel> {
			book.side(side)
				.iter()
				.take(levels as usize)
				.filter_map(|price| {
					Levels::<T>::get((market, side, *price)).map(|level| DepthLevel {
						price: *price,
						lots: level.lots,
						orders: level.orders,
					})
				})
				.collect()
		};
		Depth { bids: side(Side::Bid), asks: side(Side::Ask) }
	}

	/// The runtime API's `open_orders`.
	pub fn open_orders(owner: T::AccountId) -> Vec<(OrderId, OrderOf<T>)> {
		Traders::<T>::get(owner)
			.open
			.into_iter()
			.filter_map(|id| Orders::<T>::get(id).map(|order| (id, order)))
			.collect()
	}

	/// The runtime API's `last_trades`.
	pub fn last_trades(market: MarketId) -> Vec<TradeOf<T>> {
		RecentTrades::<T>::get(market).into_inner()
	}
}
