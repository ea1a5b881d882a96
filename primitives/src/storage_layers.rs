//! Room for the storage layers a call opens.

use frame_support::storage::{
	transactional::{TRANSACTIONAL_LIMIT, TRANSACTION_LEVEL_KEY},
	unhashed,
};
use sp_runtime::{DispatchError, DispatchResult, TransactionalError};

/// Refuse (`Transactional(LimitReached)`) unless `layers` more storage layers can be opened.
/// Near FRAME's limit of nested layers every layer a pallet opens fails: a pallet that reads
/// a failed layer as the other side's refusal (a subscriber that cannot be issued to, an
/// order to blame for a fill) must not run there. The runtime's call filter keeps calls far
/// shallower (`MAX_CALL_NESTING`); this holds without it.
pub fn ensure_room_for_layers(layers: u32) -> DispatchResult {
	let level = unhashed::get_or_default::<u32>(TRANSACTION_LEVEL_KEY);
	if level.saturating_add(layers) > TRANSACTIONAL_LIMIT {
		return Err(DispatchError::Transactional(TransactionalError::LimitReached));
	}
	Ok(())
}
