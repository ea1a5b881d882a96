//! Settling a trade: the security's leg through the securities pallet (with the buyer's
//! compliance check), the cash leg out of the buyer's reservation, and both venues' fees; all
//! in one storage transaction, and a refusal blamed on the side it belongs to.

use crate::{
	matching::{Fault, SecurityTerms},
	CancelReason, Config, MarketOf, Pallet, TradeOf, VenueFees,
};
use frame_support::{
	pallet_prelude::*,
	storage::{with_transaction, TransactionOutcome},
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::Preservation,
	},
};
use sp_runtime::traits::{Saturating, Zero};
use stledger_primitives::{InvestorProfile, Reason, SecuritiesLedger, TransferKind};

impl<T: Config> Pallet<T> {
	/// Settle a trade in one storage transaction (both legs or neither): the tokens after the
	/// buyer's compliance check (a venue trade through the buyer's venue), then the buyer's
	/// cash reservation spent (`buyer_pays`) and paid out as `payments`, then both fees owed
	/// to their venues. On a refusal nothing has changed, and the fault says whose it is.
	/// Continuous trading and auctions settle through it alike. Returns whether an account
	/// or holder appeared or left: a holder of the security (see
	/// [`Delivered`](stledger_primitives::Delivered)) or a payee's cash account (it had no
	/// cash). Such a fill is charged the worst case; one without is a plain fill.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn settle(
		market: &MarketOf<T>,
		terms: &SecurityTerms<T>,
		trade: &TradeOf<T>,
		buyer_profile: &InvestorProfile<T::AccountId>,
		buyer_pays: T::Balance,
		payments: &[(&T::AccountId, T::Balance)],
		(buyer_fault, seller_fault): (
			&dyn Fn(CancelReason) -> Fault,
			&dyn Fn(CancelReason) -> Fault,
		),
	) -> Result<bool, Fault> {
		with_transaction(|| {
			let delivered = match T::Securities::transfer_reserved(
				terms,
				&trade.seller,
				&trade.buyer,
				trade.tokens,
				TransferKind::Venue(trade.buyer_venue),
				Some(buyer_profile.clone()),
			) {
				Ok(delivered) => delivered,
				Err(reasons) => {
					let fault = Self::classify(&reasons, buyer_fault, seller_fault);
					return TransactionOutcome::Rollback(Err(fault));
				},
			};
			let mut accounts_changed = delivered.holders_changed;
			Self::unreserve_cash(market.cash, &trade.buyer, buyer_pays);
			for (to, amount) in payments {
				// The account is read by the payment just after: no second database read.
				accounts_changed |=
					!amount.is_zero() && T::Assets::balance(market.cash, to).is_zero();
				if Self::pay(market.cash, &trade.buyer, to, *amount).is_err() {
					return TransactionOutcome::Rollback(Err(buyer_fault(
						CancelReason::CashUnavailable,
					)));
				}
			}
			for (venue, fee) in
				[(trade.buyer_venue, trade.buyer_fee), (trade.seller_venue, trade.seller_fee)]
			{
				if !fee.is_zero() {
					VenueFees::<T>::mutate(venue, market.cash, |f| *f = f.saturating_add(fee));
				}
			}
			TransactionOutcome::Commit(Ok(accounts_changed))
		})
	}

	pub(crate) fn pay(
		cash: crate::CashAssetId,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: T::Balance,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Assets::transfer(cash, from, to, amount, Preservation::Preserve).map(|_| ())
	}

	/// Whose fault a refused delivery is: the seller's (tokens gone, locked or frozen, what
	/// it would keep below the minimum holding, or a sell-out its unsettled subscription
	/// forbids), the market's (security paused: the incoming order stops), or else the
	/// buyer's.
	pub(crate) fn classify(
		reasons: &[Reason],
		buyer_fault: impl Fn(CancelReason) -> Fault,
		seller_fault: impl Fn(CancelReason) -> Fault,
	) -> Fault {
		let market_wide = |r: &&Reason| {
			matches!(r, Reason::UnknownSecurity | Reason::SecurityPaused | Reason::ZeroAmount)
		};
		let sellers = |r: &&Reason| {
			matches!(
				r,
				Reason::InsufficientBalance
					| Reason::TokensLocked
					| Reason::SenderFrozen
					| Reason::SenderBelowMinimumHolding
					| Reason::SenderCommittedToSubscription
			)
		};
		if let Some(reason) = reasons.iter().find(market_wide) {
			Fault::Market(CancelReason::Compliance(*reason))
		} else if let Some(reason) = reasons.iter().find(sellers) {
			seller_fault(CancelReason::Compliance(*reason))
		} else {
			buyer_fault(CancelReason::Compliance(
				reasons.first().copied().unwrap_or(Reason::ZeroAmount),
			))
		}
	}
}
