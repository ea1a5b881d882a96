//! The order book pallet's events and errors, imported into the pallet by `lib.rs`.

use frame_support::pallet_macros::pallet_section;

/// Events (what an auditor reads) and errors (what a refused caller reads).
#[pallet_section]
mod events_and_errors {
	/// Events of the order book: each state change, with what an auditor needs.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A market was created.
		MarketCreated {
			/// The market.
			market: MarketId,
			/// The security traded.
			security: SecurityId,
			/// The cash asset.
			cash: CashAssetId,
			/// Its figures.
			params: MarketParams<T::Balance>,
			/// The venues listing it.
			venues: Vec<ExchangeId>,
		},
		/// A market's figures changed (resting orders keep the maker fee they were placed with).
		MarketParamsChanged {
			/// The market.
			market: MarketId,
			/// The new figures.
			params: MarketParams<T::Balance>,
		},
		/// A market's administrator changed.
		MarketAdministratorSet {
			/// The market.
			market: MarketId,
			/// The venue that administers it now (`None`: the consortium alone).
			administrator: Option<ExchangeId>,
		},
		/// A market's status changed.
		MarketStatusChanged {
			/// The market.
			market: MarketId,
			/// The new status.
			status: MarketStatus,
		},
		/// A venue listed a market.
		MarketListed {
			/// The market.
			market: MarketId,
			/// The venue.
			venue: ExchangeId,
		},
		/// A venue stopped listing a market (its resting orders are cancelled when met).
		MarketDelisted {
			/// The market.
			market: MarketId,
			/// The venue.
			venue: ExchangeId,
		},
		/// An order was accepted (fills, and a cancel of what could not rest, follow).
		OrderPlaced {
			/// The order.
			order: OrderId,
			/// Its market.
			market: MarketId,
			/// Who placed it.
			owner: T::AccountId,
			/// Its venue.
			venue: ExchangeId,
			/// Buy or sell.
			side: Side,
			/// Limit price, in ticks.
			price: Price,
			/// Quantity, in lots.
			lots: Lots,
			/// Time in force.
			time_in_force: TimeInForce,
			/// The owner's id for it.
			client_id: ClientId,
		},
		/// Two orders traded: tokens and cash (with fees) moved in the same step.
		Filled {
			/// The market.
			market: MarketId,
			/// The trade.
			trade: TradeOf<T>,
		},
		/// An order left the book unfilled (in part or in full); what it reserved is released.
		OrderCancelled {
			/// The order.
			order: OrderId,
			/// Its owner.
			owner: T::AccountId,
			/// Lots that did not fill.
			lots: Lots,
			/// Why.
			reason: CancelReason,
		},
		/// An order expired (removed by the block hook or met after its expiry).
		OrderExpired {
			/// The order.
			order: OrderId,
			/// Its owner.
			owner: T::AccountId,
			/// Lots that did not fill.
			lots: Lots,
		},
		/// Self-trade prevention reduced two orders of one identity without a trade.
		SelfTradeDecremented {
			/// The resting order.
			resting: OrderId,
			/// The incoming order.
			incoming: OrderId,
			/// Lots taken off each.
			lots: Lots,
		},
		/// A venue took the fees it earned in a cash asset.
		VenueFeesClaimed {
			/// The venue.
			venue: ExchangeId,
			/// The cash asset.
			cash: CashAssetId,
			/// The amount.
			amount: T::Balance,
			/// The account paid (the venue's operator).
			to: T::AccountId,
		},
		/// A market's order limits changed (they apply to orders placed or amended from now).
		OrderLimitsSet {
			/// The market.
			market: MarketId,
			/// The new limits.
			limits: OrderLimits<T::Balance>,
		},
		/// A venue set or removed its pre-trade limits for an investor identity in a cash
		/// asset.
		InvestorLimitsSet {
			/// The venue.
			venue: ExchangeId,
			/// The cash asset the limits are in.
			cash: CashAssetId,
			/// The investor identity.
			identity: IdentityId,
			/// The limits (`None`: removed).
			limits: Option<InvestorLimits<T::Balance>>,
		},
		/// Its owner amended a resting order.
		OrderAmended {
			/// The order.
			order: OrderId,
			/// Its owner.
			owner: T::AccountId,
			/// The new price, in ticks.
			price: Price,
			/// The new quantity left, in lots.
			lots: Lots,
			/// `None`: reduced in place, keeping its priority. Otherwise the order left the
			/// book and was placed again with this id (its `OrderPlaced` and any fills follow).
			requeued_as: Option<OrderId>,
		},
		/// A market's price bands and auction durations changed (and its reference price, if
		/// given).
		PriceControlsSet {
			/// The market.
			market: MarketId,
			/// The new controls.
			controls: PriceControls,
			/// The new reference price, if set.
			reference_price: Option<Price>,
		},
		/// An incoming order met a resting price outside a band: it traded no further.
		PriceBandBreached {
			/// The market.
			market: MarketId,
			/// The incoming order.
			order: OrderId,
			/// The price it would have traded at.
			price: Price,
		},
		/// A call auction started: orders are collected without matching until `ends_at`.
		AuctionStarted {
			/// The market.
			market: MarketId,
			/// Why.
			reason: AuctionReason,
			/// When it may be uncrossed.
			ends_at: Moment,
		},
		/// A call auction ended: the market trades continuously again.
		AuctionUncrossed {
			/// The market.
			market: MarketId,
			/// The uncrossing price (`None`: nothing traded).
			price: Option<Price>,
			/// Lots traded by the auction.
			traded: Lots,
		},
		/// The consortium paid a former venue's fees (its exchange was removed) to an account.
		FormerVenueFeesPaidOut {
			/// The former venue.
			venue: ExchangeId,
			/// The cash asset.
			cash: CashAssetId,
			/// The amount.
			amount: T::Balance,
			/// The account paid, chosen by the consortium.
			to: T::AccountId,
		},
	}

	/// Why an order-book call was refused.
	#[pallet::error]
	pub enum Error<T> {
		/// Only the consortium, or the operator of the venue concerned (for a market's figures
		/// and status: its administrator venue), may do this.
		NotMarketAdministrator,
		/// Tick and lot size change only while no order rests: a resting order's price in ticks
		/// must keep the cash value it was placed at.
		BookNotEmpty,
		/// The investor's identity (all its accounts) has the most resting orders allowed in
		/// this market.
		TooManyIdentityOrders,
		/// No market has this id.
		UnknownMarket,
		/// The security does not exist.
		UnknownSecurity,
		/// The cash asset does not exist, or is a security.
		InvalidCashAsset,
		/// This security already has a market in this cash asset.
		MarketExists,
		/// Tick size, lot size or minimum order is zero.
		ZeroMarketParameter,
		/// A fee is above the highest allowed (10 %).
		FeeTooHigh,
		/// The minimum order at the lowest price is worth less than the cash asset's minimum
		/// balance.
		MinimumOrderTooSmall,
		/// The pallet's fee account holds less than the cash asset's minimum balance: send it
		/// that much first.
		FeeAccountNotFunded,
		/// A market needs at least one venue.
		NoVenues,
		/// A venue is not an active exchange.
		VenueNotActive,
		/// The security's rules do not allow this venue: it may not list the market, be handed
		/// its administration, or administer it.
		VenueNotAllowedBySecurity,
		/// The market already has the most venues.
		TooManyVenues,
		/// The venue already lists the market.
		AlreadyListed,
		/// The venue does not list the market.
		VenueNotListing,
		/// The market already has this status.
		StatusUnchanged,
		/// The market is halted: no order may be placed (resting ones may be cancelled).
		MarketHalted,
		/// The market takes cancels only.
		MarketCancelOnly,
		/// The venue is not licensed for the investor's jurisdiction.
		VenueNotLicensed,
		/// The investor has no valid attestation (the attestation API says why).
		NotAttested,
		/// The price is zero.
		ZeroPrice,
		/// The quantity is zero.
		ZeroQuantity,
		/// The quantity is below the market's minimum order.
		BelowMinimumOrder,
		/// Price × quantity × tick (and the fee) does not fit in a balance.
		ValueOverflow,
		/// The expiry is not in the future.
		ExpiryInPast,
		/// One of the owner's latest orders has this client id: a retried submission?
		DuplicateClientId,
		/// The owner has the most open orders allowed.
		TooManyOpenOrders,
		/// The buyer's cash (beyond what stays reserved or keeps the account alive) is less
		/// than the order's value plus the worst-case fee.
		InsufficientCash,
		/// The seller has no cash account to be paid in (hold at least the cash asset's
		/// minimum balance).
		NoCashAccount,
		/// The fill limit is zero or above the most allowed.
		InvalidFillLimit,
		/// A post-only order would trade on arrival.
		PostOnlyWouldCross,
		/// A fill-or-kill order could not fill in full within the fill limit.
		FillOrKillNotFilled,
		/// The side of the book has the most price levels allowed, and the order's price is not
		/// nearer the best than the furthest level.
		TooManyPriceLevels,
		/// The most orders allowed already rest at this price: choose another.
		LevelFull,
		/// The market's cash asset is frozen by its issuer: nothing trades until it is thawed.
		CashFrozen,
		/// No order has this id.
		UnknownOrder,
		/// The order is someone else's.
		NotOrderOwner,
		/// Only the operator of an active exchange may do this.
		NotVenueOperator,
		/// The venue has no fees to claim in this cash asset.
		NoFees,
		/// The seller's account of the market's cash asset is frozen or blocked by the cash
		/// asset's issuer: it could not pay the fees of its fills.
		CashAccountFrozen,
		/// The largest order in lots would be below the market's minimum order.
		MaxOrderBelowMinimum,
		/// The smallest order value is above the largest.
		MinValueAboveMaxValue,
		/// The per-identity cap on resting orders is zero or above the runtime's
		/// `MaxOpenOrdersPerIdentity`.
		IdentityOrderCapOutOfRange,
		/// The quantity is above the market's largest order.
		AboveMaximumOrder,
		/// The order's value (lots × price × tick size) is below the market's smallest.
		BelowMinimumValue,
		/// The order's value is above the market's largest.
		AboveMaximumValue,
		/// The order's value is above the largest the venue allows this investor: place a
		/// smaller order, or ask the venue about its limit.
		AboveInvestorOrderValue,
		/// The order would take the value this investor entered through the venue today above
		/// the venue's daily limit for them: the count starts again at 00:00 UTC (cancelled
		/// orders still count), or ask the venue about its limit.
		InvestorDailyLimitReached,
		/// The amendment changes neither price nor quantity.
		AmendUnchanged,
		/// A call auction is running: only orders that may rest are taken (no
		/// immediate-or-cancel or fill-or-kill).
		AuctionInProgress,
		/// The market has no auction to uncross (none started, or it has been uncrossed).
		NoAuction,
		/// The auction still collects orders: it may be uncrossed from its `ends_at`.
		AuctionNotEnded,
		/// A band is zero or wider than 50 %.
		BandOutOfRange,
		/// A band is set but a volatility interruption would last no time.
		InterruptionTooShort,
		/// Placing or re-queuing an order while an auction is being uncrossed at a price
		/// already known: wait for continuous trading.
		AuctionUncrossing,
		/// An auction or interruption would last more than a day.
		AuctionTooLong,
		/// A market order needs a price band with a reference to limit it: the market has
		/// none (place a limit order).
		NoProtectionLimit,
		/// No investor has this identity: limits are set for identities the attestation
		/// registry knows.
		UnknownIdentity,
		/// The venue sets no limits for this identity in this cash asset: nothing to remove.
		NoInvestorLimits,
		/// A venue creates a market listed by itself alone: another venue lists a market
		/// itself (`list_market`).
		ListsOtherVenues,
		/// The venue's exchange is suspended: its fees wait until it is reinstated.
		VenueSuspended,
		/// Only the consortium may do this.
		NotConsortium,
		/// The venue's exchange is still a member of the consortium (active or suspended): its
		/// fees are its operator's to claim.
		VenueStillMember,
		/// Fees cannot be paid out to the fee account that holds them.
		RecipientIsFeeAccount,
	}
}
