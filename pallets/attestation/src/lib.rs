//! # Attestation pallet: who is this account, legally, right now?
//!
//! No personal data goes on chain. What goes on chain is a trusted attestor's claim about an
//! investor (jurisdiction, class, risk tolerance, KYC and AML passed, until when) and the
//! hash of the evidence the attestor keeps.
//!
//! ## Model
//!
//! - **Attestors** vouch for investors. Every active exchange's operator account is an
//!   attestor for the exchange's licensed jurisdictions, with no registration. Other KYC/AML
//!   providers are registered by the consortium ([`Config::ConsortiumOrigin`]) with the
//!   jurisdictions they may attest for. Suspending or removing an attestor makes its
//!   attestations stop counting at once; they stay in storage until the identity needs
//!   their place (the events keep them for auditors).
//! - **Identities**: one per person or legal entity ([`IdentityId`](stledger_primitives::IdentityId)), with up to
//!   [`Config::MaxAccountsPerIdentity`] accounts. An attestor creates the identity and is its
//!   onboarding attestor. An account joins it with three signatures: the onboarding
//!   attestor's [`propose_link`](Pallet::propose_link), the identity's own consent given by
//!   one of its accounts with [`approve_link`](Pallet::approve_link) (not needed for the first
//!   account), and the new account's [`accept_link`](Pallet::accept_link). So no attestor can
//!   attach a key to an identity it is not the onboarding attestor of, nor add one without
//!   the identity, and nobody can attach another's key. Once an identity's onboarding
//!   attestor is removed, the consortium may appoint another
//!   ([`appoint_onboarding_attestor`](Pallet::appoint_onboarding_attestor)), which attests
//!   the identity only if invited. An account belongs to at most one identity and only it
//!   can [`unlink`](Pallet::unlink) itself, not while it has a subscription to a primary
//!   offering not yet settled ([`Config::Subscriptions`]).
//! - **Attestations**: at most one per (identity, attestor); attesting again replaces it.
//!   An attestation counts while it is not revoked, has not expired (judged against the
//!   chain's timestamp at the moment of the question), its attestor is active and still
//!   licensed for the jurisdiction, and it confirms both KYC and AML. The onboarding attestor
//!   attests its identity freely until the identity dismisses it; another attestor (and a
//!   dismissed onboarding attestor) needs the identity's invitation
//!   ([`invite_attestor`](Pallet::invite_attestor)), so no attestor can rewrite the profile of
//!   an investor it never checked; the identity may also dismiss an attestor
//!   ([`dismiss_attestor`](Pallet::dismiss_attestor)). While any of its accounts has a
//!   subscription not yet settled, an identity keeps its attestations, invites no attestor,
//!   and no attestor that does not attest it yet may attest it (a subscription binds: an
//!   investor must not make itself ineligible before its issuance). An identity holds at most
//!   [`Config::MaxAttestationsPerIdentity`]; when full, attestations that no longer count are
//!   pruned to make room (the events keep their record).
//! - **Profiles** ([`stledger_primitives::InvestorProfile`]): every valid attestation is a
//!   claim; the most recent decides jurisdiction, class and risk tolerance. A security that
//!   names trusted attestors sees only their claims.
//!
//! Other pallets ask through [`stledger_primitives::InvestorRegistry`]; wallets and auditors
//! through the runtime API `AttestationApi::investor_profile`.
//!
//! ## Calls
//!
//! | call | origin |
//! |---|---|
//! | [`register_attestor`](Pallet::register_attestor), [`suspend_attestor`](Pallet::suspend_attestor), [`reinstate_attestor`](Pallet::reinstate_attestor), [`remove_attestor`](Pallet::remove_attestor), [`appoint_onboarding_attestor`](Pallet::appoint_onboarding_attestor) (once the identity's onboarding attestor is removed) | the consortium |
//! | [`create_identity`](Pallet::create_identity), [`attest`](Pallet::attest), [`revoke`](Pallet::revoke) | an active attestor (`attest`: the identity's onboarding attestor unless dismissed, one already attesting it, or one it invited) |
//! | [`propose_link`](Pallet::propose_link) | the identity's onboarding attestor, while active |
//! | [`approve_link`](Pallet::approve_link), [`invite_attestor`](Pallet::invite_attestor), [`dismiss_attestor`](Pallet::dismiss_attestor) | an account of the identity |
//! | [`accept_link`](Pallet::accept_link), [`unlink`](Pallet::unlink) | the account being linked or unlinked |
//! | [`cancel_link`](Pallet::cancel_link) | the account a link was proposed for, or an account of the identity |

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod claims;
mod events;
mod identities;
mod licences;
pub mod migrations;
#[cfg(test)]
mod mock;
mod profile;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

pub use licences::{
	JurisdictionSet, LicenceTable, LicenceTableOf, RegisteredLicence, JURISDICTION_SET_BYTES,
};
pub use types::*;

use frame_support::pallet_macros::import_section;

#[import_section(events::events_and_errors)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::UnixTime};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use stledger_primitives::{
		CountryCode, ExchangeId, ExchangeRegistry, IdentityId, Ineligibility, InvestorClass,
		Moment, SubscriptionCommitments, MAX_RISK_LEVEL, MIN_RISK_LEVEL,
	};

	/// The layout of this pallet's storage. Raise it with every change of layout, with a
	/// migration from the previous one (docs/upgrading.md).
	///
	/// 3 (release 117): each [`PendingLinks`] entry names its proposer
	/// ([`migrations::v3`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the attestation pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who registers, suspends and removes attestors.
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The consortium: its active exchanges attest for their licensed jurisdictions.
		type Exchanges: ExchangeRegistry<Self::AccountId>;

		/// The primary offerings: an account with a subscription not yet settled stays
		/// linked, and its identity keeps its attestors, until it is settled
		/// (`pallet-offerings`).
		type Subscriptions: SubscriptionCommitments<Self::AccountId>;

		/// The chain's clock: expiry is judged against it.
		type Time: UnixTime;

		/// The most accounts one identity may have.
		#[pallet::constant]
		type MaxAccountsPerIdentity: Get<u32>;

		/// The most attestations (hence attestors) one identity may have.
		#[pallet::constant]
		type MaxAttestationsPerIdentity: Get<u32>;

		/// The most jurisdictions a registered attestor may be licensed for.
		#[pallet::constant]
		type MaxJurisdictions: Get<u32>;

		/// The longest attestor name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// The most exchanges whose licences [`Licences`] holds: at least as many as the
		/// consortium admits (`pallet-exchanges`' `MaxExchanges`), or an admission fails.
		#[pallet::constant]
		type MaxExchanges: Get<u32>;

		/// The most registered attestors, active or suspended. Their licences and the
		/// exchanges' are one value ([`Licences`]) every compliance check reads, so this
		/// bounds what each check decodes.
		#[pallet::constant]
		type MaxRegisteredAttestors: Get<u32>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// KYC/AML providers registered by the consortium (exchanges attest without registering).
	#[pallet::storage]
	pub type Attestors<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, AttestorOf<T>>;

	/// Who may attest for which jurisdictions now, in one value: every active exchange's
	/// licence (as `pallet-exchanges` reports it, [`ExchangeLicenceObserver`]) and every
	/// registered attestor's (a copy of [`Attestors`]' jurisdictions and status). A profile
	/// reads it once, not one key per attestation. Written in the same call as what it copies.
	///
	/// [`ExchangeLicenceObserver`]: stledger_primitives::ExchangeLicenceObserver
	#[pallet::storage]
	pub type Licences<T: Config> = StorageValue<_, LicenceTableOf<T>, ValueQuery>;

	/// The id the next identity receives.
	#[pallet::storage]
	pub type NextIdentityId<T: Config> = StorageValue<_, IdentityId, ValueQuery>;

	/// Investor identities and their accounts.
	#[pallet::storage]
	pub type Identities<T: Config> = StorageMap<_, Twox64Concat, IdentityId, IdentityOf<T>>;

	/// The identity each linked account belongs to.
	#[pallet::storage]
	pub type IdentityOfAccount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, IdentityId>;

	/// Links proposed by an identity's onboarding attestor and not yet accepted, by account
	/// and identity: who proposed it, and whether one of the identity's accounts approved.
	/// Proposals of several identities for one account stand side by side (none overwrites
	/// another's approval).
	#[pallet::storage]
	pub type PendingLinks<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		IdentityId,
		PendingLinkOf<T>,
	>;

	/// When the consortium last appointed each identity's onboarding attestor (release 117):
	/// a link proposed before it is never completed.
	#[pallet::storage]
	pub type OnboardingAppointedAt<T: Config> =
		StorageMap<_, Twox64Concat, IdentityId, BlockNumberFor<T>, OptionQuery>;

	/// The attestor each identity invited to attest it (one at a time; used up by its first
	/// attestation).
	#[pallet::storage]
	pub type InvitedAttestor<T: Config> = StorageMap<_, Twox64Concat, IdentityId, T::AccountId>;

	/// The identities that dismissed the attestor that onboarded them: having onboarded them
	/// no longer lets it attest them; it does so again only if invited, like any other
	/// attestor (release 116; dismissals before it were not recorded, and an identity may
	/// dismiss its onboarding attestor again to record one). An onboarding attestor the
	/// consortium appointed is recorded here too (release 117): it never checked the
	/// investor, so it attests only if invited.
	#[pallet::storage]
	pub type OnboardingAttestorDismissed<T: Config> =
		StorageMap<_, Twox64Concat, IdentityId, (), OptionQuery>;

	/// Each identity's attestations, one per attestor (at most
	/// [`Config::MaxAttestationsPerIdentity`]), in one value: an investor's profile is asked
	/// at every compliance check (once per fill on the order book), and is one read.
	#[pallet::storage]
	pub type Attestations<T: Config> = StorageMap<
		_,
		Twox64Concat,
		IdentityId,
		BoundedVec<(T::AccountId, Attestation), T::MaxAttestationsPerIdentity>,
		ValueQuery,
	>;

	/// Attestors, identities and attestations at genesis (demo investors on `local`).
	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// The licence table is exactly what the registries it copies say.
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			let expected = Self::licences_from_registries()
				.map_err(|_| "the registries do not fit the licence table")?;
			ensure!(
				Licences::<T>::get() == expected,
				"the licence table differs from the registries"
			);
			Ok(())
		}
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Registered KYC/AML providers.
		pub attestors: Vec<GenesisAttestor<T::AccountId>>,
		/// Investors: an identity each, with its accounts and one attestation.
		pub investors: Vec<GenesisInvestor<T::AccountId>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for attestor in &self.attestors {
				// `pallet-exchanges` admits its founders first in the ST Ledger runtime; had it
				// come after, its own admission would refuse this account
				// (`OperatorIsAttestor`). Either way one account never holds both roles.
				assert!(
					T::Exchanges::exchange_of_operator(&attestor.account).is_none(),
					"genesis attestor operates an exchange"
				);
				let info = Attestor {
					name: attestor.name.as_bytes().to_vec().try_into().expect("name too long"),
					jurisdictions: attestor
						.jurisdictions
						.clone()
						.try_into()
						.expect("too many jurisdictions"),
					status: AttestorStatus::Active,
				};
				Pallet::<T>::put_attestor(&attestor.account, info)
					.expect("more genesis attestors than MaxRegisteredAttestors");
			}
			// The exchanges' licences: `pallet-exchanges` reports them as it admits its
			// founders (before or after this pallet's genesis); a runtime without it, or a
			// test, has them here. Recording one twice is harmless.
			for (exchange, jurisdictions) in T::Exchanges::active_licences() {
				Licences::<T>::try_mutate(|table| table.set_exchange(exchange, &jurisdictions))
					.expect("more genesis exchanges than MaxExchanges");
			}
			for investor in &self.investors {
				let identity = Pallet::<T>::new_identity(&investor.attestor);
				for account in &investor.accounts {
					Pallet::<T>::link(identity, account).expect("invalid genesis account");
				}
				assert!(
					Pallet::<T>::is_licensed(&investor.attestor, investor.jurisdiction),
					"genesis attestor not licensed for the investor's jurisdiction"
				);
				let attestation = Attestation {
					jurisdiction: investor.jurisdiction,
					class: investor.class,
					risk_tolerance: investor.risk_tolerance,
					kyc_passed: true,
					aml_passed: true,
					issued_at: 0,
					expires_at: investor.expires_at,
					evidence: investor.evidence,
					revoked: None,
					via_exchange: Pallet::<T>::licensing_exchange(
						&investor.attestor,
						investor.jurisdiction,
					),
				};
				Pallet::<T>::store_attestation(identity, &investor.attestor, attestation)
					.expect("invalid genesis attestation");
			}
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Register a KYC/AML provider as an attestor for `jurisdictions`.
		///
		/// Origin: [`Config::ConsortiumOrigin`].
		///
		/// Not an exchange's operator: it attests under its exchange's licence, and a second
		/// role would let it go on attesting while its exchange is suspended.
		///
		/// Errors: [`Error::NotConsortium`], [`Error::AlreadyAttestor`],
		/// [`Error::AttestorOperatesExchange`], [`Error::NoJurisdictions`],
		/// [`Error::InvalidJurisdiction`], [`Error::DuplicateJurisdiction`],
		/// [`Error::TooManyAttestors`].
		///
		/// Emits [`Event::AttestorRegistered`].
		#[pallet::call_index(0)]
		pub fn register_attestor(
			origin: OriginFor<T>,
			attestor: T::AccountId,
			name: BoundedVec<u8, T::MaxNameLength>,
			jurisdictions: BoundedVec<CountryCode, T::MaxJurisdictions>,
		) -> DispatchResult {
			Self::ensure_consortium(origin)?;
			ensure!(!Attestors::<T>::contains_key(&attestor), Error::<T>::AlreadyAttestor);
			ensure!(
				T::Exchanges::exchange_of_operator(&attestor).is_none(),
				Error::<T>::AttestorOperatesExchange
			);
			Self::validate_jurisdictions(&jurisdictions)?;
			Self::put_attestor(
				&attestor,
				Attestor {
					name,
					jurisdictions: jurisdictions.clone(),
					status: AttestorStatus::Active,
				},
			)?;
			Self::deposit_event(Event::AttestorRegistered {
				attestor,
				jurisdictions: jurisdictions.into_inner(),
			});
			Ok(())
		}

		/// Suspend a registered attestor: its attestations stop counting until it is
		/// reinstated.
		///
		/// Origin: [`Config::ConsortiumOrigin`].
		///
		/// Errors: [`Error::NotConsortium`], [`Error::UnknownAttestor`],
		/// [`Error::AlreadySuspended`].
		///
		/// Emits [`Event::AttestorSuspended`].
		#[pallet::call_index(1)]
		pub fn suspend_attestor(origin: OriginFor<T>, attestor: T::AccountId) -> DispatchResult {
			Self::ensure_consortium(origin)?;
			let mut info = Attestors::<T>::get(&attestor).ok_or(Error::<T>::UnknownAttestor)?;
			ensure!(info.status == AttestorStatus::Active, Error::<T>::AlreadySuspended);
			info.status = AttestorStatus::Suspended;
			Self::put_attestor(&attestor, info)?;
			Self::deposit_event(Event::AttestorSuspended { attestor });
			Ok(())
		}

		/// Reinstate a suspended attestor: its attestations count again.
		///
		/// Origin: [`Config::ConsortiumOrigin`].
		///
		/// Errors: [`Error::NotConsortium`], [`Error::UnknownAttestor`],
		/// [`Error::NotSuspended`].
		///
		/// Emits [`Event::AttestorReinstated`].
		#[pallet::call_index(2)]
		pub fn reinstate_attestor(origin: OriginFor<T>, attestor: T::AccountId) -> DispatchResult {
			Self::ensure_consortium(origin)?;
			let mut info = Attestors::<T>::get(&attestor).ok_or(Error::<T>::UnknownAttestor)?;
			ensure!(info.status == AttestorStatus::Suspended, Error::<T>::NotSuspended);
			info.status = AttestorStatus::Active;
			Self::put_attestor(&attestor, info)?;
			Self::deposit_event(Event::AttestorReinstated { attestor });
			Ok(())
		}

		/// Remove a registered attestor. Its attestations stay on record for auditors but no
		/// longer count.
		///
		/// Origin: [`Config::ConsortiumOrigin`].
		///
		/// Errors: [`Error::NotConsortium`], [`Error::UnknownAttestor`].
		///
		/// Emits [`Event::AttestorRemoved`].
		#[pallet::call_index(3)]
		pub fn remove_attestor(origin: OriginFor<T>, attestor: T::AccountId) -> DispatchResult {
			Self::ensure_consortium(origin)?;
			ensure!(Attestors::<T>::contains_key(&attestor), Error::<T>::UnknownAttestor);
			Self::forget_attestor(&attestor);
			Self::deposit_event(Event::AttestorRemoved { attestor });
			Ok(())
		}

		/// Create an investor identity, with no accounts yet: link them with
		/// [`propose_link`](Pallet::propose_link).
		///
		/// Origin: an active attestor.
		///
		/// Errors: [`Error::NotAttestor`], [`Error::AttestorSuspended`],
		/// [`Error::ExchangeSuspended`].
		///
		/// Emits [`Event::IdentityCreated`].
		#[pallet::call_index(4)]
		pub fn create_identity(origin: OriginFor<T>) -> DispatchResult {
			let attestor = ensure_signed(origin)?;
			Self::ensure_attestor(&attestor)?;
			let identity = Self::new_identity(&attestor);
			Self::deposit_event(Event::IdentityCreated { identity, by: attestor });
			Ok(())
		}

		/// Propose to link `account` to `identity`. The link exists once an account of the
		/// identity approves it ([`approve_link`](Pallet::approve_link); not needed while the
		/// identity has no account) and the account accepts it
		/// ([`accept_link`](Pallet::accept_link)). Proposals of other identities for the same
		/// account stand beside it.
		///
		/// Origin: the identity's onboarding attestor (its creator, or the one the consortium
		/// appointed), while active.
		///
		/// Errors: [`Error::NotAttestor`], [`Error::AttestorSuspended`],
		/// [`Error::ExchangeSuspended`],
		/// [`Error::UnknownIdentity`], [`Error::NotIdentityCreator`],
		/// [`Error::AccountAlreadyLinked`], [`Error::TooManyAccounts`].
		///
		/// Emits [`Event::LinkProposed`].
		#[pallet::call_index(5)]
		pub fn propose_link(
			origin: OriginFor<T>,
			identity: IdentityId,
			account: T::AccountId,
		) -> DispatchResult {
			let attestor = ensure_signed(origin)?;
			Self::do_propose_link(attestor, identity, account)
		}

		/// Accept a proposed link: the caller's account joins `identity`, if the attestor that
		/// proposed it (the identity's onboarding attestor) is still active: a link is the
		/// attestor's word that the account is the investor's, which a suspended or removed
		/// attestor no longer gives.
		///
		/// Origin: the account being linked (signed).
		///
		/// Errors: [`Error::NoPendingLink`], [`Error::LinkNotApproved`],
		/// [`Error::LinkProposerReplaced`] (proposed by an onboarding attestor the consortium
		/// has replaced since), [`Error::LinkProposerInactive`], [`Error::AccountAlreadyLinked`],
		/// [`Error::UnknownIdentity`], [`Error::TooManyAccounts`].
		///
		/// Emits [`Event::AccountLinked`].
		#[pallet::call_index(6)]
		pub fn accept_link(origin: OriginFor<T>, identity: IdentityId) -> DispatchResult {
			let account = ensure_signed(origin)?;
			Self::do_accept_link(account, identity)
		}

		/// Withdraw a proposed link, approved or not, before the account accepts it: the
		/// account declines, or the identity takes back an approval it gave (the key it
		/// approved is no longer the investor's to add). Without it an approval stood until
		/// accepted, however late.
		///
		/// Origin: the account the link was proposed for, or an account of `identity`. Not
		/// the attestor that proposed it, nor an account of another identity.
		///
		/// Errors: [`Error::NoPendingLink`], [`Error::NotAllowedToCancelLink`].
		///
		/// Emits [`Event::LinkCancelled`].
		#[pallet::call_index(14)]
		pub fn cancel_link(
			origin: OriginFor<T>,
			account: T::AccountId,
			identity: IdentityId,
		) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::do_cancel_link(caller, account, identity)
		}

		/// Unlink the caller's account from its identity. An account with a subscription to a
		/// primary offering not yet settled stays linked until it is: withdraw the
		/// subscription while its offering allows, or settle the offering once it has ended.
		///
		/// Origin: the account itself. `account` must be the caller: neither an attestor nor
		/// another account may take an account away from its identity.
		///
		/// Errors: [`Error::AccountNotLinked`], [`Error::NotAllowedToUnlink`],
		/// [`Error::SubscriptionsUnsettled`].
		///
		/// Emits [`Event::AccountUnlinked`].
		#[pallet::call_index(7)]
		pub fn unlink(origin: OriginFor<T>, account: T::AccountId) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			Self::do_unlink(caller, account)
		}

		/// Attest `identity`: where the investor resides, their class and risk tolerance,
		/// whether KYC and AML passed, until when, and the hash of the evidence kept off chain.
		/// Replaces any earlier attestation of this identity by the same attestor.
		///
		/// When the identity already has the most attestations, those that no longer count
		/// (revoked, expired, attestor gone or no longer licensed) are pruned first.
		///
		/// Origin: an active attestor licensed for `jurisdiction` that created the identity
		/// (unless the identity dismissed it since), already attests it, or was invited by
		/// it. One that does not attest it yet may not while any account of the identity has
		/// a subscription to a primary offering not yet settled (its claim, the most recent,
		/// would decide the profile); renewals go on.
		///
		/// Errors: [`Error::NotAttestor`], [`Error::AttestorSuspended`],
		/// [`Error::ExchangeSuspended`],
		/// [`Error::NotLicensedForJurisdiction`], [`Error::InvalidJurisdiction`],
		/// [`Error::InvalidRiskTolerance`], [`Error::ExpiryInPast`],
		/// [`Error::UnknownIdentity`], [`Error::AttestorNotInvited`],
		/// [`Error::SubscriptionsUnsettled`],
		/// [`Error::TooManyAttestations`].
		///
		/// Emits [`Event::AttestationPruned`] for each attestation pruned, then
		/// [`Event::Attested`].
		#[pallet::call_index(8)]
		pub fn attest(
			origin: OriginFor<T>,
			identity: IdentityId,
			jurisdiction: CountryCode,
			class: InvestorClass,
			risk_tolerance: u8,
			kyc_passed: bool,
			aml_passed: bool,
			expires_at: Moment,
			evidence: H256,
		) -> DispatchResult {
			let attestor = ensure_signed(origin)?;
			Self::ensure_attestor(&attestor)?;
			ensure!(jurisdiction.is_well_formed(), Error::<T>::InvalidJurisdiction);
			ensure!(
				Self::is_licensed(&attestor, jurisdiction),
				Error::<T>::NotLicensedForJurisdiction
			);
			ensure!(
				(MIN_RISK_LEVEL..=MAX_RISK_LEVEL).contains(&risk_tolerance),
				Error::<T>::InvalidRiskTolerance
			);
			let now = Self::now();
			ensure!(expires_at > now, Error::<T>::ExpiryInPast);
			Self::ensure_may_attest(&attestor, identity)?;
			let attestation = Attestation {
				jurisdiction,
				class,
				risk_tolerance,
				kyc_passed,
				aml_passed,
				issued_at: now,
				expires_at,
				evidence,
				revoked: None,
				via_exchange: Self::licensing_exchange(&attestor, jurisdiction),
			};
			Self::store_attestation(identity, &attestor, attestation)?;
			Self::deposit_event(Event::Attested {
				identity,
				attestor,
				jurisdiction,
				class,
				risk_tolerance,
				kyc_passed,
				aml_passed,
				issued_at: now,
				expires_at,
				evidence,
			});
			Ok(())
		}

		/// Revoke the caller's attestation of `identity`, with a reason code. The attestation
		/// stays on record, marked revoked.
		///
		/// Origin: the account that made the attestation. While the claim counts by its
		/// licence (its attestor registered and active, or its exchange active and licensed),
		/// only if that account may act now, as for every other call; once it does not (the
		/// attestor suspended or removed, the exchange suspended or removed), whatever the
		/// account's standing: a revocation only takes a claim away, so a KYC provider records
		/// an AML finding it learns of while suspended at once, rather than have the claim
		/// count again at its reinstatement (release 133). So a key the consortium stopped
		/// changes no claim that counts: an account both registered as an attestor and
		/// operating a suspended exchange (from before release 123) does not revoke the
		/// claims its registration still carries. Anyone else (another attestor, the
		/// identity's own accounts) has no attestation of the identity to revoke.
		///
		/// Errors: [`Error::NoSuchAttestation`] (the caller made none, or the identity
		/// dismissed it or had it pruned), [`Error::AlreadyRevoked`]; for a claim that still
		/// counts, the caller's refusal as for every other call (on a chain,
		/// [`Error::ExchangeSuspended`] for that dual role: a caller that is no attestor, or
		/// a suspended one, holds no claim that counts).
		///
		/// Emits [`Event::Revoked`].
		#[pallet::call_index(9)]
		pub fn revoke(origin: OriginFor<T>, identity: IdentityId, reason: u8) -> DispatchResult {
			let attestor = ensure_signed(origin)?;
			let may_act = Self::ensure_attestor(&attestor);
			Attestations::<T>::try_mutate(identity, |all| -> DispatchResult {
				let (_, attestation) = all
					.iter_mut()
					.find(|(by, _)| *by == attestor)
					.ok_or(Error::<T>::NoSuchAttestation)?;
				ensure!(attestation.revoked.is_none(), Error::<T>::AlreadyRevoked);
				if let Err(stopped) = may_act {
					// One read more, only for a caller that may not act now.
					let licences = Licences::<T>::get();
					ensure!(!Self::still_licensed(&licences, &attestor, attestation), stopped);
				}
				attestation.revoked = Some(reason);
				Ok(())
			})?;
			Self::deposit_event(Event::Revoked { identity, attestor, reason });
			Ok(())
		}

		/// Approve a proposed link of `account` to the caller's identity: the identity's
		/// consent, without which an identity with accounts gains none.
		///
		/// Origin: an account of the identity `account` is proposed to join.
		///
		/// Errors: [`Error::AccountNotLinked`], [`Error::NoPendingLink`],
		/// [`Error::NotSameIdentity`].
		///
		/// Emits [`Event::LinkApproved`].
		#[pallet::call_index(10)]
		pub fn approve_link(origin: OriginFor<T>, account: T::AccountId) -> DispatchResult {
			let approver = ensure_signed(origin)?;
			Self::do_approve_link(approver, account)
		}

		/// Invite `attestor` to attest the caller's identity (an investor onboarding with a
		/// second venue or KYC provider). Replaces an earlier invitation; used up by the
		/// attestor's first attestation. Not while any account of the identity has a
		/// subscription to a primary offering not yet settled (a new attestor's claim decides
		/// the profile).
		///
		/// Origin: an account of the identity.
		///
		/// Errors: [`Error::AccountNotLinked`], [`Error::SubscriptionsUnsettled`].
		///
		/// Emits [`Event::AttestorInvited`].
		#[pallet::call_index(11)]
		pub fn invite_attestor(origin: OriginFor<T>, attestor: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let identity = IdentityOfAccount::<T>::get(&who).ok_or(Error::<T>::AccountNotLinked)?;
			Self::ensure_identity_uncommitted(identity)?;
			InvitedAttestor::<T>::insert(identity, &attestor);
			Self::deposit_event(Event::AttestorInvited { identity, attestor, by: who });
			Ok(())
		}

		/// Dismiss `attestor`: its attestation of the caller's identity is removed (the events
		/// keep its record), and it may attest the identity again only if invited. The identity
		/// chooses who vouches for it; a security's trusted attestors still decide for that
		/// security. Dismissing the attestor that onboarded the identity is recorded
		/// ([`OnboardingAttestorDismissed`]), since having onboarded it would otherwise let it
		/// attest again; it may be dismissed so while it has no attestation of the identity
		/// (a dismissal from before that record existed), once. An identity any of whose
		/// accounts has a subscription to a primary offering not yet settled keeps its
		/// attestations until it is settled (one that does not count now may count again: a
		/// suspended attestor reinstated, an expired one renewed); it may still withdraw an
		/// invitation or dismiss an onboarding attestor that has no attestation.
		///
		/// Origin: an account of the identity.
		///
		/// Errors: [`Error::AccountNotLinked`], [`Error::SubscriptionsUnsettled`],
		/// [`Error::NoSuchAttestation`] (no attestation of that attestor, and it is not an
		/// onboarding attestor yet to be dismissed).
		///
		/// Emits [`Event::AttestationDismissed`].
		#[pallet::call_index(12)]
		pub fn dismiss_attestor(origin: OriginFor<T>, attestor: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let identity = IdentityOfAccount::<T>::get(&who).ok_or(Error::<T>::AccountNotLinked)?;
			if Self::attestation(identity, &attestor).is_some() {
				Self::ensure_identity_uncommitted(identity)?;
			}
			Self::dismiss(identity, &attestor)?;
			Self::deposit_event(Event::AttestationDismissed { identity, attestor, by: who });
			Ok(())
		}

		/// Give `identity` a new onboarding attestor, `attestor`, once the one it has is
		/// removed (a registered attestor removed, or the operator of an exchange that left
		/// the consortium): without one, nobody can propose the identity's accounts, so an
		/// investor could never replace a lost key. The new attestor proposes accounts, each
		/// still approved by one of the identity's accounts and accepted by the account; it
		/// never checked the investor, so it attests the identity only if invited (or if it
		/// already attests it). Links
		/// proposed before the appointment are never completed
		/// ([`Error::LinkProposerReplaced`]).
		///
		/// Origin: [`Config::ConsortiumOrigin`].
		///
		/// Errors: [`Error::NotConsortium`], [`Error::UnknownIdentity`],
		/// [`Error::IdentityHasNoAccounts`] (nobody to approve its links: the investor is
		/// onboarded anew), [`Error::OnboardingAttestorRegistered`] (the onboarding attestor
		/// is registered still, even suspended), [`Error::NotAttestor`],
		/// [`Error::AttestorSuspended`], [`Error::ExchangeSuspended`] (`attestor` is not
		/// active).
		///
		/// Emits [`Event::OnboardingAttestorAppointed`].
		#[pallet::call_index(13)]
		pub fn appoint_onboarding_attestor(
			origin: OriginFor<T>,
			identity: IdentityId,
			attestor: T::AccountId,
		) -> DispatchResult {
			Self::ensure_consortium(origin)?;
			Self::do_appoint_onboarding_attestor(identity, attestor)
		}
	}

	impl<T: Config> Pallet<T> {
		fn ensure_consortium(origin: OriginFor<T>) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin).map_err(|_| Error::<T>::NotConsortium)?;
			Ok(())
		}

		/// The chain's time, in milliseconds since the Unix epoch.
		pub fn now() -> Moment {
			T::Time::now().as_millis().try_into().unwrap_or(Moment::MAX)
		}

		/// Whether `who` may attest now: an active exchange's operator or an active
		/// registered attestor that operates no suspended exchange. Refused by name: a suspended registered attestor
		/// ([`Error::AttestorSuspended`]), a suspended exchange's operator
		/// ([`Error::ExchangeSuspended`]), anyone else ([`Error::NotAttestor`]).
		pub(crate) fn ensure_attestor(who: &T::AccountId) -> DispatchResult {
			if T::Exchanges::active_exchange_of_operator(who).is_some() {
				return Ok(());
			}
			match Attestors::<T>::get(who) {
				// An account both registered as an attestor and operating an exchange the
				// consortium suspended: the suspension holds in both roles (helper-65). No
				// read more: the account's exchange was read just above.
				Some(info) if info.status == AttestorStatus::Active => {
					match T::Exchanges::exchange_of_operator(who) {
						Some(_) => Err(Error::<T>::ExchangeSuspended.into()),
						None => Ok(()),
					}
				},
				Some(_) => Err(Error::<T>::AttestorSuspended.into()),
				// Only on the way to a refusal: one read more.
				None if T::Exchanges::exchange_of_operator(who).is_some() => {
					Err(Error::<T>::ExchangeSuspended.into())
				},
				None => Err(Error::<T>::NotAttestor.into()),
			}
		}

		/// The exchange whose licence lets `who` (its operator) attest for `jurisdiction`, if
		/// any; `None` for a registered attestor.
		pub(crate) fn licensing_exchange(
			who: &T::AccountId,
			jurisdiction: CountryCode,
		) -> Option<ExchangeId> {
			T::Exchanges::active_exchange_of_operator(who)
				.filter(|exchange| T::Exchanges::is_licensed_for(*exchange, jurisdiction))
		}

		/// Whether `who` is active now and licensed for `jurisdiction`.
		pub fn is_licensed(who: &T::AccountId, jurisdiction: CountryCode) -> bool {
			if let Some(exchange) = T::Exchanges::active_exchange_of_operator(who) {
				if T::Exchanges::is_licensed_for(exchange, jurisdiction) {
					return true;
				}
			}
			Attestors::<T>::get(who).is_some_and(|info| {
				info.status == AttestorStatus::Active && info.jurisdictions.contains(&jurisdiction)
			}) && T::Exchanges::exchange_of_operator(who).is_none()
		}

		fn validate_jurisdictions(jurisdictions: &[CountryCode]) -> DispatchResult {
			use stledger_primitives::{check_jurisdiction_list, JurisdictionListError as E};
			check_jurisdiction_list(jurisdictions).map_err(|e| match e {
				E::Empty => Error::<T>::NoJurisdictions,
				E::Malformed => Error::<T>::InvalidJurisdiction,
				E::Duplicate => Error::<T>::DuplicateJurisdiction,
			})?;
			Ok(())
		}
	}
}
