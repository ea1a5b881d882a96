//! Markets, orders, price levels and trades.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::Get, BoundedVec};
use scale_info::TypeInfo;
use stledger_primitives::{ExchangeId, IdentityId, Ineligibility, Moment, Reason, SecurityId};

/// A market's id.
pub type MarketId = u32;
/// An order's id: global, in placement order, never reused.
pub type OrderId = u64;
/// The id an owner gives an order so that a retried submission is recognised.
pub type ClientId = u64;
/// A cash asset's id (a `pallet-assets` asset that is not a security).
pub type CashAssetId = u32;
/// A price in ticks: `price × tick_size` is the cash paid for one lot.
pub type Price = u64;
/// A quantity in lots: `lots × lot_size` tokens.
pub type Lots = u64;

/// Fees and fee rates are in basis points: 10 000 is 100 %.
pub const BASIS_POINTS: u16 = 10_000;

/// Buy or sell.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Side {
	/// Buy the security for cash.
	Bid,
	/// Sell the security for cash.
	Ask,
}

impl Side {
	/// The side an order of this side trades against.
	pub fn opposite(self) -> Self {
		match self {
			Side::Bid => Side::Ask,
			Side::Ask => Side::Bid,
		}
	}

	/// Whether `price` is nearer the best price of this side than `than` (a higher bid, a
	/// lower ask).
	pub fn is_better(self, price: Price, than: Price) -> bool {
		match self {
			Side::Bid => price > than,
			Side::Ask => price < than,
		}
	}

	/// Whether an order of this side at `price` trades against a resting order at `resting`.
	pub fn crosses(self, price: Price, resting: Price) -> bool {
		match self {
			Side::Bid => price >= resting,
			Side::Ask => price <= resting,
		}
	}
}

/// What a market accepts.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum MarketStatus {
	/// Orders are placed, matched and cancelled.
	#[default]
	Open,
	/// Orders may only be cancelled (a market winding down).
	CancelOnly,
	/// Trading is halted by the market's administrator or the consortium: no new order, no
	/// trade; resting orders stay as they are, and their owners may still cancel them.
	Halted,
}

/// How long an order stays on the book.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum TimeInForce {
	/// Rests until filled, cancelled or expired.
	GoodTillCancelled,
	/// Fills what it can now; the rest is cancelled.
	ImmediateOrCancel,
	/// Fills in full now, within the call's fill limit, or not at all.
	FillOrKill,
	/// Rests without trading: refused if it would trade on arrival.
	PostOnly,
}

/// What happens when an order meets a resting order of the same identity.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum SelfTradePrevention {
	/// Cancel the resting order and go on matching (the default).
	#[default]
	CancelResting,
	/// Cancel what is left of the incoming order.
	CancelIncoming,
	/// Reduce both by the smaller quantity, without a trade.
	DecrementBoth,
}

/// A market's figures.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct MarketParams<Balance> {
	/// Cash (smallest units) per lot for one tick of price.
	pub tick_size: Balance,
	/// Tokens (smallest units) per lot.
	pub lot_size: Balance,
	/// The smallest order, in lots.
	pub min_order: Lots,
	/// Fee of the resting side of a trade, in basis points of the trade's value.
	pub maker_fee_bps: u16,
	/// Fee of the incoming side of a trade, in basis points of the trade's value.
	pub taker_fee_bps: u16,
}

/// A market: one security traded for one cash asset, on one shared book.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxVenues))]
pub struct Market<Balance, MaxVenues: Get<u32>> {
	/// The security traded.
	pub security: SecurityId,
	/// The cash asset it is paid in.
	pub cash: CashAssetId,
	/// Tick, lot, minimum order and fees.
	pub params: MarketParams<Balance>,
	/// Open, cancel-only or halted.
	pub status: MarketStatus,
	/// The venues (exchanges) that list it: investors place orders through one of them.
	pub venues: BoundedVec<ExchangeId, MaxVenues>,
	/// The venue that administers it (the one that created it): with the consortium, the
	/// only one that changes its figures and status. `None`: the consortium alone.
	pub administrator: Option<ExchangeId>,
	/// Limits on the orders it takes, beyond the minimum order (none unless set).
	pub limits: OrderLimits<Balance>,
	/// Price bands and auction durations (none unless set).
	pub controls: PriceControls,
	/// Continuous trading or a call auction (meaningful while the status is `Open`).
	pub phase: Phase,
	/// The static band's reference: the last auction price, or the price its administrator
	/// set (the previous close).
	pub reference_price: Option<Price>,
	/// The price of the last trade: the dynamic band's reference.
	pub last_price: Option<Price>,
}

/// A market's price bands and auction durations, set by its administrator. Bands are in
/// basis points either side of their reference; `None`: no band.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct PriceControls {
	/// Band around the reference price (the last auction price or the previous close).
	pub static_band_bps: Option<u32>,
	/// Band around the last trade's price before the incoming order.
	pub dynamic_band_bps: Option<u32>,
	/// How long a volatility interruption collects orders before its auction can uncross, in
	/// milliseconds (more than 0 when a band is set; at most a day).
	pub interruption_ms: Moment,
	/// How long the auction that (re)opens the market collects orders, in milliseconds (0:
	/// it opens straight into continuous trading, unless its book is crossed; at most a
	/// day).
	pub opening_auction_ms: Moment,
}

/// Why a call auction is running.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum AuctionReason {
	/// The market opened or reopened (after a halt or a cancel-only period).
	Opening,
	/// An order would have traded outside a price band.
	VolatilityInterruption,
}

/// How a market trades.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Phase {
	/// Orders match as they arrive.
	#[default]
	Continuous,
	/// A call auction collects orders without matching (they may cross) until `ends_at`;
	/// then anyone may uncross it.
	Auction {
		/// When it may be uncrossed.
		ends_at: Moment,
		/// Why it runs.
		reason: AuctionReason,
	},
	/// The auction is being uncrossed at `price`, over as many calls as it takes; orders are
	/// still collected without matching.
	Uncrossing {
		/// The uncrossing price.
		price: Price,
		/// Lots traded by the auction so far.
		traded: Lots,
	},
}

/// What an auction would do if uncrossed now.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct Uncross {
	/// The price.
	pub price: Price,
	/// Lots that would trade.
	pub volume: Lots,
	/// Lots left over on the side with more at that price.
	pub surplus: Lots,
}

/// Limits a market sets on each order it takes, checked when an order is placed or amended
/// (never on what already rests). `None`: no limit.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct OrderLimits<Balance> {
	/// The largest order, in lots.
	pub max_lots: Option<Lots>,
	/// The smallest order value (lots × price × tick size), in the market's cash.
	pub min_value: Option<Balance>,
	/// The largest order value, in the market's cash.
	pub max_value: Option<Balance>,
	/// The most orders one identity (all its accounts) may rest in the market, below the
	/// runtime's `MaxOpenOrdersPerIdentity`.
	pub max_open_per_identity: Option<u32>,
}

impl<Balance> Default for OrderLimits<Balance> {
	fn default() -> Self {
		Self { max_lots: None, min_value: None, max_value: None, max_open_per_identity: None }
	}
}

/// Pre-trade limits a venue sets for one investor identity trading through it in one cash
/// asset. `None`: no limit.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct InvestorLimits<Balance> {
	/// The largest value of one order (lots × price × tick size).
	pub max_order_value: Option<Balance>,
	/// The most value of orders entered per UTC day, each valued when entered (a bid at its
	/// limit, an ask at the highest of its limit, the best bid and the market's reference and
	/// last prices).
	pub max_daily_value: Option<Balance>,
}

/// A venue's limits for an investor, with what the investor has entered today.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct InvestorLimitsState<Balance> {
	/// The limits.
	pub limits: InvestorLimits<Balance>,
	/// The UTC day (days since the Unix epoch) `entered` counts.
	pub day: u32,
	/// Value of the orders entered on `day`.
	pub entered: Balance,
	/// When the limits were first set (orders entered before were not counted).
	pub since: Moment,
}

/// An order on the book.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Order<AccountId, Balance> {
	/// Its market.
	pub market: MarketId,
	/// Who placed it.
	pub owner: AccountId,
	/// The owner's identity (self-trade prevention compares identities).
	pub identity: IdentityId,
	/// The venue it came through; the venue earns its fees.
	pub venue: ExchangeId,
	/// Buy or sell.
	pub side: Side,
	/// Limit price, in ticks.
	pub price: Price,
	/// Lots not yet filled.
	pub remaining: Lots,
	/// Lots filled so far.
	pub filled: Lots,
	/// What is still reserved for it: cash for a bid (price and worst-case fee), tokens for
	/// an ask.
	pub reserved: Balance,
	/// The asset `reserved` is in: the market's cash for a bid, its security for an ask (a
	/// cancel releases it without reading the market).
	pub reserved_asset: u32,
	/// Value traded while resting (fees are rounded on the running total, so splitting a
	/// fill never costs more than one fill).
	pub maker_value: Balance,
	/// The maker fee when it was placed: a later fee change does not reach it.
	pub maker_fee_bps: u16,
	/// The owner's id for it.
	pub client_id: ClientId,
	/// When it was placed.
	pub placed_at: Moment,
	/// When it expires, if ever.
	pub expires_at: Option<Moment>,
	/// Self-trade prevention it asked for.
	pub self_trade: SelfTradePrevention,
	/// The order before it at its price (older).
	pub prev: Option<OrderId>,
	/// The order after it at its price (younger).
	pub next: Option<OrderId>,
}

/// One price on one side: a FIFO queue of orders (a doubly linked list through
/// [`Order::prev`] and [`Order::next`]).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Level {
	/// The oldest order: the next to trade.
	pub head: OrderId,
	/// The youngest order.
	pub tail: OrderId,
	/// Lots resting at this price.
	pub lots: Lots,
	/// Orders resting at this price.
	pub orders: u32,
}

/// A market's price levels, best first: bids high to low, asks low to high.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxLevels))]
pub struct Book<MaxLevels: Get<u32>> {
	/// Bid prices, highest first.
	pub bids: BoundedVec<Price, MaxLevels>,
	/// Ask prices, lowest first.
	pub asks: BoundedVec<Price, MaxLevels>,
}

impl<MaxLevels: Get<u32>> Default for Book<MaxLevels> {
	fn default() -> Self {
		Self { bids: BoundedVec::new(), asks: BoundedVec::new() }
	}
}

impl<MaxLevels: Get<u32>> Book<MaxLevels> {
	/// The levels of `side`, best first.
	pub fn side(&self, side: Side) -> &BoundedVec<Price, MaxLevels> {
		match side {
			Side::Bid => &self.bids,
			Side::Ask => &self.asks,
		}
	}

	fn side_mut(&mut self, side: Side) -> &mut BoundedVec<Price, MaxLevels> {
		match side {
			Side::Bid => &mut self.bids,
			Side::Ask => &mut self.asks,
		}
	}

	/// The best price of `side`.
	pub fn best(&self, side: Side) -> Option<Price> {
		self.side(side).first().copied()
	}

	/// Where `price` is, or would go, among `side`'s levels (binary search: O(log L)).
	fn position(&self, side: Side, price: Price) -> Result<usize, usize> {
		let levels = self.side(side);
		match side {
			Side::Bid => levels.binary_search_by(|p| price.cmp(p)),
			Side::Ask => levels.binary_search(&price),
		}
	}

	/// Add a level at `price`; `false` if the side already has the most levels.
	pub fn insert(&mut self, side: Side, price: Price) -> bool {
		match self.position(side, price) {
			Ok(_) => true,
			Err(at) => self.side_mut(side).try_insert(at, price).is_ok(),
		}
	}

	/// Drop the level at `price`.
	pub fn remove(&mut self, side: Side, price: Price) {
		if let Ok(at) = self.position(side, price) {
			self.side_mut(side).remove(at);
		}
	}

	/// The price of `side`'s level furthest from the best.
	pub fn worst(&self, side: Side) -> Option<Price> {
		self.side(side).last().copied()
	}

	/// Whether no order rests on either side.
	pub fn is_empty(&self) -> bool {
		self.bids.is_empty() && self.asks.is_empty()
	}

	/// Whether `side` has a level at `price`.
	pub fn contains(&self, side: Side, price: Price) -> bool {
		self.position(side, price).is_ok()
	}
}

/// Why an order left the book before it was filled.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum CancelReason {
	/// Its owner cancelled it.
	ByOwner,
	/// Its expiry passed.
	Expired,
	/// Immediate-or-cancel: what did not fill at once.
	Unfilled,
	/// The call's fill limit was reached while the rest would still have traded: it is not
	/// left on a crossed book.
	FillLimitReached,
	/// Self-trade prevention.
	SelfTrade,
	/// Its owner no longer has a valid attestation, and why.
	OwnerIneligible(Ineligibility),
	/// Its venue is suspended, no longer lists the market, or is no longer licensed for the
	/// owner's jurisdiction.
	VenueNotLicensed,
	/// A trade was refused by the compliance check, for this reason (the first).
	Compliance(Reason),
	/// Its owner's cash could not pay, or receive, the trade (a cash freeze, or a cash
	/// account closed since it was placed).
	CashUnavailable,
	/// The market's level is full: the rest could not rest.
	BookFull,
	/// Its side of the book had the most price levels and its level was the furthest from the
	/// best price: it gave way to an order nearer the best price.
	Evicted,
	/// An immediate-or-cancel order met a price outside a band: the market entered a
	/// volatility interruption, and what had not traded was cancelled.
	VolatilityInterruption,
}

/// A trade, as the runtime API reports the latest ones.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Trade<AccountId, Balance> {
	/// The resting order (in an auction trade, the older of the two).
	pub maker_order: OrderId,
	/// The incoming order (in an auction trade, the younger of the two).
	pub taker_order: OrderId,
	/// Who bought.
	pub buyer: AccountId,
	/// Who sold.
	pub seller: AccountId,
	/// The buyer's venue.
	pub buyer_venue: ExchangeId,
	/// The seller's venue.
	pub seller_venue: ExchangeId,
	/// The price, in ticks: the maker's (the resting order's) in continuous trading, the
	/// uncrossing price in an auction.
	pub price: Price,
	/// Lots traded.
	pub lots: Lots,
	/// Tokens delivered (`lots × lot_size`).
	pub tokens: Balance,
	/// Cash value (`lots × price × tick_size`).
	pub value: Balance,
	/// The buyer's fee (paid on top of the value).
	pub buyer_fee: Balance,
	/// The seller's fee (taken from the value).
	pub seller_fee: Balance,
	/// When.
	pub at: Moment,
}

/// What an owner has on the books.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxOpen, MaxRecent))]
pub struct Trader<MaxOpen: Get<u32>, MaxRecent: Get<u32>> {
	/// Open orders, in every market.
	pub open: BoundedVec<OrderId, MaxOpen>,
	/// The client ids of the latest orders: a retried submission reusing one is refused.
	pub recent_client_ids: BoundedVec<ClientId, MaxRecent>,
}

impl<MaxOpen: Get<u32>, MaxRecent: Get<u32>> Default for Trader<MaxOpen, MaxRecent> {
	fn default() -> Self {
		Self { open: BoundedVec::new(), recent_client_ids: BoundedVec::new() }
	}
}

/// One side of the book as the runtime API shows it: price, lots and orders per level.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct DepthLevel {
	/// Price, in ticks.
	pub price: Price,
	/// Lots resting.
	pub lots: Lots,
	/// Orders resting.
	pub orders: u32,
}

/// Aggregated price levels of a market.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct Depth {
	/// Bids, best (highest) first.
	pub bids: alloc::vec::Vec<DepthLevel>,
	/// Asks, best (lowest) first.
	pub asks: alloc::vec::Vec<DepthLevel>,
}

/// A [`Market`] as stored by a runtime.
pub type MarketOf<T> = Market<<T as crate::Config>::Balance, <T as crate::Config>::MaxVenues>;
/// An [`Order`] as stored by a runtime.
pub type OrderOf<T> = Order<<T as frame_system::Config>::AccountId, <T as crate::Config>::Balance>;
/// A [`Trade`] as stored by a runtime.
pub type TradeOf<T> = Trade<<T as frame_system::Config>::AccountId, <T as crate::Config>::Balance>;
/// A [`Book`] as stored by a runtime.
pub type BookOf<T> = Book<<T as crate::Config>::MaxPriceLevels>;
/// A [`Trader`] as stored by a runtime.
pub type TraderOf<T> =
	Trader<<T as crate::Config>::MaxOpenOrders, <T as crate::Config>::MaxRecentClientIds>;
