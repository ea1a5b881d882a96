//! Snapshots of a running chain's state (`scripts/snapshot.mjs`), for running this runtime
//! natively on a real chain's state: the upgrade test (`runtime/tests/upgrade_from_snapshot.rs`)
//! and the fuzzer started from the previous release (`fuzzer/tests/upgrade_from_snapshot.rs`).

use alloc::vec::Vec;

/// Every key and value of a chain at one block (but its runtime code).
pub struct Snapshot {
	/// The `spec_version` of the runtime that wrote it.
	pub spec_version: u32,
	/// The block it was taken at.
	pub block_hash: sp_core::H256,
	/// The state, as key and value.
	pub pairs: Vec<(Vec<u8>, Vec<u8>)>,
}

impl Snapshot {
	/// Read the JSON `scripts/snapshot.mjs` writes.
	pub fn parse(json: &str) -> Self {
		let json: serde_json::Value = serde_json::from_str(json).expect("a snapshot is JSON");
		let hex = |v: &serde_json::Value| {
			sp_core::bytes::from_hex(v.as_str().expect("hex string")).expect("valid hex")
		};
		let pairs = json["pairs"]
			.as_array()
			.expect("pairs")
			.iter()
			.map(|pair| (hex(&pair[0]), hex(&pair[1])))
			.collect();
		let block_hash = sp_core::H256::from_slice(&hex(&json["block"]["hash"]));
		let spec_version = json["specVersion"].as_u64().expect("specVersion") as u32;
		Self { spec_version, block_hash, pairs }
	}

	/// The state, to run the runtime on.
	pub fn externalities(&self) -> sp_io::TestExternalities {
		let mut ext = sp_io::TestExternalities::new_empty();
		for (key, value) in &self.pairs {
			ext.insert(key.clone(), value.clone());
		}
		ext
	}
}
