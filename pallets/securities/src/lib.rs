//! # Securities pallet: security tokens, their rules, and the one compliance check
//!
//! A security is a `pallet-assets` asset created by this pallet, whose balances move only
//! through it. Every movement (peer-to-peer transfer, issuance, offering settlement, order
//! book fill, forced transfer) passes one compliance check ([`Pallet::check`]) that reports
//! **every** failing rule with a stable [`Reason`] code; the same answer is the runtime API
//! `SecuritiesApi::can_transfer`, so a wallet can say why before the investor signs.
//!
//! ## Model
//!
//! - **Security**: its asset (id from [`Config::FirstSecurityId`] up), issuer (an attested
//!   identity: any of its accounts administers the security), agents the issuer appoints,
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
//!   [`FrozenBalance`](pallet_assets::FrozenBalance) implementation, so no path can move them.
//! - **Holders** are counted per identity, in total and per class, as balances change (O(1)
//!   per movement).
//!
//! ## Calls
//!
//! | call | origin |
//! |---|---|
//! | [`create_security`](Pallet::create_security) | an attested investor (becomes the issuer) |
//! | [`set_rules`](Pallet::set_rules), [`mint`](Pallet::mint), [`redeem`](Pallet::redeem), [`pause`](Pallet::pause), [`unpause`](Pallet::unpause), [`freeze_account`](Pallet::freeze_account), [`unfreeze_account`](Pallet::unfreeze_account), [`set_frozen_amount`](Pallet::set_frozen_amount), [`forced_transfer`](Pallet::forced_transfer), [`recover`](Pallet::recover) | the issuer (any account of its identity) or an agent |
//! | [`add_agent`](Pallet::add_agent), [`remove_agent`](Pallet::remove_agent) | the issuer |
//! | [`transfer`](Pallet::transfer) | a holder, where the rules allow peer-to-peer transfers |
//!
//! A call refused by the compliance check fails with the pallet error named after the first
//! failing [`Reason`] (for example [`Error::JurisdictionNotAllowed`]); `can_transfer` lists
//! them all.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod compliance;
mod holders;
pub mod isin;
mod ledger;
mod lockups;
#[cfg(test)]
mod mock;
pub mod presets;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

pub use types::*;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
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
	use sp_runtime::traits::{AccountIdConversion, Zero};
	use stledger_primitives::{
		ExchangeRegistry, IdentityId, InvestorRegistry, Moment, Reason, SecurityId, TransferKind,
		MAX_RISK_LEVEL, MIN_RISK_LEVEL,
	};

	#[pallet::pallet]
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

		/// The most lock-up lots one holder may have in one security.
		#[pallet::constant]
		type MaxLots: Get<u32>;

		/// The longest reason recorded with an administrative action (forced transfer, freeze,
		/// pause, recovery), in bytes.
		#[pallet::constant]
		type MaxReasonLength: Get<u32>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// The securities.
	#[pallet::storage]
	pub type Securities<T: Config> = StorageMap<_, Blake2_128Concat, SecurityId, SecurityOf<T>>;

	/// Each security's rules.
	#[pallet::storage]
	pub type SecurityRules<T: Config> = StorageMap<_, Blake2_128Concat, SecurityId, RulesOf<T>>;

	/// The id the next security receives.
	#[pallet::storage]
	pub type NextSecurityId<T: Config> = StorageValue<_, SecurityId, OptionQuery>;

	/// Each security's agents, appointed by the issuer.
	#[pallet::storage]
	pub type Agents<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		SecurityId,
		BoundedVec<T::AccountId, T::MaxAgents>,
		ValueQuery,
	>;

	/// Lock-up lots per security and holder account.
	#[pallet::storage]
	pub type Lots<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<Lot<T::Balance>, T::MaxLots>,
		ValueQuery,
	>;

	/// Accounts frozen whole, per security.
	#[pallet::storage]
	pub type FrozenAccounts<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, SecurityId, Blake2_128Concat, T::AccountId, ()>;

	/// Amounts frozen, per security and account.
	#[pallet::storage]
	pub type FrozenAmounts<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		T::AccountId,
		T::Balance,
		ValueQuery,
	>;

	/// The identity each holding account belonged to when it received the security: holders
	/// are counted per identity even if the account is later unlinked.
	#[pallet::storage]
	pub type HolderIdentity<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		T::AccountId,
		IdentityId,
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

	/// Tokens reserved for resting sell orders on the order book, per security and account:
	/// counted as untouchable like locks, so they cannot move but to fill those orders.
	#[pallet::storage]
	pub type Reserved<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		SecurityId,
		Blake2_128Concat,
		T::AccountId,
		T::Balance,
		ValueQuery,
	>;

	/// Set only inside a forced operation (forced transfer, recovery, redemption): lets
	/// `pallet-assets` move locked or frozen tokens, which the operation then re-accounts.
	#[pallet::storage]
	pub(crate) type ForcingLedger<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// Events of the securities pallet: each state change, with what an auditor needs.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A security was created.
		SecurityCreated {
			/// The security (its asset id).
			security: SecurityId,
			/// The issuer identity.
			issuer: IdentityId,
			/// The creating account.
			creator: T::AccountId,
			/// Its ISIN, if any.
			isin: Option<Isin>,
		},
		/// A security's rules were set.
		RulesSet {
			/// The security.
			security: SecurityId,
			/// The rules in force from now on.
			rules: RulesOf<T>,
		},
		/// An agent was appointed.
		AgentAdded {
			/// The security.
			security: SecurityId,
			/// The agent.
			agent: T::AccountId,
		},
		/// An agent was removed.
		AgentRemoved {
			/// The security.
			security: SecurityId,
			/// The former agent.
			agent: T::AccountId,
		},
		/// Tokens moved after passing the compliance check.
		Transferred {
			/// The security.
			security: SecurityId,
			/// The sender.
			from: T::AccountId,
			/// The receiver.
			to: T::AccountId,
			/// How many tokens.
			amount: T::Balance,
			/// Peer to peer or on which venue.
			kind: TransferKind,
		},
		/// Tokens were issued.
		Issued {
			/// The security.
			security: SecurityId,
			/// The receiver.
			to: T::AccountId,
			/// How many tokens.
			amount: T::Balance,
			/// Locked until then, if at all.
			locked_until: Option<Moment>,
		},
		/// Tokens were redeemed (burnt) by the issuer.
		Redeemed {
			/// The security.
			security: SecurityId,
			/// The holder.
			from: T::AccountId,
			/// How many tokens.
			amount: T::Balance,
		},
		/// The security was paused: nothing moves but forced transfers.
		Paused {
			/// The security.
			security: SecurityId,
			/// Why (a court order or regulator reference, a suspected fraud, a lost key…).
			reason: BoundedVec<u8, T::MaxReasonLength>,
		},
		/// The security was unpaused.
		Unpaused {
			/// The security.
			security: SecurityId,
			/// Why (a court order or regulator reference, a suspected fraud, a lost key…).
			reason: BoundedVec<u8, T::MaxReasonLength>,
		},
		/// An account was frozen whole: it can neither send nor receive the security.
		AccountFrozen {
			/// The security.
			security: SecurityId,
			/// The account.
			account: T::AccountId,
			/// Why (a court order or regulator reference, a suspected fraud, a lost key…).
			reason: BoundedVec<u8, T::MaxReasonLength>,
		},
		/// An account was unfrozen.
		AccountUnfrozen {
			/// The security.
			security: SecurityId,
			/// The account.
			account: T::AccountId,
			/// Why (a court order or regulator reference, a suspected fraud, a lost key…).
			reason: BoundedVec<u8, T::MaxReasonLength>,
		},
		/// The amount frozen in an account was set (zero: none).
		FrozenAmountSet {
			/// The security.
			security: SecurityId,
			/// The account.
			account: T::AccountId,
			/// The amount that cannot move.
			amount: T::Balance,
			/// Why (a court order or regulator reference, a suspected fraud, a lost key…).
			reason: BoundedVec<u8, T::MaxReasonLength>,
		},
		/// Tokens were moved by force, with the recorded reason.
		ForcedTransfer {
			/// The security.
			security: SecurityId,
			/// Taken from.
			from: T::AccountId,
			/// Given to.
			to: T::AccountId,
			/// How many tokens.
			amount: T::Balance,
			/// Why (a court order reference, an error correction…).
			reason: BoundedVec<u8, T::MaxReasonLength>,
		},
		/// A lost account's holding (balance, lots, freezes) moved to another account of the
		/// same identity.
		Recovered {
			/// The security.
			security: SecurityId,
			/// The lost account.
			lost: T::AccountId,
			/// The account that now holds.
			new: T::AccountId,
			/// How many tokens moved.
			amount: T::Balance,
			/// Why (a court order or regulator reference, a suspected fraud, a lost key…).
			reason: BoundedVec<u8, T::MaxReasonLength>,
		},
	}

	/// Why a securities call was refused. The compliance variants (from
	/// `InsufficientBalance` on) carry the meaning of the [`Reason`] of the same name.
	#[pallet::error]
	pub enum Error<T> {
		/// No security has this id.
		UnknownSecurity,
		/// Only the issuer (any account of its identity) or an agent may do this.
		NotAdministrator,
		/// Only the issuer (any account of its identity) may do this.
		NotIssuer,
		/// The creator must be an attested investor identity.
		IssuerNotAttested,
		/// The ISIN's format or check digit is wrong.
		InvalidIsin,
		/// The name or symbol is empty.
		EmptyName,
		/// The risk rating is outside 1 to 5.
		InvalidRiskRating,
		/// A jurisdiction in the rules is not two upper-case letters.
		InvalidJurisdiction,
		/// A holder limit or the minimum holding is zero.
		InvalidLimit,
		/// The next asset id is already in use in `pallet-assets`.
		AssetIdTaken,
		/// No more security ids.
		NoMoreIds,
		/// The account is already an agent.
		AlreadyAgent,
		/// The account is not an agent.
		NotAgent,
		/// The security has the most agents allowed.
		TooManyAgents,
		/// The holder already has the most lock-up lots allowed; wait until some unlock.
		TooManyLots,
		/// The lock-up date is not in the future.
		LockupInPast,
		/// The security is already paused.
		AlreadyPaused,
		/// The security is not paused.
		NotPaused,
		/// The account is already frozen.
		AlreadyFrozen,
		/// The account is not frozen.
		NotFrozen,
		/// The lost and new accounts are the same.
		SameAccount,
		/// The new account does not belong to the lost account's identity.
		NotSameIdentity,
		/// The lost account holds nothing of this security.
		NothingToRecover,
		/// Redeeming more than the holder has.
		RedeemExceedsBalance,
		/// The sender's balance is smaller than the amount.
		InsufficientBalance,
		/// The amount is zero.
		ZeroAmount,
		/// The issuer paused the security.
		SecurityPaused,
		/// Part of the sender's balance is locked up or frozen.
		TokensLocked,
		/// The sender's account is frozen for this security.
		SenderFrozen,
		/// The receiver's account is frozen for this security.
		ReceiverFrozen,
		/// The receiver has no valid attestation (ask `can_transfer` or the attestation API why).
		ReceiverNotEligible,
		/// The receiver's jurisdiction is not among those the security allows.
		JurisdictionNotAllowed,
		/// The receiver's jurisdiction is one the security denies.
		JurisdictionDenied,
		/// The receiver's investor class is not allowed.
		ClassNotAllowed,
		/// None of the receiver's attestors is trusted by the security.
		AttestorNotTrusted,
		/// The security's risk rating is above the receiver's risk tolerance.
		Unsuitable,
		/// The security has the most holders allowed.
		HolderLimitReached,
		/// The security has the most holders of the receiver's class allowed.
		ClassHolderLimitReached,
		/// The receiver would own more than the maximum share of the supply.
		OwnershipLimitExceeded,
		/// The receiver would hold, or the sender keep, less than the minimum holding.
		BelowMinimumHolding,
		/// Transfers to the receiver's jurisdiction are restricted for now.
		JurisdictionRestricted,
		/// The security trades on licensed venues only.
		PeerToPeerNotAllowed,
		/// The venue may not trade this security.
		VenueNotAllowed,
	}

	impl<T> From<Reason> for Error<T> {
		fn from(reason: Reason) -> Self {
			match reason {
				Reason::UnknownSecurity => Error::UnknownSecurity,
				Reason::InsufficientBalance => Error::InsufficientBalance,
				Reason::ZeroAmount => Error::ZeroAmount,
				Reason::SecurityPaused => Error::SecurityPaused,
				Reason::TokensLocked => Error::TokensLocked,
				Reason::SenderFrozen => Error::SenderFrozen,
				Reason::ReceiverFrozen => Error::ReceiverFrozen,
				Reason::ReceiverNotEligible(_) => Error::ReceiverNotEligible,
				Reason::JurisdictionNotAllowed => Error::JurisdictionNotAllowed,
				Reason::JurisdictionDenied => Error::JurisdictionDenied,
				Reason::ClassNotAllowed => Error::ClassNotAllowed,
				Reason::AttestorNotTrusted => Error::AttestorNotTrusted,
				Reason::Unsuitable => Error::Unsuitable,
				Reason::HolderLimitReached => Error::HolderLimitReached,
				Reason::ClassHolderLimitReached => Error::ClassHolderLimitReached,
				Reason::OwnershipLimitExceeded => Error::OwnershipLimitExceeded,
				Reason::BelowMinimumHolding => Error::BelowMinimumHolding,
				Reason::JurisdictionRestricted => Error::JurisdictionRestricted,
				Reason::PeerToPeerNotAllowed => Error::PeerToPeerNotAllowed,
				Reason::VenueNotAllowed => Error::VenueNotAllowed,
			}
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Create a security: a new `pallet-assets` asset administered by this pallet, with the
		/// caller's identity as issuer and the rules of `preset` (none: no restriction).
		///
		/// Origin: signed by an attested investor (the issuer).
		///
		/// Errors: [`Error::IssuerNotAttested`], [`Error::EmptyName`], [`Error::InvalidIsin`],
		/// [`Error::AssetIdTaken`], [`Error::NoMoreIds`].
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
				},
			);
			let rules =
				preset.map(|preset| presets::rules::<T>(preset, Self::now())).unwrap_or_default();
			SecurityRules::<T>::insert(security, &rules);
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
		/// [`Error::InvalidJurisdiction`], [`Error::InvalidRiskRating`], [`Error::InvalidLimit`].
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
			SecurityRules::<T>::insert(security, &rules);
			Self::deposit_event(Event::RulesSet { security, rules });
			Ok(())
		}

		/// Appoint an agent (a transfer agent, a custodian) with the issuer's powers except
		/// managing agents.
		///
		/// Origin: the issuer.
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
		/// Origin: the issuer.
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
		#[pallet::call_index(4)]
		pub fn transfer(
			origin: OriginFor<T>,
			security: SecurityId,
			to: T::AccountId,
			amount: T::Balance,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			Self::do_transfer(security, &from, &to, amount, TransferKind::PeerToPeer)
		}

		/// Issue new tokens to an eligible investor, optionally locked until `locked_until`
		/// (without one, the rules' issuance lock-up applies, if any).
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::NotAdministrator`], [`Error::LockupInPast`], [`Error::TooManyLots`],
		/// any compliance error for an issuance.
		///
		/// Emits [`Event::Issued`].
		#[pallet::call_index(5)]
		pub fn mint(
			origin: OriginFor<T>,
			security: SecurityId,
			to: T::AccountId,
			amount: T::Balance,
			locked_until: Option<Moment>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_administrator(security, &who)?;
			Self::do_issue(security, &to, amount, locked_until)
		}

		/// Redeem (burn) tokens from a holder, locked or frozen ones included: the issuer buys
		/// back or the security matures. Locks and freezes shrink to what is left.
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::NotAdministrator`], [`Error::ZeroAmount`],
		/// [`Error::RedeemExceedsBalance`].
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
			ensure!(
				!FrozenAccounts::<T>::contains_key(security, &account),
				Error::<T>::AlreadyFrozen
			);
			FrozenAccounts::<T>::insert(security, &account, ());
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
			ensure!(FrozenAccounts::<T>::contains_key(security, &account), Error::<T>::NotFrozen);
			FrozenAccounts::<T>::remove(security, &account);
			Self::deposit_event(Event::AccountUnfrozen { security, account, reason });
			Ok(())
		}

		/// Set how much of an account's balance is frozen (zero: nothing). It may exceed the
		/// balance: tokens received later are frozen up to the amount.
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
			FrozenAmounts::<T>::set(security, &account, amount);
			Self::deposit_event(Event::FrozenAmountSet { security, account, amount, reason });
			Ok(())
		}

		/// Move tokens by force, locked or frozen ones included, with a recorded reason (a
		/// court order, an error correction). The security's rules are skipped; the
		/// receiver must still hold a valid attestation.
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::NotAdministrator`], [`Error::ZeroAmount`],
		/// [`Error::InsufficientBalance`], [`Error::ReceiverNotEligible`].
		///
		/// Emits [`Event::ForcedTransfer`].
		#[pallet::call_index(12)]
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
		/// status move to `new`, another account of the same identity.
		///
		/// Origin: the issuer or an agent.
		///
		/// Errors: [`Error::NotAdministrator`], [`Error::SameAccount`],
		/// [`Error::NotSameIdentity`], [`Error::NothingToRecover`], [`Error::TooManyLots`].
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
	}

	impl<T: Config> Pallet<T> {
		/// The account that administers every security's asset.
		pub fn account_id() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// The chain's time, in ms since the Unix epoch.
		pub fn now() -> Moment {
			T::Time::now().as_millis().try_into().unwrap_or(Moment::MAX)
		}

		/// The issuer identity of `security`.
		fn issuer(security: SecurityId) -> Result<IdentityId, DispatchError> {
			Ok(Securities::<T>::get(security).ok_or(Error::<T>::UnknownSecurity)?.issuer)
		}

		/// Whether `who` is an account of the issuer's identity.
		fn is_issuer(security: SecurityId, who: &T::AccountId) -> Result<bool, DispatchError> {
			Ok(T::Investors::identity_of(who) == Some(Self::issuer(security)?))
		}

		pub(crate) fn ensure_issuer(security: SecurityId, who: &T::AccountId) -> DispatchResult {
			ensure!(Self::is_issuer(security, who)?, Error::<T>::NotIssuer);
			Ok(())
		}

		pub(crate) fn ensure_administrator(
			security: SecurityId,
			who: &T::AccountId,
		) -> DispatchResult {
			ensure!(
				Self::is_issuer(security, who)? || Agents::<T>::get(security).contains(who),
				Error::<T>::NotAdministrator
			);
			Ok(())
		}

		fn set_status(security: SecurityId, status: SecurityStatus) -> DispatchResult {
			Securities::<T>::try_mutate(security, |info| {
				let info = info.as_mut().ok_or(Error::<T>::UnknownSecurity)?;
				ensure!(
					info.status != status,
					if status == SecurityStatus::Paused {
						Error::<T>::AlreadyPaused
					} else {
						Error::<T>::NotPaused
					}
				);
				info.status = status;
				Ok(())
			})
		}

		fn validate_rules(rules: &RulesOf<T>) -> DispatchResult {
			let codes = rules
				.allowed_jurisdictions
				.iter()
				.chain(rules.denied_jurisdictions.iter())
				.chain(rules.allowed_classes.iter().filter_map(|r| r.jurisdiction.as_ref()))
				.chain(rules.restrictions.iter().map(|r| &r.jurisdiction));
			for code in codes {
				ensure!(code.is_well_formed(), Error::<T>::InvalidJurisdiction);
			}
			if let Some(rating) = rules.risk_rating {
				ensure!(
					(MIN_RISK_LEVEL..=MAX_RISK_LEVEL).contains(&rating),
					Error::<T>::InvalidRiskRating
				);
			}
			ensure!(rules.max_holders != Some(0), Error::<T>::InvalidLimit);
			ensure!(rules.min_holding.is_none_or(|min| !min.is_zero()), Error::<T>::InvalidLimit);
			Ok(())
		}

		/// Every reason the movement may not happen, or `Ok` with what settling it needs.
		/// See [`compliance`](crate::compliance).
		pub fn can_transfer(
			security: SecurityId,
			from: Option<&T::AccountId>,
			to: &T::AccountId,
			amount: T::Balance,
			kind: TransferKind,
		) -> Result<(), Vec<Reason>> {
			Self::check(security, from, to, amount, kind).map(|_| ())
		}

		/// The holder counts of a security.
		pub fn holder_counts(security: SecurityId) -> HolderCounts {
			Holders::<T>::get(security)
		}

		/// The balance of `who` in `security`.
		pub fn balance(security: SecurityId, who: &T::AccountId) -> T::Balance {
			T::Assets::balance(security, who)
		}
	}
}
