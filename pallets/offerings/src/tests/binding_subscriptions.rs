//! Hostile review (helper-81): a subscriber backed out of a subscription it could no longer
//! withdraw by leaving its identity (or dismissing its attestor) before its issuance, refunded
//! at settlement as ineligible. Since release 129 the offering says who is committed
//! ([`UnsettledSubscriptions`], asked through [`SubscriptionCommitments`]) and
//! `pallet-attestation` refuses both until the subscription is settled (its own tests and the
//! runtime's show the refusal; here, that the commitment lasts exactly as long as the
//! subscription is unsettled, whichever way it ends).

use super::*;

fn committed(who: AccountId) -> bool {
	<Offerings as SubscriptionCommitments<AccountId>>::has_unsettled_subscriptions(&who)
}

#[test]
fn a_subscriber_is_committed_from_subscription_until_delivery_or_withdrawal() {
	new_test_ext().execute_with(|| {
		let id = open(terms());
		assert!(!committed(ALICE));
		assert_ok!(subscribe(ALICE, id, 60 * TOKEN));
		assert_ok!(subscribe(BOB, id, 50 * TOKEN));
		assert!(committed(ALICE) && committed(BOB));
		// A top-up keeps the one commitment; a withdrawal ends it.
		assert_ok!(subscribe(ALICE, id, 10 * TOKEN));
		assert_ok!(Offerings::withdraw(RuntimeOrigin::signed(ALICE), id));
		assert!(!committed(ALICE) && committed(BOB));
		assert_ok!(subscribe(ALICE, id, 60 * TOKEN));

		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		assert!(committed(ALICE) && committed(BOB), "closed, not settled");
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 2));
		for who in [ALICE, BOB] {
			assert_eq!(
				Offerings::subscription_of(id, &who).unwrap().outcome,
				Some(Outcome::Minted)
			);
			assert!(!committed(who));
		}
		assert_eq!(UnsettledSubscriptions::<Test>::iter_keys().count(), 0);
	});
}

#[test]
fn a_commitment_ends_with_a_refund_and_lasts_through_the_holds() {
	new_test_ext().execute_with(|| {
		// Short of the soft cap: refunded.
		let short = open(Terms { soft_cap: 500 * TOKEN, ..terms() });
		assert_ok!(subscribe(ALICE, short, 60 * TOKEN));
		// Settled with holds (more subscribers than a batch, three in the mock): committed
		// while held, released after.
		let held = create(terms());
		for (who, amount) in [(DAVE, 5), (BOB, 50), (ERIN, 5), (ALICE, 60)] {
			assert_ok!(subscribe(who, held, amount * TOKEN));
		}
		set_time(START + 31 * DAY);
		for id in [short, held] {
			assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		}
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), short, 1));
		assert_eq!(
			Offerings::subscription_of(short, &ALICE).unwrap().outcome,
			Some(Outcome::Refunded)
		);
		assert!(committed(ALICE), "still owes the offering with holds");

		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), held, 3));
		assert!(crate::SettlingWithHolds::<Test>::contains_key(held));
		assert_eq!(held_for(held, DAVE), 5 * TOKEN);
		assert!([DAVE, BOB, ERIN, ALICE].into_iter().all(committed), "issued held, not settled");
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), held, 3));
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), held, 3));
		assert_eq!(
			last_event(),
			RuntimeEvent::Offerings(Event::OfferingSettled { offering: held })
		);
		assert!(![DAVE, BOB, ERIN, ALICE].into_iter().any(committed));
	});
}
