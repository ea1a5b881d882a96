//! Regime presets: the brief's figures as data an issuer starts from.

use crate::{ClassRule, Config, RegimePreset, Restriction, RulesOf};
use frame_support::BoundedVec;
use stledger_primitives::{CountryCode, InvestorClass, Moment};

const DAY: Moment = 24 * 60 * 60 * 1000;
const YEAR: Moment = 365 * DAY;

/// US Exchange Act section 12(g): registration above 2,000 holders of record.
const SECTION_12G_HOLDERS: u32 = 2_000;
/// Rule 506(b): at most 35 non-accredited purchasers.
const RULE_506B_NON_ACCREDITED: u32 = 35;

/// The EEA: the EU member states, Iceland, Liechtenstein and Norway.
const EEA: [&[u8; 2]; 30] = [
	b"AT", b"BE", b"BG", b"HR", b"CY", b"CZ", b"DK", b"EE", b"FI", b"FR", b"DE", b"GR", b"HU",
	b"IE", b"IT", b"LV", b"LT", b"LU", b"MT", b"NL", b"PL", b"PT", b"RO", b"SK", b"SI", b"ES",
	b"SE", b"IS", b"LI", b"NO",
];

fn codes<T: Config>(list: &[&[u8; 2]]) -> BoundedVec<CountryCode, T::MaxRuleEntries> {
	let codes: alloc::vec::Vec<CountryCode> = list.iter().map(|c| CountryCode(**c)).collect();
	codes.try_into().expect("MaxRuleEntries holds every preset list (at least 30)")
}

fn classes<T: Config>(list: &[InvestorClass]) -> BoundedVec<ClassRule, T::MaxRuleEntries> {
	let rules: alloc::vec::Vec<ClassRule> =
		list.iter().map(|class| ClassRule { class: *class, jurisdiction: None }).collect();
	rules.try_into().expect("four classes fit")
}

/// The rules of `preset`, with periods counted from `now`.
pub fn rules<T: Config>(preset: RegimePreset, now: Moment) -> RulesOf<T> {
	use InvestorClass::*;
	let mut rules = RulesOf::<T>::default();
	match preset {
		RegimePreset::RegD506b => {
			rules.allowed_jurisdictions = codes::<T>(&[b"US"]);
			rules.max_holders = Some(SECTION_12G_HOLDERS);
			rules.max_holders_per_class =
				alloc::vec![(Retail, RULE_506B_NON_ACCREDITED)].try_into().expect("one fits");
			rules.peer_to_peer = false;
			rules.issuance_lockup = Some(YEAR);
		},
		RegimePreset::RegD506c => {
			rules.allowed_jurisdictions = codes::<T>(&[b"US"]);
			rules.allowed_classes = classes::<T>(&[Accredited, Professional, Institutional]);
			rules.max_holders = Some(SECTION_12G_HOLDERS);
			rules.peer_to_peer = false;
			rules.issuance_lockup = Some(YEAR);
		},
		RegimePreset::RegS40Days | RegimePreset::RegS1Year => {
			// Offered outside the US; during the period the tokens may not flow back to US
			// investors. Afterwards they may (the Reg S offering itself narrows to non-US buyers).
			let period = if preset == RegimePreset::RegS40Days { 40 * DAY } else { YEAR };
			rules.restrictions = alloc::vec![Restriction {
				jurisdiction: CountryCode(*b"US"),
				until: now.saturating_add(period),
			}]
			.try_into()
			.expect("one fits");
		},
		RegimePreset::RegAPlusTier2 => {},
		RegimePreset::RegCF => {
			rules.issuance_lockup = Some(YEAR);
		},
		RegimePreset::EuQualifiedInvestors => {
			rules.allowed_jurisdictions = codes::<T>(&EEA);
			rules.allowed_classes = classes::<T>(&[Professional, Institutional]);
		},
	}
	rules
}
