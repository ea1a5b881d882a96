//! The consortium's powers over the runtime (`crate::governance`): who may authorize an
//! upgrade, stop a call, a pallet or everything, and resume; what keeps working while stopped.

use super::*;
use frame_support::traits::{Contains, Hooks};
use sp_runtime::{traits::Dispatchable, DispatchError, DispatchResult};

/// The result the proposal itself had when a motion passed (`Council::Executed`).
pub(super) fn motion_result(
	call: RuntimeCall,
	threshold: u32,
	ayes: &[Sr25519Keyring],
) -> DispatchResult {
	System::reset_events();
	council_motion(call, threshold, ayes).expect("the motion closes");
	System::events()
		.into_iter()
		.find_map(|record| match record.event {
			RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => {
				Some(result)
			},
			_ => None,
		})
		.expect("the motion passed and executed its proposal")
}

fn passes_filter(call: &RuntimeCall) -> bool {
	crate::call_filter::CallFilter::contains(call)
}

fn authorize(code_hash: Hash) -> RuntimeCall {
	RuntimeCall::Exchanges(pallet_exchanges::Call::authorize_upgrade { code_hash })
}

pub(super) fn pause(pallet: &str, function: &str) -> RuntimeCall {
	RuntimeCall::TxPause(pallet_tx_pause::Call::pause {
		full_name: (
			pallet.as_bytes().to_vec().try_into().unwrap(),
			function.as_bytes().to_vec().try_into().unwrap(),
		),
	})
}

fn unpause(pallet: &str, function: &str) -> RuntimeCall {
	RuntimeCall::TxPause(pallet_tx_pause::Call::unpause {
		ident: (
			pallet.as_bytes().to_vec().try_into().unwrap(),
			function.as_bytes().to_vec().try_into().unwrap(),
		),
	})
}

fn a_transfer() -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: operator(Bob).into(),
		value: UNIT,
	})
}

fn a_bid() -> RuntimeCall {
	RuntimeCall::Orderbook(pallet_orderbook::Call::place_order {
		market: 0,
		venue: 0,
		side: pallet_orderbook::Side::Bid,
		price: 1,
		lots: 1,
		time_in_force: pallet_orderbook::TimeInForce::GoodTillCancelled,
		expires_at: None,
		client_id: 0,
		self_trade: None,
		max_fills: 1,
	})
}

fn a_cancel() -> RuntimeCall {
	RuntimeCall::Orderbook(pallet_orderbook::Call::cancel_order { order: 0 })
}

fn a_council_vote() -> RuntimeCall {
	RuntimeCall::Council(pallet_collective::Call::vote {
		proposal: Hash::default(),
		index: 0,
		approve: true,
	})
}

#[test]
fn three_of_four_exchanges_authorize_an_upgrade_by_its_code_hash() {
	local_ext().execute_with(|| {
		let code_hash = BlakeTwo256::hash(b"the next release");
		assert_ok!(motion_result(authorize(code_hash), 3, &[Alice, Bob, Charlie]));
		let authorized = System::authorized_upgrade().expect("authorized");
		assert_eq!(authorized.code_hash(), &code_hash);
		// Always with the version check: same spec name, higher spec version.
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::System(frame_system::Event::UpgradeAuthorized {
				code_hash,
				check_version: true
			})));
	});
}

#[test]
fn half_the_exchanges_or_one_alone_cannot_authorize_an_upgrade() {
	local_ext().execute_with(|| {
		let code_hash = BlakeTwo256::hash(b"a hostile runtime");
		assert_eq!(
			motion_result(authorize(code_hash), 2, &[Alice, Bob]),
			Err(pallet_exchanges::Error::<Runtime>::NotSupermajority.into())
		);
		assert_noop!(
			Exchanges::authorize_upgrade(RuntimeOrigin::signed(operator(Alice)), code_hash),
			pallet_exchanges::Error::<Runtime>::NotSupermajority
		);
		// Not through frame_system either: it wants Root, which no motion is.
		assert_eq!(
			motion_result(
				RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash }),
				4,
				&[Alice, Bob, Charlie, Dave]
			),
			Err(DispatchError::BadOrigin)
		);
		assert!(System::authorized_upgrade().is_none());
	});
}

#[test]
fn only_the_authorized_code_can_be_applied() {
	local_ext().execute_with(|| {
		let anyone = RuntimeOrigin::signed(operator(Eve));
		assert_noop!(
			System::apply_authorized_upgrade(anyone.clone(), b"code".to_vec()),
			frame_system::Error::<Runtime>::NothingAuthorized
		);
		let code_hash = BlakeTwo256::hash(b"the next release");
		assert_ok!(motion_result(authorize(code_hash), 3, &[Alice, Bob, Charlie]));
		assert_noop!(
			System::apply_authorized_upgrade(anyone, b"other code".to_vec()),
			frame_system::Error::<Runtime>::Unauthorized
		);
		assert_eq!(System::authorized_upgrade().map(|a| *a.code_hash()), Some(code_hash));
	});
}

#[test]
fn two_exchanges_stop_one_call_and_three_resume_it() {
	local_ext().execute_with(|| {
		assert!(passes_filter(&a_transfer()));
		assert_eq!(
			pallet_tx_pause::Pallet::<Runtime>::pause(
				RuntimeOrigin::signed(operator(Alice)),
				(
					b"Balances".to_vec().try_into().unwrap(),
					b"transfer_keep_alive".to_vec().try_into().unwrap()
				)
			),
			Err(DispatchError::BadOrigin),
			"one exchange alone"
		);
		assert_ok!(motion_result(pause("Balances", "transfer_keep_alive"), 2, &[Alice, Bob]));
		assert!(!passes_filter(&a_transfer()));
		assert_eq!(
			a_transfer().dispatch(RuntimeOrigin::signed(operator(Alice))).map_err(|e| e.error),
			Err(frame_system::Error::<Runtime>::CallFiltered.into())
		);
		// Other calls of the pallet go on.
		assert!(passes_filter(&RuntimeCall::Balances(
			pallet_balances::Call::transfer_allow_death { dest: operator(Bob).into(), value: UNIT }
		)));

		// Two cannot resume what two stopped; three can.
		assert_eq!(
			motion_result(unpause("Balances", "transfer_keep_alive"), 2, &[Alice, Bob]),
			Err(DispatchError::BadOrigin)
		);
		assert!(!passes_filter(&a_transfer()));
		assert_ok!(motion_result(
			unpause("Balances", "transfer_keep_alive"),
			3,
			&[Alice, Bob, Dave]
		));
		assert!(passes_filter(&a_transfer()));
	});
}

#[test]
fn a_whole_pallet_stops_but_its_investors_still_cancel() {
	local_ext().execute_with(|| {
		assert_ok!(motion_result(pause("Orderbook", "*"), 2, &[Charlie, Dave]));
		assert!(!passes_filter(&a_bid()));
		assert!(passes_filter(&a_cancel()), "an investor can always take their orders off");
		assert!(passes_filter(&RuntimeCall::Orderbook(pallet_orderbook::Call::cancel_all {
			market: 0
		})));
		assert!(passes_filter(&a_transfer()), "other pallets go on");
		assert_ok!(motion_result(unpause("Orderbook", "*"), 3, &[Alice, Charlie, Dave]));
		assert!(passes_filter(&a_bid()));
	});
}

#[test]
fn governance_cancels_and_the_controls_themselves_cannot_be_paused() {
	local_ext().execute_with(|| {
		for (pallet, function) in [
			("Council", "vote"),
			("Council", "*"),
			("TxPause", "unpause"),
			("SafeMode", "force_exit"),
			("System", "apply_authorized_upgrade"),
			("System", "authorize_upgrade"),
			("System", "set_code"),
			("System", "kill_storage"),
			("Timestamp", "set"),
			("Exchanges", "suspend"),
			("Exchanges", "disconnect_node"),
			("Orderbook", "cancel_order"),
			("Orderbook", "cancel_all"),
			("Attestation", "suspend_attestor"),
			("Attestation", "appoint_onboarding_attestor"),
			// The brakes and the owners' exits.
			("Attestation", "revoke"),
			("Attestation", "cancel_link"),
			("Securities", "pause"),
			("Securities", "freeze_account"),
			("Securities", "forced_transfer"),
			("Assets", "freeze"),
			("Offerings", "withdraw"),
			("Offerings", "claim_refund"),
			("Orderbook", "set_market_status"),
			("Orderbook", "set_market_administrator"),
			("Orderbook", "delist_market"),
			("Orderbook", "set_price_controls"),
			("Orderbook", "set_order_limits"),
			("Orderbook", "set_investor_limits"),
			("Orderbook", "claim_venue_fees"),
			("Orderbook", "pay_out_former_venue_fees"),
			("Offerings", "claim_proceeds"),
			// Names the runtime does not have: refused rather than stored to stop nothing.
			("Orderbook", "placeOrder"),
			("orderbook", "*"),
			("Nowhere", "*"),
		] {
			assert_eq!(
				motion_result(pause(pallet, function), 4, &[Alice, Bob, Charlie, Dave]),
				Err(pallet_tx_pause::Error::<Runtime>::Unpausable.into()),
				"{pallet}.{function}"
			);
		}
		assert_eq!(pallet_tx_pause::PausedCalls::<Runtime>::iter().count(), 0);
	});
}

fn a_remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![0; 1024] })
}

#[test]
fn half_the_council_stops_remarks_but_never_an_upgrade() {
	local_ext().execute_with(|| {
		let upgrade =
			RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { code: vec![] });
		let remark_with_event =
			RuntimeCall::System(frame_system::Call::remark_with_event { remark: vec![1] });
		assert!(passes_filter(&a_remark()));

		// Anyone's bytes in every node's block bodies: two of four stop them.
		assert_ok!(motion_result(pause("System", "remark"), 2, &[Alice, Bob]));
		assert!(!passes_filter(&a_remark()));
		assert!(passes_filter(&remark_with_event), "one name stops one call");

		// The whole pallet stops the remarks only: upgrades and Root's repairs go on.
		assert_ok!(motion_result(pause("System", "*"), 2, &[Charlie, Dave]));
		assert!(!passes_filter(&remark_with_event));
		assert!(passes_filter(&upgrade));
		assert!(passes_filter(&RuntimeCall::System(frame_system::Call::set_heap_pages {
			pages: 64
		})));
		assert!(passes_filter(&a_transfer()), "other pallets go on");

		assert_ok!(motion_result(unpause("System", "*"), 3, &[Alice, Bob, Charlie]));
		assert_ok!(motion_result(unpause("System", "remark"), 3, &[Alice, Bob, Charlie]));
		assert!(passes_filter(&a_remark()) && passes_filter(&remark_with_event));

		// Of every call `frame_system` has, exactly the two remarks can be paused.
		use frame_support::traits::GetCallMetadata;
		let pausable: Vec<_> = RuntimeCall::get_call_names("System")
			.iter()
			.filter(|call| {
				motion_result(pause("System", call), 2, &[Alice, Bob]).is_ok()
					&& motion_result(unpause("System", call), 3, &[Alice, Bob, Charlie]).is_ok()
			})
			.copied()
			.collect();
		assert_eq!(pausable, ["remark", "remark_with_event"]);
	});
}

#[test]
fn safe_mode_stops_everything_but_governance_and_cancels() {
	local_ext().execute_with(|| {
		let enter = RuntimeCall::SafeMode(pallet_safe_mode::Call::force_enter {});
		let exit = RuntimeCall::SafeMode(pallet_safe_mode::Call::force_exit {});
		// Nobody enters by deposit; one exchange alone cannot force it.
		assert_noop!(
			SafeMode::enter(RuntimeOrigin::signed(operator(Alice))),
			pallet_safe_mode::Error::<Runtime>::NotConfigured
		);
		assert_noop!(
			SafeMode::force_enter(RuntimeOrigin::signed(operator(Alice))),
			DispatchError::BadOrigin
		);

		assert_ok!(motion_result(enter, 2, &[Alice, Bob]));
		assert!(pallet_safe_mode::EnteredUntil::<Runtime>::get().is_some());
		for stopped in [a_transfer(), a_bid(), a_remark()] {
			assert!(!passes_filter(&stopped), "{stopped:?}");
		}
		let brakes = [
			RuntimeCall::Attestation(pallet_attestation::Call::revoke { identity: 0, reason: 1 }),
			RuntimeCall::Securities(pallet_securities::Call::freeze_account {
				security: 0,
				account: operator(Bob),
				reason: b"court order".to_vec().try_into().unwrap(),
			}),
			RuntimeCall::Offerings(pallet_offerings::Call::withdraw { offering: 0 }),
		];
		for running in [a_cancel(), a_council_vote(), admit_eve_call(), unpause("Orderbook", "*")]
			.into_iter()
			.chain(brakes)
		{
			assert!(passes_filter(&running), "{running:?}");
		}
		assert!(passes_filter(&RuntimeCall::System(
			frame_system::Call::apply_authorized_upgrade { code: vec![] }
		)));

		// Two cannot end it early; three can.
		assert_eq!(motion_result(exit.clone(), 2, &[Alice, Bob]), Err(DispatchError::BadOrigin));
		assert!(pallet_safe_mode::EnteredUntil::<Runtime>::get().is_some());
		assert_ok!(motion_result(exit, 3, &[Alice, Bob, Charlie]));
		assert!(pallet_safe_mode::EnteredUntil::<Runtime>::get().is_none());
		assert!(passes_filter(&a_transfer()));
	});
}

#[test]
fn safe_mode_ends_by_itself_after_four_hours() {
	local_ext().execute_with(|| {
		let enter = RuntimeCall::SafeMode(pallet_safe_mode::Call::force_enter {});
		assert_ok!(motion_result(enter, 2, &[Alice, Bob]));
		let until = pallet_safe_mode::EnteredUntil::<Runtime>::get().unwrap();
		assert_eq!(until, System::block_number() + crate::governance::SafeModeDuration::get());
		System::set_block_number(until + 1);
		SafeMode::on_initialize(until + 1);
		assert!(pallet_safe_mode::EnteredUntil::<Runtime>::get().is_none());
		assert!(passes_filter(&a_transfer()));
	});
}

#[test]
fn safe_mode_is_extended_four_hours_at_a_time_only_near_its_end() {
	local_ext().execute_with(|| {
		let enter = RuntimeCall::SafeMode(pallet_safe_mode::Call::force_enter {});
		let extend = || RuntimeCall::SafeMode(pallet_safe_mode::Call::force_extend {});
		assert_ok!(motion_result(enter, 2, &[Alice, Bob]));
		let until = pallet_safe_mode::EnteredUntil::<Runtime>::get().unwrap();
		// Right after entering, four hours remain: no extension yet.
		assert_eq!(motion_result(extend(), 2, &[Alice, Bob]), Err(DispatchError::BadOrigin));
		// A motion stacking extensions in a batch gets none of them.
		System::set_block_number(until - 10);
		let stacked = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![extend(), extend()],
		});
		assert!(motion_result(stacked, 2, &[Alice, Bob]).is_err());
		assert_eq!(pallet_safe_mode::EnteredUntil::<Runtime>::get(), Some(until));
		// Near the end, one extension of four hours.
		assert_ok!(motion_result(extend(), 2, &[Alice, Bob]));
		assert_eq!(
			pallet_safe_mode::EnteredUntil::<Runtime>::get(),
			Some(until + crate::governance::SafeModeDuration::get())
		);
	});
}

/// An exchange with its own operator, validator and node.
fn admit(name: &[u8], who: Sr25519Keyring, validator: Sr25519Keyring, node: u8) -> RuntimeCall {
	admit_accounts(name, operator(who), operator(validator), node)
}

/// [`admit`] of any accounts.
fn admit_accounts(name: &[u8], operator: AccountId, validator: AccountId, node: u8) -> RuntimeCall {
	RuntimeCall::Exchanges(pallet_exchanges::Call::admit {
		name: name.to_vec().try_into().unwrap(),
		jurisdictions: vec!["JP".parse().unwrap()].try_into().unwrap(),
		licence: sp_core::H256::repeat_byte(node),
		operator,
		validator,
		node: vec![node; 38].try_into().unwrap(),
	})
}

#[test]
fn a_supermajority_counts_every_admitted_exchange_so_suspending_dissenters_does_not_help() {
	local_ext().execute_with(|| {
		use sp_keyring::Sr25519Keyring::{One, Two};
		assert_ok!(motion_result(admit(b"JP One", Eve, Ferdie, 5), 3, &[Alice, Bob, Charlie]));
		assert_ok!(motion_result(admit(b"JP Two", One, Two, 6), 4, &[Alice, Bob, Charlie, Dave]));
		assert_eq!(pallet_exchanges::Exchanges::<Runtime>::count(), 6);
		let code_hash = BlakeTwo256::hash(b"new rules");
		let four = [Alice, Bob, Charlie, Dave];

		// Two thirds of six (four) is ordinary business, not an upgrade: three quarters is five.
		assert_eq!(
			motion_result(authorize(code_hash), 4, &four),
			Err(pallet_exchanges::Error::<Runtime>::NotSupermajority.into())
		);

		// The four suspend the two who would vote no (two thirds may), then try again as four
		// of the four seats left: still four of six admitted.
		let suspend =
			|exchange| RuntimeCall::Exchanges(pallet_exchanges::Call::suspend { exchange });
		assert_ok!(motion_result(suspend(4), 4, &four));
		assert_ok!(motion_result(suspend(5), 4, &four));
		assert_eq!(
			pallet_collective::Members::<Runtime, configs::CouncilCollective>::get().len(),
			4
		);
		assert_eq!(
			motion_result(authorize(code_hash), 4, &four),
			Err(pallet_exchanges::Error::<Runtime>::NotSupermajority.into())
		);
		// Nor can they remove them to shrink the count: removal needs the supermajority too.
		let remove = RuntimeCall::Exchanges(pallet_exchanges::Call::remove { exchange: 5 });
		assert_eq!(
			motion_result(remove, 4, &four),
			Err(pallet_exchanges::Error::<Runtime>::NotSupermajority.into())
		);
		assert!(System::authorized_upgrade().is_none());
		assert_eq!(pallet_exchanges::Exchanges::<Runtime>::count(), 6);

		// Five of six do authorize.
		assert_ok!(motion_result(
			RuntimeCall::Exchanges(pallet_exchanges::Call::reinstate { exchange: 4 }),
			4,
			&four
		));
		assert_ok!(motion_result(authorize(code_hash), 5, &[Alice, Bob, Charlie, Dave, Eve]));
		assert!(System::authorized_upgrade().is_some());
	});
}

/// Review of 2026-12-05: admission took two thirds, so four of six exchanges could admit two
/// exchanges of their own in one motion (a batch) and then hold six of eight admitted
/// votes, the three quarters an upgrade needs. Admission needs the supermajority itself.
#[test]
fn two_thirds_cannot_admit_their_way_to_three_quarters() {
	local_ext().execute_with(|| {
		use sp_keyring::Sr25519Keyring::{One, Two};
		assert_ok!(motion_result(admit(b"JP One", Eve, Ferdie, 5), 3, &[Alice, Bob, Charlie]));
		assert_ok!(motion_result(admit(b"JP Two", One, Two, 6), 4, &[Alice, Bob, Charlie, Dave]));
		let four = [Alice, Bob, Charlie, Dave];
		let puppet = |node: u8| {
			let account = AccountId::from([node; 32]);
			admit_accounts(b"Puppet", account.clone(), account, node)
		};
		let puppets = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![puppet(7), puppet(8)],
		});
		for call in [puppet(7), puppets] {
			assert_eq!(
				motion_result(call, 4, &four),
				Err(pallet_exchanges::Error::<Runtime>::NotSupermajority.into())
			);
		}
		assert_eq!(pallet_exchanges::Exchanges::<Runtime>::count(), 6);
		assert_eq!(
			pallet_collective::Members::<Runtime, configs::CouncilCollective>::get().len(),
			6
		);
		// Five of six (three quarters and more) still admit.
		assert_ok!(motion_result(puppet(7), 5, &[Alice, Bob, Charlie, Dave, Eve]));
		assert_eq!(pallet_exchanges::Exchanges::<Runtime>::count(), 7);
	});
}

#[test]
fn every_call_name_fits_a_pause() {
	use frame_support::traits::{Get, GetCallMetadata};
	let max: u32 = <Runtime as pallet_tx_pause::Config>::MaxNameLen::get();
	let max = max as usize;
	for pallet in RuntimeCall::get_module_names() {
		assert!(pallet.len() <= max, "{pallet}");
		for call in RuntimeCall::get_call_names(pallet) {
			assert!(call.len() <= max, "{pallet}.{call}");
		}
	}
}

/// pallet-tx-pause's benchmarks pause a made-up name (every byte 1, the longest length); only
/// a benchmarking build lets them. This build refuses it, and any shorter made-up name.
#[test]
#[cfg(not(feature = "runtime-benchmarks"))]
fn the_benchmarks_made_up_name_cannot_be_paused() {
	use frame_support::traits::Get;
	let max: u32 = <Runtime as pallet_tx_pause::Config>::MaxNameLen::get();
	let max = max as usize;
	for len in [1, max] {
		let name: pallet_tx_pause::RuntimeCallNameOf<Runtime> =
			(vec![1; len].try_into().unwrap(), vec![1; len].try_into().unwrap());
		assert!(crate::governance::NeverPaused::contains(&name), "length {len}");
	}
}
