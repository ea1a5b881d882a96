//! The consortium's powers over the runtime itself: upgrades and emergency stops.
//!
//! | power | origin | who must not |
//! |---|---|---|
//! | authorize new runtime code (`exchanges.authorize_upgrade`) | [`UpgradeOrigin`]: Root or a motion of ≥ ¾ of the exchanges | one exchange, a motion of half, any investor |
//! | apply the authorized code (`system.apply_authorized_upgrade`) | anyone, with exactly the authorized code and a higher `spec_version` | anyone with other code |
//! | stop one call or one pallet (`txPause.pause`) | [`IncidentOrigin`]: Root or a motion of ≥ ½ | one exchange alone |
//! | stop everything but governance (`safeMode.forceEnter` / `forceExtend`) | [`IncidentOrigin`] | one exchange alone; nobody by deposit |
//! | resume (`txPause.unpause`, `safeMode.forceExit`) | [`ResumeOrigin`]: the ordinary ⅔ consortium | a motion of half |
//!
//! Stopping needs fewer exchanges than resuming: an exchange that sees an incident must be
//! able to stop trading within minutes, and a venue's rulebook prefers a wrongful halt to a
//! wrongful trade. Two colluding exchanges can therefore halt trading; they can already stop
//! finality by stopping their validators, so this adds no new failure to the trust model
//! (docs/security.md). Safe mode also ends by itself after [`SafeModeDuration`] unless
//! extended.
//!
//! What never stops ([`NeverPaused`], [`KeepsRunningInSafeMode`]): the council and its
//! motions, the emergency controls themselves, `frame_system` (a fix can still be applied),
//! the timestamp inherent, session keys, the consortium's own pallets' governance calls,
//! and every investor's cancels of their own orders. Reads never go through the filter.
//!
//! `txPause.pause(("Orderbook", "*"))` stops every call of the `Orderbook` pallet except
//! those that never stop: `pallet-tx-pause` stores any name, and the runtime's call filter
//! ([`is_paused`]) reads `*` as "every call of this pallet".

use crate::{
	configs::{ConsortiumOrigin, CouncilCollective},
	AccountId, Balances, BlockNumber, Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason,
	TxPause, HOURS,
};
use frame_support::{
	parameter_types,
	traits::{CallMetadata, ConstU32, Contains, EitherOf, EitherOfDiverse, GetCallMetadata},
};
use frame_system::{EnsureRoot, EnsureRootWithSuccess, EnsureWithSuccess};
use pallet_collective::EnsureProportionAtLeast;

/// Root, or a council motion passed by at least three quarters of the member exchanges: who
/// authorizes new runtime code. With four exchanges, three; with eight, six (ordinary
/// business: five).
pub type UpgradeOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	EnsureProportionAtLeast<AccountId, CouncilCollective, 3, 4>,
>;

/// Root, or a council motion passed by at least half of the member exchanges: who stops a
/// call, a pallet or everything.
pub type IncidentOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	EnsureProportionAtLeast<AccountId, CouncilCollective, 1, 2>,
>;

/// Who resumes what was stopped: the ordinary consortium (two thirds).
pub type ResumeOrigin = ConsortiumOrigin;

parameter_types! {
	/// How long safe mode lasts once entered, or is extended by: four hours, unless the
	/// consortium exits it earlier.
	pub const SafeModeDuration: BlockNumber = 4 * HOURS;
	/// `pallet-safe-mode`'s permissionless enter and extend (with a deposit) are off: only the
	/// consortium stops the chain.
	pub const NoDeposit: Option<crate::Balance> = None;
	/// No deposits, so nothing to release.
	pub const NoReleaseDelay: Option<BlockNumber> = None;
}

/// [`IncidentOrigin`], yielding the safe-mode duration `pallet-safe-mode` asks of it.
pub type IncidentOriginForSafeMode = EitherOf<
	EnsureRootWithSuccess<AccountId, SafeModeDuration>,
	EnsureWithSuccess<
		EnsureProportionAtLeast<AccountId, CouncilCollective, 1, 2>,
		AccountId,
		SafeModeDuration,
	>,
>;

/// Whether a call, named by its pallet and function, keeps running whatever is stopped.
fn never_stops(pallet: &[u8], function: &[u8]) -> bool {
	match pallet {
		// Governance and the controls themselves; upgrades (`frame_system`); the timestamp
		// inherent every block needs; validators' session keys.
		b"System" | b"Timestamp" | b"Council" | b"TxPause" | b"SafeMode" | b"Session" => true,
		// The consortium's own pallet: every call needs a council motion.
		b"Exchanges" => true,
		// Suspending or reinstating an attestor in an incident.
		b"Attestation" => matches!(
			function,
			b"register_attestor" | b"suspend_attestor" | b"reinstate_attestor" | b"remove_attestor"
		),
		// An investor can always take their own orders off the book, and a market can always
		// be halted.
		b"Orderbook" => matches!(function, b"cancel_order" | b"cancel_all" | b"set_market_status"),
		// A batch's calls are each filtered on their own.
		b"Utility" => true,
		_ => false,
	}
}

/// The calls `txPause.pause` refuses (`Unpausable`), including a pallet-wide `*` on a pallet
/// whose calls never stop.
pub struct NeverPaused;
impl Contains<pallet_tx_pause::RuntimeCallNameOf<Runtime>> for NeverPaused {
	fn contains((pallet, function): &pallet_tx_pause::RuntimeCallNameOf<Runtime>) -> bool {
		if function.as_slice() == WHOLE_PALLET {
			// A whole pallet can be paused only if none of its calls must keep running.
			return matches!(
				pallet.as_slice(),
				b"System"
					| b"Timestamp" | b"Council"
					| b"TxPause" | b"SafeMode"
					| b"Session" | b"Exchanges"
					| b"Utility"
			);
		}
		never_stops(pallet, function)
	}
}

/// The calls that keep running in safe mode.
pub struct KeepsRunningInSafeMode;
impl Contains<RuntimeCall> for KeepsRunningInSafeMode {
	fn contains(call: &RuntimeCall) -> bool {
		let CallMetadata { pallet_name, function_name } = call.get_call_metadata();
		never_stops(pallet_name.as_bytes(), function_name.as_bytes())
	}
}

/// The function name that, paused, stops every call of a pallet.
pub const WHOLE_PALLET: &[u8] = b"*";

/// Whether `call` is stopped by `txPause`: by its own name, or by its pallet's `*`.
pub fn is_paused(call: &RuntimeCall) -> bool {
	let CallMetadata { pallet_name, function_name } = call.get_call_metadata();
	if never_stops(pallet_name.as_bytes(), function_name.as_bytes()) {
		return false;
	}
	TxPause::is_paused_unbound(pallet_name.into(), function_name.into())
		|| TxPause::is_paused_unbound(pallet_name.into(), WHOLE_PALLET.to_vec())
}

impl pallet_tx_pause::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PauseOrigin = IncidentOrigin;
	type UnpauseOrigin = ResumeOrigin;
	type WhitelistedCalls = NeverPaused;
	// Longer than any pallet's or call's name in this runtime (a longer one could never be
	// paused by name; `is_paused_unbound` would treat it as paused).
	type MaxNameLen = ConstU32<64>;
	type WeightInfo = crate::weights::pallet_tx_pause::WeightInfo<Runtime>;
}

impl pallet_safe_mode::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type WhitelistedCalls = KeepsRunningInSafeMode;
	type EnterDuration = SafeModeDuration;
	type ExtendDuration = SafeModeDuration;
	type EnterDepositAmount = NoDeposit;
	type ExtendDepositAmount = NoDeposit;
	type ForceEnterOrigin = IncidentOriginForSafeMode;
	type ForceExtendOrigin = IncidentOriginForSafeMode;
	type ForceExitOrigin = ResumeOrigin;
	// No deposits are ever taken (above), so there is nothing to release or slash.
	type ForceDepositOrigin = EnsureRoot<AccountId>;
	type Notify = ();
	type ReleaseDelay = NoReleaseDelay;
	// `enter`, `extend` and `release_deposit` measure as nothing: with no deposit configured
	// they fail at once (`NotConfigured`), paying the base extrinsic weight.
	type WeightInfo = crate::weights::pallet_safe_mode::WeightInfo<Runtime>;
}
