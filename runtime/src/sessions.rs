//! When a session change would do something besides planning validators:
//! `pallet_exchanges::EndSessionOnChange` asks this, at every session period's boundary, so
//! that a session ends (and `pallet-session` charges its block in full) only when it changes
//! something.

use crate::{AccountId, Runtime};
use alloc::vec::Vec;

/// Answers from `pallet-session` (a queued change to activate, new session keys to queue)
/// and `pallet-grandpa` (a stall to recover from, which only a session change applies).
pub struct SessionPalletChanges;

/// The consortium's `exchanges.note_finality_stalled` reaches `pallet-grandpa`'s Root-only
/// `note_stalled` here, as Root: the exchanges pallet checked the consortium's origin, and
/// this is the one place a council motion reaches a Root call. The next session change
/// forces the queued set on GRANDPA.
impl pallet_exchanges::FinalityStall<crate::BlockNumber> for SessionPalletChanges {
	fn note_stalled(
		delay: crate::BlockNumber,
		best_finalized: crate::BlockNumber,
	) -> frame_support::dispatch::DispatchResult {
		pallet_grandpa::Pallet::<Runtime>::note_stalled(
			frame_system::RawOrigin::Root.into(),
			delay,
			best_finalized,
		)
	}

	fn stall_noted() -> bool {
		pallet_grandpa::Stalled::<Runtime>::exists()
	}

	fn change_pending() -> bool {
		// As `pallet-grandpa`'s `schedule_change` refuses a forced change: one pending
		// (`ChangePending`), or the last forced one less than twice its delay ago (`TooSoon`).
		pallet_grandpa::PendingChange::<Runtime>::exists()
			|| pallet_grandpa::NextForced::<Runtime>::get()
				.is_some_and(|next| next > frame_system::Pallet::<Runtime>::block_number())
	}
}

impl pallet_exchanges::SessionChanges<AccountId> for SessionPalletChanges {
	fn queued_validators() -> Vec<AccountId> {
		pallet_session::QueuedKeys::<Runtime>::get().into_iter().map(|(who, _)| who).collect()
	}

	fn pending() -> bool {
		// A queued set or queued keys differ from the active ones: the next change activates
		// them. `pallet-session` sets this at the change that queues them.
		pallet_session::QueuedChanged::<Runtime>::get()
			|| pallet_grandpa::Stalled::<Runtime>::exists()
			// A validator's registered keys (`session.setKeys`, `purge_keys`) are not the
			// queued ones: the next change queues them, as `pallet-session` compares them.
			|| pallet_session::QueuedKeys::<Runtime>::get().iter().any(|(validator, queued)| {
				pallet_session::NextKeys::<Runtime>::get(validator).as_ref() != Some(queued)
			})
	}

	fn authorities_stale() -> bool {
		// While a change is queued, the authorities are the active set's, not the queued
		// one's, until the change that activates it; while GRANDPA has a change pending, it
		// refuses another, so asking again before it is applied would only spend blocks.
		if pallet_session::QueuedChanged::<Runtime>::get()
			|| pallet_grandpa::PendingChange::<Runtime>::exists()
		{
			return false;
		}
		let queued = pallet_session::QueuedKeys::<Runtime>::get();
		let authorities = pallet_grandpa::Pallet::<Runtime>::grandpa_authorities();
		authorities.len() != queued.len()
			|| authorities.iter().zip(&queued).any(|((id, _), (_, keys))| *id != keys.grandpa)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_unchanged(registered: &[AccountId], queued: &[AccountId]) {
		// Distinct keys for each account: the first two bytes count, the rest are fixed.
		let keys_of = |i: usize| {
			let mut seed = [7u8; 32];
			seed[..2].copy_from_slice(&(i as u16).to_le_bytes());
			crate::SessionKeys {
				aura: sp_core::sr25519::Public::from_raw(seed).into(),
				grandpa: sp_core::ed25519::Public::from_raw(seed).into(),
			}
		};
		for (i, validator) in registered.iter().enumerate() {
			pallet_session::NextKeys::<Runtime>::insert(validator, keys_of(i));
		}
		let queued: Vec<_> = queued
			.iter()
			.enumerate()
			.map(|(i, validator)| {
				let keys = keys_of(registered.len() + i);
				pallet_session::NextKeys::<Runtime>::insert(validator, &keys);
				(validator.clone(), keys)
			})
			.collect();
		let authorities: Vec<_> =
			queued.iter().map(|(_, keys)| (keys.grandpa.clone(), 1)).collect();
		pallet_grandpa::Authorities::<Runtime>::put(sp_runtime::WeakBoundedVec::force_from(
			authorities,
			Some("benchmark authorities"),
		));
		pallet_session::QueuedKeys::<Runtime>::put(queued);
		pallet_session::QueuedChanged::<Runtime>::put(false);
		pallet_grandpa::Stalled::<Runtime>::kill();
		pallet_grandpa::PendingChange::<Runtime>::kill();
	}
}

/// Who may register session keys (`pallet-session`'s `ValidatorIdOf`): an exchange's validator
/// account, active or suspended (a suspended exchange's validator may rotate its keys before
/// it is reinstated), and no other account. Until release 120 every account could: keys of
/// no use to the chain, stored for ever (no deposit: `KeyDeposit` is 0) at one transaction's
/// fee. `session.setKeys` by anyone else is refused with `session.NoAssociatedValidatorId`;
/// `purge_keys` still removes keys an account registered before (pallet-session falls back
/// to the account itself).
pub struct ExchangeValidators;

impl sp_runtime::traits::Convert<AccountId, Option<AccountId>> for ExchangeValidators {
	fn convert(account: AccountId) -> Option<AccountId> {
		pallet_exchanges::Pallet::<Runtime>::exchange_validated_by(&account).map(|_| account)
	}
}
