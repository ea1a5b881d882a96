//! The securities pallet's events and errors, imported into the pallet by `lib.rs`.

use frame_support::pallet_macros::pallet_section;

/// Events (what an auditor reads) and errors (what a refused caller reads).
#[pallet_section]
mod events_and_errors {
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
		/// An account of the issuer's identity now administers the security as the issuer.
		IssuerAccountAdded {
			/// The security.
			security: SecurityId,
			/// The account.
			account: T::AccountId,
			/// The issuer account that added it.
			by: T::AccountId,
		},
		/// An account no longer administers the security as the issuer.
		IssuerAccountRemoved {
			/// The security.
			security: SecurityId,
			/// The account.
			account: T::AccountId,
			/// The issuer account that removed it.
			by: T::AccountId,
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
		/// Locked tokens a forced movement took, with their lock-up lots (release 125):
		/// carried to `to` by a forced transfer, where they stay locked until the same dates
		/// (or merged into a later lot of its own when it has no room), or burned by a
		/// redemption (`to` is `None`). Deposited just before `ForcedTransfer` or `Redeemed`.
		LockedTokensTaken {
			/// The security.
			security: SecurityId,
			/// Taken from.
			from: T::AccountId,
			/// Carried to; `None`: burned.
			to: Option<T::AccountId>,
			/// The tokens taken of each lot, with the lot's unlock date.
			lots: BoundedVec<Lot<T::Balance>, T::MaxLots>,
		},
		/// Tokens were issued held for a settlement (release 128): counted in the supply and
		/// the receiver a holder, but no path moves them until `HeldReleased` or `HeldBurned`
		/// (an offering settling in several calls decides its soft cap on them).
		IssuedHeld {
			/// The security.
			security: SecurityId,
			/// The receiver.
			to: T::AccountId,
			/// How many tokens.
			amount: T::Balance,
			/// The settlement holding them (the offering's id).
			hold: HoldId,
		},
		/// Tokens held for a settlement were released to their holder (its raise succeeded),
		/// locked until `locked_until` if given.
		HeldReleased {
			/// The security.
			security: SecurityId,
			/// The holder.
			to: T::AccountId,
			/// How many tokens.
			amount: T::Balance,
			/// Locked until then, if at all.
			locked_until: Option<Moment>,
			/// The settlement that held them (the offering's id).
			hold: HoldId,
		},
		/// Tokens held for a settlement were burned (its raise failed; the subscriber is
		/// refunded).
		HeldBurned {
			/// The security.
			security: SecurityId,
			/// The account that held them.
			from: T::AccountId,
			/// How many tokens.
			amount: T::Balance,
			/// The settlement that held them (the offering's id).
			hold: HoldId,
		},
	}

	/// Why a securities call was refused. The compliance variants (from
	/// `InsufficientBalance` on) carry the meaning of the [`Reason`](stledger_primitives::Reason) of the same name.
	#[pallet::error]
	pub enum Error<T> {
		/// No security has this id.
		UnknownSecurity,
		/// Issuing this much would take the security's supply past half of the balance
		/// type's range. `pallet-assets` moves tokens by debiting, then crediting; a credit
		/// that would take the supply counter past its maximum is dropped without an error
		/// (frame-support's default `fungibles` transfer ignores it), destroying the tokens.
		/// Below half the range, every transfer (at most the supply) can be credited.
		SupplyCapExceeded,
		/// Only an issuer account of the security or an agent may do this.
		NotAdministrator,
		/// Only an issuer account of the security may do this.
		NotIssuer,
		/// The account does not belong to the issuer's identity.
		NotIssuerIdentity,
		/// The account already administers the security as the issuer.
		AlreadyIssuerAccount,
		/// The account is not an issuer account of the security.
		NotIssuerAccount,
		/// The security keeps at least one issuer account.
		LastIssuerAccount,
		/// The security has the most issuer accounts allowed.
		TooManyIssuerAccounts,
		/// The creator must be an attested investor identity.
		IssuerNotAttested,
		/// The issuer's identity has created the most securities allowed.
		TooManySecurities,
		/// The ISIN's format or check digit is wrong.
		InvalidIsin,
		/// The name or symbol is empty.
		EmptyName,
		/// The risk rating is outside 1 to 5.
		InvalidRiskRating,
		/// A jurisdiction in the rules is not two upper-case letters.
		InvalidJurisdiction,
		/// A holder limit (overall or of a class) or the minimum holding is zero.
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
		/// The receiver has no room for another lock-up date (it holds the most lots, and none
		/// of the same date); issue with a date it has, or wait until some unlock.
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
		/// The two accounts are the same (a recovery's lost and new, a forced transfer's sender
		/// and receiver).
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
		/// Part of the sender's balance is locked up, held for an offering's settlement, or
		/// frozen.
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
		/// The receiver's identity would hold less than the minimum holding (or the identity
		/// its account's tokens were counted under would keep less).
		BelowMinimumHolding,
		/// Transfers to the receiver's jurisdiction are restricted for now.
		JurisdictionRestricted,
		/// The security trades on licensed venues only.
		PeerToPeerNotAllowed,
		/// The venue may not trade this security.
		VenueNotAllowed,
		/// The sender's identity would keep less than the minimum holding without selling out
		/// (by its sale alone): sell less, or all of it.
		SenderBelowMinimumHolding,
		/// The rules' issuance lock-up period is zero (leave it out for no lock-up) or longer
		/// than ten years ([`crate::MAX_ISSUANCE_LOCKUP`]), or a lock-up date is one only a
		/// settlement hold has (from `stledger_primitives::SETTLEMENT_HOLD_FLOOR`).
		InvalidLockup,
		/// The rules name a class's holder limit twice.
		DuplicateClassLimit,
		/// The account holds no tokens for this settlement.
		NothingHeld,
		/// The account already has a lot of this settlement hold's date (one stored before
		/// release 128 with a date that far away): the issuance is refused rather than
		/// joined to it.
		AlreadyHeld,
		/// Part of the account's balance is held for an offering's settlement: forced
		/// movements, redemption and recovery cannot take it until the offering settles it
		/// (anyone may call `offerings.settle`).
		TokensHeldForSettlement,
		/// The sender's identity has a subscription to an offering of this security not yet
		/// settled, which was judged with its holding: sell less, keeping more than its tokens
		/// held for settlements (`securities.identityHeldForSettlement`, which a failing raise
		/// burns) and at least the minimum holding besides them, or wait until the offering
		/// settles it (anyone may call `offerings.settle` once the offering has ended; before
		/// `withdraw_until` the subscriber may withdraw).
		SenderCommittedToSubscription,
		/// The receiving account was relinked to another identity while holding: it would take
		/// the whole holding of the identity it was counted under (the sender's, or another),
		/// or all of it but its tokens held for settlements or the minimum holding besides
		/// them, while that identity has a subscription to an offering of this security not
		/// yet settled. Wait until that offering settles it (anyone may call
		/// `offerings.settle` once it has ended), or receive into another account meanwhile.
		HoldingCommittedToSubscription,
	}
}
