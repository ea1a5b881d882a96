//! Unit tests of the consortium: each call's effect, each named error, and that an error
//! changes nothing (`assert_noop!` compares the whole storage root).

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use frame_system::RawOrigin;
use pallet_session::SessionManager;
use sp_runtime::DispatchResult;
use stledger_primitives::{CountryCode, ExchangeId, ExchangeRegistry};

fn root() -> RuntimeOrigin {
	RawOrigin::Root.into()
}

fn name(text: &str) -> BoundedVec<u8, <Test as Config>::MaxNameLength> {
	text.as_bytes().to_vec().try_into().unwrap()
}

fn codes(list: &[&str]) -> BoundedVec<CountryCode, <Test as Config>::MaxJurisdictions> {
	list.iter()
		.map(|c| CountryCode(c.as_bytes().try_into().unwrap()))
		.collect::<Vec<_>>()
		.try_into()
		.unwrap()
}

fn node(byte: u8) -> NodeId {
	vec![byte; 38].try_into().unwrap()
}

/// Admit a fifth exchange (JP) with operator 50, validator 60 and node `[50; 38]`.
fn admit_japan() -> DispatchResult {
	Consortium::admit(
		root(),
		name("JP Exchange"),
		codes(&["JP"]),
		LicenceHash::repeat_byte(9),
		50,
		60,
		node(50),
	)
}

/// Admit "Solo" (JP), whose account 70 is both its operator and its validator.
fn admit_solo() -> DispatchResult {
	Consortium::admit(root(), name("Solo"), codes(&["JP"]), LicenceHash::zero(), 70, 70, node(70))
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Consortium(event) => Some(event),
			_ => None,
		})
		.next_back()
		.expect("an exchanges event")
}

#[test]
fn genesis_founds_four_active_exchanges_with_council_seats() {
	new_test_ext().execute_with(|| {
		assert_eq!(Exchanges::<Test>::count(), 4);
		assert_eq!(ActiveExchanges::<Test>::get().into_inner(), vec![0, 1, 2, 3]);
		assert_eq!(council(), vec![10, 11, 12, 13]);
		let us = Exchanges::<Test>::get(0).unwrap();
		assert_eq!(us.jurisdictions.into_inner(), vec![code("US")]);
		assert_eq!((us.operator, us.validator, us.status), (10, 20, ExchangeStatus::Active));
		assert_eq!(NextExchangeId::<Test>::get(), 4);
	});
}

#[test]
fn admit_makes_an_active_exchange_with_seat_and_node() {
	new_test_ext().execute_with(|| {
		assert_ok!(admit_japan());
		let japan = Exchanges::<Test>::get(4).unwrap();
		assert_eq!(japan.status, ExchangeStatus::Active);
		assert_eq!(japan.name.into_inner(), b"JP Exchange".to_vec());
		assert_eq!(ActiveExchanges::<Test>::get().into_inner(), vec![0, 1, 2, 3, 4]);
		assert_eq!(council(), vec![10, 11, 12, 13, 50]);
		assert_eq!(well_known_nodes().get(&vec![50; 38]), Some(&50));
		assert_eq!(ExchangeOfAccount::<Test>::get(50), Some(4));
		assert_eq!(ExchangeOfAccount::<Test>::get(60), Some(4));
		assert_eq!(
			last_event(),
			Event::Admitted {
				exchange: 4,
				operator: 50,
				validator: 60,
				jurisdictions: vec![code("JP")],
				licence: LicenceHash::repeat_byte(9),
			}
		);
	});
}

#[test]
fn one_exchange_may_use_one_account_for_operator_and_validator() {
	new_test_ext().execute_with(|| {
		assert_ok!(admit_solo());
		assert_eq!(ExchangeOfAccount::<Test>::get(70), Some(4));
		assert_eq!(
			<Consortium as ExchangeRegistry<u64>>::active_exchange_of_operator(&70),
			Some(4)
		);
	});
}

#[test]
fn only_the_consortium_may_change_the_consortium() {
	new_test_ext().execute_with(|| {
		let member = RuntimeOrigin::signed(10);
		assert_noop!(
			Consortium::admit(
				member.clone(),
				name("X"),
				codes(&["JP"]),
				LicenceHash::zero(),
				50,
				60,
				node(50)
			),
			Error::<Test>::NotSupermajority
		);
		assert_noop!(Consortium::suspend(member.clone(), 0), Error::<Test>::NotConsortium);
		assert_noop!(Consortium::reinstate(member.clone(), 0), Error::<Test>::NotConsortium);
		assert_noop!(Consortium::remove(member.clone(), 0), Error::<Test>::NotSupermajority);
		assert_noop!(
			Consortium::set_jurisdictions(member, 0, codes(&["JP"])),
			Error::<Test>::NotConsortium
		);
		assert_noop!(Consortium::suspend(RawOrigin::None.into(), 0), Error::<Test>::NotConsortium);
	});
}

#[test]
fn admit_refuses_malformed_licences() {
	new_test_ext().execute_with(|| {
		let admit = |jurisdictions| {
			Consortium::admit(
				root(),
				name("JP Exchange"),
				jurisdictions,
				LicenceHash::zero(),
				50,
				60,
				node(50),
			)
		};
		assert_noop!(admit(codes(&[])), Error::<Test>::NoJurisdictions);
		assert_noop!(admit(codes(&["jp"])), Error::<Test>::InvalidJurisdiction);
		assert_noop!(admit(codes(&["J1"])), Error::<Test>::InvalidJurisdiction);
		assert_noop!(admit(codes(&["JP", "\0\0"])), Error::<Test>::InvalidJurisdiction);
		assert_noop!(admit(codes(&["JP", "KR", "JP"])), Error::<Test>::DuplicateJurisdiction);
	});
}

#[test]
fn admit_refuses_empty_name_and_node() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Consortium::admit(
				root(),
				name(""),
				codes(&["JP"]),
				LicenceHash::zero(),
				50,
				60,
				node(50)
			),
			Error::<Test>::EmptyName
		);
		assert_noop!(
			Consortium::admit(
				root(),
				name("JP"),
				codes(&["JP"]),
				LicenceHash::zero(),
				50,
				60,
				NodeId::default()
			),
			Error::<Test>::EmptyNodeId
		);
	});
}

#[test]
fn admit_refuses_accounts_and_nodes_of_other_exchanges() {
	new_test_ext().execute_with(|| {
		let admit = |operator, validator, node_byte| {
			Consortium::admit(
				root(),
				name("JP"),
				codes(&["JP"]),
				LicenceHash::zero(),
				operator,
				validator,
				node(node_byte),
			)
		};
		// Another exchange's operator, or its validator, as operator.
		assert_noop!(admit(10, 60, 50), Error::<Test>::OperatorInUse);
		assert_noop!(admit(20, 60, 50), Error::<Test>::OperatorInUse);
		// Another exchange's validator, or its operator, as validator.
		assert_noop!(admit(50, 21, 50), Error::<Test>::ValidatorInUse);
		assert_noop!(admit(50, 11, 50), Error::<Test>::ValidatorInUse);
		// The US exchange's node (`[0; 38]`).
		assert_noop!(admit(50, 60, 0), Error::<Test>::NodeInUse);
		// A registered attestor's account as operator: its attestations as an attestor would
		// go on counting while the exchange is suspended (helper-67).
		register_attestor(50);
		assert_noop!(admit(50, 60, 50), Error::<Test>::OperatorIsAttestor);
		assert_ok!(admit(51, 60, 50));
	});
}

#[test]
fn admit_refuses_beyond_the_maximum() {
	new_test_ext().execute_with(|| {
		for i in 0..4u8 {
			let id = 100 + i as u64;
			assert_ok!(Consortium::admit(
				root(),
				name("X"),
				codes(&["JP"]),
				LicenceHash::zero(),
				id,
				id + 50,
				node(100 + i)
			));
		}
		assert_eq!(Exchanges::<Test>::count(), 8);
		assert_noop!(
			Consortium::admit(
				root(),
				name("X"),
				codes(&["JP"]),
				LicenceHash::zero(),
				90,
				91,
				node(90)
			),
			Error::<Test>::TooManyExchanges
		);
	});
}

#[test]
fn suspend_takes_the_seat_and_reinstate_gives_it_back() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend(root(), 1));
		assert_eq!(last_event(), Event::Suspended { exchange: 1 });
		assert_eq!(Exchanges::<Test>::get(1).unwrap().status, ExchangeStatus::Suspended);
		assert_eq!(ActiveExchanges::<Test>::get().into_inner(), vec![0, 2, 3]);
		assert_eq!(council(), vec![10, 12, 13]);
		assert!(!<Consortium as ExchangeRegistry<u64>>::is_active(1));
		assert!(!<Consortium as ExchangeRegistry<u64>>::is_licensed_for(1, code("DE")));
		assert_eq!(<Consortium as ExchangeRegistry<u64>>::active_exchange_of_operator(&11), None);

		assert_noop!(Consortium::suspend(root(), 1), Error::<Test>::AlreadySuspended);

		assert_ok!(Consortium::reinstate(root(), 1));
		assert_eq!(last_event(), Event::Reinstated { exchange: 1 });
		assert_eq!(ActiveExchanges::<Test>::get().into_inner(), vec![0, 1, 2, 3]);
		assert_eq!(council(), vec![10, 11, 12, 13]);
		assert!(<Consortium as ExchangeRegistry<u64>>::is_licensed_for(1, code("DE")));
	});
}

#[test]
fn reinstate_refuses_an_active_or_unknown_exchange() {
	new_test_ext().execute_with(|| {
		assert_noop!(Consortium::reinstate(root(), 0), Error::<Test>::NotSuspended);
		assert_noop!(Consortium::reinstate(root(), 42), Error::<Test>::UnknownExchange);
		assert_noop!(Consortium::suspend(root(), 42), Error::<Test>::UnknownExchange);
		assert_noop!(Consortium::remove(root(), 42), Error::<Test>::UnknownExchange);
		assert_noop!(
			Consortium::set_jurisdictions(root(), 42, codes(&["JP"])),
			Error::<Test>::UnknownExchange
		);
	});
}

#[test]
fn the_consortium_never_drops_below_the_minimum() {
	new_test_ext().execute_with(|| {
		// Four active, minimum three: one may go, not two.
		assert_ok!(Consortium::suspend(root(), 0));
		assert_noop!(Consortium::suspend(root(), 1), Error::<Test>::TooFewActiveExchanges);
		assert_noop!(Consortium::remove(root(), 1), Error::<Test>::TooFewActiveExchanges);
		// A suspended exchange may leave: the active count does not change.
		assert_ok!(Consortium::remove(root(), 0));
		assert_eq!(ActiveExchanges::<Test>::get().into_inner(), vec![1, 2, 3]);
	});
}

#[test]
fn remove_releases_accounts_and_node() {
	new_test_ext().execute_with(|| {
		assert_ok!(admit_japan());
		assert_ok!(Consortium::remove(root(), 4));
		assert_eq!(last_event(), Event::Removed { exchange: 4 });
		assert!(Exchanges::<Test>::get(4).is_none());
		assert_eq!(council(), vec![10, 11, 12, 13]);
		assert!(!well_known_nodes().contains_key(&vec![50; 38]));
		assert_eq!(ExchangeOfAccount::<Test>::get(50), None);
		assert_eq!(ExchangeOfNode::<Test>::get(node(50)), None);
		// The same accounts and node can be admitted again, under a new id.
		assert_ok!(admit_japan());
		assert!(Exchanges::<Test>::get(5).is_some());
	});
}

#[test]
fn set_jurisdictions_replaces_the_licence_list() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::set_jurisdictions(root(), 1, codes(&["DE", "FR", "LU"])));
		assert_eq!(
			last_event(),
			Event::JurisdictionsChanged {
				exchange: 1,
				jurisdictions: vec![code("DE"), code("FR"), code("LU")]
			}
		);
		assert!(<Consortium as ExchangeRegistry<u64>>::is_licensed_for(1, code("LU")));
		assert!(!<Consortium as ExchangeRegistry<u64>>::is_licensed_for(0, code("LU")));

		assert_noop!(
			Consortium::set_jurisdictions(root(), 1, codes(&[])),
			Error::<Test>::NoJurisdictions
		);
		assert_noop!(
			Consortium::set_jurisdictions(root(), 1, codes(&["de"])),
			Error::<Test>::InvalidJurisdiction
		);
		assert_noop!(
			Consortium::set_jurisdictions(root(), 1, codes(&["DE", "DE"])),
			Error::<Test>::DuplicateJurisdiction
		);
	});
}

#[test]
fn registry_answers_for_operators_only() {
	new_test_ext().execute_with(|| {
		let registry =
			|who| <Consortium as ExchangeRegistry<u64>>::active_exchange_of_operator(&who);
		assert_eq!(registry(12), Some(2));
		// A validator account is not an operator, and strangers are nobody.
		assert_eq!(registry(22), None);
		assert_eq!(registry(99), None);
		assert!(<Consortium as ExchangeRegistry<u64>>::is_licensed_for(2, code("SG")));
		assert!(!<Consortium as ExchangeRegistry<u64>>::is_licensed_for(2, code("US")));
		assert!(!<Consortium as ExchangeRegistry<u64>>::is_licensed_for(42, code("US")));
	});
}

/// `exchange_of_operator` names an operator's exchange whatever its status (the attestation
/// pallet tells a suspended exchange's operator so by name), and nobody else's.
#[test]
fn registry_names_an_operators_exchange_whatever_its_status() {
	new_test_ext().execute_with(|| {
		let of = |who| <Consortium as ExchangeRegistry<u64>>::exchange_of_operator(&who);
		assert_eq!(of(12), Some(2));
		assert_eq!((of(22), of(99)), (None, None), "a validator account, a stranger");
		assert_ok!(Consortium::suspend(root(), 2));
		assert_eq!(of(12), Some(2));
		assert_eq!(<Consortium as ExchangeRegistry<u64>>::active_exchange_of_operator(&12), None);
		assert_ok!(Consortium::reinstate(root(), 2));
		assert_eq!(
			<Consortium as ExchangeRegistry<u64>>::active_exchange_of_operator(&12),
			Some(2)
		);
		assert_ok!(admit_japan());
		assert_ok!(Consortium::remove(root(), 4));
		assert_eq!(of(50), None, "a removed exchange's operator");
		// One account as operator and validator is its exchange's operator.
		assert_ok!(admit_solo());
		assert_eq!(of(70), Some(5));
	});
}

#[test]
fn the_validator_set_is_active_exchanges_with_keys() {
	new_test_ext().execute_with(|| {
		// Nobody has keys: keep the current set.
		assert_eq!(Consortium::new_session(1), None);
		for validator in [20, 21, 22] {
			register_keys(validator);
		}
		assert_eq!(Consortium::new_session(2), Some(vec![20, 21, 22]));
		assert_eq!(
			last_event(),
			Event::ValidatorSetPlanned { session: 2, validators: vec![20, 21, 22] }
		);

		register_keys(23);
		assert_ok!(admit_japan());
		register_keys(60);
		assert_eq!(Consortium::new_session(3), Some(vec![20, 21, 22, 23, 60]));

		assert_ok!(Consortium::suspend(root(), 4));
		assert_eq!(Consortium::new_session(4), Some(vec![20, 21, 22, 23]));
	});
}

/// `new_session` as the session pallet calls it at a session change, and what it queues.
fn session_change(index: u32) -> Option<Vec<u64>> {
	let planned = Consortium::new_session(index);
	crate::mock::session_change(planned.clone());
	planned
}

/// The four founders' validators register keys and the first session change queues them.
fn four_validators_queued() {
	for validator in [20, 21, 22, 23] {
		register_keys(validator);
	}
	assert_eq!(session_change(1), Some(vec![20, 21, 22, 23]));
}

#[test]
fn a_set_is_planned_only_when_it_differs_from_the_queued_one() {
	new_test_ext().execute_with(|| {
		four_validators_queued();
		System::reset_events();
		// The same validators: the session pallet keeps its set, and nothing is announced
		// (a `Some` would start a new GRANDPA set every session).
		for session in 2..6 {
			assert_eq!(session_change(session), None);
		}
		assert!(System::events().is_empty());

		assert_ok!(Consortium::suspend(root(), 3));
		assert_eq!(session_change(6), Some(vec![20, 21, 22]));
		assert_eq!(session_change(7), None);
		assert_ok!(Consortium::reinstate(root(), 3));
		assert_eq!(session_change(8), Some(vec![20, 21, 22, 23]));

		// Finality authorities left stale (a GRANDPA change that could not be scheduled):
		// the same set is planned again, so that the session pallet announces it again.
		set_authorities_stale(true);
		assert_eq!(session_change(9), Some(vec![20, 21, 22, 23]));
		set_authorities_stale(false);
		assert_eq!(session_change(10), None);
	});
}

#[test]
fn a_validator_dropped_by_the_session_pallet_is_planned_again_once_ready() {
	new_test_ext().execute_with(|| {
		four_validators_queued();
		assert_ok!(Consortium::suspend(root(), 3));
		assert_eq!(session_change(2), Some(vec![20, 21, 22]));
		// 21 purges its keys: two ready, below the minimum of three, so the pallet keeps the
		// set, and the session pallet drops 21 from it (no keys to load).
		unregister_keys(21);
		assert_eq!(session_change(3), None);
		assert_eq!(queued_validators(), vec![20, 22]);
		// 21 registers keys again: the ready set differs from the queued one, so it is
		// planned, and a session ends for it.
		register_keys(21);
		assert!(Consortium::session_change_pending());
		assert_eq!(session_change(4), Some(vec![20, 21, 22]));
		assert_eq!(queued_validators(), vec![20, 21, 22]);
		assert!(!Consortium::session_change_pending());
	});
}

/// A third of the validators stopped voting stalls finality for good: the set changes the
/// consortium makes take effect only once the stalled set finalizes them, and GRANDPA's own
/// recovery (`note_stalled`) is Root's, which the consortium does not have (helper-66). The
/// consortium, and only it, notes the stall, within bounds that cannot stop finality for good
/// (helper-67): a delay between the limits, a base before the latest session change (a set
/// change there the stalled set never finalized would stop every node importing), one stall
/// at a time and none while the finality gadget has a change pending.
#[test]
fn the_consortium_alone_notes_a_finality_stall_for_the_next_session_change() {
	use frame_support::traits::ConstU64;
	use pallet_session::{SessionManager, ShouldEndSession};
	type End = EndSessionOnChange<Test, ConstU64<10>, ConstU64<0>>;
	new_test_ext().execute_with(|| {
		for validator in [20, 21, 22, 23] {
			register_keys(validator);
		}
		let note = |origin: RuntimeOrigin, delay: u64, best_finalized: u64| {
			Consortium::note_finality_stalled(origin, delay, best_finalized)
		};
		// Finality stalled at block 5; at 30 the consortium suspended the silent exchange,
		// and the session change at 40 planned the set without it.
		assert_ok!(Consortium::suspend(root(), 3));
		System::set_block_number(40);
		assert!(End::should_end_session(40));
		assert!(Consortium::new_session(2).is_some());
		assert_eq!(LastSessionChangeAt::<Test>::get(), 40);
		System::set_block_number(45);

		// An exchange's operator (or its validator, a block author) is not the consortium.
		for who in [10, 20] {
			assert_noop!(note(RuntimeOrigin::signed(who), 1_000, 5), Error::<Test>::NotConsortium);
		}
		// A delay outside the bounds, a base at or after the latest session change.
		for delay in [99, 2_401, u64::MAX] {
			assert_noop!(note(root(), delay, 5), Error::<Test>::StallDelayOutOfRange);
		}
		for best_finalized in [40, 44, 45, 1_000] {
			assert_noop!(
				note(root(), 1_000, best_finalized),
				Error::<Test>::FinalizedBlockNotBeforeSessionChange
			);
		}
		// Nor while the finality gadget has a change pending.
		set_finality_change_pending(true);
		assert_noop!(note(root(), 1_000, 5), Error::<Test>::FinalityChangePending);
		set_finality_change_pending(false);
		assert_eq!(noted_stall(), None);

		assert_ok!(note(root(), 1_000, 5));
		assert_eq!(noted_stall(), Some((1_000, 5)));
		System::assert_last_event(
			Event::FinalityStallNoted { delay: 1_000, best_finalized: 5 }.into(),
		);
		assert_noop!(note(root(), 100, 6), Error::<Test>::StallAlreadyNoted);
		assert_eq!(noted_stall(), Some((1_000, 5)));
		assert!(End::should_end_session(50), "the next boundary applies it");
	});
}

#[test]
fn a_session_ends_at_a_boundary_only_to_change_something() {
	use frame_support::{dispatch::DispatchClass, traits::ConstU64, weights::Weight};
	use pallet_session::ShouldEndSession;
	type End = EndSessionOnChange<Test, ConstU64<10>, ConstU64<0>>;
	let charged = || *System::block_weight().get(DispatchClass::Mandatory);
	new_test_ext().execute_with(|| {
		for validator in [20, 21, 22, 23] {
			register_keys(validator);
		}
		// Between boundaries: no session ends, nothing is read or charged.
		assert!(!End::should_end_session(9));
		assert_eq!(charged(), Weight::zero());
		// A set not yet queued ends the session at the boundary; the check is charged.
		assert!(End::should_end_session(10));
		assert_eq!(charged(), <() as WeightInfo>::session_change_pending());
		assert_eq!(session_change(1), Some(vec![20, 21, 22, 23]));

		// Queued, and nothing pending in the session pallet: boundaries pass.
		assert!(!End::should_end_session(20));
		assert!(!End::should_end_session(30));
		// The session pallet's own work (keys to queue or activate, a finality stall).
		set_session_work_pending(true);
		assert!(!End::should_end_session(35));
		assert!(End::should_end_session(40));
		set_session_work_pending(false);
		// Stale finality authorities.
		set_authorities_stale(true);
		assert!(End::should_end_session(50));
		set_authorities_stale(false);
		assert!(!End::should_end_session(60));

		// A suspension: the set changes at the next boundary.
		assert_ok!(Consortium::suspend(root(), 3));
		assert!(End::should_end_session(70));
		assert_eq!(session_change(2), Some(vec![20, 21, 22]));
		assert!(!End::should_end_session(80));
		// Keys withdrawn below the minimum (three): this pallet plans nothing (the session
		// pallet reports its own work on the keys).
		unregister_keys(22);
		assert_eq!(Consortium::next_validator_set(), None);
		assert!(!End::should_end_session(90));
		// Back with keys, and reinstated: planned at the next boundary.
		register_keys(22);
		assert_ok!(Consortium::reinstate(root(), 3));
		assert!(End::should_end_session(100));
		assert_eq!(session_change(3), Some(vec![20, 21, 22, 23]));
	});
}

#[test]
fn too_few_ready_validators_keep_the_current_set() {
	new_test_ext().execute_with(|| {
		register_keys(20);
		register_keys(21);
		// Two ready, minimum three.
		assert_eq!(Consortium::new_session(1), None);
		assert_ok!(Consortium::set_min_active_exchanges(root(), 2));
		assert_eq!(Consortium::new_session(2), Some(vec![20, 21]));
	});
}

#[test]
fn the_minimum_is_set_by_the_consortium_within_reason() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::set_min_active_exchanges(root(), 4));
		assert_eq!(last_event(), Event::MinActiveExchangesSet { min: 4 });
		assert_noop!(Consortium::suspend(root(), 0), Error::<Test>::TooFewActiveExchanges);
		assert_noop!(Consortium::set_min_active_exchanges(root(), 0), Error::<Test>::MinimumTooLow);
		assert_noop!(
			Consortium::set_min_active_exchanges(root(), 5),
			Error::<Test>::TooFewActiveExchanges
		);
		assert_noop!(
			Consortium::set_min_active_exchanges(RuntimeOrigin::signed(10), 2),
			Error::<Test>::NotConsortium
		);
	});
}

#[test]
fn only_the_upgrade_authority_authorizes_new_code_always_with_the_version_check() {
	new_test_ext().execute_with(|| {
		let code_hash = sp_core::H256::repeat_byte(9);
		// An operator alone, a validator, a stranger: refused, nothing authorized.
		for who in [10, 20, 99] {
			assert_noop!(
				Consortium::authorize_upgrade(RuntimeOrigin::signed(who), code_hash),
				Error::<Test>::NotSupermajority
			);
		}
		assert!(frame_system::Pallet::<Test>::authorized_upgrade().is_none());

		assert_ok!(Consortium::authorize_upgrade(root(), code_hash));
		let authorization = frame_system::Pallet::<Test>::authorized_upgrade().unwrap();
		assert_eq!(authorization.code_hash(), &code_hash);
		frame_system::Pallet::<Test>::assert_last_event(
			frame_system::Event::<Test>::UpgradeAuthorized { code_hash, check_version: true }
				.into(),
		);
	});
}

#[test]
fn every_licence_change_is_told_to_the_observer_in_the_same_call() {
	new_test_ext().execute_with(|| {
		let licensed = |list: &[(ExchangeId, &[&str])]| {
			list.iter()
				.map(|(id, codes)| (*id, codes.iter().map(|c| code(c)).collect::<Vec<_>>()))
				.collect::<std::collections::BTreeMap<_, _>>()
		};
		// Genesis admits through the same path as `admit`.
		assert_eq!(
			observed_licences(),
			licensed(&[(0, &["US"]), (1, &["DE"]), (2, &["SG"]), (3, &["CH"])])
		);
		assert_ok!(admit_japan());
		assert_eq!(observed_licences().get(&4), Some(&vec![code("JP")]));
		assert_ok!(Consortium::set_jurisdictions(root(), 1, codes(&["DE", "FR"])));
		assert_eq!(observed_licences().get(&1), Some(&vec![code("DE"), code("FR")]));
		assert_ok!(Consortium::suspend(root(), 1));
		assert_eq!(observed_licences().get(&1), None);
		// A suspended exchange's new jurisdictions are kept for its return, not licensed.
		assert_ok!(Consortium::set_jurisdictions(root(), 1, codes(&["LU"])));
		assert_eq!(observed_licences().get(&1), None);
		assert_ok!(Consortium::reinstate(root(), 1));
		assert_eq!(observed_licences().get(&1), Some(&vec![code("LU")]));
		assert_ok!(Consortium::remove(root(), 4));
		assert_eq!(
			observed_licences(),
			licensed(&[(0, &["US"]), (1, &["LU"]), (2, &["SG"]), (3, &["CH"])])
		);
		assert_eq!(
			<Consortium as ExchangeRegistry<u64>>::active_licences(),
			licensed(&[(0, &["US"]), (1, &["LU"]), (2, &["SG"]), (3, &["CH"])])
				.into_iter()
				.collect::<Vec<_>>()
		);
	});
}

#[test]
fn an_exchange_whose_licence_cannot_be_recorded_is_not_admitted_nor_reinstated() {
	new_test_ext().execute_with(|| {
		limit_observed_licences(4);
		assert_noop!(admit_japan(), Error::<Test>::LicenceNotRecorded);
		assert_ok!(Consortium::suspend(root(), 3));
		assert_ok!(admit_japan());
		assert_noop!(Consortium::reinstate(root(), 3), Error::<Test>::LicenceNotRecorded);
		assert_eq!(Exchanges::<Test>::get(3).unwrap().status, ExchangeStatus::Suspended);
	});
}

#[test]
fn a_suspended_exchange_that_is_removed_stays_unlicensed() {
	new_test_ext().execute_with(|| {
		assert_ok!(admit_japan());
		assert_ok!(Consortium::suspend(root(), 4));
		assert_eq!(observed_licences().get(&4), None);
		assert_ok!(Consortium::remove(root(), 4));
		assert_eq!(observed_licences().get(&4), None);
		assert_eq!(
			observed_licences().keys().copied().collect::<Vec<_>>(),
			<Consortium as ExchangeRegistry<u64>>::active_licences()
				.into_iter()
				.map(|(id, _)| id)
				.collect::<Vec<_>>()
		);
	});
}

mod block_space;
mod connected_nodes;
mod motions;
