//! The pallets `stledger-node benchmark pallet` measures: ST Ledger's own (their
//! `weights.rs`), and the FRAME pallets every transaction or block goes through (transaction
//! extensions, fees, balances, timestamp, the emergency stops every dispatch consults, the
//! `utility` batches the venues and the council send, the cash assets' `pallet-assets` calls
//! with this runtime's freezer, and the consortium's fee rates: `runtime/src/weights/`), so
//! no weight the chain charges is a reference figure from another machine, but
//! `pallet-session`'s (whose benchmarks need `pallet-staking`; only exchanges' validators
//! set keys). Not measured because no transaction pays them: `pallet-sudo` (development
//! chains only), `pallet-grandpa` (no equivocation reports; its one call is Root's),
//! `pallet-transaction-payment` (fees are charged by `pallet-asset-tx-payment`'s extension).
//! `pallet_balances::transfer_keep_alive` is also the yardstick the issues' targets use.

use crate::*;
use alloc::vec::Vec;
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::StorageInfo;

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_collective, Council]
	[pallet_timestamp, Timestamp]
	[pallet_asset_tx_payment, AssetTxPayment]
	[pallet_assets, Assets]
	[pallet_asset_rate, AssetRate]
	[pallet_tx_pause, TxPause]
	[pallet_safe_mode, SafeMode]
	[pallet_utility, Utility]
	[pallet_exchanges, Exchanges]
	[pallet_attestation, Attestation]
	[pallet_securities, Securities]
	[pallet_offerings, Offerings]
	[pallet_orderbook, Orderbook]
);

use frame_benchmarking::baseline::Pallet as BaselineBench;
use frame_system_benchmarking::{
	extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
};

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

	let mut whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
	// The timestamp inherent writes `Timestamp::Now` in every block (and the order book's
	// block hook reads it first), so every extrinsic finds it in the block's overlay.
	whitelist.push(pallet_timestamp::Now::<Runtime>::hashed_key().to_vec().into());
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}
