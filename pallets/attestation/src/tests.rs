//! Unit tests: every rule, every named error, and that an error changes nothing
//! (`assert_noop!` compares the storage root).

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use frame_system::RawOrigin;
use sp_core::H256;
use stledger_primitives::{
	CountryCode, IdentityId, Ineligibility, InvestorClass, InvestorRegistry,
};

const INVESTOR: u64 = 1;
const SECOND_ACCOUNT: u64 = 2;
const THIRD_ACCOUNT: u64 = 3;
const STRANGER: u64 = 99;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn root() -> RuntimeOrigin {
	RawOrigin::Root.into()
}

fn evidence(byte: u8) -> H256 {
	H256::repeat_byte(byte)
}

fn codes(list: &[&str]) -> BoundedVec<CountryCode, <Test as Config>::MaxJurisdictions> {
	list.iter()
		.map(|c| CountryCode(c.as_bytes().try_into().unwrap()))
		.collect::<Vec<_>>()
		.try_into()
		.unwrap()
}

fn name(text: &str) -> BoundedVec<u8, <Test as Config>::MaxNameLength> {
	text.as_bytes().to_vec().try_into().unwrap()
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Registry(event) => Some(event),
			_ => None,
		})
		.next_back()
		.expect("an attestation event")
}

/// `attestor` creates an identity and links `accounts` to it (each accepting; the first
/// approving the others).
fn onboard(attestor: u64, accounts: &[u64]) -> IdentityId {
	assert_ok!(Registry::create_identity(signed(attestor)));
	let identity = NextIdentityId::<Test>::get() - 1;
	for (i, account) in accounts.iter().enumerate() {
		assert_ok!(Registry::propose_link(signed(attestor), identity, *account));
		if i > 0 {
			assert_ok!(Registry::approve_link(signed(accounts[0]), *account));
		}
		assert_ok!(Registry::accept_link(signed(*account), identity));
	}
	identity
}

/// An account of `identity`'s invites `attestor`.
fn invite(account: u64, attestor: u64) {
	assert_ok!(Registry::invite_attestor(signed(account), attestor));
}

/// `attestor`'s attestation of `identity` as an accredited investor resident in `country`,
/// valid for a year: the call's outcome.
fn attest_in(attestor: u64, identity: IdentityId, country: &str) -> sp_runtime::DispatchResult {
	Registry::attest(
		signed(attestor),
		identity,
		code(country),
		InvestorClass::Accredited,
		3,
		true,
		true,
		START + 365 * DAY,
		evidence(7),
	)
}

/// `attestor` attests `identity` as a `jurisdiction` `class` investor, valid for `days`.
fn attest(
	attestor: u64,
	identity: IdentityId,
	jurisdiction: &str,
	class: InvestorClass,
	days: u64,
) {
	assert_ok!(Registry::attest(
		signed(attestor),
		identity,
		code(jurisdiction),
		class,
		3,
		true,
		true,
		START + days * DAY,
		evidence(7),
	));
}

fn profile(who: u64) -> Result<stledger_primitives::InvestorProfile<u64>, Ineligibility> {
	<Registry as InvestorRegistry<u64>>::profile(&who)
}

#[test]
fn an_exchange_onboards_and_attests_an_investor() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		assert_eq!(last_event(), Event::AccountLinked { identity, account: INVESTOR });
		attest(US_EXCHANGE, identity, "US", InvestorClass::Accredited, 365);
		assert_eq!(
			last_event(),
			Event::Attested {
				identity,
				attestor: US_EXCHANGE,
				jurisdiction: code("US"),
				class: InvestorClass::Accredited,
				risk_tolerance: 3,
				kyc_passed: true,
				aml_passed: true,
				issued_at: START,
				expires_at: START + 365 * DAY,
				evidence: evidence(7),
			}
		);
		let profile = profile(INVESTOR).unwrap();
		assert_eq!(profile.identity, identity);
		assert_eq!(profile.jurisdiction, code("US"));
		assert_eq!(profile.class, InvestorClass::Accredited);
		assert_eq!(profile.risk_tolerance, 3);
		assert_eq!(profile.attestors().copied().collect::<Vec<_>>(), vec![US_EXCHANGE]);
		assert_eq!(profile.expires_at, START + 365 * DAY);
	});
}

#[test]
fn every_account_of_an_identity_has_its_profile() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR, SECOND_ACCOUNT]);
		attest(US_EXCHANGE, identity, "US", InvestorClass::Retail, 30);
		assert_eq!(profile(SECOND_ACCOUNT).unwrap().identity, identity);
		assert_eq!(<Registry as InvestorRegistry<u64>>::identity_of(&INVESTOR), Some(identity));
	});
}

#[test]
fn profiles_say_why_an_account_is_not_eligible() {
	new_test_ext().execute_with(|| {
		assert_eq!(profile(STRANGER), Err(Ineligibility::UnknownAccount));
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		assert_eq!(profile(INVESTOR), Err(Ineligibility::NotAttested));

		assert_ok!(Registry::attest(
			signed(US_EXCHANGE),
			identity,
			code("US"),
			InvestorClass::Retail,
			2,
			true,
			false,
			START + DAY,
			evidence(1),
		));
		assert_eq!(profile(INVESTOR), Err(Ineligibility::AmlNotPassed));

		assert_ok!(Registry::attest(
			signed(US_EXCHANGE),
			identity,
			code("US"),
			InvestorClass::Retail,
			2,
			false,
			true,
			START + DAY,
			evidence(1),
		));
		assert_eq!(profile(INVESTOR), Err(Ineligibility::KycNotPassed));
	});
}

#[test]
fn attestations_expire_with_the_chain_clock() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		attest(US_EXCHANGE, identity, "US", InvestorClass::Retail, 10);
		set_time(START + 10 * DAY - 1);
		assert!(profile(INVESTOR).is_ok());
		set_time(START + 10 * DAY);
		assert_eq!(profile(INVESTOR), Err(Ineligibility::Expired));
		// Re-attesting replaces the expired attestation.
		attest(US_EXCHANGE, identity, "US", InvestorClass::Retail, 20);
		assert!(profile(INVESTOR).is_ok());
		assert_eq!(Attestations::<Test>::get(identity).len() as u32, 1);
	});
}

#[test]
fn revocation_stops_an_attestation_and_keeps_it_on_record() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		attest(US_EXCHANGE, identity, "US", InvestorClass::Retail, 10);
		assert_ok!(Registry::revoke(signed(US_EXCHANGE), identity, 3));
		assert_eq!(last_event(), Event::Revoked { identity, attestor: US_EXCHANGE, reason: 3 });
		assert_eq!(profile(INVESTOR), Err(Ineligibility::Revoked));
		assert_eq!(
			crate::Pallet::<Test>::attestation(identity, &US_EXCHANGE).unwrap().revoked,
			Some(3)
		);
		assert_noop!(
			Registry::revoke(signed(US_EXCHANGE), identity, 3),
			Error::<Test>::AlreadyRevoked
		);
		assert_noop!(
			Registry::revoke(signed(EU_EXCHANGE), identity, 3),
			Error::<Test>::NoSuchAttestation
		);
		assert_noop!(
			Registry::revoke(signed(STRANGER), identity, 3),
			Error::<Test>::NoSuchAttestation
		);
	});
}

#[test]
fn removing_or_suspending_an_attestor_orphans_its_attestations() {
	new_test_ext().execute_with(|| {
		let identity = onboard(KYC_PROVIDER, &[INVESTOR]);
		attest(KYC_PROVIDER, identity, "SG", InvestorClass::Professional, 10);
		assert!(profile(INVESTOR).is_ok());

		assert_ok!(Registry::suspend_attestor(root(), KYC_PROVIDER));
		assert_eq!(last_event(), Event::AttestorSuspended { attestor: KYC_PROVIDER });
		assert_eq!(profile(INVESTOR), Err(Ineligibility::AttestorRemoved));
		assert_ok!(Registry::reinstate_attestor(root(), KYC_PROVIDER));
		assert!(profile(INVESTOR).is_ok());

		assert_ok!(Registry::remove_attestor(root(), KYC_PROVIDER));
		assert_eq!(last_event(), Event::AttestorRemoved { attestor: KYC_PROVIDER });
		assert_eq!(profile(INVESTOR), Err(Ineligibility::AttestorRemoved));
		// The history stays for auditors.
		assert!(crate::Pallet::<Test>::attestation(identity, &KYC_PROVIDER).is_some());
	});
}

#[test]
fn a_suspended_exchange_no_longer_vouches() {
	new_test_ext().execute_with(|| {
		let identity = onboard(EU_EXCHANGE, &[INVESTOR]);
		attest(EU_EXCHANGE, identity, "DE", InvestorClass::Retail, 10);
		suspend_exchange(1);
		assert_eq!(profile(INVESTOR), Err(Ineligibility::AttestorRemoved));
		assert_noop!(
			Registry::create_identity(signed(EU_EXCHANGE)),
			Error::<Test>::ExchangeSuspended
		);
	});
}

#[test]
fn a_removed_or_suspended_attestor_onboards_links_and_attests_nothing() {
	new_test_ext().execute_with(|| {
		let identity = onboard(KYC_PROVIDER, &[INVESTOR]);
		attest(KYC_PROVIDER, identity, "SG", InvestorClass::Retail, 10);
		assert_ok!(Registry::suspend_attestor(root(), KYC_PROVIDER));
		assert_noop!(
			Registry::create_identity(signed(KYC_PROVIDER)),
			Error::<Test>::AttestorSuspended
		);
		assert_ok!(Registry::remove_attestor(root(), KYC_PROVIDER));
		let by_removed = signed(KYC_PROVIDER);
		assert_noop!(Registry::create_identity(by_removed.clone()), Error::<Test>::NotAttestor);
		assert_noop!(
			Registry::propose_link(by_removed.clone(), identity, SECOND_ACCOUNT),
			Error::<Test>::NotAttestor
		);
		assert_noop!(
			Registry::attest(
				by_removed.clone(),
				identity,
				code("SG"),
				InvestorClass::Retail,
				3,
				true,
				true,
				START + DAY,
				evidence(1)
			),
			Error::<Test>::NotAttestor
		);
		assert_noop!(Registry::unlink(by_removed, INVESTOR), Error::<Test>::NotAllowedToUnlink);
	});
}

/// Release 133: a revocation only takes a claim away, so whoever made an attestation records
/// its revocation whatever its standing now; nobody else revokes it.
#[test]
fn a_suspended_or_removed_attestor_still_revokes_its_own_attestations() {
	new_test_ext().execute_with(|| {
		let identity = onboard(KYC_PROVIDER, &[INVESTOR]);
		attest(KYC_PROVIDER, identity, "SG", InvestorClass::Retail, 10);
		invite(INVESTOR, EU_EXCHANGE);
		attest(EU_EXCHANGE, identity, "DE", InvestorClass::Retail, 10);

		// Nobody revokes another's attestation: an active attestor, the identity's own
		// account, a stranger.
		for not_theirs in [US_EXCHANGE, INVESTOR, STRANGER] {
			assert_noop!(
				Registry::revoke(signed(not_theirs), identity, 7),
				Error::<Test>::NoSuchAttestation
			);
		}

		// A suspended attestor records an AML finding at once: its claim does not count again
		// when it is reinstated.
		assert_ok!(Registry::suspend_attestor(root(), KYC_PROVIDER));
		assert_ok!(Registry::revoke(signed(KYC_PROVIDER), identity, 7));
		assert_eq!(last_event(), Event::Revoked { identity, attestor: KYC_PROVIDER, reason: 7 });
		assert_noop!(
			Registry::revoke(signed(KYC_PROVIDER), identity, 8),
			Error::<Test>::AlreadyRevoked
		);
		assert_ok!(Registry::reinstate_attestor(root(), KYC_PROVIDER));
		assert_eq!(
			crate::Pallet::<Test>::attestation(identity, &KYC_PROVIDER).unwrap().revoked,
			Some(7)
		);
		// The identity still counts the claim of its other attestor.
		assert_eq!(profile(INVESTOR).map(|p| p.jurisdiction), Ok(code("DE")));

		// An exchange the consortium suspended revokes its own, then removed too.
		suspend_exchange(1);
		assert_ok!(Registry::revoke(signed(EU_EXCHANGE), identity, 9));
		assert_eq!(profile(INVESTOR), Err(Ineligibility::Revoked));
		remove_exchange(1);
		assert_noop!(
			Registry::revoke(signed(EU_EXCHANGE), identity, 9),
			Error::<Test>::AlreadyRevoked
		);

		// A removed exchange's operator revokes what the exchange attested.
		let elsewhere = onboard(US_EXCHANGE, &[SECOND_ACCOUNT]);
		attest(US_EXCHANGE, elsewhere, "US", InvestorClass::Retail, 10);
		remove_exchange(0);
		assert_eq!(profile(SECOND_ACCOUNT), Err(Ineligibility::AttestorRemoved));
		assert_ok!(Registry::revoke(signed(US_EXCHANGE), elsewhere, 5));
		assert_eq!(
			last_event(),
			Event::Revoked { identity: elsewhere, attestor: US_EXCHANGE, reason: 5 }
		);
		assert_eq!(profile(SECOND_ACCOUNT), Err(Ineligibility::Revoked));
	});
}

#[test]
fn a_removed_attestor_revokes_what_it_attested() {
	new_test_ext().execute_with(|| {
		let identity = onboard(KYC_PROVIDER, &[INVESTOR]);
		attest(KYC_PROVIDER, identity, "SG", InvestorClass::Retail, 10);
		assert_ok!(Registry::remove_attestor(root(), KYC_PROVIDER));
		assert_ok!(Registry::revoke(signed(KYC_PROVIDER), identity, 4));
		// Registered again, its revoked claim stays revoked.
		assert_ok!(Registry::register_attestor(
			root(),
			KYC_PROVIDER,
			name("KYC provider"),
			codes(&["SG"])
		));
		assert_eq!(profile(INVESTOR), Err(Ineligibility::Revoked));
		// Once the identity dismissed it, there is nothing left to revoke.
		assert_ok!(Registry::dismiss_attestor(signed(INVESTOR), KYC_PROVIDER));
		assert_noop!(
			Registry::revoke(signed(KYC_PROVIDER), identity, 4),
			Error::<Test>::NoSuchAttestation
		);
	});
}

#[test]
fn several_attestors_vouch_and_the_latest_decides() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		attest(US_EXCHANGE, identity, "US", InvestorClass::Retail, 60);
		set_time(START + DAY);
		invite(INVESTOR, EU_EXCHANGE);
		assert_ok!(Registry::attest(
			signed(EU_EXCHANGE),
			identity,
			code("FR"),
			InvestorClass::Professional,
			5,
			true,
			true,
			START + 30 * DAY,
			evidence(2),
		));
		let profile = profile(INVESTOR).unwrap();
		assert_eq!(profile.jurisdiction, code("FR"));
		assert_eq!(profile.class, InvestorClass::Professional);
		assert_eq!(profile.risk_tolerance, 5);
		let mut attestors: Vec<u64> = profile.attestors().copied().collect();
		attestors.sort();
		assert_eq!(attestors, vec![US_EXCHANGE, EU_EXCHANGE]);
		// The latest expires: the earlier one still counts.
		set_time(START + 30 * DAY);
		assert_eq!(self::profile(INVESTOR).unwrap().jurisdiction, code("US"));
	});
}

#[test]
fn attestors_attest_only_within_their_licence() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		let attest_as = |attestor, jurisdiction: &str, risk, expires_at| {
			Registry::attest(
				signed(attestor),
				identity,
				CountryCode(jurisdiction.as_bytes().try_into().unwrap()),
				InvestorClass::Retail,
				risk,
				true,
				true,
				expires_at,
				evidence(1),
			)
		};
		let tomorrow = START + DAY;
		assert_noop!(
			attest_as(US_EXCHANGE, "DE", 3, tomorrow),
			Error::<Test>::NotLicensedForJurisdiction
		);
		assert_noop!(
			attest_as(KYC_PROVIDER, "US", 3, tomorrow),
			Error::<Test>::NotLicensedForJurisdiction
		);
		assert_noop!(attest_as(US_EXCHANGE, "us", 3, tomorrow), Error::<Test>::InvalidJurisdiction);
		assert_noop!(attest_as(STRANGER, "US", 3, tomorrow), Error::<Test>::NotAttestor);
		assert_noop!(
			attest_as(US_EXCHANGE, "US", 0, tomorrow),
			Error::<Test>::InvalidRiskTolerance
		);
		assert_noop!(
			attest_as(US_EXCHANGE, "US", 6, tomorrow),
			Error::<Test>::InvalidRiskTolerance
		);
		assert_noop!(attest_as(US_EXCHANGE, "US", 3, START), Error::<Test>::ExpiryInPast);
		assert_noop!(attest_as(US_EXCHANGE, "US", 3, START - 1), Error::<Test>::ExpiryInPast);
		invite(INVESTOR, KYC_PROVIDER);
		assert_ok!(attest_as(KYC_PROVIDER, "CH", 3, tomorrow));
		assert_noop!(
			Registry::attest(
				signed(US_EXCHANGE),
				42,
				code("US"),
				InvestorClass::Retail,
				3,
				true,
				true,
				tomorrow,
				evidence(1)
			),
			Error::<Test>::UnknownIdentity
		);
	});
}

#[test]
fn an_identity_has_a_bounded_number_of_attestations() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		for provider in [201, 202, 203] {
			assert_ok!(Registry::register_attestor(root(), provider, name("KYC"), codes(&["US"])));
		}
		for attestor in [US_EXCHANGE, 201, 202, 203] {
			invite(INVESTOR, attestor);
			attest(attestor, identity, "US", InvestorClass::Retail, 10);
		}
		assert_eq!(Attestations::<Test>::get(identity).len() as u32, 4);
		assert_ok!(Registry::register_attestor(root(), 204, name("KYC"), codes(&["US"])));
		invite(INVESTOR, 204);
		assert_noop!(
			Registry::attest(
				signed(204),
				identity,
				code("US"),
				InvestorClass::Retail,
				3,
				true,
				true,
				START + DAY,
				evidence(1)
			),
			Error::<Test>::TooManyAttestations
		);
		// Replacing an existing one is always possible.
		attest(203, identity, "US", InvestorClass::Accredited, 10);
	});
}

#[test]
fn linking_needs_the_attestor_and_the_account() {
	new_test_ext().execute_with(|| {
		assert_ok!(Registry::create_identity(signed(US_EXCHANGE)));
		assert_eq!(last_event(), Event::IdentityCreated { identity: 0, by: US_EXCHANGE });
		// Nobody proposed: the account cannot link itself.
		assert_noop!(Registry::accept_link(signed(INVESTOR), 0), Error::<Test>::NoPendingLink);
		// A stranger cannot propose.
		assert_noop!(
			Registry::propose_link(signed(STRANGER), 0, INVESTOR),
			Error::<Test>::NotAttestor
		);
		assert_ok!(Registry::propose_link(signed(US_EXCHANGE), 0, INVESTOR));
		assert_eq!(
			last_event(),
			Event::LinkProposed { identity: 0, account: INVESTOR, by: US_EXCHANGE }
		);
		// Accepting another identity than proposed fails.
		assert_ok!(Registry::create_identity(signed(US_EXCHANGE)));
		assert_noop!(Registry::accept_link(signed(INVESTOR), 1), Error::<Test>::NoPendingLink);
		assert_ok!(Registry::accept_link(signed(INVESTOR), 0));
		assert_eq!(IdentityOfAccount::<Test>::get(INVESTOR), Some(0));
		assert!(PendingLinks::<Test>::get(INVESTOR, 0).is_none());
		// The account belongs to one identity only.
		assert_noop!(
			Registry::propose_link(signed(US_EXCHANGE), 1, INVESTOR),
			Error::<Test>::AccountAlreadyLinked
		);
		assert_noop!(
			Registry::propose_link(signed(US_EXCHANGE), 42, SECOND_ACCOUNT),
			Error::<Test>::UnknownIdentity
		);
	});
}

#[test]
fn a_link_proposed_to_two_identities_cannot_link_twice() {
	new_test_ext().execute_with(|| {
		let first = onboard(US_EXCHANGE, &[]);
		let second = onboard(EU_EXCHANGE, &[]);
		assert_ok!(Registry::propose_link(signed(US_EXCHANGE), first, INVESTOR));
		assert_ok!(Registry::propose_link(signed(EU_EXCHANGE), second, INVESTOR));
		// Both proposals stand; the account joins the one it accepts, and only one.
		assert_ok!(Registry::accept_link(signed(INVESTOR), second));
		assert_noop!(
			Registry::accept_link(signed(INVESTOR), first),
			Error::<Test>::AccountAlreadyLinked
		);
	});
}

/// Another attestor's proposal for the same account does not overwrite an approved one
/// (it used to: a cheap way to stop an account joining its identity, again and again).
#[test]
fn another_identitys_proposal_leaves_an_approved_link_standing() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		let griefer = onboard(EU_EXCHANGE, &[]);
		assert_ok!(Registry::propose_link(signed(US_EXCHANGE), identity, SECOND_ACCOUNT));
		assert_ok!(Registry::approve_link(signed(INVESTOR), SECOND_ACCOUNT));
		assert_ok!(Registry::propose_link(signed(EU_EXCHANGE), griefer, SECOND_ACCOUNT));
		assert_ok!(Registry::accept_link(signed(SECOND_ACCOUNT), identity));
		assert_eq!(IdentityOfAccount::<Test>::get(SECOND_ACCOUNT), Some(identity));
	});
}

/// An identity dismisses an attestor it no longer wants vouching for it; the attestor needs
/// a new invitation to attest it again.
#[test]
fn an_identity_dismisses_an_attestor() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		invite(INVESTOR, EU_EXCHANGE);
		// The onboarding attestor's first attestation does not use up another's invitation.
		attest(US_EXCHANGE, identity, "US", InvestorClass::Accredited, 365);
		assert_eq!(InvitedAttestor::<Test>::get(identity), Some(EU_EXCHANGE));
		attest(EU_EXCHANGE, identity, "DE", InvestorClass::Professional, 365 * 30);
		assert_noop!(
			Registry::dismiss_attestor(signed(STRANGER), EU_EXCHANGE),
			Error::<Test>::AccountNotLinked
		);
		assert_noop!(
			Registry::dismiss_attestor(signed(INVESTOR), KYC_PROVIDER),
			Error::<Test>::NoSuchAttestation
		);
		assert_ok!(Registry::dismiss_attestor(signed(INVESTOR), EU_EXCHANGE));
		assert_eq!(
			last_event(),
			Event::AttestationDismissed { identity, attestor: EU_EXCHANGE, by: INVESTOR }
		);
		assert_eq!(Attestations::<Test>::get(identity).len() as u32, 1);
		assert_eq!(profile(INVESTOR).unwrap().jurisdiction, code("US"));
		assert_noop!(
			Registry::attest(
				signed(EU_EXCHANGE),
				identity,
				code("DE"),
				InvestorClass::Professional,
				3,
				true,
				true,
				START + DAY,
				evidence(3)
			),
			Error::<Test>::AttestorNotInvited
		);
	});
}

#[test]
fn an_identity_has_a_bounded_number_of_accounts() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[1, 2, 3]);
		assert_noop!(
			Registry::propose_link(signed(US_EXCHANGE), identity, 4),
			Error::<Test>::TooManyAccounts
		);
	});
}

#[test]
fn a_pending_link_cannot_exceed_the_bound_when_accepted() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[1, 2]);
		assert_ok!(Registry::propose_link(signed(US_EXCHANGE), identity, 3));
		assert_ok!(Registry::propose_link(signed(US_EXCHANGE), identity, 4));
		assert_ok!(Registry::approve_link(signed(1), 3));
		assert_ok!(Registry::approve_link(signed(2), 4));
		assert_ok!(Registry::accept_link(signed(3), identity));
		assert_noop!(Registry::accept_link(signed(4), identity), Error::<Test>::TooManyAccounts);
	});
}

#[test]
fn only_the_account_itself_unlinks() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR, SECOND_ACCOUNT]);
		attest(US_EXCHANGE, identity, "US", InvestorClass::Retail, 10);
		// Neither a stranger, nor the onboarding attestor, nor another attestor, nor another
		// account of the identity takes an account away.
		for caller in [STRANGER, US_EXCHANGE, EU_EXCHANGE, SECOND_ACCOUNT] {
			assert_noop!(
				Registry::unlink(signed(caller), INVESTOR),
				Error::<Test>::NotAllowedToUnlink
			);
		}
		assert_ok!(Registry::unlink(signed(INVESTOR), INVESTOR));
		assert_eq!(last_event(), Event::AccountUnlinked { identity, account: INVESTOR });
		assert_eq!(profile(INVESTOR), Err(Ineligibility::UnknownAccount));
		assert_ok!(Registry::unlink(signed(SECOND_ACCOUNT), SECOND_ACCOUNT));
		assert!(Identities::<Test>::get(identity).unwrap().accounts.is_empty());
		assert_noop!(Registry::unlink(signed(INVESTOR), INVESTOR), Error::<Test>::AccountNotLinked);
		// An unlinked account may join another identity.
		let other = onboard(EU_EXCHANGE, &[INVESTOR]);
		assert_eq!(IdentityOfAccount::<Test>::get(INVESTOR), Some(other));
	});
}

/// Issue 13, defect 1: an attestor attached its own account to an identity it did not
/// onboard, and the identity's creator could unlink the identity's own accounts.
#[test]
fn no_attestor_attaches_a_key_to_an_identity_it_did_not_onboard() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		attest(US_EXCHANGE, identity, "US", InvestorClass::Institutional, 365);
		const INTRUDER: u64 = 66;
		// Another exchange (an active attestor) proposes its own account: refused.
		assert_noop!(
			Registry::propose_link(signed(EU_EXCHANGE), identity, INTRUDER),
			Error::<Test>::NotIdentityCreator
		);
		// The creator proposes, the new account accepts, but the identity did not consent.
		assert_ok!(Registry::propose_link(signed(US_EXCHANGE), identity, INTRUDER));
		assert_noop!(
			Registry::accept_link(signed(INTRUDER), identity),
			Error::<Test>::LinkNotApproved
		);
		// Consent must come from the identity itself, not from another identity's account.
		let other = onboard(US_EXCHANGE, &[SECOND_ACCOUNT]);
		assert_noop!(
			Registry::approve_link(signed(SECOND_ACCOUNT), INTRUDER),
			Error::<Test>::NotSameIdentity
		);
		assert_noop!(
			Registry::approve_link(signed(STRANGER), INTRUDER),
			Error::<Test>::AccountNotLinked
		);
		assert_eq!(profile(INTRUDER), Err(Ineligibility::UnknownAccount));
		assert_ne!(other, identity);
		// With the identity's approval the link completes.
		assert_ok!(Registry::approve_link(signed(INVESTOR), INTRUDER));
		assert_eq!(last_event(), Event::LinkApproved { identity, account: INTRUDER, by: INVESTOR });
		assert_ok!(Registry::accept_link(signed(INTRUDER), identity));
		assert_eq!(profile(INTRUDER).unwrap().identity, identity);
		assert_noop!(Registry::approve_link(signed(INVESTOR), 77), Error::<Test>::NoPendingLink);
	});
}

/// An attestor that neither onboarded an identity nor was invited by it cannot rewrite the
/// investor's profile (class, jurisdiction) with a later attestation.
#[test]
fn only_invited_attestors_attest_someone_elses_identity() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		attest(US_EXCHANGE, identity, "US", InvestorClass::Accredited, 365);
		let by_eu = || {
			Registry::attest(
				signed(EU_EXCHANGE),
				identity,
				code("DE"),
				InvestorClass::Retail,
				1,
				true,
				true,
				START + DAY,
				evidence(9),
			)
		};
		assert_noop!(by_eu(), Error::<Test>::AttestorNotInvited);
		assert_noop!(
			Registry::invite_attestor(signed(STRANGER), EU_EXCHANGE),
			Error::<Test>::AccountNotLinked
		);
		invite(INVESTOR, EU_EXCHANGE);
		assert_eq!(
			last_event(),
			Event::AttestorInvited { identity, attestor: EU_EXCHANGE, by: INVESTOR }
		);
		assert_ok!(by_eu());
		// The invitation is used up; the attestor renews its own attestation freely.
		assert!(InvitedAttestor::<Test>::get(identity).is_none());
		assert_ok!(by_eu());
	});
}

/// Issue 13, defect 8: expired attestations and those of removed attestors kept their
/// places, so an identity could never be attested by a new attestor.
#[test]
fn attestations_that_no_longer_count_give_their_place() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		for provider in [201, 202, 203, 204] {
			assert_ok!(Registry::register_attestor(root(), provider, name("KYC"), codes(&["US"])));
		}
		attest(US_EXCHANGE, identity, "US", InvestorClass::Retail, 10);
		for provider in [201, 202] {
			invite(INVESTOR, provider);
			attest(provider, identity, "US", InvestorClass::Retail, 5);
		}
		invite(INVESTOR, 203);
		attest(203, identity, "US", InvestorClass::Retail, 30);
		assert_eq!(Attestations::<Test>::get(identity).len() as u32, 4);
		// 201 and 202 expire, 203 is removed: three places no longer count.
		set_time(START + 6 * DAY);
		assert_ok!(Registry::remove_attestor(root(), 203));
		invite(INVESTOR, 204);
		attest(204, identity, "US", InvestorClass::Accredited, 30);
		assert_eq!(Attestations::<Test>::get(identity).len() as u32, 2);
		let pruned: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::Registry(Event::AttestationPruned { attestor, reason, .. }) => {
					Some((attestor, reason))
				},
				_ => None,
			})
			.collect();
		assert_eq!(pruned.len(), 3);
		assert!(pruned.contains(&(201, Ineligibility::Expired)));
		assert!(pruned.contains(&(203, Ineligibility::AttestorRemoved)));
		assert!(crate::Pallet::<Test>::attestation(identity, &US_EXCHANGE).is_some());
		assert_eq!(profile(INVESTOR).unwrap().class, InvestorClass::Accredited);
	});
}

/// Issue 13, defect 6 (the attestation side): a security that trusts only some attestors
/// sees the profile their claims make, whatever another attestor said later.
#[test]
fn a_profile_restricted_to_trusted_attestors_ignores_later_claims_of_others() {
	new_test_ext().execute_with(|| {
		let identity = onboard(US_EXCHANGE, &[INVESTOR]);
		assert_ok!(Registry::register_attestor(root(), 201, name("Lenient"), codes(&["US"])));
		attest(US_EXCHANGE, identity, "US", InvestorClass::Retail, 365);
		set_time(START + DAY);
		invite(INVESTOR, 201);
		attest(201, identity, "US", InvestorClass::Accredited, 365);
		let profile = profile(INVESTOR).unwrap();
		assert_eq!(profile.class, InvestorClass::Accredited);
		let trusted = profile.restricted_to(&[US_EXCHANGE]).unwrap();
		assert_eq!(trusted.class, InvestorClass::Retail);
		assert_eq!(trusted.attestors().copied().collect::<Vec<_>>(), vec![US_EXCHANGE]);
		assert!(profile.restricted_to(&[EU_EXCHANGE]).is_none());
	});
}

#[test]
fn the_consortium_registers_attestors() {
	new_test_ext().execute_with(|| {
		assert_ok!(Registry::register_attestor(
			root(),
			300,
			name("Alpine KYC"),
			codes(&["CH", "LI"])
		));
		assert_eq!(
			last_event(),
			Event::AttestorRegistered {
				attestor: 300,
				jurisdictions: vec![code("CH"), code("LI")]
			}
		);
		assert_noop!(
			Registry::register_attestor(signed(US_EXCHANGE), 301, name("X"), codes(&["CH"])),
			Error::<Test>::NotConsortium
		);
		assert_noop!(
			Registry::register_attestor(root(), 300, name("X"), codes(&["CH"])),
			Error::<Test>::AlreadyAttestor
		);
		assert_noop!(
			Registry::register_attestor(root(), 301, name("X"), codes(&[])),
			Error::<Test>::NoJurisdictions
		);
		assert_noop!(
			Registry::register_attestor(root(), 301, name("X"), codes(&["ch"])),
			Error::<Test>::InvalidJurisdiction
		);
		assert_noop!(
			Registry::register_attestor(root(), 301, name("X"), codes(&["CH", "CH"])),
			Error::<Test>::DuplicateJurisdiction
		);
		assert_noop!(Registry::suspend_attestor(root(), 301), Error::<Test>::UnknownAttestor);
		assert_noop!(Registry::remove_attestor(root(), 301), Error::<Test>::UnknownAttestor);
		assert_noop!(Registry::reinstate_attestor(root(), 300), Error::<Test>::NotSuspended);
		assert_ok!(Registry::suspend_attestor(root(), 300));
		assert_noop!(Registry::suspend_attestor(root(), 300), Error::<Test>::AlreadySuspended);
		assert_noop!(Registry::suspend_attestor(signed(300), 300), Error::<Test>::NotConsortium);
		assert_noop!(Registry::remove_attestor(signed(300), 300), Error::<Test>::NotConsortium);
		assert_noop!(Registry::reinstate_attestor(signed(300), 300), Error::<Test>::NotConsortium);
	});
}

mod appointment;
mod commitments;
mod dismissals;
mod licences;
mod links;
