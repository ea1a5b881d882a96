//! Issue 13's attacks on the order book, each refused by name with nothing changed: a venue
//! that listed itself repricing or halting a market, an owner kept from cancelling, a seller
//! on a venue the issuer removed still selling, a paused security still taking asks, and a
//! flood of far-away orders jamming the book.

use super::*;
use frame_support::traits::Get;

fn set_params(
	who: RuntimeOrigin,
	params: MarketParams<Balance>,
) -> frame_support::dispatch::DispatchResult {
	Orderbook::set_market_params(who, MARKET, params)
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// Defect 2: any listing venue changed a market's figures, repricing resting orders (a tick
/// from 10 000 to 1 sold an ask of 1 000 tokens at 50 USDX each for 4.995 USDX).
#[test]
fn only_the_administrator_changes_figures_and_never_under_resting_orders() {
	new_test_ext().execute_with(|| {
		let resting = ask(DAVE, TEN, 5);
		assert_ok!(Orderbook::list_market(signed(OTHER_VENUE_OPERATOR), MARKET, OTHER_VENUE));
		let repriced = MarketParams { tick_size: 1, min_order: 1_000, ..PARAMS };
		// A venue that listed itself, and a venue listing from the start, are not the
		// administrator.
		for venue in [OTHER_VENUE_OPERATOR, SG_VENUE_OPERATOR] {
			assert_noop!(
				set_params(signed(venue), repriced),
				Error::<Test>::NotMarketAdministrator
			);
		}
		assert_noop!(set_params(signed(ALICE), repriced), Error::<Test>::NotMarketAdministrator);
		// Not even the administrator or the consortium reprice resting orders.
		assert_noop!(set_params(signed(US_VENUE_OPERATOR), repriced), Error::<Test>::BookNotEmpty);
		assert_noop!(set_params(RuntimeOrigin::root(), repriced), Error::<Test>::BookNotEmpty);
		let relotted = MarketParams { lot_size: 1, ..PARAMS };
		assert_noop!(set_params(signed(US_VENUE_OPERATOR), relotted), Error::<Test>::BookNotEmpty);
		// Fees may change: the resting order keeps the maker fee it was placed with.
		let cheaper = MarketParams { maker_fee_bps: 5, taker_fee_bps: 5, ..PARAMS };
		assert_ok!(set_params(signed(US_VENUE_OPERATOR), cheaper));
		assert_eq!(Orders::<Test>::get(resting).unwrap().maker_fee_bps, PARAMS.maker_fee_bps);
		// Once the book is empty, the administrator re-ticks.
		assert_ok!(Orderbook::cancel_order(signed(DAVE), resting));
		assert_ok!(set_params(signed(US_VENUE_OPERATOR), repriced));
		assert_eq!(Markets::<Test>::get(MARKET).unwrap().params, repriced);
	});
}

/// Defect 3: a self-listed venue halted the market and the owner could no longer cancel, so
/// its reserved tokens stayed frozen.
#[test]
fn no_foreign_venue_halts_a_market_and_owners_always_cancel() {
	new_test_ext().execute_with(|| {
		let resting = ask(DAVE, TEN, 5);
		ask(ERIN, TEN, 1);
		assert_ok!(Orderbook::list_market(signed(OTHER_VENUE_OPERATOR), MARKET, OTHER_VENUE));
		assert_noop!(
			Orderbook::set_market_status(
				signed(OTHER_VENUE_OPERATOR),
				MARKET,
				MarketStatus::Halted
			),
			Error::<Test>::NotMarketAdministrator
		);
		assert_noop!(
			Orderbook::set_market_status(signed(SG_VENUE_OPERATOR), MARKET, MarketStatus::Halted),
			Error::<Test>::NotMarketAdministrator
		);
		assert_ok!(Orderbook::set_market_status(
			signed(US_VENUE_OPERATOR),
			MARKET,
			MarketStatus::Halted
		));
		assert_eq!(reserved_tokens(DAVE), 5 * TOKEN);
		assert_ok!(Orderbook::cancel_order(signed(DAVE), resting));
		assert_eq!(reserved_tokens(DAVE), 0);
		assert_ok!(Orderbook::cancel_all(signed(ERIN), MARKET));
		assert_eq!(reserved_tokens(ERIN), 0);
	});
}

/// Defect 10: fills checked the buyer's venue against the security's venue rule, not the
/// seller's: after the issuer narrowed its venues, sellers on a removed venue still sold.
#[test]
fn a_seller_on_a_venue_the_issuer_removed_no_longer_sells() {
	new_test_ext().execute_with(|| {
		let resting = ask(DAVE, TEN, 5);
		let rules = pallet_securities::RulesOf::<Test> {
			venues: vec![US_VENUE].try_into().unwrap(),
			..Default::default()
		};
		assert_ok!(Securities::set_rules(signed(ISSUER), SECURITY, rules));
		let dave_tokens = tokens(DAVE);
		bid(ALICE, TEN, 5);
		assert!(fills().is_empty(), "no trade through a venue the security does not allow");
		assert!(cancels().contains(&(
			resting,
			5,
			CancelReason::Compliance(stledger_primitives::Reason::VenueNotAllowed)
		)));
		assert_eq!(tokens(DAVE), dave_tokens);
		assert_eq!(reserved_tokens(DAVE), 0);
		// A new ask through that venue is refused at once, by the ledger's name.
		assert_noop!(
			order(DAVE, Side::Ask, TEN, 1, TimeInForce::GoodTillCancelled, None, 6),
			pallet_securities::Error::<Test>::VenueNotAllowed
		);
	});
}

/// Defect 11: after `securities.pause`, a new ask was accepted and rested.
#[test]
fn a_paused_security_takes_no_ask() {
	new_test_ext().execute_with(|| {
		assert_ok!(Securities::pause(signed(ISSUER), SECURITY, Default::default()));
		assert_noop!(
			order(ALICE, Side::Ask, TEN, 1, TimeInForce::GoodTillCancelled, None, 6),
			pallet_securities::Error::<Test>::SecurityPaused
		);
		assert_noop!(
			order(ALICE, Side::Bid, TEN, 1, TimeInForce::GoodTillCancelled, None, 6),
			pallet_securities::Error::<Test>::SecurityPaused
		);
		assert_eq!(reserved_tokens(ALICE), 0);
	});
}

/// Defect 7: one identity with a few accounts occupied every price level of a side, after
/// which nobody could place an order at a new price.
#[test]
fn one_identity_rests_a_bounded_number_of_orders_in_a_market() {
	new_test_ext().execute_with(|| {
		let max: u32 = <Test as Config>::MaxOpenOrdersPerIdentity::get();
		assert_ok!(Assets::transfer(signed(ALICE), USDX, ALICE_2, 1_000 * DOLLAR));
		for i in 0..max as Price {
			ask(ALICE, TEN + i, 1);
		}
		// Alice's second account is the same identity.
		assert_noop!(
			order(ALICE_2, Side::Bid, TEN / 2, 1, TimeInForce::GoodTillCancelled, None, 6),
			Error::<Test>::TooManyIdentityOrders
		);
		assert_noop!(
			order(ALICE, Side::Ask, TEN + 99, 1, TimeInForce::GoodTillCancelled, None, 6),
			Error::<Test>::TooManyIdentityOrders
		);
		// What does not rest is not limited: an immediate-or-cancel still trades.
		assert_ok!(order(ALICE_2, Side::Bid, TEN / 2, 1, TimeInForce::ImmediateOrCancel, None, 6));
		assert_eq!(IdentityOpenOrders::<Test>::get(MARKET, 10), max);
		assert_ok!(Orderbook::cancel_all(signed(ALICE), MARKET));
		assert_eq!(IdentityOpenOrders::<Test>::get(MARKET, 10), 0);
	});
}

/// Defect 7: attackers holding the most orders they may, spread over every level of a side,
/// cannot stop an honest seller placing an ask near the best price: the furthest level makes
/// room. An order further than every level is refused by name, nothing changed.
#[test]
fn a_full_side_makes_room_near_the_best_price() {
	new_test_ext().execute_with(|| {
		let max = <<Test as Config>::MaxOpenOrdersPerIdentity as Get<u32>>::get() as Price;
		// Alice and Carol (two identities) spread one-lot asks two ticks apart: 8 levels.
		let mut spam = Vec::new();
		for (n, who) in [ALICE, CAROL].into_iter().enumerate() {
			for i in 0..max {
				spam.push(ask(who, TEN + 2 * (n as Price * max + i), 1));
			}
		}
		let levels = <<Test as Config>::MaxPriceLevels as Get<u32>>::get() as usize;
		assert_eq!(Books::<Test>::get(MARKET).side(Side::Ask).len(), levels);
		let furthest = *spam.last().unwrap();
		let carol_reserved = reserved_tokens(CAROL);

		// Further than every level: refused, nothing changed.
		assert_noop!(
			order(DAVE, Side::Ask, TEN + 100, 1, TimeInForce::GoodTillCancelled, None, 6),
			Error::<Test>::TooManyPriceLevels
		);
		// Near the best price: the furthest level is evicted and the honest ask rests.
		let honest = ask(DAVE, TEN + 1, 3);
		assert!(Orders::<Test>::contains_key(honest));
		assert!(!Orders::<Test>::contains_key(furthest));
		assert!(cancels().contains(&(furthest, 1, CancelReason::Evicted)));
		assert_eq!(reserved_tokens(CAROL), carol_reserved - TOKEN);
		assert_eq!(Books::<Test>::get(MARKET).side(Side::Ask).len(), levels);
		assert_eq!(Books::<Test>::get(MARKET).best(Side::Ask), Some(TEN));
	});
}

/// Eviction is bounded by the orders one price may hold: a level is never too crowded to
/// evict (nine orders at the furthest price used to block every new price), and a price
/// that holds the most orders takes no more.
#[test]
fn a_crowded_furthest_level_is_evicted_and_a_full_level_takes_no_more() {
	new_test_ext().execute_with(|| {
		let per_level = <<Test as Config>::MaxOrdersPerLevel as Get<u32>>::get();
		// Seven levels from Alice and Carol, then the furthest price filled up.
		for i in 0..4 {
			ask(ALICE, TEN + 2 * i, 1);
		}
		for i in 4..6 {
			ask(CAROL, TEN + 2 * i, 1);
		}
		let crowded: Vec<OrderId> =
			[CAROL, BOB, ERIN].into_iter().map(|who| ask(who, TEN + 20, 1)).collect();
		assert_eq!(crowded.len() as u32, per_level);
		ask(CAROL, TEN + 30, 1);
		let furthest = Levels::<Test>::get((MARKET, Side::Ask, TEN + 30)).unwrap();
		assert_eq!(furthest.orders, 1);
		// Full price: refused by name.
		assert_noop!(
			order(DAVE, Side::Ask, TEN + 20, 1, TimeInForce::GoodTillCancelled, None, 6),
			Error::<Test>::LevelFull
		);
		// Two new prices near the best: the furthest level goes, then the crowded one.
		ask(DAVE, TEN + 1, 1);
		ask(DAVE, TEN + 3, 1);
		for id in crowded {
			assert!(cancels().contains(&(id, 1, CancelReason::Evicted)));
		}
		assert_eq!(reserved_tokens(BOB), 0);
		assert_eq!(reserved_tokens(ERIN), 0);
		assert_eq!(IdentityOpenOrders::<Test>::get(MARKET, 20), 0);
	});
}

/// A venue that created a market first does not keep it against the issuer's will: the
/// issuer (or the consortium) hands its administration to another listing venue.
#[test]
fn the_issuer_decides_who_administers_its_securitys_markets() {
	new_test_ext().execute_with(|| {
		for who in [SG_VENUE_OPERATOR, US_VENUE_OPERATOR, ALICE] {
			assert_noop!(
				Orderbook::set_market_administrator(signed(who), MARKET, Some(SG_VENUE)),
				Error::<Test>::NotMarketAdministrator
			);
		}
		assert_noop!(
			Orderbook::set_market_administrator(signed(ISSUER), MARKET, Some(OTHER_VENUE)),
			Error::<Test>::VenueNotListing
		);
		assert_ok!(Orderbook::set_market_administrator(signed(ISSUER), MARKET, Some(SG_VENUE)));
		assert_eq!(Markets::<Test>::get(MARKET).unwrap().administrator, Some(SG_VENUE));
		assert_noop!(
			Orderbook::set_market_status(signed(US_VENUE_OPERATOR), MARKET, MarketStatus::Halted),
			Error::<Test>::NotMarketAdministrator
		);
		assert_ok!(Orderbook::set_market_status(
			signed(SG_VENUE_OPERATOR),
			MARKET,
			MarketStatus::CancelOnly
		));
		assert_ok!(Orderbook::set_market_administrator(RuntimeOrigin::root(), MARKET, None));
		assert_noop!(
			Orderbook::set_market_status(signed(SG_VENUE_OPERATOR), MARKET, MarketStatus::Open),
			Error::<Test>::NotMarketAdministrator
		);
	});
}

/// While the cash issuer has frozen the whole cash asset, the market takes no order: a
/// seller used to wipe out every resting bid, each cancelled for a payment that could not
/// happen.
#[test]
fn a_frozen_cash_asset_stops_the_market_without_cancelling_its_bids() {
	new_test_ext().execute_with(|| {
		let resting = bid(ALICE, TEN, 2);
		assert_ok!(Assets::freeze_asset(signed(500), USDX));
		assert_noop!(
			order(DAVE, Side::Ask, TEN, 2, TimeInForce::ImmediateOrCancel, None, 6),
			Error::<Test>::CashFrozen
		);
		assert!(Orders::<Test>::contains_key(resting));
		assert_ok!(Assets::thaw_asset(signed(500), USDX));
		assert_ok!(order(DAVE, Side::Ask, TEN, 2, TimeInForce::ImmediateOrCancel, None, 6));
		assert_eq!(fills().len(), 1);
	});
}

/// A security that trusts one attestor judges its buyers by that attestor's claims only,
/// but never keeps a holder from selling: a seller whose attestor it does not trust still
/// places an ask.
#[test]
fn trusted_attestors_judge_buyers_not_sellers() {
	new_test_ext().execute_with(|| {
		let rules = pallet_securities::RulesOf::<Test> {
			trusted_attestors: vec![777].try_into().unwrap(),
			..Default::default()
		};
		assert_ok!(Securities::set_rules(signed(ISSUER), SECURITY, rules));
		// Dave (attested by ATTESTOR only) sells; Alice cannot buy until 777 attests her.
		let resting = ask(DAVE, TEN, 1);
		assert_noop!(
			order(ALICE, Side::Bid, TEN, 1, TimeInForce::GoodTillCancelled, None, 6),
			pallet_securities::Error::<Test>::AttestorNotTrusted
		);
		stledger_primitives::testing::add_claim(
			ALICE,
			777,
			"US",
			stledger_primitives::InvestorClass::Accredited,
			0,
		);
		bid(ALICE, TEN, 1);
		assert_eq!(fills().len(), 1);
		assert!(!Orders::<Test>::contains_key(resting));
	});
}

/// Placing and cancelling orders with an expiry frees their places in the expiry queue: a
/// flood of them cannot fill a minute for everyone else.
#[test]
fn cancelled_orders_leave_the_expiry_queue() {
	new_test_ext().execute_with(|| {
		let expiry = START + 10 * crate::matching::MINUTE;
		for _ in 0..10 {
			let id = NextOrderId::<Test>::get();
			assert_ok!(Orderbook::place_order(
				signed(ALICE),
				MARKET,
				US_VENUE,
				Side::Bid,
				TEN,
				1,
				TimeInForce::GoodTillCancelled,
				Some(expiry),
				next_client_id(),
				None,
				1,
			));
			assert_ok!(Orderbook::cancel_order(signed(ALICE), id));
		}
		let minute = expiry.div_ceil(crate::matching::MINUTE);
		assert_eq!(ExpiringBy::<Test>::iter_key_prefix(minute).count(), 0);
	});
}

/// The expiry queue has no per-minute limit (one key per order): more orders than the hook
/// removes in a block expire in the same minute, and the hook takes them over the next
/// blocks, none left behind.
#[test]
fn a_crowded_expiry_minute_is_cleared_over_several_blocks() {
	new_test_ext().execute_with(|| {
		let expiry = START + 10 * crate::matching::MINUTE;
		let budget: u32 = <Test as crate::Config>::MaxExpiriesPerBlock::get();
		let budget = budget as usize;
		let placed: Vec<OrderId> = (0..2 * budget + 1)
			.map(|i| {
				// Three identities: one alone may rest only `MaxOpenOrdersPerIdentity`.
				let (who, venue) = [(ALICE, US_VENUE), (DAVE, SG_VENUE), (ERIN, SG_VENUE)][i % 3];
				let id = NextOrderId::<Test>::get();
				assert_ok!(Orderbook::place_order(
					signed(who),
					MARKET,
					venue,
					Side::Bid,
					TEN - i as u64,
					1,
					TimeInForce::GoodTillCancelled,
					Some(expiry),
					next_client_id(),
					None,
					1,
				));
				id
			})
			.collect();
		let minute = expiry.div_ceil(crate::matching::MINUTE);
		assert_eq!(ExpiringBy::<Test>::iter_key_prefix(minute).count(), placed.len());
		crate::mock::set_time(expiry + crate::matching::MINUTE);
		for block in 2..5 {
			<Orderbook as frame_support::traits::Hooks<u64>>::on_initialize(block);
		}
		assert!(placed.iter().all(|id| !Orders::<Test>::contains_key(id)));
		assert_eq!(ExpiringBy::<Test>::iter_key_prefix(minute).count(), 0);
		assert_eq!(crate::ReservedCash::<Test>::iter().count(), 0);
	});
}

/// Review of 2026-12-05: a fill that would leave the *seller's* identity below the security's
/// minimum holding was refused as the buyer's fault, so one holder's ask at the best price
/// stopped every bid that reached it and was never touched itself. It is the seller's
/// doing: its ask is cancelled, by that reason's name, and the bid fills the next ask.
#[test]
fn an_ask_that_would_leave_its_seller_below_the_minimum_holding_blocks_no_bid() {
	new_test_ext().execute_with(|| {
		let rules = pallet_securities::RulesOf::<Test> {
			min_holding: Some(STARTING_TOKENS),
			..Default::default()
		};
		assert_ok!(Securities::set_rules(signed(ISSUER), SECURITY, rules));
		// Dave holds more than the minimum and may sell a lot; Erin holds exactly it.
		assert_ok!(Securities::mint(signed(ISSUER), SECURITY, DAVE, 10 * TOKEN, None));
		let blocking = ask(ERIN, TEN, 1);
		let honest = ask(DAVE, TEN + 1, 2);
		let (alice, erin) = (tokens(ALICE), tokens(ERIN));

		bid(ALICE, TEN + 1, 1);

		assert_eq!(
			cancels(),
			vec![(
				blocking,
				1,
				CancelReason::Compliance(stledger_primitives::Reason::SenderBelowMinimumHolding)
			)]
		);
		assert_eq!(fills().len(), 1);
		assert_eq!(fills()[0].maker_order, honest);
		assert_eq!(tokens(ALICE), alice + TOKEN);
		assert_eq!(tokens(ERIN), erin, "the seller keeps its holding");
		assert_eq!(reserved_tokens(ERIN), 0, "and its reservation is released");
		assert_eq!(best(), (None, Some(TEN + 1)));
	});
}

/// Release 131: an identity with a subscription not yet settled to an offering of the
/// security may not sell out (its subscription was judged with its holding). An ask that
/// would sell it out is the seller's fault: cancelled when met, the bid going on to the next
/// ask, as for the minimum holding.
#[test]
fn an_ask_that_would_sell_out_a_committed_subscriber_blocks_no_bid() {
	new_test_ext().execute_with(|| a_committed_subscribers_last_free_token_blocks_no_bid(0));
}

/// Release 132 (helper-88): tokens held for a settlement, which a failing raise burns, do
/// not keep a committed subscriber's holding: an ask that would leave it only those is
/// cancelled when met, as one that sells it out.
#[test]
fn an_ask_that_would_leave_a_committed_subscriber_only_held_tokens_blocks_no_bid() {
	new_test_ext()
		.execute_with(|| a_committed_subscribers_last_free_token_blocks_no_bid(5 * TOKEN));
}

/// Erin, subscribed, asks for her one free token (besides `held` tokens held for a
/// settlement); Alice's bid meets it and goes on to Dave's.
fn a_committed_subscribers_last_free_token_blocks_no_bid(held: Balance) {
	assert_ok!(Securities::transfer(signed(ERIN), SECURITY, DAVE, STARTING_TOKENS - TOKEN));
	if held != 0 {
		assert_ok!(<Securities as stledger_primitives::SecuritiesLedger<_, _>>::issue_held(
			SECURITY, &ERIN, held, 7
		));
	}
	stledger_primitives::testing::commit_to(SECURITY, 50);
	let blocking = ask(ERIN, TEN, 1);
	let honest = ask(DAVE, TEN + 1, 2);
	let alice = tokens(ALICE);

	bid(ALICE, TEN + 1, 1);

	assert_eq!(
		cancels(),
		vec![(
			blocking,
			1,
			CancelReason::Compliance(stledger_primitives::Reason::SenderCommittedToSubscription)
		)]
	);
	assert_eq!(fills().len(), 1);
	assert_eq!(fills()[0].maker_order, honest);
	assert_eq!(tokens(ALICE), alice + TOKEN);
	assert_eq!(tokens(ERIN), TOKEN + held, "the subscriber keeps its holding");
	assert_eq!(reserved_tokens(ERIN), 0, "and its reservation is released");
}

/// Release 131 (helper-88): a buyer whose account was relinked away from the seller's
/// identity brings along the tokens still counted under it; when that would end a committed
/// seller's holding, the buyer's side is at fault (`HoldingCommittedToSubscription`): its
/// resting bid is cancelled, and the seller's ask, which would sell to anyone else, rests.
#[test]
fn a_relinked_buyer_taking_a_committed_sellers_holding_along_is_the_buyers_fault() {
	new_test_ext().execute_with(|| {
		a_relinked_buyer_taking_the_sellers_tokens_along_is_the_buyers_fault(
			TOKEN,
			|| stledger_primitives::testing::commit_to(SECURITY, 40),
			stledger_primitives::Reason::HoldingCommittedToSubscription,
		)
	});
}

/// Release 132 (helper-89): likewise when what the buyer's relinked account takes along
/// leaves the seller's identity below the minimum holding, though its sale alone would not:
/// `BelowMinimumHolding`, the buyer's side (it was blamed on the seller before).
#[test]
fn a_relinked_buyer_taking_the_sellers_tokens_below_the_minimum_is_the_buyers_fault() {
	new_test_ext().execute_with(|| {
		a_relinked_buyer_taking_the_sellers_tokens_along_is_the_buyers_fault(
			2 * TOKEN,
			|| {
				let rules = pallet_securities::RulesOf::<Test> {
					min_holding: Some(2 * TOKEN),
					..Default::default()
				};
				assert_ok!(Securities::set_rules(signed(ISSUER), SECURITY, rules));
			},
			stledger_primitives::Reason::BelowMinimumHolding,
		)
	});
}

/// Alice's second account holds all but `kept` of Dave's tokens, counted under his identity
/// (40), then goes back to Alice's (10); after `rules`, its bid meets Dave's one-lot ask and
/// is cancelled for `reason`, the ask resting.
fn a_relinked_buyer_taking_the_sellers_tokens_along_is_the_buyers_fault(
	kept: Balance,
	rules: impl FnOnce(),
	reason: stledger_primitives::Reason,
) {
	use stledger_primitives::testing::link;
	link(DAVE, ALICE_2);
	assert_ok!(Securities::transfer(signed(DAVE), SECURITY, ALICE_2, STARTING_TOKENS - kept));
	link(ALICE, ALICE_2);
	rules();
	let relinked = bid(ALICE_2, TEN, 1);

	let resting = ask(DAVE, TEN, 1);

	assert_eq!(cancels(), vec![(relinked, 1, CancelReason::Compliance(reason))]);
	assert!(fills().is_empty());
	assert_eq!(tokens(DAVE), kept, "the seller keeps its holding");
	assert_eq!(reserved_tokens(DAVE), TOKEN, "and its ask rests");
	assert_eq!(best(), (None, Some(TEN)));
	assert!(Orders::<Test>::contains_key(resting));
}

/// A removed exchange has no operator: its unclaimed venue fees stayed in the fee account
/// for ever (open finding, 2026-12-06). The consortium alone pays them out, and only once the
/// exchange has left: a member's fees, even a suspended member's, are not the consortium's to
/// move, and no exchange's operator may take another's.
#[test]
fn a_removed_venues_fees_are_paid_out_by_the_consortium_alone() {
	new_test_ext().execute_with(|| {
		ask(DAVE, TEN, 3);
		bid(ALICE, TEN, 3);
		let earned = VenueFees::<Test>::get(SG_VENUE, USDX);
		assert!(earned > 0);
		let pay_out = |origin: RuntimeOrigin, to: AccountId| {
			Orderbook::pay_out_former_venue_fees(origin, SG_VENUE, USDX, to)
		};
		// While the exchange is a member, active or suspended, its operator claims.
		assert_noop!(pay_out(RuntimeOrigin::root(), ERIN), Error::<Test>::VenueStillMember);
		stledger_primitives::testing::suspend_exchange(SG_VENUE);
		assert_noop!(pay_out(RuntimeOrigin::root(), ERIN), Error::<Test>::VenueStillMember);

		stledger_primitives::testing::remove_exchange(SG_VENUE);
		// Its former operator is a stranger now, and other exchanges' operators (one listing
		// the market) and investors are not the consortium.
		assert_noop!(
			Orderbook::claim_venue_fees(signed(SG_VENUE_OPERATOR), USDX),
			Error::<Test>::NotVenueOperator
		);
		for who in [US_VENUE_OPERATOR, SG_VENUE_OPERATOR, ALICE] {
			assert_noop!(pay_out(signed(who), who), Error::<Test>::NotConsortium);
		}
		assert_noop!(
			Orderbook::pay_out_former_venue_fees(RuntimeOrigin::root(), SG_VENUE, EURX, ERIN),
			Error::<Test>::NoFees
		);
		// Paid to the fee account itself, they would be owed to nobody (helper-67).
		assert_noop!(
			pay_out(RuntimeOrigin::root(), Orderbook::fee_account()),
			Error::<Test>::RecipientIsFeeAccount
		);

		let (erin, fee_account) = (cash(ERIN), cash(Orderbook::fee_account()));
		assert_ok!(pay_out(RuntimeOrigin::root(), ERIN));
		assert_eq!(cash(ERIN) - erin, earned);
		assert_eq!(fee_account - cash(Orderbook::fee_account()), earned);
		assert_eq!(VenueFees::<Test>::get(SG_VENUE, USDX), 0);
		System::assert_last_event(
			Event::FormerVenueFeesPaidOut { venue: SG_VENUE, cash: USDX, amount: earned, to: ERIN }
				.into(),
		);
		assert_noop!(pay_out(RuntimeOrigin::root(), ERIN), Error::<Test>::NoFees);
		// The other side's venue, still a member, keeps its own.
		assert!(VenueFees::<Test>::get(US_VENUE, USDX) > 0);
	});
}

/// Hostile review (helper-79): dispatched about 250 storage layers deep (nested
/// `as_derivative`s in a batch), every fill's layer failed, and an auction's uncrossing
/// blamed each pair's bid and cancelled it (`CashUnavailable`): anyone could empty an
/// auction of others' bids. The uncrossing refuses to run so near FRAME's limit,
/// nothing changed; with room, it uncrosses.
#[test]
fn an_uncrossing_refuses_to_run_at_the_storage_layer_limit() {
	use stledger_primitives::testing::in_nested_layers as nested;
	new_test_ext().execute_with(|| {
		assert_ok!(Orderbook::set_price_controls(
			signed(US_VENUE_OPERATOR),
			MARKET,
			PriceControls {
				static_band_bps: Some(1_000),
				dynamic_band_bps: None,
				interruption_ms: 5 * 60_000,
				opening_auction_ms: 0,
			},
			Some(TEN)
		));
		ask(DAVE, TEN + 500, 2);
		ask(ERIN, TEN + 2_000, 3);
		bid(ALICE, TEN + 2_000, 4);
		bid(CAROL, TEN + 3_000, 1);
		set_time(START + 5 * 60_000);
		System::reset_events();
		let orders = Orders::<Test>::iter().count();
		let uncross = || {
			Orderbook::uncross_auction(signed(STRANGER), MARKET, 6).map(|_| ()).map_err(|e| e.error)
		};

		assert_eq!(
			nested(250, &uncross),
			Err(sp_runtime::DispatchError::Transactional(
				sp_runtime::TransactionalError::LimitReached
			))
		);
		assert_eq!(Orders::<Test>::iter().count(), orders, "no order cancelled");
		assert!(events().is_empty(), "nothing done");

		assert_ok!(nested(200, &uncross));
		assert_eq!(fills().iter().map(|t| t.lots).sum::<Lots>(), 3);
		assert!(cancels().is_empty());
	});
}
