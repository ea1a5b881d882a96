//! The order book pallet's storage, imported into the pallet by `lib.rs`.

use frame_support::pallet_macros::pallet_section;

/// What the order book keeps: markets, books, orders, reservations, venues' fees and limits.
#[pallet_section]
mod storage_items {
	/// The markets.
	#[pallet::storage]
	pub type Markets<T: Config> = StorageMap<_, Blake2_128Concat, MarketId, MarketOf<T>>;

	/// The market of each (security, cash asset) pair.
	#[pallet::storage]
	pub type MarketOfPair<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, SecurityId, Blake2_128Concat, CashAssetId, MarketId>;

	/// The id the next market receives.
	#[pallet::storage]
	pub type NextMarketId<T: Config> = StorageValue<_, MarketId, ValueQuery>;

	/// Each market's price levels, best first.
	#[pallet::storage]
	pub type Books<T: Config> = StorageMap<_, Blake2_128Concat, MarketId, BookOf<T>, ValueQuery>;

	/// The FIFO queue at each (market, side, price).
	#[pallet::storage]
	pub type Levels<T: Config> =
		StorageMap<_, Blake2_128Concat, (MarketId, Side, Price), Level, OptionQuery>;

	/// The resting orders.
	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Twox64Concat, OrderId, OrderOf<T>>;

	/// The id the next order receives.
	#[pallet::storage]
	pub type NextOrderId<T: Config> = StorageValue<_, OrderId, ValueQuery>;

	/// How many orders each identity (over all its accounts) has resting in each market.
	#[pallet::storage]
	pub type IdentityOpenOrders<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, MarketId, Twox64Concat, IdentityId, u32, ValueQuery>;

	/// Each account's open orders and latest client ids.
	#[pallet::storage]
	pub type Traders<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, TraderOf<T>, ValueQuery>;

	/// Cash reserved by resting bids, per cash asset and account: frozen in the account.
	#[pallet::storage]
	pub type ReservedCash<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		CashAssetId,
		Blake2_128Concat,
		T::AccountId,
		T::Balance,
		ValueQuery,
	>;

	/// Fees earned by each venue, per cash asset, held by the pallet's account until claimed.
	#[pallet::storage]
	pub type VenueFees<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ExchangeId,
		Blake2_128Concat,
		CashAssetId,
		T::Balance,
		ValueQuery,
	>;

	/// Orders with an expiry, by the minute after which they have all expired: one key per
	/// order, so placing and cancelling one writes one key and reads none, and no minute can
	/// be filled for everyone else. How many there are is bounded by the resting orders.
	#[pallet::storage]
	pub type ExpiringBy<T: Config> =
		StorageDoubleMap<_, Twox64Concat, u64, Twox64Concat, OrderId, (), OptionQuery>;

	/// The next minute the block hook looks at for expired orders.
	///
	/// Whitelisted in benchmarks: the block hook reads it in every block (and charges that
	/// read), so a placement finds it in the block's overlay.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type ExpiryCursor<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// The latest trades of each market, oldest first.
	#[pallet::storage]
	pub type RecentTrades<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		MarketId,
		BoundedVec<TradeOf<T>, T::MaxRecentTrades>,
		ValueQuery,
	>;

	/// Pre-trade limits each venue sets for the investors it serves, per (venue, cash asset,
	/// identity), with what the identity entered that day.
	#[pallet::storage]
	pub type InvestorLimitsOf<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, ExchangeId>,
			NMapKey<Twox64Concat, CashAssetId>,
			NMapKey<Twox64Concat, IdentityId>,
		),
		InvestorLimitsState<T::Balance>,
		OptionQuery,
	>;
}
