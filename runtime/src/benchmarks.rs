//! The pallets `stledger-node benchmark pallet` measures. `pallet_balances` is here so each
//! run also measures `transfer_keep_alive`, the yardstick the issues' targets use.

use crate::*;
use alloc::vec::Vec;
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::StorageInfo;

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_exchanges, Exchanges]
	[pallet_attestation, Attestation]
	[pallet_securities, Securities]
	[pallet_offerings, Offerings]
	[pallet_orderbook, Orderbook]
);

use frame_benchmarking::baseline::Pallet as BaselineBench;
use frame_system_benchmarking::Pallet as SystemBench;

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}

/// What can be benchmarked, and the storage it declares.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	use frame_support::traits::StorageInfoTrait;

	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Run the benchmarks `config` asks for.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, alloc::string::String> {
	use frame_support::traits::WhitelistedStorageKeys;
	use sp_storage::TrackedStorageKey;

	let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}
