//! The block author's proposer, told to stop adding transactions early enough to finish the
//! block within the slot.
//!
//! The slot worker (`sc-consensus-slots`) gives the proposer 98 % of the slot's proposing time
//! (2 s of a 3 s slot here) and discards the block if it is not ready by then.
//! `sc-basic-authorship` adds transactions until 90 % of what it is given and then finalizes
//! the block: runs `on_finalize`, computes the state root and seals, in the ~0.2 s left. On a
//! loaded machine that does not suffice. Measured on 2026-12-04 (docs/performance.md, "The
//! author's share of the slot"): on two cores shared by four validators and the load tool,
//! blocks that ran to the deadline took 1.9–2.1 s, two were discarded (`Discarding proposal
//! for slot …; block production took too long`) and one came too late to be built on, each
//! a slot without a block. [`FinishInTime`] gives the proposer three quarters of its time
//! ([`APPLY_SHARE_QUARTERS`]), so that a block cut by time is smaller rather than lost. A
//! block cut by its weight, the case of a machine that keeps up (a full block of fills is
//! built in about 0.35 s on the same machine when it is not contended), is the same block
//! as before.

use sp_consensus::{Environment, ProposeArgs, Proposer};
use sp_runtime::traits::Block as BlockT;

/// The share of the slot worker's proposing time the proposer is given, in quarters: it adds
/// transactions for 90 % of that (`sc-basic-authorship`), so until 2/3 of the proposing time,
/// leaving a third (0.67 s of a 3 s slot's 2 s) to finish, seal and hand over the block.
pub const APPLY_SHARE_QUARTERS: u32 = 3;

/// A proposer factory whose proposers get three quarters ([`APPLY_SHARE_QUARTERS`]) of the time
/// they are given.
pub struct FinishInTime<E>(pub E);

/// A proposer that passes on three quarters ([`APPLY_SHARE_QUARTERS`]) of the time it is given.
pub struct FinishInTimeProposer<P>(P);

impl<B: BlockT, E: Environment<B>> Environment<B> for FinishInTime<E> {
	type Proposer = FinishInTimeProposer<E::Proposer>;
	type CreateProposer =
		futures::future::MapOk<E::CreateProposer, fn(E::Proposer) -> Self::Proposer>;
	type Error = E::Error;

	fn init(&mut self, parent_header: &B::Header) -> Self::CreateProposer {
		futures::TryFutureExt::map_ok(
			self.0.init(parent_header),
			FinishInTimeProposer as fn(E::Proposer) -> Self::Proposer,
		)
	}
}

impl<B: BlockT, P: Proposer<B>> Proposer<B> for FinishInTimeProposer<P> {
	type Error = P::Error;
	type Proposal = P::Proposal;

	fn propose(self, mut args: ProposeArgs<B>) -> Self::Proposal {
		args.max_duration = args.max_duration * APPLY_SHARE_QUARTERS / 4;
		self.0.propose(args)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_consensus::{Error, Proposal};
	use sp_runtime::{
		generic::Header,
		testing::{Block as TestBlock, MockCallU64, TestXt},
		traits::BlakeTwo256,
	};
	use std::{
		sync::{Arc, Mutex},
		time::Duration,
	};

	type Block = TestBlock<TestXt<MockCallU64, ()>>;

	/// Records the time each proposer it creates is given.
	struct Recording(Arc<Mutex<Vec<Duration>>>);
	struct RecordingProposer(Arc<Mutex<Vec<Duration>>>);

	impl Environment<Block> for Recording {
		type Proposer = RecordingProposer;
		type CreateProposer = futures::future::Ready<Result<RecordingProposer, Error>>;
		type Error = Error;

		fn init(&mut self, _: &Header<u64, BlakeTwo256>) -> Self::CreateProposer {
			futures::future::ready(Ok(RecordingProposer(self.0.clone())))
		}
	}

	impl Proposer<Block> for RecordingProposer {
		type Error = Error;
		type Proposal = futures::future::Ready<Result<Proposal<Block>, Error>>;

		fn propose(self, args: ProposeArgs<Block>) -> Self::Proposal {
			self.0.lock().unwrap().push(args.max_duration);
			futures::future::ready(Err(Error::ChainLookup("recorded only".into())))
		}
	}

	#[test]
	fn the_proposer_is_given_three_quarters_of_the_proposing_time() {
		let given = Arc::new(Mutex::new(Vec::new()));
		let mut factory = FinishInTime(Recording(given.clone()));
		let parent = Header::<u64, BlakeTwo256>::new_from_number(1);
		let proposer = futures::executor::block_on(factory.init(&parent)).expect("a proposer");
		let slot_worker_gives = Duration::from_millis(1960);
		let args = ProposeArgs::<Block> { max_duration: slot_worker_gives, ..Default::default() };
		let _ = futures::executor::block_on(proposer.propose(args));
		assert_eq!(*given.lock().unwrap(), vec![Duration::from_millis(1470)]);
	}
}
