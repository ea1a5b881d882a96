//! Each exchange's open council motions, bounded so that no exchange can fill the council's
//! queue.
//!
//! `pallet-collective` keeps at most `MaxProposals` motions open and refuses every motion
//! beyond them (`TooManyProposals`), whoever proposes it. Without a bound per proposer, one
//! exchange could propose that many motions (a remark each), each open for the whole
//! motion duration, and delay every other exchange's motion, an emergency stop included.
//!
//! [`MotionTicket`] is the council's `Consideration`: the collective asks for one each time
//! a member proposes a motion that will wait for votes, and stores it with the motion. The
//! ticket names the proposer's exchange, and is refused when that exchange already has
//! [`Config::MaxOpenMotions`] motions open ([`Error::TooManyOpenMotions`]). The open motions
//! are counted from the council itself ([`Config::CouncilMotions`]): a motion stops counting
//! the moment it is closed, disapproved or killed, with nothing for anyone to release. With
//! the collective's queue at least `MaxOpenMotions × MaxExchanges` long, the admitted
//! exchanges' motions always fit. Removing an exchange closes the motions its operator
//! proposed ([`CouncilMotions::close_motions_of`], release 120): its id is never reused, so
//! they would sit outside that budget. Motions opened before the council kept tickets (release
//! 117) have none and count for no one; the members vote them down (nays that leave a motion
//! short of its threshold close it early).
//!
//! | who | may | must not |
//! |---|---|---|
//! | an active exchange's operator (a council member) | keep up to [`Config::MaxOpenMotions`] motions open | open more, or count against another exchange's bound |
//! | anyone else | — | propose at all (the collective refuses non-members; a ticket is refused `NotOperator` or `NotActiveOperator`) |

use crate::{Config, Error, ExchangeStatus, Pallet};
use codec::{Decode, Encode, MaxEncodedLen};
use core::marker::PhantomData;
use frame_support::{
	traits::{Consideration, Get, MaybeConsideration},
	CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::DispatchError;
use stledger_primitives::ExchangeId;

/// The council's open motions, as the runtime reads them from `pallet-collective`.
pub trait CouncilMotions {
	/// How many of the council's open motions `exchange` proposed, asked while the council
	/// opens one more (which is not counted): reads every open motion's ticket (at most the
	/// collective's `MaxProposals`).
	fn open_motions_of(exchange: ExchangeId) -> u32;

	/// Close (disapprove) every open motion `exchange` proposed that has not the ayes it needs
	/// to pass: the exchange is being removed. One that has them (its own removal, being
	/// executed, say) is the members' decision and stays. Reads every open motion's ticket (at
	/// most the collective's `MaxProposals`) and closes at most [`Config::MaxOpenMotions`],
	/// priced in `remove`'s weight. Returns how many it closed.
	fn close_motions_of(exchange: ExchangeId) -> u32;

	/// Benchmarks: fill the council's queue, `of_exchange` of its motions proposed by
	/// `exchange` and the others by other exchanges, each with as many ayes as it can hold
	/// without passing.
	#[cfg(feature = "runtime-benchmarks")]
	fn fill_queue_for_benchmark(exchange: ExchangeId, of_exchange: u32);
}

/// The ticket the council keeps with each motion waiting for votes: the exchange whose
/// operator proposed it. It holds nothing (no deposit), so releasing or burning it frees
/// nothing; the bound it enforces is on open motions, counted afresh at each proposal.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct MotionTicket<T> {
	exchange: ExchangeId,
	_config: PhantomData<fn() -> T>,
}

impl<T> MotionTicket<T> {
	/// The exchange whose operator proposed the motion.
	pub fn exchange(&self) -> ExchangeId {
		self.exchange
	}

	/// Benchmarks: a ticket for a motion `exchange` proposed, as the council keeps it.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn for_benchmark(exchange: ExchangeId) -> Self {
		MotionTicket { exchange, _config: PhantomData }
	}
}

impl<T: Config> Consideration<T::AccountId, u32> for MotionTicket<T> {
	/// A ticket for a motion `who` proposes now: refused if `who` is not an active exchange's
	/// operator, or if its exchange has [`Config::MaxOpenMotions`] motions open. The
	/// footprint (the council's count of open motions) does not matter.
	fn new(who: &T::AccountId, _open_motions: u32) -> Result<Self, DispatchError> {
		let (exchange, info) = Pallet::<T>::exchange_operated_by(who)?;
		if info.status != ExchangeStatus::Active {
			return Err(Error::<T>::NotActiveOperator.into());
		}
		if T::CouncilMotions::open_motions_of(exchange) >= T::MaxOpenMotions::get() {
			return Err(Error::<T>::TooManyOpenMotions.into());
		}
		Ok(MotionTicket { exchange, _config: PhantomData })
	}

	fn update(self, _: &T::AccountId, _: u32) -> Result<Self, DispatchError> {
		Ok(self)
	}

	fn drop(self, _: &T::AccountId) -> Result<(), DispatchError> {
		Ok(())
	}

	/// Benchmarks: makes `who` the operator of an exchange of its own that has proposed no
	/// motion, a new one each time, so that a benchmark's one caller can fill the council's
	/// queue and every ticket still reads every open motion.
	#[cfg(feature = "runtime-benchmarks")]
	fn ensure_successful(who: &T::AccountId, _: u32) {
		Pallet::<T>::make_benchmark_operator(who);
	}
}

impl<T: Config> MaybeConsideration<T::AccountId, u32> for MotionTicket<T> {
	/// Never: the council must keep the ticket, since it is how a motion's proposer is counted.
	fn is_none(&self) -> bool {
		false
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// Makes `who` the operator of a new active exchange (stored directly: benchmarks of
	/// other pallets need operators beyond the consortium's bound).
	fn make_benchmark_operator(who: &T::AccountId) {
		use crate::{Exchange, ExchangeOfAccount, Exchanges, LicenceHash, NextExchangeId};
		let exchange = NextExchangeId::<T>::get();
		NextExchangeId::<T>::put(exchange.saturating_add(1));
		ExchangeOfAccount::<T>::insert(who, exchange);
		Exchanges::<T>::insert(
			exchange,
			Exchange {
				name: Default::default(),
				jurisdictions: Default::default(),
				licence: LicenceHash::zero(),
				operator: who.clone(),
				validator: who.clone(),
				node: Default::default(),
				status: ExchangeStatus::Active,
			},
		);
	}
}
