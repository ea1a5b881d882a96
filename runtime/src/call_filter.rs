//! The runtime's call filter (`frame_system`'s `BaseCallFilter`): what no signed origin may
//! dispatch, alone, in a `utility` batch or through a council motion (every origin but Root
//! applies it, and the `local` and real networks have no Root key).
//!
//! `pallet-assets` keeps the balances of securities and of cash, but only the securities
//! pallet may move a security (through its compliance check). So its calls pass by an
//! allow-list, each known to be harmless where it is allowed:
//!
//! - on a **security**: none. A holder could otherwise burn tokens outside the ledger
//!   (`touch` then `refund` with `allow_burn`), approve a spender, or transfer directly.
//! - on a **cash asset**: what holders and the cash issuer's team use to run their cash
//!   (transfers, approvals, mint, burn, freeze and thaw, metadata, team). `burn`, `freeze`,
//!   `block` and `refund_other` never name one of the chain's own accounts (the securities
//!   and order-book pallets' accounts, the offerings' escrows, the consortium's fee
//!   account): a cash issuer is trusted for its cash, not to seize or jam what the chain
//!   holds for others.
//! - anything else (`create`, the `force_*` calls, destruction, `set_min_balance`,
//!   `set_reserves`, and any call a later `pallet-assets` adds): refused for every asset.
//!
//! `pallet-node-authorization`: none of its calls. Its signed calls (`claim_node`,
//! `remove_claim`, `transfer_node`, `add_connections`, `remove_connections`) would let any
//! account claim peer ids and lists of connections without bound or price; an exchange
//! connects nodes of its own with `exchanges.connect_node` instead. The others need Root,
//! which the exchanges pallet uses for its members' nodes.
//!
//! `pallet-collective`: a motion's proposal at most [`MAX_MOTION_BYTES`] long
//! (`council.propose`'s `length_bound`). The council keeps a proposal for a week without a
//! deposit; without a bound a member could store one the size of a block for its byte fee
//! (helper-66). Every consortium call, upgrades' authorizations and batches of them included,
//! is far smaller.
//!
//! Nesting: a call dispatched may carry others (`utility` batches, `as_derivative`,
//! `with_weight`, `if_else`, `dispatch_as`, council motions, `sudo`) at most
//! [`MAX_CALL_NESTING`] deep (a motion's proposal is counted again when it runs, from its
//! own depth: a few levels more in all, never near the limit). Each level opens storage
//! layers, and FRAME allows 255 in all (`TRANSACTIONAL_LIMIT`): near that limit every layer a
//! pallet opens fails, so a call dispatched 250 levels deep found its own inner layers
//! refused and took that for the other side's fault (helper-79: a raise settled at once read
//! every issuance as refused and failed; `orderbook.uncross_auction` cancelled the bid of
//! each pair as `CashUnavailable`; `council.close` of an approved motion ran its proposal
//! into the limit and removed it, helper-80). Nothing the chain's members do nests more
//! than three deep. Every call of the runtime is listed: a pallet added later that carries
//! calls must say how they nest.
//!
//! On top of that, the consortium's emergency stops (`crate::governance`): calls paused by
//! `pallet-tx-pause` (one call, or a whole pallet with `*`) and everything but governance
//! while `pallet-safe-mode` is entered.

use crate::{
	configs::{CashFeesPalletId, OfferingsPalletId, OrderbookPalletId, SecuritiesPalletId},
	AccountId, Address, Runtime, RuntimeCall,
};
use frame_support::{traits::Contains, PalletId};
use sp_runtime::traits::{AccountIdConversion, StaticLookup};

/// The longest proposal a council motion may carry: 64 KiB.
pub const MAX_MOTION_BYTES: u32 = 64 * 1024;

/// The deepest a call may nest others, itself counted: a `utility.batch` of calls is two, a
/// council motion proposing one is three.
pub const MAX_CALL_NESTING: u32 = 8;

/// The runtime's `BaseCallFilter`: see the module documentation.
pub struct CallFilter;

impl Contains<RuntimeCall> for CallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		if !nests_within(call, MAX_CALL_NESTING) {
			return false;
		}
		let allowed = match call {
			RuntimeCall::Assets(call) => assets_call_allowed(call),
			RuntimeCall::NodeAuthorization(_) => false,
			RuntimeCall::Council(pallet_collective::Call::propose { length_bound, .. }) => {
				*length_bound <= MAX_MOTION_BYTES
			},
			_ => true,
		};
		// The consortium's emergency stops (`crate::governance`).
		allowed && !crate::governance::is_stopped(call)
	}
}

/// Whether `call` and every call it carries nest at most `levels` deep. The filter is applied
/// again to each carried call as it is dispatched (a walk of its own subtree, at most
/// [`MAX_CALL_NESTING`] times in all).
fn nests_within(call: &RuntimeCall, levels: u32) -> bool {
	use pallet_collective::Call as C;
	use pallet_sudo::Call as S;
	use pallet_utility::Call as U;
	let Some(below) = levels.checked_sub(1) else {
		return false;
	};
	let all = |calls: &[RuntimeCall]| calls.iter().all(|call| nests_within(call, below));
	match call {
		// Every `utility` call carries others; one a later `pallet-utility` adds is refused
		// until listed here.
		RuntimeCall::Utility(call) => match call {
			U::batch { calls } | U::batch_all { calls } | U::force_batch { calls } => all(calls),
			U::as_derivative { call, .. }
			| U::dispatch_as { call, .. }
			| U::dispatch_as_fallible { call, .. }
			| U::with_weight { call, .. } => nests_within(call, below),
			U::if_else { main, fallback } => {
				nests_within(main, below) && nests_within(fallback, below)
			},
			_ => false,
		},
		RuntimeCall::Council(C::propose { proposal, .. } | C::execute { proposal, .. }) => {
			nests_within(proposal, below)
		},
		RuntimeCall::Council(_) => true,
		RuntimeCall::Sudo(call) => match call {
			S::sudo { call } | S::sudo_unchecked_weight { call, .. } | S::sudo_as { call, .. } => {
				nests_within(call, below)
			},
			S::set_key { .. } | S::remove_key {} => true,
			_ => false,
		},
		// Carry no call. Listed one by one: a pallet added later is not matched until it says
		// how its calls nest.
		RuntimeCall::System(_)
		| RuntimeCall::Timestamp(_)
		| RuntimeCall::Balances(_)
		| RuntimeCall::Assets(_)
		| RuntimeCall::NodeAuthorization(_)
		| RuntimeCall::AssetRate(_)
		| RuntimeCall::Exchanges(_)
		| RuntimeCall::Session(_)
		| RuntimeCall::Grandpa(_)
		| RuntimeCall::Attestation(_)
		| RuntimeCall::Securities(_)
		| RuntimeCall::Offerings(_)
		| RuntimeCall::Orderbook(_)
		| RuntimeCall::TxPause(_)
		| RuntimeCall::SafeMode(_) => true,
	}
}

/// Whether a `pallet-assets` call passes: listed below, on a cash asset, not aimed at one of
/// the chain's own accounts.
fn assets_call_allowed(call: &pallet_assets::Call<Runtime>) -> bool {
	use pallet_assets::Call as A;
	let (id, target) = match call {
		// Holders of cash.
		A::transfer { id, .. }
		| A::transfer_keep_alive { id, .. }
		| A::transfer_all { id, .. }
		| A::approve_transfer { id, .. }
		| A::cancel_approval { id, .. }
		| A::transfer_approved { id, .. }
		| A::touch { id }
		| A::refund { id, .. } => (id, None),
		// The cash issuer's team, running its asset.
		// The cash issuer mints, but never past the supply every transfer can credit
		// (`pallet_securities::supply_cap`): past it, the `fungibles` traits' default
		// transfer drops the credit and destroys the cash. The ledger's transfers
		// (`DirectTransfers`, since release 109) and `assets.transfer` use `pallet-assets`'
		// own transfer, which does not; the cap stays for any path that does.
		A::mint { id, amount, .. } => {
			let supply = pallet_assets::Asset::<Runtime>::get(id.0).map_or(0, |a| a.supply);
			let cap = pallet_securities::supply_cap::<crate::Balance>();
			if supply.checked_add(*amount).is_none_or(|supply| supply > cap) {
				return false;
			}
			(id, None)
		},
		A::thaw { id, .. }
		| A::freeze_asset { id }
		| A::thaw_asset { id }
		| A::transfer_ownership { id, .. }
		| A::set_team { id, .. }
		| A::set_metadata { id, .. }
		| A::clear_metadata { id }
		| A::touch_other { id, .. } => (id, None),
		// The cash issuer's team, against one account.
		A::burn { id, who, .. }
		| A::freeze { id, who }
		| A::block { id, who }
		| A::refund_other { id, who } => (id, Some(who)),
		_ => return false,
	};
	!is_security(id.0) && target.is_none_or(|who| !is_chain_account(who))
}

fn is_security(asset: crate::AssetId) -> bool {
	pallet_securities::Securities::<Runtime>::contains_key(asset)
}

/// Whether `who` is one of the accounts the chain holds for others: a pallet account of the
/// securities, offerings (any escrow) or order-book pallet, or the consortium's fee account.
pub fn is_chain_account(who: &Address) -> bool {
	let Ok(who) = <Runtime as frame_system::Config>::Lookup::lookup(who.clone()) else {
		// Not an account this runtime resolves: the call fails on its own.
		return false;
	};
	is_chain_account_id(&who)
}

/// [`is_chain_account`] for a resolved account.
pub fn is_chain_account_id(who: &AccountId) -> bool {
	let ours = [
		SecuritiesPalletId::get(),
		OfferingsPalletId::get(),
		OrderbookPalletId::get(),
		CashFeesPalletId::get(),
	];
	// A pallet's account is its sub-account 0; an offering's escrow is the sub-account of
	// its id.
	PalletId::try_from_sub_account::<u32>(who).is_some_and(|(id, _)| ours.contains(&id))
}
