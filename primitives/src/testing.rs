//! Test doubles of the registries pallets ask each other through, shared by every pallet's
//! mock runtime (feature `testing`, never in a runtime).
//!
//! - [`MockInvestors`] stands in for `pallet-attestation`: each test says who an account is
//!   with [`investor`], [`link`], [`add_claim`] and [`make_ineligible`].
//! - [`MockExchanges`] stands in for `pallet-exchanges`: [`exchange`] admits one with its
//!   operator and licences, [`suspend_exchange`] suspends it.
//! - [`MockCommitments`] stands in for `pallet-offerings`: [`commit`] gives an account a
//!   subscription not yet settled, [`settle_commitments`] settles it; [`commit_to`] gives an
//!   identity one to an offering of a security, [`settle_commitment_to`] settles it.
//!
//! State is per thread (each test runs on its own); [`reset`] clears it, and each mock's
//! `new_test_ext` calls it first.

use crate::{
	Claim, CountryCode, ExchangeId, ExchangeRegistry, IdentityId, Ineligibility, InvestorClass,
	InvestorProfile, InvestorRegistry, Moment, SecurityId, SubscriptionCommitments,
};
use codec::{Decode, Encode};
use core::marker::PhantomData;
use std::{
	cell::RefCell,
	collections::{BTreeMap, BTreeSet},
};

/// Licence code meaning "every jurisdiction".
pub const EVERYWHERE: &str = "**";

#[derive(Default)]
struct Exchange {
	operators: Vec<Vec<u8>>,
	licences: BTreeSet<String>,
	suspended: bool,
}

thread_local! {
	// Accounts are kept SCALE-encoded, so one double serves every `AccountId` type.
	static PROFILES: RefCell<BTreeMap<Vec<u8>, Vec<u8>>> = const { RefCell::new(BTreeMap::new()) };
	static IDENTITIES: RefCell<BTreeMap<Vec<u8>, IdentityId>> = const { RefCell::new(BTreeMap::new()) };
	static EXCHANGES: RefCell<BTreeMap<ExchangeId, Exchange>> = const { RefCell::new(BTreeMap::new()) };
	static COMMITTED: RefCell<BTreeSet<Vec<u8>>> = const { RefCell::new(BTreeSet::new()) };
	static COMMITTED_TO: RefCell<BTreeSet<(SecurityId, IdentityId)>> = const { RefCell::new(BTreeSet::new()) };
}

#[cfg(feature = "runtime-benchmarks")]
thread_local! {
	static NEXT_BENCHMARK_IDENTITY: RefCell<IdentityId> = const { RefCell::new(1_000_000) };
}

/// Forget every investor and exchange.
pub fn reset() {
	PROFILES.with(|p| p.borrow_mut().clear());
	IDENTITIES.with(|i| i.borrow_mut().clear());
	EXCHANGES.with(|e| e.borrow_mut().clear());
	COMMITTED.with(|c| c.borrow_mut().clear());
	COMMITTED_TO.with(|c| c.borrow_mut().clear());
}

fn code(text: &str) -> CountryCode {
	text.parse().expect("a two-letter code")
}

fn store_profile<A: Encode>(account: &A, profile: &Result<InvestorProfile<A>, Ineligibility>) {
	PROFILES.with(|p| p.borrow_mut().insert(account.encode(), profile.encode()));
}

/// Make `account` an investor of `identity`, attested by `attestor` (issued at 0, never
/// expiring) as resident of `jurisdiction`, of `class`, with risk tolerance `risk`.
pub fn investor<A: Encode + Clone + PartialEq>(
	account: A,
	identity: IdentityId,
	jurisdiction: &str,
	class: InvestorClass,
	risk: u8,
	attestor: A,
) {
	IDENTITIES.with(|i| i.borrow_mut().insert(account.encode(), identity));
	let claim = Claim {
		attestor,
		jurisdiction: code(jurisdiction),
		class,
		risk_tolerance: risk,
		issued_at: 0,
		expires_at: Moment::MAX,
	};
	store_profile(&account, &Ok(InvestorProfile::from_claims(identity, vec![claim]).unwrap()));
}

/// Add `attestor`'s claim, made at `issued_at`, to `account`'s profile (replacing an earlier
/// claim of the same attestor).
pub fn add_claim<A: Encode + Decode + Clone + PartialEq>(
	account: A,
	attestor: A,
	jurisdiction: &str,
	class: InvestorClass,
	issued_at: Moment,
) {
	let profile = MockInvestors::<A>::profile(&account).expect("an attested investor");
	let mut claims: Vec<_> =
		profile.claims.into_iter().filter(|claim| claim.attestor != attestor).collect();
	claims.push(Claim {
		attestor,
		jurisdiction: code(jurisdiction),
		class,
		risk_tolerance: profile.risk_tolerance,
		issued_at,
		expires_at: Moment::MAX,
	});
	store_profile(&account, &Ok(InvestorProfile::from_claims(profile.identity, claims).unwrap()));
}

/// Link `account` to the identity (and profile) of `existing`.
pub fn link<A: Encode + Decode + Clone + PartialEq>(existing: A, account: A) {
	let identity = MockInvestors::<A>::identity_of(&existing).expect("a known account");
	IDENTITIES.with(|i| i.borrow_mut().insert(account.encode(), identity));
	store_profile(&account, &MockInvestors::<A>::profile(&existing));
}

/// Make every claim of `account`'s profile expire at `expires_at`.
pub fn set_expiry<A: Encode + Decode + Clone + PartialEq>(account: A, expires_at: Moment) {
	let mut profile = MockInvestors::<A>::profile(&account).expect("an attested investor");
	profile.expires_at = expires_at;
	profile.claims.iter_mut().for_each(|claim| claim.expires_at = expires_at);
	store_profile(&account, &Ok(profile));
}

/// Make `account` lose its profile for `why` (its identity stays).
pub fn make_ineligible<A: Encode + Clone + PartialEq>(account: A, why: Ineligibility) {
	store_profile::<A>(&account, &Err(why));
}

/// Stands in for `pallet-attestation`: the profiles the test set.
pub struct MockInvestors<A>(PhantomData<A>);

impl<A: Encode + Decode + Clone + PartialEq> InvestorRegistry<A> for MockInvestors<A> {
	fn profile(who: &A) -> Result<InvestorProfile<A>, Ineligibility> {
		PROFILES
			.with(|p| p.borrow().get(&who.encode()).cloned())
			.map(|bytes| Decode::decode(&mut &bytes[..]).expect("stored by this module"))
			.unwrap_or(Err(Ineligibility::UnknownAccount))
	}

	fn identity_of(who: &A) -> Option<IdentityId> {
		IDENTITIES.with(|i| i.borrow().get(&who.encode()).copied())
	}

	fn identity_exists(identity: IdentityId) -> bool {
		IDENTITIES.with(|i| i.borrow().values().any(|known| *known == identity))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn attest_for_benchmark(who: &A, jurisdiction: CountryCode, class: InvestorClass) {
		let identity = NEXT_BENCHMARK_IDENTITY.with(|n| {
			let mut n = n.borrow_mut();
			*n += 1;
			*n
		});
		// One attestor for every benchmark investor, as in the runtime, so rules that trust
		// it pass for all of them.
		let attestor = A::decode(&mut &[0xBE; 64][..]).expect("64 bytes hold any test account");
		investor(who.clone(), identity, jurisdiction.as_str(), class, 5, attestor);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn link_for_benchmark(existing: &A, new: &A) {
		link(existing.clone(), new.clone());
	}
}

/// Admit exchange `id`, operated by `operator`, licensed for `licences` (two-letter codes, or
/// [`EVERYWHERE`]).
pub fn exchange<A: Encode>(id: ExchangeId, operator: A, licences: &[&str]) {
	admit(id, operator.encode(), licences)
}

fn admit(id: ExchangeId, operator: Vec<u8>, licences: &[&str]) {
	EXCHANGES.with(|e| {
		let mut exchanges = e.borrow_mut();
		let exchange = exchanges.entry(id).or_default();
		exchange.operators.push(operator);
		exchange.licences.extend(licences.iter().map(|code| code.to_string()));
	});
}

/// Suspend exchange `id`: it is no longer active nor licensed.
pub fn suspend_exchange(id: ExchangeId) {
	EXCHANGES.with(|e| {
		if let Some(exchange) = e.borrow_mut().get_mut(&id) {
			exchange.suspended = true;
		}
	});
}

/// Reinstate suspended exchange `id`.
pub fn reinstate_exchange(id: ExchangeId) {
	EXCHANGES.with(|e| {
		if let Some(exchange) = e.borrow_mut().get_mut(&id) {
			exchange.suspended = false;
		}
	});
}

/// Remove exchange `id`: its operator belongs to no exchange any more.
pub fn remove_exchange(id: ExchangeId) {
	EXCHANGES.with(|e| {
		e.borrow_mut().remove(&id);
	});
}

/// Stands in for `pallet-exchanges`: the exchanges the test admitted.
pub struct MockExchanges<A>(PhantomData<A>);

impl<A: Encode> ExchangeRegistry<A> for MockExchanges<A> {
	fn active_exchange_of_operator(who: &A) -> Option<ExchangeId> {
		let who = who.encode();
		EXCHANGES.with(|e| {
			e.borrow()
				.iter()
				.find(|(_, exchange)| !exchange.suspended && exchange.operators.contains(&who))
				.map(|(id, _)| *id)
		})
	}

	fn exchange_of_operator(who: &A) -> Option<ExchangeId> {
		let who = who.encode();
		EXCHANGES.with(|e| {
			e.borrow()
				.iter()
				.find(|(_, exchange)| exchange.operators.contains(&who))
				.map(|(id, _)| *id)
		})
	}

	fn is_active(exchange: ExchangeId) -> bool {
		EXCHANGES.with(|e| e.borrow().get(&exchange).is_some_and(|exchange| !exchange.suspended))
	}

	fn is_member(exchange: ExchangeId) -> bool {
		EXCHANGES.with(|e| e.borrow().contains_key(&exchange))
	}

	fn is_licensed_for(exchange: ExchangeId, jurisdiction: CountryCode) -> bool {
		EXCHANGES.with(|e| {
			e.borrow().get(&exchange).is_some_and(|exchange| {
				!exchange.suspended
					&& (exchange.licences.contains(EVERYWHERE)
						|| exchange.licences.contains(jurisdiction.as_str()))
			})
		})
	}

	fn active_licences() -> Vec<(ExchangeId, Vec<CountryCode>)> {
		EXCHANGES.with(|e| {
			e.borrow()
				.iter()
				.filter(|(_, exchange)| !exchange.suspended)
				.map(|(id, exchange)| {
					(*id, exchange.licences.iter().filter_map(|code| code.parse().ok()).collect())
				})
				.collect()
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn admit_for_benchmark(operator: &A, jurisdiction: CountryCode) -> ExchangeId {
		let id = EXCHANGES.with(|e| e.borrow().keys().next_back().map_or(0, |last| last + 1));
		admit(id, operator.encode(), &[jurisdiction.as_str()]);
		id
	}
}

/// A small deterministic generator (xorshift) for the pallets' property tests: the same
/// seed gives the same sequence of calls.
pub struct Rng(pub u64);

impl Rng {
	/// The next number below `bound`.
	pub fn next(&mut self, bound: u64) -> u64 {
		self.0 ^= self.0 << 13;
		self.0 ^= self.0 >> 7;
		self.0 ^= self.0 << 17;
		self.0 % bound
	}
}

/// Run `call` inside `levels` nested storage layers (as a call dispatched that deep would
/// be): what [`crate::ensure_room_for_layers`] guards against.
pub fn in_nested_layers(
	levels: u32,
	call: &dyn Fn() -> sp_runtime::DispatchResult,
) -> sp_runtime::DispatchResult {
	use frame_support::storage::{with_transaction, TransactionOutcome};
	if levels == 0 {
		return call();
	}
	with_transaction(|| TransactionOutcome::Commit(in_nested_layers(levels - 1, call)))
}

/// Give `account` a subscription not yet settled.
pub fn commit<A: Encode>(account: A) {
	COMMITTED.with(|c| c.borrow_mut().insert(account.encode()));
}

/// Settle every subscription of `account`.
pub fn settle_commitments<A: Encode>(account: A) {
	COMMITTED.with(|c| c.borrow_mut().remove(&account.encode()));
}

/// Give `identity` a subscription not yet settled to an offering of `security`.
pub fn commit_to(security: SecurityId, identity: IdentityId) {
	COMMITTED_TO.with(|c| c.borrow_mut().insert((security, identity)));
}

/// Settle every subscription of `identity` to offerings of `security`.
pub fn settle_commitment_to(security: SecurityId, identity: IdentityId) {
	COMMITTED_TO.with(|c| c.borrow_mut().remove(&(security, identity)));
}

/// Stands in for `pallet-offerings`: the accounts the test [`commit`]ted, and the identities
/// it committed to a security ([`commit_to`]).
pub struct MockCommitments<A>(PhantomData<A>);

impl<A: Encode> SubscriptionCommitments<A> for MockCommitments<A> {
	fn has_unsettled_subscriptions(account: &A) -> bool {
		COMMITTED.with(|c| c.borrow().contains(&account.encode()))
	}

	fn has_unsettled_subscription_to(security: SecurityId, identity: IdentityId) -> bool {
		COMMITTED_TO.with(|c| c.borrow().contains(&(security, identity)))
	}
}
