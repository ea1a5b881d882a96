//! A test runtime: the attestation pallet with `pallet-timestamp` as its clock and a small
//! consortium (two exchanges, the shared `MockExchanges`) standing in for
//! `pallet-exchanges`.

use crate as pallet_attestation;
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;
use stledger_primitives::CountryCode;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Registry: pallet_attestation,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

/// The US exchange's operator: exchange 0, licensed for US.
pub const US_EXCHANGE: u64 = 100;
/// The EU exchange's operator: exchange 1, licensed for DE and FR.
pub const EU_EXCHANGE: u64 = 101;

/// Suspend exchange `id` as `pallet-exchanges` would: the consortium's registry and the
/// licence table it reports to both learn of it in the same call.
pub fn suspend_exchange(id: stledger_primitives::ExchangeId) {
	stledger_primitives::testing::suspend_exchange(id);
	<Registry as stledger_primitives::ExchangeLicenceObserver>::exchange_licence_changed(id, &[])
		.expect("removing needs no room");
}

/// Remove exchange `id` as `pallet-exchanges` would, telling the licence table.
pub fn remove_exchange(id: stledger_primitives::ExchangeId) {
	stledger_primitives::testing::remove_exchange(id);
	<Registry as stledger_primitives::ExchangeLicenceObserver>::exchange_licence_changed(id, &[])
		.expect("removing needs no room");
}

impl pallet_attestation::Config for Test {
	type ConsortiumOrigin = EnsureRoot<u64>;
	type Exchanges = stledger_primitives::testing::MockExchanges<u64>;
	type Subscriptions = stledger_primitives::testing::MockCommitments<u64>;
	type Time = Timestamp;
	type MaxAccountsPerIdentity = ConstU32<3>;
	type MaxAttestationsPerIdentity = ConstU32<4>;
	type MaxJurisdictions = ConstU32<4>;
	type MaxNameLength = ConstU32<32>;
	type MaxExchanges = ConstU32<4>;
	type MaxRegisteredAttestors = ConstU32<12>;
	type WeightInfo = ();
}

/// A registered KYC provider, licensed for SG and CH.
pub const KYC_PROVIDER: u64 = 200;

/// One day in milliseconds.
pub const DAY: u64 = 24 * 60 * 60 * 1000;
/// The mock chain's starting time: 2026-01-01.
pub const START: u64 = 1_767_225_600_000;

pub fn code(text: &str) -> CountryCode {
	text.parse().unwrap()
}

/// The exchanges and one registered KYC provider (200, SG and CH); the clock at [`START`].
pub fn new_test_ext() -> sp_io::TestExternalities {
	stledger_primitives::testing::reset();
	stledger_primitives::testing::exchange(0, US_EXCHANGE, &["US"]);
	stledger_primitives::testing::exchange(1, EU_EXCHANGE, &["DE", "FR"]);
	let storage = genesis_with(vec![crate::GenesisAttestor {
		account: KYC_PROVIDER,
		name: "Lion KYC".into(),
		jurisdictions: vec![code("SG"), code("CH")],
	}]);
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(START);
	});
	ext
}

/// The mock chain's genesis with `attestors` registered and no investors (the exchanges are
/// the shared `MockExchanges`', set before).
pub fn genesis_with(attestors: Vec<crate::GenesisAttestor<u64>>) -> sp_runtime::Storage {
	RuntimeGenesisConfig {
		system: Default::default(),
		registry: pallet_attestation::GenesisConfig { attestors, investors: vec![] },
	}
	.build_storage()
	.unwrap()
}

/// Move the clock to `moment` (ms since the epoch).
pub fn set_time(moment: u64) {
	Timestamp::set_timestamp(moment);
}
