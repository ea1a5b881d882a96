//! `stledger-node`: the ST Ledger validator and RPC node.

// `sc_cli::Error` and `sc_service::Error` are polkadot-sdk's: every Substrate node returns
// them from its commands and service, and boxing them here would only hide the same type.
#![allow(clippy::result_large_err)]

mod authorized_set;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod peering;
mod proposer;
mod rpc;
mod rpc_access;
mod service;
mod session_keys;

fn main() -> sc_cli::Result<()> {
	command::run()
}
