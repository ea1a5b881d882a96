//! Chain specifications: the built-in presets (`dev`, `local`) and network descriptions.
//!
//! A **network description** (`chain-specs/*.json`) is the readable form of a network: its
//! name and properties, the founding exchanges with their jurisdictions, licence hashes,
//! accounts, session keys and node peer ids, and the initial balances. It carries no runtime
//! code: the node adds its own runtime and turns the description into a chain spec, and
//! `export-chain-spec --raw` into the launch spec every validator starts from.

use sc_service::{config::MultiaddrWithPeerId, ChainType, Properties};
use serde::Deserialize;
use sp_core::{crypto::Ss58Codec, ed25519, sr25519, H256};
use std::{path::Path, str::FromStr};
use stledger_primitives::{CountryCode, InvestorClass};
use stledger_runtime::configs::FIRST_SECURITY_ID;
use stledger_runtime::{
	genesis_config_presets::{
		consortium_genesis, dev_network, local_network, CashAsset, Founder, Investor, Network,
	},
	AccountId, Balance, SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL, UNIT, WASM_BINARY,
};

/// A chain spec of this node (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| "the runtime's wasm was not built (SKIP_WASM_BUILD?)".to_string())
}

fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

/// `--chain dev`: one validator (Alice), sudo.
pub fn development() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("ST Ledger Development")
		.with_id("stledger_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_patch(consortium_genesis(&dev_network()))
		.with_properties(properties())
		.build())
}

/// `--chain local`: the four-exchange loopback network, from the runtime's `local` preset.
pub fn local() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("ST Ledger Local")
		.with_id("stledger_local")
		.with_chain_type(ChainType::Local)
		.with_protocol_id("stledger-local")
		.with_genesis_config_patch(consortium_genesis(&local_network()))
		.with_properties(properties())
		.build())
}

/// A network description, as written in `chain-specs/*.json`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Description {
	/// Human-readable name.
	pub name: String,
	/// Identifier (also names the node's data directory).
	pub id: String,
	/// `Development`, `Local` or `Live`.
	pub chain_type: ChainType,
	/// Network protocol id, separating this network's gossip from others'.
	pub protocol_id: String,
	/// Where new nodes first connect: `/ip4/…/tcp/…/p2p/<peer id>`.
	#[serde(default)]
	pub boot_nodes: Vec<String>,
	/// The fewest active exchanges the consortium may be left with.
	pub min_active_exchanges: u32,
	/// The founding exchanges.
	pub exchanges: Vec<ExchangeDescription>,
	/// Investors attested at genesis (demo networks).
	#[serde(default)]
	pub investors: Vec<InvestorDescription>,
	/// Cash assets (stablecoins, tokenized deposits) that exist from genesis.
	#[serde(default)]
	pub cash_assets: Vec<CashAssetDescription>,
	/// Initial native balances, in whole STL.
	#[serde(default)]
	pub balances: Vec<(String, u64)>,
	/// The sudo key: `Development` networks only (refused on any other).
	#[serde(default)]
	pub sudo: Option<String>,
}

/// A founding exchange in a [`Description`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExchangeDescription {
	/// Display name.
	pub name: String,
	/// ISO 3166-1 alpha-2 codes of its licences.
	pub jurisdictions: Vec<String>,
	/// `0x`-prefixed hash of its licence document.
	pub licence: H256,
	/// SS58 address of its governance account (its council seat).
	pub operator: String,
	/// SS58 address of its validator account.
	pub validator: String,
	/// Its validator's session keys.
	pub session_keys: SessionKeysDescription,
	/// Its node's libp2p peer id (`12D3KooW…`).
	pub node: String,
}

/// An investor attested at genesis, in a [`Description`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InvestorDescription {
	/// How people sign as this investor (a development key's URI); for readers, not the node.
	#[serde(default)]
	#[allow(dead_code)]
	pub seed: Option<String>,
	/// SS58 address of the investor's account.
	pub account: String,
	/// SS58 address of the attestor (a founding exchange's operator).
	pub attestor: String,
	/// ISO 3166-1 alpha-2 code of the investor's residence.
	pub jurisdiction: String,
	/// `Retail`, `Accredited`, `Professional` or `Institutional`.
	pub class: InvestorClass,
	/// 1 (lowest) to 5.
	pub risk_tolerance: u8,
	/// Expiry of the attestation, in ms since the Unix epoch.
	pub expires_at: u64,
	/// `0x`-prefixed hash of the KYC evidence the attestor keeps.
	pub evidence: H256,
}

/// A cash asset, in a [`Description`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CashAssetDescription {
	/// Its `pallet-assets` id (below 1000: higher ids are securities).
	pub id: u32,
	/// Name.
	pub name: String,
	/// Symbol.
	pub symbol: String,
	/// Decimals.
	pub decimals: u8,
	/// SS58 address of the issuer (owner and admin of the asset).
	pub issuer: String,
	/// The smallest balance an account may hold, in the smallest unit.
	pub min_balance: u64,
	/// Initial holdings: SS58 address and amount in the smallest unit.
	#[serde(default)]
	pub holders: Vec<(String, u64)>,
}

/// Session public keys, as SS58 addresses.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionKeysDescription {
	/// Block authoring key (sr25519).
	pub aura: String,
	/// Finality key (ed25519).
	pub grandpa: String,
}

fn account(text: &str, what: &str) -> Result<AccountId, String> {
	AccountId::from_ss58check(text)
		.map_err(|e| format!("{what}: `{text}` is not an SS58 address: {e:?}"))
}

impl Description {
	/// Read a description from a file.
	pub fn from_file(path: &Path) -> Result<Self, String> {
		let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
		serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
	}

	/// The network the description describes, checked field by field.
	pub fn network(&self) -> Result<Network, String> {
		let founders = self
			.exchanges
			.iter()
			.map(|exchange| {
				let context = |field: &str| format!("exchange `{}`, {field}", exchange.name);
				let jurisdictions = exchange
					.jurisdictions
					.iter()
					.map(|code| {
						CountryCode::from_str(code)
							.map_err(|e| format!("{}: `{code}`: {e}", context("jurisdictions")))
					})
					.collect::<Result<Vec<_>, _>>()?;
				let aura = sr25519::Public::from_ss58check(&exchange.session_keys.aura)
					.map_err(|e| format!("{}: {e:?}", context("sessionKeys.aura")))?;
				let grandpa = ed25519::Public::from_ss58check(&exchange.session_keys.grandpa)
					.map_err(|e| format!("{}: {e:?}", context("sessionKeys.grandpa")))?;
				let node = sc_network::PeerId::from_str(&exchange.node)
					.map_err(|e| format!("{}: `{}`: {e}", context("node"), exchange.node))?;
				Ok(Founder {
					name: exchange.name.clone(),
					jurisdictions,
					licence: exchange.licence,
					operator: account(&exchange.operator, &context("operator"))?,
					validator: account(&exchange.validator, &context("validator"))?,
					aura: aura.into(),
					grandpa: grandpa.into(),
					node: node.to_bytes(),
				})
			})
			.collect::<Result<Vec<_>, String>>()?;
		let balances = self
			.balances
			.iter()
			.map(|(who, stl)| Ok((account(who, "balances")?, Balance::from(*stl) * UNIT)))
			.collect::<Result<Vec<_>, String>>()?;
		let investors = self
			.investors
			.iter()
			.map(|i| {
				Ok(Investor {
					account: account(&i.account, "investors.account")?,
					attestor: account(&i.attestor, "investors.attestor")?,
					jurisdiction: CountryCode::from_str(&i.jurisdiction).map_err(|e| {
						format!("investors.jurisdiction: `{}`: {e}", i.jurisdiction)
					})?,
					class: i.class,
					risk_tolerance: i.risk_tolerance,
					expires_at: i.expires_at,
					evidence: i.evidence,
				})
			})
			.collect::<Result<Vec<_>, String>>()?;
		let cash_assets = self
			.cash_assets
			.iter()
			.map(|c| {
				// A cash asset with a security's id would make every `create_security` reaching
				// that id fail for ever (helper-66).
				if c.id >= FIRST_SECURITY_ID {
					return Err(format!(
						"cashAssets.id: {} is a security's id: cash assets take the ids below {FIRST_SECURITY_ID}",
						c.id
					));
				}
				Ok(CashAsset {
					id: c.id,
					name: c.name.clone(),
					symbol: c.symbol.clone(),
					decimals: c.decimals,
					issuer: account(&c.issuer, "cashAssets.issuer")?,
					min_balance: c.min_balance.into(),
					holders: c
						.holders
						.iter()
						.map(|(who, amount)| {
							Ok((account(who, "cashAssets.holders")?, (*amount).into()))
						})
						.collect::<Result<Vec<_>, String>>()?,
				})
			})
			.collect::<Result<Vec<_>, String>>()?;
		// A Root key outranks every threshold of the consortium (the supermajority included),
		// and whoever assembles the description chooses it; the founders, comparing their raw
		// specs' hashes, would all agree on it. So only a development network may have one.
		let sudo = match (self.sudo.as_deref(), &self.chain_type) {
			(None, _) => None,
			(Some(who), ChainType::Development) => Some(account(who, "sudo")?),
			(Some(_), other) => {
				return Err(format!(
				"sudo: a Root key outranks every consortium threshold, so only a `Development` \
				 network may have one, and this one is `{other:?}`: set `sudo` to null"
			))
			},
		};
		Ok(Network {
			founders,
			investors,
			cash_assets,
			min_active_exchanges: self.min_active_exchanges,
			balances,
			sudo,
		})
	}

	/// The chain spec of the described network, with this node's runtime.
	pub fn chain_spec(&self) -> Result<ChainSpec, String> {
		let boot_nodes = self
			.boot_nodes
			.iter()
			.map(|addr| {
				MultiaddrWithPeerId::from_str(addr).map_err(|e| format!("bootNodes: `{addr}`: {e}"))
			})
			.collect::<Result<Vec<_>, _>>()?;
		Ok(ChainSpec::builder(wasm()?, None)
			.with_name(&self.name)
			.with_id(&self.id)
			.with_chain_type(self.chain_type.clone())
			.with_protocol_id(&self.protocol_id)
			.with_boot_nodes(boot_nodes)
			.with_genesis_config_patch(consortium_genesis(&self.network()?))
			.with_properties(properties())
			.build())
	}
}

/// Load `--chain`: a preset name, a network description, or a (raw or plain) chain spec.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"dev" => Box::new(development()?),
		"" | "local" => Box::new(local()?),
		path => {
			let path = Path::new(path);
			let json: serde_json::Value = serde_json::from_str(
				&std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?,
			)
			.map_err(|e| format!("{}: {e}", path.display()))?;
			if json.get("exchanges").is_some() {
				Box::new(Description::from_file(path)?.chain_spec()?)
			} else {
				Box::new(ChainSpec::from_json_file(path.to_path_buf())?)
			}
		},
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	fn description(file: &str) -> Description {
		let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../chain-specs").join(file);
		Description::from_file(&path).expect("the repository's descriptions parse")
	}

	#[test]
	fn a_root_key_is_refused_on_every_network_but_a_development_one() {
		for file in ["local.json", "example-consortium.json"] {
			let mut network = description(file);
			assert!(network.sudo.is_none(), "{file} has no sudo key");
			let operator = network.exchanges[0].operator.clone();
			network.sudo = Some(operator);
			for chain_type in [ChainType::Local, ChainType::Live, ChainType::Custom("x".into())] {
				network.chain_type = chain_type;
				let Err(refused) = network.network() else {
					panic!("{file}: a Root key must be refused")
				};
				assert!(refused.starts_with("sudo: a Root key outranks"), "{file}: {refused}");
			}
			network.chain_type = ChainType::Development;
			assert!(network.network().expect("a development network may have one").sudo.is_some());
		}
	}

	#[test]
	fn a_cash_asset_with_a_securitys_id_is_refused() {
		let mut network = description("local.json");
		network.cash_assets[0].id = FIRST_SECURITY_ID;
		let Err(refused) = network.network() else { panic!("a security's id must be refused") };
		assert!(refused.starts_with("cashAssets.id: 1000 is a security's id"), "{refused}");
		network.cash_assets[0].id = FIRST_SECURITY_ID - 1;
		assert!(network.network().is_ok());
	}
}
