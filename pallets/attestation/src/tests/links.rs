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

/// `attestor` attests `identity` as a retail investor of `jurisdiction`.
fn attest_retail(
	attestor: u64,
	identity: IdentityId,
	jurisdiction: &str,
) -> sp_runtime::DispatchResult {
	Registry::attest(
		signed(attestor),
		identity,
		jurisdiction.parse().unwrap(),
		InvestorClass::Retail,
		3,
		true,
		true,
		START + DAY,
		evidence(1),
	)
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
		] {
			assert_eq!(refused, Err(Error::<Test>::ExchangeSuspended.into()));
		}
		assert_noop!(attest_retail(EU_EXCHANGE, identity, "DE"), Error::<Test>::ExchangeSuspended);
		// A stranger is still a stranger; an active exchange still attests.
		assert_noop!(Registry::create_identity(signed(STRANGER)), Error::<Test>::NotAttestor);
		assert_ok!(Registry::create_identity(signed(US_EXCHANGE)));
	});
}

/// An identity's approval of a key stood until the key accepted, however late, and nobody
/// could withdraw it (helper-65): either side now can, and nobody else.
#[test]
fn a_proposed_link_is_withdrawn_by_either_side_and_nobody_else() {
	new_test_ext().execute_with(|| {
		let identity = a_link_waiting_for_its_account(KYC_PROVIDER);
		let other = onboard(US_EXCHANGE, &[3]);
		let cancel = |who: u64| Registry::cancel_link(signed(who), SECOND_ACCOUNT, identity);
		// The attestor that proposed it, a stranger, an account of another identity.
		for who in [KYC_PROVIDER, STRANGER, 3] {
			assert_noop!(cancel(who), Error::<Test>::NotAllowedToCancelLink);
		}
		assert_noop!(
			Registry::cancel_link(signed(3), SECOND_ACCOUNT, other),
			Error::<Test>::NoPendingLink
		);
		// The identity takes its approval back: the key can no longer join.
		assert_ok!(cancel(INVESTOR));
		assert_eq!(
			last_event(),
			Event::LinkCancelled { identity, account: SECOND_ACCOUNT, by: INVESTOR }
		);
		assert_noop!(accept(identity), Error::<Test>::NoPendingLink);
		assert_noop!(cancel(INVESTOR), Error::<Test>::NoPendingLink);
		assert_eq!(IdentityOfAccount::<Test>::get(SECOND_ACCOUNT), None);

		// Proposed again, the account itself declines.
		assert_ok!(Registry::propose_link(signed(KYC_PROVIDER), identity, SECOND_ACCOUNT));
		assert_ok!(cancel(SECOND_ACCOUNT));
		assert!(PendingLinks::<Test>::get(SECOND_ACCOUNT, identity).is_none());
	});
}

/// An account both registered as an attestor and operating an exchange went on attesting
/// as a registered attestor while its exchange was suspended (helper-65): the suspension
/// holds in both roles, and an exchange's operator is no longer registered as an attestor.
#[test]
fn an_exchanges_operator_attests_under_its_exchange_only() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Registry::register_attestor(root(), EU_EXCHANGE, name("EU"), codes(&["DE"])),
			Error::<Test>::AttestorOperatesExchange
		);
		// A claim under its own registration (CH), made before an exchange was admitted with
		// the registered attestor's account as its operator, then one under the exchange's
		// licence (SG): an operator attests under its exchange's licence only.
		let identity = onboard(KYC_PROVIDER, &[INVESTOR]);
		assert_ok!(attest_retail(KYC_PROVIDER, identity, "CH"));
		stledger_primitives::testing::exchange(7, KYC_PROVIDER, &["SG"]);
		let under_exchange = onboard(KYC_PROVIDER, &[THIRD_ACCOUNT]);
		assert_ok!(attest_retail(KYC_PROVIDER, under_exchange, "SG"));
		let via = |identity| Registry::attestation(identity, &KYC_PROVIDER).unwrap().via_exchange;
		assert_eq!((via(under_exchange), via(identity)), (Some(7), None));
		suspend_exchange(7);
		// Release 133: the suspension holds in both roles for a claim that still counts (its
		// registration's), not for one that no longer does (its exchange's).
		assert_noop!(
			Registry::revoke(signed(KYC_PROVIDER), identity, 1),
			Error::<Test>::ExchangeSuspended
		);
		assert_eq!(profile(INVESTOR).map(|p| p.jurisdiction), Ok(code("CH")));
		assert_ok!(Registry::revoke(signed(KYC_PROVIDER), under_exchange, 1));
		assert_noop!(
			Registry::create_identity(signed(KYC_PROVIDER)),
			Error::<Test>::ExchangeSuspended
		);
		assert_noop!(
			Registry::propose_link(signed(KYC_PROVIDER), identity, SECOND_ACCOUNT),
			Error::<Test>::ExchangeSuspended
		);
		assert_noop!(attest_retail(KYC_PROVIDER, identity, "SG"), Error::<Test>::ExchangeSuspended);
		stledger_primitives::testing::reinstate_exchange(7);
		assert_ok!(Registry::create_identity(signed(KYC_PROVIDER)));
	});
}
