//! Who acts: every role of the consortium, each with its own key.
//!
//! The `local` genesis gives the four exchanges (operators Alice, Bob, Charlie, Dave, who
//! also sit on the council and attest investors of their own jurisdictions), the cash issuer
//! (Ferdie, USDX), eight attested investors of every class in US, DE, SG and CH, and Eve, a
//! funded stranger with no identity. The fuzzer adds two funded newcomers with no identity
//! (they may be given one, or be linked to another's) and an unfunded stranger.

use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use stledger_runtime::AccountId;

/// What an actor is in the consortium (for reports and for choosing plausible calls).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
	/// An exchange's operator: council member, attestor for its jurisdiction, venue.
	Operator,
	/// The issuer of the USDX cash asset.
	CashIssuer,
	/// An attested investor (any may also issue securities or become an agent).
	Investor,
	/// Funded, no identity.
	Stranger,
	/// No funds at all: every call it signs fails to pay its fee.
	Unfunded,
}

/// One actor.
#[derive(Clone)]
pub struct Actor {
	/// A readable name (the seed).
	pub name: &'static str,
	/// The role.
	pub role: Role,
	/// The signing key.
	pub pair: sr25519::Pair,
	/// The account.
	pub account: AccountId,
}

/// The demo investors of the `local` genesis, by seed.
pub const INVESTOR_SEEDS: [&str; 8] = [
	"//us-accredited",
	"//us-retail",
	"//de-professional",
	"//de-retail",
	"//sg-institutional",
	"//sg-retail",
	"//ch-professional",
	"//ch-retail",
];

/// Funded by the fuzzer's genesis, with no identity.
pub const NEWCOMER_SEEDS: [&str; 2] = ["//fuzz-newcomer-1", "//fuzz-newcomer-2"];

fn from_seed(name: &'static str, role: Role) -> Actor {
	let pair = sr25519::Pair::from_string(name, None).expect("a valid dev seed");
	Actor { name, role, account: AccountId::from(pair.public()), pair }
}

fn from_keyring(name: &'static str, key: Sr25519Keyring, role: Role) -> Actor {
	Actor { name, role, pair: key.pair(), account: key.to_account_id() }
}

/// Every actor, operators first (indices 0..4 are the US, EU, SG and CH exchanges).
pub fn actors() -> Vec<Actor> {
	let mut all = vec![
		from_keyring("Alice (US Exchange)", Sr25519Keyring::Alice, Role::Operator),
		from_keyring("Bob (EU Exchange)", Sr25519Keyring::Bob, Role::Operator),
		from_keyring("Charlie (SG Exchange)", Sr25519Keyring::Charlie, Role::Operator),
		from_keyring("Dave (CH Exchange)", Sr25519Keyring::Dave, Role::Operator),
		from_keyring("Ferdie (USDX issuer)", Sr25519Keyring::Ferdie, Role::CashIssuer),
		from_keyring("Eve (stranger)", Sr25519Keyring::Eve, Role::Stranger),
	];
	all.extend(INVESTOR_SEEDS.iter().map(|seed| from_seed(seed, Role::Investor)));
	all.extend(NEWCOMER_SEEDS.iter().map(|seed| from_seed(seed, Role::Stranger)));
	all.push(from_seed("//fuzz-unfunded", Role::Unfunded));
	all
}

/// The exchange (venue id) that serves an investor: the one of its jurisdiction.
pub fn home_venue(name: &str) -> u32 {
	match name.get(2..4) {
		Some("us") => 0,
		Some("de") => 1,
		Some("sg") => 2,
		Some("ch") => 3,
		_ => 0,
	}
}
