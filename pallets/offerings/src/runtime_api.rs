//! The runtime API wallets and auditors call (polkadot.js: `api.call.offeringsApi.*`).

use crate::{
	Config, Invested, OfferingId, OfferingState, OfferingStatus, Offerings, Pallet, Phase,
	Subscription, Subscriptions,
};
use sp_runtime::traits::{Saturating, Zero};
use stledger_primitives::IdentityId;

sp_api::decl_runtime_apis! {
	/// Read an offering's state.
	pub trait OfferingsApi<AccountId, Balance>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
	{
		/// Where `offering` stands: phase, sold, remaining, raised, subscribers, settled.
		fn offering(offering: OfferingId) -> Option<OfferingState<AccountId, Balance>>;

		/// `who`'s subscription to `offering`.
		fn subscription(offering: OfferingId, who: AccountId) -> Option<Subscription<Balance>>;

		/// Tokens `identity` subscribed to in `offering`, over all its accounts.
		fn invested(offering: OfferingId, identity: IdentityId) -> Balance;
	}
}

impl<T: Config> Pallet<T> {
	/// The runtime API's `offering`.
	pub fn offering_state(id: OfferingId) -> Option<OfferingState<T::AccountId, T::Balance>> {
		let offering = Offerings::<T>::get(id)?;
		let now = Self::now();
		let done = offering.settled >= offering.subscribers;
		let phase = match offering.status {
			OfferingStatus::Cancelled => Phase::Cancelled,
			OfferingStatus::Verifying => Phase::Verifying,
			OfferingStatus::Succeeded | OfferingStatus::Failed => {
				let succeeded = offering.status == OfferingStatus::Succeeded;
				if done {
					Phase::Settled { succeeded }
				} else {
					Phase::Settling { succeeded }
				}
			},
			OfferingStatus::Scheduled if now < offering.terms.start => Phase::Upcoming,
			OfferingStatus::Scheduled if Self::closable(&offering, now) => Phase::AwaitingClose,
			OfferingStatus::Scheduled => Phase::Open,
		};
		Some(OfferingState {
			security: offering.security,
			cash: offering.cash,
			phase,
			price: offering.terms.price,
			sold: offering.sold,
			// Room to subscribe: none once closed (`sold` then falls with refunds).
			remaining: match offering.status {
				OfferingStatus::Scheduled => offering.terms.hard_cap.saturating_sub(offering.sold),
				_ => Zero::zero(),
			},
			raised: offering.raised,
			subscribers: offering.subscribers,
			settled: offering.settled,
			proceeds_pending: offering.proceeds_pending,
			escrow: Self::escrow(id),
		})
	}

	/// The runtime API's `subscription`.
	pub fn subscription_of(id: OfferingId, who: &T::AccountId) -> Option<Subscription<T::Balance>> {
		Subscriptions::<T>::get(id, who)
	}

	/// The runtime API's `invested`.
	pub fn invested(id: OfferingId, identity: IdentityId) -> T::Balance {
		Invested::<T>::get(id, identity)
	}
}
