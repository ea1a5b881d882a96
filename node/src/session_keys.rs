//! `stledger-node session-keys`: a validator's new session keys and their ownership proof,
//! generated into its keystore with the node stopped, so that no validator ever serves
//! unsafe RPC methods.
//!
//! `author_rotateKeysWithOwner` needs unsafe RPC methods, which any web page opened on the
//! node's host reaches over WebSocket (browsers apply no origin check to WebSockets, and
//! `sc-rpc-server` checks none: docs/security.md). This command does what that method does
//! (sc-rpc's `rotate_keys_impl`: the runtime's `SessionKeys::generate_session_keys` with the
//! keystore registered, at the best block) against the node's own database and keystore.
//! ParityDB locks its database, so the node is stopped while it runs; the keys are files in
//! the keystore, which the restarted node reads.

use codec::Encode;
use sc_cli::{CliConfiguration, DatabaseParams, KeystoreParams, SharedParams};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;
use sp_keystore::KeystoreExt;
use sp_session::SessionKeys;
use stledger_runtime::AccountId;

/// Generate session keys in the node's keystore, bound to the validator account `--owner`,
/// and print them with their ownership proof for `session.setKeys(keys, proof)`. Run it with
/// the node stopped and its own `--chain`, `--base-path` and keystore options.
#[derive(Debug, clap::Parser)]
pub struct SessionKeysCmd {
	/// The validator account (SS58) that will sign `session.setKeys`.
	#[arg(long)]
	pub owner: String,

	#[allow(missing_docs)]
	#[clap(flatten)]
	pub shared_params: SharedParams,

	#[allow(missing_docs)]
	#[clap(flatten)]
	pub keystore_params: KeystoreParams,

	#[allow(missing_docs)]
	#[clap(flatten)]
	pub database_params: DatabaseParams,
}

impl CliConfiguration for SessionKeysCmd {
	fn shared_params(&self) -> &SharedParams {
		&self.shared_params
	}

	// Without them the keystore would be an in-memory one, and the keys would be lost.
	fn keystore_params(&self) -> Option<&KeystoreParams> {
		Some(&self.keystore_params)
	}

	fn database_params(&self) -> Option<&DatabaseParams> {
		Some(&self.database_params)
	}
}

/// New session keys and the proof that `owner`'s keys they are, as hex.
pub struct Generated {
	/// SCALE-encoded `SessionKeys`, for `session.setKeys`' first argument.
	pub keys: String,
	/// The ownership proof, `session.setKeys`' second argument.
	pub proof: String,
}

impl SessionKeysCmd {
	/// Generates the keys into `keystore` with the runtime of `client`'s best block.
	pub fn run(
		&self,
		client: &crate::service::FullClient,
		keystore: sp_keystore::KeystorePtr,
	) -> sc_cli::Result<Generated> {
		let owner = AccountId::from_ss58check(&self.owner)
			.map_err(|e| sc_cli::Error::Input(format!("--owner {}: {e:?}", self.owner)))?;
		let best = client.info().best_hash;
		let mut api = client.runtime_api();
		api.register_extension(KeystoreExt::from(keystore));
		let generated = api
			.generate_session_keys(best, owner.encode(), None)
			.map_err(|e| sc_cli::Error::Application(Box::new(e)))?;
		Ok(Generated {
			keys: sp_core::bytes::to_hex(&generated.keys, false),
			proof: sp_core::bytes::to_hex(&generated.proof, false),
		})
	}
}
