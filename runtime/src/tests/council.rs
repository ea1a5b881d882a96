//! The council's queue (`crate::council`): no exchange can fill it. Each exchange keeps at
//! most `MaxOpenMotions` motions open; a closed motion stops counting at once.

use super::*;
use crate::configs::{CouncilCollective, MaxOpenMotions};

fn remark(i: u32) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: i.encode() })
}

/// `who` proposes a two-thirds (3 of 4) motion to make remark `i`.
fn propose(who: Sr25519Keyring, i: u32) -> frame_support::dispatch::DispatchResult {
	let call = remark(i);
	let length = call.encoded_size() as u32;
	Council::propose(RuntimeOrigin::signed(operator(who)), 3, Box::new(call), length)
		.map(|_| ())
		.map_err(|e| e.error)
}

fn open_motions() -> usize {
	pallet_collective::Proposals::<Runtime, CouncilCollective>::get().len()
}

#[test]
fn the_queue_holds_every_exchange_at_its_bound() {
	let queue: u32 = <Runtime as pallet_collective::Config<CouncilCollective>>::MaxProposals::get();
	let exchanges: u32 = <Runtime as pallet_exchanges::Config>::MaxExchanges::get();
	assert!(queue >= exchanges * MaxOpenMotions::get());
}

#[test]
fn one_exchange_cannot_fill_the_councils_queue() {
	local_ext().execute_with(|| {
		for i in 0..MaxOpenMotions::get() {
			assert_ok!(propose(Alice, i));
		}
		// The next one is refused by name, and nothing changes.
		assert_noop!(propose(Alice, 99), pallet_exchanges::Error::<Runtime>::TooManyOpenMotions);
		// Every other exchange still proposes: an emergency stop, here.
		let stop = governance::pause("Orderbook", "*");
		let length = stop.encoded_size() as u32;
		assert_ok!(Council::propose(
			RuntimeOrigin::signed(operator(Bob)),
			2,
			Box::new(stop),
			length
		));
		assert_eq!(open_motions(), MaxOpenMotions::get() as usize + 1);
	});
}

#[test]
fn a_closed_motion_stops_counting_with_nothing_to_release() {
	local_ext().execute_with(|| {
		for i in 0..MaxOpenMotions::get() {
			assert_ok!(propose(Alice, i));
		}
		// Two of four vote the first one down: it can no longer reach three, and closes.
		let first = remark(0);
		let hash = BlakeTwo256::hash_of(&first);
		let index = 0;
		for voter in [Bob, Charlie] {
			assert_ok!(Council::vote(RuntimeOrigin::signed(operator(voter)), hash, index, false));
		}
		assert_ok!(Council::close(
			RuntimeOrigin::signed(operator(Dave)),
			hash,
			index,
			Weight::from_parts(10_000_000_000, 1_000_000),
			first.encoded_size() as u32,
		));
		assert_ok!(propose(Alice, 99));
		assert_eq!(open_motions(), MaxOpenMotions::get() as usize);
	});
}

#[test]
fn a_motion_counts_for_its_proposers_exchange_only() {
	local_ext().execute_with(|| {
		for i in 0..MaxOpenMotions::get() {
			assert_ok!(propose(Alice, i));
		}
		// Bob's and Charlie's bounds are whole: each opens as many as Alice did.
		for (who, offset) in [(Bob, 100), (Charlie, 200)] {
			for i in 0..MaxOpenMotions::get() {
				assert_ok!(propose(who, offset + i));
			}
			assert_noop!(
				propose(who, offset + 99),
				pallet_exchanges::Error::<Runtime>::TooManyOpenMotions
			);
		}
		assert_eq!(open_motions(), 3 * MaxOpenMotions::get() as usize);
	});
}

#[test]
fn a_suspended_exchange_proposes_nothing() {
	local_ext().execute_with(|| {
		assert_ok!(propose(Dave, 0));
		let suspend = RuntimeCall::Exchanges(pallet_exchanges::Call::suspend { exchange: 3 });
		assert_ok!(council_motion(suspend, 3, &[Alice, Bob, Charlie]));
		// No seat: the council refuses it before any ticket.
		assert_noop!(
			propose(Dave, 1),
			pallet_collective::Error::<Runtime, CouncilCollective>::NotMember
		);
		assert_eq!(open_motions(), 1);
	});
}

#[test]
fn a_call_proposed_again_after_its_motion_closed_counts_once() {
	local_ext().execute_with(|| {
		// Alice's first motion is voted down and closed; its ticket stays at its hash.
		assert_ok!(propose(Alice, 0));
		let first = remark(0);
		let hash = BlakeTwo256::hash_of(&first);
		for voter in [Bob, Charlie] {
			assert_ok!(Council::vote(RuntimeOrigin::signed(operator(voter)), hash, 0, false));
		}
		assert_ok!(Council::close(
			RuntimeOrigin::signed(operator(Dave)),
			hash,
			0,
			Weight::from_parts(10_000_000_000, 1_000_000),
			first.encoded_size() as u32,
		));
		assert!(pallet_collective::CostOf::<Runtime, CouncilCollective>::contains_key(hash));
		// With three others open, the same call proposed again is her fourth, not a fifth.
		for i in 1..MaxOpenMotions::get() {
			assert_ok!(propose(Alice, i));
		}
		assert_ok!(propose(Alice, 0));
		assert_eq!(open_motions(), MaxOpenMotions::get() as usize);
		assert_noop!(propose(Alice, 99), pallet_exchanges::Error::<Runtime>::TooManyOpenMotions);
	});
}

/// Until release 120 a removed exchange's open motions stayed open (its id is never reused,
/// so outside every exchange's bound) until the members voted them down. Removal closes
/// them; one the members have passed stays, to be executed; the removal itself, proposed by
/// the exchange removed, is executed, not closed.
#[test]
fn a_removed_exchanges_motions_close_with_it() {
	local_ext().execute_with(|| {
		System::set_block_number(1);
		assert_ok!(propose(Dave, 0));
		assert_ok!(propose(Dave, 1));
		assert_ok!(propose(Alice, 2));
		// Dave's third: the others have passed it (three of four), not yet closed.
		assert_ok!(propose(Dave, 3));
		let hash = |i| BlakeTwo256::hash_of(&remark(i));
		for voter in [Alice, Bob, Charlie] {
			assert_ok!(Council::vote(RuntimeOrigin::signed(operator(voter)), hash(3), 3, true));
		}
		// The runtime reads the collective's votes as the collective wrote them.
		assert_ok!(Council::vote(RuntimeOrigin::signed(operator(Bob)), hash(0), 0, true));
		assert_eq!(crate::council::ayes_and_threshold(&hash(0)), Some((1, 3)));
		assert_eq!(crate::council::ayes_and_threshold(&hash(3)), Some((3, 3)));

		// Dave proposes its own removal; three of four pass it.
		let remove = RuntimeCall::Exchanges(pallet_exchanges::Call::remove { exchange: 3 });
		let removal = BlakeTwo256::hash_of(&remove);
		assert_ok!(council_motion(remove, 3, &[Dave, Alice, Bob]));

		assert!(!pallet_exchanges::Exchanges::<Runtime>::contains_key(3));
		let open = pallet_collective::Proposals::<Runtime, CouncilCollective>::get();
		assert_eq!(open.into_inner(), vec![hash(2), hash(3)]);
		let events: Vec<_> = System::events().into_iter().map(|r| r.event).collect();
		let disapproved = |proposal_hash| {
			events.contains(&RuntimeEvent::Council(pallet_collective::Event::Disapproved {
				proposal_hash,
			}))
		};
		assert!(disapproved(hash(0)) && disapproved(hash(1)));
		assert!(!disapproved(removal) && !disapproved(hash(3)) && !disapproved(hash(2)));
		assert!(events.contains(&RuntimeEvent::Council(pallet_collective::Event::Executed {
			proposal_hash: removal,
			result: Ok(()),
		})));
		// The motion the members passed is closed, and executed, by anyone.
		assert_ok!(Council::close(
			RuntimeOrigin::signed(operator(Charlie)),
			hash(3),
			3,
			Weight::from_parts(10_000_000_000, 1_000_000),
			remark(3).encoded_size() as u32,
		));
		assert_eq!(open_motions(), 1);
	});
}

/// The council kept a proposal of any size for a week without a deposit: a member could store
/// one as large as a block for its byte fee (helper-66). A motion's proposal is at most
/// `MAX_MOTION_BYTES` long; a batch of consortium calls is far smaller.
#[test]
fn a_motion_is_at_most_sixty_four_kibibytes() {
	use crate::call_filter::MAX_MOTION_BYTES;
	use sp_runtime::traits::Dispatchable;
	local_ext().execute_with(|| {
		let motion = |bytes: usize| {
			let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![7; bytes] });
			let length_bound = call.encoded_size() as u32;
			RuntimeCall::Council(pallet_collective::Call::propose {
				threshold: 3,
				proposal: Box::new(call),
				length_bound,
			})
		};
		// The remark's own bytes plus its call's and length's prefixes.
		let largest = MAX_MOTION_BYTES as usize - 8;
		let refused =
			motion(MAX_MOTION_BYTES as usize).dispatch(RuntimeOrigin::signed(operator(Alice)));
		assert_eq!(
			refused.map_err(|e| e.error),
			Err(frame_system::Error::<Runtime>::CallFiltered.into())
		);
		assert_eq!(open_motions(), 0);
		assert_ok!(motion(largest).dispatch(RuntimeOrigin::signed(operator(Alice))));
		assert_eq!(open_motions(), 1);
	});
}
