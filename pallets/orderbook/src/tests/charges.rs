//! What a placement is charged: each resting order met at the dearest fill measured
//! (`charges::fills_weight`: every fill benchmark), except a plain fill (both accounts held
//! the security and cash before and after), refunded to what its side's plain fills measure
//! (`place_order_plain` against resting bids, the dearer of `place_order_plain_asks` and
//! `place_order_plain_unlocked_asks` against resting asks); an order of which nothing rests
//! refunded the storage of the rest every fill benchmark includes (`charges::rest_storage`),
//! never below the twins that cancel the last lot (`place_order_ioc*`); an order that meets
//! nothing the dearest resting placement measured (`charges::resting_weight`); and each
//! venue met besides the order's own what `place_order_venues` measures more.

use super::*;
use crate::charges::{
	cancelled_fills_weight, fills_weight, plain_fills_weight, rest_storage, resting_weight,
	venue_storage, Placed,
};
use frame_support::{
	dispatch::DispatchResultWithPostInfo, traits::fungibles::Mutate, weights::Weight,
};
use std::collections::BTreeSet;
use stledger_primitives::{IdentityId, InvestorClass};

/// A new US accredited investor with `tokens` and some USDX.
fn newcomer(who: AccountId, tokens: Balance) {
	investor(who, who as IdentityId, "US", InvestorClass::Accredited, 4);
	assert_ok!(Securities::mint(RuntimeOrigin::signed(ISSUER), SECURITY, who, tokens, None));
	assert_ok!(<Assets as Mutate<AccountId>>::transfer(
		USDX,
		&ISSUER,
		&who,
		1_000 * DOLLAR,
		frame_support::traits::tokens::Preservation::Preserve,
	));
}

fn sell_one(who: AccountId) -> DispatchResultWithPostInfo {
	order(who, Side::Ask, TEN, 1, TimeInForce::ImmediateOrCancel, None, 1)
}

fn buy_one(who: AccountId) -> DispatchResultWithPostInfo {
	order(who, Side::Bid, TEN, 1, TimeInForce::ImmediateOrCancel, None, 1)
}

fn charged(result: DispatchResultWithPostInfo) -> Weight {
	result.expect("the order is accepted").actual_weight.expect("a refund")
}

/// The venues besides its own that the orders a placement met in the test market may be of:
/// it lists two (`US_VENUE`, `SG_VENUE`).
fn other_venues(met: u32) -> u32 {
	met.min(1)
}

/// What a placement that met `met` resting orders of `met_side`, `plain_fills` of them plain
/// fills, of the test market's other venue, is charged when what is left of it rests
/// (`rested`) or not.
fn charge(met_side: Side, met: u32, plain_fills: u32, rested: bool) -> Weight {
	charge_meeting(met_side, met, plain_fills, rested, other_venues(met))
}

/// [`charge`] for orders met of `other_venues` venues besides the placed order's own.
fn charge_meeting(
	met_side: Side,
	met: u32,
	plain_fills: u32,
	rested: bool,
	other_venues: u32,
) -> Weight {
	Placed { met, plain_fills, met_side, evicted: 0, rested, other_venues }.weight::<Test>()
}

#[test]
fn a_plain_fill_costs_less_than_the_dearest_fill_and_no_more_than_it() {
	let (plain, dearest) = (charge(Side::Bid, 1, 1, true), charge(Side::Bid, 1, 0, true));
	assert!(plain.ref_time() < dearest.ref_time(), "{plain:?} < {dearest:?}");
	assert_eq!(dearest, fills_weight::<Test>(1).saturating_add(venue_storage::<Test>(1)));
	assert!(plain.all_gte(<Test as Config>::WeightInfo::place_order_plain(1)));
	// More plain fills than fills cannot refund more than every fill.
	assert_eq!(charge(Side::Bid, 1, 5, true), plain);
	// Against resting asks, refunded to their own benchmark of plain fills.
	let (plain_ask, dearest_ask) = (charge(Side::Ask, 1, 1, true), charge(Side::Ask, 1, 0, true));
	assert_eq!(dearest_ask, dearest);
	assert!(plain_ask.ref_time() < dearest.ref_time(), "{plain_ask:?} < {dearest:?}");
	assert!(plain_ask.all_gte(<Test as Config>::WeightInfo::place_order_plain_asks(1)));
	assert_eq!(charge(Side::Ask, 1, 5, true), plain_ask);
	for fills in [2, 8, 128] {
		for side in [Side::Bid, Side::Ask] {
			let (plain, dearest) = (charge(side, fills, fills, true), charge(side, fills, 0, true));
			assert!(plain.ref_time() < dearest.ref_time(), "{fills} plain fills of {side:?}");
			assert!(plain.all_gte(crate::charges::plain_fills_weight::<Test>(side, fills)));
		}
	}
	assert_eq!(charge(Side::Bid, 0, 0, true), resting_weight::<Test>());
	// An order that meets nothing is charged a whole placement, resting or not.
	assert_eq!(charge(Side::Bid, 0, 0, false), resting_weight::<Test>());
}

/// Every case the benchmarks measure is charged at least what it measured: each kind of fill
/// within the dearest, each kind of plain fill within its side's refund, each order that
/// meets nothing within a non-crossing place.
#[test]
fn every_measured_case_is_within_its_charge() {
	type W = <Test as Config>::WeightInfo;
	for fills in [0, 1, 2, 15, 64, 128] {
		let dearest = fills_weight::<Test>(fills);
		for (name, measured) in [
			("place_order", W::place_order(fills)),
			("place_order_plain", W::place_order_plain(fills)),
			("place_order_plain_asks", W::place_order_plain_asks(fills)),
			("place_order_plain_unlocked_asks", W::place_order_plain_unlocked_asks(fills)),
			("place_order_leaving_asks", W::place_order_leaving_asks(fills)),
			("place_order_relinked", W::place_order_relinked(fills)),
		] {
			assert!(dearest.all_gte(measured), "{name}({fills}) above the dearest fill");
		}
		let plain_asks = plain_fills_weight::<Test>(Side::Ask, fills);
		assert!(plain_asks.all_gte(W::place_order_plain_unlocked_asks(fills)), "{fills}");
		assert!(plain_asks.all_gte(W::place_order_plain_asks(fills)), "{fills}");
		assert!(plain_fills_weight::<Test>(Side::Bid, fills).all_gte(W::place_order_plain(fills)));
	}
	for (name, measured) in [
		("place_resting", W::place_resting()),
		("place_resting_relinked", W::place_resting_relinked()),
		("place_resting_ask", W::place_resting_ask()),
	] {
		assert!(resting_weight::<Test>().all_gte(measured), "{name} above a resting place");
	}
}

#[test]
fn a_sale_to_a_resting_holder_with_cash_is_charged_as_a_plain_fill() {
	new_test_ext().execute_with(|| {
		bid(ALICE, TEN, 1);
		assert_eq!(charged(sell_one(DAVE)), charge(Side::Bid, 1, 1, false));
		assert_eq!(fills().len(), 1);
	});
}

#[test]
fn a_purchase_from_a_resting_seller_who_keeps_tokens_and_cash_is_charged_as_a_plain_fill() {
	new_test_ext().execute_with(|| {
		ask(DAVE, TEN, 1);
		let charged = charged(buy_one(ALICE));
		assert_eq!(charged, charge(Side::Ask, 1, 1, false));
		assert!(charged.ref_time() < charge(Side::Ask, 1, 0, false).ref_time());
		assert_eq!(fills().len(), 1);
		assert!(tokens(DAVE) > 0 && cash(DAVE) > 0);
	});
}

/// A plain seller's lock-up lots that have unlocked stay until its account empties: the
/// sale walks them and clears none, which `place_order_plain_asks` (lots still locked)
/// covers, measured beside `place_order_plain_unlocked_asks`. Such a purchase is plain.
#[test]
fn a_purchase_from_a_plain_seller_whose_lots_have_unlocked_is_charged_as_a_plain_fill() {
	new_test_ext().execute_with(|| {
		let unlock_at = START + DAY;
		assert_ok!(Securities::mint(
			RuntimeOrigin::signed(ISSUER),
			SECURITY,
			DAVE,
			TOKEN,
			Some(unlock_at)
		));
		set_time(unlock_at + 1);
		ask(DAVE, TEN, 1);
		assert_eq!(charged(buy_one(ALICE)), charge(Side::Ask, 1, 1, false));
		assert_eq!(Securities::position(SECURITY, &DAVE).lots.len(), 1, "not pruned");
	});
}

/// Plain is counted fill by fill: a buyer account that becomes a holder at its first fill
/// holds at its second.
#[test]
fn a_buyer_new_at_the_first_fill_is_plain_at_the_second() {
	new_test_ext().execute_with(|| {
		assert_eq!(tokens(ALICE_2), 0);
		ask(DAVE, TEN, 1);
		ask(ERIN, TEN, 1);
		let swept = order(ALICE_2, Side::Bid, TEN, 2, TimeInForce::ImmediateOrCancel, None, 2);
		assert_eq!(fills().len(), 2);
		// Both sellers are of the SG venue: one venue besides hers.
		assert_eq!(charged(swept), charge_meeting(Side::Ask, 2, 1, false, 1));
		assert_eq!(tokens(ALICE_2), 2 * TOKEN);
	});
}

/// A resting ask met and cancelled (here expired) is charged at the dearest fill, never
/// refunded as a plain one: only fills that settled and changed no holder or account are.
#[test]
fn an_ask_met_and_cancelled_is_not_a_plain_fill() {
	new_test_ext().execute_with(|| {
		let expiring = ask_until(DAVE, TEN, 1, START + 30_000);
		ask(ERIN, TEN, 1);
		set_time(START + 31_000);
		let bought = order(ALICE, Side::Bid, TEN, 1, TimeInForce::ImmediateOrCancel, None, 2);
		assert_eq!(cancels(), vec![(expiring, 1, CancelReason::Expired)]);
		assert_eq!(fills().len(), 1);
		assert_eq!(charged(bought), charge_meeting(Side::Ask, 2, 1, false, 1));
	});
}

/// A buyer account relinked to another identity while holding moves its holding to that
/// identity at its next purchase: not a plain fill.
#[test]
fn a_purchase_by_an_account_relinked_to_another_identity_pays_the_dearest_fill() {
	new_test_ext().execute_with(|| {
		assert_eq!(Securities::holder_identity(SECURITY, &ALICE), Some(10));
		investor(70, 70, "US", InvestorClass::Accredited, 4);
		second_account(70, ALICE);
		ask(DAVE, TEN, 1);
		assert_eq!(charged(buy_one(ALICE)), charge(Side::Ask, 1, 0, false));
		assert_eq!(Securities::holder_identity(SECURITY, &ALICE), Some(70));
	});
}

#[test]
fn a_purchase_by_an_account_that_did_not_hold_pays_the_dearest_fill() {
	new_test_ext().execute_with(|| {
		// ALICE_2 has cash and no tokens: a new token account (its identity holds already).
		assert_eq!(tokens(ALICE_2), 0);
		ask(DAVE, TEN, 1);
		assert_eq!(charged(buy_one(ALICE_2)), charge(Side::Ask, 1, 0, false));
		assert_eq!(tokens(ALICE_2), TOKEN);
	});
}

#[test]
fn a_purchase_of_a_sellers_last_token_pays_the_dearest_fill() {
	new_test_ext().execute_with(|| {
		// Both of the US venue: no venue besides the buyer's own.
		newcomer(60, TOKEN);
		assert_eq!(venue_of(60), venue_of(ALICE));
		ask(60, TEN, 1);
		assert_eq!(charged(buy_one(ALICE)), charge_meeting(Side::Ask, 1, 0, false, 0));
		assert_eq!(tokens(60), 0);
	});
}

#[test]
fn a_purchase_from_a_seller_without_cash_pays_the_dearest_fill() {
	new_test_ext().execute_with(|| {
		// A US holder who closed its cash account after placing its ask: the proceeds open one.
		newcomer(61, 2 * TOKEN);
		ask(61, TEN, 1);
		assert_ok!(<Assets as Mutate<AccountId>>::transfer(
			USDX,
			&61,
			&ISSUER,
			cash(61),
			frame_support::traits::tokens::Preservation::Expendable,
		));
		assert_eq!(cash(61), 0);
		assert_eq!(charged(buy_one(ALICE)), charge_meeting(Side::Ask, 1, 0, false, 0));
		assert!(cash(61) > 0 && tokens(61) == TOKEN);
	});
}

#[test]
fn a_resting_buyer_account_that_did_not_hold_pays_the_dearest_fill() {
	new_test_ext().execute_with(|| {
		// ALICE_2 has cash and no tokens: a new token account (its identity holds already).
		assert_eq!(tokens(ALICE_2), 0);
		bid(ALICE_2, TEN, 1);
		assert_eq!(charged(sell_one(DAVE)), charge(Side::Bid, 1, 0, false));
		assert_eq!(tokens(ALICE_2), TOKEN);
	});
}

#[test]
fn a_seller_selling_its_last_token_pays_the_dearest_fill() {
	new_test_ext().execute_with(|| {
		// Both of the US venue: no venue besides the seller's own.
		newcomer(60, TOKEN);
		assert_eq!((venue_of(60), venue_of(ALICE)), (US_VENUE, US_VENUE));
		bid(ALICE, TEN, 1);
		assert_eq!(charged(sell_one(60)), charge_meeting(Side::Bid, 1, 0, false, 0));
		assert_eq!(tokens(60), 0);
	});
}

/// An immediate-or-cancel or fill-or-kill order never rests, so it never evicts a level nor
/// writes a rest: it is charged up front its fills without either, and what it is refunded
/// to, whatever it met, stays within that. An order that may rest is charged both.
#[test]
fn an_order_that_cannot_rest_is_charged_up_front_without_resting_or_an_eviction() {
	use crate::charges::placement_weight;
	use frame_support::{dispatch::GetDispatchInfo, traits::Get};
	let eviction =
		<Test as Config>::WeightInfo::evict_level(<Test as Config>::MaxOrdersPerLevel::get());
	for max_fills in [1, 2, 6, 128] {
		let taker = placement_weight::<Test>(TimeInForce::ImmediateOrCancel, max_fills);
		assert_eq!(taker, placement_weight::<Test>(TimeInForce::FillOrKill, max_fills));
		let venues = crate::charges::venue_storage_up_front::<Test>(max_fills);
		assert_eq!(
			taker,
			cancelled_fills_weight::<Test>(max_fills)
				.max(resting_weight::<Test>())
				.saturating_add(venues)
		);
		assert!(cancelled_fills_weight::<Test>(max_fills)
			.all_gte(fills_weight::<Test>(max_fills).saturating_sub(rest_storage::<Test>())));
		let may_rest = fills_weight::<Test>(max_fills)
			.saturating_add(eviction)
			.max(taker.saturating_sub(venues))
			.saturating_add(venues);
		for time_in_force in [TimeInForce::GoodTillCancelled, TimeInForce::PostOnly] {
			assert_eq!(placement_weight::<Test>(time_in_force, max_fills), may_rest);
		}
		assert!(may_rest.ref_time() > taker.ref_time());
		// Whatever it met, and whether or not it rested (an order that may rest can be
		// filled in full), never charged more than up front.
		for met in (0..=max_fills).filter(|met| *met <= 8 || *met == max_fills) {
			for (side, plain) in
				[Side::Bid, Side::Ask].into_iter().flat_map(|side| [(side, 0), (side, met)])
			{
				let charge = |rested| charge(side, met, plain, rested);
				assert!(taker.all_gte(charge(false)), "{met} met of {side:?}, {plain} plain");
				assert!(may_rest.all_gte(charge(false)), "{met} of {side:?}, {plain} plain");
				assert!(may_rest.all_gte(charge(true)), "{met} of {side:?}, {plain} plain");
			}
		}
		let place_order = |time_in_force| {
			crate::Call::<Test>::place_order {
				market: MARKET,
				venue: US_VENUE,
				side: Side::Bid,
				price: TEN,
				lots: 1,
				time_in_force,
				expires_at: None,
				client_id: 1,
				self_trade: None,
				max_fills,
			}
			.get_dispatch_info()
			.call_weight
		};
		assert_eq!(place_order(TimeInForce::ImmediateOrCancel), taker);
		assert_eq!(place_order(TimeInForce::FillOrKill), taker);
		assert_eq!(place_order(TimeInForce::GoodTillCancelled), may_rest);
		assert_eq!(place_order(TimeInForce::PostOnly), may_rest);
		// A market order reads its market once more, for its protection limit.
		let market_order = crate::Call::<Test>::place_market_order {
			market: MARKET,
			venue: US_VENUE,
			side: Side::Bid,
			lots: 1,
			client_id: 1,
			self_trade: None,
			max_fills,
		};
		let db = <<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<
			frame_support::weights::RuntimeDbWeight,
		>>::get();
		assert_eq!(market_order.get_dispatch_info().call_weight, taker.saturating_add(db.reads(1)));
	}
}

/// An order of which nothing rests is refunded the storage of the rest that every fill
/// benchmark includes (the incoming order's last lot rests there), and nothing else; never
/// below what the benchmarks' twins that cancel the last lot (`place_order_ioc*`) measure.
#[test]
fn an_order_that_does_not_rest_is_refunded_the_storage_of_a_rest() {
	type W = <Test as Config>::WeightInfo;
	assert!(rest_storage::<Test>().ref_time() > 0);
	for fills in [1, 2, 8, 128] {
		for (side, plain) in
			[Side::Bid, Side::Ask].into_iter().flat_map(|side| [(side, 0), (side, fills)])
		{
			let (not_resting, resting) =
				(charge(side, fills, plain, false), charge(side, fills, plain, true));
			assert!(not_resting.all_gte(resting.saturating_sub(rest_storage::<Test>())));
			// Its twin: the same fills, the last lot cancelled.
			let twin = match (side, plain) {
				(Side::Bid, 0) => W::place_order_ioc(fills),
				(Side::Bid, _) => W::place_order_ioc_plain(fills),
				(Side::Ask, _) => W::place_order_ioc_plain_asks(fills),
			};
			let venues = venue_storage::<Test>(other_venues(fills));
			assert!(not_resting.all_gte(twin.saturating_add(venues)), "{fills} of {side:?}");
		}
		let dearest_twin = W::place_order_ioc(fills).max(W::place_order_ioc_plain_asks(fills));
		assert!(cancelled_fills_weight::<Test>(fills).all_gte(dearest_twin));
	}
}

/// `ALICE` bids `lots` with `time_in_force` against `DAVE`'s one-lot ask: what she is charged,
/// and her order's id.
fn bid_against_one_ask(lots: Lots, time_in_force: TimeInForce) -> (Weight, OrderId) {
	ask(DAVE, TEN, 1);
	let id = NextOrderId::<Test>::get();
	let result = order(ALICE, Side::Bid, TEN, lots, time_in_force, None, lots as u32);
	assert_eq!(fills().len(), 1);
	(charged(result), id)
}

#[test]
fn a_good_till_cancelled_order_filled_in_full_is_charged_as_one_that_does_not_rest() {
	new_test_ext().execute_with(|| {
		let (charged, id) = bid_against_one_ask(1, TimeInForce::GoodTillCancelled);
		assert_eq!(charged, charge(Side::Ask, 1, 1, false));
		assert!(!Orders::<Test>::contains_key(id));
	});
}

#[test]
fn an_order_whose_last_lot_rests_is_charged_as_resting() {
	new_test_ext().execute_with(|| {
		let (charged, id) = bid_against_one_ask(2, TimeInForce::GoodTillCancelled);
		assert_eq!(charged, charge(Side::Ask, 1, 1, true));
		assert_eq!(Orders::<Test>::get(id).expect("its last lot rests").remaining, 1);
	});
}

#[test]
fn an_immediate_or_cancel_remainder_is_cancelled_and_charged_as_not_resting() {
	new_test_ext().execute_with(|| {
		let (charged, id) = bid_against_one_ask(2, TimeInForce::ImmediateOrCancel);
		assert_eq!(charged, charge(Side::Ask, 1, 1, false));
		assert!(!Orders::<Test>::contains_key(id));
		assert_eq!(cancels(), vec![(id, 1, CancelReason::Unfilled)]);
	});
}

/// A remainder that meets a full level of its own side after a fill (which a book that does
/// not cross never has: here a full level at the bid's price is stored where the book's index
/// does not list it) cannot rest: the rest is rolled back, the fill stands, the remainder is
/// cancelled with its reservation released, and the order is charged as one that rested after
/// evicting a full level, as it was up front, since a rollback after an eviction loses how
/// many orders it evicted. (The rest fails here before it evicts; the charge does not depend
/// on where it failed.)
#[test]
fn a_remainder_that_finds_no_room_after_a_fill_is_cancelled_and_charged_the_rest_it_tried() {
	new_test_ext().execute_with(|| {
		let full: u32 =
			<<Test as Config>::MaxOrdersPerLevel as frame_support::traits::Get<u32>>::get();
		let level = Level { head: 900, tail: 902, lots: 3, orders: full };
		Levels::<Test>::insert((MARKET, Side::Bid, TEN), level);
		let (alice_tokens, dave_cash) = (tokens(ALICE), cash(DAVE));
		let (charged, id) = bid_against_one_ask(2, TimeInForce::GoodTillCancelled);
		// A plain fill: Alice held and Dave keeps tokens and cash.
		let tried = Placed {
			met: 1,
			plain_fills: 1,
			met_side: Side::Ask,
			evicted: full,
			rested: true,
			other_venues: 1,
		};
		assert_eq!(charged, tried.weight::<Test>());
		assert_eq!(
			charged,
			charge(Side::Ask, 1, 1, true)
				.saturating_add(<Test as Config>::WeightInfo::evict_level(full))
		);
		// Never more than it was charged up front.
		let up_front = crate::charges::placement_weight::<Test>(TimeInForce::GoodTillCancelled, 2);
		assert!(up_front.all_gte(charged), "{up_front:?} ≥ {charged:?}");
		// The fill stands: the token is Alice's, the price (less Dave's fee) Dave's.
		let trade = &fills()[0];
		assert_eq!((trade.buyer, trade.seller), (ALICE, DAVE));
		assert_eq!(tokens(ALICE), alice_tokens + trade.tokens);
		assert!(cash(DAVE) > dave_cash);
		// The remainder is cancelled, nothing of it stays reserved or open, and the level that
		// refused it is as it was.
		assert!(!Orders::<Test>::contains_key(id));
		assert_eq!(cancels(), vec![(id, 1, CancelReason::BookFull)]);
		assert_eq!(reserved_cash(ALICE), 0);
		assert!(Traders::<Test>::get(ALICE).open.is_empty());
		assert_eq!(IdentityOpenOrders::<Test>::iter_values().sum::<u32>(), 0);
		assert_eq!(Levels::<Test>::get((MARKET, Side::Bid, TEN)), Some(level));
		assert_eq!(best(), (None, None));
		// Its client id is remembered all the same: a retry with it is refused.
		assert!(!Traders::<Test>::get(ALICE).recent_client_ids.is_empty());
	});
}

/// The `VenueFees` keys `ALICE` (of `US_VENUE`) writes buying one lot from `seller`'s ask (a
/// plain fill: a seller other than `DAVE` is a new holder of two tokens, who keeps one),
/// and what she is charged for it.
fn buying_one_lot_from(seller: AccountId) -> (BTreeSet<Vec<u8>>, Weight) {
	let mut ext = new_test_ext();
	ext.execute_with(|| {
		if seller != DAVE {
			newcomer(seller, 2 * TOKEN);
		}
		ask(seller, TEN, 1);
	});
	ext.commit_all().expect("the ask is stored");
	let charged = ext.execute_with(|| {
		let charged = charged(buy_one(ALICE));
		assert_eq!(fills().len(), 1);
		charged
	});
	let prefix =
		<VenueFees<Test> as frame_support::storage::StoragePrefixedMap<Balance>>::final_prefix();
	let keys = ext
		.overlayed_changes()
		.changes()
		.map(|(key, _)| key.clone())
		.filter(|key| key.starts_with(&prefix))
		.collect();
	(keys, charged)
}

/// The fill benchmarks' orders are all of one venue, so their weights count one venue's
/// record read and its fees read and written. A fill between venues writes the fees of both
/// (and reads both records, `Exchanges::Exchanges` in the runtime's listings): one venue more
/// for each venue met besides the order's own, which [`venue_storage`] charges: up front for
/// every order met being of another venue, up to every venue a market may list but one, and
/// after dispatch for the venues met (since release 113; release 112 charged every venue the
/// market lists).
#[test]
fn a_fill_with_an_order_of_another_venue_writes_that_venues_fees_too() {
	const US_SELLER: AccountId = 77;
	assert_eq!(
		(venue_of(US_SELLER), venue_of(ALICE), venue_of(DAVE)),
		(US_VENUE, US_VENUE, SG_VENUE)
	);
	let (one_venue, charged_within) = buying_one_lot_from(US_SELLER);
	let (two_venues, charged_between) = buying_one_lot_from(DAVE);
	let key = |venue| VenueFees::<Test>::hashed_key_for(venue, USDX);
	assert_eq!(one_venue, [key(US_VENUE)].into_iter().collect());
	assert_eq!(two_venues, [key(US_VENUE), key(SG_VENUE)].into_iter().collect());
	// Two reads (record and fees) and a write per other venue.
	let db = <<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<
		frame_support::weights::RuntimeDbWeight,
	>>::get();
	assert_eq!(venue_storage::<Test>(0), Weight::zero());
	let one_venue = venue_storage::<Test>(1);
	assert!(one_venue.all_gte(db.reads_writes(2, 1)), "at least its keys");
	// Each venue more at least its keys; once, what a market listing many venues costs more.
	let (two, three) = (venue_storage::<Test>(2), venue_storage::<Test>(3));
	assert_eq!(three.saturating_sub(two), two.saturating_sub(one_venue));
	assert!(three.saturating_sub(two).all_gte(db.reads_writes(2, 1)));
	// Charged for the venue met besides her own, and not for her own.
	let placed = |other_venues| {
		Placed {
			met: 1,
			plain_fills: 1,
			met_side: Side::Ask,
			evicted: 0,
			rested: false,
			other_venues,
		}
		.weight::<Test>()
	};
	assert_eq!(charged_within, placed(0));
	assert_eq!(charged_between, placed(1));
	assert_eq!(charged_between, charged_within.saturating_add(one_venue));
	// Two sellers of one other venue are one venue more, not two.
	new_test_ext().execute_with(|| {
		ask(DAVE, TEN, 1);
		ask(ERIN, TEN, 1);
		let swept = order(ALICE, Side::Bid, TEN, 2, TimeInForce::ImmediateOrCancel, None, 2);
		assert_eq!(fills().len(), 2);
		assert_eq!(charged(swept), charge_meeting(Side::Ask, 2, 2, false, 1));
	});
	// Up front, each order met of another venue, up to every venue a market may list but one;
	// never less than after.
	let max_venues: u32 = <<Test as Config>::MaxVenues as frame_support::traits::Get<u32>>::get();
	assert_eq!(crate::charges::venue_storage_up_front::<Test>(1), one_venue);
	assert_eq!(
		crate::charges::venue_storage_up_front::<Test>(128),
		venue_storage::<Test>(max_venues - 1)
	);
	for met in [1, 2, 128] {
		let other_venues = met.min(max_venues - 1);
		let with = Placed {
			met,
			plain_fills: 0,
			met_side: Side::Ask,
			evicted: 0,
			rested: false,
			other_venues,
		};
		assert_eq!(
			with.weight::<Test>(),
			cancelled_fills_weight::<Test>(met).saturating_add(venue_storage::<Test>(other_venues))
		);
		let up_front =
			crate::charges::placement_weight::<Test>(TimeInForce::ImmediateOrCancel, met);
		assert!(up_front.all_gte(with.weight::<Test>()));
	}
	// Each resting order met of a venue of its own is charged at least what
	// `place_order_venues` measures.
	for met in 1..max_venues {
		let between = Placed {
			met,
			plain_fills: 0,
			met_side: Side::Bid,
			evicted: 0,
			rested: true,
			other_venues: met,
		};
		let measured = <Test as Config>::WeightInfo::place_order_venues(met);
		assert!(between.weight::<Test>().all_gte(measured), "{met} venues");
	}
}

/// Each venue is counted once however many of its orders a call meets, and only venues the
/// market lists: an order of a venue it no longer lists is cancelled before its venue is
/// looked up.
#[test]
fn venues_met_are_counted_once_each_and_only_if_listed() {
	use crate::charges::VenuesMet;
	let listed = [US_VENUE, SG_VENUE, 7];
	let mut placed = VenuesMet::placed_through(US_VENUE);
	for venue in [US_VENUE, SG_VENUE, SG_VENUE, 99, US_VENUE] {
		placed.meet(venue, &listed);
	}
	assert_eq!(placed.others(), 1);
	placed.meet(7, &listed);
	assert_eq!(placed.others(), 2);
	// An uncrossing's first order's venue is the one the benchmark counts.
	let mut uncrossing = VenuesMet::none();
	for venue in [99, SG_VENUE, SG_VENUE, US_VENUE, 7, 7] {
		uncrossing.meet(venue, &listed);
	}
	assert_eq!(uncrossing.others(), 2);
}

/// The storage keys a two-lot order on `side` with `time_in_force` writes when it meets a
/// one-lot order of the other side (placed with an expiry, so the expiry queue's cursor is set
/// as on a live chain): what the weights count as the call's writes. Also the order's id, and
/// where it rests if it does (its identity and the minute of its expiry). `ALICE` buys,
/// `DAVE` sells.
struct Written {
	keys: BTreeSet<Vec<u8>>,
	id: OrderId,
	rests: Option<(IdentityId, u64)>,
}

fn keys_written_by(side: Side, time_in_force: TimeInForce) -> Written {
	let (taker, maker) = match side {
		Side::Bid => (ALICE, DAVE),
		Side::Ask => (DAVE, ALICE),
	};
	let mut ext = new_test_ext();
	let place = |who, side, lots, time_in_force, expires_at| {
		Orderbook::place_order(
			RuntimeOrigin::signed(who),
			MARKET,
			venue_of(who),
			side,
			TEN,
			lots,
			time_in_force,
			expires_at,
			next_client_id(),
			None,
			2,
		)
	};
	let (id, expires_at) = ext.execute_with(|| {
		let expires_at = Orderbook::now() + 3_600_000;
		let resting = TimeInForce::GoodTillCancelled;
		assert_ok!(place(maker, side.opposite(), 1, resting, Some(expires_at)));
		(NextOrderId::<Test>::get(), expires_at)
	});
	ext.commit_all().expect("the ask is stored");
	let may_rest = time_in_force == TimeInForce::GoodTillCancelled;
	let rests = ext.execute_with(|| {
		assert_ok!(place(taker, side, 2, time_in_force, may_rest.then_some(expires_at)));
		assert_eq!(fills().len(), 1);
		Orders::<Test>::get(id)
			.map(|order| (order.identity, expires_at.div_ceil(crate::matching::MINUTE)))
	});
	let keys = ext.overlayed_changes().changes().map(|(key, _)| key.clone()).collect();
	Written { keys, id, rests }
}

/// What [`rest_storage`] refunds is what resting writes: a good-till-cancelled order whose
/// last lot rests writes exactly its level, the order, its expiry key and its identity's
/// open-order count more than the same order immediate-or-cancel (its last lot cancelled), and
/// the latter writes nothing the former does not; a bid or an ask. (The one read refunded, the
/// level it joins, is read only in `Pallet::rest`; the benchmarks' listings of the twins show
/// it, `weights.rs`.)
#[test]
fn a_rest_writes_four_keys_that_an_order_that_does_not_rest_does_not() {
	for side in [Side::Bid, Side::Ask] {
		let resting = keys_written_by(side, TimeInForce::GoodTillCancelled);
		let not_resting = keys_written_by(side, TimeInForce::ImmediateOrCancel);
		assert_eq!(resting.id, not_resting.id);
		assert!(not_resting.rests.is_none(), "its last lot is cancelled");
		let (identity, expiry_minute) = resting.rests.expect("its last lot rests");
		let id = resting.id;
		let rest_keys: BTreeSet<Vec<u8>> = [
			Levels::<Test>::hashed_key_for((MARKET, side, TEN)),
			Orders::<Test>::hashed_key_for(id),
			ExpiringBy::<Test>::hashed_key_for(expiry_minute, id),
			IdentityOpenOrders::<Test>::hashed_key_for(MARKET, identity),
		]
		.into_iter()
		.collect();
		assert_eq!(
			resting.keys.difference(&not_resting.keys).cloned().collect::<BTreeSet<_>>(),
			rest_keys,
			"{side:?}"
		);
		assert!(not_resting.keys.is_subset(&resting.keys), "{side:?}: not resting writes more");
		let db = <<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<
			frame_support::weights::RuntimeDbWeight,
		>>::get();
		// One read: the level it joins (the identity's count is read by any order that may
		// rest).
		assert_eq!(rest_storage::<Test>(), db.reads_writes(1, rest_keys.len() as u64));
	}
}
