//! [`CheckBlockSpace`]: who may take a block's space before a transaction is included.
//!
//! A transaction is charged for the weight it declares before it runs, and fails after being
//! charged if its origin may not do what it asks. Two parts of a block could so be filled
//! for next to nothing, which no emergency stop could prevent (the stops act at dispatch,
//! after the block space is taken). This extension refuses both at validation, so such a
//! transaction never reaches the pool or a block and costs the chain nothing:
//!
//! 1. **The operational class is the council's.** FRAME keeps part of every block for
//!    `DispatchClass::Operational` so that governance gets in when ordinary transactions
//!    fill the rest: in the ST Ledger runtime the council's calls (`propose`, `vote`,
//!    `close`, `execute`), the upgrade calls, Root's `frame_system` calls, and any batch or
//!    wrapper of only such calls (`paymentInfo` shows a transaction's `class`). Anyone could
//!    send `council.close` of a motion that does not exist, declaring a weight bound of its
//!    choosing, and fill the reserve for about one STL a block (helper-66). A **signed**
//!    operational transaction must now come from a council member, the operator of an active
//!    exchange: anyone else's is refused with
//!    `InvalidTransaction::Custom(`[`NOT_A_COUNCIL_MEMBER`]`)`. Unsigned transactions pass:
//!    the only operational one the runtime accepts is `system.apply_authorized_upgrade`,
//!    which `frame_system` validates itself (the code must be the authorized one), so anyone
//!    still supplies an authorized upgrade, unsigned.
//! 2. **No transaction declares an unbounded proof size.** A solo chain has no proof of
//!    validity to fit, so its block's proof-size limit is practically unbounded and fees are
//!    charged on compute time alone; but `CheckWeight` still counts every transaction's
//!    declared proof size against the class's limit. A call whose caller declares its weight
//!    (`utility.with_weight`, `sudo.sudo_unchecked_weight`, `council.close` inside a batch
//!    with a normal call: each fails after being charged) could declare a proof size of most
//!    of that limit at no compute, and two such transactions filled the normal class of a
//!    block for a fraction of a milli-STL each, with a tip that put them first (helper-69).
//!    A transaction declaring more than [`MAX_TRANSACTION_PROOF_SIZE`] (4 GiB, about three
//!    thousand times the most any call declares) is refused with
//!    `InvalidTransaction::Custom(`[`PROOF_SIZE_ABOVE_BOUND`]`)`, signed or unsigned (an
//!    inherent, the block author's, aside): the four thousand or so transactions a block's
//!    normal class can hold then declare a millionth of its proof-size limit, and its
//!    compute time, which every sender pays for, is what fills it.
//!
//! | who | an operational transaction | a normal one |
//! |---|---|---|
//! | the operator of an active exchange (a council member) | passes | passes |
//! | a suspended or removed exchange's operator, a validator account, an attestor, an issuer, an investor, a development chain's sudo key unless it is an operator | refused: `Custom(1)` | passes |
//! | unsigned (`system.apply_authorized_upgrade` with authorized code) | passes; `frame_system` checks the code | (none accepted) |
//! | anyone, signed or unsigned, declaring a proof size above 4 GiB | refused: `Custom(2)` | refused: `Custom(2)` |
//!
//! The extension carries no data: it adds nothing to a transaction's bytes or to what is
//! signed, so a client that does not know it signs exactly as before (polkadot.js warns once
//! that it does not know `CheckBlockSpace` and treats it, rightly, as adding nothing).

use crate::{Config, Pallet, WeightInfo};
use codec::{Decode, DecodeWithMemTracking, Encode};
use core::marker::PhantomData;
use frame_support::{
	dispatch::{DispatchClass, DispatchInfo, GetDispatchInfo, PostDispatchInfo},
	pallet_prelude::TransactionSource,
	traits::OriginTrait,
	weights::Weight,
	DefaultNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, Dispatchable, TransactionExtension, ValidateResult},
	transaction_validity::{
		InvalidTransaction, TransactionValidity, TransactionValidityError, ValidTransaction,
	},
};
use stledger_primitives::ExchangeRegistry;

/// The `InvalidTransaction::Custom` code of a signed operational transaction whose signer is
/// not a council member (the operator of an active exchange). polkadot.js reports it as
/// `1010: Invalid Transaction: Custom error: 1`.
pub const NOT_A_COUNCIL_MEMBER: u8 = 1;

/// The `InvalidTransaction::Custom` code of a transaction declaring a proof size above
/// [`MAX_TRANSACTION_PROOF_SIZE`] (`Custom error: 2`).
pub const PROOF_SIZE_ABOVE_BOUND: u8 = 2;

/// The most proof size one transaction may declare: 4 GiB. The most any call declares at its
/// worst case is about 1.4 MB (`orderbook.uncross_auction` of 128 pairs); ten thousand
/// transactions (more than a block's compute holds) declaring this much stay a few
/// millionths of the normal class's limit (three quarters of `u64::MAX`).
pub const MAX_TRANSACTION_PROOF_SIZE: u64 = u32::MAX as u64;

/// Refuses a signed operational transaction unless the operator of an active exchange signed
/// it, and any transaction declaring a proof size above [`MAX_TRANSACTION_PROOF_SIZE`]: see
/// the [module documentation](self).
#[derive(Encode, Decode, DecodeWithMemTracking, DefaultNoBound, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckBlockSpace<T>(PhantomData<T>);

impl<T> CheckBlockSpace<T> {
	/// The extension (it carries no data).
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T> core::fmt::Debug for CheckBlockSpace<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckBlockSpace")
	}
}

impl<T> TransactionExtension<T::RuntimeCall> for CheckBlockSpace<T>
where
	T: Config + Send + Sync,
	T::RuntimeCall: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
{
	const IDENTIFIER: &'static str = "CheckBlockSpace";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	/// The signer's exchange is read only for an operational call; every other transaction
	/// is charged nothing (its check compares two figures the executive computed already).
	fn weight(&self, call: &T::RuntimeCall) -> Weight {
		if call.get_dispatch_info().class == DispatchClass::Operational {
			T::WeightInfo::check_block_space()
		} else {
			Weight::zero()
		}
	}

	fn validate(
		&self,
		origin: T::RuntimeOrigin,
		_call: &T::RuntimeCall,
		info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		ensure_proof_within_bound(info)?;
		if info.class == DispatchClass::Operational {
			if let Some(signer) = origin.as_signer() {
				if Pallet::<T>::active_exchange_of_operator(signer).is_none() {
					return Err(InvalidTransaction::Custom(NOT_A_COUNCIL_MEMBER).into());
				}
			}
		}
		Ok((Default::default(), (), origin))
	}

	impl_tx_ext_default!(T::RuntimeCall; prepare);

	/// An unsigned transaction is held to the proof-size bound too (rule 1 is for signers);
	/// an inherent is the block author's and passes.
	fn bare_validate(
		_call: &T::RuntimeCall,
		info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
	) -> TransactionValidity {
		ensure_proof_within_bound(info)?;
		Ok(ValidTransaction::default())
	}

	fn bare_validate_and_prepare(
		_call: &T::RuntimeCall,
		info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
	) -> Result<(), TransactionValidityError> {
		ensure_proof_within_bound(info)
	}
}

/// Rule 2 of the [module documentation](self), for every transaction but an inherent.
fn ensure_proof_within_bound(info: &DispatchInfo) -> Result<(), TransactionValidityError> {
	if info.class != DispatchClass::Mandatory
		&& info.total_weight().proof_size() > MAX_TRANSACTION_PROOF_SIZE
	{
		return Err(InvalidTransaction::Custom(PROOF_SIZE_ABOVE_BOUND).into());
	}
	Ok(())
}
