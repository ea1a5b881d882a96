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

fn committed_to(who: AccountId) -> bool {
	let identity =
		<MockInvestors as stledger_primitives::InvestorRegistry<AccountId>>::identity_of(&who)
			.expect("an investor");
	<Offerings as SubscriptionCommitments<AccountId>>::has_unsettled_subscription_to(
		SECURITY, identity,
	)
}

/// Hostile review (helper-83, helper-84): an existing holder subscribed where a new holder
/// could not (the holder cap full), then sold its whole holding before its issuance: a new
/// holder then, it was refunded, backing out of a subscription it could no longer withdraw.
/// Since release 131 its identity keeps part of its holding until the subscription settles;
/// nobody else is held.
#[test]
fn an_existing_holder_that_subscribed_cannot_sell_out_before_its_issuance() {
	new_test_ext().execute_with(|| {
		set_rules(Rules { max_holders: Some(2), ..Default::default() });
		for who in [ALICE, BOB] {
			mint(who, 10 * TOKEN);
		}
		// No lock-up, so that she may sell what she is issued.
		let id = open(Terms { lockup_until: None, ..terms() });
		assert_noop!(subscribe(CAROL, id, 60 * TOKEN), refused(SecError::HolderLimitReached));
		assert_ok!(subscribe(ALICE, id, 100 * TOKEN));
		assert!(committed_to(ALICE) && committed_to(ALICE_2) && !committed_to(BOB));

		// Past the withdrawal deadline: selling out to Bob or to Carol (who would replace
		// her as a holder) is refused, nothing changed; Bob, not committed, may sell out.
		set_time(START + 12 * DAY);
		for buyer in [BOB, CAROL] {
			assert_noop!(
				Securities::transfer(RuntimeOrigin::signed(ALICE), SECURITY, buyer, 10 * TOKEN),
				SecError::<Test>::SenderCommittedToSubscription
			);
		}
		assert_ok!(Securities::transfer(RuntimeOrigin::signed(ALICE), SECURITY, BOB, 9 * TOKEN));
		// Within her identity her tokens still move.
		assert_ok!(Securities::transfer(RuntimeOrigin::signed(ALICE), SECURITY, ALICE_2, TOKEN));
		assert_eq!((tokens(ALICE_2), tokens(BOB)), (TOKEN, 19 * TOKEN));

		// Still a holder, her subscription is issued under the full cap, not refunded; then
		// she may sell out.
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 1));
		assert_eq!(Offerings::subscription_of(id, &ALICE).unwrap().outcome, Some(Outcome::Minted));
		assert_eq!(Securities::holder_counts(SECURITY).total, 2);
		assert!(!committed_to(ALICE));
		assert_ok!(Securities::transfer(RuntimeOrigin::signed(ALICE), SECURITY, BOB, 100 * TOKEN));
		assert_ok!(Securities::transfer(RuntimeOrigin::signed(ALICE_2), SECURITY, BOB, TOKEN));
	});
}

/// Hostile review (helper-84): the same way out through an account of the subscriber's
/// identity that holds the security but did not subscribe (so it may leave the identity):
/// relinked to an accomplice's identity, its tokens would leave with it at its next receipt.
/// Neither that receipt nor the account's own sale of all it holds may end the subscriber's
/// holding before its issuance.
#[test]
fn an_account_relinked_away_cannot_take_a_subscribers_holding() {
	new_test_ext().execute_with(|| {
		set_rules(Rules { max_holders: Some(2), ..Default::default() });
		for who in [ALICE_2, BOB] {
			mint(who, 10 * TOKEN);
		}
		let id = open(terms());
		assert_ok!(subscribe(ALICE, id, 100 * TOKEN));
		// Alice's second account now belongs to Bob's identity; its tokens still count as
		// Alice's until it next receives.
		stledger_primitives::testing::link(BOB, ALICE_2);
		assert_noop!(
			Securities::transfer(RuntimeOrigin::signed(BOB), SECURITY, ALICE_2, TOKEN),
			SecError::<Test>::HoldingCommittedToSubscription
		);
		assert_noop!(
			Securities::transfer(RuntimeOrigin::signed(ALICE_2), SECURITY, BOB, 10 * TOKEN),
			SecError::<Test>::SenderCommittedToSubscription
		);
		assert_eq!(
			pallet_securities::IdentityHoldings::<Test>::get(SECURITY, 10).map(|h| h.amount),
			Some(10 * TOKEN)
		);

		// A withdrawal ends the commitment as a settlement does.
		assert_ok!(Offerings::withdraw(RuntimeOrigin::signed(ALICE), id));
		assert!(!committed_to(ALICE));
		assert_ok!(Securities::transfer(RuntimeOrigin::signed(BOB), SECURITY, ALICE_2, TOKEN));
		assert_eq!(pallet_securities::IdentityHoldings::<Test>::get(SECURITY, 10), None);
	});
}

/// The count by security and identity follows the subscriptions: a second offering of the
/// security adds to it (a top-up does not), a withdrawal and each settlement take from it.
#[test]
fn an_identity_is_committed_to_a_security_while_any_subscription_to_it_is_unsettled() {
	new_test_ext().execute_with(|| {
		let first = open(terms());
		let second = create(Terms { end: START + 41 * DAY, ..terms() });
		assert_ok!(subscribe(ALICE, first, 60 * TOKEN));
		assert_ok!(subscribe(ALICE, first, 10 * TOKEN));
		assert_ok!(subscribe(ALICE_2, second, 5 * TOKEN));
		assert_ok!(subscribe(BOB, first, 50 * TOKEN));
		let count = |who| crate::UnsettledSubscribers::<Test>::get(SECURITY, who);
		assert_eq!((count(10), count(20)), (Some(2), Some(1)));
		assert_ok!(Offerings::withdraw(RuntimeOrigin::signed(BOB), first));
		assert_eq!(count(20), None);

		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), first));
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), first, 1));
		assert_eq!(
			Offerings::subscription_of(first, &ALICE).unwrap().outcome,
			Some(Outcome::Refunded)
		);
		assert_eq!(count(10), Some(1));
		assert!(committed_to(ALICE));
		set_time(START + 41 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), second));
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), second, 1));
		assert_eq!(crate::UnsettledSubscribers::<Test>::iter().count(), 0);
	});
}

/// Release 131's migration counts the unsettled subscriptions of before it by security and
/// identity, and nothing else; run again at version 3 it does nothing.
#[test]
fn the_migration_counts_the_unsettled_subscribers_of_before() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		let settled = open(terms());
		assert_ok!(subscribe(ALICE, settled, 60 * TOKEN));
		let running = create(Terms { end: START + 41 * DAY, ..terms() });
		assert_ok!(subscribe(ALICE_2, running, 50 * TOKEN));
		assert_ok!(subscribe(DAVE, running, 5 * TOKEN));
		let other = create(Terms { end: START + 41 * DAY, ..terms() });
		assert_ok!(subscribe(DAVE, other, 5 * TOKEN));
		// And an offering of another security, counted apart.
		assert_ok!(Securities::create_security(
			RuntimeOrigin::signed(ISSUER),
			b"Acme Common".to_vec().try_into().unwrap(),
			b"ACMC".to_vec().try_into().unwrap(),
			None,
			6,
			None,
		));
		let another = NextOfferingId::<Test>::get();
		assert_ok!(Offerings::create_offering(
			RuntimeOrigin::signed(ISSUER),
			SECURITY + 1,
			USDX,
			Terms { end: START + 41 * DAY, ..terms() },
			TREASURY
		));
		assert_ok!(subscribe(DAVE, another, 5 * TOKEN));
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), settled));
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), settled, 1));
		let counts = || crate::UnsettledSubscribers::<Test>::iter().collect::<Vec<_>>();
		let before = counts();
		assert_eq!(before.len(), 3);
		// As release 130 left them: no count, storage version 2.
		let _ = crate::UnsettledSubscribers::<Test>::clear(u32::MAX, None);
		StorageVersion::new(2).put::<Offerings>();

		let migrate = || {
			#[cfg(feature = "try-runtime")]
			crate::migrations::v3::MigrateV2ToV3::<Test>::try_on_runtime_upgrade(true).unwrap();
			#[cfg(not(feature = "try-runtime"))]
			crate::migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		};
		migrate();
		assert_eq!(Offerings::on_chain_storage_version(), StorageVersion::new(3));
		let mut after = counts();
		after.sort();
		let mut expected = vec![(SECURITY, 10, 1), (SECURITY, 40, 2), (SECURITY + 1, 40, 1)];
		expected.sort();
		assert_eq!(after, expected);

		// Again at version 3: nothing happens.
		crate::UnsettledSubscribers::<Test>::remove(SECURITY, 40);
		migrate();
		assert_eq!(crate::UnsettledSubscribers::<Test>::get(SECURITY, 40), None);
	});
}

/// Hostile review (helper-88): an account relinked to an accomplice's identity while holding
/// all of a subscriber's tokens subscribed for the accomplice; the subscriber subscribed
/// after it. At the accomplice's issuance its tokens would have left the subscriber's
/// identity, which release 131 refuses: the accomplice was refunded, backing out. Such an
/// account first counts its tokens under its own identity.
#[test]
fn an_account_holding_for_an_identity_it_left_subscribes_only_once_it_counts_them_as_its_own() {
	new_test_ext().execute_with(|| {
		mint(ALICE_2, 10 * TOKEN);
		// Alice's second account now belongs to Bob's identity: its tokens are Alice's still.
		stledger_primitives::testing::link(BOB, ALICE_2);
		let id = open(terms());
		assert_noop!(
			subscribe(ALICE_2, id, 60 * TOKEN),
			Error::<Test>::HoldingCountedUnderAnotherIdentity
		);
		// A transfer to itself counts them under Bob's identity; then it subscribes, and
		// Alice's later subscription cannot refuse its issuance.
		assert_ok!(Securities::transfer(RuntimeOrigin::signed(ALICE_2), SECURITY, ALICE_2, TOKEN));
		assert_eq!(
			pallet_securities::Pallet::<Test>::holder_identity(SECURITY, &ALICE_2),
			Some(20)
		);
		assert_ok!(subscribe(ALICE_2, id, 60 * TOKEN));
		assert_ok!(subscribe(ALICE, id, 60 * TOKEN));
		set_time(START + 31 * DAY);
		assert_ok!(Offerings::close(RuntimeOrigin::signed(CAROL), id));
		assert_ok!(Offerings::settle(RuntimeOrigin::signed(CAROL), id, 2));
		for who in [ALICE_2, ALICE] {
			assert_eq!(
				Offerings::subscription_of(id, &who).unwrap().outcome,
				Some(Outcome::Minted)
			);
		}
	});
}
