//! The consortium pallet's events and errors, imported into the pallet by `lib.rs`.

use frame_support::pallet_macros::pallet_section;

/// Events (what an auditor reads) and errors (what a refused caller reads).
#[pallet_section]
mod events_and_errors {
	/// Events of the consortium.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An exchange was admitted and is active.
		Admitted {
			/// The new exchange.
			exchange: ExchangeId,
			/// Its operator account, now a council member.
			operator: T::AccountId,
			/// Its validator account.
			validator: T::AccountId,
			/// The jurisdictions it is licensed for.
			jurisdictions: Vec<CountryCode>,
			/// The hash of its licence document.
			licence: LicenceHash,
		},
		/// An exchange was suspended: no council seat, no validator from the next session.
		Suspended {
			/// The exchange.
			exchange: ExchangeId,
		},
		/// A suspended exchange is active again.
		Reinstated {
			/// The exchange.
			exchange: ExchangeId,
		},
		/// An exchange left the consortium; its accounts and node are released.
		Removed {
			/// The exchange.
			exchange: ExchangeId,
		},
		/// An exchange's licensed jurisdictions were replaced.
		JurisdictionsChanged {
			/// The exchange.
			exchange: ExchangeId,
			/// The jurisdictions it is licensed for from now on.
			jurisdictions: Vec<CountryCode>,
		},
		/// The fewest active exchanges the consortium may be left with was changed.
		MinActiveExchangesSet {
			/// The new minimum.
			min: u32,
		},
		/// An exchange connected a node of its own to its node: the two may peer.
		NodeConnected {
			/// The exchange.
			exchange: ExchangeId,
			/// The connected node's peer id.
			node: NodeId,
		},
		/// A node an exchange had connected may no longer peer (disconnected by the exchange
		/// or the consortium, by the exchange's removal, or by an admission naming it).
		NodeDisconnected {
			/// The exchange.
			exchange: ExchangeId,
			/// The disconnected node's peer id.
			node: NodeId,
		},
		/// The validator set for a coming session was chosen.
		ValidatorSetPlanned {
			/// The session the set will validate.
			session: u32,
			/// The validators, in the order of the exchanges' ids.
			validators: Vec<T::AccountId>,
		},
		/// The consortium barred a peer id: no exchange connects it and no admission names it
		/// (a node an exchange had connected was disconnected first, [`Event::NodeDisconnected`]).
		NodeBarred {
			/// The barred peer id.
			node: NodeId,
		},
		/// The consortium lifted a bar: an exchange holding the node's key may connect it again.
		NodeUnbarred {
			/// The peer id.
			node: NodeId,
		},
		/// An exchange's node was replaced by another its operator holds the key of: the new one
		/// is a well-known node, the old one no longer, and the exchange's connected nodes peer
		/// with the new one.
		NodeReplaced {
			/// The exchange.
			exchange: ExchangeId,
			/// Its node until now.
			old: NodeId,
			/// Its node from now on.
			new: NodeId,
		},
		/// The consortium barred an exchange's own node ([`Pallet::bar_node`]): it is no longer
		/// a well-known node and its connected nodes peer with nothing, until the exchange
		/// replaces it ([`Pallet::replace_node`]) or the bar is lifted. Followed by
		/// [`Event::NodeBarred`].
		ExchangeNodeOffline {
			/// The exchange.
			exchange: ExchangeId,
			/// Its node, barred.
			node: NodeId,
		},
		/// The consortium noted a finality stall: the next session change forces the queued
		/// validators' keys on the finality gadget.
		FinalityStallNoted {
			/// Blocks after that session change until the new set is enacted.
			delay: BlockNumberFor<T>,
			/// The block the new set votes on top of.
			best_finalized: BlockNumberFor<T>,
		},
	}

	/// Why a consortium call was refused.
	#[pallet::error]
	pub enum Error<T> {
		/// Only the consortium (a two-thirds council motion) or Root may do this.
		NotConsortium,
		/// Only a supermajority (in the ST Ledger runtime, the ayes of three quarters of all
		/// admitted exchanges) or Root may authorize a runtime upgrade or remove an exchange.
		NotSupermajority,
		/// No exchange has this id.
		UnknownExchange,
		/// The operator account already belongs to an exchange; choose another account.
		OperatorInUse,
		/// The validator account already belongs to an exchange; choose another account.
		ValidatorInUse,
		/// The node peer id already belongs to an exchange; each exchange runs its own node.
		NodeInUse,
		/// A jurisdiction is not an ISO 3166-1 alpha-2 code (two upper-case letters).
		InvalidJurisdiction,
		/// The same jurisdiction is listed twice.
		DuplicateJurisdiction,
		/// An exchange must be licensed for at least one jurisdiction.
		NoJurisdictions,
		/// The exchange's name is empty.
		EmptyName,
		/// The node peer id is empty.
		EmptyNodeId,
		/// The consortium is full ([`Config::MaxExchanges`]).
		TooManyExchanges,
		/// This would leave fewer active exchanges with their node on the network (not barred)
		/// than [`MinActiveExchanges`].
		TooFewActiveExchanges,
		/// The minimum of active exchanges must be at least one.
		MinimumTooLow,
		/// The exchange is already suspended.
		AlreadySuspended,
		/// The exchange is not suspended, so it cannot be reinstated.
		NotSuspended,
		/// [`Config::LicenceObserver`] could not record the licence (its table is full): a
		/// runtime whose attestation pallet holds fewer exchanges than this one admits.
		LicenceNotRecorded,
		/// Only the operator account of an exchange may connect or disconnect its nodes, or
		/// propose a council motion.
		NotOperator,
		/// A suspended exchange connects no node and proposes no motion until it is
		/// reinstated.
		NotActiveOperator,
		/// The exchange has connected [`Config::MaxConnectedNodes`] nodes already.
		TooManyConnectedNodes,
		/// The caller's exchange did not connect this node (for the consortium: no exchange
		/// did).
		NodeNotConnected,
		/// The exchange already has [`Config::MaxOpenMotions`] council motions open: one of
		/// them must be closed (or vetoed) before it proposes another.
		TooManyOpenMotions,
		/// The node id is not the peer id of an ed25519 key (every Substrate node's key is
		/// one): its key's proof cannot be checked.
		NodeIdNotEd25519,
		/// The proof is not the node key's signature of this chain, the caller's exchange and
		/// the caller ([`Pallet::node_key_message`]): make it with `scripts/node-key-proof.mjs`
		/// from the node's own key file.
		BadNodeKeyProof,
		/// The consortium barred this peer id ([`Pallet::bar_node`]): no exchange connects it
		/// and no admission names it until the consortium lifts the bar
		/// ([`Pallet::unbar_node`]).
		NodeBarred,
		/// The peer id is barred already.
		AlreadyBarred,
		/// The peer id is not barred, so there is no bar to lift.
		NodeNotBarred,
		/// No longer returned (until release 119, [`Pallet::bar_node`] refused an exchange's own
		/// node; from release 120 it takes it off the network).
		ExchangesOwnNode,
		/// The consortium barred the caller's exchange's own node ([`Pallet::bar_node`]): it is
		/// not a well-known node, so nothing can be connected to it; replace it first
		/// ([`Pallet::replace_node`]).
		OwnNodeBarred,
		/// The caller's exchange is suspended and the consortium barred its node: it stays off
		/// the network until the consortium reinstates the exchange.
		SuspendedNodeBarred,
		/// A stall's `delay` is outside [`Config::MinStallDelay`]..=[`Config::MaxStallDelay`].
		StallDelayOutOfRange,
		/// The block named as the highest finalized one is not before the latest session
		/// change ([`LastSessionChangeAt`]): change the validator set first, then note the
		/// stall on top of a block every validator of the new set has finalized.
		FinalizedBlockNotBeforeSessionChange,
		/// A stall is noted already; the next session change applies it.
		StallAlreadyNoted,
		/// The finality gadget has a set change pending, or forced one too recently: it would
		/// refuse a forced change now.
		FinalityChangePending,
		/// The operator account is a registered attestor: an exchange's operator attests under
		/// its exchange's licence, not under a registration of its own too.
		OperatorIsAttestor,
	}
}
