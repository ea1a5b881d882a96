//! What the node's `benchmark overhead` and `benchmark extrinsic` commands need: signed
//! extrinsics of this runtime and the inherent data of an empty block.
//!
//! Only used for benchmarking: the extrinsics are signed by development keys.

use crate::service::FullClient;
use sc_cli::Result;
use sc_client_api::BlockBackend;
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{OpaqueExtrinsic, SaturatedConversion};
use std::{sync::Arc, time::Duration};
use stledger_runtime as runtime;

/// Builds `system.remark` extrinsics: the smallest signed extrinsic, whose cost is the
/// extrinsic base weight.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	/// A builder signing with the given client's genesis and best block.
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call = runtime::SystemCall::remark { remark: Vec::new() }.into();
		Ok(signed(&self.client, Sr25519Keyring::Bob.pair(), call, nonce).into())
	}
}

/// Builds `balances.transfer_keep_alive` extrinsics: the yardstick the order book's
/// targets are set against.
pub struct TransferKeepAliveBuilder {
	client: Arc<FullClient>,
	dest: runtime::AccountId,
	value: runtime::Balance,
}

impl TransferKeepAliveBuilder {
	/// A builder sending `value` to `dest` from Bob.
	pub fn new(client: Arc<FullClient>, dest: runtime::AccountId, value: runtime::Balance) -> Self {
		Self { client, dest, value }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for TransferKeepAliveBuilder {
	fn pallet(&self) -> &str {
		"balances"
	}

	fn extrinsic(&self) -> &str {
		"transfer_keep_alive"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call = runtime::BalancesCall::transfer_keep_alive {
			dest: self.dest.clone().into(),
			value: self.value,
		}
		.into();
		Ok(signed(&self.client, Sr25519Keyring::Bob.pair(), call, nonce).into())
	}
}

/// `call` signed by `sender` with `nonce`, with every transaction extension of the runtime,
/// fees paid in STL.
fn signed(
	client: &FullClient,
	sender: sp_core::sr25519::Pair,
	call: runtime::RuntimeCall,
	nonce: u32,
) -> runtime::UncheckedExtrinsic {
	let genesis_hash = client.block_hash(0).ok().flatten().expect("the genesis block exists");
	let best_hash = client.chain_info().best_hash;
	let best_block = client.chain_info().best_number;
	let period = u64::from(runtime::configs::BlockHashCount::get())
		.checked_next_power_of_two()
		.map(|c| c / 2)
		.unwrap_or(2);
	let era = sp_runtime::generic::Era::mortal(period, best_block.saturated_into());
	runtime::signed_extrinsic(&sender, call, era, nonce, genesis_hash, best_hash)
}

/// The inherent data of a benchmarked block: its timestamp.
pub fn inherent_benchmark_data() -> Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(Duration::from_millis(0).into());
	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|e| format!("creating the inherent data: {e:?}"))?;
	Ok(inherent_data)
}
