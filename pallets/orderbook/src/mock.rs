//! A test runtime: the order book over the real securities pallet and `pallet-assets` (one
//! cash asset, USDX), with investors and venues standing in for attestation and the
//! consortium so each test sets the profiles and licences it needs.

use crate as pallet_orderbook;
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU128, ConstU32},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;
use stledger_primitives::{ExchangeId, IdentityId, InvestorClass, SecurityId};

type Block = frame_system::mocking::MockBlock<Test>;
/// Balances of cash and tokens.
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
		Orderbook: pallet_orderbook,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
	// The database weights the `()` weights below are written with, so that what a call is
	// refunded for storage it did not touch (`charges::rest_storage`) is not zero here.
	type DbWeight = frame_support::weights::constants::ParityDbWeight;
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
	type Freezer = pallet_orderbook::WithCashReservations<Test, Securities>;
	type AssetDeposit = ConstU128<0>;
	type AssetAccountDeposit = ConstU128<0>;
	type MetadataDepositBase = ConstU128<0>;
	type MetadataDepositPerByte = ConstU128<0>;
	type ApprovalDeposit = ConstU128<0>;
}

/// Stands in for `pallet-attestation` (the shared test double): profiles set by the test.
pub type MockInvestors = stledger_primitives::testing::MockInvestors<AccountId>;
pub use stledger_primitives::testing::{
	link as second_account, make_ineligible, suspend_exchange as suspend_venue,
};

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

/// The US venue (exchange 0, operator `US_VENUE_OPERATOR`): licensed for US.
pub const US_VENUE: ExchangeId = 0;
/// The SG venue (exchange 1, operator `SG_VENUE_OPERATOR`): licensed for SG and DE.
pub const SG_VENUE: ExchangeId = 1;
/// A third venue (exchange 2), licensed for SG, that lists no market at first.
pub const OTHER_VENUE: ExchangeId = 2;
/// Operator accounts of the venues.
pub const US_VENUE_OPERATOR: AccountId = 500;
/// See [`US_VENUE_OPERATOR`].
pub const SG_VENUE_OPERATOR: AccountId = 501;
/// See [`US_VENUE_OPERATOR`].
pub const OTHER_VENUE_OPERATOR: AccountId = 502;

parameter_types! {
	pub const SecuritiesPalletId: PalletId = PalletId(*b"stl/secs");
	pub const OrderbookPalletId: PalletId = PalletId(*b"stl/book");
}

impl pallet_securities::Config for Test {
	type Balance = Balance;
	type Assets = pallet_securities::direct_transfers::DirectTransfers<Test>;
	type Investors = MockInvestors;
	type Exchanges = stledger_primitives::testing::MockExchanges<AccountId>;
	type Subscriptions = stledger_primitives::testing::MockCommitments<AccountId>;
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

impl pallet_orderbook::Config for Test {
	type Balance = Balance;
	type Assets = pallet_securities::direct_transfers::DirectTransfers<Test>;
	type Securities = Securities;
	type Investors = MockInvestors;
	type Exchanges = stledger_primitives::testing::MockExchanges<AccountId>;
	type ConsortiumOrigin = EnsureRoot<AccountId>;
	type Time = Timestamp;
	type PalletId = OrderbookPalletId;
	type MaxVenues = ConstU32<4>;
	type MaxPriceLevels = ConstU32<8>;
	type MaxOpenOrders = ConstU32<8>;
	type MaxOpenOrdersPerIdentity = ConstU32<4>;
	type MaxOrdersPerLevel = ConstU32<3>;
	type LiveCash = LiveCash;
	type PayingCashAccounts = PayingCashAccounts;
	type MaxRecentClientIds = ConstU32<4>;
	type MaxFillsPerCall = ConstU32<6>;
	type MaxExpiriesPerBlock = ConstU32<3>;
	type MaxRecentTrades = ConstU32<5>;
	type WeightInfo = ();
}

/// Cash accounts `pallet-assets` says may pay (neither frozen nor blocked).
pub struct PayingCashAccounts;
impl frame_support::traits::Contains<(u32, AccountId)> for PayingCashAccounts {
	fn contains((asset, who): &(u32, AccountId)) -> bool {
		pallet_assets::Account::<Test>::get(asset, who)
			.is_some_and(|account| !account.status.is_frozen())
	}
}

/// Cash assets `pallet-assets` says are live (not frozen whole).
pub struct LiveCash;
impl frame_support::traits::Contains<u32> for LiveCash {
	fn contains(asset: &u32) -> bool {
		Assets::asset_details(*asset)
			.is_some_and(|details| details.status == pallet_assets::AssetStatus::Live)
	}
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
pub const CASH_HOLDERS: [AccountId; 7] = [ISSUER, ALICE, ALICE_2, BOB, CAROL, DAVE, ERIN];

/// One day in ms.
pub const DAY: u64 = 24 * 60 * 60 * 1000;
/// The mock chain's start: 2026-01-01.
pub const START: u64 = 1_767_225_600_000;

/// The security every test sells: id 1000, issued by `ISSUER`, no rules.
pub const SECURITY: SecurityId = 1000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	stledger_primitives::testing::reset();
	stledger_primitives::testing::exchange(US_VENUE, US_VENUE_OPERATOR, &["US"]);
	stledger_primitives::testing::exchange(SG_VENUE, SG_VENUE_OPERATOR, &["SG", "DE"]);
	stledger_primitives::testing::exchange(OTHER_VENUE, OTHER_VENUE_OPERATOR, &["SG"]);
	let mut storage = RuntimeGenesisConfig::default().build_storage().unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(USDX, 500, true, 1_000), (EURX, 500, true, 1_000)],
		metadata: vec![
			(USDX, b"US Dollar".to_vec(), b"USDX".to_vec(), 6),
			(EURX, b"Euro".to_vec(), b"EURX".to_vec(), 6),
		],
		accounts: CASH_HOLDERS
			.iter()
			.map(|who| (USDX, *who, CASH))
			.chain([(USDX, Orderbook::fee_account(), 1_000)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(START);
		investor(ISSUER, 1, "US", InvestorClass::Institutional, 5);
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
		for who in [ALICE, BOB, DAVE, ERIN, CAROL] {
			assert_ok!(Securities::mint(
				RuntimeOrigin::signed(ISSUER),
				SECURITY,
				who,
				STARTING_TOKENS,
				None
			));
		}
		// The US venue creates (and administers) the market; the SG venue lists it too.
		assert_ok!(Orderbook::create_market(
			RuntimeOrigin::signed(US_VENUE_OPERATOR),
			SECURITY,
			USDX,
			PARAMS,
			vec![US_VENUE].try_into().unwrap(),
		));
		assert_ok!(Orderbook::list_market(
			RuntimeOrigin::signed(SG_VENUE_OPERATOR),
			crate::NextMarketId::<Test>::get() - 1,
			SG_VENUE
		));
		System::reset_events();
	});
	ext
}

/// Tokens each seller starts with: 1 000 whole tokens.
pub const STARTING_TOKENS: Balance = 1_000 * TOKEN;

/// The market every test trades (id 0): one token a lot, 0.001 USDX a tick (so 10 000 ticks
/// is 10 USDX a token), maker fee 0.1 %, taker fee 0.2 %.
pub const MARKET: crate::MarketId = 0;
/// The figures of [`MARKET`].
pub const PARAMS: crate::MarketParams<Balance> = crate::MarketParams {
	tick_size: 1_000,
	lot_size: TOKEN,
	min_order: 1,
	maker_fee_bps: 10,
	taker_fee_bps: 20,
};

/// Move the clock.
pub fn set_time(moment: u64) {
	Timestamp::set_timestamp(moment);
}
