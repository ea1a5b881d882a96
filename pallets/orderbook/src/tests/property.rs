//! A property test over random order flow: the book stays sound and value is conserved.

use super::*;
use stledger_primitives::testing::Rng;

#[test]
fn property_random_order_flow_keeps_the_book_sound() {
	let mut amended = [0usize; 2];
	for seed in 1..=25u64 {
		new_test_ext().execute_with(|| {
			let traders = [ALICE, ALICE_2, BOB, CAROL, DAVE, ERIN];
			let start_cash = traders_cash();
			let start_tokens = Assets::total_issuance(SECURITY);
			let mut rng = Rng(seed * 7919 + 1);
			let mut filled = 0usize;
			let mut erin_cap = Balance::MAX;
			for step in 0..150 {
				let who = traders[rng.next(traders.len() as u64) as usize];
				match rng.next(12) {
					10 | 11 => {
						// Amend: a reduction in place, or a new price or size re-queued (which
						// may trade); refusals change nothing.
						let open = Traders::<Test>::get(who).open;
						if let Some(id) = open.get(rng.next(open.len().max(1) as u64) as usize) {
							let price = TEN - 5 + rng.next(11);
							let lots = 1 + rng.next(6);
							let _ = Orderbook::amend_order(
								RuntimeOrigin::signed(who),
								*id,
								price,
								lots,
								1 + rng.next(6) as u32,
							);
						}
					},
					0 | 1 => {
						let open = Traders::<Test>::get(who).open;
						if let Some(id) = open.get(rng.next(open.len().max(1) as u64) as usize) {
							assert_ok!(Orderbook::cancel_order(RuntimeOrigin::signed(who), *id));
						}
					},
					2 => {
						let _ = Orderbook::claim_venue_fees(
							RuntimeOrigin::signed(SG_VENUE_OPERATOR),
							USDX,
						);
					},
					3 => set_time(START + step * 10_000),
					_ => {
						let side = if rng.next(2) == 0 { Side::Bid } else { Side::Ask };
						let price = TEN - 5 + rng.next(11);
						let lots = 1 + rng.next(6);
						let tif = match rng.next(6) {
							0 => TimeInForce::ImmediateOrCancel,
							1 => TimeInForce::FillOrKill,
							2 => TimeInForce::PostOnly,
							_ => TimeInForce::GoodTillCancelled,
						};
						let stp = match rng.next(3) {
							0 => SelfTradePrevention::CancelResting,
							1 => SelfTradePrevention::CancelIncoming,
							_ => SelfTradePrevention::DecrementBoth,
						};
						let _ =
							order(who, side, price, lots, tif, Some(stp), 1 + rng.next(6) as u32);
					},
				}
				if step == 75 {
					make_ineligible(ERIN, Ineligibility::Revoked);
					erin_cap = tokens(ERIN);
				}
				filled += fills().len();
				for event in events() {
					if let Event::OrderAmended { requeued_as, .. } = event {
						amended[usize::from(requeued_as.is_some())] += 1;
					}
				}
				System::reset_events();
				check_invariants(start_cash, start_tokens);
				assert!(tokens(ERIN) <= erin_cap, "an ineligible investor received tokens");
			}
			assert!(filled > 0, "seed {seed} traded nothing");
		});
	}
	assert!(amended[0] > 0 && amended[1] > 0, "reductions and re-queues: {amended:?}");
}

/// Cash held by the traders, the issuer and the fee account (the venues' operators hold
/// none at the start).
pub(super) fn traders_cash() -> Balance {
	[ALICE, ALICE_2, BOB, CAROL, DAVE, ERIN].iter().map(|w| cash(*w)).sum::<Balance>()
		+ cash(ISSUER)
		+ cash(Orderbook::fee_account())
}

/// After every step: the book is not crossed, every level adds up, reservations equal what
/// open orders hold, cash and tokens are conserved, and every holder is eligible.
pub(super) fn check_invariants(start_cash: Balance, start_tokens: Balance) {
	let traders = [ALICE, ALICE_2, BOB, CAROL, DAVE, ERIN];
	let (bid, ask) = best();
	// Only a call auction collects crossing orders.
	if Markets::<Test>::get(MARKET).unwrap().phase == Phase::Continuous {
		if let (Some(b), Some(a)) = (bid, ask) {
			assert!(b < a, "crossed book: bid {b} ask {a}");
		}
	}
	let orders: Vec<_> = Orders::<Test>::iter().collect();
	for who in traders {
		let mine = orders.iter().filter(|(_, o)| o.owner == who);
		let cash_held: Balance =
			mine.clone().filter(|(_, o)| o.side == Side::Bid).map(|(_, o)| o.reserved).sum();
		let tokens_held: Balance =
			mine.filter(|(_, o)| o.side == Side::Ask).map(|(_, o)| o.reserved).sum();
		assert_eq!(reserved_cash(who), cash_held, "cash reserved by {who}");
		assert_eq!(reserved_tokens(who), tokens_held, "tokens reserved by {who}");
		assert!(cash(who) >= reserved_cash(who));
		assert!(tokens(who) >= reserved_tokens(who));
		for (_, o) in orders.iter().filter(|(_, o)| o.owner == who && o.side == Side::Bid) {
			let worst = value(o.remaining, o.price);
			assert!(o.reserved >= worst + fee(worst, o.maker_fee_bps), "bid under-reserved");
		}
	}
	// Every resting order is on its owner's list and at a price the book lists (a placement
	// holds both in memory between the matching and the rest).
	let book = Books::<Test>::get(MARKET);
	for (id, o) in orders.iter() {
		assert!(book.side(o.side).contains(&o.price), "order {id} at a price not in the book");
	}
	for who in traders {
		let mut open = crate::Traders::<Test>::get(who).open.into_inner();
		open.sort();
		let mut mine: Vec<_> =
			orders.iter().filter(|(_, o)| o.owner == who).map(|(id, _)| *id).collect();
		mine.sort();
		assert_eq!(open, mine, "open orders of {who}");
	}
	for side in [Side::Bid, Side::Ask] {
		for price in book.side(side).iter() {
			let level = Levels::<Test>::get((MARKET, side, *price)).unwrap();
			let at: Vec<_> =
				orders.iter().filter(|(_, o)| o.side == side && o.price == *price).collect();
			assert_eq!(level.orders as usize, at.len());
			assert_eq!(level.lots, at.iter().map(|(_, o)| o.remaining).sum::<Lots>());
		}
	}
	let all_cash: Balance = traders.iter().map(|w| cash(*w)).sum::<Balance>()
		+ cash(ISSUER)
		+ cash(Orderbook::fee_account())
		+ [US_VENUE_OPERATOR, SG_VENUE_OPERATOR].iter().map(|w| cash(*w)).sum::<Balance>();
	assert_eq!(all_cash, start_cash, "cash conserved");
	let all_tokens: Balance = traders.iter().map(|w| tokens(*w)).sum();
	assert_eq!(all_tokens, start_tokens, "tokens conserved");
	assert_eq!(Assets::total_issuance(SECURITY), start_tokens);
	let fees: Balance = [US_VENUE, SG_VENUE].iter().map(|v| VenueFees::<Test>::get(v, USDX)).sum();
	assert_eq!(cash(Orderbook::fee_account()), 1_000 + fees, "fees held are owed to venues");
}
