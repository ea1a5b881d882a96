//! # Securities pallet: security tokens, their rules, and the one compliance check
//!
//! A security is a `pallet-assets` asset created by this pallet, whose balances move only
//! through it. Every movement (peer-to-peer transfer, issuance, offering settlement, order
//! book fill, forced transfer) passes one compliance check (`Pallet::check`) that reports
//! **every** failing rule with a stable [`Reason`](stledger_primitives::Reason) code; the same answer is the runtime API
//! `SecuritiesApi::can_transfer`, so a wallet can say why before the investor signs.
//!
//! ## Model
//!
//! - **Security**: its asset (id from [`Config::FirstSecurityId`] up), issuer (an attested
//!   identity) and the explicit set of the issuer's accounts that administer it (the creating
//!   account first; being linked to the identity later gives no power), agents the issuer
//!   appoints,
//!   name, symbol, optional ISIN (checksum validated), decimals, status (active or paused),
//!   and its [`Rules`].
//! - **Rules** ([`Rules`]): allowed and denied jurisdictions, allowed classes (per
//!   jurisdiction where needed), trusted attestors, risk rating (suitability), holder limits
//!   in total and per class (counted per identity), maximum ownership, minimum holding,
//!   jurisdictions closed until a date, peer-to-peer allowed or venue trades only, allowed
//!   venues, and the lock-up given to issued tokens. [`RegimePreset`]s are ready-made rule
//!   sets (`SecuritiesApi::preset_rules` shows them; `create_security` can start from one).
//! - **Lock-up lots** ([`Lot`]): per holder, each with its own unlock date; tokens received
//!   later are not locked by an older lot. **Freezes**: a whole account, or an amount. Both
//!   are enforced by `pallet-assets` itself through this pallet's
//!   [`FrozenBalance`](pallet_assets::FrozenBalance) implementation, so no path can move them;
//!   a compliant transfer checks the same amount itself and then moves the tokens without
//!   the assets pallet asking again.
//! - **Holders** are counted per identity, in total and per class, as balances change (O(1)
//!   per movement).
//!
//! ## Calls
//!
//! | call | origin |
//! |---|---|
//! | [`create_security`](Pallet::create_security) | an attested investor (becomes the issuer) |
//! | [`set_rules`](Pallet::set_rules), [`mint`](Pallet::mint), [`redeem`](Pallet::redeem), [`pause`](Pallet::pause), [`unpause`](Pallet::unpause), [`freeze_account`](Pallet::freeze_account), [`unfreeze_account`](Pallet::unfreeze_account), [`set_frozen_amount`](Pallet::set_frozen_amount), [`forced_transfer`](Pallet::forced_transfer), [`recover`](Pallet::recover) | an issuer account of the security, or an agent |
//! | [`add_agent`](Pallet::add_agent), [`remove_agent`](Pallet::remove_agent), [`add_issuer_account`](Pallet::add_issuer_account), [`remove_issuer_account`](Pallet::remove_issuer_account) | an issuer account of the security |
//! | [`transfer`](Pallet::transfer) | a holder, where the rules allow peer-to-peer transfers |
//!
//! A call refused by the compliance check fails with the pallet error named after the first
//! failing [`Reason`](stledger_primitives::Reason) (for example [`Error::JurisdictionNotAllowed`]); `can_transfer` lists
//! them all.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

mod administration;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod compliance;
pub mod direct_transfers;
pub use compliance::Terms;
mod events;
mod holders;
mod holds;
pub mod isin;
mod ledger;
mod positions;
pub use ledger::supply_cap;
mod lockups;
pub use lockups::{issuance_unlock, MAX_ISSUANCE_LOCKUP};
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod presets;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

pub use types::*;

use frame_support::pallet_macros::import_section;

#[import_section(events::events_and_errors)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungibles::{self, Create, Inspect},
			tokens::Balance as BalanceTrait,
			UnixTime,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use stledger_primitives::{
		ExchangeRegistry, HoldId, IdentityId, InvestorRegistry, Moment, SecurityId,
		SubscriptionCommitments, TransferKind,
	};

	/// The layout of this pallet's storage. Raise it with every change of layout, with a
	/// migration from the previous one (docs/upgrading.md).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(5);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the securities pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// A balance of a security.
		type Balance: BalanceTrait + From<u64> + TypeInfo + MaxEncodedLen + DecodeWithMemTracking;

		/// `pallet-assets`: keeps the balances; this pallet creates the assets and is their
		/// only mover.
		type Assets: fungibles::Inspect<Self::AccountId, AssetId = SecurityId, Balance = Self::Balance>
			+ fungibles::Mutate<Self::AccountId>
			+ fungibles::Create<Self::AccountId>
			+ fungibles::metadata::Mutate<Self::AccountId>;

		/// Who an account is: the investor profiles the rules are checked against.
		type Investors: InvestorRegistry<Self::AccountId>;

		/// The consortium: venues are its exchanges.
		type Exchanges: ExchangeRegistry<Self::AccountId>;

		/// The primary offerings: an identity with a subscription not yet settled to an
		/// offering of a security keeps part of its holding of it until then (its
		/// subscription was judged with that holding).
		type Subscriptions: SubscriptionCommitments<Self::AccountId>;

		/// The chain's clock (lock-ups, restrictions).
		type Time: UnixTime;

		/// The account that administers every security's asset.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The first asset id given to a security (lower ids stay free for cash assets).
		#[pallet::constant]
		type FirstSecurityId: Get<SecurityId>;

		/// The longest name or symbol, in bytes.
		#[pallet::constant]
		type StringLimit: Get<u32>;

		/// The most entries in each list of a security's rules.
		#[pallet::constant]
		type MaxRuleEntries: Get<u32>;

		/// The most agents of one security.
		#[pallet::constant]
		type MaxAgents: Get<u32>;

		/// The most issuer accounts administering one security.
		#[pallet::constant]
		type MaxIssuerAccounts: Get<u32>;

		/// The most securities one issuer identity may create.
		#[pallet::constant]
		type MaxSecuritiesPerIssuer: Get<u32>;

		/// The most lock-up lots one holder may have in one security: at least 2 (a forced
		/// movement to an account with no room joins two of its lots).
		#[pallet::constant]
		type MaxLots: Get<u32>;

		/// The longest reason recorded with an administrative action (forced transfer, freeze,
		/// pause, recovery), in bytes.
		#[pallet::constant]
		type MaxReasonLength: Get<u32>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// The securities, each with its status and its rules.
	#[pallet::storage]
	pub type Securities<T: Config> = StorageMap<_, Blake2_128Concat, SecurityId, SecurityOf<T>>;

	/// The id the next security receives.
	#[pallet::storage]
	pub type NextSecurityId<T: Config> = StorageValue<_, SecurityId, OptionQuery>;

	/// How many securities each issuer identity has created.
	#[pallet::storage]
	pub type SecuritiesOfIssuer<T: Config> =
		StorageMap<_, Twox64Concat, IdentityId, u32, ValueQuery>;

	/// The issuer's accounts that administer each security: the creating account, and those
	/// an issuer account added. Only these act as the issuer.
	#[pallet::storage]
	pub type IssuerAccounts<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		SecurityId,
		BoundedVec<T::AccountId, T::MaxIssuerAccounts>,
		ValueQuery,
	>;

	/// Each security's agents, appointed by the issuer.
	#[pallet::storage]
	pub type Agents<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		SecurityId,
		BoundedVec<T::AccountId, T::MaxAgents>,
		ValueQuery,
	>;

	/// Each account's position in each security besides its balance: the identity its
	/// tokens are counted under, its freezes, its order-book reservation and its lock-up
	/// lots ([`Position`]). Absent for an account with nothing recorded.
	#[pallet::storage]
	pub type Positions<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		T::AccountId,
		PositionOf<T>,
		ValueQuery,
	>;

	/// What each holding identity holds of a security over all its accounts, and the class
	/// it was counted in when it became a holder.
	#[pallet::storage]
	pub type IdentityHoldings<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		SecurityId,
		Twox64Concat,
		IdentityId,
		Holding<T::Balance>,
	>;

	/// How many identities hold each security, in total and per class.
	#[pallet::storage]
	pub type Holders<T: Config> =
		StorageMap<_, Blake2_128Concat, SecurityId, HolderCounts, ValueQuery>;

	/// How many tokens of each security are held for offerings' settlements (issued with
	/// [`SecuritiesLedger::issue_held`], not yet released or burned): counted in the supply,
	/// but not in what the maximum ownership is a share of, since a raise that fails burns
	/// them (release 130). Absent when none are.
	///
	/// [`SecuritiesLedger::issue_held`]: stledger_primitives::SecuritiesLedger::issue_held
	#[pallet::storage]
	pub type HeldForSettlement<T: Config> =
		StorageMap<_, Blake2_128Concat, SecurityId, T::Balance, ValueQuery>;

	/// How many of each identity's tokens of a security are held for offerings' settlements
	/// (its share of [`HeldForSettlement`]): part of its holding that a raise failing burns.
	/// An identity subscribed to the security keeps a holding besides them until its
	/// subscriptions settle (release 132). Absent when none are.
	#[pallet::storage]
	pub type IdentityHeldForSettlement<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		SecurityId,
		Twox64Concat,
		IdentityId,
		T::Balance,
		ValueQuery,
	>;

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::MaxLots::get() >= 2,
				"MaxLots must be at least 2: a forced movement joins two lots to make room"
			);
		}

		/// Each security's count of tokens held for settlements, and each identity's, is what
		/// the positions hold for them (every security's positions read: `try-runtime` only).
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			let holds = Self::holds_in_positions();
			ensure!(holds.under_no_identity == 0, "tokens held for a settlement under no identity");
			let counted: alloc::collections::BTreeMap<_, _> =
				HeldForSettlement::<T>::iter().collect();
			ensure!(
				counted == holds.by_security,
				"the tokens counted as held differ from the positions' holds"
			);
			let counted: alloc::collections::BTreeMap<_, _> =
				IdentityHeldForSettlement::<T>::iter()
					.map(|(security, identity, amount)| ((security, identity), amount))
					.collect();
			ensure!(
				counted == holds.by_identity,
				"the tokens counted as an identity's held differ from its positions' holds"
			);
			Ok(())
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Create a security: a new `pallet-assets` asset administered by this pallet, with the
		/// caller's identity as issuer and the rules of `preset` (none: no restriction).
		///
		/// Origin: signed by an attested investor (the issuer).
		///
		/// Errors: [`Error::IssuerNotAttested`], [`Error::TooManySecurities`],
		/// [`Error::EmptyName`], [`Error::InvalidIsin`], [`Error::AssetIdTaken`],
		/// [`Error::NoMoreIds`].
		///
		/// Emits [`Event::SecurityCreated`] and [`Event::RulesSet`].
		#[pallet::call_index(0)]
		pub fn create_security(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::StringLimit>,
			symbol: BoundedVec<u8, T::StringLimit>,
			isin: Option<Isin>,
			decimals: u8,
			preset: Option<RegimePreset>,
		) -> DispatchResult {
			let creator = ensure_signed(origin)?;
			let issuer = T::Investors::profile(&creator)
				.map_err(|_| Error::<T>::IssuerNotAttested)?
				.identity;
			// Creating a security costs the chain an asset and its records for good: an
			// identity creates a bounded number, however many accounts it has.
			SecuritiesOfIssuer::<T>::try_mutate(issuer, |count| -> DispatchResult {
				ensure!(*count < T::MaxSecuritiesPerIssuer::get(), Error::<T>::TooManySecurities);
				*count += 1;
				Ok(())
			})?;
			ensure!(!name.is_empty() && !symbol.is_empty(), Error::<T>::EmptyName);
			if let Some(isin) = &isin {
				ensure!(isin::is_valid(isin), Error::<T>::InvalidIsin);
			}
			let security = NextSecurityId::<T>::get().unwrap_or_else(T::FirstSecurityId::get);
			ensure!(!T::Assets::asset_exists(security), Error::<T>::AssetIdTaken);
			NextSecurityId::<T>::put(security.checked_add(1).ok_or(Error::<T>::NoMoreIds)?);

			// Sufficient: holders need no native balance to hold a security.
			T::Assets::create(security, Self::account_id(), true, 1u64.into())?;
			// The pallet owns the asset, so it sets the metadata (the runtime charges no
			// metadata deposit: asset creation is permissioned).
			<T::Assets as fungibles::metadata::Mutate<T::AccountId>>::set(
				security,
				&Self::account_id(),
				name.to_vec(),
				symbol.to_vec(),
				decimals,
			)?;
			let rules =
				preset.map(|preset| presets::rules::<T>(preset, Self::now())).unwrap_or_default();
			Securities::<T>::insert(
				security,
				Security {
					issuer,
					creator: creator.clone(),
					name,
					symbol,
					isin,
					decimals,
					status: SecurityStatus::Active,
					rules: rules.clone(),
				},
			);
			IssuerAccounts::<T>::insert(
				security,
				BoundedVec::truncate_from(alloc::vec![creator.clone()]),
			);
			Self::deposit_event(Event::SecurityCreated { security, issuer, creator, isin });
			Self::deposit_event(Event::RulesSet { security, rules });
			Ok(())
		}

		/// Replace a security's rules. They apply to every movement from now on; holders who
		/// no longer qualify keep their tokens but cannot receive more.
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::UnknownSecurity`], [`Error::NotAdministrator`],
		/// [`Error::InvalidJurisdiction`], [`Error::InvalidRiskRating`], [`Error::InvalidLimit`],
		/// [`Error::DuplicateClassLimit`], [`Error::InvalidLockup`].
		///
		/// Emits [`Event::RulesSet`].
		#[pallet::call_index(1)]
		pub fn set_rules(
			origin: OriginFor<T>,
			security: SecurityId,
			rules: RulesOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_administrator(security, &who)?;
			Self::validate_rules(&rules)?;
			Securities::<T>::try_mutate(security, |info| -> DispatchResult {
				info.as_mut().ok_or(Error::<T>::UnknownSecurity)?.rules = rules.clone();
				Ok(())
			})?;
			Self::deposit_event(Event::RulesSet { security, rules });
			Ok(())
		}

		/// Appoint an agent (a transfer agent, a custodian) with the issuer's powers except
		/// managing agents and issuer accounts.
		///
		/// Origin: an issuer account.
		///
		/// Errors: [`Error::UnknownSecurity`], [`Error::NotIssuer`], [`Error::AlreadyAgent`],
		/// [`Error::TooManyAgents`].
		///
		/// Emits [`Event::AgentAdded`].
		#[pallet::call_index(2)]
		pub fn add_agent(
			origin: OriginFor<T>,
			security: SecurityId,
			agent: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_issuer(security, &who)?;
			Agents::<T>::try_mutate(security, |agents| -> DispatchResult {
				ensure!(!agents.contains(&agent), Error::<T>::AlreadyAgent);
				agents.try_push(agent.clone()).map_err(|_| Error::<T>::TooManyAgents)?;
				Ok(())
			})?;
			Self::deposit_event(Event::AgentAdded { security, agent });
			Ok(())
		}

		/// Remove an agent.
		///
		/// Origin: an issuer account.
		///
		/// Errors: [`Error::UnknownSecurity`], [`Error::NotIssuer`], [`Error::NotAgent`].
		///
		/// Emits [`Event::AgentRemoved`].
		#[pallet::call_index(3)]
		pub fn remove_agent(
			origin: OriginFor<T>,
			security: SecurityId,
			agent: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_issuer(security, &who)?;
			Agents::<T>::try_mutate(security, |agents| -> DispatchResult {
				let position =
					agents.iter().position(|a| *a == agent).ok_or(Error::<T>::NotAgent)?;
				agents.remove(position);
				Ok(())
			})?;
			Self::deposit_event(Event::AgentRemoved { security, agent });
			Ok(())
		}

		/// Transfer tokens peer to peer, where the security's rules allow it. Fails with the
		/// first failing rule's error; `SecuritiesApi::can_transfer` lists them all.
		///
		/// Origin: the holder (signed).
		///
		/// Errors: any compliance error ([`Error::InsufficientBalance`] to
		/// [`Error::VenueNotAllowed`]), [`Error::UnknownSecurity`].
		///
		/// Emits [`Event::Transferred`].
		///
		/// Weight: the dearer of [`WeightInfo::transfer`] (a receiver that becomes a holder)
		/// and [`WeightInfo::transfer_relinked`] (a receiver relinked to another identity
		/// while holding) up front; a transfer after which both parties hold as before costs
		/// [`WeightInfo::transfer_between_holders`], and the rest is refunded.
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::transfer_weight())]
		pub fn transfer(
			origin: OriginFor<T>,
			security: SecurityId,
			to: T::AccountId,
			amount: T::Balance,
		) -> DispatchResultWithPostInfo {
			let from = ensure_signed(origin)?;
			let delivered =
				Self::do_transfer(security, &from, &to, amount, TransferKind::PeerToPeer)?;
			Ok((!delivered.holders_changed).then(T::WeightInfo::transfer_between_holders).into())
		}

		/// Issue new tokens to an eligible investor, optionally locked until `locked_until`
		/// (without one, the rules' issuance lock-up applies, if any).
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::UnknownSecurity`], [`Error::NotAdministrator`],
		/// [`Error::LockupInPast`], [`Error::InvalidLockup`] (a date only a settlement hold
		/// has), [`Error::TooManyLots`], [`Error::SupplyCapExceeded`], any compliance error
		/// for an issuance.
		///
		/// Emits [`Event::Issued`].
		///
		/// Weight: the dearer of [`WeightInfo::mint`] (a receiver that becomes a holder) and
		/// [`WeightInfo::mint_relinked`] (a receiver relinked to another identity while
		/// holding).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::mint().max(T::WeightInfo::mint_relinked()))]
		pub fn mint(
			origin: OriginFor<T>,
			security: SecurityId,
			to: T::AccountId,
			amount: T::Balance,
			locked_until: Option<Moment>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_administrator(security, &who)?;
			let lockup = locked_until.map_or(
				crate::ledger::IssueLockup::RulesDefault,
				crate::ledger::IssueLockup::Until,
			);
			Self::do_issue(security, &to, amount, lockup)
		}

		/// Redeem (burn) tokens from a holder, locked or frozen ones included: the issuer buys
		/// back or the security matures. Free tokens go first, then frozen ones, then locked
		/// ones (latest unlock first); the frozen amount shrinks by the frozen tokens burned
		/// only (a part set above the balance, for tokens received later, stays), and the
		/// reservation for sell orders to what is left free.
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::UnknownSecurity`], [`Error::NotAdministrator`],
		/// [`Error::ZeroAmount`], [`Error::RedeemExceedsBalance`],
		/// [`Error::TokensHeldForSettlement`] (it would take tokens held for an offering's
		/// settlement).
		///
		/// Emits [`Event::Redeemed`].
		#[pallet::call_index(6)]
		pub fn redeem(
			origin: OriginFor<T>,
			security: SecurityId,
			from: T::AccountId,
			amount: T::Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_administrator(security, &who)?;
			Self::do_redeem(security, &from, amount)
		}

		/// Pause the security: no movement but forced transfers until unpaused.
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::NotAdministrator`], [`Error::AlreadyPaused`].
		///
		/// Emits [`Event::Paused`].
		#[pallet::call_index(7)]
		pub fn pause(
			origin: OriginFor<T>,
			security: SecurityId,
			reason: BoundedVec<u8, T::MaxReasonLength>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_administrator(security, &who)?;
			Self::set_status(security, SecurityStatus::Paused)?;
			Self::deposit_event(Event::Paused { security, reason });
			Ok(())
		}

		/// Unpause the security.
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::NotAdministrator`], [`Error::NotPaused`].
		///
		/// Emits [`Event::Unpaused`].
		#[pallet::call_index(8)]
		pub fn unpause(
			origin: OriginFor<T>,
			security: SecurityId,
			reason: BoundedVec<u8, T::MaxReasonLength>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_administrator(security, &who)?;
			Self::set_status(security, SecurityStatus::Active)?;
			Self::deposit_event(Event::Unpaused { security, reason });
			Ok(())
		}

		/// Freeze an account whole: it can neither send nor receive the security (forced
		/// transfers excepted).
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::NotAdministrator`], [`Error::AlreadyFrozen`].
		///
		/// Emits [`Event::AccountFrozen`].
		#[pallet::call_index(9)]
		pub fn freeze_account(
			origin: OriginFor<T>,
			security: SecurityId,
			account: T::AccountId,
			reason: BoundedVec<u8, T::MaxReasonLength>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_administrator(security, &who)?;
			ensure!(!Self::is_frozen(security, &account), Error::<T>::AlreadyFrozen);
			Self::update_position(security, &account, |position| position.frozen = true);
			Self::deposit_event(Event::AccountFrozen { security, account, reason });
			Ok(())
		}

		/// Unfreeze an account.
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::NotAdministrator`], [`Error::NotFrozen`].
		///
		/// Emits [`Event::AccountUnfrozen`].
		#[pallet::call_index(10)]
		pub fn unfreeze_account(
			origin: OriginFor<T>,
			security: SecurityId,
			account: T::AccountId,
			reason: BoundedVec<u8, T::MaxReasonLength>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_administrator(security, &who)?;
			ensure!(Self::is_frozen(security, &account), Error::<T>::NotFrozen);
			Self::update_position(security, &account, |position| position.frozen = false);
			Self::deposit_event(Event::AccountUnfrozen { security, account, reason });
			Ok(())
		}

		/// Set how much of an account's balance is frozen (zero: nothing), on top of its locked
		/// tokens and its reservation for sell orders: what may move is the balance less all
		/// three. It may exceed what the account holds besides its locked tokens: tokens
		/// received later are frozen up to the amount. A forced transfer or redemption takes
		/// free tokens first and lowers the amount by the frozen tokens it takes only.
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::NotAdministrator`].
		///
		/// Emits [`Event::FrozenAmountSet`].
		#[pallet::call_index(11)]
		pub fn set_frozen_amount(
			origin: OriginFor<T>,
			security: SecurityId,
			account: T::AccountId,
			amount: T::Balance,
			reason: BoundedVec<u8, T::MaxReasonLength>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_administrator(security, &who)?;
			Self::update_position(security, &account, |position| position.frozen_amount = amount);
			Self::deposit_event(Event::FrozenAmountSet { security, account, amount, reason });
			Ok(())
		}

		/// Move tokens by force, locked or frozen ones included, with a recorded reason (a
		/// court order, an error correction). The security's rules are skipped; the
		/// receiver must still hold a valid attestation. Free tokens go first, then frozen
		/// ones, then locked ones (latest unlock first), which stay locked at the receiver
		/// until their dates: a lock-up belongs to the tokens (a receiver with no room for
		/// another date takes them into its next later lot, or, with none later, two of its
		/// own lots join, the earlier into the later: no lock ends earlier, and none of its own
		/// tokens is locked past a date it had; settlement holds never join, so only a
		/// receiver whose lots are nearly all holds is short of room, `TooManyLots`). The
		/// sender's frozen amount
		/// shrinks by the frozen tokens taken only, and its reservation to what is left free;
		/// no freeze moves to the receiver (`recover` moves a whole account).
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::UnknownSecurity`], [`Error::NotAdministrator`],
		/// [`Error::SameAccount`], [`Error::ZeroAmount`], [`Error::InsufficientBalance`],
		/// [`Error::ReceiverNotEligible`], [`Error::TokensHeldForSettlement`] (it would take
		/// tokens held for an offering's settlement), [`Error::TooManyLots`].
		///
		/// Emits [`Event::ForcedTransfer`].
		///
		/// Weight: the dearer of [`WeightInfo::forced_transfer`] (a receiver that becomes a
		/// holder) and [`WeightInfo::forced_transfer_relinked`] (a receiver relinked to another
		/// identity while holding).
		#[pallet::call_index(12)]
		#[pallet::weight(
			T::WeightInfo::forced_transfer().max(T::WeightInfo::forced_transfer_relinked())
		)]
		pub fn forced_transfer(
			origin: OriginFor<T>,
			security: SecurityId,
			from: T::AccountId,
			to: T::AccountId,
			amount: T::Balance,
			reason: BoundedVec<u8, T::MaxReasonLength>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_administrator(security, &who)?;
			Self::do_forced_transfer(security, &from, &to, amount)?;
			Self::deposit_event(Event::ForcedTransfer { security, from, to, amount, reason });
			Ok(())
		}

		/// Recover a lost account: its whole holding, lock-up lots, frozen amount and frozen
		/// status move to `new`, another account of the same identity, which must be an
		/// eligible investor now. Tokens `new` still holds from an identity it belonged to
		/// before join this identity's holding too. Lots `new` has no room for are merged as
		/// a forced transfer's are (no lock ends earlier).
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::UnknownSecurity`], [`Error::NotAdministrator`],
		/// [`Error::SameAccount`], [`Error::NotSameIdentity`], [`Error::ReceiverNotEligible`],
		/// [`Error::NothingToRecover`], [`Error::TokensHeldForSettlement`] (the lost account
		/// holds tokens for an offering's settlement: settle it first), [`Error::TooManyLots`].
		///
		/// Emits [`Event::Recovered`].
		#[pallet::call_index(13)]
		pub fn recover(
			origin: OriginFor<T>,
			security: SecurityId,
			lost: T::AccountId,
			new: T::AccountId,
			reason: BoundedVec<u8, T::MaxReasonLength>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_administrator(security, &who)?;
			let amount = Self::do_recover(security, &lost, &new)?;
			Self::deposit_event(Event::Recovered { security, lost, new, amount, reason });
			Ok(())
		}

		/// Let another account of the issuer's identity administer the security as the issuer
		/// (a second signer, a treasury). Linking an account to the issuer's identity alone
		/// gives it no power over the security.
		///
		/// Origin: an issuer account.
		///
		/// Errors: [`Error::UnknownSecurity`], [`Error::NotIssuer`],
		/// [`Error::NotIssuerIdentity`], [`Error::AlreadyIssuerAccount`],
		/// [`Error::TooManyIssuerAccounts`].
		///
		/// Emits [`Event::IssuerAccountAdded`].
		#[pallet::call_index(14)]
		pub fn add_issuer_account(
			origin: OriginFor<T>,
			security: SecurityId,
			account: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_issuer_account(security, who, account)
		}

		/// Stop an account administering the security as the issuer (a lost or compromised
		/// key). The last issuer account stays.
		///
		/// Origin: an issuer account.
		///
		/// Errors: [`Error::UnknownSecurity`], [`Error::NotIssuer`],
		/// [`Error::NotIssuerAccount`], [`Error::LastIssuerAccount`].
		///
		/// Emits [`Event::IssuerAccountRemoved`].
		#[pallet::call_index(15)]
		pub fn remove_issuer_account(
			origin: OriginFor<T>,
			security: SecurityId,
			account: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_issuer_account(security, who, account)
		}
	}
}
