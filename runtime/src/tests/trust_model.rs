//! Issue 13's attacks that go through the assembled runtime: the council's thresholds and
//! `pallet-assets`' own calls.

use super::*;
use frame_support::{dispatch::GetDispatchInfo, traits::Contains};
use sp_runtime::{traits::Dispatchable, MultiAddress};

const USDX: AssetId = crate::genesis_config_presets::USDX;

/// A demo investor's account (`//us-accredited`, …).
fn demo(uri: &str) -> AccountId {
	use sp_core::Pair;
	sp_core::sr25519::Pair::from_string(uri, None).unwrap().public().into()
}

/// A security created by the US accredited demo investor; returns its id and the issuer.
fn a_security() -> (AssetId, AccountId) {
	pallet_timestamp::Now::<Runtime>::put(1_800_000_000_000);
	let issuer = demo("//us-accredited");
	assert_ok!(Securities::create_security(
		RuntimeOrigin::signed(issuer.clone()),
		b"Acme".to_vec().try_into().unwrap(),
		b"ACME".to_vec().try_into().unwrap(),
		None,
		0,
		None,
	));
	let id = pallet_securities::NextSecurityId::<Runtime>::get().unwrap() - 1;
	assert_ok!(Securities::mint(
		RuntimeOrigin::signed(issuer.clone()),
		id,
		issuer.clone(),
		2_000,
		None
	));
	(id, issuer)
}

fn filtered(call: &RuntimeCall) -> bool {
	!crate::call_filter::CallFilter::contains(call)
}

/// Defect 4: `assets.touch(security)`, receive tokens, `assets.refund(security, true)` burnt
/// them outside the compliance check; the filter listed what it refused, so every call it did
/// not list passed.
#[test]
fn no_pallet_assets_call_touches_a_security() {
	local_ext().execute_with(|| {
		let (security, issuer) = a_security();
		let holder = MultiAddress::Id(issuer.clone());
		let id = codec::Compact(security);
		use pallet_assets::Call as A;
		let calls: Vec<pallet_assets::Call<Runtime>> = vec![
			A::touch { id },
			A::refund { id, allow_burn: true },
			A::transfer { id, target: holder.clone(), amount: 1 },
			A::transfer_keep_alive { id, target: holder.clone(), amount: 1 },
			A::transfer_all { id, dest: holder.clone(), keep_alive: false },
			A::approve_transfer { id, delegate: holder.clone(), amount: 1 },
			A::cancel_approval { id, delegate: holder.clone() },
			A::transfer_approved {
				id,
				owner: holder.clone(),
				destination: holder.clone(),
				amount: 1,
			},
			A::burn { id, who: holder.clone(), amount: 1 },
			A::freeze { id, who: holder.clone() },
			A::block { id, who: holder.clone() },
			A::touch_other { id, who: holder.clone() },
			A::refund_other { id, who: holder.clone() },
			A::set_min_balance { id, min_balance: 1 },
			A::start_destroy { id },
			A::set_metadata { id, name: vec![], symbol: vec![], decimals: 0 },
		];
		for call in calls {
			let call = RuntimeCall::Assets(call);
			assert!(filtered(&call), "{call:?} passed the filter");
			let outcome = call.clone().dispatch(RuntimeOrigin::signed(issuer.clone()));
			assert_eq!(
				outcome.map_err(|e| e.error),
				Err(frame_system::Error::<Runtime>::CallFiltered.into())
			);
		}
		// Nested in a batch, the same.
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![RuntimeCall::Assets(A::touch { id })],
		});
		assert!(batch.dispatch(RuntimeOrigin::signed(issuer.clone())).is_err());
		assert_eq!(pallet_assets::Pallet::<Runtime>::total_supply(security), 2_000);
	});
}

/// Only the benchmark node's runtime lets `assets.create` and the `force_*` calls run (for the
/// benchmarks' set-up, `runtime-benchmarks`): in every other build no origin has them, Root
/// (which the call filter does not stop) included.
#[test]
#[cfg(not(feature = "runtime-benchmarks"))]
fn no_origin_creates_or_forces_assets_outside_the_benchmarks() {
	local_ext().execute_with(|| {
		let (security, issuer) = a_security();
		let holder = MultiAddress::Id(issuer.clone());
		use pallet_assets::Call as A;
		let calls: Vec<pallet_assets::Call<Runtime>> = vec![
			A::create { id: codec::Compact(7), admin: holder.clone(), min_balance: 1 },
			A::force_create {
				id: codec::Compact(7),
				owner: holder.clone(),
				is_sufficient: true,
				min_balance: 1,
			},
			A::force_transfer {
				id: codec::Compact(security),
				source: holder.clone(),
				dest: MultiAddress::Id(demo("//us-retail")),
				amount: 1,
			},
			A::force_set_metadata {
				id: codec::Compact(USDX),
				name: vec![],
				symbol: vec![],
				decimals: 0,
				is_frozen: false,
			},
		];
		for call in calls {
			let call = RuntimeCall::Assets(call);
			let by_root = call.clone().dispatch(RuntimeOrigin::root()).map_err(|e| e.error);
			assert_eq!(by_root, Err(sp_runtime::DispatchError::BadOrigin), "{call:?}");
			let by_issuer =
				call.clone().dispatch(RuntimeOrigin::signed(issuer.clone())).map_err(|e| e.error);
			assert_eq!(by_issuer, Err(frame_system::Error::<Runtime>::CallFiltered.into()));
		}
		assert!(pallet_assets::Asset::<Runtime>::get(7).is_none());
		assert_eq!(pallet_assets::Pallet::<Runtime>::balance(security, &issuer), 2_000);
	});
}

/// Defect 12: a cash issuer could freeze or block the accounts the chain holds for others
/// (escrows, fee accounts); it still runs its cash for everyone else.
#[test]
fn a_cash_issuer_cannot_freeze_or_seize_the_chains_own_accounts() {
	local_ext().execute_with(|| {
		let ferdie = RuntimeOrigin::signed(Ferdie.to_account_id());
		let id = codec::Compact(USDX);
		let escrow = pallet_offerings::Pallet::<Runtime>::escrow(7);
		let book_fees = pallet_orderbook::Pallet::<Runtime>::fee_account();
		let cash_fees = crate::cash_fees::cash_fee_account();
		let ledger = pallet_securities::Pallet::<Runtime>::account_id();
		use pallet_assets::Call as A;
		for account in [escrow, book_fees, cash_fees, ledger] {
			assert!(crate::call_filter::is_chain_account_id(&account));
			let who = MultiAddress::Id(account);
			for call in [
				A::freeze { id, who: who.clone() },
				A::block { id, who: who.clone() },
				A::burn { id, who: who.clone(), amount: 1 },
				A::refund_other { id, who: who.clone() },
			] {
				let call = RuntimeCall::Assets(call);
				assert_eq!(
					call.dispatch(ferdie.clone()).map_err(|e| e.error),
					Err(frame_system::Error::<Runtime>::CallFiltered.into())
				);
			}
		}
		// An investor's account, and cash transfers, are the cash issuer's business.
		let investor = MultiAddress::Id(demo("//us-retail"));
		for call in [
			A::freeze { id, who: investor.clone() },
			A::transfer { id, target: investor.clone(), amount: 1 },
		] {
			assert!(!filtered(&RuntimeCall::Assets(call)));
		}
		assert!(!crate::call_filter::is_chain_account_id(&demo("//us-retail")));
		// Nobody creates or destroys assets, cash included.
		assert!(filtered(&RuntimeCall::Assets(A::start_destroy { id })));
		assert!(filtered(&RuntimeCall::Assets(A::set_min_balance { id, min_balance: 1 })));
	});
}

/// Defect 5: with `MoreThanMajorityThenPrimeDefaultVote`, a motion closed after its duration
/// with more than half ayes counted abstentions as ayes: 3 of 5 exchanges passed a
/// two-thirds motion.
#[test]
fn abstentions_never_count_as_ayes() {
	local_ext().execute_with(|| {
		// Five exchanges.
		assert_ok!(council_motion(admit_eve_call(), 3, &[Alice, Bob, Charlie]));
		assert_eq!(
			pallet_collective::Members::<Runtime, configs::CouncilCollective>::get().len(),
			5
		);
		// Three of them move to suspend the fourth; the other two do not vote.
		let suspend = RuntimeCall::Exchanges(pallet_exchanges::Call::suspend { exchange: 3 });
		let length = suspend.encoded_size() as u32;
		let hash = BlakeTwo256::hash_of(&suspend);
		assert_ok!(Council::propose(
			RuntimeOrigin::signed(operator(Alice)),
			4,
			Box::new(suspend.clone()),
			length
		));
		let index =
			pallet_collective::ProposalCount::<Runtime, configs::CouncilCollective>::get() - 1;
		for voter in [Alice, Bob, Charlie] {
			assert_ok!(Council::vote(RuntimeOrigin::signed(operator(voter)), hash, index, true));
		}
		System::set_block_number(System::block_number() + configs::MotionDuration::get() + 1);
		assert_ok!(Council::close(
			RuntimeOrigin::signed(operator(Alice)),
			hash,
			index,
			suspend.get_dispatch_info().call_weight,
			length,
		));
		let disapproved = System::events().iter().any(|r| {
			matches!(r.event, RuntimeEvent::Council(pallet_collective::Event::Disapproved { .. }))
		});
		assert!(disapproved, "three ayes of five are not four");
		assert!(
			pallet_exchanges::Exchanges::<Runtime>::get(3).unwrap().status
				== pallet_exchanges::ExchangeStatus::Active
		);
	});
}

/// Found by the runtime fuzzer: a cash supply near `u128::MAX` makes `pallet-assets` drop the
/// credit of a later transfer (cash destroyed in a trade). The cash issuer mints up to half
/// the balance range, never past it.
#[test]
fn the_cash_issuer_mints_only_where_every_transfer_can_be_credited() {
	local_ext().execute_with(|| {
		let ferdie = RuntimeOrigin::signed(Ferdie.to_account_id());
		let id = codec::Compact(USDX);
		let beneficiary = MultiAddress::Id(demo("//us-retail"));
		let supply = pallet_assets::Asset::<Runtime>::get(USDX).unwrap().supply;
		let room = pallet_securities::supply_cap::<Balance>() - supply;
		let too_much = RuntimeCall::Assets(pallet_assets::Call::mint {
			id,
			beneficiary: beneficiary.clone(),
			amount: room + 1,
		});
		assert_eq!(
			too_much.dispatch(ferdie.clone()).map_err(|e| e.error),
			Err(frame_system::Error::<Runtime>::CallFiltered.into())
		);
		let up_to_the_cap =
			RuntimeCall::Assets(pallet_assets::Call::mint { id, beneficiary, amount: room });
		assert_ok!(up_to_the_cap.dispatch(ferdie));
		assert_eq!(
			pallet_assets::Asset::<Runtime>::get(USDX).unwrap().supply,
			pallet_securities::supply_cap::<Balance>()
		);
	});
}

/// Hostile review (helper-79): near FRAME's limit of 255 storage layers every layer a pallet
/// opens fails, and the pallets took their own failures for the other side's (a raise
/// settled at once failed; an auction's uncrossing cancelled each pair's bid). Decoding lets a call nest about 250 deep; the filter stops nesting past
/// `MAX_CALL_NESTING`, a batch inside, a motion and all, refused by name with nothing done.
#[test]
fn calls_nested_past_the_bound_are_refused() {
	use crate::call_filter::MAX_CALL_NESTING;
	use pallet_utility::Call as U;
	local_ext().execute_with(|| {
		let remark =
			RuntimeCall::System(frame_system::Call::remark_with_event { remark: b"deep".to_vec() });
		// `remark` carried by `levels - 1` others.
		let nested = |levels: u32| {
			(1..levels).fold(remark.clone(), |call, index| {
				if index % 2 == 0 {
					RuntimeCall::Utility(U::batch { calls: vec![call] })
				} else {
					RuntimeCall::Utility(U::as_derivative { index: 0, call: Box::new(call) })
				}
			})
		};
		System::set_block_number(1);
		let remarked = || {
			System::events().iter().any(|r| {
				matches!(r.event, RuntimeEvent::System(frame_system::Event::Remarked { .. }))
			})
		};
		let deepest = nested(MAX_CALL_NESTING);
		assert!(crate::call_filter::CallFilter::contains(&deepest));
		let who = RuntimeOrigin::signed(operator(Alice));
		assert_ok!(deepest.dispatch(who.clone()));
		assert!(remarked(), "the remark {MAX_CALL_NESTING} deep was made");
		System::reset_events();

		for levels in [MAX_CALL_NESTING + 1, 250] {
			let call = nested(levels);
			assert!(!crate::call_filter::CallFilter::contains(&call), "{levels} levels passed");
			let events = System::event_count();
			assert_eq!(
				call.dispatch(who.clone()).map_err(|e| e.error),
				Err(frame_system::Error::<Runtime>::CallFiltered.into())
			);
			assert_eq!(System::event_count(), events, "nothing done");
			assert!(!remarked());
		}
		// Deep inside a batch, or proposed to the council: the same.
		let inside = RuntimeCall::Utility(U::force_batch {
			calls: vec![remark.clone(), nested(MAX_CALL_NESTING)],
		});
		assert!(!crate::call_filter::CallFilter::contains(&inside));
		let motion = RuntimeCall::Council(pallet_collective::Call::propose {
			threshold: 3,
			proposal: Box::new(nested(MAX_CALL_NESTING)),
			length_bound: 1_000,
		});
		assert!(!crate::call_filter::CallFilter::contains(&motion));
	});
}

/// Hostile review (helper-81): a subscriber backed out of a subscription it could no longer
/// withdraw by leaving its identity (or dismissing the attestor its profile rests on) before
/// its issuance, and settlement refunded it as ineligible. In the assembled runtime the
/// attestation pallet asks the offerings pallet: both are refused by name until the
/// subscription is settled, then allowed.
#[test]
fn a_subscriber_keeps_its_identity_and_attestor_until_settled() {
	local_ext().execute_with(|| {
		let (security, issuer) = a_security();
		let now = pallet_timestamp::Now::<Runtime>::get();
		let day = 24 * 60 * 60 * 1000;
		let terms = pallet_offerings::Terms {
			price: 1_000_000,
			hard_cap: 1_000,
			soft_cap: 10,
			start: now + day,
			end: now + 10 * day,
			withdraw_until: now + 2 * day,
			min_per_investor: 1,
			max_per_investor: None,
			regime: None,
			jurisdictions: Default::default(),
			excluded_jurisdictions: Default::default(),
			classes: Default::default(),
			class_limits: Default::default(),
			lockup_until: None,
		};
		let id = pallet_offerings::NextOfferingId::<Runtime>::get();
		assert_ok!(Offerings::create_offering(
			RuntimeOrigin::signed(issuer.clone()),
			security,
			USDX,
			terms,
			issuer.clone()
		));
		pallet_timestamp::Now::<Runtime>::put(now + day);
		let subscriber = demo("//us-retail");
		assert_ok!(Offerings::subscribe(RuntimeOrigin::signed(subscriber.clone()), id, 100));
		// The withdrawal deadline passed: the subscription binds.
		pallet_timestamp::Now::<Runtime>::put(now + 3 * day);
		let profile =
			<Attestation as stledger_primitives::InvestorRegistry<_>>::profile(&subscriber);
		let attestor = profile.unwrap().attestors().next().cloned();
		let attestor = attestor.expect("a demo investor has its exchange's attestation");
		assert_noop!(
			Attestation::unlink(RuntimeOrigin::signed(subscriber.clone()), subscriber.clone()),
			pallet_attestation::Error::<Runtime>::SubscriptionsUnsettled
		);
		assert_noop!(
			Attestation::dismiss_attestor(RuntimeOrigin::signed(subscriber.clone()), attestor),
			pallet_attestation::Error::<Runtime>::SubscriptionsUnsettled
		);

		pallet_timestamp::Now::<Runtime>::put(now + 11 * day);
		let anyone = demo("//de-retail");
		assert_ok!(Offerings::close(RuntimeOrigin::signed(anyone.clone()), id));
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(anyone), id, 1));
		assert_eq!(
			<Assets as frame_support::traits::fungibles::Inspect<_>>::balance(
				security,
				&subscriber
			),
			100,
			"issued, not refunded"
		);
		assert_ok!(Attestation::unlink(RuntimeOrigin::signed(subscriber.clone()), subscriber));
	});
}
