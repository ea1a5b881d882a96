//! # Offerings pallet: the primary market of a security
//!
//! An issuer (or its agent) sells new tokens of a security for a cash asset: investors
//! subscribe with cash held in escrow; at close, if the soft cap is met, settlement mints each
//! eligible subscriber's tokens (with the offering's lock-up) and pays the issuer if what is
//! issued meets the soft cap (an offering of at most [`Config::MaxSettlementBatch`]
//! subscribers is settled in one call, decided on the issuances themselves; a larger one
//! issues each subscriber its tokens held first, then releases or burns them); otherwise it
//! refunds everyone. Every token minted goes through the securities pallet's compliance check
//! (as an issuance), at subscription and again at settlement.
//!
//! ## Model
//!
//! - **Settlement assets**: the cash assets (`pallet-assets` assets, not securities) offerings
//!   may be paid in, registered by the consortium.
//! - **Offering** ([`Offering`]): security, cash asset, [`Terms`] (price, hard and soft cap,
//!   window, withdrawal deadline, minimum and maximum per identity, eligibility narrowing by
//!   regime preset, jurisdiction and class, per-class limits, lock-up), status, and running totals. Several
//!   offerings of one security may run side by side (a Reg D tranche and a Reg S tranche).
//! - **Escrow**: each offering has its own account (derived from [`Config::PalletId`] and the
//!   offering id) holding the cash of its open subscriptions, of the refunds and of the
//!   issuer's proceeds settlement could not pay yet.
//! - **Subscription** ([`Subscription`]): per account, with the identity it belongs to, its
//!   place in settlement order, tokens, cash paid and, once settled, its [`Outcome`]. An
//!   identity subscribes to an offering through one of its accounts (release 118), so
//!   settlement issues or refunds it whole: it never ends below the minimum per investor
//!   because one of two accounts stopped qualifying. Per-identity totals ([`Invested`])
//!   enforce the limits (over every account of an identity that subscribed before release
//!   118).
//! - **Binding subscriptions**: from `withdraw_until` a subscription is binding, and before
//!   it the way out is `withdraw`; so until its subscriptions are settled
//!   ([`UnsettledSubscriptions`]), an account cannot leave its identity, and the identity
//!   cannot dismiss an attestor that attests it, invite one, or be attested by a new one
//!   (`pallet-attestation` refuses each, `SubscriptionsUnsettled`); and the claim a
//!   subscription rests on must count until a week after the end ([`SETTLEMENT_MARGIN`]): a
//!   subscriber made ineligible by its own act before its issuance would be refunded,
//!   backing out. Likewise, while an identity has an unsettled subscription to an offering
//!   of a security ([`UnsettledSubscribers`]), no movement ends its holding of that security
//!   (`pallet-securities` refuses it, `SenderCommittedToSubscription`,
//!   `HoldingCommittedToSubscription`): its subscription was judged with that holding (no new
//!   holder under a holder cap, a top-up meeting the minimum holding), and selling out
//!   before its issuance would refund it.
//!
//! ## Price and rounding
//!
//! `price` is cash (smallest units) per whole token. Buying `t` smallest units of a security
//! with `d` decimals costs `⌈t × price / 10^d⌉`: rounded up, never in the investor's favour.
//!
//! ## Lifecycle
//!
//! `create_offering` → (before `start`: `cancel_offering`) → between `start` and `end`:
//! `subscribe`, and before `withdraw_until`: `withdraw` → after `end`: `close` (anyone); or
//! once the hard cap is reached and `withdraw_until` has passed: `close` early (the issuer or
//! an agent only: nobody else may end an offering before its `end`, nor anyone cut the
//! subscribers' withdrawal window) → `settle` in bounded batches (anyone) until every
//! subscription is settled: if the soft cap was met at close (the offering is
//! [`OfferingStatus::Verifying`]), an offering of at most [`Config::MaxSettlementBatch`]
//! subscribers is settled in one call that issues to every eligible subscriber and keeps it
//! only if the tokens issued meet the soft cap (otherwise it refunds everyone); a larger one
//! first issues each subscriber its tokens held in batches (nothing moves held tokens),
//! refunding those that cannot receive them, and succeeds only if what was issued meets the
//! soft cap ([`Event::SubscriptionsVerified`]); then it releases the held tokens and pays the
//! issuer, or burns them and refunds.
//!
//! ## Calls
//!
//! | call | origin |
//! |---|---|
//! | [`register_settlement_asset`](Pallet::register_settlement_asset), [`deregister_settlement_asset`](Pallet::deregister_settlement_asset) | the consortium |
//! | [`create_offering`](Pallet::create_offering), [`cancel_offering`](Pallet::cancel_offering) | the security's issuer or an agent |
//! | [`subscribe`](Pallet::subscribe), [`withdraw`](Pallet::withdraw) | an investor |
//! | [`close`](Pallet::close) | anyone after `end`; before it (hard cap reached, withdrawals over) the issuer or an agent |
//! | [`settle`](Pallet::settle), [`claim_refund`](Pallet::claim_refund), [`claim_proceeds`](Pallet::claim_proceeds) | anyone: each only moves cash to whom it is owed |

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod creation;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod runtime_api;
mod settlement;
mod subscription;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

pub use settlement::SettlementsHolding;
pub use types::*;

/// How long after an offering's `end` the claim a subscription rests on must still count
/// (ms): a week. Settlement starts at the end (anyone may close and settle), and a
/// subscriber whose attestation lapsed before its turn would be refunded, backing out of a
/// binding subscription by not renewing its KYC; `subscribe` refuses a claim expiring
/// sooner ([`Error::AttestationExpiresBeforeEnd`]).
pub const SETTLEMENT_MARGIN: stledger_primitives::Moment = 7 * 24 * 60 * 60 * 1000;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungibles, tokens::Balance as BalanceTrait, UnixTime},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use stledger_primitives::{
		IdentityId, InvestorRegistry, Moment, Reason, SecuritiesLedger, SecurityId,
	};

	/// The layout of this pallet's storage. Raise it with every change of layout, with a
	/// migration from the previous one (docs/upgrading.md).
	///
	/// 2 (release 129): [`UnsettledSubscriptions`] indexes the subscriptions not yet settled
	/// ([`migrations::v2`]).
	/// 3 (release 131): [`UnsettledSubscribers`] counts them by security and identity
	/// ([`migrations::v3`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// How long after an offering's `end` the claim a subscription rests on must still
		/// count, in ms ([`SETTLEMENT_MARGIN`](crate::SETTLEMENT_MARGIN), a week): clients
		/// renew an investor's attestation before it subscribes to an offering ending later
		/// than this before its expiry.
		fn settlement_margin() -> Moment {
			crate::SETTLEMENT_MARGIN
		}
	}

	/// Configuration of the offerings pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// A balance: of a security or of a cash asset (both `pallet-assets` assets).
		type Balance: BalanceTrait + From<u64> + TypeInfo + MaxEncodedLen + DecodeWithMemTracking;

		/// `pallet-assets`: the cash assets, and the securities' decimals.
		type Assets: fungibles::Inspect<Self::AccountId, AssetId = CashAssetId, Balance = Self::Balance>
			+ fungibles::Mutate<Self::AccountId>
			+ fungibles::Create<Self::AccountId>
			+ fungibles::metadata::Inspect<Self::AccountId>;

		/// The securities ledger: compliance check and issuance.
		type Securities: stledger_primitives::SecuritiesLedger<Self::AccountId, Self::Balance>;

		/// Who an account is: identities for the per-investor limits.
		type Investors: InvestorRegistry<Self::AccountId>;

		/// The consortium (registers settlement assets).
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The chain's clock (windows, deadlines).
		type Time: UnixTime;

		/// Derives each offering's escrow account.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The most jurisdictions in each of an offering's lists.
		#[pallet::constant]
		type MaxJurisdictions: Get<u32>;

		/// The most subscriptions one `settle` call processes.
		#[pallet::constant]
		type MaxSettlementBatch: Get<u32>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// The cash assets offerings may be paid in.
	#[pallet::storage]
	pub type SettlementAssets<T: Config> = StorageMap<_, Blake2_128Concat, CashAssetId, ()>;

	/// The offerings.
	#[pallet::storage]
	pub type Offerings<T: Config> = StorageMap<_, Blake2_128Concat, OfferingId, OfferingOf<T>>;

	/// The id the next offering receives.
	#[pallet::storage]
	pub type NextOfferingId<T: Config> = StorageValue<_, OfferingId, ValueQuery>;

	/// Each account's subscription to each offering.
	#[pallet::storage]
	pub type Subscriptions<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		OfferingId,
		Blake2_128Concat,
		T::AccountId,
		Subscription<T::Balance>,
	>;

	/// The subscribing accounts of each offering, in settlement order (0, 1, …).
	#[pallet::storage]
	pub type SubscriberAt<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, OfferingId, Twox64Concat, u32, T::AccountId>;

	/// Tokens each identity subscribed to in each offering, over all its accounts.
	#[pallet::storage]
	pub type Invested<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		OfferingId,
		Twox64Concat,
		IdentityId,
		T::Balance,
		ValueQuery,
	>;

	/// Offerings too large to settle at once whose settlement issues each subscriber's tokens
	/// held before deciding the soft cap (release 128), then releases or burns them; removed
	/// once settled. An offering of that size closed before release 128 and decided is
	/// settled as then (each subscriber issued in the second pass).
	#[pallet::storage]
	pub type SettlingWithHolds<T: Config> = StorageMap<_, Blake2_128Concat, OfferingId, ()>;

	/// The subscriptions not yet settled (neither delivered nor refunded), by subscribing
	/// account: while it has one, an account stays linked to its identity and the identity
	/// keeps its attestors and takes no new one (`pallet-attestation` asks through
	/// [`SubscriptionCommitments`](stledger_primitives::SubscriptionCommitments)), so that no
	/// subscriber backs out of a subscription it may no longer withdraw by making itself
	/// ineligible before its issuance. Added at subscription, removed by `withdraw` and as
	/// settlement records the outcome.
	#[pallet::storage]
	pub type UnsettledSubscriptions<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, OfferingId, ()>;

	/// How many subscriptions each identity has not yet settled to offerings of each security
	/// (a key only while at least one): while it has one, no movement ends the identity's
	/// holding of the security (`pallet-securities` asks through
	/// [`SubscriptionCommitments`](stledger_primitives::SubscriptionCommitments)), because
	/// its subscription was judged with that holding (as no new holder under a holder cap, a
	/// top-up meeting the minimum holding): selling out before its issuance would refund it,
	/// a way out of a subscription it may no longer withdraw (helper-83). Kept with
	/// [`UnsettledSubscriptions`], under the identity the subscription was made for.
	#[pallet::storage]
	pub type UnsettledSubscribers<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, SecurityId, Twox64Concat, IdentityId, u32>;

	/// Settlement assets from genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Cash assets offerings may be paid in from genesis.
		pub settlement_assets: Vec<CashAssetId>,
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for asset in &self.settlement_assets {
				SettlementAssets::<T>::insert(asset, ());
			}
		}
	}

	/// Events of the offerings pallet: each state change, with what an auditor needs.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A cash asset may now pay for offerings.
		SettlementAssetRegistered {
			/// The cash asset.
			asset: CashAssetId,
		},
		/// A cash asset may no longer pay for new offerings (running ones keep it).
		SettlementAssetDeregistered {
			/// The cash asset.
			asset: CashAssetId,
		},
		/// An offering was created.
		OfferingCreated {
			/// The offering.
			offering: OfferingId,
			/// The security it sells.
			security: SecurityId,
			/// The cash asset it is paid in.
			cash: CashAssetId,
			/// The creating account (issuer or agent).
			creator: T::AccountId,
			/// Where the proceeds go.
			proceeds_to: T::AccountId,
			/// Its terms.
			terms: TermsOf<T>,
		},
		/// An offering was cancelled before it started.
		OfferingCancelled {
			/// The offering.
			offering: OfferingId,
			/// Who cancelled it.
			by: T::AccountId,
		},
		/// An investor subscribed; the cash is in escrow.
		Subscribed {
			/// The offering.
			offering: OfferingId,
			/// The subscribing account.
			who: T::AccountId,
			/// Its identity.
			identity: IdentityId,
			/// Tokens asked for.
			requested: T::Balance,
			/// Tokens allotted (less than asked at the hard cap or a class limit).
			tokens: T::Balance,
			/// Cash moved into escrow.
			paid: T::Balance,
		},
		/// An investor withdrew a subscription; the cash came back in full.
		Withdrawn {
			/// The offering.
			offering: OfferingId,
			/// The account.
			who: T::AccountId,
			/// Tokens no longer subscribed.
			tokens: T::Balance,
			/// Cash returned.
			refunded: T::Balance,
		},
		/// An offering closed.
		OfferingClosed {
			/// The offering.
			offering: OfferingId,
			/// Whether the subscriptions met the soft cap: if they did, settlement decides it
			/// again on what can be issued, and [`Event::SubscriptionsVerified`] says whether
			/// that still meets it (only then are tokens kept).
			succeeded: bool,
			/// Tokens sold.
			sold: T::Balance,
			/// Cash raised.
			raised: T::Balance,
			/// Subscriptions to settle.
			subscribers: u32,
		},
		/// A subscriber received its tokens; its cash went to the issuer.
		TokensDelivered {
			/// The offering.
			offering: OfferingId,
			/// The subscriber.
			who: T::AccountId,
			/// Tokens minted.
			tokens: T::Balance,
			/// Cash paid to the issuer.
			paid: T::Balance,
		},
		/// The offering failed: a subscriber got its cash back.
		SubscriptionRefunded {
			/// The offering.
			offering: OfferingId,
			/// The subscriber.
			who: T::AccountId,
			/// Cash returned.
			refunded: T::Balance,
		},
		/// A subscriber could no longer receive the security at settlement: refunded, not
		/// minted.
		IneligibleSubscriberRefunded {
			/// The offering.
			offering: OfferingId,
			/// The subscriber.
			who: T::AccountId,
			/// Cash returned.
			refunded: T::Balance,
			/// Every reason the compliance check gave.
			reasons: Vec<Reason>,
		},
		/// A refund could not be paid (the subscriber's cash account cannot receive): it stays
		/// in escrow until `claim_refund`.
		RefundDeferred {
			/// The offering.
			offering: OfferingId,
			/// The subscriber.
			who: T::AccountId,
			/// Cash kept in escrow for the subscriber.
			amount: T::Balance,
			/// Why the subscriber was refunded rather than minted, if it was ineligible.
			reasons: Vec<Reason>,
		},
		/// Proceeds could not be paid to the issuer's proceeds account (it cannot receive the
		/// cash asset now): they stay in escrow until `claim_proceeds`.
		ProceedsDeferred {
			/// The offering.
			offering: OfferingId,
			/// The proceeds account.
			to: T::AccountId,
			/// Cash kept in escrow for the issuer.
			amount: T::Balance,
		},
		/// Deferred proceeds were paid to the issuer.
		ProceedsClaimed {
			/// The offering.
			offering: OfferingId,
			/// The proceeds account.
			to: T::AccountId,
			/// Cash paid.
			amount: T::Balance,
		},
		/// Every subscription of an offering is settled.
		OfferingSettled {
			/// The offering.
			offering: OfferingId,
		},
		/// A subscriber's account no longer belonged to the identity that subscribed through
		/// it at settlement (unlinked, or linked to another identity): nothing is issued to
		/// an identity the offering did not sell to; [`Event::IneligibleSubscriberRefunded`]
		/// (no compliance reason) or [`Event::RefundDeferred`] follows.
		SubscriberLeftIdentity {
			/// The offering.
			offering: OfferingId,
			/// The subscribing account.
			who: T::AccountId,
			/// The identity that subscribed.
			subscribed_as: IdentityId,
			/// The identity the account belongs to now, if any.
			belongs_to: Option<IdentityId>,
		},
		/// Settlement could not issue a subscriber's tokens although it passes every rule of
		/// the security and the offering (the securities pallet's error: no room for another
		/// lock-up lot, `TooManyLots`, say): [`Event::IneligibleSubscriberRefunded`] (no
		/// compliance reason) or [`Event::RefundDeferred`] follows.
		IssuanceFailed {
			/// The offering.
			offering: OfferingId,
			/// The subscriber.
			who: T::AccountId,
			/// Why the issuance failed.
			error: DispatchError,
		},
		/// Settlement decided the soft cap of an offering that met it at close. Settled at
		/// once (at most [`Config::MaxSettlementBatch`] subscribers), on the tokens it issued:
		/// if they meet it, the issuances stand (their events come before this one),
		/// otherwise they were undone and every subscriber is refunded next. Settled in
		/// batches (release 128), on the tokens issued held to every subscriber that could
		/// receive them: it succeeds (their tokens are released next) only if they meet it,
		/// otherwise they are burned and every remaining subscriber refunded.
		SubscriptionsVerified {
			/// The offering.
			offering: OfferingId,
			/// Whether the soft cap is met.
			succeeded: bool,
			/// Tokens issued, or (in batches) held by the eligible subscriptions.
			sold: T::Balance,
			/// Cash the subscriptions counted in `sold` paid.
			raised: T::Balance,
		},
	}

	/// Errors of the offerings pallet. Nothing changes when a call fails. A subscriber the
	/// compliance check refuses gets the securities pallet's error for the exact reason
	/// (for example `securities.JurisdictionRestricted`), not one of these.
	#[pallet::error]
	pub enum Error<T> {
		/// No offering has this id.
		UnknownOffering,
		/// The asset does not exist, or is a security: it cannot be cash.
		NotCashAsset,
		/// The asset is already a settlement asset.
		AlreadySettlementAsset,
		/// The cash asset is not a registered settlement asset.
		NotSettlementAsset,
		/// The caller is neither the security's issuer nor one of its agents.
		NotAdministrator,
		/// The proceeds account does not belong to the security's issuer.
		ProceedsNotToIssuer,
		/// The price is zero.
		ZeroPrice,
		/// The hard cap is zero.
		ZeroCap,
		/// The soft cap is above the hard cap.
		SoftCapAboveHardCap,
		/// The end is not after the start.
		EndBeforeStart,
		/// The end has already passed.
		EndInPast,
		/// The withdrawal deadline is after the end.
		WithdrawalAfterEnd,
		/// The minimum per investor is above the maximum, above a class's limit, or above the
		/// hard cap.
		MinimumAboveMaximum,
		/// A jurisdiction code is not two upper-case letters.
		MalformedJurisdiction,
		/// A jurisdiction or class appears twice in a list.
		DuplicateEntry,
		/// The offering has not started yet.
		NotStarted,
		/// The offering's subscription window has ended.
		Ended,
		/// The offering was cancelled.
		OfferingCancelled,
		/// The offering is closed.
		OfferingClosed,
		/// The hard cap is reached: nothing left to subscribe to.
		SoldOut,
		/// The amount is zero.
		ZeroAmount,
		/// The identity's subscriptions (all its accounts) would stay below the minimum.
		BelowMinimum,
		/// The identity's subscriptions (all its accounts) would exceed the maximum.
		AboveMaximum,
		/// The identity already subscribed as much as its class may.
		ClassLimitReached,
		/// The account does not hold enough of the cash asset (keeping its minimum balance).
		InsufficientCash,
		/// The payment would be below the cash asset's minimum balance.
		BelowCashMinimum,
		/// The investor's jurisdiction is not one this offering is made in.
		JurisdictionNotInOffering,
		/// The investor's class is not one this offering is made to.
		ClassNotInOffering,
		/// The account now belongs to another identity than when it first subscribed.
		IdentityChanged,
		/// Only before the offering starts.
		AlreadyStarted,
		/// The offering is still open: its end has not passed, and its hard cap is not reached.
		StillOpen,
		/// The offering is already closed.
		AlreadyClosed,
		/// The offering is not closed yet.
		NotClosed,
		/// Every subscription is already settled.
		AlreadySettled,
		/// The account has no subscription to this offering.
		NoSubscription,
		/// Subscriptions can no longer be withdrawn.
		WithdrawalClosed,
		/// The account has no refund waiting in escrow.
		NoRefundPending,
		/// A settlement batch must process at least one subscription.
		ZeroBatch,
		/// The lock-up must end after the subscription window (or be none).
		LockupBeforeEnd,
		/// The offering owes its issuer no deferred proceeds.
		NoProceedsPending,
		/// An amount overflowed.
		Overflow,
		/// Fewer tokens are left to allot (under the hard cap, or the investor's class limit)
		/// than would bring the identity's subscriptions to the minimum per investor.
		RemainderBelowMinimum,
		/// The identity's other accounts would keep less than the minimum per investor:
		/// withdraw their subscriptions first (only subscriptions made before release 118: an
		/// identity now subscribes through one account).
		WithdrawalBelowMinimum,
		/// The identity already subscribed to this offering through another of its accounts:
		/// top up with that account (an identity is issued or refunded whole).
		IdentitySubscribedThroughAnotherAccount,
		/// The hard cap is reached before the end, but the subscribers may still withdraw:
		/// the offering may be closed early only from its `withdraw_until`.
		WithdrawalsOpen,
		/// The lock-up ends more than ten years
		/// ([`stledger_primitives::MAX_ISSUANCE_LOCKUP`]) after the subscription window.
		LockupTooLong,
		/// An offering of at most [`Config::MaxSettlementBatch`] subscribers is settled in
		/// one call (its soft cap decided on what is issued): ask for at least its
		/// `subscribers`.
		BatchTooSmall,
		/// The claim the investor's profile rests on (as the security sees it) expires before
		/// a week ([`SETTLEMENT_MARGIN`]) after the offering ends: a subscription binds until
		/// settled, and a lapsed attestation would be refunded then. Have the attestor renew
		/// it first.
		AttestationExpiresBeforeEnd,
		/// The account holds tokens of the security still counted under an identity it has
		/// left (it was relinked while holding): issued to it, they would leave that identity,
		/// which a subscription of that identity may forbid at settlement (release 131). The
		/// account sends some of them to itself first, which counts them under its identity.
		HoldingCountedUnderAnotherIdentity,
		/// The subscriber's identity holds tokens of the security held for an offering's
		/// settlement (issued, not yet released or burned), which that offering burns if its
		/// raise fails: the subscription would be judged with tokens it may not keep (release
		/// 132). It subscribes once they are released (`securities.HeldReleased`) or burned
		/// (anyone may call `offerings.settle` on the offering holding them).
		HoldingAwaitsSettlement,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			// Escrows are sub-accounts of the pallet id: an account id too short to hold the
			// offering id would give every offering the same escrow.
			assert!(
				Self::escrow(0) != Self::escrow(1) && Self::escrow(1) != Self::escrow(u32::MAX),
				"offering escrow accounts must be distinct: the AccountId is too short"
			);
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Let `asset` pay for offerings.
		///
		/// Origin: the consortium. Errors: [`Error::NotCashAsset`] (no such asset, or a
		/// security), [`Error::AlreadySettlementAsset`]. Event:
		/// [`Event::SettlementAssetRegistered`].
		#[pallet::call_index(0)]
		pub fn register_settlement_asset(
			origin: OriginFor<T>,
			asset: CashAssetId,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			ensure!(
				<T::Assets as fungibles::Inspect<_>>::asset_exists(asset)
					&& T::Securities::issuer(asset).is_none(),
				Error::<T>::NotCashAsset
			);
			ensure!(
				!SettlementAssets::<T>::contains_key(asset),
				Error::<T>::AlreadySettlementAsset
			);
			SettlementAssets::<T>::insert(asset, ());
			Self::deposit_event(Event::SettlementAssetRegistered { asset });
			Ok(())
		}

		/// Stop `asset` paying for new offerings; running offerings keep it.
		///
		/// Origin: the consortium. Errors: [`Error::NotSettlementAsset`]. Event:
		/// [`Event::SettlementAssetDeregistered`].
		#[pallet::call_index(1)]
		pub fn deregister_settlement_asset(
			origin: OriginFor<T>,
			asset: CashAssetId,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			ensure!(SettlementAssets::<T>::contains_key(asset), Error::<T>::NotSettlementAsset);
			SettlementAssets::<T>::remove(asset);
			Self::deposit_event(Event::SettlementAssetDeregistered { asset });
			Ok(())
		}

		/// Offer new tokens of `security` for `cash` on `terms`; proceeds go to `proceeds_to`.
		///
		/// Origin: the security's issuer or an agent. Errors: [`Error::NotAdministrator`],
		/// [`Error::NotSettlementAsset`], [`Error::ProceedsNotToIssuer`], [`Error::ZeroPrice`],
		/// [`Error::ZeroCap`], [`Error::SoftCapAboveHardCap`], [`Error::EndBeforeStart`],
		/// [`Error::EndInPast`], [`Error::WithdrawalAfterEnd`], [`Error::LockupBeforeEnd`],
		/// [`Error::LockupTooLong`],
		/// [`Error::MinimumAboveMaximum`], [`Error::MalformedJurisdiction`],
		/// [`Error::DuplicateEntry`]. Event: [`Event::OfferingCreated`].
		#[pallet::call_index(2)]
		pub fn create_offering(
			origin: OriginFor<T>,
			security: SecurityId,
			cash: CashAssetId,
			terms: TermsOf<T>,
			proceeds_to: T::AccountId,
		) -> DispatchResult {
			let creator = ensure_signed(origin)?;
			Self::do_create(creator, security, cash, terms, proceeds_to)
		}

		/// Cancel an offering before it starts.
		///
		/// Origin: the security's issuer or an agent. Errors: [`Error::UnknownOffering`],
		/// [`Error::NotAdministrator`], [`Error::OfferingCancelled`], [`Error::AlreadyStarted`].
		/// Event: [`Event::OfferingCancelled`].
		#[pallet::call_index(3)]
		pub fn cancel_offering(origin: OriginFor<T>, offering: OfferingId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(who, offering)
		}

		/// Subscribe to `amount` tokens (smallest units), paying their price into escrow. At
		/// the hard cap, or the investor's class limit, the subscription is filled in part and
		/// only the part's price is taken. An account may subscribe several times; an identity
		/// subscribes through one of its accounts only.
		///
		/// Origin: an attested investor. Errors: [`Error::UnknownOffering`],
		/// [`Error::OfferingCancelled`], [`Error::OfferingClosed`], [`Error::NotStarted`],
		/// [`Error::Ended`], [`Error::SoldOut`], [`Error::ZeroAmount`], the securities
		/// pallet's error for the first reason the compliance check (or the offering's regime)
		/// refuses the investor, for the amount asked or for what settlement would issue (the
		/// account's whole subscription, after a part fill or a top-up) (`securities.ReceiverNotEligible`, `securities.SecurityPaused`,
		/// `securities.Unsuitable`, `securities.JurisdictionRestricted`, …),
		/// [`Error::JurisdictionNotInOffering`], [`Error::ClassNotInOffering`],
		/// [`Error::AttestationExpiresBeforeEnd`],
		/// [`Error::IdentityChanged`], [`Error::IdentitySubscribedThroughAnotherAccount`],
		/// [`Error::HoldingCountedUnderAnotherIdentity`], [`Error::HoldingAwaitsSettlement`],
		/// [`Error::BelowMinimum`], [`Error::AboveMaximum`], [`Error::ClassLimitReached`],
		/// [`Error::RemainderBelowMinimum`],
		/// [`Error::BelowCashMinimum`], [`Error::InsufficientCash`].
		/// Event: [`Event::Subscribed`].
		#[pallet::call_index(4)]
		pub fn subscribe(
			origin: OriginFor<T>,
			offering: OfferingId,
			amount: T::Balance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_subscribe(who, offering, amount)
		}

		/// Withdraw one's whole subscription before the withdrawal deadline: the cash comes
		/// back in full. What the identity's other accounts keep subscribed (only possible for
		/// subscriptions made before release 118) must still reach the minimum per investor
		/// (or be nothing: withdraw them first).
		///
		/// Origin: the subscriber. Errors: [`Error::UnknownOffering`],
		/// [`Error::NoSubscription`], [`Error::OfferingCancelled`], [`Error::OfferingClosed`],
		/// [`Error::WithdrawalClosed`], [`Error::WithdrawalBelowMinimum`]. Event:
		/// [`Event::Withdrawn`].
		#[pallet::call_index(5)]
		pub fn withdraw(origin: OriginFor<T>, offering: OfferingId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, offering)
		}

		/// Close an offering: after its end, or early once its hard cap is reached and its
		/// withdrawal deadline has passed. If the subscriptions meet the soft cap, settlement
		/// decides it again on what can be issued ([`OfferingStatus::Verifying`]); otherwise
		/// the offering fails. Settlement follows with [`Pallet::settle`].
		///
		/// Origin: anyone signed after `end`. Before it, only the security's issuer or an
		/// agent: a subscriber that took the rest of the hard cap must not end the offering
		/// for everyone else, nor anyone the others' withdrawal window.
		///
		/// Errors: [`Error::UnknownOffering`], [`Error::OfferingCancelled`],
		/// [`Error::AlreadyClosed`], [`Error::StillOpen`] (before `end`, below the hard cap),
		/// [`Error::NotAdministrator`] (before `end`, not the issuer or an agent),
		/// [`Error::WithdrawalsOpen`] (before `withdraw_until`). Event:
		/// [`Event::OfferingClosed`] (and [`Event::OfferingSettled`] with no subscriber).
		#[pallet::call_index(6)]
		pub fn close(origin: OriginFor<T>, offering: OfferingId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close(&who, offering)
		}

		/// Settle up to `max_subscribers` (at most [`Config::MaxSettlementBatch`]) of a closed
		/// offering's subscriptions, in subscription order.
		///
		/// A [`OfferingStatus::Verifying`] offering of at most [`Config::MaxSettlementBatch`]
		/// subscribers is settled whole in one call (`max_subscribers` must be at least its
		/// `subscribers`): each subscriber is issued its tokens in turn, and the issuer paid,
		/// or refunded if it cannot receive them; all of it is kept only if the tokens issued
		/// meet the soft cap, otherwise nothing is issued and every subscriber is refunded
		/// ([`Event::SubscriptionsVerified`] says which, on what was issued). Nothing comes
		/// between a subscriber's check and its issuance, so a raise that succeeds has issued
		/// its soft cap.
		///
		/// A larger verifying offering is settled in two passes (release 128): the first issues
		/// each subscriber its tokens *held* (in the supply, the subscriber a holder, but
		/// nothing moves them: see the securities pallet's settlement holds), in batches,
		/// refunding a subscriber that cannot receive them; once all are handled the soft cap
		/// is decided on what was issued ([`Event::SubscriptionsVerified`]) and the same call
		/// goes on with up to `max_subscribers` more of the second pass, which releases each
		/// one's held tokens with the lock-up and pays the issuer, or burns them and refunds.
		/// Nothing between two calls takes an issuance back. Call again until
		/// [`Event::OfferingSettled`]. One verifying when release 128 came starts its first
		/// pass again from its first subscriber (those refunded before stay settled); one
		/// decided before it issues each subscriber in the second pass, checked again
		/// (refunded if it can no longer receive).
		///
		/// While the security is paused an offering that met its soft cap is not issued to at
		/// all (a pause must not turn a raise into refunds): the call fails with
		/// `securities.SecurityPaused`, nothing changed (releasing or burning held tokens goes
		/// on: it moves nothing).
		///
		/// Origin: anyone signed. Errors: [`Error::UnknownOffering`], [`Error::NotClosed`],
		/// [`Error::OfferingCancelled`], [`Error::AlreadySettled`], [`Error::ZeroBatch`],
		/// [`Error::BatchTooSmall`], `securities.SecurityPaused`. Events per subscriber:
		/// [`Event::TokensDelivered`] (and [`Event::ProceedsDeferred`] when the proceeds
		/// account cannot receive),
		/// [`Event::SubscriptionRefunded`] or [`Event::IneligibleSubscriberRefunded`] (after
		/// [`Event::SubscriberLeftIdentity`] if the account left the identity, or
		/// [`Event::IssuanceFailed`]; or [`Event::RefundDeferred`] when the subscriber's cash
		/// account cannot receive); [`Event::SubscriptionsVerified`] when the soft cap is
		/// decided (settled at once: after the deliveries it was decided on, or before the
		/// refunds); then [`Event::OfferingSettled`] at the end. Settled in two passes, the
		/// securities pallet's `IssuedHeld` for each held issuance, then `HeldReleased` before
		/// each `TokensDelivered` or `HeldBurned` before each `SubscriptionRefunded`.
		#[pallet::call_index(7)]
		#[pallet::weight(Pallet::<T>::settle_weight((*max_subscribers).min(T::MaxSettlementBatch::get())))]
		pub fn settle(
			origin: OriginFor<T>,
			offering: OfferingId,
			max_subscribers: u32,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let processed = Self::do_settle(offering, max_subscribers)?;
			Ok(Some(Self::settle_weight(processed)).into())
		}

		/// Pay `who` a refund settlement had to leave in escrow (its cash account could not
		/// receive then).
		///
		/// Origin: anyone signed. Errors: [`Error::UnknownOffering`], [`Error::NoSubscription`],
		/// [`Error::NoRefundPending`], or the cash asset's error if the account still cannot
		/// receive. Event: [`Event::SubscriptionRefunded`].
		#[pallet::call_index(8)]
		pub fn claim_refund(
			origin: OriginFor<T>,
			offering: OfferingId,
			who: T::AccountId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_claim_refund(offering, who)
		}

		/// Pay the issuer's proceeds account the proceeds settlement had to keep in escrow.
		///
		/// Origin: anyone signed. Errors: [`Error::UnknownOffering`],
		/// [`Error::NoProceedsPending`], or the cash asset's error if the account still cannot
		/// receive. Event: [`Event::ProceedsClaimed`].
		#[pallet::call_index(9)]
		pub fn claim_proceeds(origin: OriginFor<T>, offering: OfferingId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_claim_proceeds(offering)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The chain's time, ms since the Unix epoch.
		pub fn now() -> Moment {
			T::Time::now().as_millis().try_into().unwrap_or(Moment::MAX)
		}

		/// What `settle` charges for `n` subscribers, on the dearest of its paths: in an
		/// offering too large to settle at once, `n` issued held (or each refused once minted
		/// and refunded) and, in the same call, `n` released with the issuer paid (or burned
		/// and refunded), the four combinations measured; or an offering of `n` settled at
		/// once that falls short of its soft cap (each issued and paid, all rolled back, each
		/// refunded; or each issuance refused once minted, rolled back, each re-checked alone
		/// and refunded).
		pub fn settle_weight(n: u32) -> Weight {
			T::WeightInfo::settle(n)
				.max(T::WeightInfo::settle_refunding(n))
				.max(T::WeightInfo::settle_burning(n))
				.max(T::WeightInfo::settle_refunding_burning(n))
				.max(T::WeightInfo::settle_at_once_failing(n))
				.max(T::WeightInfo::settle_at_once_refusing(n))
		}

		/// The escrow account of `offering`.
		pub fn escrow(offering: OfferingId) -> T::AccountId {
			use sp_runtime::traits::AccountIdConversion;
			T::PalletId::get().into_sub_account_truncating(offering)
		}
	}
}

/// What `pallet-attestation` asks before an account leaves its identity, or an identity
/// dismisses, invites or is newly attested by an attestor: one read of the account's first
/// unsettled subscription; and what `pallet-securities` asks before a movement ends an
/// identity's holding: one read.
impl<T: Config> stledger_primitives::SubscriptionCommitments<T::AccountId> for Pallet<T> {
	fn has_unsettled_subscriptions(account: &T::AccountId) -> bool {
		UnsettledSubscriptions::<T>::iter_key_prefix(account).next().is_some()
	}

	fn has_unsettled_subscription_to(
		security: stledger_primitives::SecurityId,
		identity: stledger_primitives::IdentityId,
	) -> bool {
		UnsettledSubscribers::<T>::contains_key(security, identity)
	}
}
