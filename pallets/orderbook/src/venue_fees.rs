//! Venues' fees: held by the pallet's fee account until the venue's operator claims them, or,
//! once the venue's exchange has left the consortium, until the consortium pays them out.

use crate::{CashAssetId, Config, Error, Event, Pallet, VenueFees};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles::Mutate, tokens::Preservation},
};
use frame_system::pallet_prelude::OriginFor;
use sp_runtime::traits::Zero;
use stledger_primitives::{ExchangeId, ExchangeRegistry};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_claim_fees(who: T::AccountId, cash: CashAssetId) -> DispatchResult {
		let Some(venue) = T::Exchanges::active_exchange_of_operator(&who) else {
			// A suspended exchange's operator is told so by name, not as a stranger; its fees
			// wait for its reinstatement: a suspension (misconduct, a compromised operator
			// key) freezes what it may move.
			return Err(match T::Exchanges::exchange_of_operator(&who) {
				Some(_) => Error::<T>::VenueSuspended,
				None => Error::<T>::NotVenueOperator,
			}
			.into());
		};
		let amount = Self::pay_venue_fees(venue, cash, &who)?;
		Self::deposit_event(Event::VenueFeesClaimed { venue, cash, amount, to: who });
		Ok(())
	}

	/// A removed exchange has no operator to claim its fees: only the consortium may send
	/// them on, and only once the exchange is no longer a member. A member's fees, even a
	/// suspended member's, are its own: the consortium cannot take them.
	pub(crate) fn do_pay_out_former_venue_fees(
		origin: OriginFor<T>,
		venue: ExchangeId,
		cash: CashAssetId,
		to: T::AccountId,
	) -> DispatchResult {
		T::ConsortiumOrigin::ensure_origin(origin).map_err(|_| Error::<T>::NotConsortium)?;
		ensure!(!T::Exchanges::is_member(venue), Error::<T>::VenueStillMember);
		// Paid to the fee account itself, the fees would be owed to nobody and never move
		// again (a transfer to oneself is a no-op).
		ensure!(to != Self::fee_account(), Error::<T>::RecipientIsFeeAccount);
		let amount = Self::pay_venue_fees(venue, cash, &to)?;
		Self::deposit_event(Event::FormerVenueFeesPaidOut { venue, cash, amount, to });
		Ok(())
	}

	/// Send all of `venue`'s fees in `cash` to `to`; nothing changes if there are none or the
	/// transfer fails.
	fn pay_venue_fees(
		venue: ExchangeId,
		cash: CashAssetId,
		to: &T::AccountId,
	) -> Result<T::Balance, DispatchError> {
		let amount = VenueFees::<T>::take(venue, cash);
		ensure!(!amount.is_zero(), Error::<T>::NoFees);
		// The fee account keeps its minimum balance: it must exist to receive small fees.
		T::Assets::transfer(cash, &Self::fee_account(), to, amount, Preservation::Preserve)?;
		Ok(amount)
	}
}
