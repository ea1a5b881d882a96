//! What this chain's blocks, extrinsics and database cost on the reference machine, measured
//! by the node's `benchmark overhead` and `benchmark storage` commands: written by
//! `scripts/benchmark-machine.sh`, never by hand (see `docs/performance.md`).

pub mod block_weights;
pub mod extrinsic_weights;
// The generated file documents the fields of a struct literal.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::constants::ParityDbWeight;
