//! The consortium decides the validator set, and when a session ends.
//!
//! `pallet-session` charges a whole block for every session change, whether or not it
//! changes anything: at one change every 10 blocks, a tenth of the chain's blocks carried no
//! transaction. [`EndSessionOnChange`] keeps the 10-block rhythm (a change still takes effect
//! within two periods) but ends a session only when the change would do something: plan a
//! different validator set, queue or activate session keys, or let GRANDPA recover from a
//! stall.

use crate::{ActiveExchanges, Config, Event, Exchanges, MinActiveExchanges, Pallet, WeightInfo};
use alloc::vec::Vec;
use core::marker::PhantomData;
use frame_support::{
	dispatch::DispatchClass,
	traits::{Get, ValidatorRegistration},
};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_session::{PeriodicSessions, ShouldEndSession};

/// The finality gadget's recovery from a stall: in the ST Ledger runtime `pallet-grandpa`'s
/// `note_stalled`, which only Root may call, dispatched as Root once this pallet has checked
/// the consortium's origin (the consortium has no Root of its own). Without it a stall could not be recovered: the validator set
/// changes the consortium makes (a suspension, new keys) take effect only once the old set
/// finalizes the block that announces them, which a stalled set never does.
pub trait FinalityStall<BlockNumber> {
	/// Have the next session change force the queued validators' keys on the finality
	/// gadget, enacted `delay` blocks after it, the new set voting on top of
	/// `best_finalized`.
	fn note_stalled(
		delay: BlockNumber,
		best_finalized: BlockNumber,
	) -> frame_support::dispatch::DispatchResult;

	/// Whether a stall is noted already, for the next session change.
	fn stall_noted() -> bool;

	/// Whether the finality gadget would refuse a forced change at the next session change:
	/// a change is pending, or the last forced one was too recent.
	fn change_pending() -> bool;
}

/// What the session pallet holds and would do at a session change besides taking the
/// validators this pallet plans, which the runtime answers from `pallet-session`'s and
/// `pallet-grandpa`'s storage. This pallet keeps no copy: what they hold is the truth (the
/// session pallet drops a planned validator without keys, for one).
pub trait SessionChanges<AccountId> {
	/// The validators the session pallet has queued: the set from the next session change.
	fn queued_validators() -> Vec<AccountId>;

	/// Whether a session change now would change something with the queued validators kept:
	/// a queued set or queued keys to activate, a queued validator's new session keys to
	/// queue, or a stalled finality to recover. Reads a bounded number of keys per validator.
	fn pending() -> bool;

	/// Whether the finality authorities are not the queued validators' keys while nothing
	/// is waiting to change them (no queued change, no GRANDPA change pending): a change
	/// GRANDPA could not schedule (one was pending already, as after `note_stalled` with a
	/// long delay). Planning the queued set again makes the session change after it announce
	/// the set to GRANDPA again.
	fn authorities_stale() -> bool;

	/// Benchmarks: registers session keys for `registered` and `queued`, queues exactly the
	/// keys of `queued` and makes them the finality authorities, so that nothing is pending
	/// and every check reads every validator.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_unchanged(registered: &[AccountId], queued: &[AccountId]);
}

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

	/// The validator set the next session change would plan, or `None` when it would keep
	/// the queued one.
	///
	/// The eligible validators, if at least [`MinActiveExchanges`] are ready (a set smaller
	/// could not finalize, and an exchange that has not set keys yet cannot author) and they
	/// are not the set the session pallet has queued. Otherwise, if the finality authorities
	/// are stale ([`SessionChanges::authorities_stale`]), the queued set again, so that the
	/// session change after it announces that set to GRANDPA again. Otherwise `None`.
	pub fn next_validator_set() -> Option<Vec<T::AccountId>> {
		let eligible = Self::eligible_validators();
		let queued = T::SessionChanges::queued_validators();
		let enough =
			!eligible.is_empty() && eligible.len() as u32 >= MinActiveExchanges::<T>::get();
		if enough && eligible != queued {
			return Some(eligible);
		}
		(!queued.is_empty() && T::SessionChanges::authorities_stale()).then_some(queued)
	}

	/// Whether a session change now would change anything: a validator set to plan, or the
	/// session pallet's own work ([`Config::SessionChanges`]).
	pub fn session_change_pending() -> bool {
		Self::next_validator_set().is_some() || T::SessionChanges::pending()
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	/// The next validator set ([`Pallet::next_validator_set`]), or `None` (keep the queued
	/// set) when it would be the same and GRANDPA has it, or when fewer than
	/// [`MinActiveExchanges`] validators are ready.
	///
	/// `None` for an unchanged set is what stops a new GRANDPA set every session (the session
	/// pallet takes `Some` as a change even of the same validators); new session keys of the
	/// same validators are still queued and activated, by the session pallet's own comparison.
	fn new_session(new_index: u32) -> Option<Vec<T::AccountId>> {
		// The finality gadget announces a new set only at a session change (charged as a
		// whole block, this write with it).
		crate::LastSessionChangeAt::<T>::put(frame_system::Pallet::<T>::block_number());
		let Some(validators) = Self::next_validator_set() else {
			let ready = Self::eligible_validators().len() as u32;
			if ready < MinActiveExchanges::<T>::get() {
				log::warn!(
					target: "runtime::exchanges",
					"session {new_index}: only {ready} validators ready, keeping the current set",
				);
			}
			return None;
		};
		Self::deposit_event(Event::ValidatorSetPlanned {
			session: new_index,
			validators: validators.clone(),
		});
		Some(validators)
	}

	fn new_session_genesis(_: u32) -> Option<Vec<T::AccountId>> {
		let validators = Self::eligible_validators();
		(!validators.is_empty()).then_some(validators)
	}

	fn end_session(_: u32) {}

	fn start_session(_: u32) {}
}

/// Ends a session at every `Period`-th block (the first after `Offset`), as
/// [`PeriodicSessions`] does, but only when the change would do something
/// ([`Pallet::session_change_pending`]). A session pallet's `ShouldEndSession`.
///
/// A validator-set change still takes effect within two periods: the first change plans (or
/// queues the keys), the second activates them, and [`SessionChanges::pending`] reports the
/// queued change so the second is not skipped. The check runs only at period boundaries and
/// is charged to the block there (the `session_change_pending` benchmark) as mandatory weight.
pub struct EndSessionOnChange<T, Period, Offset>(PhantomData<(T, Period, Offset)>);

impl<T, Period, Offset> ShouldEndSession<BlockNumberFor<T>>
	for EndSessionOnChange<T, Period, Offset>
where
	T: Config,
	Period: Get<BlockNumberFor<T>>,
	Offset: Get<BlockNumberFor<T>>,
{
	fn should_end_session(now: BlockNumberFor<T>) -> bool {
		if !PeriodicSessions::<Period, Offset>::should_end_session(now) {
			return false;
		}
		frame_system::Pallet::<T>::register_extra_weight_unchecked(
			T::WeightInfo::session_change_pending(),
			DispatchClass::Mandatory,
		);
		Pallet::<T>::session_change_pending()
	}
}
