//! A subscriber owes a primary offering its settlement: until its subscriptions are settled
//! its account stays linked to its identity and the identity keeps its attestors, or it could
//! back out of a subscription it may no longer withdraw by making itself ineligible before its
//! issuance (refunded at settlement). `pallet-offerings` says who is committed; here the shared
//! test double does ([`stledger_primitives::testing::commit`]).

use super::*;
use stledger_primitives::testing::{commit, settle_commitments};

#[test]
fn a_subscriber_stays_linked_until_its_subscriptions_are_settled() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR, SECOND_ACCOUNT]);
		attest(US_EXCHANGE, identity, "US", InvestorClass::Retail, 10);
		commit(INVESTOR);

		assert_noop!(
			Registry::unlink(signed(INVESTOR), INVESTOR),
			Error::<Test>::SubscriptionsUnsettled
		);
		assert_eq!(IdentityOfAccount::<Test>::get(INVESTOR), Some(identity));
		assert!(profile(INVESTOR).is_ok());
		// Its other account owes nothing and leaves; a stranger still may not take the
		// committed account away (the first reason is the caller's).
		assert_ok!(Registry::unlink(signed(SECOND_ACCOUNT), SECOND_ACCOUNT));
		assert_noop!(
			Registry::unlink(signed(STRANGER), INVESTOR),
			Error::<Test>::NotAllowedToUnlink
		);

		settle_commitments(INVESTOR);
		assert_ok!(Registry::unlink(signed(INVESTOR), INVESTOR));
		assert_eq!(last_event(), Event::AccountUnlinked { identity, account: INVESTOR });
	});
}

#[test]
fn an_identity_with_a_subscriber_keeps_its_attestors_until_settled() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR, SECOND_ACCOUNT]);
		attest(US_EXCHANGE, identity, "US", InvestorClass::Retail, 10);
		// Before subscribing: a KYC provider invited and attesting (then revoking), and an
		// invitation to the EU exchange left standing.
		invite(INVESTOR, KYC_PROVIDER);
		attest(KYC_PROVIDER, identity, "SG", InvestorClass::Retail, 10);
		assert_ok!(Registry::revoke(signed(KYC_PROVIDER), identity, 3));
		invite(INVESTOR, EU_EXCHANGE);
		// The subscriber is the identity's second account; the first asks.
		commit(SECOND_ACCOUNT);
		let attestations = Attestations::<Test>::get(identity);

		// Dismissing the attestor its profile rests on, from either account: refused.
		for account in [INVESTOR, SECOND_ACCOUNT] {
			assert_noop!(
				Registry::dismiss_attestor(signed(account), US_EXCHANGE),
				Error::<Test>::SubscriptionsUnsettled
			);
		}
		// No new attestor: neither a new invitation nor the one left standing from before.
		assert_noop!(
			Registry::invite_attestor(signed(INVESTOR), KYC_PROVIDER),
			Error::<Test>::SubscriptionsUnsettled
		);
		assert_noop!(attest_in(EU_EXCHANGE, identity, "DE"), Error::<Test>::SubscriptionsUnsettled);
		assert_eq!(Attestations::<Test>::get(identity), attestations);
		assert_eq!(profile(SECOND_ACCOUNT).unwrap().jurisdiction, code("US"));

		// Nor an attestation that does not count now (revoked here; a suspended attestor's
		// would count again once reinstated, helper-84): dismissed, its attestor could not
		// restore it uninvited.
		assert_noop!(
			Registry::dismiss_attestor(signed(INVESTOR), KYC_PROVIDER),
			Error::<Test>::SubscriptionsUnsettled
		);
		// What changes nothing a settlement checks goes on: the attestor renews, the
		// identity withdraws the standing invitation.
		attest(US_EXCHANGE, identity, "US", InvestorClass::Retail, 20);
		assert_ok!(Registry::dismiss_attestor(signed(INVESTOR), EU_EXCHANGE));
		assert_eq!(InvitedAttestor::<Test>::get(identity), None);
		assert!(Registry::attestation(identity, &KYC_PROVIDER).is_some());

		// Another identity, owing nothing, dismisses its own attestor meanwhile.
		let other = onboard(US_EXCHANGE, &[STRANGER]);
		attest(US_EXCHANGE, other, "US", InvestorClass::Retail, 10);
		assert_ok!(Registry::dismiss_attestor(signed(STRANGER), US_EXCHANGE));

		settle_commitments(SECOND_ACCOUNT);
		invite(INVESTOR, EU_EXCHANGE);
		attest(EU_EXCHANGE, identity, "DE", InvestorClass::Retail, 10);
		assert_ok!(Registry::dismiss_attestor(signed(INVESTOR), US_EXCHANGE));
		assert!(Registry::attestation(identity, &US_EXCHANGE).is_none());
	});
}

/// Hostile review (helper-84, helper-85): an attestation that does not count for now (its
/// attestor suspended) would count again once the attestor is reinstated; dismissed while the
/// identity is listed, it could not come back uninvited, and the subscriber would be refunded.
/// Refused; the reinstated attestor's claim decides again. Renewing an attestation that does
/// not count (revoked) goes on, and an onboarding attestor with no attestation yet neither
/// attests for the first time nor stops being dismissable.
#[test]
fn a_listed_identity_keeps_what_may_count_again_and_renewals_go_on() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		invite(INVESTOR, KYC_PROVIDER);
		attest(KYC_PROVIDER, identity, "SG", InvestorClass::Professional, 30);
		commit(INVESTOR);

		assert_ok!(Registry::suspend_attestor(root(), KYC_PROVIDER));
		assert!(profile(INVESTOR).is_err(), "its only claim does not count while suspended");
		assert_noop!(
			Registry::dismiss_attestor(signed(INVESTOR), KYC_PROVIDER),
			Error::<Test>::SubscriptionsUnsettled
		);
		assert_ok!(Registry::reinstate_attestor(root(), KYC_PROVIDER));
		assert_eq!(profile(INVESTOR).unwrap().jurisdiction, code("SG"));

		// The onboarding attestor never attested: not for the first time now, but the
		// identity may still record its dismissal (nothing a settlement checks changes).
		assert_noop!(attest_in(US_EXCHANGE, identity, "US"), Error::<Test>::SubscriptionsUnsettled);
		assert_ok!(Registry::dismiss_attestor(signed(INVESTOR), US_EXCHANGE));
		assert!(OnboardingAttestorDismissed::<Test>::contains_key(identity));

		// A revoked attestation is renewed by its attestor.
		assert_ok!(Registry::revoke(signed(KYC_PROVIDER), identity, 3));
		assert!(profile(INVESTOR).is_err());
		attest(KYC_PROVIDER, identity, "SG", InvestorClass::Professional, 30);
		assert_eq!(profile(INVESTOR).unwrap().jurisdiction, code("SG"));
	});
}
