//! Hostile review (helper-81, helper-83): a subscriber backed out of a subscription it could no
//! longer withdraw by making itself ineligible before its issuance (leaving its identity,
//! dismissing its attestor, bringing in a new one, letting its attestation lapse), refunded
//! at settlement. Since release 129 the offering says who is committed
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

/// Hostile review (helper-83, helper-84): an investor whose attestation lapsed before
/// settlement was refunded, a free option to back out by not renewing its KYC; a claim
/// expiring at the end has always lapsed by settlement. The claim its profile rests on must
/// count until a week after the end.
#[test]
fn an_attestation_lapsing_before_settlement_is_refused_at_subscription() {
	new_test_ext().execute_with(|| {
		let id = open(terms());
		let settlement = terms().end + crate::SETTLEMENT_MARGIN;
		for expiry in [terms().end, settlement] {
			stledger_primitives::testing::set_expiry(ALICE, expiry);
			assert_noop!(
				subscribe(ALICE, id, 60 * TOKEN),
				Error::<Test>::AttestationExpiresBeforeEnd
			);
		}
		stledger_primitives::testing::set_expiry(ALICE, settlement + 1);
		assert_ok!(subscribe(ALICE, id, 60 * TOKEN));
	});
}

/// Release 129's migration lists the unsettled subscriptions of before it, and nothing else;
/// run again at version 2 it does nothing.
#[test]
fn the_migration_lists_the_unsettled_subscriptions_of_before() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		// An offering settled (Alice issued), one still running (Bob, Dave).
		let settled = open(terms());
		assert_ok!(subscribe(ALICE, settled, 60 * TOKEN));
		let running = create(Terms { end: START + 41 * DAY, ..terms() });
		assert_ok!(subscribe(BOB, running, 50 * TOKEN));
		assert_ok!(subscribe(DAVE, running, 5 * TOKEN));
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), settled));
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), settled, 1));
		// As release 128 left them: no listing, storage version 1.
		let _ = UnsettledSubscriptions::<Test>::clear(u32::MAX, None);
		StorageVersion::new(1).put::<Offerings>();

		let migrate = || {
			#[cfg(feature = "try-runtime")]
			crate::migrations::v2::MigrateV1ToV2::<Test>::try_on_runtime_upgrade(true).unwrap();
			#[cfg(not(feature = "try-runtime"))]
			crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		};
		migrate();
		assert_eq!(Offerings::on_chain_storage_version(), StorageVersion::new(2));
		let listed: Vec<_> = UnsettledSubscriptions::<Test>::iter_keys().collect();
		assert_eq!(listed.len(), 2);
		assert!(listed.contains(&(BOB, running)) && listed.contains(&(DAVE, running)));
		assert!(!committed(ALICE) && committed(BOB) && committed(DAVE));

		// Again at version 2: nothing happens (Bob's listing, removed by hand, stays gone).
		UnsettledSubscriptions::<Test>::remove(BOB, running);
		migrate();
		assert!(!committed(BOB));
	});
}
