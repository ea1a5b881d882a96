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
