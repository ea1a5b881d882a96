//! Self-trade prevention: one identity on both sides of a match, over any of its accounts
//! or by a relinked account, never trades with itself.

use super::*;

/// Alice's second account bids two lots at `TEN` with `stp`; returns the bid's id.
fn second_account_bids(stp: SelfTradePrevention) -> OrderId {
	let id = NextOrderId::<Test>::get();
	assert_ok!(order(ALICE_2, Side::Bid, TEN, 2, TimeInForce::GoodTillCancelled, Some(stp), 6));
	id
}

#[test]
fn fill_or_kill_stopped_by_a_self_trade_fills_nothing() {
	new_test_ext().execute_with(|| {
		ask(DAVE, TEN, 2);
		// The buyer's own identity rests behind it, from its first account.
		ask(ALICE, TEN + 1, 2);
		let (cash_before, tokens_before) = (cash(ALICE_2), tokens(ALICE_2));
		for stp in [SelfTradePrevention::CancelIncoming, SelfTradePrevention::DecrementBoth] {
			assert_noop!(
				order(ALICE_2, Side::Bid, TEN + 1, 4, TimeInForce::FillOrKill, Some(stp), 6),
				Error::<Test>::FillOrKillNotFilled
			);
		}
		assert_eq!((cash(ALICE_2), tokens(ALICE_2)), (cash_before, tokens_before));
	});
}

#[test]
fn an_account_relinked_to_another_identity_cannot_trade_with_itself() {
	new_test_ext().execute_with(|| {
		// Alice rests an ask under identity 10; her account is then linked to identity 77.
		let own = ask(ALICE, TEN, 2);
		investor(ALICE, 77, "US", InvestorClass::Accredited, 4);
		let (alice_tokens, alice_cash) = (tokens(ALICE), cash(ALICE));
		bid(ALICE, TEN, 2);
		assert!(fills().is_empty(), "no wash trade");
		assert_eq!(cancels(), vec![(own, 2, CancelReason::SelfTrade)]);
		assert_eq!(tokens(ALICE), alice_tokens);
		assert_eq!(cash(ALICE), alice_cash);
	});
}

#[test]
fn self_trade_cancel_resting_is_the_default() {
	new_test_ext().execute_with(|| {
		// Alice rests an ask; her second account's bid meets it, then Dave's behind it.
		let own = ask(ALICE, TEN, 2);
		let dave = ask(DAVE, TEN, 2);
		bid(ALICE_2, TEN, 2);
		assert_eq!(cancels(), vec![(own, 2, CancelReason::SelfTrade)]);
		assert_eq!(fills()[0].maker_order, dave);
		assert_eq!(reserved_tokens(ALICE), 0);
	});
}

#[test]
fn self_trade_cancel_incoming() {
	new_test_ext().execute_with(|| {
		let own = ask(ALICE, TEN, 2);
		let taker = second_account_bids(SelfTradePrevention::CancelIncoming);
		assert_eq!(cancels(), vec![(taker, 2, CancelReason::SelfTrade)]);
		assert!(Orders::<Test>::get(own).is_some());
		assert_eq!(reserved_cash(ALICE_2), 0);
	});
}

#[test]
fn self_trade_decrement_both() {
	new_test_ext().execute_with(|| {
		let own = ask(ALICE, TEN, 5);
		let taker = second_account_bids(SelfTradePrevention::DecrementBoth);
		assert!(fills().is_empty());
		assert!(events().contains(&Event::SelfTradeDecremented {
			resting: own,
			incoming: taker,
			lots: 2
		}));
		assert_eq!(Orders::<Test>::get(own).unwrap().remaining, 3);
		assert_eq!(reserved_tokens(ALICE), 3 * TOKEN);
		assert_eq!(reserved_cash(ALICE_2), 0);
		assert_eq!(Levels::<Test>::get((MARKET, Side::Ask, TEN)).unwrap().lots, 3);
	});
}
