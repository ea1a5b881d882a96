//! The consortium's powers over the runtime itself: upgrades and emergency stops.
//!
//! | power | origin | who must not |
//! |---|---|---|
//! | authorize new runtime code (`exchanges.authorize_upgrade`), remove an exchange (`exchanges.remove`) | [`SupermajorityOrigin`]: Root or a motion whose ayes are ≥ ¾ of **all admitted** exchanges, suspended ones counted | one exchange, a motion of half or two thirds, two thirds who first suspended the dissenters |
//! | apply the authorized code (`system.apply_authorized_upgrade`) | anyone, with exactly the authorized code and a higher `spec_version` | anyone with other code |
//! | stop one call or one pallet (`txPause.pause`) | [`IncidentOrigin`]: Root or a motion of ≥ ½ | one exchange alone; anyone, for a brake, an exit or governance |
//! | stop everything but governance, brakes and exits (`safeMode.forceEnter`), for four hours | [`IncidentOrigin`] | one exchange alone; nobody by deposit |
//! | extend safe mode by four hours (`safeMode.forceExtend`) | [`IncidentOrigin`], only once less than four hours remain ([`ExtendNearTheEnd`]) | a motion stacking extensions |
//! | resume (`txPause.unpause`, `safeMode.forceExit`) | [`ResumeOrigin`]: the ordinary ⅔ consortium | a motion of half |
//!
//! Stopping needs fewer exchanges than resuming: an exchange that sees an incident must be
//! able to stop trading within minutes, and a venue's rulebook prefers a wrongful halt to a
//! wrongful trade. What a stop can never reach ([`never_stops`]): governance and the
//! controls themselves, `frame_system`'s upgrades and Root calls (a fix can always be
//! applied; its remarks do stop), the timestamp
//! inherent, session keys, the **brakes** (revoking an attestation, pausing a security,
//! freezing an account or an amount, a forced transfer, withdrawing a key or an agent, a
//! cash issuer's freezes, halting a market) and the **owners' exits** (cancelling one's
//! orders, withdrawing a subscription, claiming a refund, calling an offering off). So two
//! colluding exchanges can halt trading, subscriptions and transfers, but never switch off
//! a brake or lock an owner's money in; docs/security.md weighs what remains.
//!
//! `txPause.pause(("Orderbook", "*"))` stops every call of the `Orderbook` pallet except
//! those that never stop: `pallet-tx-pause` stores the name, and the runtime's call filter
//! ([`is_stopped`]) reads `*` as "every call of this pallet". A name the runtime does not have
//! (a typo, polkadot.js' camelCase) is refused as `Unpausable` rather than stored to stop
//! nothing.

use crate::{
	configs::{ConsortiumOrigin, CouncilCollective},
	AccountId, Balances, BlockNumber, Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason,
	RuntimeOrigin, System, HOURS,
};
use frame_support::{
	parameter_types,
	traits::{
		CallMetadata, ConstU32, Contains, EitherOf, EitherOfDiverse, EnsureOrigin, GetCallMetadata,
	},
};
use frame_system::{EnsureRoot, EnsureRootWithSuccess, EnsureWithSuccess};
use pallet_collective::EnsureProportionAtLeast;

/// Root, or a council motion whose ayes are at least three quarters of all admitted
/// exchanges, suspended ones included: who authorizes new runtime code and removes an
/// exchange. Counting the admitted, not the seats, means suspending dissenters (two thirds)
/// never lowers the bar; removal, which does, needs this origin itself.
pub type SupermajorityOrigin =
	EitherOfDiverse<EnsureRoot<AccountId>, AyesOfAllAdmittedExchanges<3, 4>>;

/// A council motion whose ayes are at least `N / D` of all admitted exchanges (active or
/// suspended; `pallet_exchanges::Exchanges`), however many seats the council has now.
pub struct AyesOfAllAdmittedExchanges<const N: u32, const D: u32>;

impl<const N: u32, const D: u32> EnsureOrigin<RuntimeOrigin> for AyesOfAllAdmittedExchanges<N, D> {
	type Success = ();

	fn try_origin(origin: RuntimeOrigin) -> Result<(), RuntimeOrigin> {
		let admitted = pallet_exchanges::Exchanges::<Runtime>::count();
		let raw: Result<pallet_collective::RawOrigin<AccountId, CouncilCollective>, RuntimeOrigin> =
			origin.into();
		raw.and_then(|raw| match raw {
			pallet_collective::RawOrigin::<AccountId, CouncilCollective>::Members(ayes, _)
				if admitted > 0 && ayes.saturating_mul(D) >= admitted.saturating_mul(N) =>
			{
				Ok(())
			},
			raw => Err(raw.into()),
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
		let admitted = pallet_exchanges::Exchanges::<Runtime>::count().max(1);
		Ok(pallet_collective::RawOrigin::<AccountId, CouncilCollective>::Members(
			admitted, admitted,
		)
		.into())
	}
}

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

/// [`IncidentOriginForSafeMode`], accepted for an extension only once less than
/// [`SafeModeDuration`] remains: safe mode then never ends more than twice that from now,
/// and a motion cannot stack extensions (a second in the same batch is `BadOrigin`). Half
/// the exchanges renew it four hours at a time; two thirds end it.
pub struct ExtendNearTheEnd;

impl EnsureOrigin<RuntimeOrigin> for ExtendNearTheEnd {
	type Success = BlockNumber;

	fn try_origin(origin: RuntimeOrigin) -> Result<BlockNumber, RuntimeOrigin> {
		let remaining = pallet_safe_mode::EnteredUntil::<Runtime>::get()
			.map_or(0, |until| until.saturating_sub(System::block_number()));
		if remaining >= SafeModeDuration::get() {
			return Err(origin);
		}
		IncidentOriginForSafeMode::try_origin(origin)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
		IncidentOriginForSafeMode::try_successful_origin()
	}
}

/// Whether a call, named by its pallet and function, keeps running whatever is stopped:
/// governance, the brakes (calls that only restrict, freeze, revoke or take back what someone
/// may do) and owners' exits (cancels, withdrawals, refunds). An emergency stop halts risk;
/// it must never switch off a brake or lock an owner's money in (docs/security.md).
fn never_stops(pallet: &[u8], function: &[u8]) -> bool {
	match pallet {
		// Governance and the controls themselves; the timestamp inherent every block needs;
		// validators' session keys.
		b"Timestamp" | b"Council" | b"TxPause" | b"SafeMode" | b"Session" => true,
		// `frame_system`'s upgrades and Root's repairs (a fix can always be applied). Not a
		// remark: any account's call, which a stop halts like any other (before release 121,
		// nothing could). A stop acts at dispatch: a stopped remark is still included and
		// pays its fee, its bytes priced by `configs::TransactionByteFee`.
		b"System" => matches!(
			function,
			b"authorize_upgrade"
				| b"authorize_upgrade_without_checks"
				| b"apply_authorized_upgrade"
				| b"set_code"
				| b"set_code_without_checks"
				| b"set_heap_pages"
				| b"set_storage"
				| b"kill_storage"
				| b"kill_prefix"
		),
		// The consortium's own pallet: every call needs a council motion, but an exchange's
		// `connect_node` and `replace_node` (a node of its own peers): a stop halts them,
		// never a disconnection or the consortium's bar.
		b"Exchanges" => !matches!(function, b"connect_node" | b"replace_node"),
		// A batch's calls are each filtered on their own.
		b"Utility" => true,
		// The consortium's attestor register and appointments; an attestor's revocation; an
		// investor dropping an attestor it invited or withdrawing a link it approved.
		b"Attestation" => matches!(
			function,
			b"register_attestor"
				| b"suspend_attestor"
				| b"reinstate_attestor"
				| b"remove_attestor"
				| b"appoint_onboarding_attestor"
				| b"revoke" | b"dismiss_attestor"
				| b"cancel_link"
		),
		// An issuer's and its agents' brakes: pause the security, freeze an account or an
		// amount, take tokens back by court order, withdraw a compromised key or agent.
		b"Securities" => matches!(
			function,
			b"pause"
				| b"freeze_account"
				| b"set_frozen_amount"
				| b"forced_transfer"
				| b"remove_agent"
				| b"remove_issuer_account"
		),
		// A cash issuer's AML brakes.
		b"Assets" => matches!(function, b"freeze" | b"block" | b"freeze_asset"),
		// An issuer calling an offering off; a subscriber taking its cash back; an issuer
		// taking its proceeds.
		b"Offerings" => matches!(
			function,
			b"cancel_offering" | b"withdraw" | b"claim_refund" | b"claim_proceeds"
		),
		// An investor can always take their own orders off the book, and a market can always
		// be halted; the market's controls (who runs it, which venues list it, its price
		// bands, a venue's limits on its investors) and venues' fees are never held by half
		// the council (helper-66: two exchanges of four kept an issuer from taking its market
		// back from them, or a venue from its fees).
		b"Orderbook" => matches!(
			function,
			b"cancel_order"
				| b"cancel_all"
				| b"set_market_status"
				| b"set_market_administrator"
				| b"delist_market"
				| b"set_price_controls"
				| b"set_order_limits"
				| b"set_investor_limits"
				| b"claim_venue_fees"
				| b"pay_out_former_venue_fees"
		),
		_ => false,
	}
}

/// The calls `txPause.pause` refuses (`Unpausable`): those that never stop, a pallet-wide
/// `*` on a pallet whose calls all never stop, and any name this runtime does not have.
pub struct NeverPaused;
impl Contains<pallet_tx_pause::RuntimeCallNameOf<Runtime>> for NeverPaused {
	fn contains((pallet, function): &pallet_tx_pause::RuntimeCallNameOf<Runtime>) -> bool {
		let refused = refused_pause(pallet, function);
		// pallet-tx-pause's own benchmarks pause and unpause a made-up name of the longest
		// length (every byte 1); only a benchmarking build lets them, after the same lookup,
		// so that the calls are measured with it.
		#[cfg(feature = "runtime-benchmarks")]
		use frame_support::traits::Get;
		#[cfg(feature = "runtime-benchmarks")]
		if [pallet, function].iter().all(|name| {
			name.len()
				== <<Runtime as pallet_tx_pause::Config>::MaxNameLen as Get<u32>>::get() as usize
				&& name.iter().all(|byte| *byte == 1)
		}) {
			return false;
		}
		refused
	}
}

/// Whether `txPause.pause` refuses `pallet`'s `function` ([`NeverPaused`]).
fn refused_pause(pallet: &[u8], function: &[u8]) -> bool {
	let Some(pallet_name) =
		RuntimeCall::get_module_names().iter().find(|name| name.as_bytes() == pallet)
	else {
		return true;
	};
	if function == WHOLE_PALLET {
		// A whole pallet can be paused only if some of its calls may stop.
		return RuntimeCall::get_call_names(pallet_name)
			.iter()
			.all(|call| never_stops(pallet, call.as_bytes()));
	}
	let known =
		RuntimeCall::get_call_names(pallet_name).iter().any(|call| call.as_bytes() == function);
	!known || never_stops(pallet, function)
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

/// Whether `call` is stopped: by `txPause` (its own name or its pallet's `*`) or by safe
/// mode, unless it never stops.
///
/// The filter runs on every dispatch, so its reads are made for every call, whitelisted or
/// not, and the measured base weight of an extrinsic (`benchmark overhead`, a block of
/// `system.remark`s) includes them: safe mode's `EnteredUntil`, and one `next_key` telling
/// whether anything is paused at all. Only while something is paused does a call read its
/// two names too (two reads more, during an incident only).
pub fn is_stopped(call: &RuntimeCall) -> bool {
	let CallMetadata { pallet_name, function_name } = call.get_call_metadata();
	let in_safe_mode = pallet_safe_mode::Pallet::<Runtime>::is_entered();
	let paused = anything_paused()
		&& (paused_by_name(pallet_name, function_name.as_bytes())
			|| paused_by_name(pallet_name, WHOLE_PALLET));
	(in_safe_mode || paused) && !never_stops(pallet_name.as_bytes(), function_name.as_bytes())
}

/// Whether `txPause` holds any name: one `next_key` under its map's prefix.
fn anything_paused() -> bool {
	use frame_support::storage::StoragePrefixedMap;
	let prefix = pallet_tx_pause::PausedCalls::<Runtime>::final_prefix();
	sp_io::storage::next_key(&prefix).is_some_and(|key| key.starts_with(&prefix))
}

/// Whether `txPause` holds this name. Every pallet and call name fits `MaxNameLen` (tested),
/// so the bounds never fail; if one did, the call would count as paused, as in
/// `pallet-tx-pause`.
fn paused_by_name(pallet: &str, function: &[u8]) -> bool {
	let pallet: Result<pallet_tx_pause::PalletNameOf<Runtime>, _> =
		pallet.as_bytes().to_vec().try_into();
	let function: Result<pallet_tx_pause::PalletCallNameOf<Runtime>, _> =
		function.to_vec().try_into();
	match (pallet, function) {
		(Ok(pallet), Ok(function)) => {
			pallet_tx_pause::PausedCalls::<Runtime>::contains_key((pallet, function))
		},
		_ => true,
	}
}

impl pallet_tx_pause::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PauseOrigin = IncidentOrigin;
	type UnpauseOrigin = ResumeOrigin;
	type WhitelistedCalls = NeverPaused;
	// Longer than any pallet's or call's name in this runtime (tested:
	// `every_call_name_fits_a_pause`), so every call can be paused, and unpaused, by name.
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
	type ForceExtendOrigin = ExtendNearTheEnd;
	type ForceExitOrigin = ResumeOrigin;
	// No deposits are ever taken (above), so there is nothing to release or slash.
	type ForceDepositOrigin = EnsureRoot<AccountId>;
	type Notify = ();
	type ReleaseDelay = NoReleaseDelay;
	// `enter`, `extend` and `release_deposit` measure as nothing: with no deposit configured
	// they fail at once (`NotConfigured`), paying the base extrinsic weight.
	type WeightInfo = crate::weights::pallet_safe_mode::WeightInfo<Runtime>;
}
