//! Tests of the assembled runtime: the presets build a coherent consortium, and the
//! council decides consortium matters by two thirds.

use crate::{
	genesis_config_presets::{consortium_genesis, local_network, LOCAL_PRESET},
	*,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::Hooks, weights::Weight};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::traits::Hash as _;

/// The `local` genesis, at block 1. Tests move the clock with `pallet_timestamp::Now` directly:
/// `set_timestamp` would also drive Aura, which checks slots.
fn local_ext() -> sp_io::TestExternalities {
	let mut ext: sp_io::TestExternalities =
		genesis_config_presets::genesis_storage(&local_network()).into();
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn operator(key: Sr25519Keyring) -> AccountId {
	key.to_account_id()
}

#[test]
fn presets_are_listed_and_build() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(names.len(), 2);
	for name in names {
		let patch = genesis_config_presets::get_preset(&name).expect("listed presets exist");
		let patch: serde_json::Value = serde_json::from_slice(&patch).unwrap();
		assert!(patch["exchanges"]["exchanges"].is_array(), "{name:?}");
	}
}

#[test]
fn local_genesis_seats_four_exchanges_validators_and_nodes() {
	local_ext().execute_with(|| {
		assert_eq!(pallet_exchanges::Exchanges::<Runtime>::count(), 4);
		let mut council = pallet_collective::Members::<Runtime, configs::CouncilCollective>::get();
		council.sort();
		let mut expected: Vec<AccountId> = [Alice, Bob, Charlie, Dave].map(operator).to_vec();
		expected.sort();
		assert_eq!(council, expected);
		assert_eq!(
			pallet_session::Validators::<Runtime>::get(),
			[Alice, Bob, Charlie, Dave].map(operator).to_vec()
		);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 4);
		let nodes = pallet_node_authorization::WellKnownNodes::<Runtime>::get();
		let exchange_nodes: std::collections::BTreeSet<_> =
			pallet_exchanges::Exchanges::<Runtime>::iter_values()
				.map(|info| sp_core::OpaquePeerId(info.node.into_inner()))
				.collect();
		assert_eq!(nodes, exchange_nodes);
		assert_eq!(pallet_exchanges::MinActiveExchanges::<Runtime>::get(), 3);
		assert!(pallet_sudo::Key::<Runtime>::get().is_none(), "local has no sudo key");
	});
}

#[test]
fn local_preset_is_the_local_network() {
	let preset = genesis_config_presets::get_preset(&LOCAL_PRESET.into()).unwrap();
	let preset: serde_json::Value = serde_json::from_slice(&preset).unwrap();
	assert_eq!(preset, consortium_genesis(&local_network()));
}

fn admit_eve_call() -> RuntimeCall {
	RuntimeCall::Exchanges(pallet_exchanges::Call::admit {
		name: b"JP Exchange".to_vec().try_into().unwrap(),
		jurisdictions: vec!["JP".parse().unwrap()].try_into().unwrap(),
		licence: sp_core::H256::repeat_byte(7),
		operator: operator(Eve),
		validator: operator(Ferdie),
		node: vec![5u8; 38].try_into().unwrap(),
	})
}

/// Propose `call` as the first of `ayes` with the given threshold, have every one of `ayes`
/// vote for it (proposing is not voting), and close it.
fn council_motion(
	call: RuntimeCall,
	threshold: u32,
	ayes: &[Sr25519Keyring],
) -> frame_support::dispatch::DispatchResult {
	let length = call.encoded_size() as u32;
	let hash = BlakeTwo256::hash_of(&call);
	let proposer = RuntimeOrigin::signed(operator(ayes[0]));
	Council::propose(proposer, threshold, Box::new(call), length).map_err(|e| e.error)?;
	let index = pallet_collective::ProposalCount::<Runtime, configs::CouncilCollective>::get() - 1;
	for voter in ayes {
		Council::vote(RuntimeOrigin::signed(operator(*voter)), hash, index, true)
			.map_err(|e| e.error)?;
	}
	Council::close(
		RuntimeOrigin::signed(operator(ayes[0])),
		hash,
		index,
		Weight::from_parts(10_000_000_000, 1_000_000),
		length,
	)
	.map(|_| ())
	.map_err(|e| e.error)
}

#[test]
fn three_of_four_exchanges_admit_a_fifth() {
	local_ext().execute_with(|| {
		assert_ok!(council_motion(admit_eve_call(), 3, &[Alice, Bob, Charlie]));
		let admitted = System::events().iter().any(|r| {
			matches!(
				r.event,
				RuntimeEvent::Exchanges(pallet_exchanges::Event::Admitted { exchange: 4, .. })
			)
		});
		assert!(admitted, "the motion admitted exchange 4");
		assert_eq!(
			pallet_collective::Members::<Runtime, configs::CouncilCollective>::get().len(),
			5
		);
		assert!(pallet_node_authorization::WellKnownNodes::<Runtime>::get()
			.contains(&sp_core::OpaquePeerId(vec![5u8; 38])));
	});
}

#[test]
fn half_the_council_cannot_admit() {
	local_ext().execute_with(|| {
		// A motion with threshold 2 passes the council, but two of four is not three quarters.
		assert_ok!(council_motion(admit_eve_call(), 2, &[Alice, Bob]));
		let failed = System::events().iter().any(|r| {
			matches!(
				r.event,
				RuntimeEvent::Council(pallet_collective::Event::Executed { result: Err(_), .. })
			)
		});
		assert!(failed, "the admission was refused");
		assert_eq!(pallet_exchanges::Exchanges::<Runtime>::count(), 4);
	});
}

#[test]
fn a_non_member_cannot_admit_directly() {
	local_ext().execute_with(|| {
		let RuntimeCall::Exchanges(call) = admit_eve_call() else { unreachable!() };
		let pallet_exchanges::Call::admit {
			name,
			jurisdictions,
			licence,
			operator,
			validator,
			node,
		} = call
		else {
			unreachable!()
		};
		assert_noop!(
			Exchanges::admit(
				RuntimeOrigin::signed(Eve.to_account_id()),
				name,
				jurisdictions,
				licence,
				operator,
				validator,
				node
			),
			pallet_exchanges::Error::<Runtime>::NotSupermajority
		);
	});
}

#[test]
fn the_consortium_validators_are_the_session_validators_from_genesis() {
	local_ext().execute_with(|| {
		let validators = [Alice, Bob, Charlie, Dave].map(operator).to_vec();
		use pallet_exchanges::SessionChanges;
		assert_eq!(pallet_session::Validators::<Runtime>::get(), validators);
		assert_eq!(sessions::SessionPalletChanges::queued_validators(), validators);
		assert!(!sessions::SessionPalletChanges::pending());
		assert!(!sessions::SessionPalletChanges::authorities_stale());
		assert!(!Exchanges::session_change_pending());
	});
}

/// Runs blocks up to `last` through the session and GRANDPA hooks, as block production
/// does; returns the blocks in which a session ended (each charged as a whole block).
fn run_sessions_to(last: BlockNumber) -> Vec<BlockNumber> {
	use frame_support::dispatch::DispatchClass;
	use pallet_exchanges::WeightInfo as _;
	let max_block = <Runtime as frame_system::Config>::BlockWeights::get().max_block;
	let check = <Runtime as pallet_exchanges::Config>::WeightInfo::session_change_pending();
	let mut ended = Vec::new();
	for block in System::block_number() + 1..=last {
		System::set_block_number(block);
		frame_system::BlockWeight::<Runtime>::kill();
		let weight = Session::on_initialize(block);
		let charged = *System::block_weight().get(DispatchClass::Mandatory);
		if weight == max_block {
			ended.push(block);
		} else if block % configs::SessionPeriod::get() == 0 {
			assert_eq!(charged, check, "#{block}: the boundary's check is charged");
		} else {
			assert_eq!(charged, Weight::zero(), "#{block}: nothing between boundaries");
		}
		Grandpa::on_finalize(block);
	}
	ended
}

/// A third of the validators no longer voting stalls finality, and the set changes the
/// consortium makes then never take effect (GRANDPA applies a standard change once the old
/// set finalizes it); GRANDPA's recovery, `note_stalled`, is Root's (helper-66). Two thirds of
/// the council note the stall; half cannot; the next session change forces the set.
#[test]
fn a_two_thirds_motion_recovers_finality_from_a_stall() {
	local_ext().execute_with(|| {
		let period = configs::SessionPeriod::get();
		let note = |delay: BlockNumber, best_finalized: BlockNumber| {
			RuntimeCall::Exchanges(pallet_exchanges::Call::note_finality_stalled {
				delay,
				best_finalized,
			})
		};
		let refused = |error: pallet_exchanges::Error<Runtime>| Err(error.into());
		// Finality stalled at block 5 (two validators silent); the consortium suspends one
		// silent exchange: the set without it is planned, then activated.
		assert_eq!(run_sessions_to(2 * period), Vec::<BlockNumber>::new());
		assert_eq!(
			governance::motion_result(note(1_000, 5), 2, &[Alice, Bob]),
			refused(pallet_exchanges::Error::NotConsortium),
			"half the council is not the consortium"
		);
		assert_eq!(
			governance::motion_result(note(1_000, 5), 3, &[Alice, Bob, Charlie]),
			refused(pallet_exchanges::Error::FinalizedBlockNotBeforeSessionChange),
			"no set change since the stall: nothing to force"
		);
		let dave = pallet_exchanges::ExchangeOfAccount::<Runtime>::get(operator(Dave)).unwrap();
		assert_ok!(Exchanges::suspend(RuntimeOrigin::root(), dave));
		assert_eq!(run_sessions_to(4 * period), vec![3 * period, 4 * period]);
		let set_id = pallet_grandpa::CurrentSetId::<Runtime>::get();

		// A delay beyond the bound would stop finality for good; a base at the set change
		// the stalled set never finalized would stop every node importing.
		assert_eq!(
			governance::motion_result(note(3_000_000, 5), 3, &[Alice, Bob, Charlie]),
			refused(pallet_exchanges::Error::StallDelayOutOfRange)
		);
		assert_eq!(
			governance::motion_result(note(1_000, 4 * period), 3, &[Alice, Bob, Charlie]),
			refused(pallet_exchanges::Error::FinalizedBlockNotBeforeSessionChange)
		);
		assert!(!pallet_grandpa::Stalled::<Runtime>::exists());
		assert_ok!(governance::motion_result(note(1_000, 5), 3, &[Alice, Bob, Charlie]));
		assert_eq!(pallet_grandpa::Stalled::<Runtime>::get(), Some((1_000, 5)));
		assert_eq!(
			governance::motion_result(note(1_000, 6), 3, &[Alice, Bob, Charlie]),
			refused(pallet_exchanges::Error::StallAlreadyNoted)
		);

		// The next boundary ends a session for it alone, and GRANDPA schedules a forced
		// change of the set: the new set votes on top of block 5, 1,000 blocks on.
		assert_eq!(run_sessions_to(5 * period), vec![5 * period]);
		let forced = pallet_grandpa::PendingChange::<Runtime>::get().expect("a forced change");
		assert_eq!((forced.forced, forced.delay), (Some(5), 1_000));
		assert_eq!(pallet_grandpa::CurrentSetId::<Runtime>::get(), set_id + 1);
		assert!(!pallet_grandpa::Stalled::<Runtime>::exists());
		// While it is pending, no other is forced.
		assert_eq!(
			governance::motion_result(note(1_000, 5), 3, &[Alice, Bob, Charlie]),
			refused(pallet_exchanges::Error::FinalityChangePending)
		);
	});
}

#[test]
fn a_session_ends_only_when_it_changes_something() {
	local_ext().execute_with(|| {
		let period = configs::SessionPeriod::get();
		let set_id = pallet_grandpa::CurrentSetId::<Runtime>::get();
		let authorities = pallet_aura::Authorities::<Runtime>::get();
		// Twelve periods with nothing changed: no session ends, no block is spent on one,
		// no new GRANDPA set (no justification to keep), the same Aura authorities.
		assert_eq!(run_sessions_to(12 * period), Vec::<BlockNumber>::new());
		assert_eq!(pallet_session::CurrentIndex::<Runtime>::get(), 0);
		assert_eq!(pallet_grandpa::CurrentSetId::<Runtime>::get(), set_id);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get(), authorities);

		// A suspended exchange's validator leaves within two periods: the first boundary
		// plans the set, the second activates it, with one new GRANDPA set; then nothing.
		let dave = pallet_exchanges::ExchangeOfAccount::<Runtime>::get(operator(Dave)).unwrap();
		assert_ok!(Exchanges::suspend(RuntimeOrigin::root(), dave));
		assert_eq!(run_sessions_to(20 * period), vec![13 * period, 14 * period]);
		assert_eq!(
			pallet_session::Validators::<Runtime>::get(),
			[Alice, Bob, Charlie].map(operator).to_vec()
		);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 3);
		assert_eq!(pallet_grandpa::CurrentSetId::<Runtime>::get(), set_id + 1);

		// New session keys of a validator (what `session.setKeys` registers): queued at the
		// next boundary, active at the one after.
		let charlie = operator(Charlie);
		let fresh = SessionKeys {
			aura: sp_core::sr25519::Public::from_raw([7; 32]).into(),
			grandpa: sp_core::ed25519::Public::from_raw([7; 32]).into(),
		};
		pallet_session::NextKeys::<Runtime>::insert(&charlie, &fresh);
		assert_eq!(run_sessions_to(30 * period), vec![21 * period, 22 * period]);
		assert!(pallet_aura::Authorities::<Runtime>::get().contains(&fresh.aura));
		assert_eq!(pallet_grandpa::CurrentSetId::<Runtime>::get(), set_id + 2);

		// A stalled finality (`grandpa.note_stalled`, Root) is applied at the next boundary.
		assert_ok!(Grandpa::note_stalled(RuntimeOrigin::root(), 5, 1));
		assert_eq!(run_sessions_to(40 * period), vec![31 * period]);
		assert_eq!(pallet_grandpa::CurrentSetId::<Runtime>::get(), set_id + 3);
	});
}

#[test]
fn keys_of_an_account_that_is_not_a_queued_validator_end_no_session() {
	local_ext().execute_with(|| {
		let period = configs::SessionPeriod::get();
		// Eve is no exchange's validator; Dave's exchange is suspended and its validator
		// dropped from the set. Neither's keys, set or purged, make the chain spend a block.
		let dave = pallet_exchanges::ExchangeOfAccount::<Runtime>::get(operator(Dave)).unwrap();
		assert_ok!(Exchanges::suspend(RuntimeOrigin::root(), dave));
		assert_eq!(run_sessions_to(3 * period), vec![period, 2 * period]);
		let keys = |seed| SessionKeys {
			aura: sp_core::sr25519::Public::from_raw([seed; 32]).into(),
			grandpa: sp_core::ed25519::Public::from_raw([seed; 32]).into(),
		};
		register_session_keys(&operator(Eve), keys(9));
		register_session_keys(&operator(Dave), keys(10));
		assert_eq!(run_sessions_to(10 * period), Vec::<BlockNumber>::new());
		assert_ok!(Session::purge_keys(RuntimeOrigin::signed(operator(Dave))));
		assert_eq!(run_sessions_to(20 * period), Vec::<BlockNumber>::new());
		assert_eq!(
			pallet_session::Validators::<Runtime>::get(),
			[Alice, Bob, Charlie].map(operator).to_vec()
		);
	});
}

/// Until release 120 any account registered session keys (`ValidatorIdOf` was every
/// account): keys of no use to the chain, stored for ever at a fee (no deposit). Only an
/// exchange's validator account registers them now, active or suspended; a stranger and a
/// removed exchange's validator are refused by name with nothing changed, even with a
/// valid proof of possession.
#[test]
fn only_an_exchanges_validator_registers_session_keys() {
	let mut ext = local_ext();
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| {
		let set_keys = |who: &AccountId| {
			let generated = SessionKeys::generate(&who.encode(), None);
			Session::set_keys(
				RuntimeOrigin::signed(who.clone()),
				generated.keys,
				generated.proof.encode(),
			)
		};
		// Eve and Ferdie are no exchange's accounts.
		for stranger in [operator(Eve), operator(Ferdie)] {
			assert_noop!(
				set_keys(&stranger),
				pallet_session::Error::<Runtime>::NoAssociatedValidatorId
			);
		}
		// Dave's exchange: its validator account may, suspended too.
		let dave = pallet_exchanges::ExchangeOfAccount::<Runtime>::get(operator(Dave)).unwrap();
		let validator = pallet_exchanges::Exchanges::<Runtime>::get(dave).unwrap().validator;
		assert_ok!(Exchanges::suspend(RuntimeOrigin::root(), dave));
		assert_ok!(set_keys(&validator));
		assert!(pallet_session::NextKeys::<Runtime>::contains_key(&validator));
		// Removed, it registers no more, and may still purge what it registered.
		assert_ok!(Exchanges::remove(RuntimeOrigin::root(), dave));
		assert_noop!(
			set_keys(&validator),
			pallet_session::Error::<Runtime>::NoAssociatedValidatorId
		);
		assert_ok!(Session::purge_keys(RuntimeOrigin::signed(validator.clone())));
		assert!(!pallet_session::NextKeys::<Runtime>::contains_key(&validator));
	});
}

/// Registers `keys` for `validator` as `session.setKeys` does (without its proof, which
/// needs the keys in a keystore).
fn register_session_keys(validator: &AccountId, keys: SessionKeys) {
	pallet_session::NextKeys::<Runtime>::insert(validator, keys);
}

fn grandpa_keys() -> Vec<sp_consensus_grandpa::AuthorityId> {
	Grandpa::grandpa_authorities().into_iter().map(|(id, _)| id).collect()
}

#[test]
fn a_validator_the_session_pallet_dropped_is_back_once_its_keys_are() {
	local_ext().execute_with(|| {
		let period = configs::SessionPeriod::get();
		let dave = pallet_exchanges::ExchangeOfAccount::<Runtime>::get(operator(Dave)).unwrap();
		assert_ok!(Exchanges::suspend(RuntimeOrigin::root(), dave));
		run_sessions_to(3 * period);
		let bob = operator(Bob);
		let bob_keys = pallet_session::NextKeys::<Runtime>::get(&bob).unwrap();
		// Bob purges its keys: two ready, below the minimum of three. The exchanges pallet
		// keeps the set; the session pallet drops Bob (no keys to load) and activates that.
		assert_ok!(Session::purge_keys(RuntimeOrigin::signed(bob.clone())));
		run_sessions_to(6 * period);
		assert_eq!(pallet_session::Validators::<Runtime>::get(), [Alice, Charlie].map(operator));
		// Keys again: the ready set is not the queued one, so it is planned and activated
		// within two boundaries, and GRANDPA follows.
		register_session_keys(&bob, bob_keys.clone());
		assert_eq!(run_sessions_to(12 * period), vec![7 * period, 8 * period]);
		assert_eq!(
			pallet_session::Validators::<Runtime>::get(),
			[Alice, Bob, Charlie].map(operator).to_vec()
		);
		assert!(grandpa_keys().contains(&bob_keys.grandpa));
		assert_eq!(grandpa_keys().len(), 3);
	});
}

/// Finality stalled: Root notes it with a delay longer than a period, and the consortium
/// suspends Dave at the same time. The forced change (of the old set) is still pending when
/// Dave's removal is activated, so GRANDPA refuses that change. Returns Dave's finality key.
fn stall_and_suspend_dave() -> sp_consensus_grandpa::AuthorityId {
	let dave = operator(Dave);
	let period = configs::SessionPeriod::get();
	assert_ok!(Grandpa::note_stalled(RuntimeOrigin::root(), 2 * period + 5, 1));
	let exchange = pallet_exchanges::ExchangeOfAccount::<Runtime>::get(&dave).unwrap();
	assert_ok!(Exchanges::suspend(RuntimeOrigin::root(), exchange));
	pallet_session::NextKeys::<Runtime>::get(&dave).unwrap().grandpa
}

#[test]
fn a_set_change_grandpa_could_not_schedule_is_announced_again() {
	local_ext().execute_with(|| {
		let period = configs::SessionPeriod::get();
		let dave_grandpa = stall_and_suspend_dave();
		run_sessions_to(3 * period);
		assert_eq!(
			pallet_session::Validators::<Runtime>::get(),
			[Alice, Bob, Charlie].map(operator).to_vec()
		);
		// The stale authorities make the set be announced again once the forced change is
		// applied; Dave's finality key goes, and then nothing more changes.
		run_sessions_to(8 * period);
		assert_eq!(grandpa_keys().len(), 3);
		assert!(!grandpa_keys().contains(&dave_grandpa));
		assert_eq!(run_sessions_to(20 * period), Vec::<BlockNumber>::new());
	});
}

#[test]
fn stale_finality_authorities_are_announced_again_below_the_minimum_too() {
	local_ext().execute_with(|| {
		let period = configs::SessionPeriod::get();
		let dave_grandpa = stall_and_suspend_dave();
		run_sessions_to(2 * period + 1);
		assert!(grandpa_keys().contains(&dave_grandpa));
		// Charlie, last in order, purges its keys: two ready, below the minimum, so the
		// exchanges pallet plans nothing; the session pallet drops Charlie from its queue.
		assert_ok!(Session::purge_keys(RuntimeOrigin::signed(operator(Charlie))));
		run_sessions_to(4 * period);
		// Once the forced change is applied, the stale authorities make the queued set be
		// announced again: Dave's finality key goes, and then nothing more changes.
		run_sessions_to(8 * period);
		assert!(!grandpa_keys().contains(&dave_grandpa));
		assert_eq!(grandpa_keys().len(), 2);
		assert_eq!(run_sessions_to(20 * period), Vec::<BlockNumber>::new());
	});
}

#[test]
fn local_demo_investors_are_attested_by_their_exchanges() {
	use stledger_primitives::{InvestorClass, InvestorRegistry};
	local_ext().execute_with(|| {
		pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000);
		let investors = &local_network().investors;
		assert_eq!(investors.len(), 8);
		let mut identities = std::collections::BTreeSet::new();
		for investor in investors {
			let profile = Attestation::profile(&investor.account).expect("attested");
			assert_eq!(profile.jurisdiction, investor.jurisdiction);
			assert_eq!(
				profile.attestors().cloned().collect::<Vec<_>>(),
				vec![investor.attestor.clone()]
			);
			identities.insert(profile.identity);
		}
		assert_eq!(identities.len(), 8, "one identity each");
		let classes: std::collections::BTreeSet<_> = investors
			.iter()
			.filter(|i| i.jurisdiction == "US".parse().unwrap())
			.map(|i| i.class)
			.collect();
		assert_eq!(classes.len(), 2, "two classes per jurisdiction");
		assert!(classes.contains(&InvestorClass::Accredited));
		// After the attestations expire, nobody counts.
		pallet_timestamp::Now::<Runtime>::put(genesis_config_presets::DEMO_ATTESTATION_EXPIRY);
		assert_eq!(
			Attestation::profile(&investors[0].account),
			Err(stledger_primitives::Ineligibility::Expired)
		);
	});
}

#[test]
fn an_exchange_attests_only_for_its_licence() {
	local_ext().execute_with(|| {
		pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000);
		let bob = RuntimeOrigin::signed(operator(Bob));
		assert_ok!(Attestation::create_identity(bob.clone()));
		let identity = pallet_attestation::NextIdentityId::<Runtime>::get() - 1;
		let attest = |jurisdiction: &str| {
			Attestation::attest(
				bob.clone(),
				identity,
				jurisdiction.parse().unwrap(),
				stledger_primitives::InvestorClass::Retail,
				2,
				true,
				true,
				1_900_000_000_000,
				sp_core::H256::zero(),
			)
		};
		assert_noop!(
			attest("US"),
			pallet_attestation::Error::<Runtime>::NotLicensedForJurisdiction
		);
		assert_ok!(attest("DE"));
	});
}

#[test]
fn the_licence_table_holds_every_licence_the_consortium_can_grant() {
	use frame_support::traits::Get;
	type Table = <Runtime as pallet_attestation::Config>::MaxExchanges;
	type Consortium = <Runtime as pallet_exchanges::Config>::MaxExchanges;
	// Otherwise an admission or reinstatement would fail with `LicenceNotRecorded` (any
	// number of jurisdictions fits: the table keeps them as a set of every code).
	assert!(<Table as Get<u32>>::get() >= <Consortium as Get<u32>>::get());
}

#[test]
fn an_exchange_that_loses_its_licence_stops_vouching_in_the_same_block() {
	use stledger_primitives::{Ineligibility, InvestorRegistry};
	local_ext().execute_with(|| {
		pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000);
		let table_is_exact = || {
			assert_eq!(
				pallet_attestation::Licences::<Runtime>::get(),
				Attestation::licences_from_registries().expect("fits")
			)
		};
		table_is_exact();
		let investor = &local_network().investors[0];
		let exchange = pallet_exchanges::ExchangeOfAccount::<Runtime>::get(&investor.attestor)
			.expect("attested by an exchange's operator");
		let root = || RuntimeOrigin::root();
		let licensed_for = |codes: &[&str]| {
			codes.iter().map(|c| c.parse().unwrap()).collect::<Vec<_>>().try_into().unwrap()
		};
		assert!(Attestation::profile(&investor.account).is_ok());

		// The licence no longer names the investor's jurisdiction.
		assert_ok!(Exchanges::set_jurisdictions(root(), exchange, licensed_for(&["LU"])));
		table_is_exact();
		assert_eq!(Attestation::profile(&investor.account), Err(Ineligibility::AttestorRemoved));
		let jurisdiction = investor.jurisdiction.as_str();
		assert_ok!(Exchanges::set_jurisdictions(root(), exchange, licensed_for(&[jurisdiction])));
		assert!(Attestation::profile(&investor.account).is_ok());

		// Suspended, reinstated, removed.
		assert_ok!(Exchanges::suspend(root(), exchange));
		table_is_exact();
		assert_eq!(Attestation::profile(&investor.account), Err(Ineligibility::AttestorRemoved));
		assert_ok!(Exchanges::reinstate(root(), exchange));
		table_is_exact();
		assert!(Attestation::profile(&investor.account).is_ok());
		assert_ok!(Exchanges::remove(root(), exchange));
		table_is_exact();
		assert_eq!(Attestation::profile(&investor.account), Err(Ineligibility::AttestorRemoved));
	});
}

mod block_space;
mod council;
mod fees;
mod governance;
mod nodes;
mod trust_model;
