//! A test runtime: offerings over the real securities pallet and `pallet-assets` (one cash
//! asset, USDX), with investors standing in for attestation so each test sets the profiles it
//! needs.

use crate as pallet_offerings;
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU128, ConstU32},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;
use stledger_primitives::{IdentityId, InvestorClass, SecurityId};

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u128;
/// Accounts are 16 bytes: enough for each offering's escrow sub-account to be distinct.
pub type AccountId = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Securities: pallet_securities,
		Offerings: pallet_offerings,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
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
	type CreateOrigin = AsEnsureOriginWithArg<frame_system::EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Freezer = Securities;
	type AssetDeposit = ConstU128<0>;
	type AssetAccountDeposit = ConstU128<0>;
	type MetadataDepositBase = ConstU128<0>;
	type MetadataDepositPerByte = ConstU128<0>;
	type ApprovalDeposit = ConstU128<0>;
}

/// Stands in for `pallet-attestation` (the shared test double): profiles set by the test.
pub type MockInvestors = stledger_primitives::testing::MockInvestors<AccountId>;
pub use stledger_primitives::testing::{link as second_account, make_ineligible};

/// The attestor every mock profile names.
pub const ATTESTOR: AccountId = 900;

/// Make `account` an attested investor of `identity`.
pub fn investor(
	account: AccountId,
	identity: IdentityId,
	jurisdiction: &str,
	class: InvestorClass,
	risk: u8,
) {
	stledger_primitives::testing::investor(account, identity, jurisdiction, class, risk, ATTESTOR);
}

parameter_types! {
	pub const SecuritiesPalletId: PalletId = PalletId(*b"stl/secs");
	pub const OfferingsPalletId: PalletId = PalletId(*b"stl/offr");
	/// Three, unless a test raises it (as an upgrade may).
	pub static SettlementBatch: u32 = 3;
}

impl pallet_securities::Config for Test {
	type Balance = Balance;
	type Assets = pallet_securities::direct_transfers::DirectTransfers<Test>;
	type Investors = MockInvestors;
	type Exchanges = stledger_primitives::testing::MockExchanges<AccountId>;
	type Subscriptions = Offerings;
	type Time = Timestamp;
	type PalletId = SecuritiesPalletId;
	type FirstSecurityId = ConstU32<1000>;
	type StringLimit = ConstU32<32>;
	type MaxRuleEntries = ConstU32<32>;
	type MaxAgents = ConstU32<3>;
	type MaxSecuritiesPerIssuer = ConstU32<8>;
	type MaxIssuerAccounts = ConstU32<3>;
	type MaxLots = ConstU32<4>;
	type MaxReasonLength = ConstU32<64>;
	type WeightInfo = ();
}

impl pallet_offerings::Config for Test {
	type Balance = Balance;
	type Assets = pallet_securities::direct_transfers::DirectTransfers<Test>;
	type Securities = Securities;
	type Investors = MockInvestors;
	type ConsortiumOrigin = EnsureRoot<AccountId>;
	type Time = Timestamp;
	type PalletId = OfferingsPalletId;
	type MaxJurisdictions = ConstU32<8>;
	type MaxSettlementBatch = SettlementBatch;
	type WeightInfo = ();
}

/// The cash asset (6 decimals, minimum balance 1 000 = 0.001).
pub const USDX: u32 = 1;
/// A cash asset nobody registered for settlement.
pub const EURX: u32 = 2;
/// One USDX.
pub const DOLLAR: Balance = 1_000_000;
/// Each investor's starting cash.
pub const CASH: Balance = 1_000_000 * DOLLAR;
/// One whole token of the test security (6 decimals).
pub const TOKEN: Balance = 1_000_000;

/// The issuer (identity 1, US institutional).
pub const ISSUER: AccountId = 1;
/// The issuer's second account, where proceeds go.
pub const TREASURY: AccountId = 3;
/// An agent the issuer appoints (identity 2).
pub const AGENT: AccountId = 2;
/// US accredited (identity 10), risk 4.
pub const ALICE: AccountId = 10;
/// Alice's second account (identity 10).
pub const ALICE_2: AccountId = 11;
/// DE professional (identity 20), risk 4.
pub const BOB: AccountId = 20;
/// US retail (identity 30), risk 2.
pub const CAROL: AccountId = 30;
/// SG institutional (identity 40), risk 5.
pub const DAVE: AccountId = 40;
/// SG retail (identity 50), risk 5.
pub const ERIN: AccountId = 50;
/// Nobody: no identity.
pub const STRANGER: AccountId = 99;

/// Every account holding cash at the start.
pub const CASH_HOLDERS: [AccountId; 9] =
	[ISSUER, TREASURY, AGENT, ALICE, ALICE_2, BOB, CAROL, DAVE, ERIN];

/// One day in ms.
pub const DAY: u64 = 24 * 60 * 60 * 1000;
/// The mock chain's start: 2026-01-01.
pub const START: u64 = 1_767_225_600_000;

/// The security every test sells: id 1000, issued by `ISSUER`, no rules.
pub const SECURITY: SecurityId = 1000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	stledger_primitives::testing::reset();
	let mut storage = RuntimeGenesisConfig::default().build_storage().unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(USDX, 500, true, 1_000), (EURX, 500, true, 1_000)],
		metadata: vec![
			(USDX, b"US Dollar".to_vec(), b"USDX".to_vec(), 6),
			(EURX, b"Euro".to_vec(), b"EURX".to_vec(), 6),
		],
		accounts: CASH_HOLDERS.iter().map(|who| (USDX, *who, CASH)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_offerings::GenesisConfig::<Test> { settlement_assets: vec![USDX], ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(START);
		investor(ISSUER, 1, "US", InvestorClass::Institutional, 5);
		second_account(ISSUER, TREASURY);
		investor(AGENT, 2, "US", InvestorClass::Institutional, 5);
		investor(ALICE, 10, "US", InvestorClass::Accredited, 4);
		second_account(ALICE, ALICE_2);
		investor(BOB, 20, "DE", InvestorClass::Professional, 4);
		investor(CAROL, 30, "US", InvestorClass::Retail, 2);
		investor(DAVE, 40, "SG", InvestorClass::Institutional, 5);
		investor(ERIN, 50, "SG", InvestorClass::Retail, 5);
		assert_ok!(Securities::create_security(
			RuntimeOrigin::signed(ISSUER),
			b"Acme Preferred".to_vec().try_into().unwrap(),
			b"ACME".to_vec().try_into().unwrap(),
			None,
			6,
			None,
		));
		System::reset_events();
	});
	ext
}

/// Move the clock.
pub fn set_time(moment: u64) {
	Timestamp::set_timestamp(moment);
}
