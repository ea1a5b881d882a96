//! The node's RPC methods beyond Substrate's defaults: account nonces and fee queries, which
//! polkadot.js uses to sign and to show fees; and, on a validator's node only, GRANDPA's
//! `grandpa_roundState` and `grandpa_subscribeJustifications`, with which its operator sees
//! whether the validator votes (docs/operating-a-validator.md, rebuilding a validator). All of
//! them only read.
//!
//! GRANDPA's methods are a validator's only: they tell, vote by vote, which validators are
//! voting now (the round's missing voters; every justification's signers), and with four
//! validators one more down stops finality. A validator's RPC answers on its loopback
//! interface only; the RPC nodes investors reach do not serve them.
//!
//! GRANDPA's third method, `grandpa_proveFinality`, is not served anywhere: for a block of the
//! current authority set it reads every header from that block to the last finalized one, up
//! to 100,000 a call (`sc-consensus-grandpa` 0.45.0).

use jsonrpsee::RpcModule;
use sc_consensus_grandpa::{
	FinalityProofProvider, GrandpaJustificationStream, SharedAuthoritySet, SharedVoterState,
};
use sc_rpc::SubscriptionTaskExecutor;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use std::sync::Arc;
use stledger_runtime::{
	opaque::{Block, Hash},
	AccountId, Balance, BlockNumber, Nonce,
};

/// The GRANDPA method the node does not serve.
const UNSERVED_GRANDPA_METHOD: &str = "grandpa_proveFinality";

/// What the GRANDPA methods read: the voter's rounds, the authority set and finalized blocks'
/// justifications (the finality proof provider only because `Grandpa::new` takes one).
pub struct GrandpaDeps<B> {
	/// The voter's rounds (empty until the voter has started).
	pub shared_voter_state: SharedVoterState,
	/// The current authority set and its pending changes.
	pub shared_authority_set: SharedAuthoritySet<Hash, BlockNumber>,
	/// Each justification as the node finalizes a block with one.
	pub justification_stream: GrandpaJustificationStream<Block>,
	/// Where subscriptions run.
	pub subscription_executor: SubscriptionTaskExecutor,
	/// Finality proofs from the node's database.
	pub finality_provider: Arc<FinalityProofProvider<B, Block>>,
}

/// What the RPC methods need.
pub struct FullDeps<C, P, B> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// GRANDPA's state, on a validator's node; `None` elsewhere (no GRANDPA methods served).
	pub grandpa: Option<GrandpaDeps<B>>,
}

/// The RPC methods of a full node.
pub fn create_full<C, P, B>(
	deps: FullDeps<C, P, B>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, grandpa } = deps;
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client).into_rpc())?;
	if let Some(grandpa) = grandpa {
		let mut grandpa_methods = Grandpa::new(
			grandpa.subscription_executor,
			grandpa.shared_authority_set,
			grandpa.shared_voter_state,
			grandpa.justification_stream,
			grandpa.finality_provider,
		)
		.into_rpc();
		// A walk of up to 100,000 headers a call: see the module's docs. Should a new release
		// rename it, the node must not start serving it unnoticed.
		grandpa_methods
			.remove_method(UNSERVED_GRANDPA_METHOD)
			.ok_or("sc-consensus-grandpa-rpc no longer has grandpa_proveFinality")?;
		module.merge(grandpa_methods)?;
	}
	Ok(module)
}
