//! Who completes a link, and how a suspended member is refused: an account accepts a
//! proposal only while the attestor that proposed it is active, and a suspended exchange's
//! operator is told its exchange is suspended (hostile review of 2026-12-05).

use super::*;

/// `attestor` onboards `INVESTOR` and proposes `SECOND_ACCOUNT`, which `INVESTOR` approves:
/// all that is left is the account's acceptance.
fn a_link_waiting_for_its_account(attestor: u64) -> IdentityId {
	let identity = onboard(attestor, &[INVESTOR]);
	assert_ok!(Registry::propose_link(signed(attestor), identity, SECOND_ACCOUNT));
	assert_ok!(Registry::approve_link(signed(INVESTOR), SECOND_ACCOUNT));
	identity
}

fn accept(identity: IdentityId) -> sp_runtime::DispatchResult {
	Registry::accept_link(signed(SECOND_ACCOUNT), identity)
}

#[test]
fn a_link_proposed_by_an_attestor_suspended_since_waits_for_its_reinstatement() {
	new_test_ext().execute_with(|| {
		let identity = a_link_waiting_for_its_account(KYC_PROVIDER);
		assert_ok!(Registry::suspend_attestor(root(), KYC_PROVIDER));
		assert_noop!(accept(identity), Error::<Test>::LinkProposerInactive);
		// The proposal stands, approved, and nothing is linked.
		let pending = PendingLinks::<Test>::get(SECOND_ACCOUNT, identity).unwrap();
		assert!(pending.approved && pending.proposer == KYC_PROVIDER);
		assert_eq!(IdentityOfAccount::<Test>::get(SECOND_ACCOUNT), None);
		assert_ok!(Registry::reinstate_attestor(root(), KYC_PROVIDER));
		assert_ok!(accept(identity));
		assert_eq!(IdentityOfAccount::<Test>::get(SECOND_ACCOUNT), Some(identity));
	});
}

#[test]
fn a_link_proposed_by_a_removed_attestor_waits_while_it_is_removed() {
	new_test_ext().execute_with(|| {
		let identity = a_link_waiting_for_its_account(KYC_PROVIDER);
		assert_ok!(Registry::remove_attestor(root(), KYC_PROVIDER));
		assert_noop!(accept(identity), Error::<Test>::LinkProposerInactive);
	});
}

#[test]
fn a_link_proposed_by_an_exchange_suspended_since_is_not_completed() {
	new_test_ext().execute_with(|| {
		let identity = a_link_waiting_for_its_account(EU_EXCHANGE);
		// An identity's first account, which needs no approval, waits all the same.
		assert_ok!(Registry::create_identity(signed(EU_EXCHANGE)));
		let fresh = NextIdentityId::<Test>::get() - 1;
		assert_ok!(Registry::propose_link(signed(EU_EXCHANGE), fresh, STRANGER));
		suspend_exchange(1);
		assert_noop!(accept(identity), Error::<Test>::LinkProposerInactive);
		assert_noop!(
			Registry::accept_link(signed(STRANGER), fresh),
			Error::<Test>::LinkProposerInactive
		);
		// Another exchange's identities are not concerned.
		let elsewhere = onboard(US_EXCHANGE, &[3]);
		assert_eq!(IdentityOfAccount::<Test>::get(3), Some(elsewhere));
	});
}

#[test]
fn a_suspended_exchanges_operator_is_refused_by_name() {
	new_test_ext().execute_with(|| {
		let identity = onboard(EU_EXCHANGE, &[INVESTOR]);
		suspend_exchange(1);
		for refused in [
			Registry::create_identity(signed(EU_EXCHANGE)),
			Registry::propose_link(signed(EU_EXCHANGE), identity, SECOND_ACCOUNT),
			Registry::revoke(signed(EU_EXCHANGE), identity, 1),
		] {
			assert_eq!(refused, Err(Error::<Test>::ExchangeSuspended.into()));
		}
		assert_noop!(
			Registry::attest(
				signed(EU_EXCHANGE),
				identity,
				"DE".parse().unwrap(),
				InvestorClass::Retail,
				3,
				true,
				true,
				START + DAY,
				evidence(1),
			),
			Error::<Test>::ExchangeSuspended
		);
		// A stranger is still a stranger; an active exchange still attests.
		assert_noop!(Registry::create_identity(signed(STRANGER)), Error::<Test>::NotAttestor);
		assert_ok!(Registry::create_identity(signed(US_EXCHANGE)));
	});
}
