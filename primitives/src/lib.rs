//! # ST Ledger primitives
//!
//! The small vocabulary the ST Ledger pallets share, so that no pallet needs to know
//! another's storage:
//!
//! - [`CountryCode`]: an ISO 3166-1 alpha-2 jurisdiction code, validated on decode
//!   from user input ([`CountryCode::new`]).
//! - [`ExchangeId`]: the identifier of a consortium member exchange.
//! - [`ExchangeRegistry`]: what other pallets may ask about the consortium (is an
//!   account an active exchange, which jurisdictions is an exchange licensed for).
//! - [`InvestorRegistry`]: who an account is, legally, right now ([`InvestorProfile`]) or
//!   why it has no profile ([`Ineligibility`]); identities ([`IdentityId`]) and investor
//!   classes ([`InvestorClass`]).
//! - [`SubscriptionCommitments`]: whether an account owes a primary offering its settlement,
//!   so that it cannot leave what it subscribed as (its identity, its attestors) before then.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod compliance;
mod consortium;
mod investors;
mod jurisdiction;
mod storage_layers;

pub use compliance::*;
pub use consortium::*;
pub use investors::*;
pub use jurisdiction::*;
pub use storage_layers::*;

#[cfg(feature = "testing")]
pub mod testing;
