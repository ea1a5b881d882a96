//! The runtime API wallets and auditors call (polkadot.js: `api.call.securitiesApi.*`).

use crate::{HolderCounts, RegimePreset, Rules};
use alloc::vec::Vec;
use stledger_primitives::{Reason, SecurityId, TransferKind};

sp_api::decl_runtime_apis! {
	/// Ask the securities ledger before signing.
	pub trait SecuritiesApi<AccountId, Balance, MaxEntries>
	where
		AccountId: codec::Codec + Clone + PartialEq + Eq + core::fmt::Debug,
		Balance: codec::Codec + Clone + PartialEq + Eq + core::fmt::Debug,
		MaxEntries: frame_support::traits::Get<u32>,
		Rules<AccountId, Balance, MaxEntries>: codec::Codec,
	{
		/// Every reason `amount` of `security` may not move from `from` (none: an issuance)
		/// to `to` as `kind`, or `Ok`.
		fn can_transfer(
			security: SecurityId,
			from: Option<AccountId>,
			to: AccountId,
			amount: Balance,
			kind: TransferKind,
		) -> Result<(), Vec<Reason>>;

		/// The rules of a regime preset, with periods counted from now: a starting point an
		/// issuer adjusts.
		fn preset_rules(preset: RegimePreset) -> Rules<AccountId, Balance, MaxEntries>;

		/// How many identities hold `security`, in total and per class.
		fn holder_counts(security: SecurityId) -> HolderCounts;
	}
}
