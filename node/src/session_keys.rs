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
use sc_service::{Configuration, PartialComponents};
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
#[derive(Debug)]
pub struct Generated {
	/// SCALE-encoded `SessionKeys`, for `session.setKeys`' first argument.
	pub keys: String,
	/// The ownership proof, `session.setKeys`' second argument.
	pub proof: String,
}

impl Generated {
	/// The line the command prints: `{"keys":"0x…","proof":"0x…"}`, as
	/// `author_rotateKeysWithOwner` answers.
	pub fn to_json(&self) -> String {
		format!("{{\"keys\":\"{}\",\"proof\":\"{}\"}}", self.keys, self.proof)
	}
}

impl SessionKeysCmd {
	/// Opens the node's database and keystore (`config`, from this command's options) and
	/// generates the keys into the keystore with the runtime of the best block.
	pub fn run(&self, config: &Configuration) -> sc_cli::Result<Generated> {
		// Before the database opens: a typo is refused with nothing written.
		let owner = AccountId::from_ss58check(&self.owner)
			.map_err(|e| sc_cli::Error::Input(format!("--owner {}: {e:?}", self.owner)))?;
		let PartialComponents { client, keystore_container, .. } =
			crate::service::new_partial(config)?;
		let best = client.info().best_hash;
		let mut api = client.runtime_api();
		api.register_extension(KeystoreExt::from(keystore_container.keystore()));
		let generated = api
			.generate_session_keys(best, owner.encode(), None)
			.map_err(|e| sc_cli::Error::Application(Box::new(e)))?;
		Ok(Generated {
			keys: sp_core::bytes::to_hex(&generated.keys, false),
			proof: sp_core::bytes::to_hex(&generated.proof, false),
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::cli::{Cli, Subcommand};
	use codec::Decode;
	use sp_core::ByteArray;
	use sp_runtime::traits::OpaqueKeys;
	use std::path::{Path, PathBuf};
	use stledger_runtime::SessionKeys;

	const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

	/// A fresh base path, removed when dropped.
	struct BasePath(PathBuf);

	impl Drop for BasePath {
		fn drop(&mut self) {
			let _ = std::fs::remove_dir_all(&self.0);
		}
	}

	fn base_path(name: &str) -> BasePath {
		let path = std::env::temp_dir()
			.join(format!("stledger-session-keys-{name}-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&path);
		BasePath(path)
	}

	/// `stledger-node session-keys --chain chain-specs/local.json --base-path <base> --owner
	/// <owner>`, as the binary runs it (its configuration from its own options).
	fn session_keys(base: &Path, owner: &str) -> sc_cli::Result<Generated> {
		let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../chain-specs/local.json");
		let base = base.to_str().expect("a UTF-8 temporary path");
		let args = ["stledger-node", "session-keys", "--chain", spec, "--base-path", base];
		let cli = Cli::try_parse_from_args(args.into_iter().chain(["--owner", owner]))
			.expect("the command line parses");
		let Some(Subcommand::SessionKeys(command)) = &cli.subcommand else {
			panic!("parsed as the session-keys subcommand")
		};
		let runtime = sc_cli::build_runtime()?;
		let config = command.create_configuration(&cli, runtime.handle().clone())?;
		command.run(&config)
	}

	fn decoded(generated: &Generated) -> (SessionKeys, Vec<u8>) {
		let bytes = |hex: &str| sp_core::bytes::from_hex(hex).expect("hex");
		let keys = SessionKeys::decode(&mut &bytes(&generated.keys)[..]).expect("SessionKeys");
		(keys, bytes(&generated.proof))
	}

	fn account(ss58: &str) -> Vec<u8> {
		AccountId::from_ss58check(ss58).expect("an SS58 address").encode()
	}

	/// The keystore file of a key: its type and public key, hex, as `sc-keystore` names it.
	fn key_file(base: &Path, key_type: &[u8; 4], public: &[u8]) -> PathBuf {
		let name = format!("{}{}", hex(key_type), hex(public));
		base.join("chains/stledger_local/keystore").join(name)
	}

	fn hex(bytes: &[u8]) -> String {
		sp_core::bytes::to_hex(bytes, false).trim_start_matches("0x").to_owned()
	}

	#[test]
	fn keys_are_written_to_the_nodes_keystore_with_the_owners_proof() {
		let base = base_path("proof");
		let generated = session_keys(&base.0, ALICE).expect("generated");
		let (keys, proof) = decoded(&generated);

		// The proof `session.setKeys` checks: the owner's, no one else's.
		assert!(keys.ownership_proof_is_valid(&account(ALICE), &proof));
		assert!(!keys.ownership_proof_is_valid(&account(BOB), &proof));

		// The secret keys are files in the base path's keystore, which the node reads when
		// it starts: not an in-memory keystore gone with the command.
		let aura = keys.aura.to_raw_vec();
		let grandpa = keys.grandpa.to_raw_vec();
		assert!(key_file(&base.0, b"aura", &aura).is_file(), "the Aura key's file");
		assert!(key_file(&base.0, b"gran", &grandpa).is_file(), "the GRANDPA key's file");

		// Again: fresh keys, the earlier ones kept (the node still holds the registered
		// ones until the new ones are active).
		let again = session_keys(&base.0, ALICE).expect("generated again");
		let (newer, _) = decoded(&again);
		assert_ne!(newer.aura.to_raw_vec(), aura);
		assert_ne!(newer.grandpa.to_raw_vec(), grandpa);
		assert!(key_file(&base.0, b"aura", &aura).is_file(), "the earlier Aura key kept");
		assert!(key_file(&base.0, b"aura", &newer.aura.to_raw_vec()).is_file());
	}

	#[test]
	fn an_owner_that_is_no_account_is_refused_with_nothing_written() {
		let base = base_path("bad-owner");
		let refused = session_keys(&base.0, "nonsense").expect_err("refused");
		assert!(
			matches!(&refused, sc_cli::Error::Input(message) if message.starts_with("--owner nonsense: ")),
			"{refused:?}"
		);
		assert!(!base.0.exists(), "no database, no keystore");
	}
}
