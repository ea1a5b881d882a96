//! The attestation pallet's events and errors, imported into the pallet by `lib.rs`.

use frame_support::pallet_macros::pallet_section;

/// Events (what an auditor reads) and errors (what a refused caller reads).
#[pallet_section]
mod events_and_errors {
	/// Events of the attestation pallet: together they let an auditor rebuild who attested
	/// what, when, with which evidence.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A KYC/AML provider was registered as an attestor.
		AttestorRegistered {
			/// The attestor's account.
			attestor: T::AccountId,
			/// The jurisdictions it may attest for.
			jurisdictions: Vec<CountryCode>,
		},
		/// An attestor was suspended: its attestations stop counting.
		AttestorSuspended {
			/// The attestor.
			attestor: T::AccountId,
		},
		/// A suspended attestor is active again: its attestations count again.
		AttestorReinstated {
			/// The attestor.
			attestor: T::AccountId,
		},
		/// An attestor was removed: its attestations no longer count, and stay on record.
		AttestorRemoved {
			/// The attestor.
			attestor: T::AccountId,
		},
		/// An attestor created an investor identity.
		IdentityCreated {
			/// The new identity.
			identity: IdentityId,
			/// The attestor that onboarded it.
			by: T::AccountId,
		},
		/// An attestor proposed to link an account to an identity; the account must accept.
		LinkProposed {
			/// The identity.
			identity: IdentityId,
			/// The account to link.
			account: T::AccountId,
			/// The attestor that proposed it.
			by: T::AccountId,
		},
		/// An account of the identity approved a proposed link: the identity consents.
		LinkApproved {
			/// The identity.
			identity: IdentityId,
			/// The account to link.
			account: T::AccountId,
			/// The identity's account that approved.
			by: T::AccountId,
		},
		/// An identity invited an attestor to attest it.
		AttestorInvited {
			/// The identity.
			identity: IdentityId,
			/// The attestor invited.
			attestor: T::AccountId,
			/// The identity's account that invited it.
			by: T::AccountId,
		},
		/// An identity dismissed an attestor: its attestation of the identity, if any, is
		/// removed, an invitation it had not used is withdrawn, and an onboarding attestor's
		/// dismissal is recorded.
		AttestationDismissed {
			/// The identity.
			identity: IdentityId,
			/// The attestor dismissed.
			attestor: T::AccountId,
			/// The identity's account that dismissed it.
			by: T::AccountId,
		},
		/// An attestation that no longer counted was removed to make room for a new one.
		AttestationPruned {
			/// The identity.
			identity: IdentityId,
			/// The attestor of the pruned attestation.
			attestor: T::AccountId,
			/// Why it no longer counted.
			reason: Ineligibility,
		},
		/// An account accepted a link and belongs to the identity.
		AccountLinked {
			/// The identity.
			identity: IdentityId,
			/// The account.
			account: T::AccountId,
		},
		/// An account no longer belongs to the identity.
		AccountUnlinked {
			/// The identity.
			identity: IdentityId,
			/// The account.
			account: T::AccountId,
		},
		/// An attestor attested an identity (replacing any earlier attestation of its own).
		Attested {
			/// The identity.
			identity: IdentityId,
			/// The attestor.
			attestor: T::AccountId,
			/// Where the investor resides.
			jurisdiction: CountryCode,
			/// The investor's class.
			class: InvestorClass,
			/// The investor's risk tolerance.
			risk_tolerance: u8,
			/// KYC passed.
			kyc_passed: bool,
			/// AML screening passed.
			aml_passed: bool,
			/// When the attestation was made (ms since the Unix epoch).
			issued_at: Moment,
			/// When it expires (ms since the Unix epoch).
			expires_at: Moment,
			/// Hash of the evidence the attestor keeps off chain.
			evidence: H256,
		},
		/// An attestor revoked its attestation of an identity.
		Revoked {
			/// The identity.
			identity: IdentityId,
			/// The attestor.
			attestor: T::AccountId,
			/// The attestor's reason code (see `docs/attestation.md`).
			reason: u8,
		},
		/// The consortium gave an identity whose onboarding attestor was removed a new one:
		/// it alone proposes the identity's accounts from now on, and attests the identity
		/// only if invited (or if it already attests it).
		OnboardingAttestorAppointed {
			/// The identity.
			identity: IdentityId,
			/// The removed onboarding attestor it replaces.
			previous: T::AccountId,
			/// Its new onboarding attestor.
			attestor: T::AccountId,
		},
		/// A proposed link was withdrawn, approved or not: the account can no longer accept
		/// it (release 123).
		LinkCancelled {
			/// The identity.
			identity: IdentityId,
			/// The account it was to link.
			account: T::AccountId,
			/// Who withdrew it: the account, or an account of the identity.
			by: T::AccountId,
		},
	}

	/// Why an attestation call was refused.
	#[pallet::error]
	pub enum Error<T> {
		/// Only the consortium (a two-thirds council motion) or Root may do this.
		NotConsortium,
		/// The caller is not an active attestor (a registered provider or an active exchange).
		NotAttestor,
		/// The attestor is suspended; the consortium may reinstate it.
		AttestorSuspended,
		/// The account is already a registered attestor.
		AlreadyAttestor,
		/// No registered attestor has this account.
		UnknownAttestor,
		/// The attestor is already suspended.
		AlreadySuspended,
		/// The attestor is not suspended.
		NotSuspended,
		/// The attestor is not licensed for this jurisdiction.
		NotLicensedForJurisdiction,
		/// The most attestors are registered already ([`Config::MaxRegisteredAttestors`]);
		/// remove one first.
		TooManyAttestors,
		/// A jurisdiction is not an ISO 3166-1 alpha-2 code (two upper-case letters).
		InvalidJurisdiction,
		/// An attestor must be licensed for at least one jurisdiction.
		NoJurisdictions,
		/// The same jurisdiction is listed twice.
		DuplicateJurisdiction,
		/// The expiry is not in the future.
		ExpiryInPast,
		/// The risk tolerance is outside 1 to 5.
		InvalidRiskTolerance,
		/// No identity has this id.
		UnknownIdentity,
		/// The account already belongs to an identity; unlink it first.
		AccountAlreadyLinked,
		/// The identity already has the most accounts allowed.
		TooManyAccounts,
		/// The identity already has the most attestations allowed.
		TooManyAttestations,
		/// Nobody proposed to link this account to this identity.
		NoPendingLink,
		/// The account belongs to no identity.
		AccountNotLinked,
		/// Only the account itself may unlink it.
		NotAllowedToUnlink,
		/// Only the attestor that onboarded the identity may propose its accounts.
		NotIdentityCreator,
		/// The identity has accounts: one of them must approve the link first
		/// (`approve_link`).
		LinkNotApproved,
		/// The caller's account belongs to another identity than the one concerned.
		NotSameIdentity,
		/// This attestor neither onboarded the identity nor was invited by it: an account of
		/// the identity must call `invite_attestor` first.
		AttestorNotInvited,
		/// This attestor has no attestation of this identity: it made none, or the identity
		/// dismissed it, or a newer attestor's claim pruned it.
		NoSuchAttestation,
		/// The attestation is already revoked.
		AlreadyRevoked,
		/// The caller operates an exchange that is suspended: it may not attest, onboard or
		/// link until the consortium reinstates the exchange.
		ExchangeSuspended,
		/// The attestor that proposed the link (the identity's onboarding attestor) is
		/// suspended or no longer an attestor: the proposal stands, and can be accepted once
		/// it is active again.
		LinkProposerInactive,
		/// The identity's onboarding attestor is still registered (as an attestor, or as an
		/// admitted exchange's operator, even suspended): the consortium appoints another
		/// only once it is removed.
		OnboardingAttestorRegistered,
		/// The link was proposed before the consortium appointed the identity's onboarding
		/// attestor (or by an earlier one): the onboarding attestor must propose it again.
		LinkProposerReplaced,
		/// The identity has no account to approve the links of an appointed onboarding
		/// attestor: the investor is onboarded anew instead.
		IdentityHasNoAccounts,
		/// Only the account a link was proposed for, or an account of the identity, may
		/// withdraw the proposal.
		NotAllowedToCancelLink,
		/// The account operates an exchange (active or suspended): it attests under its
		/// exchange's licence, not as a registered attestor too.
		AttestorOperatesExchange,
		/// The account (for `dismiss_attestor`, `invite_attestor` and a new attestor's
		/// `attest`, an account of the identity) has a subscription to a primary offering not
		/// yet settled: until it is, the account stays linked, and the identity keeps every
		/// attestation it has and takes no new attestor. Withdraw the subscription while the
		/// offering allows, or settle the offering once it has ended.
		SubscriptionsUnsettled,
	}
}
