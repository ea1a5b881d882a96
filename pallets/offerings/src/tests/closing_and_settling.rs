//! Closing an offering and settling it: who may close and when, the re-check of every
//! subscriber before the soft cap is decided, batches, minting and refunds.

use super::*;

#[test]
fn close_waits_for_the_end_and_happens_once() {
	new_test_ext().execute_with(|| {
		let id = open(terms());
		assert_ok!(subscribe(ALICE, id, 200 * TOKEN));
		assert_noop!(Offerings::close(RuntimeOrigin::signed(BOB), id), Error::<Test>::StillOpen);
		assert_noop!(
			Offerings::settle(RuntimeOrigin::signed(BOB), id, 10),
			Error::<Test>::NotClosed
		);
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(BOB), id));
		assert_noop!(
			Offerings::close(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::AlreadyClosed
		);
	});
}

/// Whether Alice may sell a token to Bob peer to peer now, and if not, why.
fn sale_by_alice() -> Result<(), Vec<Reason>> {
	let kind = stledger_primitives::TransferKind::PeerToPeer;
	Securities::can_transfer(SECURITY, Some(&ALICE), &BOB, TOKEN, kind)
}

#[test]
fn success_mints_locked_tokens_in_batches_and_pays_the_issuer() {
	new_test_ext().execute_with(|| {
		let id = open(terms());
		for (who, amount) in [(ALICE, 10), (BOB, 20), (DAVE, 30), (ERIN, 40)] {
			assert_ok!(subscribe(who, id, amount * TOKEN));
		}
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		assert_noop!(
			Offerings::settle(RuntimeOrigin::signed(CAROL), id, 0),
			Error::<Test>::ZeroBatch
		);
		// The batch is capped at MaxSettlementBatch (3): three subscribers issued held.
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 100));
		assert_eq!(crate::Offerings::<Test>::get(id).unwrap().settled, 3);
		assert_eq!(Offerings::offering_state(id).unwrap().phase, Phase::Verifying);
		assert_eq!(tokens(ALICE), 10 * TOKEN, "issued before the soft cap is decided");
		assert_eq!(held_for(id, ALICE), 10 * TOKEN, "held: nothing moves them yet");
		// Her holding is all held, and her subscription unsettled: a sale of any of it would
		// leave no holding that a failing raise could not burn (release 132).
		assert_eq!(
			sale_by_alice(),
			Err(vec![Reason::TokensLocked, Reason::SenderCommittedToSubscription])
		);
		// The last one issued held, the soft cap met: the same call releases three.
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 100));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Offerings(Event::SubscriptionsVerified {
				offering: id,
				succeeded: true,
				sold: 100 * TOKEN,
				raised: 1_000 * DOLLAR,
			})));
		assert_eq!(crate::Offerings::<Test>::get(id).unwrap().settled, 3);
		assert_eq!(
			Offerings::offering_state(id).unwrap().phase,
			Phase::Settling { succeeded: true }
		);
		assert_eq!((tokens(DAVE), held_for(id, DAVE)), (30 * TOKEN, 0));
		assert_eq!((tokens(ERIN), held_for(id, ERIN)), (40 * TOKEN, 40 * TOKEN));
		assert_eq!(Offerings::subscription_of(id, &ERIN).unwrap().outcome, None);
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 100));
		assert_eq!(last_event(), RuntimeEvent::Offerings(Event::OfferingSettled { offering: id }));
		assert_noop!(
			Offerings::settle(RuntimeOrigin::signed(CAROL), id, 100),
			Error::<Test>::AlreadySettled
		);
		assert_eq!((tokens(ERIN), held_for(id, ERIN)), (40 * TOKEN, 0));
		assert!(!crate::SettlingWithHolds::<Test>::contains_key(id), "its marker gone");
		assert_eq!(cash(TREASURY), CASH + 1_000 * DOLLAR);
		assert_eq!(cash(Offerings::escrow(id)), 0);
		assert_eq!(Offerings::subscription_of(id, &ALICE).unwrap().outcome, Some(Outcome::Minted));
		// The lock-up holds: a sale before its date fails with the lock-up reason.
		assert_eq!(sale_by_alice(), Err(vec![Reason::TokensLocked]));
		set_time(START + 366 * DAY);
		assert_ok!(Securities::transfer(RuntimeOrigin::signed(ALICE), SECURITY, BOB, TOKEN));
	});
}

#[test]
fn a_failed_offering_refunds_every_subscriber_to_the_unit() {
	new_test_ext().execute_with(|| {
		let id = open(Terms { price: 3 * DOLLAR + 7, min_per_investor: 1, ..terms() });
		assert_ok!(subscribe(ALICE, id, 33 * TOKEN + 3));
		assert_ok!(subscribe(CAROL, id, 1_234_567));
		assert_ok!(subscribe(BOB, id, 5 * TOKEN));
		assert_ok!(subscribe(DAVE, id, 7 * TOKEN + 1));
		assert!(cash(ALICE) < CASH);
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		assert_eq!(crate::Offerings::<Test>::get(id).unwrap().status, OfferingStatus::Failed);
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 3));
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 3));
		for who in [ALICE, CAROL, BOB, DAVE] {
			assert_eq!(cash(who), CASH);
			assert_eq!(tokens(who), 0);
			assert_eq!(
				Offerings::subscription_of(id, &who).unwrap().outcome,
				Some(Outcome::Refunded)
			);
		}
		assert_eq!(cash(Offerings::escrow(id)), 0);
		assert_eq!(Assets::total_issuance(SECURITY), 0);
	});
}

#[test]
fn a_subscriber_no_longer_eligible_is_refunded_not_minted() {
	new_test_ext().execute_with(|| {
		let id = open(terms());
		assert_ok!(subscribe(ALICE, id, 100 * TOKEN));
		assert_ok!(subscribe(BOB, id, 100 * TOKEN));
		make_ineligible(BOB, Ineligibility::Revoked);
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 10));
		assert_eq!(tokens(BOB), 0);
		assert_eq!(cash(BOB), CASH);
		assert_eq!(tokens(ALICE), 100 * TOKEN);
		assert_eq!(cash(TREASURY), CASH + 1_000 * DOLLAR);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Offerings(Event::IneligibleSubscriberRefunded {
				offering: id,
				who: BOB,
				refunded: 1_000 * DOLLAR,
				reasons: vec![Reason::ReceiverNotEligible(Ineligibility::Revoked)],
			})));
		assert_eq!(
			Offerings::subscription_of(id, &BOB).unwrap().outcome,
			Some(Outcome::RefundedIneligible)
		);
	});
}

#[test]
fn a_subscriber_whose_cash_account_is_blocked_does_not_hold_up_the_others() {
	new_test_ext().execute_with(|| {
		let id = open(terms());
		assert_ok!(subscribe(ALICE, id, 10 * TOKEN));
		assert_ok!(subscribe(BOB, id, 10 * TOKEN));
		assert_ok!(subscribe(DAVE, id, 10 * TOKEN));
		// The cash issuer (account 500) blocks Bob's USDX account.
		assert_ok!(Assets::block(RuntimeOrigin::signed(500), USDX, BOB));
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 3));
		assert_eq!(cash(ALICE), CASH);
		assert_eq!(cash(DAVE), CASH);
		assert_eq!(
			Offerings::subscription_of(id, &BOB).unwrap().outcome,
			Some(Outcome::RefundPending)
		);
		assert_eq!(cash(Offerings::escrow(id)), 100 * DOLLAR);
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Offerings(Event::RefundDeferred { who: BOB, .. })
		)));
		assert_noop!(
			Offerings::claim_refund(RuntimeOrigin::signed(BOB), id, ALICE),
			Error::<Test>::NoRefundPending
		);
		assert!(Offerings::claim_refund(RuntimeOrigin::signed(BOB), id, BOB).is_err());
		assert_ok!(Assets::thaw(RuntimeOrigin::signed(500), USDX, BOB));
		assert_ok!(Offerings::claim_refund(RuntimeOrigin::signed(CAROL), id, BOB));
		assert_eq!(cash(BOB), CASH);
		assert_eq!(cash(Offerings::escrow(id)), 0);
		assert_eq!(Offerings::subscription_of(id, &BOB).unwrap().outcome, Some(Outcome::Refunded));
	});
}

#[test]
fn nothing_sold_fails_and_settles_at_close() {
	new_test_ext().execute_with(|| {
		let id = open(Terms { soft_cap: 0, ..terms() });
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		assert_eq!(
			Offerings::offering_state(id).unwrap().phase,
			Phase::Settled { succeeded: false }
		);
		assert_noop!(
			Offerings::settle(RuntimeOrigin::signed(CAROL), id, 1),
			Error::<Test>::AlreadySettled
		);
	});
}

#[test]
fn a_preset_security_sells_only_to_its_investors() {
	new_test_ext().execute_with(|| {
		set_rules(pallet_securities::presets::rules::<Test>(RegimePreset::RegD506c, START));
		let id = open(terms());
		assert_eq!(subscribe(BOB, id, TOKEN), Err(refused(SecError::JurisdictionNotAllowed)));
		assert_eq!(subscribe(CAROL, id, TOKEN), Err(refused(SecError::ClassNotAllowed)));
		assert_ok!(subscribe(ALICE, id, TOKEN));
	});
}

/// Hostile review (helper-75, 2026-12-07): anyone could close an offering once its hard cap
/// was sold, so a subscriber taking the rest could end it at once (and leave it, refunded as
/// an account that left its identity), cutting everyone's withdrawal window. Before the end,
/// only the issuer or an agent closes, and not before `withdraw_until`.
#[test]
fn only_the_issuer_or_an_agent_closes_early_and_never_before_withdrawals_end() {
	new_test_ext().execute_with(|| {
		let id = open(Terms { hard_cap: 100 * TOKEN, soft_cap: 10 * TOKEN, ..terms() });
		assert_ok!(subscribe(ALICE, id, 40 * TOKEN));
		assert_noop!(Offerings::close(RuntimeOrigin::signed(ISSUER), id), Error::<Test>::StillOpen);
		// Dave takes the rest of the hard cap.
		assert_ok!(subscribe(DAVE, id, 60 * TOKEN));
		assert_eq!(Offerings::offering_state(id).unwrap().phase, Phase::Open, "withdrawals open");
		for who in [DAVE, ALICE, STRANGER] {
			assert_noop!(
				Offerings::close(RuntimeOrigin::signed(who), id),
				Error::<Test>::NotAdministrator
			);
		}
		assert_noop!(
			Offerings::close(RuntimeOrigin::signed(ISSUER), id),
			Error::<Test>::WithdrawalsOpen
		);
		// Alice keeps her right to withdraw, and her place is open to others again.
		assert_ok!(Offerings::withdraw(RuntimeOrigin::signed(ALICE), id));
		assert_ok!(subscribe(BOB, id, 40 * TOKEN));

		set_time(START + 11 * DAY);
		assert_eq!(Offerings::offering_state(id).unwrap().phase, Phase::AwaitingClose);
		assert_noop!(
			Offerings::close(RuntimeOrigin::signed(DAVE), id),
			Error::<Test>::NotAdministrator
		);
		assert_ok!(Securities::add_agent(RuntimeOrigin::signed(ISSUER), SECURITY, AGENT));
		assert_ok!(Offerings::close(RuntimeOrigin::signed(AGENT), id));
		assert_eq!(crate::Offerings::<Test>::get(id).unwrap().status, OfferingStatus::Verifying);
	});
}

/// Hostile review (helper-75): the soft cap was judged on what was subscribed at close, so a
/// subscription refunded at settlement (an affiliate the issuer froze, or whose account left
/// its identity) made a raise succeed that never reached its minimum. Every subscriber is
/// re-checked first; the eligible ones must meet the soft cap, or everyone is refunded.
#[test]
fn subscriptions_refunded_at_settlement_do_not_make_the_soft_cap() {
	new_test_ext().execute_with(|| {
		// Soft cap 100: Alice's 60 and the affiliates' 30 and 20 reach it at close.
		let id = open(terms());
		assert_ok!(subscribe(ALICE, id, 60 * TOKEN));
		assert_ok!(subscribe(BOB, id, 30 * TOKEN));
		assert_ok!(subscribe(DAVE, id, 20 * TOKEN));
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		assert!(matches!(
			last_event(),
			RuntimeEvent::Offerings(Event::OfferingClosed { succeeded: true, .. })
		));
		// The issuer freezes one affiliate; the other's account leaves its identity.
		assert_ok!(Securities::freeze_account(
			RuntimeOrigin::signed(ISSUER),
			SECURITY,
			BOB,
			Default::default()
		));
		stledger_primitives::testing::link(ERIN, DAVE);
		// Three subscribers fit one call: settled at once, never in smaller batches.
		assert_noop!(
			Offerings::settle(RuntimeOrigin::signed(CAROL), id, 2),
			Error::<Test>::BatchTooSmall
		);
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 3));

		let offering = crate::Offerings::<Test>::get(id).unwrap();
		assert_eq!(offering.status, OfferingStatus::Failed);
		assert_eq!(
			Offerings::offering_state(id).unwrap().phase,
			Phase::Settled { succeeded: false }
		);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Offerings(Event::SubscriptionsVerified {
				offering: id,
				succeeded: false,
				sold: 60 * TOKEN,
				raised: 600 * DOLLAR,
			})));
		assert_eq!(Assets::total_issuance(SECURITY), 0, "nothing minted");
		assert_eq!(cash(TREASURY), CASH, "the issuer received nothing");
		for who in [ALICE, BOB, DAVE] {
			assert_eq!(cash(who), CASH, "refunded in full");
		}
		assert_eq!(cash(Offerings::escrow(id)), 0);
		// Alice's issuance was undone; the other two were re-checked alone and their refunds
		// say why.
		let outcome = |who| Offerings::subscription_of(id, &who).unwrap().outcome;
		assert_eq!(outcome(ALICE), Some(Outcome::Refunded));
		assert_eq!(outcome(BOB), Some(Outcome::RefundedIneligible));
		assert_eq!(outcome(DAVE), Some(Outcome::RefundedIneligible));
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Offerings(Event::SubscriberLeftIdentity { who: DAVE, .. })
		)));
	});
}

/// Hostile review (helper-76/78): re-checked one by one, subscribers each pass a holder cap
/// that they overrun together (a 506(b)-style limit, or one the issuer lowers just before
/// settlement), and the raise was decided on all of them, then issued to fewer. Settled at
/// once, the cap counts each holder issued before the next: the raise is decided on what was
/// issued.
#[test]
fn holder_caps_that_subscribers_overrun_together_fail_the_soft_cap() {
	new_test_ext().execute_with(|| {
		let id = open(terms());
		let carried = create(terms());
		for who in [ALICE, BOB, DAVE] {
			assert_ok!(subscribe(who, id, 40 * TOKEN));
			assert_ok!(subscribe(who, carried, 50 * TOKEN));
		}
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), carried));
		// Each alone would still be issued: the security has no holder yet.
		set_rules(Rules { max_holders: Some(2), ..Rules::default() });
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 3));

		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Offerings(Event::SubscriptionsVerified {
				offering: id,
				succeeded: false,
				sold: 80 * TOKEN,
				raised: 800 * DOLLAR,
			})));
		assert_eq!(crate::Offerings::<Test>::get(id).unwrap().status, OfferingStatus::Failed);
		assert_eq!(Assets::total_issuance(SECURITY), 0, "the two issuances were undone");
		// Refused only because of the two before it: alone it passes, so a failed raise's
		// refund.
		let outcome = |who| Offerings::subscription_of(id, &who).unwrap().outcome;
		assert_eq!(outcome(DAVE), Some(Outcome::Refunded));
		assert_eq!(cash(TREASURY), CASH, "the issuer received nothing");
		for who in [ALICE, BOB, DAVE] {
			assert_eq!(cash(who), CASH - 500 * DOLLAR, "refunded in full (the other escrowed)");
		}
		assert_eq!(cash(Offerings::escrow(id)), 0);

		// Carried by what was issued, the raise stands.
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), carried, 10));
		let offering = crate::Offerings::<Test>::get(carried).unwrap();
		assert_eq!(offering.status, OfferingStatus::Succeeded);
		assert_eq!((offering.sold, offering.raised), (100 * TOKEN, 1_000 * DOLLAR));
		assert_eq!(Assets::total_issuance(SECURITY), 100 * TOKEN);
		assert_eq!(cash(DAVE), CASH, "the third, refused at the cap, refunded");
		assert_eq!(cash(Offerings::escrow(carried)), 0);
		assert_eq!(cash(TREASURY), CASH + 1_000 * DOLLAR);
	});
}

/// A subscriber refunded while re-checking is refunded once, and the raise succeeds when the
/// others still meet the soft cap; the paused security still stops the re-check.
#[test]
fn a_raise_the_eligible_subscribers_still_carry_succeeds() {
	new_test_ext().execute_with(|| {
		let id = open(terms());
		assert_ok!(subscribe(ALICE, id, 100 * TOKEN));
		assert_ok!(subscribe(BOB, id, 50 * TOKEN));
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		assert_ok!(Securities::freeze_account(
			RuntimeOrigin::signed(ISSUER),
			SECURITY,
			BOB,
			Default::default()
		));
		assert_ok!(Securities::pause(RuntimeOrigin::signed(ISSUER), SECURITY, Default::default()));
		assert_noop!(
			Offerings::settle(RuntimeOrigin::signed(CAROL), id, 2),
			refused(SecError::SecurityPaused)
		);
		assert_ok!(Securities::unpause(
			RuntimeOrigin::signed(ISSUER),
			SECURITY,
			Default::default()
		));
		// Both in one call, never one at a time.
		assert_noop!(
			Offerings::settle(RuntimeOrigin::signed(CAROL), id, 1),
			Error::<Test>::BatchTooSmall
		);
		assert_eq!(Offerings::offering_state(id).unwrap().phase, Phase::Verifying);
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 2));
		assert_eq!(
			Offerings::offering_state(id).unwrap().phase,
			Phase::Settled { succeeded: true }
		);
		assert_eq!(tokens(ALICE), 100 * TOKEN);
		assert_eq!(tokens(BOB), 0);
		assert_eq!(cash(BOB), CASH, "refunded once");
		assert_eq!(cash(TREASURY), CASH + 1_000 * DOLLAR);
		assert_eq!(cash(Offerings::escrow(id)), 0);
		let refunds = System::events()
			.iter()
			.filter(|r| {
				matches!(
					r.event,
					RuntimeEvent::Offerings(Event::IneligibleSubscriberRefunded { who: BOB, .. })
				)
			})
			.count();
		assert_eq!(refunds, 1);
	});
}

/// A cancelled offering is never settled; `settle` says it was cancelled.
#[test]
fn a_cancelled_offering_is_not_settled() {
	new_test_ext().execute_with(|| {
		let id = create(terms());
		assert_ok!(Offerings::cancel_offering(RuntimeOrigin::signed(ISSUER), id));
		assert_noop!(
			Offerings::settle(RuntimeOrigin::signed(CAROL), id, 3),
			Error::<Test>::OfferingCancelled
		);
	});
}

/// An offering created before release 126 with a lock-up more than ten years after its
/// window issues tokens locked for ten years after it, as a security's stored lock-up reads.
#[test]
fn a_stored_overlong_offering_lockup_is_read_as_ten_years() {
	new_test_ext().execute_with(|| {
		let id = open(terms());
		crate::Offerings::<Test>::mutate(id, |o| {
			o.as_mut().unwrap().terms.lockup_until = Some(u64::MAX);
		});
		assert_ok!(subscribe(ALICE, id, 100 * TOKEN));
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 3));
		let lots = pallet_securities::Pallet::<Test>::position(SECURITY, &ALICE).lots;
		assert_eq!(lots.len(), 1);
		assert_eq!(lots[0].unlock_at, START + 31 * DAY + stledger_primitives::MAX_ISSUANCE_LOCKUP);
	});
}

/// Hostile review (helper-79): dispatched about 250 storage layers deep (nested
/// `as_derivative`s in a batch), every layer settlement opens failed, each issuance read as
/// refused, and a raise settled at once failed, everyone refunded. Settlement refuses to run
/// so near FRAME's limit, nothing changed; with room, the raise stands.
#[test]
fn settlement_refuses_to_run_at_the_storage_layer_limit() {
	use stledger_primitives::testing::in_nested_layers as nested;
	new_test_ext().execute_with(|| {
		let id = open(terms());
		assert_ok!(subscribe(ALICE, id, 100 * TOKEN));
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		let settle = || {
			Offerings::settle(RuntimeOrigin::signed(CAROL), id, 3).map(|_| ()).map_err(|e| e.error)
		};
		let events = System::event_count();
		assert_eq!(
			nested(250, &settle),
			Err(DispatchError::Transactional(sp_runtime::TransactionalError::LimitReached))
		);
		assert_eq!(crate::Offerings::<Test>::get(id).unwrap().status, OfferingStatus::Verifying);
		assert_eq!(System::event_count(), events, "nothing done");
		assert_eq!(cash(ALICE), CASH - 1_000 * DOLLAR);

		assert_ok!(nested(200, &settle));
		assert_eq!(crate::Offerings::<Test>::get(id).unwrap().status, OfferingStatus::Succeeded);
		assert_eq!(tokens(ALICE), 100 * TOKEN);
	});
}
