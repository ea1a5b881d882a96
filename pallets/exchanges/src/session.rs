//! The consortium decides the validator set.

use crate::{
	ActiveExchanges, Config, Event, Exchanges, MinActiveExchanges, Pallet, PlannedValidators,
};
use alloc::vec::Vec;
use frame_support::{traits::ValidatorRegistration, BoundedVec};

impl<T: Config> Pallet<T> {
	/// The validators of the active exchanges that have registered session keys, in the
	/// order of the exchanges' ids. Bounded by [`Config::MaxExchanges`].
	pub fn eligible_validators() -> Vec<T::AccountId> {
		ActiveExchanges::<T>::get()
			.iter()
			.filter_map(Exchanges::<T>::get)
			.map(|info| info.validator)
			.filter(T::ValidatorRegistration::is_registered)
			.collect()
	}
}

impl<T: Config> Pallet<T> {
	/// Records the set handed to the session pallet. The eligible validators are those of
	/// [`ActiveExchanges`], so they fit its bound.
	fn plan(validators: &[T::AccountId]) {
		PlannedValidators::<T>::put(BoundedVec::truncate_from(validators.to_vec()));
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	/// The next validator set, or `None` (keep the current set) when it would be the set
	/// planned last ([`PlannedValidators`]), or when fewer than [`MinActiveExchanges`]
	/// validators are ready: a set that small could not finalize, and an exchange that has
	/// not set keys yet cannot author.
	///
	/// `None` for an unchanged set is what stops a new GRANDPA set every session (the session
	/// pallet takes `Some` as a change even of the same validators); new session keys of the
	/// same validators are still queued and activated, by the session pallet's own comparison.
	fn new_session(new_index: u32) -> Option<Vec<T::AccountId>> {
		let validators = Self::eligible_validators();
		if validators.is_empty() || (validators.len() as u32) < MinActiveExchanges::<T>::get() {
			log::warn!(
				target: "runtime::exchanges",
				"session {new_index}: only {} validators ready, keeping the current set",
				validators.len(),
			);
			return None;
		}
		if PlannedValidators::<T>::get().as_slice() == validators.as_slice() {
			return None;
		}
		Self::plan(&validators);
		Self::deposit_event(Event::ValidatorSetPlanned {
			session: new_index,
			validators: validators.clone(),
		});
		Some(validators)
	}

	fn new_session_genesis(_: u32) -> Option<Vec<T::AccountId>> {
		let validators = Self::eligible_validators();
		Self::plan(&validators);
		(!validators.is_empty()).then_some(validators)
	}

	fn end_session(_: u32) {}

	fn start_session(_: u32) {}
}
