//! The council's open motions, for `pallet_exchanges::MotionTicket`: each exchange may keep
//! at most `MaxOpenMotions` motions open, so that no one exchange can fill the council's
//! queue (`MaxProposals`, sized to hold every exchange's bound at once) and delay the
//! others' motions, an emergency stop among them. A removed exchange's motions are closed
//! with it (release 120), so that they never sit outside that budget.

use crate::{configs::CouncilCollective, AccountId, BlockNumber, Runtime};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use stledger_primitives::ExchangeId;

type Collective = pallet_collective::Pallet<Runtime, CouncilCollective>;

/// Counts an exchange's motions among the council's open ones, by the ticket the council
/// keeps with each (`pallet_collective::CostOf`). A closed, disapproved or killed motion
/// leaves the open list at once, so it stops counting with nothing to release; a motion
/// opened before the council kept tickets (release 117) has none and counts for no one.
pub struct OpenCouncilMotions;

impl OpenCouncilMotions {
	/// Those of the `open` motions that `exchange` proposed, by their hashes.
	fn proposed_by(
		open: impl IntoIterator<Item = crate::Hash>,
		exchange: ExchangeId,
	) -> impl Iterator<Item = crate::Hash> {
		open.into_iter().filter(move |motion| {
			pallet_collective::CostOf::<Runtime, CouncilCollective>::get(motion)
				.is_some_and(|(_, ticket)| ticket.exchange() == exchange)
		})
	}
}

impl pallet_exchanges::CouncilMotions for OpenCouncilMotions {
	fn open_motions_of(exchange: ExchangeId) -> u32 {
		let mut open = pallet_collective::Proposals::<Runtime, CouncilCollective>::get();
		// The collective asks for the ticket with the new motion already last in its queue;
		// a ticket left at the same hash by an earlier, closed motion of the same call (a
		// retried pause, say) must not count it.
		open.pop();
		Self::proposed_by(open, exchange).count() as u32
	}

	fn close_motions_of(exchange: ExchangeId) -> u32 {
		let open = pallet_collective::Proposals::<Runtime, CouncilCollective>::get();
		let closing: Vec<_> = Self::proposed_by(open, exchange)
			.filter(|motion| !MotionVotes::read(motion).is_some_and(|votes| votes.has_passed()))
			.collect();
		for motion in &closing {
			Collective::do_disapprove_proposal(*motion);
		}
		closing.len() as u32
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn fill_queue_for_benchmark(exchange: ExchangeId, of_exchange: u32) {
		use crate::{
			configs::{MaxCouncilMotions, MaxExchanges},
			RuntimeCall,
		};
		use sp_runtime::traits::Hash as _;
		let proposer: AccountId = frame_benchmarking::account("benchmark-proposer", exchange, 0);
		// Every other seat has voted aye, one short of the threshold: the longest votes a
		// motion the removal closes can hold.
		let ayes: Vec<AccountId> = (1..MaxExchanges::get())
			.map(|seat| frame_benchmarking::account("benchmark-voter", seat, 0))
			.collect();
		let open = pallet_collective::Proposals::<Runtime, CouncilCollective>::decode_len();
		for index in open.unwrap_or_default() as u32..MaxCouncilMotions::get() {
			let call = RuntimeCall::System(frame_system::Call::remark { remark: index.encode() });
			let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
			let of = if index < of_exchange { exchange } else { exchange.wrapping_add(1 + index) };
			pallet_collective::Proposals::<Runtime, CouncilCollective>::try_append(hash)
				.expect("MaxCouncilMotions is the queue's length");
			pallet_collective::ProposalOf::<Runtime, CouncilCollective>::insert(hash, call);
			pallet_collective::CostOf::<Runtime, CouncilCollective>::insert(
				hash,
				(proposer.clone(), pallet_exchanges::MotionTicket::for_benchmark(of)),
			);
			let votes = MotionVotes {
				index,
				threshold: MaxExchanges::get(),
				ayes: ayes.clone(),
				nays: Vec::new(),
				end: BlockNumber::MAX,
			};
			frame_support::storage::unhashed::put(&MotionVotes::key(&hash), &votes);
		}
	}
}

/// A motion's votes as `pallet_collective` stores them (`pallet_collective::Votes`, whose
/// fields it keeps private): read to leave a motion the members have passed to be executed.
/// The runtime tests in `tests/council.rs` check the layout against the collective's own
/// writes.
#[derive(Encode, Decode)]
pub(crate) struct MotionVotes {
	index: u32,
	threshold: u32,
	ayes: Vec<AccountId>,
	nays: Vec<AccountId>,
	end: BlockNumber,
}

impl MotionVotes {
	fn key(motion: &crate::Hash) -> Vec<u8> {
		pallet_collective::Voting::<Runtime, CouncilCollective>::hashed_key_for(motion)
	}

	/// The votes on an open motion.
	pub(crate) fn read(motion: &crate::Hash) -> Option<Self> {
		frame_support::storage::unhashed::get(&Self::key(motion))
	}

	/// Whether the motion has the ayes it needs: closing it would execute it.
	pub(crate) fn has_passed(&self) -> bool {
		self.ayes.len() as u32 >= self.threshold
	}
}

/// The ayes an open council motion has and the ayes it needs, as `pallet_collective` keeps
/// them (read by the runtime's tests).
pub fn ayes_and_threshold(motion: &crate::Hash) -> Option<(u32, u32)> {
	MotionVotes::read(motion).map(|votes| (votes.ayes.len() as u32, votes.threshold))
}
