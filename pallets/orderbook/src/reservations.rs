//! What an order sets aside when placed, what a cancel gives back, and the arithmetic of
//! values and fees.

use crate::{
	CashAssetId, Config, Error, Lots, OrderOf, Pallet, Price, ReservedCash, Side, BASIS_POINTS,
};
use core::marker::PhantomData;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungibles::Inspect,
		tokens::{Fortitude, Preservation},
	},
};
use pallet_assets::FrozenBalance;
use sp_runtime::traits::{Saturating, Zero};
use stledger_primitives::SecuritiesLedger;

impl<T: Config> Pallet<T> {
	/// The cash value of `lots` at `price`: `lots × price × tick_size`.
	pub(crate) fn value(
		lots: Lots,
		price: Price,
		tick_size: T::Balance,
	) -> Result<T::Balance, DispatchError> {
		T::Balance::from(lots)
			.checked_mul(&T::Balance::from(price))
			.and_then(|v| v.checked_mul(&tick_size))
			.ok_or_else(|| Error::<T>::ValueOverflow.into())
	}

	/// `⌈value × bps / 10 000⌉`: fees are rounded up, never in the payer's favour.
	pub(crate) fn fee(value: T::Balance, bps: u16) -> T::Balance {
		let scale = T::Balance::from(BASIS_POINTS as u64);
		let whole = value / scale;
		let rest = value % scale;
		let bps = T::Balance::from(bps as u64);
		let rest_fee = rest.saturating_mul(bps);
		whole.saturating_mul(bps).saturating_add(
			rest_fee / scale
				+ if (rest_fee % scale).is_zero() { Zero::zero() } else { 1u64.into() },
		)
	}

	/// The fee on `value` more, for an order that already traded `before` at this rate: the
	/// fee is rounded on the running total, so split fills cost what one fill would.
	pub(crate) fn fee_increment(before: T::Balance, value: T::Balance, bps: u16) -> T::Balance {
		Self::fee(before.saturating_add(value), bps).saturating_sub(Self::fee(before, bps))
	}

	/// What a bid of `lots` at `price` reserves: its value at that price, the worst-case fee
	/// on it, and one unit for rounding a fee split between taking and resting.
	pub(crate) fn bid_reservation(
		lots: Lots,
		price: Price,
		params: &crate::MarketParams<T::Balance>,
	) -> Result<T::Balance, DispatchError> {
		let value = Self::value(lots, price, params.tick_size)?;
		let rate = params.maker_fee_bps.max(params.taker_fee_bps);
		if rate == 0 {
			return Ok(value);
		}
		value
			.checked_add(&Self::fee(value, rate))
			.and_then(|v| v.checked_add(&1u64.into()))
			.ok_or_else(|| Error::<T>::ValueOverflow.into())
	}

	/// Set `amount` of `who`'s cash aside for a bid: it must be spendable beyond what is
	/// already reserved and what keeps the account alive.
	pub(crate) fn reserve_cash(
		cash: CashAssetId,
		who: &T::AccountId,
		amount: T::Balance,
	) -> DispatchResult {
		let free =
			T::Assets::reducible_balance(cash, who, Preservation::Preserve, Fortitude::Polite);
		ensure!(free >= amount, Error::<T>::InsufficientCash);
		ReservedCash::<T>::mutate(cash, who, |reserved| {
			*reserved = reserved.saturating_add(amount)
		});
		Ok(())
	}

	/// Give back up to `amount` of `who`'s reserved cash.
	pub(crate) fn unreserve_cash(cash: CashAssetId, who: &T::AccountId, amount: T::Balance) {
		ReservedCash::<T>::mutate_exists(cash, who, |reserved| {
			let left = reserved.unwrap_or_default().saturating_sub(amount);
			*reserved = (!left.is_zero()).then_some(left);
		});
	}

	/// Release what a leaving order still reserves.
	pub(crate) fn release(order: &OrderOf<T>) {
		if order.reserved.is_zero() {
			return;
		}
		match order.side {
			Side::Bid => Self::unreserve_cash(order.reserved_asset, &order.owner, order.reserved),
			Side::Ask => {
				T::Securities::unreserve(order.reserved_asset, &order.owner, order.reserved)
			},
		}
	}

	/// What `who` may not spend of `cash`: its reserved cash plus the asset's minimum
	/// balance, so a reservation can always be paid out without closing the account.
	pub fn reserved_cash(cash: CashAssetId, who: &T::AccountId) -> Option<T::Balance> {
		let reserved = ReservedCash::<T>::get(cash, who);
		(!reserved.is_zero()).then(|| reserved.saturating_add(T::Assets::minimum_balance(cash)))
	}
}

/// `pallet-assets`' freezer for a runtime with an order book: the freezes `Inner` reports
/// (the securities ledger's locks, freezes and token reservations) or, for a cash asset, the
/// cash reserved by resting bids.
pub struct WithCashReservations<T, Inner>(PhantomData<(T, Inner)>);

impl<T, Inner> FrozenBalance<CashAssetId, T::AccountId, T::Balance>
	for WithCashReservations<T, Inner>
where
	T: Config,
	Inner: FrozenBalance<CashAssetId, T::AccountId, T::Balance>,
{
	fn frozen_balance(asset: CashAssetId, who: &T::AccountId) -> Option<T::Balance> {
		// An asset `Inner` freezes (a security) is never a market's cash: its movements (every
		// fill's token leg) need not look for a cash reservation.
		if Inner::contains_freezes(asset) {
			Inner::frozen_balance(asset, who)
		} else {
			Pallet::<T>::reserved_cash(asset, who)
		}
	}

	fn died(asset: CashAssetId, who: &T::AccountId) {
		if Inner::contains_freezes(asset) {
			Inner::died(asset, who);
		} else {
			ReservedCash::<T>::remove(asset, who);
		}
	}

	fn contains_freezes(asset: CashAssetId) -> bool {
		Inner::contains_freezes(asset) || ReservedCash::<T>::iter_prefix(asset).next().is_some()
	}
}
