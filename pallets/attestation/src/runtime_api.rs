//! The runtime API wallets and auditors call (polkadot.js: `api.call.attestationApi.*`).

use stledger_primitives::{Ineligibility, InvestorProfile};

sp_api::decl_runtime_apis! {
	/// Who an account is, legally, right now.
	pub trait AttestationApi<AccountId> where AccountId: codec::Codec {
		/// The account's investor profile at the chain's current time, or why it has none.
		fn investor_profile(account: AccountId) -> Result<InvestorProfile<AccountId>, Ineligibility>;
	}
}
