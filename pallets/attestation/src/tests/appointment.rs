//! The consortium gives an identity a new onboarding attestor once the one that onboarded
//! it is removed (`appoint_onboarding_attestor`): who may, when, and that the removed one's
//! proposals are not completed under the new one's name.

use super::*;

fn appoint(identity: IdentityId, attestor: u64) -> sp_runtime::DispatchResult {
	Registry::appoint_onboarding_attestor(root(), identity, attestor)
}

/// `SECOND_ACCOUNT`'s pending link to `identity` is refused as proposed before the
/// appointment, nothing changed; proposed again by the onboarding attestor `attestor`,
/// approved and accepted, it completes.
fn only_proposed_again_by(attestor: u64, identity: IdentityId) {
	assert_noop!(
		Registry::accept_link(signed(SECOND_ACCOUNT), identity),
		Error::<Test>::LinkProposerReplaced
	);
	assert_ok!(Registry::propose_link(signed(attestor), identity, SECOND_ACCOUNT));
	assert_ok!(Registry::approve_link(signed(INVESTOR), SECOND_ACCOUNT));
	assert_ok!(Registry::accept_link(signed(SECOND_ACCOUNT), identity));
	assert_eq!(IdentityOfAccount::<Test>::get(SECOND_ACCOUNT), Some(identity));
}

/// `US_EXCHANGE` attests `identity` as a US retail investor.
fn attest_us(identity: IdentityId) -> sp_runtime::DispatchResult {
	Registry::attest(
		signed(US_EXCHANGE),
		identity,
		code("US"),
		InvestorClass::Retail,
		3,
		true,
		true,
		START + 30 * DAY,
		evidence(7),
	)
}

/// `KYC_PROVIDER` onboards `INVESTOR`, proposes `SECOND_ACCOUNT` (approved by `INVESTOR`),
/// and is removed.
fn an_identity_of_a_removed_provider() -> IdentityId {
	let identity = onboard(KYC_PROVIDER, &[INVESTOR]);
	assert_ok!(Registry::propose_link(signed(KYC_PROVIDER), identity, SECOND_ACCOUNT));
	assert_ok!(Registry::approve_link(signed(INVESTOR), SECOND_ACCOUNT));
	assert_ok!(Registry::remove_attestor(root(), KYC_PROVIDER));
	identity
}

#[test]
fn an_identity_of_a_removed_attestor_links_a_new_key_through_the_appointed_one() {
	new_test_ext().execute_with(|| {
		let identity = an_identity_of_a_removed_provider();
		// Before: nobody can propose its accounts.
		assert_noop!(
			Registry::propose_link(signed(US_EXCHANGE), identity, THIRD_ACCOUNT),
			Error::<Test>::NotIdentityCreator
		);
		assert_ok!(appoint(identity, US_EXCHANGE));
		assert_eq!(
			last_event(),
			Event::OnboardingAttestorAppointed {
				identity,
				previous: KYC_PROVIDER,
				attestor: US_EXCHANGE
			}
		);
		assert_eq!(Identities::<Test>::get(identity).unwrap().created_by, US_EXCHANGE);
		// The new one proposes, the identity approves, the account accepts.
		assert_ok!(Registry::propose_link(signed(US_EXCHANGE), identity, THIRD_ACCOUNT));
		assert_ok!(Registry::approve_link(signed(INVESTOR), THIRD_ACCOUNT));
		assert_ok!(Registry::accept_link(signed(THIRD_ACCOUNT), identity));
		assert_eq!(IdentityOfAccount::<Test>::get(THIRD_ACCOUNT), Some(identity));
		// It never checked the investor: it attests only once invited.
		assert_noop!(attest_us(identity), Error::<Test>::AttestorNotInvited);
		invite(INVESTOR, US_EXCHANGE);
		assert_ok!(attest_us(identity));
	});
}

#[test]
fn a_link_the_removed_attestor_proposed_is_not_completed_under_the_new_name() {
	new_test_ext().execute_with(|| {
		let identity = an_identity_of_a_removed_provider();
		assert_ok!(appoint(identity, US_EXCHANGE));
		only_proposed_again_by(US_EXCHANGE, identity);
	});
}

#[test]
fn no_appointment_while_the_onboarding_attestor_is_registered() {
	new_test_ext().execute_with(|| {
		let identity = onboard(KYC_PROVIDER, &[INVESTOR]);
		assert_noop!(appoint(identity, US_EXCHANGE), Error::<Test>::OnboardingAttestorRegistered);
		// Suspended, it may be reinstated: still registered.
		assert_ok!(Registry::suspend_attestor(root(), KYC_PROVIDER));
		assert_noop!(appoint(identity, US_EXCHANGE), Error::<Test>::OnboardingAttestorRegistered);
		// An exchange's identities, the exchange suspended: the same.
		let of_an_exchange = onboard(EU_EXCHANGE, &[SECOND_ACCOUNT]);
		suspend_exchange(1);
		assert_noop!(
			appoint(of_an_exchange, US_EXCHANGE),
			Error::<Test>::OnboardingAttestorRegistered
		);
		// The exchange removed: its identities may be given another.
		remove_exchange(1);
		assert_ok!(appoint(of_an_exchange, US_EXCHANGE));
	});
}

#[test]
fn only_the_consortium_appoints_and_only_an_active_attestor() {
	new_test_ext().execute_with(|| {
		let identity = an_identity_of_a_removed_provider();
		// Not the investor, not an exchange, not the attestor itself.
		for who in [INVESTOR, US_EXCHANGE, EU_EXCHANGE] {
			assert_noop!(
				Registry::appoint_onboarding_attestor(signed(who), identity, US_EXCHANGE),
				Error::<Test>::NotConsortium
			);
		}
		assert_noop!(appoint(identity, STRANGER), Error::<Test>::NotAttestor);
		suspend_exchange(1);
		assert_noop!(appoint(identity, EU_EXCHANGE), Error::<Test>::ExchangeSuspended);
		assert_noop!(appoint(99_999, US_EXCHANGE), Error::<Test>::UnknownIdentity);
	});
}

#[test]
fn the_appointed_attestor_attests_only_if_invited_and_may_be_dismissed() {
	new_test_ext().execute_with(|| {
		let identity = onboard(KYC_PROVIDER, &[INVESTOR]);
		assert_ok!(Registry::dismiss_attestor(signed(INVESTOR), KYC_PROVIDER));
		assert_ok!(Registry::remove_attestor(root(), KYC_PROVIDER));
		assert_ok!(appoint(identity, US_EXCHANGE));
		assert!(OnboardingAttestorDismissed::<Test>::contains_key(identity));
		assert_noop!(attest_us(identity), Error::<Test>::AttestorNotInvited);
		// Invited, then dismissed by the identity: the invitation is withdrawn.
		invite(INVESTOR, US_EXCHANGE);
		assert_ok!(Registry::dismiss_attestor(signed(INVESTOR), US_EXCHANGE));
		assert_noop!(attest_us(identity), Error::<Test>::AttestorNotInvited);
	});
}

#[test]
fn an_identity_without_accounts_gets_no_appointed_attestor() {
	new_test_ext().execute_with(|| {
		// Nobody would approve the appointed attestor's links: it could link a key of its
		// own to the identity and its attestations.
		let identity = onboard(KYC_PROVIDER, &[INVESTOR]);
		assert_ok!(Registry::unlink(signed(INVESTOR), INVESTOR));
		assert_ok!(Registry::remove_attestor(root(), KYC_PROVIDER));
		assert_noop!(appoint(identity, US_EXCHANGE), Error::<Test>::IdentityHasNoAccounts);
	});
}

#[test]
fn a_link_proposed_before_an_appointment_never_completes_even_by_the_same_attestor() {
	new_test_ext().execute_with(|| {
		// The provider's proposal, approved; the provider removed; the US exchange appointed.
		let identity = an_identity_of_a_removed_provider();
		assert_ok!(appoint(identity, US_EXCHANGE));
		// Later the US exchange leaves, and the provider, registered again, is appointed.
		System::set_block_number(System::block_number() + 1);
		remove_exchange(0);
		assert_ok!(Registry::register_attestor(
			root(),
			KYC_PROVIDER,
			name("KYC again"),
			codes(&["SG"])
		));
		assert_ok!(appoint(identity, KYC_PROVIDER));
		// Its proposal from its first term is no one's word in the second.
		only_proposed_again_by(KYC_PROVIDER, identity);
		// And it attests only if invited: its earlier term's standing is gone too.
		assert!(OnboardingAttestorDismissed::<Test>::contains_key(identity));
	});
}

#[test]
fn the_migration_names_each_pending_link_after_its_identitys_onboarding_attestor() {
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		let of_the_provider = onboard(KYC_PROVIDER, &[INVESTOR]);
		let of_an_exchange = onboard(US_EXCHANGE, &[]);
		// As version 2 stored them: whether approved, nothing else.
		let raw = |account: u64, identity: IdentityId, approved: bool| {
			let key = PendingLinks::<Test>::hashed_key_for(account, identity);
			sp_io::storage::set(&key, &approved.encode());
		};
		raw(SECOND_ACCOUNT, of_the_provider, true);
		raw(THIRD_ACCOUNT, of_an_exchange, false);
		StorageVersion::new(2).put::<Registry>();

		crate::migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Registry::on_chain_storage_version(), StorageVersion::new(3));
		assert_eq!(
			PendingLinks::<Test>::get(SECOND_ACCOUNT, of_the_provider),
			Some(PendingLink { proposer: KYC_PROVIDER, approved: true, proposed_at: 0 })
		);
		assert_eq!(
			PendingLinks::<Test>::get(THIRD_ACCOUNT, of_an_exchange),
			Some(PendingLink { proposer: US_EXCHANGE, approved: false, proposed_at: 0 })
		);
		// Both complete as before the upgrade.
		assert_ok!(Registry::accept_link(signed(SECOND_ACCOUNT), of_the_provider));
		assert_ok!(Registry::accept_link(signed(THIRD_ACCOUNT), of_an_exchange));
	});
}
