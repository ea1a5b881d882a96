//! Amending a resting order: a smaller quantity at the same price keeps the order's place in
//! its queue; any other change is a new order at the back of the queue, placed through the
//! same path (checks, pre-trade controls, matching) as any other.

use crate::{
	book::Exit, charges::Placed, controls::DAY, matching::NewOrder, Error, Event, Levels, Lots,
	Markets, NextOrderId, OrderId, Orders, Pallet, Price, TimeInForce,
};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::traits::Zero;

/// What an amendment did, which its weight is charged for.
pub(crate) enum Amended {
	/// The quantity was reduced in place.
	Reduced,
	/// The order was placed again.
	Requeued(Placed),
}

impl<T: crate::Config> Pallet<T> {
	pub(crate) fn do_amend(
		who: &T::AccountId,
		id: OrderId,
		price: Price,
		lots: Lots,
		max_fills: u32,
	) -> Result<Amended, DispatchError> {
		let mut order = Orders::<T>::get(id).ok_or(Error::<T>::UnknownOrder)?;
		ensure!(order.owner == *who, Error::<T>::NotOrderOwner);
		ensure!(lots > 0, Error::<T>::ZeroQuantity);
		ensure!(price != order.price || lots != order.remaining, Error::<T>::AmendUnchanged);
		let market = Markets::<T>::get(order.market).ok_or(Error::<T>::UnknownMarket)?;

		if price == order.price && lots < order.remaining {
			// Less risk at the same price: the order keeps its priority, whatever the
			// market's status (like a cancel, an owner may always reduce), but not below the
			// market's smallest order: dust at the best price would use up takers' fills.
			ensure!(lots >= market.params.min_order, Error::<T>::BelowMinimumOrder);
			let value = Self::value(lots, price, market.params.tick_size)?;
			ensure!(
				market.limits.min_value.is_none_or(|min| value >= min),
				Error::<T>::BelowMinimumValue
			);
			let taken = order.remaining - lots;
			Self::shrink(&mut order, taken, &market);
			Levels::<T>::mutate((order.market, order.side, order.price), |level| {
				if let Some(level) = level {
					level.lots = level.lots.saturating_sub(taken);
				}
			});
			let owner = order.owner.clone();
			Orders::<T>::insert(id, order);
			Self::deposit_event(Event::OrderAmended {
				order: id,
				owner,
				price,
				lots,
				requeued_as: None,
			});
			return Ok(Amended::Reduced);
		}

		// If the venue's limits for the owner counted this order today (it was entered today,
		// under them), the new one counts only what it adds: credit the rest's value at its
		// limit (never more than was counted).
		let counted_today =
			crate::InvestorLimitsOf::<T>::get((order.venue, market.cash, order.identity))
				.is_some_and(|state| {
					state.since <= order.placed_at && order.placed_at / DAY == Self::now() / DAY
				});
		let counted = if counted_today {
			Self::value(order.remaining, order.price, market.params.tick_size)?
		} else {
			Zero::zero()
		};
		let new = NewOrder {
			market: order.market,
			venue: order.venue,
			side: order.side,
			price,
			lots,
			time_in_force: TimeInForce::GoodTillCancelled,
			expires_at: order.expires_at,
			client_id: order.client_id,
			self_trade: order.self_trade,
			replaces: Some(counted),
			market_order: false,
		};
		let owner = order.owner.clone();
		// Off the book (its reservation released), then placed again under the next id:
		// should placing fail, the call fails and the order stays as it was.
		Self::remove_order(id, order, Exit::Replaced);
		Self::deposit_event(Event::OrderAmended {
			order: id,
			owner: owner.clone(),
			price,
			lots,
			requeued_as: Some(NextOrderId::<T>::get()),
		});
		let placed = Self::do_place(owner, new, max_fills)?;
		Ok(Amended::Requeued(placed))
	}
}
