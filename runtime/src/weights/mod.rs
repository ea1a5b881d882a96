//! What this chain's blocks, extrinsics and database cost on the reference machine, measured
//! by the node's `benchmark overhead` and `benchmark storage` commands
//! (`scripts/benchmark-machine.sh`), and the weights of the FRAME pallets every transaction
//! or block goes through, measured for this runtime by `benchmark pallet`
//! (`scripts/benchmark.sh`). Generated, never written by hand (see `docs/performance.md`).

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system;
pub mod frame_system_extensions;
pub mod pallet_asset_rate;
pub mod pallet_asset_tx_payment;
pub mod pallet_assets;
pub mod pallet_balances;
pub mod pallet_collective;
pub mod pallet_safe_mode;
pub mod pallet_timestamp;
pub mod pallet_tx_pause;
pub mod pallet_utility;
// The generated file documents the fields of a struct literal.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::constants::ParityDbWeight;
