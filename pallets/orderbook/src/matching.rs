//! Placing and matching orders: price-time priority, compliance at every fill, both legs and
//! both fees settled in one step (`settlement`), each placement charged for what it did
//! (`charges`).

use crate::{
	book::Exit,
	charges::{Placed, VenuesMet},
	CancelReason, ClientId, Config, Error, Event, ExpiringBy, Levels, Lots, MarketOf, MarketStatus,
	Markets, NextOrderId, Order, OrderId, OrderOf, Orders, Pallet, Price, SelfTradePrevention,
	Side, TimeInForce, Trade, TradeOf, Traders,
};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	storage::{with_transaction, TransactionOutcome},
	traits::{
		fungibles::Inspect,
		tokens::{DepositConsequence, Provenance},
		Contains,
	},
};
use sp_runtime::traits::{Saturating, Zero};
use stledger_primitives::{
	ExchangeId, ExchangeRegistry, InvestorProfile, InvestorRegistry, Moment, Reason,
	SecuritiesLedger, TransferKind,
};

/// The terms (status and rules) of a market's security, read once per call.
pub(crate) type SecurityTerms<T> = <<T as Config>::Securities as SecuritiesLedger<
	<T as frame_system::Config>::AccountId,
	<T as Config>::Balance,
>>::Terms;

/// One minute, the granularity of the expiry queue.
pub(crate) const MINUTE: Moment = 60_000;

/// An order as submitted.
pub(crate) struct NewOrder<Balance> {
	pub market: crate::MarketId,
	pub venue: ExchangeId,
	pub side: Side,
	pub price: Price,
	pub lots: Lots,
	pub time_in_force: TimeInForce,
	pub expires_at: Option<Moment>,
	pub client_id: ClientId,
	pub self_trade: SelfTradePrevention,
	/// For an amendment placing a resting order again: the value its owner's day already
	/// counts for it (it keeps its client id, and counts only what it adds).
	pub replaces: Option<Balance>,
	/// A market order: it stops, rather than starting a volatility interruption, where a
	/// trade would be outside a band (its protection limit bounds only its own side: a
	/// resting order beyond the far band still crosses it).
	pub market_order: bool,
}

/// What meeting the book did.
struct Matched<Balance> {
	/// Resting orders met (filled, or cancelled on the way).
	met: u32,
	/// Plain fills ([`Placed`]).
	plain_fills: u32,
	/// The venues of the orders met besides the incoming order's ([`Placed`]).
	other_venues: u32,
	/// Why the incoming order had to stop, if it did.
	stopped: Option<CancelReason>,
	/// The fees of every fill, collected by the taker, to pay to the fee account.
	fees_collected: Balance,
	/// The price of the last trade, if any traded.
	last_trade: Option<Price>,
	/// The price outside a band the order met, which stopped it.
	breach: Option<Price>,
}

impl<Balance: Zero> Matched<Balance> {
	/// Nothing met (an order placed during an auction).
	fn nothing() -> Self {
		Self {
			met: 0,
			plain_fills: 0,
			other_venues: 0,
			stopped: None,
			fees_collected: Zero::zero(),
			last_trade: None,
			breach: None,
		}
	}
}

/// Who trades in a fill, besides the two orders.
struct Parties<AccountId> {
	maker_id: OrderId,
	taker_id: OrderId,
	/// The buyer's profile, looked up in this call.
	buyer_profile: InvestorProfile<AccountId>,
}

/// Whose fault a refused fill is: the resting order is cancelled and matching goes on, or
/// the incoming order stops and what is left of it is cancelled.
pub(crate) enum Fault {
	Maker(CancelReason),
	Taker(CancelReason),
	/// The security itself refused (paused): nobody's fault; nothing trades now.
	Market(CancelReason),
}

impl From<DispatchError> for Fault {
	fn from(_: DispatchError) -> Self {
		Fault::Taker(CancelReason::CashUnavailable)
	}
}

impl<T: Config> Pallet<T> {
	/// Check, reserve, match, then rest or cancel the rest. Returns what the call's weight is
	/// charged for.
	pub(crate) fn do_place(
		who: T::AccountId,
		new: NewOrder<T::Balance>,
		max_fills: u32,
	) -> Result<Placed, DispatchError> {
		ensure!(
			max_fills > 0 && max_fills <= T::MaxFillsPerCall::get(),
			Error::<T>::InvalidFillLimit
		);
		let mut market = Markets::<T>::get(new.market).ok_or(Error::<T>::UnknownMarket)?;
		match market.status {
			MarketStatus::Open => {},
			MarketStatus::CancelOnly => return Err(Error::<T>::MarketCancelOnly.into()),
			MarketStatus::Halted => return Err(Error::<T>::MarketHalted.into()),
		}
		ensure!(T::LiveCash::contains(&market.cash), Error::<T>::CashFrozen);
		ensure!(new.price > 0, Error::<T>::ZeroPrice);
		ensure!(new.lots > 0, Error::<T>::ZeroQuantity);
		ensure!(new.lots >= market.params.min_order, Error::<T>::BelowMinimumOrder);
		ensure!(market.venues.contains(&new.venue), Error::<T>::VenueNotListing);
		// The security's status and rules, read once for the placement and every fill.
		let terms = T::Securities::terms(market.security)
			.ok_or_else(|| T::Securities::refusal(Reason::UnknownSecurity))?;
		// The investor as the security sees them (for a buyer: its trusted attestors decide
		// their jurisdiction, hence which venues may serve them, if it names any).
		let profile =
			Self::investor_for(&terms, &who, new.side).map_err(|reason| match reason {
				Reason::ReceiverNotEligible(_) => Error::<T>::NotAttested.into(),
				reason => T::Securities::refusal(reason),
			})?;
		ensure!(
			T::Exchanges::is_licensed_for(new.venue, profile.jurisdiction),
			Error::<T>::VenueNotLicensed
		);
		let now = Self::now();
		if let Some(expiry) = new.expires_at {
			ensure!(expiry > now, Error::<T>::ExpiryInPast);
		}
		let trader = Traders::<T>::get(&who);
		// An amendment placing an order again keeps the client id it was placed with.
		ensure!(
			new.replaces.is_some() || !trader.recent_client_ids.contains(&new.client_id),
			Error::<T>::DuplicateClientId
		);
		let may_rest =
			matches!(new.time_in_force, TimeInForce::GoodTillCancelled | TimeInForce::PostOnly);
		// A call auction collects orders without matching: only those that may rest.
		let in_auction = market.phase != crate::Phase::Continuous;
		// Once an auction uncrosses at a known price, a new order could jump the queue of
		// those that made the price: none until continuous trading resumes.
		ensure!(
			!matches!(market.phase, crate::Phase::Uncrossing { .. }),
			Error::<T>::AuctionUncrossing
		);
		ensure!(may_rest || !in_auction, Error::<T>::AuctionInProgress);
		if may_rest {
			ensure!(!trader.open.is_full(), Error::<T>::TooManyOpenOrders);
			ensure!(
				crate::IdentityOpenOrders::<T>::get(new.market, profile.identity)
					< Self::identity_order_cap(&market),
				Error::<T>::TooManyIdentityOrders
			);
		}
		let tokens = market
			.params
			.lot_size
			.checked_mul(&T::Balance::from(new.lots))
			.ok_or(Error::<T>::ValueOverflow)?;
		let entry = crate::controls::Entry {
			venue: new.venue,
			identity: profile.identity,
			lots: new.lots,
			value: Self::value(
				new.lots,
				Self::valuation_price(&market, new.market, new.side, new.price),
				market.params.tick_size,
			)?,
			counted: new.replaces.unwrap_or_default(),
		};
		Self::check_pre_trade(&market, &entry, now)?;
		// The market's price levels, read once: for a post-only check, the matching, whether
		// the rest still crosses, and a new level for the rest.
		let mut book = crate::Books::<T>::get(new.market);
		if new.time_in_force == TimeInForce::PostOnly && !in_auction {
			let best = book.best(new.side.opposite());
			ensure!(
				!best.is_some_and(|best| new.side.crosses(new.price, best)),
				Error::<T>::PostOnlyWouldCross
			);
		}
		let reserved = match new.side {
			Side::Bid => {
				T::Securities::can_receive_under(
					&terms,
					&who,
					profile.clone(),
					tokens,
					TransferKind::Venue(new.venue),
				)
				.map_err(|reasons| T::Securities::refusal(reasons[0]))?;
				let amount = Self::bid_reservation(new.lots, new.price, &market.params)?;
				Self::reserve_cash(market.cash, &who, amount)?;
				amount
			},
			Side::Ask => {
				ensure!(
					T::Assets::balance(market.cash, &who)
						>= T::Assets::minimum_balance(market.cash),
					Error::<T>::NoCashAccount
				);
				ensure!(
					T::PayingCashAccounts::contains(&(market.cash, who.clone())),
					Error::<T>::CashAccountFrozen
				);
				T::Securities::reserve(market.security, &who, tokens, new.venue)?;
				tokens
			},
		};

		let id = NextOrderId::<T>::get();
		NextOrderId::<T>::put(id.checked_add(1).ok_or(Error::<T>::ValueOverflow)?);
		let mut order = Order {
			market: new.market,
			owner: who.clone(),
			identity: profile.identity,
			venue: new.venue,
			side: new.side,
			price: new.price,
			remaining: new.lots,
			filled: 0,
			reserved,
			reserved_asset: match new.side {
				Side::Bid => market.cash,
				Side::Ask => market.security,
			},
			maker_value: Zero::zero(),
			maker_fee_bps: market.params.maker_fee_bps,
			client_id: new.client_id,
			placed_at: now,
			expires_at: new.expires_at,
			self_trade: new.self_trade,
			prev: None,
			next: None,
		};
		Self::deposit_event(Event::OrderPlaced {
			order: id,
			market: new.market,
			owner: who.clone(),
			venue: new.venue,
			side: new.side,
			price: new.price,
			lots: new.lots,
			time_in_force: new.time_in_force,
			client_id: new.client_id,
		});

		let Matched { met, plain_fills, other_venues, stopped, fees_collected, last_trade, breach } =
			if in_auction {
				Matched::nothing()
			} else {
				Self::match_incoming(
					id,
					&mut order,
					&profile,
					&market,
					&terms,
					&mut book,
					max_fills,
					new.market_order,
					now,
				)
			};
		if last_trade.is_some() || breach.is_some() {
			market.last_price = last_trade.or(market.last_price);
			if let Some(price) = breach {
				Self::deposit_event(Event::PriceBandBreached {
					market: new.market,
					order: id,
					price,
				});
				let ends_at = now.saturating_add(market.controls.interruption_ms);
				Self::start_auction(
					new.market,
					&mut market,
					ends_at,
					crate::AuctionReason::VolatilityInterruption,
				);
			}
			Markets::<T>::insert(new.market, &market);
		}
		// Fill or kill: all of it traded, or nothing at all (whatever stopped it: the book, the
		// fill limit, a self-trade, a refused fill; lots a self-trade decremented did not trade).
		ensure!(
			new.time_in_force != TimeInForce::FillOrKill || order.filled == new.lots,
			Error::<T>::FillOrKillNotFilled
		);
		// Every fee of this call's fills passed through the taker: one payment to the fee
		// account for the whole call instead of one per fill. It was received in this call and
		// cannot fail; should it, the whole call fails and no fill stands.
		Self::pay(market.cash, &who, &Self::fee_account(), fees_collected)?;

		// The client id joins the latest (an amendment's was there already), in the same
		// write as the order joining the open ones if it rests.
		let remember_client_id = |trader: &mut crate::TraderOf<T>| {
			if new.replaces.is_none() {
				if trader.recent_client_ids.is_full() {
					trader.recent_client_ids.remove(0);
				}
				let _ = trader.recent_client_ids.try_push(new.client_id);
			}
		};
		// Nothing since the matching changed the stored levels: `book` is theirs.
		let still_crosses =
			book.best(new.side.opposite()).is_some_and(|best| new.side.crosses(new.price, best));
		// In an auction (already, or from this order's band breach) what may rest rests, even
		// crossing: the auction's uncrossing settles it.
		let auction_now = in_auction || breach.is_some();
		let rest = || {
			with_transaction(|| {
				let rested = Self::rest_incoming(id, order.clone(), book).and_then(|evicted| {
					Traders::<T>::try_mutate(&who, |trader| {
						remember_client_id(trader);
						trader.open.try_push(id).map_err(|_| Error::<T>::TooManyOpenOrders)?;
						Ok(evicted)
					})
				});
				match rested {
					Ok(evicted) => TransactionOutcome::Commit(Ok(evicted)),
					Err(e) => TransactionOutcome::Rollback(Err(e)),
				}
			})
		};
		// A rest that found no room did the work of resting before it was rolled back, and
		// perhaps of evicting a level (the rollback loses how many orders): it is charged as if
		// it rested after evicting a full level, as it was up front. (After a fill it should not
		// happen in a book that does not cross: the remainder is better than every level of its
		// own side, whose level at its price is empty, and the open-order limits were checked
		// at entry.)
		let met_side = new.side.opposite();
		let placed =
			|evicted, rested| Placed { met, plain_fills, met_side, evicted, rested, other_venues };
		let mut rest_tried = false;
		let leftover = if order.remaining == 0 {
			None
		} else if auction_now && may_rest {
			match rest() {
				Ok(evicted) => return Ok(placed(evicted, true)),
				Err(e) if met == 0 => return Err(e),
				Err(_) => {
					rest_tried = true;
					Some(CancelReason::BookFull)
				},
			}
		} else if let Some(reason) = stopped {
			Some(reason)
		} else {
			match new.time_in_force {
				TimeInForce::ImmediateOrCancel => Some(CancelReason::Unfilled),
				TimeInForce::FillOrKill => return Err(Error::<T>::FillOrKillNotFilled.into()),
				_ if still_crosses => Some(CancelReason::FillLimitReached),
				_ => match rest() {
					Ok(evicted) => return Ok(placed(evicted, true)),
					Err(e) if met == 0 => return Err(e),
					Err(_) => {
						rest_tried = true;
						Some(CancelReason::BookFull)
					},
				},
			}
		};
		Traders::<T>::mutate(&who, remember_client_id);
		if let Some(reason) = leftover {
			Self::deposit_event(Event::OrderCancelled {
				order: id,
				owner: who,
				lots: order.remaining,
				reason,
			});
		}
		Self::release(&order);
		let evicted = if rest_tried { T::MaxOrdersPerLevel::get() } else { 0 };
		Ok(placed(evicted, rest_tried))
	}

	/// Put what is left of an incoming order on the book (`book`: the market's levels as
	/// stored); returns how many orders of an evicted level made room for it. The caller adds
	/// it to its owner's open orders.
	fn rest_incoming(
		id: OrderId,
		order: OrderOf<T>,
		book: crate::BookOf<T>,
	) -> Result<u32, DispatchError> {
		let expires_at = order.expires_at;
		let (market, identity) = (order.market, order.identity);
		let evicted = Self::rest(id, order, book)?;
		crate::IdentityOpenOrders::<T>::mutate(market, identity, |open| {
			*open = open.saturating_add(1)
		});
		if let Some(expiry) = expires_at {
			if crate::ExpiryCursor::<T>::get() == 0 {
				// The hook's first minute: nothing scheduled can be older.
				crate::ExpiryCursor::<T>::put(Self::now() / MINUTE);
			}
			ExpiringBy::<T>::insert(expiry.div_ceil(MINUTE), id, ());
		}
		Ok(evicted)
	}

	/// Meet resting orders on the other side while they cross, at most `max_fills` of them;
	/// a market order (`market_order`) stops at a resting order beyond the far band instead
	/// of interrupting the market. Returns how many were met, why the incoming order had to
	/// stop if it did, and the fees the taker collected. The market's levels and latest
	/// trades are held in memory and stored once (`book`: the market's levels as stored, and
	/// after the matching).
	#[allow(clippy::too_many_arguments)]
	fn match_incoming(
		taker_id: OrderId,
		taker: &mut OrderOf<T>,
		taker_profile: &InvestorProfile<T::AccountId>,
		market: &MarketOf<T>,
		terms: &SecurityTerms<T>,
		book: &mut crate::BookOf<T>,
		max_fills: u32,
		market_order: bool,
		now: Moment,
	) -> Matched<T::Balance> {
		let opposite = taker.side.opposite();
		let levels_before = book.side(opposite).len();
		let mut trades = Vec::new();
		let mut met = 0u32;
		let mut plain_fills = 0u32;
		// What the orders met may cost besides what the benchmarks count: their venues.
		let mut venues = VenuesMet::placed_through(taker.venue);
		let mut taken: T::Balance = Zero::zero();
		let mut fees_collected: T::Balance = Zero::zero();
		let mut stopped = None;
		let mut breach = None;
		// The dynamic band's reference is the last trade before this order.
		let last_before = market.last_price;
		while taker.remaining > 0 && met < max_fills {
			let Some(best) = book.best(opposite) else { break };
			if !taker.side.crosses(taker.price, best) {
				break;
			}
			let Some(level) = Levels::<T>::get((taker.market, opposite, best)) else { break };
			let maker_id = level.head;
			let Some(mut maker) = Orders::<T>::get(maker_id) else { break };
			met += 1;
			venues.meet(maker.venue, &market.venues);
			let cancel = |maker, reason, book: &mut _| {
				Self::remove_order_from(maker_id, maker, Exit::Cancelled(reason), Some(book))
			};

			if maker.expires_at.is_some_and(|expiry| expiry <= now) {
				cancel(maker, CancelReason::Expired, &mut *book);
				continue;
			}
			let maker_profile = match Self::standing(&maker, market, terms) {
				Ok(profile) => profile,
				Err(reason) => {
					cancel(maker, reason, &mut *book);
					continue;
				},
			};
			let lots = taker.remaining.min(maker.remaining);
			// The same investor on both sides, by the identities the orders were placed under
			// or by their accounts' identities now: an account relinked to another identity
			// while its order rests must not trade with itself or its new identity.
			if maker.identity == taker.identity || maker_profile.identity == taker_profile.identity
			{
				match taker.self_trade {
					SelfTradePrevention::CancelResting => {
						cancel(maker, CancelReason::SelfTrade, &mut *book);
						continue;
					},
					SelfTradePrevention::CancelIncoming => {
						stopped = Some(CancelReason::SelfTrade);
						break;
					},
					SelfTradePrevention::DecrementBoth => {
						Self::decrement_both(
							maker_id, maker, taker_id, taker, lots, market, &mut *book,
						);
						continue;
					},
				}
			}
			// Only a trade that would happen is held to the bands: an order that could not
			// trade (expired, ineligible, the same identity) interrupts nothing.
			if !Self::within_bands(market, maker.price, last_before) {
				// A market order never trades beyond a band and never interrupts the market:
				// one resting order priced beyond the far band (an ask below the lower bound
				// for a market bid) would otherwise halt trading for every market order that
				// meets it. It stops here; what is left is cancelled, unfilled.
				if !market_order {
					breach = Some(maker.price);
					stopped = Some(CancelReason::VolatilityInterruption);
				}
				break;
			}
			let buyer_profile =
				if maker.side == Side::Bid { maker_profile } else { taker_profile.clone() };
			let parties = Parties { maker_id, taker_id, buyer_profile };
			match Self::fill(market, terms, &mut maker, taker, &parties, lots, &mut taken, now) {
				Ok((trade, accounts_changed)) => {
					if !accounts_changed {
						plain_fills.saturating_inc();
					}
					fees_collected = fees_collected
						.saturating_add(trade.buyer_fee)
						.saturating_add(trade.seller_fee);
					Self::level_traded(&maker, lots);
					if maker.remaining == 0 {
						Self::remove_order_from(maker_id, maker, Exit::Filled, Some(&mut *book));
					} else {
						Orders::<T>::insert(maker_id, maker);
					}
					trades.push(trade);
				},
				Err(Fault::Maker(reason)) => cancel(maker, reason, &mut *book),
				Err(Fault::Taker(reason) | Fault::Market(reason)) => {
					stopped = Some(reason);
					break;
				},
			}
		}
		if book.side(opposite).len() != levels_before {
			crate::Books::<T>::insert(taker.market, &*book);
		}
		let last_trade = trades.last().map(|trade| trade.price);
		Self::record_trades(taker.market, trades);
		Matched {
			met,
			plain_fills,
			other_venues: venues.others(),
			stopped,
			fees_collected,
			last_trade,
			breach,
		}
	}

	/// Whether a resting order may still trade: its owner attested (their profile is
	/// returned), its venue listing the market, licensed for the owner and allowed by the
	/// security's rules now (for a seller as for a buyer: an issuer that narrows its venues
	/// stops both sides on the venues it removed).
	pub(crate) fn standing(
		maker: &OrderOf<T>,
		market: &MarketOf<T>,
		terms: &SecurityTerms<T>,
	) -> Result<InvestorProfile<T::AccountId>, CancelReason> {
		let profile =
			Self::investor_for(terms, &maker.owner, maker.side).map_err(|reason| match reason {
				Reason::ReceiverNotEligible(why) => CancelReason::OwnerIneligible(why),
				reason => CancelReason::Compliance(reason),
			})?;
		if !market.venues.contains(&maker.venue)
			|| !T::Exchanges::is_licensed_for(maker.venue, profile.jurisdiction)
		{
			return Err(CancelReason::VenueNotLicensed);
		}
		if !T::Securities::venue_allowed_under(terms, maker.venue) {
			return Err(CancelReason::Compliance(Reason::VenueNotAllowed));
		}
		Ok(profile)
	}

	/// Who `who` is for an order on `side`: a buyer as the market's security sees them (its
	/// trusted attestors', if it names any: they decide who may receive it); a seller as
	/// their attestations say (the security's rules never keep a holder from selling), or
	/// the first reason there is no investor.
	fn investor_for(
		terms: &SecurityTerms<T>,
		who: &T::AccountId,
		side: Side,
	) -> Result<InvestorProfile<T::AccountId>, Reason> {
		match side {
			Side::Bid => T::Securities::profile_under(terms, who).map_err(|reasons| {
				reasons.first().copied().unwrap_or(Reason::ReceiverNotEligible(
					stledger_primitives::Ineligibility::UnknownAccount,
				))
			}),
			Side::Ask => T::Investors::profile(who).map_err(Reason::ReceiverNotEligible),
		}
	}

	/// Self-trade prevention by decrement: both lose `lots`, nothing trades.
	fn decrement_both(
		maker_id: OrderId,
		mut maker: OrderOf<T>,
		taker_id: OrderId,
		taker: &mut OrderOf<T>,
		lots: Lots,
		market: &MarketOf<T>,
		book: &mut crate::BookOf<T>,
	) {
		Self::deposit_event(Event::SelfTradeDecremented {
			resting: maker_id,
			incoming: taker_id,
			lots,
		});
		Self::shrink(taker, lots, market);
		if lots == maker.remaining {
			Self::remove_order_from(
				maker_id,
				maker,
				Exit::Cancelled(CancelReason::SelfTrade),
				Some(book),
			);
		} else {
			Self::level_traded(&maker, lots);
			Self::shrink(&mut maker, lots, market);
			Orders::<T>::insert(maker_id, maker);
		}
	}

	/// Take `lots` off an order without a trade, releasing what they reserved (for a bid,
	/// their value at its price; the fee margin stays until the order ends).
	pub(crate) fn shrink(order: &mut OrderOf<T>, lots: Lots, market: &MarketOf<T>) {
		order.remaining = order.remaining.saturating_sub(lots);
		let freed = match order.side {
			Side::Bid => Self::value(lots, order.price, market.params.tick_size)
				.unwrap_or_default()
				.min(order.reserved),
			Side::Ask => market.params.lot_size.saturating_mul(lots.into()).min(order.reserved),
		};
		order.reserved = order.reserved.saturating_sub(freed);
		match order.side {
			Side::Bid => Self::unreserve_cash(market.cash, &order.owner, freed),
			Side::Ask => T::Securities::unreserve(market.security, &order.owner, freed),
		}
	}

	/// Trade `lots` between the resting `maker` and the incoming `taker` at the maker's
	/// price: the buyer's compliance check and the tokens, then the cash, in one storage
	/// transaction. On a refusal nothing has changed.
	///
	/// Both fees pass through the taker, who pays the fee account once for the call (see
	/// [`Self::do_place`]): a taking buyer keeps them from what it pays the seller, a resting
	/// buyer pays them to the taking seller with the price. One cash transfer per fill.
	/// Returns the trade and whether an account or holder appeared or left (see
	/// [`Self::settle`]).
	#[allow(clippy::too_many_arguments)]
	fn fill(
		market: &MarketOf<T>,
		terms: &SecurityTerms<T>,
		maker: &mut OrderOf<T>,
		taker: &mut OrderOf<T>,
		parties: &Parties<T::AccountId>,
		lots: Lots,
		taken: &mut T::Balance,
		now: Moment,
	) -> Result<(TradeOf<T>, bool), Fault> {
		let maker_sells = maker.side == Side::Ask;
		let price = maker.price;
		let tokens = market.params.lot_size.saturating_mul(lots.into());
		let value = Self::value(lots, price, market.params.tick_size)
			.map_err(|_| Fault::Taker(CancelReason::CashUnavailable))?;
		let maker_fee = Self::fee_increment(maker.maker_value, value, maker.maker_fee_bps);
		let taker_fee = Self::fee_increment(*taken, value, market.params.taker_fee_bps);
		let (buyer, seller) = if maker_sells { (&*taker, &*maker) } else { (&*maker, &*taker) };
		let (buyer_fee, seller_fee) =
			if maker_sells { (taker_fee, maker_fee) } else { (maker_fee, taker_fee) };
		let buyer_pays = value.saturating_add(buyer_fee);
		let seller_gets = value.saturating_sub(seller_fee);
		// What the buyer sends the seller: a taking seller also collects both fees.
		let to_seller = if maker_sells { seller_gets } else { buyer_pays };
		let buyer_fault = |reason| {
			if maker_sells {
				Fault::Taker(reason)
			} else {
				Fault::Maker(reason)
			}
		};
		let seller_fault = |reason| {
			if maker_sells {
				Fault::Maker(reason)
			} else {
				Fault::Taker(reason)
			}
		};
		if buyer.reserved < buyer_pays {
			return Err(buyer_fault(CancelReason::CashUnavailable));
		}
		if !to_seller.is_zero()
			&& T::Assets::can_deposit(market.cash, &seller.owner, to_seller, Provenance::Extant)
				!= DepositConsequence::Success
		{
			return Err(seller_fault(CancelReason::CashUnavailable));
		}
		let trade = Trade {
			maker_order: parties.maker_id,
			taker_order: parties.taker_id,
			buyer: buyer.owner.clone(),
			seller: seller.owner.clone(),
			buyer_venue: buyer.venue,
			seller_venue: seller.venue,
			price,
			lots,
			tokens,
			value,
			buyer_fee,
			seller_fee,
			at: now,
		};

		let payments = [(&trade.seller, to_seller)];
		let accounts_changed = Self::settle(
			market,
			terms,
			&trade,
			&parties.buyer_profile,
			buyer_pays,
			&payments,
			(&buyer_fault, &seller_fault),
		)?;

		for order in [&mut *maker, &mut *taker] {
			order.remaining = order.remaining.saturating_sub(lots);
			order.filled = order.filled.saturating_add(lots);
			order.reserved = order.reserved.saturating_sub(match order.side {
				Side::Bid => buyer_pays,
				Side::Ask => tokens,
			});
		}
		maker.maker_value = maker.maker_value.saturating_add(value);
		*taken = taken.saturating_add(value);
		Self::deposit_event(Event::Filled { market: taker.market, trade: trade.clone() });
		Ok((trade, accounts_changed))
	}

	/// Cancel one resting order of `who`, whatever the market's status: no venue can keep an
	/// owner's funds reserved.
	pub(crate) fn do_cancel(who: &T::AccountId, id: OrderId) -> DispatchResult {
		let order = Orders::<T>::get(id).ok_or(Error::<T>::UnknownOrder)?;
		ensure!(order.owner == *who, Error::<T>::NotOrderOwner);
		Self::remove_order(id, order, Exit::Cancelled(CancelReason::ByOwner));
		Ok(())
	}

	/// Cancel every resting order of `who` in `market`; returns how many open orders were
	/// looked at (what the call is charged for).
	pub(crate) fn do_cancel_all(
		who: &T::AccountId,
		market: crate::MarketId,
	) -> Result<u32, DispatchError> {
		ensure!(Markets::<T>::contains_key(market), Error::<T>::UnknownMarket);
		let open = Traders::<T>::get(who).open;
		for id in open.iter() {
			if let Some(order) = Orders::<T>::get(id).filter(|o| o.market == market) {
				Self::remove_order(*id, order, Exit::Cancelled(CancelReason::ByOwner));
			}
		}
		Ok(open.len() as u32)
	}
}
