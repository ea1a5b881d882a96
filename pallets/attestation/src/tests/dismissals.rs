//! An identity dismisses the attestor that onboarded it: having onboarded the identity no
//! longer lets it attest; it needs an invitation like any other attestor (hostile review of
//! 2026-12-05: the crate doc promised this and the code let the onboarding attestor back).

use super::*;

/// `attestor` attests `identity` as resident in the US: the call's outcome.
fn attest_as(attestor: u64, identity: IdentityId) -> sp_runtime::DispatchResult {
	attest_in(attestor, identity, "US")
}

#[test]
fn a_dismissed_onboarding_attestor_attests_again_only_if_invited() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		assert_ok!(attest_as(US_EXCHANGE, identity));
		assert_ok!(Registry::dismiss_attestor(signed(INVESTOR), US_EXCHANGE));
		assert!(OnboardingAttestorDismissed::<Test>::contains_key(identity));
		assert_eq!(Attestations::<Test>::get(identity).len(), 0);
		assert_noop!(attest_as(US_EXCHANGE, identity), Error::<Test>::AttestorNotInvited);
		// The identity chooses it again: invited, it attests, and then attests as before.
		invite(INVESTOR, US_EXCHANGE);
		assert_ok!(attest_as(US_EXCHANGE, identity));
		assert_eq!(InvitedAttestor::<Test>::get(identity), None, "the invitation is used up");
		assert_ok!(attest_as(US_EXCHANGE, identity));
		// Dismissed again, it is out again.
		assert_ok!(Registry::dismiss_attestor(signed(INVESTOR), US_EXCHANGE));
		assert_noop!(attest_as(US_EXCHANGE, identity), Error::<Test>::AttestorNotInvited);
	});
}

/// A dismissal made before the record existed (the attestation removed, nothing recorded)
/// is recorded by dismissing the onboarding attestor again, without an attestation: once.
#[test]
fn an_onboarding_attestor_without_an_attestation_is_dismissed_once() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		assert_eq!(Attestations::<Test>::get(identity).len(), 0);
		assert_ok!(Registry::dismiss_attestor(signed(INVESTOR), US_EXCHANGE));
		assert_eq!(
			last_event(),
			Event::AttestationDismissed { identity, attestor: US_EXCHANGE, by: INVESTOR }
		);
		assert_noop!(
			Registry::dismiss_attestor(signed(INVESTOR), US_EXCHANGE),
			Error::<Test>::NoSuchAttestation
		);
		assert_noop!(attest_as(US_EXCHANGE, identity), Error::<Test>::AttestorNotInvited);
		// Another attestor without an attestation is not dismissed: nothing to dismiss.
		assert_noop!(
			Registry::dismiss_attestor(signed(INVESTOR), KYC_PROVIDER),
			Error::<Test>::NoSuchAttestation
		);
	});
}

/// Only the identity's own accounts dismiss, and only for their identity: another
/// identity's dismissal of the same attestor does not reach this one.
#[test]
fn a_dismissal_is_the_identitys_own() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		let other = onboard(US_EXCHANGE, &[SECOND_ACCOUNT]);
		assert_noop!(
			Registry::dismiss_attestor(signed(STRANGER), US_EXCHANGE),
			Error::<Test>::AccountNotLinked
		);
		assert_ok!(Registry::dismiss_attestor(signed(SECOND_ACCOUNT), US_EXCHANGE));
		assert!(OnboardingAttestorDismissed::<Test>::contains_key(other));
		assert!(!OnboardingAttestorDismissed::<Test>::contains_key(identity));
		assert_ok!(attest_as(US_EXCHANGE, identity));
		assert_noop!(attest_as(US_EXCHANGE, other), Error::<Test>::AttestorNotInvited);
	});
}

/// A dismissal withdraws an invitation not used yet, and a renewal uses an invitation up:
/// no invitation outlives a dismissal (review of the dismissal record).
#[test]
fn no_invitation_outlives_a_dismissal() {
	new_test_ext().execute_with(|| {
		// The onboarding attestor, invited, dismissed before it attests.
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		invite(INVESTOR, US_EXCHANGE);
		assert_ok!(Registry::dismiss_attestor(signed(INVESTOR), US_EXCHANGE));
		assert_eq!(InvitedAttestor::<Test>::get(identity), None);
		assert_noop!(attest_as(US_EXCHANGE, identity), Error::<Test>::AttestorNotInvited);
		// Another attestor, invited, dismissed before it attests: the invitation goes.
		invite(INVESTOR, KYC_PROVIDER);
		assert_ok!(Registry::dismiss_attestor(signed(INVESTOR), KYC_PROVIDER));
		assert_eq!(InvitedAttestor::<Test>::get(identity), None);
		// An attestor already attesting, invited again, renews: that uses the invitation up,
		// so once dismissed it needs a new one.
		let other = onboard(US_EXCHANGE, &[SECOND_ACCOUNT]);
		invite(SECOND_ACCOUNT, EU_EXCHANGE);
		attest(EU_EXCHANGE, other, "DE", InvestorClass::Professional, 365);
		invite(SECOND_ACCOUNT, EU_EXCHANGE);
		attest(EU_EXCHANGE, other, "DE", InvestorClass::Professional, 365);
		assert_eq!(InvitedAttestor::<Test>::get(other), None, "the renewal used it up");
		assert_ok!(Registry::dismiss_attestor(signed(SECOND_ACCOUNT), EU_EXCHANGE));
		assert_noop!(attest_in(EU_EXCHANGE, other, "DE"), Error::<Test>::AttestorNotInvited);
	});
}
