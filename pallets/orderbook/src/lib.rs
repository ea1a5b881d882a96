//! # Order book pallet: one shared book per market, across venues
//!
//! The secondary market of ST Ledger. Every venue (consortium exchange) that lists a market
//! sends its investors' orders to the same book; orders match by price-time priority, each
//! fill at the resting order's price, and each fill runs the securities pallet's compliance
//! check for the buyer and settles both legs and both fees in one step: both or neither.
//!
//! ## Model
//!
//! - **Market** ([`Market`]): a security and a cash asset, tick size (cash per lot per tick),
//!   lot size (tokens per lot), minimum order (lots), maker and taker fees (basis points),
//!   status ([`MarketStatus`]), the venues that list it, and its administrator: the venue that
//!   created it (or one it was handed to). Only the administrator, while it lists the market
//!   and the security's rules allow it, and the consortium change its figures, status, order
//!   limits and price controls (delisting the administrator hands
//!   the market to the consortium); a venue that listed itself trades on it and nothing
//!   more. Tick and lot size change only
//!   while no order rests (a resting order's price in ticks must keep its cash meaning).
//!   One market per (security, cash).
//! - **Order** ([`Order`]): owner, venue, side, price in ticks, quantity in lots,
//!   [`TimeInForce`], optional expiry, client id, [`SelfTradePrevention`].
//! - **Book**: per market and side, a sorted list of price levels ([`Book`], bounded by
//!   [`Config::MaxPriceLevels`]; best first, so the best bid and ask are read at once), and
//!   per level a FIFO queue ([`Level`]) kept as a doubly linked list of orders, so any order
//!   leaves its queue in O(1).
//! - **Room for everyone near the best price**: one identity (all its accounts) rests at most
//!   [`Config::MaxOpenOrdersPerIdentity`] orders in a market, so filling a side's levels takes
//!   many identities; and when a side is full, an order at a new price nearer the best than
//!   the side's furthest level evicts that level (its orders, at most
//!   [`Config::MaxOrdersPerLevel`], are cancelled with reason `Evicted` and released).
//! - **Reservations**: a bid reserves its cash (the value at its limit price plus the
//!   worst-case fee, plus one unit for rounding), an ask its tokens, when placed. Neither
//!   moves: reserved cash is frozen in the owner's account through `pallet-assets`'
//!   `FrozenBalance` hook ([`Pallet::reserved_cash`]), reserved tokens by the securities
//!   ledger. No path can spend them; a fill spends them; a cancel releases them to the unit.
//!
//! ## Placing an order
//!
//! The market must be open; the venue must list it and be licensed for the owner's
//! jurisdiction; a buyer must pass the compliance check as a venue trade; a seller must have
//! the tokens free (neither locked, frozen nor reserved) and a cash account to be paid in;
//! a buyer must have the cash. Then it matches against the other side: best price first,
//! oldest first at a price. At most `max_fills` resting orders are met (capped by
//! [`Config::MaxFillsPerCall`]); a resting order found expired, whose owner lost their
//! attestation or whose venue lost its licence is cancelled (with the reason) and counts
//! against the limit. What is left rests (good-till-cancelled, post-only), or is cancelled
//! (immediate-or-cancel; or when the limit is reached while it would still trade, so the
//! book is never left crossed). A fill-or-kill that cannot fill in full fails.
//!
//! ## Fees and rounding
//!
//! A trade of `l` lots at `p` ticks is worth `v = l × p × tick_size`. The buyer pays
//! `v + fee`, the seller receives `v − fee`, each fee going to that side's venue (held by
//! the pallet's account until the venue claims it). Fees are rounded up on each order's
//! running total, so a fill split in many costs the same as one and no value is created or
//! destroyed.
//!
//! ## Calls
//!
//! | call | origin |
//! |---|---|
//! | [`create_market`](Pallet::create_market) | the consortium, or the operator of an active exchange (listing it) |
//! | [`set_market_params`](Pallet::set_market_params), [`set_market_status`](Pallet::set_market_status) | the consortium, or the operator of the market's administrator venue while it lists the market and the security's rules allow it |
//! | [`set_market_administrator`](Pallet::set_market_administrator) | the consortium, or an issuer account or agent of the market's security |
//! | [`list_market`](Pallet::list_market), [`delist_market`](Pallet::delist_market) | the consortium, or the venue's operator |
//! | [`place_order`](Pallet::place_order) | an investor |
//! | [`cancel_order`](Pallet::cancel_order), [`cancel_all`](Pallet::cancel_all) | the orders' owner, whatever the market's status |
//! | [`claim_venue_fees`](Pallet::claim_venue_fees) | a venue's operator |
//! | [`pay_out_former_venue_fees`](Pallet::pay_out_former_venue_fees) | the consortium, for a venue whose exchange was removed |
//! | [`set_order_limits`](Pallet::set_order_limits), [`set_price_controls`](Pallet::set_price_controls) | the consortium, or the operator of the market's administrator venue while it lists the market and the security's rules allow it |
//! | [`set_investor_limits`](Pallet::set_investor_limits) | the venue's own operator (not the consortium) |
//! | [`amend_order`](Pallet::amend_order) | the order's owner |
//! | [`place_market_order`](Pallet::place_market_order) | an investor (as `place_order`) |
//! | [`uncross_auction`](Pallet::uncross_auction) | anyone signed, once the auction's collection period has ended |
//!
//! ## Controls and phases
//!
//! A market may limit each order (largest, smallest and largest value, resting orders per
//! identity), and each venue may limit each investor it serves (largest order value, value
//! entered per UTC day): [`controls`]. A market may set price bands around a reference
//! price and around the last trade: an incoming order that would trade outside one stops
//! there and the market enters a volatility interruption, a call auction that collects
//! orders without matching and then uncrosses at one price ([`auction`]); reopening a halted
//! market goes through an opening auction. docs/orderbook.md has the state diagram, the
//! auction algorithm and a worked example.
//!
//! Expired orders are also removed by a bounded `on_initialize` hook
//! ([`Config::MaxExpiriesPerBlock`] per block).

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use charges::{
	fills_weight, plain_fills_weight, rest_storage, resting_weight, venue_storage, Placed,
};
pub use pallet::*;
pub use reservations::WithCashReservations;
pub use types::*;
pub use weights::WeightInfo;

mod amend;
pub mod auction;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod book;
mod charges;
pub mod controls;
mod events;
mod expiry;
mod markets;
mod matching;
pub mod migrations;
#[cfg(test)]
mod mock;
mod reservations;
pub mod runtime_api;
mod settlement;
mod storage;
#[cfg(test)]
mod tests;
mod types;
mod venue_fees;
pub mod weights;

use frame_support::pallet_macros::import_section;

#[import_section(storage::storage_items)]
#[import_section(events::events_and_errors)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungibles, tokens::Balance as BalanceTrait, Contains, UnixTime},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use stledger_primitives::{
		ExchangeId, ExchangeRegistry, IdentityId, InvestorRegistry, Moment, SecuritiesLedger,
		SecurityId,
	};

	/// The layout of this pallet's storage. Raise it with every change of layout, with a
	/// migration from the previous one (docs/upgrading.md).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the order book pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// A balance: of a security or of a cash asset (both `pallet-assets` assets).
		type Balance: BalanceTrait + From<u64> + TypeInfo + MaxEncodedLen + DecodeWithMemTracking;

		/// `pallet-assets`: the cash assets.
		type Assets: fungibles::Inspect<Self::AccountId, AssetId = CashAssetId, Balance = Self::Balance>
			+ fungibles::Mutate<Self::AccountId>
			+ fungibles::Create<Self::AccountId>;

		/// The securities ledger: compliance check, token reservations, delivery.
		type Securities: SecuritiesLedger<Self::AccountId, Self::Balance>;

		/// Who an account is.
		type Investors: InvestorRegistry<Self::AccountId>;

		/// The consortium's exchanges: the venues.
		type Exchanges: ExchangeRegistry<Self::AccountId>;

		/// The consortium (creates and changes any market).
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The chain's clock (expiries, trade times).
		type Time: UnixTime;

		/// The account holding the venues' fees until they claim them.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The most venues listing one market.
		#[pallet::constant]
		type MaxVenues: Get<u32>;

		/// The most price levels on each side of a market.
		#[pallet::constant]
		type MaxPriceLevels: Get<u32>;

		/// The most resting orders an account may have (over all markets).
		#[pallet::constant]
		type MaxOpenOrders: Get<u32>;

		/// The most resting orders one identity (all its accounts) may have in one market.
		#[pallet::constant]
		type MaxOpenOrdersPerIdentity: Get<u32>;

		/// The most orders resting at one price: what an eviction cancels at most.
		#[pallet::constant]
		type MaxOrdersPerLevel: Get<u32>;

		/// Which cash assets are live (not frozen whole by their issuer): a market in a frozen
		/// cash asset takes no order, so no fill fails for a reason no trader caused.
		type LiveCash: Contains<CashAssetId>;

		/// Which cash accounts may pay (not frozen or blocked by the cash asset's issuer): a
		/// taking seller collects the fees of its fills and pays them when matching ends, so
		/// an account that cannot pay may not sell.
		type PayingCashAccounts: Contains<(CashAssetId, Self::AccountId)>;

		/// How many of an account's latest client ids are remembered.
		#[pallet::constant]
		type MaxRecentClientIds: Get<u32>;

		/// The most resting orders one `place_order` may meet (filled, or cancelled on the
		/// way).
		#[pallet::constant]
		type MaxFillsPerCall: Get<u32>;

		/// The most expired orders the block hook removes per block.
		#[pallet::constant]
		type MaxExpiriesPerBlock: Get<u32>;

		/// How many trades per market the runtime API keeps.
		#[pallet::constant]
		type MaxRecentTrades: Get<u32>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			Self::expire_due()
		}

		fn integrity_test() {
			assert!(T::MaxFillsPerCall::get() > 0, "a taker must be able to fill");
			assert!(T::MaxPriceLevels::get() > 0, "a book needs levels");
			assert!(T::MaxRecentClientIds::get() > 0, "client ids must be remembered");
			assert!(T::MaxOpenOrdersPerIdentity::get() > 0, "an identity must be able to rest");
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Create a market for `security` in `cash`, listed by `venues`.
		///
		/// Origin: the consortium (any venues), or the operator of an active exchange, which
		/// lists it alone (`venues` = its own: others list it with `list_market`) and becomes
		/// its administrator. Every venue must be active and allowed by the security's rules; the fees
		/// at most 10 %; the minimum order at one tick worth at least the cash asset's
		/// minimum balance; the pallet's fee account funded with that minimum.
		///
		/// Emits `MarketCreated`.
		#[pallet::call_index(0)]
		pub fn create_market(
			origin: OriginFor<T>,
			security: SecurityId,
			cash: CashAssetId,
			params: MarketParams<T::Balance>,
			venues: BoundedVec<ExchangeId, T::MaxVenues>,
		) -> DispatchResult {
			let venue = Self::ensure_consortium_or_venue(origin)?;
			Self::do_create_market(venue, security, cash, params, venues)
		}

		/// Change a market's tick, lot, minimum order and fees. Resting orders keep their
		/// price in ticks and the maker fee they were placed with; tick and lot size change only
		/// while no order rests ([`Error::BookNotEmpty`]).
		///
		/// Origin: the consortium, or the operator of the market's administrator venue while it
		/// lists the market and the security's rules allow it.
		///
		/// Errors: [`Error::UnknownMarket`], [`Error::NotMarketAdministrator`],
		/// [`Error::VenueNotAllowedBySecurity`], [`Error::ZeroMarketParameter`],
		/// [`Error::FeeTooHigh`], [`Error::ValueOverflow`], [`Error::MinimumOrderTooSmall`],
		/// [`Error::BookNotEmpty`].
		///
		/// Emits `MarketParamsChanged`.
		#[pallet::call_index(1)]
		pub fn set_market_params(
			origin: OriginFor<T>,
			market: MarketId,
			params: MarketParams<T::Balance>,
		) -> DispatchResult {
			let venue = Self::ensure_consortium_or_venue(origin)?;
			Self::do_set_params(venue, market, params)
		}

		/// Open a market, make it cancel-only, or halt it. Owners cancel their orders in every
		/// status. Opening a market goes through an opening auction if it has one
		/// (`PriceControls::opening_auction_ms`) or if the orders left resting cross; an
		/// auction halted while uncrossing ends with what it traded.
		///
		/// Origin: the consortium, or the operator of the market's administrator venue while it
		/// lists the market and the security's rules allow it.
		///
		/// Errors: [`Error::UnknownMarket`], [`Error::NotMarketAdministrator`],
		/// [`Error::VenueNotAllowedBySecurity`], [`Error::StatusUnchanged`].
		///
		/// Emits `MarketStatusChanged`; on opening, `AuctionStarted` (and `AuctionUncrossed`
		/// for an auction halted while uncrossing).
		#[pallet::call_index(2)]
		pub fn set_market_status(
			origin: OriginFor<T>,
			market: MarketId,
			status: MarketStatus,
		) -> DispatchResult {
			let venue = Self::ensure_consortium_or_venue(origin)?;
			Self::do_set_status(venue, market, status)
		}

		/// List a market on `venue`.
		///
		/// Origin: the consortium, or `venue`'s operator. The venue must be active and allowed
		/// by the security's rules.
		///
		/// Emits `MarketListed`.
		#[pallet::call_index(3)]
		pub fn list_market(
			origin: OriginFor<T>,
			market: MarketId,
			venue: ExchangeId,
		) -> DispatchResult {
			let caller = Self::ensure_consortium_or_venue(origin)?;
			Self::do_list(caller, market, venue)
		}

		/// Stop listing a market on `venue`: no new orders through it; its resting orders are
		/// cancelled when met. A venue that administered the market no longer does: the
		/// market is the consortium's until it (or the issuer) hands it to a listing venue.
		///
		/// Origin: the consortium, or `venue`'s operator.
		///
		/// Emits `MarketDelisted`, and `MarketAdministratorSet` (to none) when `venue`
		/// administered the market.
		#[pallet::call_index(4)]
		pub fn delist_market(
			origin: OriginFor<T>,
			market: MarketId,
			venue: ExchangeId,
		) -> DispatchResult {
			let caller = Self::ensure_consortium_or_venue(origin)?;
			Self::do_delist(caller, market, venue)
		}

		/// Place an order, match it, and rest, cancel or refuse what is left as its time in
		/// force says.
		///
		/// Origin: an attested investor, through `venue`. `max_fills` (1 to
		/// [`Config::MaxFillsPerCall`]) bounds the resting orders met; the call is charged for
		/// `max_fills` and, for an order that may rest (good-till-cancelled, post-only), a
		/// level's eviction, and refunded for what it did not do. `self_trade` defaults to
		/// cancelling the resting order.
		///
		/// During a call auction nothing matches: orders that may rest (good-till-cancelled,
		/// post-only) rest, even crossing, and the others are refused
		/// ([`Error::AuctionInProgress`]; [`Error::AuctionUncrossing`] for any order once the
		/// auction uncrosses). In continuous trading, a fill outside a price band does not
		/// happen: the order stops, the market enters a volatility interruption, and the rest
		/// of the order rests in it (or is cancelled, immediate-or-cancel). The market's and
		/// the venue's pre-trade limits are checked first ([`controls`]).
		///
		/// Emits `OrderPlaced`, then a `Filled` per trade, `OrderCancelled` or `OrderExpired`
		/// for each resting order removed on the way, `OrderCancelled` (reason `Evicted`) for
		/// each order of an evicted level, `PriceBandBreached` and `AuctionStarted` when a
		/// band stops it, and `OrderCancelled` for a remainder that does not rest.
		#[pallet::call_index(5)]
		#[pallet::weight(charges::placement_weight::<T>(*time_in_force, *max_fills))]
		pub fn place_order(
			origin: OriginFor<T>,
			market: MarketId,
			venue: ExchangeId,
			side: Side,
			price: Price,
			lots: Lots,
			time_in_force: TimeInForce,
			expires_at: Option<Moment>,
			client_id: ClientId,
			self_trade: Option<SelfTradePrevention>,
			max_fills: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let placed = Self::do_place(
				who,
				matching::NewOrder {
					market,
					venue,
					side,
					price,
					lots,
					time_in_force,
					expires_at,
					client_id,
					self_trade: self_trade.unwrap_or_default(),
					replaces: None,
					market_order: false,
				},
				max_fills,
			)?;
			Ok(Some(placed.weight::<T>()).into())
		}

		/// Cancel one of one's resting orders; what it reserved is released to the unit.
		///
		/// Origin: the order's owner, whatever the market's status: no venue can keep an
		/// owner's funds reserved.
		///
		/// Emits `OrderCancelled`.
		#[pallet::call_index(6)]
		pub fn cancel_order(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(&who, order)
		}

		/// Cancel all of one's resting orders in a market (at most
		/// [`Config::MaxOpenOrders`]).
		///
		/// Origin: an investor, whatever the market's status.
		///
		/// Emits `OrderCancelled` for each.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::cancel_all(T::MaxOpenOrders::get()))]
		pub fn cancel_all(origin: OriginFor<T>, market: MarketId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let visited = Self::do_cancel_all(&who, market)?;
			Ok(Some(T::WeightInfo::cancel_all(visited)).into())
		}

		/// Pay a venue the fees it earned in `cash` to its operator account.
		///
		/// Origin: the operator of an active exchange; a suspended exchange's is refused with
		/// `VenueSuspended` (release 122; before, as a stranger), its fees kept until it is
		/// reinstated.
		///
		/// Emits `VenueFeesClaimed`.
		#[pallet::call_index(8)]
		pub fn claim_venue_fees(origin: OriginFor<T>, cash: CashAssetId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim_fees(who, cash)
		}

		/// Send the fees a venue earned in `cash` to `to`, once the venue's exchange has been
		/// removed from the consortium: it has no operator left to claim them, and without
		/// this call they would stay in the fee account for ever. The consortium chooses the
		/// account (the former exchange's, or whoever succeeds to its claims).
		///
		/// Origin: the consortium ([`Config::ConsortiumOrigin`]). Not an exchange's operator,
		/// and not for a venue whose exchange is still a member, active or suspended: a
		/// member's fees are its operator's to claim (`claim_venue_fees`).
		///
		/// Errors: [`Error::NotConsortium`], [`Error::VenueStillMember`],
		/// [`Error::RecipientIsFeeAccount`], [`Error::NoFees`];
		/// the cash asset's own error if `to` cannot receive the amount.
		///
		/// Emits `FormerVenueFeesPaidOut`.
		#[pallet::call_index(16)]
		pub fn pay_out_former_venue_fees(
			origin: OriginFor<T>,
			venue: ExchangeId,
			cash: CashAssetId,
			to: T::AccountId,
		) -> DispatchResult {
			Self::do_pay_out_former_venue_fees(origin, venue, cash, to)
		}

		/// Hand a market's administration to another venue listing it, or to the consortium
		/// alone (`None`). The security's issuer decides who runs the markets of its security:
		/// a venue that created a market first does not keep it against the issuer's will.
		///
		/// Origin: the consortium, or an issuer account or agent of the market's security.
		///
		/// Errors: [`Error::UnknownMarket`], [`Error::NotMarketAdministrator`] (not the
		/// consortium nor the security's administrator), [`Error::VenueNotListing`],
		/// [`Error::VenueNotActive`], [`Error::VenueNotAllowedBySecurity`] (the new
		/// administrator must list the market and be allowed to).
		///
		/// Emits `MarketAdministratorSet`.
		#[pallet::call_index(9)]
		pub fn set_market_administrator(
			origin: OriginFor<T>,
			market: MarketId,
			administrator: Option<ExchangeId>,
		) -> DispatchResult {
			Self::do_set_administrator(origin, market, administrator)
		}

		/// Set the limits a market puts on each order beyond its minimum: largest order in
		/// lots, smallest and largest value, and how many orders one identity may rest in it.
		/// They apply to orders placed or amended from now on; resting orders stay.
		///
		/// Origin: the consortium, or the operator of the market's administrator venue while it
		/// lists the market and the security's rules allow it.
		///
		/// Errors: [`Error::UnknownMarket`], [`Error::NotMarketAdministrator`],
		/// [`Error::VenueNotAllowedBySecurity`],
		/// [`Error::MaxOrderBelowMinimum`], [`Error::MinValueAboveMaxValue`],
		/// [`Error::IdentityOrderCapOutOfRange`].
		///
		/// Emits `OrderLimitsSet`.
		#[pallet::call_index(10)]
		pub fn set_order_limits(
			origin: OriginFor<T>,
			market: MarketId,
			limits: OrderLimits<T::Balance>,
		) -> DispatchResult {
			let venue = Self::ensure_consortium_or_venue(origin)?;
			Self::do_set_order_limits(venue, market, limits)
		}

		/// Set (or, with `None`, remove) the pre-trade limits `venue` applies to an investor
		/// identity's orders through it in `cash`: the largest order value, and the most value
		/// entered per UTC day. Changed limits keep counting what was entered today; limits set
		/// for the first time start counting now.
		///
		/// Origin: the operator of `venue`, an active exchange. No other venue, and not the
		/// consortium: each venue answers for the investors it serves.
		///
		/// Errors: [`Error::NotVenueOperator`]; setting limits, [`Error::InvalidCashAsset`]
		/// (no such asset, or a security) and [`Error::UnknownIdentity`]; removing them,
		/// [`Error::NoInvestorLimits`] (none set).
		///
		/// Emits `InvestorLimitsSet`.
		#[pallet::call_index(11)]
		pub fn set_investor_limits(
			origin: OriginFor<T>,
			venue: ExchangeId,
			cash: CashAssetId,
			identity: IdentityId,
			limits: Option<InvestorLimits<T::Balance>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_investor_limits(&who, venue, cash, identity, limits)
		}

		/// Amend one of one's resting orders. Reducing its quantity at the same price keeps its
		/// place in the queue; any other change (price, more lots) takes it off the book and
		/// places it again as a new good-till-cancelled order (new id, same client id, expiry
		/// and self-trade prevention, at the back of its price's queue), which may trade at
		/// once like any new order, meeting at most `max_fills` resting orders.
		///
		/// Origin: the order's owner.
		///
		/// Errors: [`Error::UnknownOrder`], [`Error::NotOrderOwner`], [`Error::ZeroQuantity`]
		/// (cancel instead), [`Error::AmendUnchanged`]; a reduction below the market's
		/// smallest order [`Error::BelowMinimumOrder`], [`Error::BelowMinimumValue`]; for a
		/// re-queued order every error of [`Pallet::place_order`], with the original order
		/// left as it was.
		///
		/// Emits `OrderAmended`; a re-queued order then the events of `place_order`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::cancel_order().saturating_add(
			charges::placement_weight::<T>(TimeInForce::GoodTillCancelled, *max_fills)
		))]
		pub fn amend_order(
			origin: OriginFor<T>,
			order: OrderId,
			price: Price,
			lots: Lots,
			max_fills: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let used = match Self::do_amend(&who, order, price, lots, max_fills)? {
				amend::Amended::Reduced => T::WeightInfo::amend_reduce(),
				amend::Amended::Requeued(placed) => {
					T::WeightInfo::cancel_order().saturating_add(placed.weight::<T>())
				},
			};
			Ok(Some(used).into())
		}

		/// Set a market's price bands and auction durations, and optionally its reference
		/// price (the previous close). Bands apply to trades from now on; resting orders keep
		/// their prices.
		///
		/// Origin: the consortium, or the operator of the market's administrator venue while it
		/// lists the market and the security's rules allow it.
		///
		/// Errors: [`Error::UnknownMarket`], [`Error::NotMarketAdministrator`],
		/// [`Error::VenueNotAllowedBySecurity`],
		/// [`Error::BandOutOfRange`], [`Error::InterruptionTooShort`],
		/// [`Error::AuctionTooLong`], [`Error::ZeroPrice`].
		///
		/// Emits `PriceControlsSet`.
		#[pallet::call_index(13)]
		pub fn set_price_controls(
			origin: OriginFor<T>,
			market: MarketId,
			controls: PriceControls,
			reference_price: Option<Price>,
		) -> DispatchResult {
			let venue = Self::ensure_consortium_or_venue(origin)?;
			Self::do_set_price_controls(venue, market, controls, reference_price)
		}

		/// Uncross a market's call auction once its collection period has ended: every crossing
		/// order trades at one price ([`auction::uncrossing_price`]), in price-time priority,
		/// each fill checked and settled as in continuous trading. At most `max_fills` pairs of
		/// orders (a bid and an ask) are met per call; a large auction finishes over several
		/// calls (no new order is taken meanwhile: [`Error::AuctionUncrossing`]), then the
		/// market trades continuously again with the auction's price as its reference. Should
		/// refusals (orders that can no longer trade, cancelled) leave the book still crossed
		/// at that price's end, the rest uncrosses at a new price found the same way: every
		/// `Filled` says its price.
		///
		/// Origin: anyone signed (a venue, an investor): the caller pays for the work, up
		/// front for `max_fills` pairs at the dearest, and after dispatch for each pair met:
		/// one in which one order left at the dearer of `uncross_auction` and
		/// `uncross_auction_leaving_asks`, one in which both left at
		/// `uncross_auction_pairs`.
		///
		/// Errors: [`Error::UnknownMarket`], [`Error::InvalidFillLimit`],
		/// [`Error::MarketHalted`], [`Error::MarketCancelOnly`], [`Error::CashFrozen`],
		/// [`Error::NoAuction`] (none running, or already uncrossed),
		/// [`Error::AuctionNotEnded`]; the securities pallet's refusal for the security
		/// itself (`SecurityPaused`): no order is cancelled for it.
		///
		/// Emits a `Filled` per trade, `OrderCancelled`/`OrderExpired` for orders that could
		/// no longer trade, and `AuctionUncrossed` when the market is continuous again.
		#[pallet::call_index(14)]
		#[pallet::weight(charges::uncrossing_weight_up_front::<T>(*max_fills)
			.saturating_add(charges::venue_storage_up_front::<T>(max_fills.saturating_mul(2)))
			.saturating_add(T::WeightInfo::auction_price(4 * T::MaxPriceLevels::get())))]
		pub fn uncross_auction(
			origin: OriginFor<T>,
			market: MarketId,
			max_fills: u32,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let done = Self::do_uncross(market, max_fills)?;
			// Two prices at most (each over both sides' crossing levels), and the pairs of
			// orders met, those in which both orders left at their own benchmark, with the
			// venues of their orders besides the first (the benchmarks' are all of one).
			let used = charges::uncrossing_weight::<T>(done.met, done.both_left)
				.saturating_add(charges::venue_storage::<T>(done.other_venues))
				.saturating_add(T::WeightInfo::auction_price(done.levels));
			Ok(Some(used).into())
		}

		/// Place a market order: it trades at once, best price first, up to `lots`, at any
		/// price within the market's price bands (the band nearest the current price is its
		/// protection limit: [`Pallet::protection_price`]), and what does not trade is
		/// cancelled. It never trades beyond a band and never starts a volatility
		/// interruption: it stops at a resting order beyond the far band (an ask below the
		/// lower bound, for a bid), which its limit does not keep out. A bid reserves its value
		/// at the protection limit.
		///
		/// Origin: an attested investor, through `venue`, as for [`Pallet::place_order`].
		///
		/// Errors: [`Error::UnknownMarket`], [`Error::NoProtectionLimit`] (the market has no
		/// band with a reference: place a limit order); then every error of
		/// [`Pallet::place_order`] for an immediate-or-cancel order at the protection limit
		/// ([`Error::AuctionInProgress`] during an auction).
		///
		/// Emits what `place_order` emits.
		#[pallet::call_index(15)]
		#[pallet::weight(charges::placement_weight::<T>(
			TimeInForce::ImmediateOrCancel,
			*max_fills
		)
		.saturating_add(T::DbWeight::get().reads(1)))]
		pub fn place_market_order(
			origin: OriginFor<T>,
			market: MarketId,
			venue: ExchangeId,
			side: Side,
			lots: Lots,
			client_id: ClientId,
			self_trade: Option<SelfTradePrevention>,
			max_fills: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let info = Markets::<T>::get(market).ok_or(Error::<T>::UnknownMarket)?;
			let price = Self::protection_price(&info, side).ok_or(Error::<T>::NoProtectionLimit)?;
			let placed = Self::do_place(
				who,
				matching::NewOrder {
					market,
					venue,
					side,
					price,
					lots,
					time_in_force: TimeInForce::ImmediateOrCancel,
					expires_at: None,
					client_id,
					self_trade: self_trade.unwrap_or_default(),
					replaces: None,
					market_order: true,
				},
				max_fills,
			)?;
			// The same work as an immediate-or-cancel `place_order` (it never rests), and the
			// market read once more here for its protection limit.
			Ok(Some(placed.weight::<T>().saturating_add(T::DbWeight::get().reads(1))).into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Now, in milliseconds since the Unix epoch.
		pub fn now() -> Moment {
			T::Time::now().as_millis() as Moment
		}
	}
}
