//! Removing expired orders in the block hook, a bounded number per block. Orders are also
//! expired lazily when matching meets them.

use crate::{
	book::Exit, matching::MINUTE, CancelReason, Config, ExpiringBy, ExpiryCursor, Orders, Pallet,
	WeightInfo,
};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::Get};

/// The most empty minutes the hook steps over in one block (catching up after a pause).
const MAX_MINUTES_PER_BLOCK: u64 = 16;

impl<T: Config> Pallet<T> {
	/// Remove orders whose expiry has passed, oldest minute first, at most
	/// [`Config::MaxExpiriesPerBlock`]; returns the weight used.
	pub(crate) fn expire_due() -> Weight {
		let now = Self::now();
		let db = T::DbWeight::get();
		if now == 0 {
			return db.reads(1);
		}
		let current = now / MINUTE;
		let mut cursor = ExpiryCursor::<T>::get();
		if cursor == 0 {
			// Nothing was ever scheduled (placing an order with an expiry sets the cursor).
			return db.reads(2);
		}
		let mut budget = T::MaxExpiriesPerBlock::get();
		let mut visited = 0u32;
		let mut minutes = 0u64;
		while cursor <= current && minutes < MAX_MINUTES_PER_BLOCK && budget > 0 {
			// One more than the budget tells whether the minute is done.
			let due: Vec<_> =
				ExpiringBy::<T>::iter_key_prefix(cursor).take(budget as usize + 1).collect();
			let more = due.len() > budget as usize;
			for id in due.into_iter().take(budget as usize) {
				// Removing the order takes it out of the queue; the key goes in any case.
				ExpiringBy::<T>::remove(cursor, id);
				if let Some(order) = Orders::<T>::get(id) {
					if order.expires_at.is_some_and(|expiry| expiry <= now) {
						Self::remove_order(id, order, Exit::Cancelled(CancelReason::Expired));
					}
				}
				budget -= 1;
				visited += 1;
			}
			minutes += 1;
			if more {
				break;
			}
			cursor += 1;
		}
		ExpiryCursor::<T>::put(cursor);
		T::WeightInfo::expire_orders(visited)
			.saturating_add(db.reads_writes(minutes + 2, minutes + 1))
	}
}
