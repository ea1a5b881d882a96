//! Issue 13's attacks on the securities pallet, each refused by name with nothing changed:
//! a key linked to the issuer's identity acting as the issuer, a lenient attestor deciding a
//! security's investors, a sell order reserving a paused security or through a venue the
//! security does not allow, and a lapsed lock-up refusing an issuance.

use super::*;

/// Defect 1: any account linked to the issuer's identity (an attestor could attach its own)
/// acted as the issuer; now only the security's explicit issuer accounts do.
#[test]
fn a_key_linked_to_the_issuer_identity_is_not_an_issuer_account() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		const INTRUDER: u64 = 66;
		stledger_primitives::testing::link(ISSUER, INTRUDER);
		assert_noop!(
			Ledger::forced_transfer(signed(INTRUDER), SECURITY, ALICE, INTRUDER, 100, why()),
			Error::<Test>::NotAdministrator
		);
		assert_noop!(
			Ledger::add_agent(signed(INTRUDER), SECURITY, INTRUDER),
			Error::<Test>::NotIssuer
		);
		assert_noop!(
			Ledger::add_issuer_account(signed(INTRUDER), SECURITY, INTRUDER),
			Error::<Test>::NotIssuer
		);
		assert_eq!(IssuerAccounts::<Test>::get(SECURITY).into_inner(), vec![ISSUER]);
	});
}

#[test]
fn issuer_accounts_are_added_and_removed_by_the_issuer_only() {
	new_test_ext().execute_with(|| {
		create();
		const TREASURY: u64 = 3;
		stledger_primitives::testing::link(ISSUER, TREASURY);
		// Only accounts of the issuer's identity; not by an agent.
		assert_noop!(
			Ledger::add_issuer_account(signed(ISSUER), SECURITY, ALICE),
			Error::<Test>::NotIssuerIdentity
		);
		assert_ok!(Ledger::add_agent(signed(ISSUER), SECURITY, AGENT));
		assert_noop!(
			Ledger::add_issuer_account(signed(AGENT), SECURITY, TREASURY),
			Error::<Test>::NotIssuer
		);
		assert_ok!(Ledger::add_issuer_account(signed(ISSUER), SECURITY, TREASURY));
		assert_eq!(
			last_event(),
			Event::IssuerAccountAdded { security: SECURITY, account: TREASURY, by: ISSUER }
		);
		assert_noop!(
			Ledger::add_issuer_account(signed(ISSUER), SECURITY, TREASURY),
			Error::<Test>::AlreadyIssuerAccount
		);
		assert_ok!(Ledger::mint(signed(TREASURY), SECURITY, ALICE, 5, None));
		// The treasury removes the creating account (a lost key); the last one stays.
		assert_noop!(
			Ledger::remove_issuer_account(signed(AGENT), SECURITY, ISSUER),
			Error::<Test>::NotIssuer
		);
		assert_ok!(Ledger::remove_issuer_account(signed(TREASURY), SECURITY, ISSUER));
		assert_eq!(
			last_event(),
			Event::IssuerAccountRemoved { security: SECURITY, account: ISSUER, by: TREASURY }
		);
		assert_noop!(
			Ledger::mint(signed(ISSUER), SECURITY, ALICE, 5, None),
			Error::<Test>::NotAdministrator
		);
		assert_noop!(
			Ledger::remove_issuer_account(signed(TREASURY), SECURITY, TREASURY),
			Error::<Test>::LastIssuerAccount
		);
		assert_noop!(
			Ledger::remove_issuer_account(signed(TREASURY), SECURITY, ISSUER),
			Error::<Test>::NotIssuerAccount
		);
		assert_noop!(
			Ledger::add_issuer_account(signed(TREASURY), 4242, ISSUER),
			Error::<Test>::UnknownSecurity
		);
	});
}

/// Defect 6: a lenient attestor's later claim decided jurisdiction and class even for a
/// security that names trusted attestors.
#[test]
fn a_securitys_trusted_attestors_decide_its_investors_class_and_jurisdiction() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		const LENIENT: u64 = 777;
		set_rules(|r| {
			r.trusted_attestors = vec![ATTESTOR].try_into().unwrap();
			r.allowed_classes =
				vec![ClassRule { class: InvestorClass::Accredited, jurisdiction: None }]
					.try_into()
					.unwrap();
		});
		// Carol is US retail per the trusted attestor; a lenient one says accredited, later.
		add_claim(CAROL, LENIENT, "US", InvestorClass::Accredited, START);
		assert_eq!(MockInvestors::profile(&CAROL).unwrap().class, InvestorClass::Accredited);
		assert_eq!(
			reasons(ALICE, CAROL, 1, TransferKind::PeerToPeer),
			vec![Reason::ClassNotAllowed]
		);
		assert_noop!(
			Ledger::transfer(signed(ALICE), SECURITY, CAROL, 1),
			Error::<Test>::ClassNotAllowed
		);
		// A Reg S security trusting the same attestor: a US person made "DE" by the lenient
		// attestor is still a US person to it.
		set_rules(|r| {
			r.allowed_classes = Default::default();
			r.denied_jurisdictions = codes(&["US"]);
		});
		stledger_primitives::testing::link(ALICE, ALICE_2);
		add_claim(ALICE_2, LENIENT, "DE", InvestorClass::Accredited, START);
		assert_eq!(
			Ledger::can_transfer(SECURITY, None, &ALICE_2, 1, TransferKind::Issuance),
			Err(vec![Reason::JurisdictionDenied])
		);
		// An investor only the lenient attestor vouches for is not the security's investor.
		stledger_primitives::testing::investor(
			55,
			55,
			"DE",
			InvestorClass::Professional,
			5,
			LENIENT,
		);
		assert_noop!(
			Ledger::mint(signed(ISSUER), SECURITY, 55, 1, None),
			Error::<Test>::AttestorNotTrusted
		);
	});
}

/// Defects 10 and 11: a sell order reserved tokens of a paused security, or through a venue
/// the security does not allow.
#[test]
fn a_sell_order_cannot_reserve_a_paused_security_or_through_a_disallowed_venue() {
	new_test_ext().execute_with(|| {
		create();
		mint(ALICE, 100);
		let reserve =
			|venue| <Ledger as SecuritiesLedger<u64, u128>>::reserve(SECURITY, &ALICE, 10, venue);
		assert_ok!(Ledger::pause(signed(ISSUER), SECURITY, why()));
		assert_noop!(reserve(0), Error::<Test>::SecurityPaused);
		assert_ok!(Ledger::unpause(signed(ISSUER), SECURITY, why()));
		set_rules(|r| r.venues = vec![1].try_into().unwrap());
		assert_noop!(reserve(0), Error::<Test>::VenueNotAllowed);
		assert_ok!(reserve(1));
		assert_eq!(Ledger::position(SECURITY, &ALICE).reserved, 10);
	});
}

/// Defect 9 (the ledger's side): an issuance under a lock-up that has already ended is
/// issued free, never refused.
#[test]
fn an_issuance_whose_lockup_has_passed_is_issued_unlocked() {
	new_test_ext().execute_with(|| {
		create();
		assert_ok!(<Ledger as SecuritiesLedger<u64, u128>>::issue(
			SECURITY,
			&ALICE,
			10,
			Some(START - 1)
		));
		assert!(Ledger::position(SECURITY, &ALICE).lots.is_empty());
		assert_eq!(reasons(ALICE, BOB, 10, TransferKind::PeerToPeer), vec![]);
		// A direct mint with a past date is still a mistake, refused by name.
		assert_noop!(
			Ledger::mint(signed(ISSUER), SECURITY, ALICE, 1, Some(START - 1)),
			Error::<Test>::LockupInPast
		);
	});
}

/// Anyone attested could create securities without end, each an asset and records the chain
/// keeps for good: an identity creates a bounded number, over all its accounts.
#[test]
fn an_issuer_identity_creates_a_bounded_number_of_securities() {
	new_test_ext().execute_with(|| {
		let max =
			<<Test as Config>::MaxSecuritiesPerIssuer as frame_support::traits::Get<u32>>::get();
		for _ in 0..max {
			create();
		}
		stledger_primitives::testing::link(ISSUER, 3);
		for who in [ISSUER, 3] {
			assert_noop!(
				Ledger::create_security(signed(who), text("More"), text("MORE"), None, 0, None),
				Error::<Test>::TooManySecurities
			);
		}
		assert_eq!(SecuritiesOfIssuer::<Test>::get(1), max);
		// Another identity is not affected.
		assert_ok!(Ledger::create_security(signed(ALICE), text("Own"), text("OWN"), None, 0, None));
	});
}
