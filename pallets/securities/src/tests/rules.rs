//! Rules: validated before they are stored, and the regime presets' figures.

use super::*;

#[test]
fn rules_are_validated() {
	new_test_ext().execute_with(|| {
		create();
		let rules = RulesOf::<Test> {
			allowed_jurisdictions: vec![CountryCode(*b"us")].try_into().unwrap(),
			..Default::default()
		};
		assert_noop!(
			Ledger::set_rules(signed(ISSUER), SECURITY, rules),
			Error::<Test>::InvalidJurisdiction
		);
		let rules = RulesOf::<Test> { risk_rating: Some(6), ..Default::default() };
		assert_noop!(
			Ledger::set_rules(signed(ISSUER), SECURITY, rules),
			Error::<Test>::InvalidRiskRating
		);
		let rules = RulesOf::<Test> { max_holders: Some(0), ..Default::default() };
		assert_noop!(
			Ledger::set_rules(signed(ISSUER), SECURITY, rules),
			Error::<Test>::InvalidLimit
		);
		let class_limits = |limits: Vec<(InvestorClass, u32)>| RulesOf::<Test> {
			max_holders_per_class: limits.try_into().unwrap(),
			..Default::default()
		};
		assert_noop!(
			Ledger::set_rules(
				signed(ISSUER),
				SECURITY,
				class_limits(vec![(InvestorClass::Retail, 0)])
			),
			Error::<Test>::InvalidLimit
		);
		assert_noop!(
			Ledger::set_rules(
				signed(ISSUER),
				SECURITY,
				class_limits(vec![
					(InvestorClass::Retail, 35),
					(InvestorClass::Accredited, 10),
					(InvestorClass::Retail, 99)
				])
			),
			Error::<Test>::DuplicateClassLimit
		);
		let rules = RulesOf::<Test> { issuance_lockup: Some(0), ..Default::default() };
		assert_noop!(
			Ledger::set_rules(signed(ISSUER), SECURITY, rules),
			Error::<Test>::InvalidLockup
		);
		// Nor longer than ten years: an offering without a lock-up of its own takes the rules'
		// at settlement, after its subscribers paid.
		let rules = RulesOf::<Test> {
			issuance_lockup: Some(MAX_ISSUANCE_LOCKUP + 1),
			..Default::default()
		};
		assert_noop!(
			Ledger::set_rules(signed(ISSUER), SECURITY, rules),
			Error::<Test>::InvalidLockup
		);
		let rules =
			RulesOf::<Test> { issuance_lockup: Some(MAX_ISSUANCE_LOCKUP), ..Default::default() };
		assert_ok!(Ledger::set_rules(signed(ISSUER), SECURITY, rules));
		// The smallest of each is accepted.
		let rules = RulesOf::<Test> {
			issuance_lockup: Some(1),
			..class_limits(vec![(InvestorClass::Retail, 1), (InvestorClass::Accredited, 1)])
		};
		assert_ok!(Ledger::set_rules(signed(ISSUER), SECURITY, rules));
	});
}

// A zero issuance lock-up stored before release 125 refused it locks nothing: issuance, an
// offering's settlement included, goes through free. One longer than ten years is cut to ten.
#[test]
fn a_stored_zero_or_overlong_issuance_lockup_is_read_within_the_bounds() {
	new_test_ext().execute_with(|| {
		create();
		Securities::<Test>::mutate_extant(SECURITY, |info| info.rules.issuance_lockup = Some(0));
		assert_ok!(Ledger::mint(signed(ISSUER), SECURITY, ALICE, 10, None));
		assert_ok!(<Ledger as SecuritiesLedger<u64, u128>>::issue(SECURITY, &BOB, 10, None));
		assert_eq!(Ledger::locked(SECURITY, &ALICE, START), 0);
		assert_eq!(Ledger::locked(SECURITY, &BOB, START), 0);
		assert_ok!(Ledger::transfer(signed(ALICE), SECURITY, BOB, 10));
		// One stored longer than the bound locks no longer than it (helper-73).
		Securities::<Test>::mutate_extant(SECURITY, |info| {
			info.rules.issuance_lockup = Some(u64::MAX)
		});
		mint(CAROL, 10);
		let lots = Ledger::position(SECURITY, &CAROL).lots;
		assert_eq!(lots[0].unlock_at, issuance_unlock(START, MAX_ISSUANCE_LOCKUP));
	});
}

#[test]
fn presets_carry_the_regimes_figures() {
	new_test_ext().execute_with(|| {
		let b = presets::rules::<Test>(RegimePreset::RegD506b, START);
		assert_eq!(b.allowed_jurisdictions.into_inner(), vec![code("US")]);
		assert_eq!(b.max_holders_per_class.into_inner(), vec![(InvestorClass::Retail, 35)]);
		assert_eq!(b.issuance_lockup, Some(365 * DAY));
		assert!(!b.peer_to_peer);
		let c = presets::rules::<Test>(RegimePreset::RegD506c, START);
		assert!(!c.allowed_classes.iter().any(|r| r.class == InvestorClass::Retail));
		let s = presets::rules::<Test>(RegimePreset::RegS1Year, START);
		assert_eq!(s.restrictions[0].until, START + 365 * DAY);
		let eu = presets::rules::<Test>(RegimePreset::EuQualifiedInvestors, START);
		assert_eq!(eu.allowed_jurisdictions.len(), 30);
		assert!(presets::rules::<Test>(RegimePreset::RegCF, START).issuance_lockup.is_some());
		assert_eq!(
			presets::rules::<Test>(RegimePreset::RegAPlusTier2, START),
			RulesOf::<Test>::default()
		);

		// Reg D 506(c): a US retail investor is refused, a US accredited one accepted.
		assert_ok!(Ledger::create_security(
			signed(ISSUER),
			text("D"),
			text("D"),
			None,
			0,
			Some(RegimePreset::RegD506c)
		));
		assert_noop!(
			Ledger::mint(signed(ISSUER), SECURITY, CAROL, 1, None),
			Error::<Test>::ClassNotAllowed
		);
		assert_noop!(
			Ledger::mint(signed(ISSUER), SECURITY, BOB, 1, None),
			Error::<Test>::JurisdictionNotAllowed
		);
		mint(ALICE, 1);
	});
}

// Tokens issued under the rules' lock-up unlock at the end of the UTC day its period ends in:
// a day's issuances share one lot, and no lock ends before its period.
#[test]
fn issuance_lockups_from_the_rules_end_on_a_day_boundary() {
	new_test_ext().execute_with(|| {
		create();
		set_rules(|r| r.issuance_lockup = Some(365 * DAY));
		set_time(START + 9 * 60 * 60 * 1000);
		mint(ALICE, 10);
		set_time(START + 17 * 60 * 60 * 1000);
		mint(ALICE, 5);
		let lots = Ledger::position(SECURITY, &ALICE).lots;
		assert_eq!(lots.len(), 1);
		assert_eq!((lots[0].amount, lots[0].unlock_at), (15, START + 366 * DAY));
		assert_eq!(issuance_unlock(START, 365 * DAY), START + 365 * DAY, "a boundary stays");
		assert_eq!(issuance_unlock(START + 1, 365 * DAY), START + 366 * DAY);
	});
}
