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
//! it is a node that has never started (`--new-node`, refused where a database is), refuses
//! relative or missing paths, an in-memory keystore, a user other than the base path's owner
//! (the node's user), a password that does not open the keys already in the keystore, and a
//! keystore without the keys registered for `--owner` on chain (the wrong keystore, or the
//! wrong owner; `--registered-keys-elsewhere` says so knowingly: a standby node, a lost
//! keystore), and reads the keys back from the keystore on disk before printing them.

use codec::{Decode, Encode};
use frame_support::{traits::PalletInfoAccess, StorageHasher, Twox64Concat};
use sc_cli::{CliConfiguration, DatabaseParams, KeystoreParams, SharedParams};
use sc_client_api::StorageProvider;
use sc_service::{config::KeystoreConfig, Configuration, PartialComponents};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::{
	crypto::{key_types, ByteArray, CryptoTypeId, KeyTypeId, SecretString, Ss58Codec},
	ed25519, sr25519,
	storage::StorageKey,
};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
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

	/// The keys registered for `--owner` on chain are knowingly not in this keystore: a
	/// standby node taking over, or a validator whose keystore was lost. Without it such a
	/// keystore is refused (the wrong `--keystore-path`, or another validator's `--owner`),
	/// and with it a keystore that holds them is.
	#[arg(long, conflicts_with = "new_node")]
	pub registered_keys_elsewhere: bool,

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
	/// The keystore the keys were written to.
	pub keystore: std::path::PathBuf,
}

impl Generated {
	/// The line the command prints: `{"keys":"0x…","proof":"0x…","keystore":"/…"}`, the
	/// first two as `author_rotateKeysWithOwner` answers.
	pub fn to_json(&self) -> String {
		serde_json::json!({
			"keys": self.keys,
			"proof": self.proof,
			"keystore": self.keystore.display().to_string(),
		})
		.to_string()
	}
}

impl SessionKeysCmd {
	/// Opens the node's database and keystore (`config`, from this command's options),
	/// generates the keys into the keystore with the runtime of the best block, and reads
	/// them back from the keystore on disk.
	pub fn run(&self, config: &Configuration) -> sc_cli::Result<Generated> {
		// Everything that can be refused is, before the database opens (but the registered
		// keys, read from it before any key is generated): nothing is written.
		let owner = AccountId::from_ss58check(&self.owner)
			.map_err(|e| sc_cli::Error::Input(format!("--owner {}: {e:?}", self.owner)))?;
		let Some(base) = &self.shared_params.base_path else {
			return Err(NO_BASE_PATH.into());
		};
		let KeystoreConfig::Path { path: keystore, password } = &config.keystore else {
			return Err(IN_MEMORY_KEYSTORE.into());
		};
		ensure_the_nodes_paths(base, keystore)?;
		let database = config.database.path().map(Path::to_path_buf).unwrap_or_default();
		match (self.new_node, database.exists()) {
			(false, false) => {
				return Err(input(format!(
					"no node database at {}: give the node's own `--chain` and `--base-path` (or \
				 `--new-node` for a node that has never started)",
					database.display()
				)))
			},
			(true, true) => {
				return Err(input(format!(
					"`--new-node`, but a node database is at {}: leave `--new-node` out",
					database.display()
				)))
			},
			_ => {},
		}
		// A node that has started has its keystore: none means the wrong `--keystore-path`.
		if !self.new_node && !keystore.is_dir() {
			return Err(input(format!(
				"no keystore at {}: give the node's own `--base-path` and `--keystore-path`",
				keystore.display()
			)));
		}
		// The keys already there (the registered ones among them) must open with this
		// password, from which `sc-keystore` derives each key: else it is not the node's.
		if keystore.exists() {
			ensure_the_password_opens_the_keys_there(keystore, password.clone())?;
		}

		let PartialComponents { client, keystore_container, .. } =
			crate::service::new_partial(config).map_err(|e| {
				// A running node holds its database's lock: say so, not just "in use".
				let running = e.to_string().contains("Database file is in use");
				let hint =
					if running { " (stop the node first: it locks its database)" } else { "" };
				application(format!(
					"opening the node's database at {}{hint}: {e}",
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
		// A node that has started knows the keys registered for the owner: the keystore of
		// the node that registered them holds them. A new node's state is its genesis.
		if !self.new_node {
			let registered = registered_keys(&client, info.best_hash, &owner)?;
			let here = keystore_container.keystore();
			self.ensure_the_registered_keys_are_here(
				registered,
				&*here,
				keystore,
				info.best_number,
			)?;
		}
		let generated = api
			.generate_session_keys(info.best_hash, owner.encode(), None)
			.map_err(|e| sc_cli::Error::Application(Box::new(e)))?;

		// The keystore on disk, opened again with the same password, signs with each key.
		let keys = SessionKeys::decode(&mut &generated.keys[..])
			.map_err(|e| application(format!("the runtime's session keys: {e}")))?;
		let on_disk = open_keystore(keystore, password.clone())?;
		if !(signs_with(&on_disk, &keys.aura) && signs_with(&on_disk, &keys.grandpa)) {
			return Err(application(format!(
				"the keystore at {} does not sign with the keys once written",
				keystore.display()
			)));
		}
		log::info!(
			target: "stledger::session-keys",
			"Session keys written to {} at #{} (the node reads them when it starts)",
			keystore.display(),
			info.best_number,
		);
		Ok(Generated {
			keys: sp_core::bytes::to_hex(&generated.keys, false),
			proof: sp_core::bytes::to_hex(&generated.proof, false),
			keystore: keystore.clone(),
		})
	}
}

impl SessionKeysCmd {
	/// The keys `registered` for the owner (at block `at`) are in `here`, the keystore at
	/// `path`, unless `--registered-keys-elsewhere` says they are knowingly not (refused
	/// where they are, or none are registered). Development keys (`--alice` and the others)
	/// are never in a keystore: the node derives them from their name, so they pass.
	fn ensure_the_registered_keys_are_here(
		&self,
		registered: Option<SessionKeys>,
		here: &dyn Keystore,
		path: &Path,
		at: u32,
	) -> sc_cli::Result<()> {
		let elsewhere = self.registered_keys_elsewhere;
		let Some(keys) = registered else {
			return match elsewhere {
				true => Err(input(format!(
					"`--registered-keys-elsewhere`, but no keys are registered for {} at #{at}: \
					 leave it out",
					self.owner
				))),
				false => Ok(()),
			};
		};
		let held = signs_with(here, &keys.aura) && signs_with(here, &keys.grandpa);
		match (held || are_development_keys(&keys), elsewhere) {
			(true, false) | (false, true) => Ok(()),
			(true, true) => Err(input(format!(
				"`--registered-keys-elsewhere`, but the keys registered for {} at #{at} are \
				 {}: leave it out",
				self.owner,
				if held {
					format!("in the keystore at {}", path.display())
				} else {
					"development keys".into()
				},
			))),
			(false, false) => Err(input(format!(
				"the keys registered for {} at #{at} (Aura {}, GRANDPA {}) are not in the \
				 keystore at {}: give the validator's own `--owner` and the node's keystore \
				 options (`--keystore-path`, `--password*`); on a standby node, or after the \
				 node's keystore was lost, add `--registered-keys-elsewhere`",
				self.owner,
				sp_core::bytes::to_hex(keys.aura.as_slice(), false),
				sp_core::bytes::to_hex(keys.grandpa.as_slice(), false),
				path.display()
			))),
		}
	}
}

/// The session keys registered for `owner` (`session.nextKeys`, the validator account being
/// its own validator id) in the state at `at`.
fn registered_keys(
	client: &crate::service::FullClient,
	at: <Block as sp_runtime::traits::Block>::Hash,
	owner: &AccountId,
) -> sc_cli::Result<Option<SessionKeys>> {
	let pallet = <stledger_runtime::Session as PalletInfoAccess>::name();
	let mut key = frame_support::storage::storage_prefix(pallet.as_bytes(), b"NextKeys").to_vec();
	key.extend(Twox64Concat::hash(&owner.encode()));
	let stored = client
		.storage(at, &StorageKey(key))
		.map_err(|e| application(format!("reading the registered session keys: {e}")))?;
	stored
		.map(|data| SessionKeys::decode(&mut &data.0[..]))
		.transpose()
		.map_err(|e| application(format!("the registered session keys: {e}")))
}

/// Whether both keys are development keys (`//Alice` and the other well-known names).
fn are_development_keys(keys: &SessionKeys) -> bool {
	let aura = Sr25519Keyring::iter().any(|name| name.public().as_slice() == keys.aura.as_slice());
	let grandpa =
		Ed25519Keyring::iter().any(|name| name.public().as_slice() == keys.grandpa.as_slice());
	aura && grandpa
}

/// The base path and keystore are the node's: absolute (a relative one is the operator's
/// working directory, not the service's), existing (the operator creates a new node's base
/// path as the node's user) and owned by whoever
/// runs the command (as the node's user: `sc-keystore` writes key files readable by their
/// owner only, so files written by root are lost to a node run as another user).
fn ensure_the_nodes_paths(base: &Path, keystore: &Path) -> sc_cli::Result<()> {
	use std::os::unix::fs::MetadataExt;
	for path in [base, keystore] {
		if !path.is_absolute() {
			return Err(input(format!(
				"{} is relative: give the node's absolute path",
				path.display()
			)));
		}
	}
	if !base.is_dir() {
		return Err(input(format!(
			"no base path at {}: give the node's own `--base-path` (for a new node, create it \
			 first as the node's user)",
			base.display()
		)));
	}
	// `/proc/self` belongs to the process's effective user.
	let owner = |path: &Path| std::fs::metadata(path).map(|metadata| metadata.uid()).ok();
	let (me, node_user) = (owner(Path::new("/proc/self")), owner(base));
	if me.is_none() || me != node_user {
		return Err(input(format!(
			"{} belongs to uid {node_user:?}, this command runs as {me:?}: run it as the \
			 node's user, or the node cannot read the key files",
			base.display()
		)));
	}
	Ok(())
}

/// Refuses a keystore holding an Aura or GRANDPA key that `password` does not derive.
fn ensure_the_password_opens_the_keys_there(
	keystore: &Path,
	password: Option<SecretString>,
) -> sc_cli::Result<()> {
	let on_disk = open_keystore(keystore, password)?;
	// The session keys' types: Aura's sr25519, GRANDPA's ed25519 (`stledger_runtime::SessionKeys`).
	for (key_type, crypto) in
		[(key_types::AURA, sr25519::CRYPTO_ID), (key_types::GRANDPA, ed25519::CRYPTO_ID)]
	{
		let keys = on_disk
			.keys(key_type)
			.map_err(|e| application(format!("the keystore at {}: {e}", keystore.display())))?;
		if let Some(public) = keys.iter().find(|public| !signs(&on_disk, key_type, crypto, public))
		{
			return Err(input(format!(
				"the keystore at {} holds the key {} that this password does not open: give \
				 the node's own `--password`, `--password-filename` or `--password-interactive`",
				keystore.display(),
				key_file_name(key_type, public)
			)));
		}
	}
	Ok(())
}

fn open_keystore(
	keystore: &Path,
	password: Option<SecretString>,
) -> sc_cli::Result<sc_keystore::LocalKeystore> {
	sc_keystore::LocalKeystore::open(keystore, password)
		.map_err(|e| application(format!("the keystore at {}: {e}", keystore.display())))
}

/// Whether `keystore` signs with `key` (of its application's key type and crypto).
fn signs_with<Key: AppCrypto + ByteArray>(keystore: &(impl Keystore + ?Sized), key: &Key) -> bool {
	signs(keystore, Key::ID, Key::CRYPTO_ID, key.as_slice())
}

/// Whether `keystore` signs with the `crypto` key `public` of `key_type`: holds its file and
/// derives it with its password (`has_keys` only looks for the file).
fn signs(
	keystore: &(impl Keystore + ?Sized),
	key_type: KeyTypeId,
	crypto: CryptoTypeId,
	public: &[u8],
) -> bool {
	matches!(keystore.sign_with(key_type, crypto, public, b"session-keys"), Ok(Some(_)))
}

/// The name `sc-keystore` gives a key's file: its type and public key, in hex.
pub fn key_file_name(key_type: KeyTypeId, public: &[u8]) -> String {
	key_type.0.iter().chain(public).map(|byte| format!("{byte:02x}")).collect()
}

fn input(message: String) -> sc_cli::Error {
	sc_cli::Error::Input(message)
}

fn application(message: String) -> sc_cli::Error {
	sc_cli::Error::Application(message.into())
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::cli::{Cli, Subcommand};
	use sp_core::Pair;
	use sp_runtime::traits::OpaqueKeys;
	use std::path::PathBuf;

	const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
	const CHARLIE: &str = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";
	const FERDIE: &str = "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL";
	const AURA: KeyTypeId = KeyTypeId(*b"aura");
	const GRANDPA: KeyTypeId = KeyTypeId(*b"gran");

	/// A fresh base path, removed when dropped.
	struct BasePath(PathBuf);

	impl Drop for BasePath {
		fn drop(&mut self) {
			let _ = std::fs::remove_dir_all(&self.0);
		}
	}

	/// An empty base path, created as a new node's operator creates it (as the node's user).
	fn base_path(name: &str) -> BasePath {
		let path = std::env::temp_dir()
			.join(format!("stledger-session-keys-{name}-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&path);
		std::fs::create_dir_all(&path).expect("a temporary directory");
		BasePath(path)
	}

	fn is_empty(base: &BasePath) -> bool {
		std::fs::read_dir(&base.0).expect("the base path").next().is_none()
	}

	/// `f` with the configuration of `stledger-node session-keys --chain
	/// chain-specs/local.json` and `args`, as the binary builds it (from the command's own
	/// options).
	fn configured<T>(
		args: &[&str],
		f: impl FnOnce(&SessionKeysCmd, &Configuration) -> T,
	) -> sc_cli::Result<T> {
		configured_on(LOCAL_SPEC, args, f)
	}

	const LOCAL_SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../chain-specs/local.json");

	/// [`configured`] with `--chain spec`.
	fn configured_on<T>(
		spec: &str,
		args: &[&str],
		f: impl FnOnce(&SessionKeysCmd, &Configuration) -> T,
	) -> sc_cli::Result<T> {
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
		refused_on(LOCAL_SPEC, args, expected)
	}

	fn refused_on(spec: &str, args: &[&str], expected: impl Fn(&str) -> bool) {
		let refused = configured_on(spec, args, |command, config| command.run(config))
			.and_then(|run| run)
			.expect_err("refused");
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
		assert_eq!(generated.keystore, keystore, "and the command says where");
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
		assert!(is_empty(&base), "no database, no keystore");
		// No `--base-path`: the default directory (or `--dev`'s temporary one) is refused.
		refused_with(&["--owner", ALICE, "--new-node"], |message| message == NO_BASE_PATH);
		refused_with(&["--dev", "--owner", ALICE, "--new-node"], |message| message == NO_BASE_PATH);
		// A base path that does not exist, or a relative one (the operator's directory, not
		// the service's), even for a new node.
		let missing = base.0.join("missing");
		refused_with(
			&["--base-path", missing.to_str().unwrap(), "--owner", ALICE, "--new-node"],
			|m| m.starts_with("no base path at "),
		);
		refused_with(&["--base-path", "relative/node", "--owner", ALICE, "--new-node"], |m| {
			m.starts_with("relative/node is relative")
		});
		assert!(!Path::new("relative").exists() && !missing.exists());
	}

	#[test]
	fn the_wrong_keystore_or_password_is_refused() {
		let base = base_path("wrong-keystore");
		let node = ["--base-path", path(&base), "--password", "the node's"];
		session_keys(&[&node[..], &["--owner", ALICE, "--new-node"]].concat()).expect("generated");
		let keystore = keystore_of(&node);
		let files = || std::fs::read_dir(&keystore).expect("keystore").count();
		assert_eq!(files(), 2);

		// `--new-node` where the node's database is: a mistake, not a new node.
		refused_with(&[&node[..], &["--owner", ALICE, "--new-node"]].concat(), |m| {
			m.starts_with("`--new-node`, but a node database is at ")
		});
		// Another password (or none) derives other keys than the node's: refused.
		for password in [&["--password", "another"][..], &[]] {
			let args = [&["--base-path", path(&base)][..], password, &["--owner", ALICE]].concat();
			refused_with(&args, |m| m.contains("that this password does not open"));
		}
		// A keystore path the node does not use, or a relative one.
		let elsewhere = base.0.join("elsewhere");
		let elsewhere = elsewhere.to_str().unwrap();
		refused_with(
			&[&node[..], &["--keystore-path", elsewhere, "--owner", ALICE]].concat(),
			|m| m.starts_with("no keystore at "),
		);
		refused_with(&[&node[..], &["--keystore-path", "keys", "--owner", ALICE]].concat(), |m| {
			m.starts_with("keys is relative")
		});
		assert_eq!(files(), 2, "nothing written");
		assert!(!Path::new(elsewhere).exists() && !Path::new("keys").exists());
	}

	#[test]
	fn another_user_than_the_base_paths_owner_is_refused() {
		let base = base_path("other-user");
		// Only root can give the base path to another user: elsewhere there is nothing to test.
		if std::os::unix::fs::chown(&base.0, Some(4_000_000), None).is_err() {
			return;
		}
		refused_with(&["--base-path", path(&base), "--owner", ALICE, "--new-node"], |m| {
			m.contains("belongs to uid Some(4000000)") && m.contains("run it as the node's user")
		});
		assert!(is_empty(&base));
	}

	#[test]
	fn an_owner_that_is_no_account_is_refused_with_nothing_written() {
		let base = base_path("bad-owner");
		refused_with(&["--base-path", path(&base), "--owner", "nonsense", "--new-node"], |m| {
			m.starts_with("--owner nonsense: ")
		});
		assert!(is_empty(&base), "no database, no keystore");
	}

	#[test]
	fn a_running_nodes_database_is_refused_with_the_reason() {
		let base = base_path("running");
		let node = ["--base-path", path(&base)];
		session_keys(&[&node[..], &["--owner", ALICE, "--new-node"]].concat()).expect("generated");
		configured(&[&node[..], &["--owner", ALICE]].concat(), |_, config| {
			// The node, running: its database open, and locked, on the base path.
			let _running = crate::service::new_partial(config).expect("the node's database");
			let refused =
				session_keys(&[&node[..], &["--owner", ALICE]].concat()).expect_err("refused");
			assert!(refused.to_string().contains("stop the node first"), "{refused}");
		})
		.expect("configured");
	}

	#[test]
	fn a_keystore_without_the_owners_registered_keys_is_refused_unless_said_knowingly() {
		let base = base_path("registered");
		// The local chain with Alice's and Bob's keys registered at genesis as keys of no
		// development name: `//Registered` (in no keystore yet) and `//Bobs`.
		let aura = |seed: &str| sr25519::Pair::from_string(seed, None).unwrap().public();
		let grandpa = |seed: &str| ed25519::Pair::from_string(seed, None).unwrap().public();
		let mut network: serde_json::Value =
			serde_json::from_str(&std::fs::read_to_string(LOCAL_SPEC).unwrap()).unwrap();
		for (exchange, seed) in [(0, "//Registered"), (1, "//Bobs")] {
			network["exchanges"][exchange]["sessionKeys"] = serde_json::json!({
				"aura": aura(seed).to_ss58check(),
				"grandpa": grandpa(seed).to_ss58check(),
			});
		}
		let spec = base.0.join("spec.json");
		std::fs::write(&spec, network.to_string()).unwrap();
		let spec = spec.to_str().unwrap();
		let node = ["--base-path", path(&base)];
		let run = |args: &[&str]| {
			configured_on(spec, &[&node[..], args].concat(), |command, config| command.run(config))
				.and_then(|run| run)
		};
		let keystore = base.0.join("chains/stledger_local/keystore");
		let files = || std::fs::read_dir(&keystore).expect("keystore").count();

		// A new node: its genesis names Alice's keys, which no new keystore holds.
		run(&["--owner", ALICE, "--new-node"]).expect("a new node's keys");
		assert_eq!(files(), 2);
		// Started since: Alice's registered keys are not in this keystore (the wrong
		// keystore, or a lost one), nor Bob's (the wrong owner): refused, nothing written.
		let not_here = |seed: &str| {
			let aura = sp_core::bytes::to_hex(aura(seed).as_slice(), false);
			move |m: &str| {
				m.contains(&format!("(Aura {aura}, GRANDPA "))
					&& m.contains("are not in the keystore at ")
					&& m.contains("--registered-keys-elsewhere")
			}
		};
		refused_on(spec, &[&node[..], &["--owner", ALICE]].concat(), not_here("//Registered"));
		refused_on(spec, &[&node[..], &["--owner", BOB]].concat(), not_here("//Bobs"));
		assert_eq!(files(), 2, "nothing written");
		// Said knowingly (a standby taking over, a lost keystore): generated.
		run(&["--owner", ALICE, "--registered-keys-elsewhere"]).expect("knowingly elsewhere");
		assert_eq!(files(), 4);
		// A new node has no state to register keys in: the two flags together are refused.
		let both = ["--owner", ALICE, "--new-node", "--registered-keys-elsewhere"];
		let command_line = ["stledger-node", "session-keys", "--chain", spec];
		let refused = Cli::try_parse_from_args(command_line.iter().chain(&node).chain(&both))
			.expect_err("refused");
		assert!(refused.to_string().contains("cannot be used with"), "{refused}");

		// The keystore holding the registered keys (the validator that registered them):
		// generated, and the flag, now untrue, refused.
		let here = open_keystore(&keystore, None).unwrap();
		here.insert(AURA, "//Registered", aura("//Registered").as_slice()).unwrap();
		here.insert(GRANDPA, "//Registered", grandpa("//Registered").as_slice()).unwrap();
		run(&["--owner", ALICE]).expect("the registered keys are here");
		refused_on(
			spec,
			&[&node[..], &["--owner", ALICE, "--registered-keys-elsewhere"]].concat(),
			|m| m.contains("are in the keystore at ") && m.ends_with("leave it out"),
		);
		// Development keys (Charlie's, registered at genesis) are derived from their name,
		// never in a keystore: they pass. An owner with none registered (Ferdie): nothing
		// to check, and the flag is refused.
		run(&["--owner", CHARLIE]).expect("development keys");
		refused_on(
			spec,
			&[&node[..], &["--owner", CHARLIE, "--registered-keys-elsewhere"]].concat(),
			|m| m.contains("are development keys: leave it out"),
		);
		run(&["--owner", FERDIE]).expect("nothing registered for Ferdie");
		refused_on(
			spec,
			&[&node[..], &["--owner", FERDIE, "--registered-keys-elsewhere"]].concat(),
			|m| m.contains("no keys are registered for ") && m.ends_with("leave it out"),
		);
	}
}
