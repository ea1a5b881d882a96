//! The runtime API wallets and auditors call (polkadot.js: `api.call.securitiesApi.*`).

use crate::{HolderCounts, RegimePreset, Rules};
use alloc::vec::Vec;
use stledger_primitives::{
	CountryCode, IdentityId, Ineligibility, InvestorClass, Reason, SecurityId, TransferKind,
};

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

		/// A page of `security`'s cap table: at most `limit` holding accounts (capped at
		/// [`MAX_CAP_TABLE_PAGE`]), after `start_after` (the last account of the previous page;
		/// `None` for the first page), in storage order.
		fn cap_table(
			security: SecurityId,
			start_after: Option<AccountId>,
			limit: u32,
		) -> Vec<CapTableEntry<AccountId, Balance>>;
	}
}

/// The most entries one cap-table page returns.
pub const MAX_CAP_TABLE_PAGE: u32 = 500;

/// One holding account in a cap table, as an auditor reads it.
#[derive(Clone, PartialEq, Eq, Debug, codec::Encode, codec::Decode, scale_info::TypeInfo)]
pub struct CapTableEntry<AccountId, Balance> {
	/// The account.
	pub account: AccountId,
	/// The identity it is counted under.
	pub identity: IdentityId,
	/// The identity's jurisdiction and class now, or why it has no valid attestation.
	pub profile: Result<(CountryCode, InvestorClass), Ineligibility>,
	/// Tokens held.
	pub balance: Balance,
	/// Tokens locked by lock-up lots not yet unlocked.
	pub locked: Balance,
	/// Tokens frozen by amount.
	pub frozen: Balance,
	/// Whether the whole account is frozen.
	pub account_frozen: bool,
	/// Tokens reserved by resting sell orders.
	pub reserved: Balance,
}

impl<T: crate::Config> crate::Pallet<T> {
	/// The runtime API's `cap_table`.
	pub fn cap_table(
		security: SecurityId,
		start_after: Option<T::AccountId>,
		limit: u32,
	) -> Vec<CapTableEntry<T::AccountId, T::Balance>> {
		use frame_support::traits::fungibles::Inspect;
		use stledger_primitives::InvestorRegistry;
		// Every position under the security, holders' and others' (an account frozen or with
		// a frozen amount that holds nothing): a page holds holders only. The others are
		// skipped, not counted against `limit`, so a page reads one more entry for each: they
		// exist only by an administrator's freeze of this security (a signed, paid call each),
		// and this runs off chain, in the node's RPC. A bound on entries walked would need a
		// cursor in the answer (a new version of this API) to stay complete.
		let positions = match start_after {
			Some(last) => crate::Positions::<T>::iter_prefix_from(
				security,
				crate::Positions::<T>::hashed_key_for(security, last),
			),
			None => crate::Positions::<T>::iter_prefix(security),
		};
		let now = Self::now();
		positions
			.filter_map(|(account, position)| {
				let identity = position.identity?;
				Some(CapTableEntry {
					identity,
					profile: T::Investors::profile(&account).map(|p| (p.jurisdiction, p.class)),
					balance: T::Assets::balance(security, &account),
					locked: Self::locked_in(&position, now),
					frozen: position.frozen_amount,
					account_frozen: position.frozen,
					reserved: position.reserved,
					account,
				})
			})
			.take(limit.min(MAX_CAP_TABLE_PAGE) as usize)
			.collect()
	}
}
