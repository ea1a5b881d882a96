//! A test runtime: the securities pallet over real `pallet-assets` (this pallet its freezer)
//! and `pallet-timestamp`, with investors and venues standing in for attestation and the
//! consortium, so each test sets exactly the profiles it needs.

use crate as pallet_securities;
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU128, ConstU32},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;
use stledger_primitives::{IdentityId, InvestorClass, InvestorRegistry};

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Ledger: pallet_securities,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = Balance;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<frame_system::EnsureSigned<u64>>;
	type ForceOrigin = EnsureRoot<u64>;
	type Freezer = Ledger;
	type AssetDeposit = ConstU128<0>;
	type AssetAccountDeposit = ConstU128<0>;
	type MetadataDepositBase = ConstU128<0>;
	type MetadataDepositPerByte = ConstU128<0>;
	type ApprovalDeposit = ConstU128<0>;
}

/// Stands in for `pallet-attestation` (the shared test double): profiles set by the test.
pub type MockInvestors = stledger_primitives::testing::MockInvestors<u64>;
pub use stledger_primitives::testing::{add_claim, make_ineligible};

/// Make `account` an investor of `identity`, attested by [`ATTESTOR`].
pub fn investor(
	account: u64,
	identity: IdentityId,
	jurisdiction: &str,
	class: InvestorClass,
	risk: u8,
) {
	stledger_primitives::testing::investor(account, identity, jurisdiction, class, risk, ATTESTOR);
}

/// Make `attestor` the only one vouching for `account` (same profile otherwise).
pub fn attested_by(account: u64, attestor: u64) {
	let profile = <MockInvestors as InvestorRegistry<u64>>::profile(&account).unwrap();
	stledger_primitives::testing::investor(
		account,
		profile.identity,
		profile.jurisdiction.as_str(),
		profile.class,
		profile.risk_tolerance,
		attestor,
	);
}

parameter_types! {
	pub const SecuritiesPalletId: PalletId = PalletId(*b"stl/secs");
}

impl pallet_securities::Config for Test {
	type Balance = Balance;
	type Assets = crate::direct_transfers::DirectTransfers<Test>;
	type Investors = MockInvestors;
	type Exchanges = stledger_primitives::testing::MockExchanges<u64>;
	type Subscriptions = stledger_primitives::testing::MockCommitments<u64>;
	type Time = Timestamp;
	type PalletId = SecuritiesPalletId;
	type FirstSecurityId = ConstU32<1000>;
	type StringLimit = ConstU32<32>;
	type MaxRuleEntries = ConstU32<32>;
	type MaxAgents = ConstU32<3>;
	type MaxSecuritiesPerIssuer = ConstU32<3>;
	type MaxIssuerAccounts = ConstU32<3>;
	type MaxLots = ConstU32<4>;
	type MaxReasonLength = ConstU32<64>;
	type WeightInfo = ();
}

/// The attestor every mock profile names by default.
pub const ATTESTOR: u64 = 900;
/// The issuer's account (identity 1, US institutional).
pub const ISSUER: u64 = 1;
/// An agent the issuer may appoint (identity 2).
pub const AGENT: u64 = 2;
/// US accredited investor (identity 10), risk 4.
pub const ALICE: u64 = 10;
/// Alice's second account (identity 10).
pub const ALICE_2: u64 = 11;
/// DE professional investor (identity 20), risk 4.
pub const BOB: u64 = 20;
/// US retail investor (identity 30), risk 2.
pub const CAROL: u64 = 30;
/// SG institutional investor (identity 40), risk 5.
pub const DAVE: u64 = 40;
/// Nobody: no identity.
pub const STRANGER: u64 = 99;

/// One day in ms.
pub const DAY: u64 = 24 * 60 * 60 * 1000;
/// The mock chain's start: 2026-01-01.
pub const START: u64 = 1_767_225_600_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	stledger_primitives::testing::reset();
	// Two venues (exchanges 0 and 1), licensed everywhere.
	for venue in [0, 1] {
		stledger_primitives::testing::exchange(
			venue,
			800 + u64::from(venue),
			&[stledger_primitives::testing::EVERYWHERE],
		);
	}
	let storage = RuntimeGenesisConfig::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(START);
		investor(ISSUER, 1, "US", InvestorClass::Institutional, 5);
		investor(ALICE, 10, "US", InvestorClass::Accredited, 4);
		stledger_primitives::testing::link(ALICE, ALICE_2);
		investor(BOB, 20, "DE", InvestorClass::Professional, 4);
		investor(CAROL, 30, "US", InvestorClass::Retail, 2);
		investor(DAVE, 40, "SG", InvestorClass::Institutional, 5);
	});
	ext
}

/// Move the clock.
pub fn set_time(moment: u64) {
	Timestamp::set_timestamp(moment);
}
