//! The council's open motions, for `pallet_exchanges::MotionTicket`: each exchange may keep
//! at most `MaxOpenMotions` motions open, so that no one exchange can fill the council's
//! queue (`MaxProposals`, sized to hold every exchange's bound at once) and delay the
//! others' motions, an emergency stop among them.

use crate::{configs::CouncilCollective, Runtime};
use stledger_primitives::ExchangeId;

/// Counts an exchange's motions among the council's open ones, by the ticket the council
/// keeps with each (`pallet_collective::CostOf`). A closed, disapproved or killed motion
/// leaves the open list at once, so it stops counting with nothing to release; a motion
/// opened before the council kept tickets (release 117) has none and counts for no one.
pub struct OpenCouncilMotions;

impl pallet_exchanges::CouncilMotions for OpenCouncilMotions {
	fn open_motions_of(exchange: ExchangeId) -> u32 {
		let mut open = pallet_collective::Proposals::<Runtime, CouncilCollective>::get();
		// The collective asks for the ticket with the new motion already last in its queue;
		// a ticket left at the same hash by an earlier, closed motion of the same call (a
		// retried pause, say) must not count it.
		open.pop();
		open.iter()
			.filter(|motion| {
				pallet_collective::CostOf::<Runtime, CouncilCollective>::get(motion)
					.is_some_and(|(_, ticket)| ticket.exchange() == exchange)
			})
			.count() as u32
	}
}
