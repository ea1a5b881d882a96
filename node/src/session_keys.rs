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
//!
//! Keys written where the node does not read them are worse than no keys: once registered,
//! the validator stops authoring and voting two sessions later. So the command needs the
//! node's `--base-path` by name, refuses a base path without the node's database unless told
//! it is a node that has never started (`--new-node`), refuses an in-memory keystore, reads
//! the keys back from the keystore on disk with the node's password before printing them,
//! and warns when the key files are not owned by the base path's owner (the node's user).

use codec::{Decode, Encode};
use sc_cli::{CliConfiguration, DatabaseParams, KeystoreParams, SharedParams};
use sc_service::{config::KeystoreConfig, Configuration, PartialComponents};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::crypto::{ByteArray, KeyTypeId, Ss58Codec};
use sp_keystore::{Keystore, KeystoreExt};
use sp_runtime::app_crypto::AppCrypto;
use sp_session::SessionKeys as SessionKeysApi;
use std::path::Path;
use stledger_runtime::{opaque::Block, AccountId, SessionKeys};

/// Why a command line without `--base-path` is refused.
pub const NO_BASE_PATH: &str = "give the node's own `--base-path`: without it the keys \
	would go to a default directory (or, with `--dev`, a temporary one) the node may never \
	read";

/// Why an in-memory keystore is refused.
pub const IN_MEMORY_KEYSTORE: &str = "the keystore is in memory: the keys would be lost when \
	the command exits; give the node's own `--base-path` and keystore options";

/// Generate session keys in the node's keystore, bound to the validator account `--owner`,
/// and print them with their ownership proof for `session.setKeys(keys, proof)`. Run it with
/// the node stopped, as the node's user, with its own `--chain`, `--base-path` and keystore
/// options (`--keystore-path`, `--password*`).
#[derive(Debug, clap::Parser)]
pub struct SessionKeysCmd {
	/// The validator account (SS58) that will sign `session.setKeys`.
	#[arg(long)]
	pub owner: String,

	/// The node has never started: its base path holds no database yet (the keys are
	/// generated with the chain spec's genesis runtime). Without it such a base path is
	/// refused, so that a mistyped `--base-path` or `--chain` writes nothing.
	#[arg(long)]
	pub new_node: bool,

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
	/// Opens the node's database and keystore (`config`, from this command's options),
	/// generates the keys into the keystore with the runtime of the best block, and reads
	/// them back from the keystore on disk.
	pub fn run(&self, config: &Configuration) -> sc_cli::Result<Generated> {
		// Everything that can be refused is, before the database opens: nothing is written.
		let owner = AccountId::from_ss58check(&self.owner)
			.map_err(|e| sc_cli::Error::Input(format!("--owner {}: {e:?}", self.owner)))?;
		if self.shared_params.base_path.is_none() {
			return Err(NO_BASE_PATH.into());
		}
		let KeystoreConfig::Path { path: keystore, password } = &config.keystore else {
			return Err(IN_MEMORY_KEYSTORE.into());
		};
		let database = config.database.path().map(Path::to_path_buf).unwrap_or_default();
		if !self.new_node && !database.exists() {
			return Err(sc_cli::Error::Input(format!(
				"no node database at {}: give the node's own `--chain` and `--base-path` (or \
				 `--new-node` for a node that has never started)",
				database.display()
			)));
		}

		// A running node holds its database's lock: say so, not just "in use".
		let PartialComponents { client, keystore_container, .. } =
			crate::service::new_partial(config).map_err(|e| {
				application(format!(
					"opening the node's database at {} (stop the node first: it locks its \
					 database while it runs): {e}",
					database.display()
				))
			})?;
		let info = client.info();
		let mut api = client.runtime_api();
		api.register_extension(KeystoreExt::from(keystore_container.keystore()));
		// As `author_rotateKeysWithOwner`: only version 2 of the API proves ownership.
		let version = api
			.api_version::<dyn SessionKeysApi<Block>>(info.best_hash)
			.map_err(|e| sc_cli::Error::Application(Box::new(e)))?;
		if version.is_none_or(|version| version < 2) {
			return Err(application(format!(
				"the runtime at #{} has no `SessionKeys` API of version 2 ({version:?}): no \
				 ownership proof",
				info.best_number
			)));
		}
		let generated = api
			.generate_session_keys(info.best_hash, owner.encode(), None)
			.map_err(|e| sc_cli::Error::Application(Box::new(e)))?;

		// What the node will read: the keystore on disk, opened as the node opens it (with
		// its password, from which a key is derived), signs with each key.
		let keys = SessionKeys::decode(&mut &generated.keys[..])
			.map_err(|e| application(format!("the runtime's session keys: {e}")))?;
		let on_disk = sc_keystore::LocalKeystore::open(keystore, password.clone())
			.map_err(|e| application(format!("the keystore at {}: {e}", keystore.display())))?;
		if !(signs_with(&on_disk, &keys.aura) && signs_with(&on_disk, &keys.grandpa)) {
			return Err(application(format!(
				"the keystore at {} does not sign with the keys once written",
				keystore.display()
			)));
		}
		let public_keys = keys.into_raw_public_keys();
		log::info!(
			target: "stledger::session-keys",
			"Session keys written to {} at #{} (the node reads them when it starts)",
			keystore.display(),
			info.best_number,
		);
		warn_unless_owned_like(config.base_path.path(), keystore, &public_keys);
		Ok(Generated {
			keys: sp_core::bytes::to_hex(&generated.keys, false),
			proof: sp_core::bytes::to_hex(&generated.proof, false),
		})
	}
}

/// Whether `keystore` signs with `key` (of its application's key type and crypto).
fn signs_with<Key: AppCrypto + ByteArray>(keystore: &impl Keystore, key: &Key) -> bool {
	let signed = keystore.sign_with(Key::ID, Key::CRYPTO_ID, key.as_slice(), b"session-keys");
	matches!(signed, Ok(Some(_)))
}

/// The name `sc-keystore` gives a key's file: its type and public key, in hex.
pub fn key_file_name(key_type: KeyTypeId, public: &[u8]) -> String {
	key_type.0.iter().chain(public).map(|byte| format!("{byte:02x}")).collect()
}

fn application(message: String) -> sc_cli::Error {
	sc_cli::Error::Application(message.into())
}

/// Warns when a key file's owner is not the base path's: run as another user (root, say),
/// the command leaves files the node's user cannot read (`sc-keystore` writes them `0600`).
fn warn_unless_owned_like(base: &Path, keystore: &Path, public_keys: &[(Vec<u8>, KeyTypeId)]) {
	use std::os::unix::fs::MetadataExt;
	let owner = |path: &Path| std::fs::metadata(path).map(|metadata| metadata.uid()).ok();
	let node_user = owner(base);
	for (public, key_type) in public_keys {
		let file = keystore.join(key_file_name(*key_type, public));
		if owner(&file) != node_user {
			log::warn!(
				target: "stledger::session-keys",
				"{} is not owned by the owner of {} (uid {node_user:?}): the node may not read \
				 it; run this command as the node's user",
				file.display(),
				base.display(),
			);
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::cli::{Cli, Subcommand};
	use sp_runtime::traits::OpaqueKeys;
	use std::path::PathBuf;

	const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
	const AURA: KeyTypeId = KeyTypeId(*b"aura");
	const GRANDPA: KeyTypeId = KeyTypeId(*b"gran");

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

	/// `f` with the configuration of `stledger-node session-keys --chain
	/// chain-specs/local.json` and `args`, as the binary builds it (from the command's own
	/// options).
	fn configured<T>(
		args: &[&str],
		f: impl FnOnce(&SessionKeysCmd, &Configuration) -> T,
	) -> sc_cli::Result<T> {
		let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../chain-specs/local.json");
		let command_line = ["stledger-node", "session-keys", "--chain", spec];
		let cli = Cli::try_parse_from_args(command_line.iter().chain(args))
			.expect("the command line parses");
		let Some(Subcommand::SessionKeys(command)) = &cli.subcommand else {
			panic!("parsed as the session-keys subcommand")
		};
		let runtime = sc_cli::build_runtime()?;
		let config = command.create_configuration(&cli, runtime.handle().clone())?;
		Ok(f(command, &config))
	}

	/// The command run as the binary runs it.
	fn session_keys(args: &[&str]) -> sc_cli::Result<Generated> {
		configured(args, |command, config| command.run(config))?
	}

	/// The keystore directory the node started with `args` reads.
	fn keystore_of(args: &[&str]) -> PathBuf {
		configured(&[args, &["--owner", ALICE]].concat(), |_, config| match &config.keystore {
			KeystoreConfig::Path { path, .. } => path.clone(),
			KeystoreConfig::InMemory => panic!("an in-memory keystore"),
		})
		.expect("configured")
	}

	fn path(base: &BasePath) -> &str {
		base.0.to_str().expect("a UTF-8 temporary path")
	}

	fn decoded(generated: &Generated) -> (SessionKeys, Vec<u8>) {
		let bytes = |hex: &str| sp_core::bytes::from_hex(hex).expect("hex");
		let keys = SessionKeys::decode(&mut &bytes(&generated.keys)[..]).expect("SessionKeys");
		(keys, bytes(&generated.proof))
	}

	fn account(ss58: &str) -> Vec<u8> {
		AccountId::from_ss58check(ss58).expect("an SS58 address").encode()
	}

	fn holds(keystore: &Path, key_type: KeyTypeId, public: &impl ByteArray) -> bool {
		keystore.join(key_file_name(key_type, public.as_slice())).is_file()
	}

	fn refused_with(args: &[&str], expected: impl Fn(&str) -> bool) {
		let refused = session_keys(args).expect_err("refused");
		assert!(
			matches!(&refused, sc_cli::Error::Input(message) if expected(message)),
			"{refused:?}"
		);
	}

	#[test]
	fn keys_are_written_to_the_nodes_keystore_with_the_owners_proof() {
		let base = base_path("proof");
		let node = ["--base-path", path(&base)];
		let generated = session_keys(&[&node[..], &["--owner", ALICE, "--new-node"]].concat())
			.expect("generated");
		let (keys, proof) = decoded(&generated);

		// The proof `session.setKeys` checks: the owner's, no one else's.
		assert!(keys.ownership_proof_is_valid(&account(ALICE), &proof));
		assert!(!keys.ownership_proof_is_valid(&account(BOB), &proof));

		// The secret keys are files in the keystore the node started on this base path
		// reads: not an in-memory keystore gone with the command.
		let keystore = keystore_of(&node);
		assert!(keystore.starts_with(&base.0), "{keystore:?}");
		assert!(holds(&keystore, AURA, &keys.aura), "the Aura key's file");
		assert!(holds(&keystore, GRANDPA, &keys.grandpa), "the GRANDPA key's file");

		// Again, on the node's database now: fresh keys, the earlier ones kept (the node
		// still holds the registered ones until the new ones are active).
		let again = session_keys(&[&node[..], &["--owner", ALICE]].concat()).expect("again");
		let (newer, _) = decoded(&again);
		assert_ne!(newer.aura, keys.aura);
		assert_ne!(newer.grandpa, keys.grandpa);
		assert!(holds(&keystore, AURA, &keys.aura), "the earlier Aura key kept");
		assert!(holds(&keystore, AURA, &newer.aura) && holds(&keystore, GRANDPA, &newer.grandpa));
	}

	#[test]
	fn the_keystore_options_are_the_nodes() {
		let base = base_path("keystore");
		let elsewhere = base.0.join("elsewhere");
		let elsewhere = elsewhere.to_str().expect("UTF-8");
		let node = ["--base-path", path(&base), "--keystore-path", elsewhere];
		let with_password = [&node[..], &["--password", "for the node"]].concat();
		let generated =
			session_keys(&[&with_password[..], &["--owner", ALICE, "--new-node"]].concat())
				.expect("generated");
		let (keys, _) = decoded(&generated);
		assert_eq!(keystore_of(&node), PathBuf::from(elsewhere));
		assert!(holds(Path::new(elsewhere), AURA, &keys.aura), "in --keystore-path");
		assert!(!base
			.0
			.join("chains/stledger_local/keystore")
			.join(key_file_name(AURA, keys.aura.as_slice()))
			.exists());

		// The node opens its keystore with its password, from which each key is derived: it
		// signs with the keys with that password only.
		let open = |password: Option<&str>| {
			sc_keystore::LocalKeystore::open(elsewhere, password.map(|p| p.to_owned().into()))
				.expect("the keystore opens")
		};
		assert!(signs_with(&open(Some("for the node")), &keys.aura));
		assert!(signs_with(&open(Some("for the node")), &keys.grandpa));
		assert!(!signs_with(&open(None), &keys.aura), "without the password, no Aura key");
		assert!(!signs_with(&open(Some("another")), &keys.grandpa), "nor with another");
	}

	#[test]
	fn a_base_path_without_the_nodes_database_is_refused_with_nothing_written() {
		let base = base_path("no-database");
		refused_with(&["--base-path", path(&base), "--owner", ALICE], |message| {
			message.starts_with("no node database at ") && message.contains("--new-node")
		});
		assert!(!base.0.exists(), "no database, no keystore");
		// No `--base-path`: the default directory (or `--dev`'s temporary one) is refused.
		refused_with(&["--owner", ALICE, "--new-node"], |message| message == NO_BASE_PATH);
		refused_with(&["--dev", "--owner", ALICE, "--new-node"], |message| message == NO_BASE_PATH);
	}

	#[test]
	fn an_owner_that_is_no_account_is_refused_with_nothing_written() {
		let base = base_path("bad-owner");
		refused_with(&["--base-path", path(&base), "--owner", "nonsense", "--new-node"], |m| {
			m.starts_with("--owner nonsense: ")
		});
		assert!(!base.0.exists(), "no database, no keystore");
	}

	#[test]
	fn a_running_nodes_database_is_refused_with_the_reason() {
		let base = base_path("running");
		let node = ["--base-path", path(&base)];
		configured(&[&node[..], &["--owner", ALICE]].concat(), |_, config| {
			// The node, running: its database open, and locked, on the base path.
			let _running = crate::service::new_partial(config).expect("the node's database");
			let refused =
				session_keys(&[&node[..], &["--owner", ALICE]].concat()).expect_err("refused");
			assert!(refused.to_string().contains("stop the node first"), "{refused}");
		})
		.expect("configured");
	}
}
