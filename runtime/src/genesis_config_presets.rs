//! Genesis presets: `dev` (one node, Alice, sudo) and `local` (the four-exchange loopback
//! network, no sudo).
//!
//! Both are built by [`consortium_genesis`] from a [`Network`]: the same function the node
//! uses to turn a network description (`chain-specs/*.json`) into a genesis, so a preset
//! and its description cannot drift apart unnoticed (the node's tests compare them).

use crate::{AccountId, Balance, SessionKeys, UNIT};
use alloc::{string::String, vec, vec::Vec};
use pallet_attestation::GenesisInvestor;
use pallet_exchanges::GenesisExchange;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::H256;
use sp_genesis_builder::PresetId;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use stledger_primitives::CountryCode;
use stledger_primitives::{InvestorClass, Moment};

/// The `dev` preset's id: one validator (Alice), sudo.
pub const DEV_PRESET: &str = "dev";
/// The `local` preset's id: four exchanges on loopback, no sudo.
pub const LOCAL_PRESET: &str = "local";

/// A founding exchange with everything genesis needs to know about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Founder {
	/// Display name.
	pub name: String,
	/// Licensed jurisdictions.
	pub jurisdictions: Vec<CountryCode>,
	/// Hash of the licence document.
	pub licence: H256,
	/// Governance account: the council seat.
	pub operator: AccountId,
	/// Validator account.
	pub validator: AccountId,
	/// The validator's block-authoring key.
	pub aura: AuraId,
	/// The validator's finality key.
	pub grandpa: GrandpaId,
	/// The exchange node's libp2p peer id, as bytes.
	pub node: Vec<u8>,
}

/// An investor attested at genesis (the demo investors of `local`).
#[derive(Clone, Debug, PartialEq)]
pub struct Investor {
	/// The investor's account.
	pub account: AccountId,
	/// The attestor: a founding exchange's operator.
	pub attestor: AccountId,
	/// Where the investor resides.
	pub jurisdiction: CountryCode,
	/// The investor's class.
	pub class: InvestorClass,
	/// Risk tolerance, 1 to 5.
	pub risk_tolerance: u8,
	/// Expiry of the attestation (ms since the Unix epoch).
	pub expires_at: Moment,
	/// Hash of the KYC evidence the attestor keeps.
	pub evidence: H256,
}

/// A cash asset (a stablecoin or tokenized deposit) that exists from genesis.
#[derive(Clone, Debug, PartialEq)]
pub struct CashAsset {
	/// Its `pallet-assets` id (below the securities' first id, 1000).
	pub id: crate::AssetId,
	/// Name.
	pub name: String,
	/// Symbol.
	pub symbol: String,
	/// Decimals.
	pub decimals: u8,
	/// The issuer: owner and admin of the asset (mints and burns it).
	pub issuer: AccountId,
	/// The smallest balance an account may hold.
	pub min_balance: Balance,
	/// Initial holdings, in the asset's smallest unit.
	pub holders: Vec<(AccountId, Balance)>,
}

/// A network to start: its founding exchanges and initial native balances.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
	/// The founding exchanges, in id order.
	pub founders: Vec<Founder>,
	/// Investors attested at genesis, one identity each.
	pub investors: Vec<Investor>,
	/// Cash assets that exist from genesis.
	pub cash_assets: Vec<CashAsset>,
	/// The fewest active exchanges the consortium may be left with.
	pub min_active_exchanges: u32,
	/// Initial native (STL) balances.
	pub balances: Vec<(AccountId, Balance)>,
	/// The sudo key, for development chains only.
	pub sudo: Option<AccountId>,
}

/// The genesis of `network`, as a patch over the runtime's default genesis.
pub fn consortium_genesis(network: &Network) -> Value {
	assert!(
		network.cash_assets.iter().all(|c| c.id < crate::configs::FIRST_SECURITY_ID),
		"cash assets take the ids below the first security's"
	);
	let exchanges: Vec<GenesisExchange<AccountId>> = network
		.founders
		.iter()
		.map(|f| GenesisExchange {
			name: f.name.clone(),
			jurisdictions: f.jurisdictions.clone(),
			licence: f.licence,
			operator: f.operator.clone(),
			validator: f.validator.clone(),
			node: f.node.clone(),
		})
		.collect();
	let session_keys: Vec<(AccountId, AccountId, SessionKeys)> = network
		.founders
		.iter()
		.map(|f| {
			let keys = SessionKeys { aura: f.aura.clone(), grandpa: f.grandpa.clone() };
			(f.validator.clone(), f.validator.clone(), keys)
		})
		.collect();
	let nodes: Vec<(sp_core::OpaquePeerId, AccountId)> = network
		.founders
		.iter()
		.map(|f| (sp_core::OpaquePeerId(f.node.clone()), f.operator.clone()))
		.collect();

	let investors: Vec<GenesisInvestor<AccountId>> = network
		.investors
		.iter()
		.map(|i| GenesisInvestor {
			accounts: vec![i.account.clone()],
			attestor: i.attestor.clone(),
			jurisdiction: i.jurisdiction,
			class: i.class,
			risk_tolerance: i.risk_tolerance,
			expires_at: i.expires_at,
			evidence: i.evidence,
		})
		.collect();

	let mut genesis = serde_json::json!({
		"balances": { "balances": network.balances },
		"exchanges": {
			"exchanges": exchanges,
			"minActiveExchanges": network.min_active_exchanges,
		},
		"session": { "keys": session_keys },
		"nodeAuthorization": { "nodes": nodes },
		"attestation": { "attestors": [], "investors": investors },
		"assets": {
			"assets": network.cash_assets.iter()
				.map(|c| (c.id, c.issuer.clone(), true, c.min_balance))
				.collect::<Vec<_>>(),
			"metadata": network.cash_assets.iter()
				.map(|c| (c.id, c.name.as_bytes().to_vec(), c.symbol.as_bytes().to_vec(), c.decimals))
				.collect::<Vec<_>>(),
			// The order book's and the cash fees' accounts hold each cash asset's minimum
			// balance, so fees smaller than it can be received.
			"accounts": network.cash_assets.iter()
				.flat_map(|c| c.holders.iter().map(|(who, amount)| (c.id, who.clone(), *amount))
					.chain([
						(c.id, crate::Orderbook::fee_account(), c.min_balance),
						(c.id, crate::cash_fees::cash_fee_account(), c.min_balance),
					]))
				.collect::<Vec<_>>(),
		},
	});
	genesis["offerings"] = serde_json::json!({
		"settlementAssets": network.cash_assets.iter().map(|c| c.id).collect::<Vec<_>>(),
	});
	if let Some(sudo) = &network.sudo {
		genesis["sudo"] = serde_json::json!({ "key": sudo });
	}
	genesis
}

/// The genesis storage of `network`, as a node builds it from the preset: the preset's patch
/// over the default configuration. For tests and tools that run the runtime natively (the
/// runtime's tests, the fuzzer).
#[cfg(feature = "std")]
pub fn genesis_storage(network: &Network) -> sp_runtime::Storage {
	use sp_runtime::BuildStorage;
	fn merge(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (key, value) in patch {
					merge(base.entry(key).or_insert(Value::Null), value);
				}
			},
			(base, patch) => *base = patch,
		}
	}
	let mut genesis =
		serde_json::to_value(crate::RuntimeGenesisConfig::default()).expect("the default encodes");
	merge(&mut genesis, consortium_genesis(network));
	let config: crate::RuntimeGenesisConfig =
		serde_json::from_value(genesis).expect("a preset patch decodes");
	config.build_storage().expect("the genesis builds")
}

/// The fixed node key (ed25519 secret) of loopback node `n` (1-based), so its peer id, and
/// hence the well-known nodes and bootnode addresses, are known in advance. For local
/// networks only: anyone can read these keys.
pub fn loopback_node_key(n: u8) -> [u8; 32] {
	let mut key = [0u8; 32];
	key[31] = n;
	key
}

/// The peer ids of [`loopback_node_key`] 1 to 4, as bytes (identity multihash of the
/// protobuf-encoded ed25519 public key).
const LOOPBACK_PEER_IDS: [[u8; 38]; 4] = [
	peer_id(hex_literal("4cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29")),
	peer_id(hex_literal("7422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674")),
	peer_id(hex_literal("f381626e41e7027ea431bfe3009e94bdd25a746beec468948d6c3c7c5dc9a54b")),
	peer_id(hex_literal("fd50b8e3b144ea244fbf7737f550bc8dd0c2650bbc1aada833ca17ff8dbf329b")),
];

const fn peer_id(public: [u8; 32]) -> [u8; 38] {
	let mut id = [0u8; 38];
	let prefix = [0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	let mut i = 0;
	while i < 6 {
		id[i] = prefix[i];
		i += 1;
	}
	while i < 38 {
		id[i] = public[i - 6];
		i += 1;
	}
	id
}

const fn hex_literal(text: &str) -> [u8; 32] {
	const fn nibble(c: u8) -> u8 {
		match c {
			b'0'..=b'9' => c - b'0',
			b'a'..=b'f' => c - b'a' + 10,
			_ => panic!("not a lower-case hex digit"),
		}
	}
	let bytes = text.as_bytes();
	assert!(bytes.len() == 64, "32 bytes of hex");
	let mut out = [0u8; 32];
	let mut i = 0;
	while i < 32 {
		out[i] = nibble(bytes[2 * i]) << 4 | nibble(bytes[2 * i + 1]);
		i += 1;
	}
	out
}

fn code(text: &str) -> CountryCode {
	text.parse().expect("a valid ISO 3166-1 alpha-2 code")
}

/// An exchange run by a development key: operator and validator are the same account, its
/// session keys derive from the same seed.
fn dev_founder(
	name: &str,
	jurisdictions: &[&str],
	licence: H256,
	key: Sr25519Keyring,
	node: usize,
) -> Founder {
	let grandpa: Ed25519Keyring =
		<&'static str>::from(key).parse().expect("every sr25519 dev key has an ed25519 twin");
	Founder {
		name: name.into(),
		jurisdictions: jurisdictions.iter().map(|c| code(c)).collect(),
		licence,
		operator: key.to_account_id(),
		validator: key.to_account_id(),
		aura: key.public().into(),
		grandpa: grandpa.public().into(),
		node: LOOPBACK_PEER_IDS[node].to_vec(),
	}
}

/// Every development account (Alice to Ferdie and their stashes) starts with this much STL.
pub const DEV_ENDOWMENT: Balance = 1_000_000 * UNIT;

fn dev_balances() -> Vec<(AccountId, Balance)> {
	Sr25519Keyring::well_known().map(|k| (k.to_account_id(), DEV_ENDOWMENT)).collect()
}

/// One exchange (Alice, licensed for every demo jurisdiction), sudo key Alice.
pub fn dev_network() -> Network {
	Network {
		founders: vec![dev_founder(
			"Dev Exchange",
			&["US", "DE", "SG", "CH"],
			H256(hex_literal("533e3b249be566d757db14b03f2a10234a7ecba0774c112f290bf956daae77fe")),
			Sr25519Keyring::Alice,
			0,
		)],
		investors: Vec::new(),
		cash_assets: vec![usdx(vec![
			(Sr25519Keyring::Alice.to_account_id(), DEMO_CASH),
			(Sr25519Keyring::Bob.to_account_id(), DEMO_CASH),
		])],
		min_active_exchanges: 1,
		balances: dev_balances(),
		sudo: Some(Sr25519Keyring::Alice.to_account_id()),
	}
}

/// Four exchanges on loopback, one per jurisdiction (US, DE, SG, CH), validated by Alice,
/// Bob, Charlie and Dave; at least three must stay active. No sudo key.
pub fn local_network() -> Network {
	Network {
		founders: vec![
			dev_founder(
				"US Exchange",
				&["US"],
				H256(hex_literal(
					"65dbb5bac1a4b9c6c4a35cd04a00a6a5d21bf3b9b8088073d867432d664f20d2",
				)),
				Sr25519Keyring::Alice,
				0,
			),
			dev_founder(
				"EU Exchange",
				&["DE"],
				H256(hex_literal(
					"fd693655c72d0d1a746c0d10075d6410ae1718fec76192c5dfbc7a160091d65d",
				)),
				Sr25519Keyring::Bob,
				1,
			),
			dev_founder(
				"SG Exchange",
				&["SG"],
				H256(hex_literal(
					"ab6a153a71e341f731f698cc9b4bda1fb4c1f8cc97d85792f8afc8fb0b85efe7",
				)),
				Sr25519Keyring::Charlie,
				2,
			),
			dev_founder(
				"CH Exchange",
				&["CH"],
				H256(hex_literal(
					"502bec858b36c1ebb6ab1b227f168c2ca729ec3e47c1ca9846a21108c58b7f6a",
				)),
				Sr25519Keyring::Dave,
				3,
			),
		],
		investors: demo_investors(),
		cash_assets: vec![usdx(
			DEMO_INVESTORS.iter().map(|d| (AccountId::new(d.public), DEMO_CASH)).collect(),
		)],
		min_active_exchanges: 3,
		balances: dev_balances()
			.into_iter()
			.chain(
				DEMO_INVESTORS.iter().map(|d| (AccountId::new(d.public), DEMO_INVESTOR_ENDOWMENT)),
			)
			.collect(),
		sudo: None,
	}
}

/// The demo cash asset's id. Not 0: `pallet-assets`' benchmarks (on the `dev` preset) create
/// asset 0, and one of them expects it first among the assets' keys, so a `dev` cash asset
/// whose hashed id sorts before 0's (47, 100 or 200, say) would stop
/// `scripts/benchmark.sh pallet_assets`.
pub const USDX: crate::AssetId = 1;
/// Each demo holder of USDX starts with one million (6 decimals).
pub const DEMO_CASH: Balance = 1_000_000_000_000;

/// USDX, a demo US-dollar stablecoin issued by Ferdie (standing for a regulated issuer).
fn usdx(holders: Vec<(AccountId, Balance)>) -> CashAsset {
	CashAsset {
		id: USDX,
		name: "US Dollar Stablecoin (demo)".into(),
		symbol: "USDX".into(),
		decimals: 6,
		issuer: Sr25519Keyring::Ferdie.to_account_id(),
		min_balance: 1_000,
		holders,
	}
}

/// Attestations of the demo investors expire on 2031-01-01.
pub const DEMO_ATTESTATION_EXPIRY: Moment = 1_924_992_000_000;
/// Each demo investor starts with this much STL, for fees.
pub const DEMO_INVESTOR_ENDOWMENT: Balance = 10_000 * UNIT;

/// A demo investor of `local`: a development key (the development mnemonic with the seed as
/// derivation path), attested by the exchange of its jurisdiction.
struct DemoInvestor {
	/// `//<seed>`, for people: how to sign as this investor.
	#[allow(dead_code)]
	seed: &'static str,
	/// The sr25519 public key of the seed (precomputed: the runtime cannot derive keys).
	public: [u8; 32],
	/// Index of the attesting founder in [`local_network`].
	exchange: usize,
	jurisdiction: &'static str,
	class: InvestorClass,
	risk_tolerance: u8,
	/// blake2-256 of `KYC file of //<seed>`: stands for the attestor's evidence file.
	evidence: [u8; 32],
}

const DEMO_INVESTORS: [DemoInvestor; 8] = [
	DemoInvestor {
		seed: "//us-accredited",
		public: hex_literal("8e0542358712fea457c03b132a4006e3f76c9954d11fa1020fd613be8e0f5e52"),
		exchange: 0,
		jurisdiction: "US",
		class: InvestorClass::Accredited,
		risk_tolerance: 4,
		evidence: hex_literal("93e06de4ae8bff0e86faa0361407bd884cc028752e60d2829e4803cf975c193a"),
	},
	DemoInvestor {
		seed: "//us-retail",
		public: hex_literal("30cb324ae6151d39451544fad6ed2b28f0526cba0108e212af9067b33458b60b"),
		exchange: 0,
		jurisdiction: "US",
		class: InvestorClass::Retail,
		risk_tolerance: 2,
		evidence: hex_literal("3b1360801b18b6ad408bb7f2924c45eb61bc2cdb376548c21c93ab9d58fc6a55"),
	},
	DemoInvestor {
		seed: "//de-professional",
		public: hex_literal("1ad30893164496b843b836d99a1f6261e1be39c595bc495ab335486436e1df6f"),
		exchange: 1,
		jurisdiction: "DE",
		class: InvestorClass::Professional,
		risk_tolerance: 4,
		evidence: hex_literal("30154014611645eec9f77693d53106991542e5d66765bb4cc2b2a37ee504592e"),
	},
	DemoInvestor {
		seed: "//de-retail",
		public: hex_literal("e66542f75fd4c9fe76d8b42928b2f5b943ef87613417d6e9876b70ca0edffe11"),
		exchange: 1,
		jurisdiction: "DE",
		class: InvestorClass::Retail,
		risk_tolerance: 2,
		evidence: hex_literal("9e7452db9279a12cea78c5f5e776f2036442f57b29afb07e865baba8a8f46741"),
	},
	DemoInvestor {
		seed: "//sg-institutional",
		public: hex_literal("38696f3457267d6c206a3df16abbe38bc34c5abf7248a98a3b17c5f6ecab8657"),
		exchange: 2,
		jurisdiction: "SG",
		class: InvestorClass::Institutional,
		risk_tolerance: 5,
		evidence: hex_literal("a3559877aee95abc7eed3eb14b4d9945a8365760d1f9ac685fc8e699058afc1d"),
	},
	DemoInvestor {
		seed: "//sg-retail",
		public: hex_literal("bc6a0349f16502693a7fa2cc809f1588809abc5b2de25483caeaf9fe8cfa223e"),
		exchange: 2,
		jurisdiction: "SG",
		class: InvestorClass::Retail,
		risk_tolerance: 3,
		evidence: hex_literal("6554c7860b17e3e2df23ee80855b9834008c805b54755d335c8bb3adba4992e7"),
	},
	DemoInvestor {
		seed: "//ch-professional",
		public: hex_literal("aadc1c6a5bb264ee5dbe3c57ac61dddf06a8c3fed8512836aa8163f809750e3f"),
		exchange: 3,
		jurisdiction: "CH",
		class: InvestorClass::Professional,
		risk_tolerance: 4,
		evidence: hex_literal("030e5fcb3d40ccc1b6b419cf497e33dce3e845b10c8282cecde523cac2ed84a0"),
	},
	DemoInvestor {
		seed: "//ch-retail",
		public: hex_literal("d2c58438eaef22cb5b20675d695a0e7f97c2fa474146300216077d6d25d4d007"),
		exchange: 3,
		jurisdiction: "CH",
		class: InvestorClass::Retail,
		risk_tolerance: 2,
		evidence: hex_literal("3baabccb6fbcaaf0f71873f36d5c613b6721e24a5e86f4de584332a29cb63e6a"),
	},
];

/// Two investors per founding exchange's jurisdiction, of different classes.
fn demo_investors() -> Vec<Investor> {
	let operators =
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave];
	DEMO_INVESTORS
		.iter()
		.map(|d| Investor {
			account: AccountId::new(d.public),
			attestor: operators[d.exchange].to_account_id(),
			jurisdiction: code(d.jurisdiction),
			class: d.class,
			risk_tolerance: d.risk_tolerance,
			expires_at: DEMO_ATTESTATION_EXPIRY,
			evidence: H256(d.evidence),
		})
		.collect()
}

/// The genesis patch of a named preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		// `development` and `local_testnet` are the names polkadot-sdk tools default to.
		DEV_PRESET | sp_genesis_builder::DEV_RUNTIME_PRESET => consortium_genesis(&dev_network()),
		LOCAL_PRESET | sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => {
			consortium_genesis(&local_network())
		},
		_ => return None,
	};
	Some(serde_json::to_string(&patch).expect("serialisable genesis").into_bytes())
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_PRESET), PresetId::from(LOCAL_PRESET)]
}
