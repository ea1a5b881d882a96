//! The book's shape: sorted price levels, each a FIFO queue kept as a doubly linked list of
//! orders, so joining, leaving and trading at the head are O(1) storage operations (plus one
//! O(log L) search when a level appears or disappears).

use crate::{
	BookOf, Books, CancelReason, Config, Error, Event, ExpiringBy, IdentityOpenOrders, Level,
	Levels, MarketId, OrderId, OrderOf, Orders, Pallet, Price, Side, Traders,
};
use frame_support::pallet_prelude::*;

/// Why an order leaves the book.
pub(crate) enum Exit {
	/// Filled in full.
	Filled,
	/// Cancelled, for this reason.
	Cancelled(CancelReason),
	/// Taken off by its owner's amendment, to be placed again (the amendment says so).
	Replaced,
}

impl<T: Config> Pallet<T> {
	/// Put `order` (already numbered `id`) at the back of its price's queue and store it. A
	/// new price on a full side evicts the side's furthest level first, if the new price is
	/// nearer the best and that level holds few enough orders; returns how many it evicted.
	/// `book` is the market's levels as stored (the caller has them in hand): it is changed
	/// and stored only for a new price.
	pub(crate) fn rest(
		id: OrderId,
		mut order: OrderOf<T>,
		mut book: BookOf<T>,
	) -> Result<u32, DispatchError> {
		let key = (order.market, order.side, order.price);
		let mut evicted = 0;
		let level = match Levels::<T>::get(key) {
			Some(mut level) => {
				ensure!(level.orders < T::MaxOrdersPerLevel::get(), Error::<T>::LevelFull);
				Orders::<T>::mutate(level.tail, |tail| {
					if let Some(tail) = tail {
						tail.next = Some(id);
					}
				});
				order.prev = Some(level.tail);
				level.tail = id;
				level.lots = level.lots.saturating_add(order.remaining);
				level.orders = level.orders.saturating_add(1);
				level
			},
			None => {
				if !book.insert(order.side, order.price) {
					evicted =
						Self::evict_furthest(&mut book, order.market, order.side, order.price)?;
					ensure!(book.insert(order.side, order.price), Error::<T>::TooManyPriceLevels);
				}
				Books::<T>::insert(order.market, book);
				Level { head: id, tail: id, lots: order.remaining, orders: 1 }
			},
		};
		Levels::<T>::insert(key, level);
		Orders::<T>::insert(id, order);
		Ok(evicted)
	}

	/// Make room on `side` of a full `book` for a level at `price`: cancel every order of the
	/// side's furthest level (at most [`Config::MaxOrdersPerLevel`]), if `price` is nearer the
	/// best. Returns how many orders it cancelled.
	pub(crate) fn evict_furthest(
		book: &mut BookOf<T>,
		market: MarketId,
		side: Side,
		price: Price,
	) -> Result<u32, DispatchError> {
		let worst = book.worst(side).ok_or(Error::<T>::TooManyPriceLevels)?;
		ensure!(side.is_better(price, worst), Error::<T>::TooManyPriceLevels);
		let level =
			Levels::<T>::get((market, side, worst)).ok_or(Error::<T>::TooManyPriceLevels)?;
		let mut next = Some(level.head);
		let mut evicted = 0;
		while let Some(id) = next {
			let Some(order) = Orders::<T>::get(id) else { break };
			next = order.next;
			Self::remove_order_from(id, order, Exit::Cancelled(CancelReason::Evicted), Some(book));
			evicted += 1;
		}
		Ok(evicted)
	}

	/// Take `order` out of its queue (O(1)): its neighbours point past it, and an emptied
	/// level leaves the book (`book`, when the caller holds it in memory, or the stored one).
	fn unlink(id: OrderId, order: &OrderOf<T>, book: Option<&mut BookOf<T>>) {
		let key = (order.market, order.side, order.price);
		if let Some(prev) = order.prev {
			Orders::<T>::mutate(prev, |o| o.as_mut().map(|o| o.next = order.next));
		}
		if let Some(next) = order.next {
			Orders::<T>::mutate(next, |o| o.as_mut().map(|o| o.prev = order.prev));
		}
		let Some(mut level) = Levels::<T>::get(key) else { return };
		level.orders = level.orders.saturating_sub(1);
		level.lots = level.lots.saturating_sub(order.remaining);
		if level.orders == 0 {
			Levels::<T>::remove(key);
			match book {
				Some(book) => book.remove(order.side, order.price),
				None => {
					Books::<T>::mutate(order.market, |book| book.remove(order.side, order.price))
				},
			}
			return;
		}
		if level.head == id {
			level.head = order.next.unwrap_or(level.head);
		}
		if level.tail == id {
			level.tail = order.prev.unwrap_or(level.tail);
		}
		Levels::<T>::insert(key, level);
	}

	/// A resting order traded `lots` (and stays): its level holds that much less.
	pub(crate) fn level_traded(order: &OrderOf<T>, lots: crate::Lots) {
		Levels::<T>::mutate((order.market, order.side, order.price), |level| {
			if let Some(level) = level {
				level.lots = level.lots.saturating_sub(lots);
			}
		});
	}

	/// Remove resting `order` from the book and its owner's list, release what it still
	/// reserves, and say why.
	pub(crate) fn remove_order(id: OrderId, order: OrderOf<T>, exit: Exit) {
		Self::remove_order_from(id, order, exit, None)
	}

	/// [`Self::remove_order`], with the market's levels held in memory by the caller.
	pub(crate) fn remove_order_from(
		id: OrderId,
		order: OrderOf<T>,
		exit: Exit,
		book: Option<&mut BookOf<T>>,
	) {
		Self::unlink(id, &order, book);
		Orders::<T>::remove(id);
		Self::forget_open(&order.owner, id);
		if let Some(expiry) = order.expires_at {
			// Leave the expiry queue: the block hook has nothing to do for it.
			ExpiringBy::<T>::remove(expiry.div_ceil(crate::matching::MINUTE), id);
		}
		IdentityOpenOrders::<T>::mutate_exists(order.market, order.identity, |open| {
			*open = open.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
		});
		Self::release(&order);
		match exit {
			Exit::Filled | Exit::Replaced => {},
			Exit::Cancelled(CancelReason::Expired) => Self::deposit_event(Event::OrderExpired {
				order: id,
				owner: order.owner,
				lots: order.remaining,
			}),
			Exit::Cancelled(reason) => Self::deposit_event(Event::OrderCancelled {
				order: id,
				owner: order.owner,
				lots: order.remaining,
				reason,
			}),
		}
	}

	/// Drop `id` from `owner`'s open orders.
	pub(crate) fn forget_open(owner: &T::AccountId, id: OrderId) {
		Traders::<T>::mutate_exists(owner, |maybe| {
			let Some(trader) = maybe else { return };
			trader.open.retain(|open| *open != id);
			if trader.open.is_empty() && trader.recent_client_ids.is_empty() {
				*maybe = None;
			}
		});
	}
}
