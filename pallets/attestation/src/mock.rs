//! A test runtime: the attestation pallet with `pallet-timestamp` as its clock and a small
//! consortium (two exchanges) standing in for `pallet-exchanges`.

use crate as pallet_attestation;
use core::cell::RefCell;
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;
use stledger_primitives::{CountryCode, ExchangeId, ExchangeRegistry};

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

thread_local! {
	static SUSPENDED_EXCHANGES: RefCell<Vec<ExchangeId>> = const { RefCell::new(Vec::new()) };
}

/// Suspend (as the consortium would) an exchange of the mock consortium.
pub fn suspend_exchange(exchange: ExchangeId) {
	SUSPENDED_EXCHANGES.with(|s| s.borrow_mut().push(exchange));
}

/// Two exchanges: 0 (operator 100, US) and 1 (operator 101, DE and FR).
pub struct MockConsortium;
impl ExchangeRegistry<u64> for MockConsortium {
	fn active_exchange_of_operator(who: &u64) -> Option<ExchangeId> {
		let exchange = match *who {
			US_EXCHANGE => 0,
			EU_EXCHANGE => 1,
			_ => return None,
		};
		Self::is_active(exchange).then_some(exchange)
	}
	fn is_active(exchange: ExchangeId) -> bool {
		exchange < 2 && !SUSPENDED_EXCHANGES.with(|s| s.borrow().contains(&exchange))
	}
	fn is_licensed_for(exchange: ExchangeId, jurisdiction: CountryCode) -> bool {
		let licences: &[&[u8; 2]] = match exchange {
			0 => &[b"US"],
			1 => &[b"DE", b"FR"],
			_ => &[],
		};
		Self::is_active(exchange) && licences.iter().any(|code| **code == jurisdiction.0)
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn admit_for_benchmark(_: &u64, _: CountryCode) -> ExchangeId {
		0
	}
}

impl pallet_attestation::Config for Test {
	type ConsortiumOrigin = EnsureRoot<u64>;
	type Exchanges = MockConsortium;
	type Time = Timestamp;
	type MaxAccountsPerIdentity = ConstU32<3>;
	type MaxAttestationsPerIdentity = ConstU32<4>;
	type MaxJurisdictions = ConstU32<4>;
	type MaxNameLength = ConstU32<32>;
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
	SUSPENDED_EXCHANGES.with(|s| s.borrow_mut().clear());
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		registry: pallet_attestation::GenesisConfig {
			attestors: vec![crate::GenesisAttestor {
				account: KYC_PROVIDER,
				name: "Lion KYC".into(),
				jurisdictions: vec![code("SG"), code("CH")],
			}],
			investors: vec![],
		},
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(START);
	});
	ext
}

/// Move the clock to `moment` (ms since the epoch).
pub fn set_time(moment: u64) {
	Timestamp::set_timestamp(moment);
}
