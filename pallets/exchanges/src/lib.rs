//! # Exchanges pallet: the ST Ledger consortium
//!
//! The regulated exchanges that run ST Ledger are its consortium. This pallet holds who they
//! are and derives from that everything the chain needs to know about them:
//!
//! - **Membership of the council.** Each active exchange's operator account holds one seat
//!   in the council (`pallet-collective`); seats follow admission, suspension, reinstatement
//!   and removal automatically, through [`Config::MembershipChanged`].
//! - **The validator set.** The pallet is the session manager
//!   ([`pallet_session::SessionManager`]): the validators are those of the active exchanges
//!   that have registered their session keys. A session plans a new set only when that list
//!   differs from the one the session pallet has queued ([`SessionChanges`]), so the
//!   consensus authorities change (and GRANDPA starts a new set) only when the consortium's
//!   validators do; a validator's new session keys are followed by the session pallet itself.
//! - **When a session ends.** [`EndSessionOnChange`] is the runtime's `ShouldEndSession`: a
//!   session can end every period, and ends only when the change would do something (a new
//!   set to plan, or the session pallet's own work, [`Config::SessionChanges`]), because
//!   `pallet-session` charges a whole block for every session change.
//! - **Licences.** Each exchange lists the jurisdictions (ISO 3166-1 alpha-2) it is licensed
//!   in; other pallets read them through [`stledger_primitives::ExchangeRegistry`].
//! - **Network permissioning.** Each exchange names its node's peer id; admission and removal
//!   add it to and remove it from the chain's well-known nodes through [`Config::Nodes`]. An
//!   active exchange may connect a few more nodes of its own (an archive node, a standby) to
//!   its node, and to nothing else (at most [`Config::MaxConnectedNodes`]); nobody else can let a
//!   node peer (the runtime refuses `pallet-node-authorization`'s claim and connection calls
//!   to every signed account).
//!
//! ## Calls
//!
//! Every call needs the [`Config::ConsortiumOrigin`] (in the ST Ledger runtime, Root or a
//! council motion passed by at least two thirds of the member exchanges; any other caller
//! gets [`Error::NotConsortium`]), except admission, removal and upgrades, which need the
//! [`Config::SupermajorityOrigin`] ([`Error::NotSupermajority`]): each changes who the
//! supermajority is counted over.
//!
//! - [`admit`](Pallet::admit): a new exchange, active at once, with its council seat.
//! - [`suspend`](Pallet::suspend) / [`reinstate`](Pallet::reinstate): take an exchange out of
//!   (or back into) the council and, from the next session, the validator set.
//! - [`remove`](Pallet::remove): forget the exchange; its accounts and node are released.
//! - [`set_jurisdictions`](Pallet::set_jurisdictions): replace the licensed jurisdictions.
//! - [`connect_node`](Pallet::connect_node) / [`disconnect_node`](Pallet::disconnect_node):
//!   signed by an exchange's operator (an active one, to connect): a node of its own that may
//!   peer with its node, proved its own by the node key's signature. The consortium may also
//!   disconnect any of them.
//! - [`replace_node`](Pallet::replace_node): signed by an exchange's operator: its node
//!   replaced by another whose key it holds (a lost or leaked node key, a standby promoted).
//! - [`bar_node`](Pallet::bar_node) / [`unbar_node`](Pallet::unbar_node): the consortium keeps
//!   a peer id off the network (disconnected, and connected by no exchange, whoever holds its
//!   key, nor named by an admission; an exchange's own node leaves the well-known nodes until
//!   the exchange replaces it) or lets it back.
//!
//! - [`set_min_active_exchanges`](Pallet::set_min_active_exchanges): the floor below.
//! - [`authorize_upgrade`](Pallet::authorize_upgrade): authorize a new runtime by the hash
//!   of its code, with the stricter [`Config::SupermajorityOrigin`] (in the ST Ledger
//!   runtime, the ayes of at least three quarters of all admitted exchanges); anyone then supplies the code with
//!   `frame_system`'s `apply_authorized_upgrade`, which checks the hash and that the spec
//!   name is the same and the spec version higher. This is the only way the consortium
//!   reaches `frame_system`'s Root-only upgrade: no council motion gains Root.
//!
//! **Council motions.** Each exchange may have at most [`Config::MaxOpenMotions`] motions
//! open ([`MotionTicket`], the council's `Consideration`; [`Error::TooManyOpenMotions`]), so
//! no one exchange can fill the council's queue and delay the others' motions.
//!
//! **Who may take a block's space.** [`CheckBlockSpace`], a transaction extension in the ST
//! Ledger runtime, refuses before inclusion a signed transaction in the operational class
//! (the block space FRAME keeps for governance) unless an active exchange's operator signed
//! it, and any transaction declaring a proof size above [`MAX_TRANSACTION_PROOF_SIZE`]
//! (`InvalidTransaction::Custom(`[`NOT_A_COUNCIL_MEMBER`]` or `[`PROOF_SIZE_ABOVE_BOUND`]`)`).
//!
//! A change that would leave fewer active exchanges than [`MinActiveExchanges`] (counting
//! only those whose node is on the network, not barred: release 120) is refused with
//! [`Error::TooFewActiveExchanges`], so the chain can always keep a validator set able to
//! produce and finalize blocks.
//!
//! ## Invariants
//!
//! - An account is the operator or validator of at most one exchange (one exchange may use
//!   the same account for both).
//! - A node peer id belongs to at most one exchange, as its node or as one it connected.
//! - Only admitted exchanges have connected nodes ([`ConnectedNodes`]): removal disconnects
//!   them, and only an active exchange connects more.
//! - A barred peer id ([`BarredNodes`]) is no exchange's connected node and no well-known
//!   node. If it is an exchange's own node (barred as such, not replaced since), that exchange
//!   has no well-known node and connects nothing until it replaces it.
//! - [`ActiveExchanges`] lists exactly the exchanges whose status is
//!   [`ExchangeStatus::Active`], in ascending id order.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use block_space::{
	CheckBlockSpace, MAX_TRANSACTION_PROOF_SIZE, NOT_A_COUNCIL_MEMBER, PROOF_SIZE_ABOVE_BOUND,
};
pub use connected_nodes::NODE_KEY_PROOF_TAG;
pub use motions::{CouncilMotions, MotionTicket};
pub use pallet::*;
pub use session::{EndSessionOnChange, FinalityStall, SessionChanges};
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod block_space;
mod connected_nodes;
mod events;
mod membership;
#[cfg(test)]
mod mock;
mod motions;
mod registry;
mod session;
#[cfg(feature = "std")]
pub mod testing;
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
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{ChangeMembers, InitializeMembers, ValidatorRegistration},
	};
	use frame_system::pallet_prelude::*;
	use stledger_primitives::{AttestorRegistry, CountryCode, ExchangeId, ExchangeLicenceObserver};

	/// The layout of this pallet's storage. Raise it with every change of layout, with a
	/// migration from the previous one (docs/upgrading.md).
	///
	/// 2 (release 115): [`ConnectedNodes`] (new, empty at the upgrade); the runtime's
	/// migration clears the well-known nodes' connections made before it.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the consortium.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who may admit, suspend and reinstate exchanges, change their licences and the
		/// minimum active set.
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who may authorize a runtime upgrade ([`Pallet::authorize_upgrade`]) and remove an
		/// exchange ([`Pallet::remove`]): stricter than [`Config::ConsortiumOrigin`], since
		/// new code can change every rule, and a removal changes who counts.
		type SupermajorityOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Told of every change to the set of active operators: the council's membership.
		type MembershipChanged: ChangeMembers<Self::AccountId> + InitializeMembers<Self::AccountId>;

		/// Tells whether a validator account has registered its session keys.
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;

		/// What the session pallet has queued and would do at a session change besides
		/// planning validators: in the ST Ledger runtime, read from `pallet-session` (the
		/// queued validators and keys, a queued change, new keys) and `pallet-grandpa` (a
		/// stall, stale authorities), for the session manager
		/// and [`EndSessionOnChange`].
		type SessionChanges: SessionChanges<Self::AccountId>;

		/// Recovers finality from a stall ([`Pallet::note_finality_stalled`]): in the ST
		/// Ledger runtime `pallet-grandpa`.
		type FinalityStall: FinalityStall<BlockNumberFor<Self>>;

		/// Adds and removes exchanges' nodes from the network's well-known nodes.
		type Nodes: NodeRegistry<Self::AccountId>;

		/// Told of every change to an exchange's licence (admission, suspension,
		/// reinstatement, removal, new jurisdictions), in the same call: in the ST Ledger
		/// runtime, the attestation pallet's licence table, so that an exchange's attestations
		/// stop counting in the block it loses the licence.
		type LicenceObserver: ExchangeLicenceObserver;

		/// The registered attestors (in the ST Ledger runtime, the attestation pallet's): an
		/// exchange's operator may not be one ([`Error::OperatorIsAttestor`]).
		type Attestors: AttestorRegistry<Self::AccountId>;

		/// The most exchanges the consortium can have (also the council's size).
		#[pallet::constant]
		type MaxExchanges: Get<u32>;

		/// The most jurisdictions one exchange may be licensed for.
		#[pallet::constant]
		type MaxJurisdictions: Get<u32>;

		/// The longest exchange name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// The most nodes an exchange may connect to its node ([`Pallet::connect_node`]).
		#[pallet::constant]
		type MaxConnectedNodes: Get<u32>;

		/// The shortest and longest `delay` of [`Pallet::note_finality_stalled`], in blocks:
		/// the block signalling a forced change must be beyond any re-org, and the finality
		/// gadget waits that long for the new set (no other set change until then), so a
		/// delay without bound (a slip of the units) would stop finality for good.
		#[pallet::constant]
		type MinStallDelay: Get<BlockNumberFor<Self>>;

		/// See [`Config::MinStallDelay`].
		#[pallet::constant]
		type MaxStallDelay: Get<BlockNumberFor<Self>>;

		/// The council's open motions and who proposed them: in the ST Ledger runtime, read
		/// from `pallet-collective`, whose `Consideration` is this pallet's [`MotionTicket`].
		type CouncilMotions: CouncilMotions;

		/// The most council motions one exchange may have open at once ([`MotionTicket`]).
		/// The council's queue should hold this many for every exchange there can be.
		#[pallet::constant]
		type MaxOpenMotions: Get<u32>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// The exchanges of the consortium, active or suspended.
	#[pallet::storage]
	pub type Exchanges<T: Config> = CountedStorageMap<_, Twox64Concat, ExchangeId, ExchangeOf<T>>;

	/// The id the next admitted exchange receives.
	#[pallet::storage]
	pub type NextExchangeId<T: Config> = StorageValue<_, ExchangeId, ValueQuery>;

	/// The active exchanges, in ascending id order.
	#[pallet::storage]
	pub type ActiveExchanges<T: Config> =
		StorageValue<_, BoundedVec<ExchangeId, T::MaxExchanges>, ValueQuery>;

	/// The fewest active exchanges (hence validators) the consortium may be left with, counting
	/// only those whose node is on the network (not barred, release 120).
	#[pallet::storage]
	pub type MinActiveExchanges<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The exchange each operator or validator account belongs to.
	#[pallet::storage]
	pub type ExchangeOfAccount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ExchangeId>;

	/// The exchange each node peer id belongs to: its node, or one it connected.
	#[pallet::storage]
	pub type ExchangeOfNode<T: Config> = StorageMap<_, Blake2_128Concat, NodeId, ExchangeId>;

	/// The nodes each exchange connected to its node ([`Pallet::connect_node`]).
	#[pallet::storage]
	pub type ConnectedNodes<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ExchangeId,
		BoundedVec<NodeId, T::MaxConnectedNodes>,
		ValueQuery,
	>;

	/// The peer ids the consortium barred ([`Pallet::bar_node`]), with the block it barred
	/// each in: no exchange connects them and no admission names them until the consortium
	/// lifts the bar ([`Pallet::unbar_node`]). None is an exchange's connected node; one may
	/// be an exchange's own node, barred as such, until the exchange replaces it.
	#[pallet::storage]
	pub type BarredNodes<T: Config> = StorageMap<_, Blake2_128Concat, NodeId, BlockNumberFor<T>>;

	/// The block of the latest session change (release 123; 0 until the first after the
	/// upgrade): the finality gadget announces a new set only at one, so a stall is recovered
	/// on top of a block before it ([`Pallet::note_finality_stalled`]).
	#[pallet::storage]
	pub type LastSessionChangeAt<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The consortium at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The founding exchanges, all active, with ids 0, 1, 2… in this order.
		pub exchanges: Vec<GenesisExchange<T::AccountId>>,
		/// The fewest active exchanges the consortium may be left with.
		pub min_active_exchanges: u32,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for founder in &self.exchanges {
				let name = BoundedVec::try_from(founder.name.as_bytes().to_vec())
					.expect("genesis exchange name too long");
				let jurisdictions = BoundedVec::try_from(founder.jurisdictions.clone())
					.expect("too many jurisdictions");
				let node = BoundedVec::try_from(founder.node.clone()).expect("node id too long");
				Pallet::<T>::insert_exchange(
					name,
					jurisdictions,
					founder.licence,
					founder.operator.clone(),
					founder.validator.clone(),
					node,
				)
				.expect("invalid genesis exchange");
			}
			assert!(
				self.min_active_exchanges as usize <= self.exchanges.len(),
				"fewer founding exchanges than the minimum"
			);
			MinActiveExchanges::<T>::put(self.min_active_exchanges);
			T::MembershipChanged::initialize_members(&Pallet::<T>::active_operators());
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Admit an exchange to the consortium. It is active at once: its operator takes a
		/// council seat, its node joins the well-known nodes, and its validator joins the
		/// validator set at the first session change after it registers session keys. A node
		/// another exchange connected under the same peer id is disconnected first
		/// ([`Event::NodeDisconnected`]): no exchange blocks an admission by connecting the
		/// node the motion names.
		///
		/// Origin: [`Config::SupermajorityOrigin`]: every exchange admitted raises the count
		/// every supermajority is measured against and brings a vote, so admission needs one
		/// itself (with two thirds, members could admit exchanges of their own until their
		/// votes reached the three quarters an upgrade needs).
		///
		/// Errors: [`Error::NotSupermajority`], [`Error::EmptyName`], [`Error::NoJurisdictions`],
		/// [`Error::InvalidJurisdiction`], [`Error::DuplicateJurisdiction`],
		/// [`Error::EmptyNodeId`], [`Error::OperatorInUse`], [`Error::OperatorIsAttestor`] (a
		/// registered attestor's account), [`Error::ValidatorInUse`],
		/// [`Error::NodeInUse`], [`Error::NodeBarred`] (lift the bar first,
		/// [`Pallet::unbar_node`]), [`Error::TooManyExchanges`], [`Error::LicenceNotRecorded`].
		///
		/// Emits [`Event::Admitted`].
		#[pallet::call_index(0)]
		pub fn admit(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::MaxNameLength>,
			jurisdictions: BoundedVec<CountryCode, T::MaxJurisdictions>,
			licence: LicenceHash,
			operator: T::AccountId,
			validator: T::AccountId,
			node: NodeId,
		) -> DispatchResult {
			T::SupermajorityOrigin::ensure_origin(origin)
				.map_err(|_| Error::<T>::NotSupermajority)?;
			Self::release_connected_node(&node)?;
			let old_members = Self::active_operators();
			let exchange = Self::insert_exchange(
				name,
				jurisdictions.clone(),
				licence,
				operator.clone(),
				validator.clone(),
				node.clone(),
			)?;
			T::Nodes::add_node(node, operator.clone())?;
			Self::members_changed(&old_members);
			Self::deposit_event(Event::Admitted {
				exchange,
				operator,
				validator,
				jurisdictions: jurisdictions.into_inner(),
				licence,
			});
			Ok(())
		}

		/// Suspend an active exchange: its operator loses the council seat now and its
		/// validator leaves the validator set at the next session change. Its node stays a
		/// well-known node (unless the consortium barred it, [`Pallet::bar_node`]), and the
		/// nodes it connected stay connected, so it keeps following the chain; it connects no
		/// more until reinstated.
		///
		/// Origin: [`Config::ConsortiumOrigin`].
		///
		/// Errors: [`Error::NotConsortium`], [`Error::UnknownExchange`],
		/// [`Error::AlreadySuspended`], [`Error::TooFewActiveExchanges`].
		///
		/// Emits [`Event::Suspended`].
		#[pallet::call_index(1)]
		pub fn suspend(origin: OriginFor<T>, exchange: ExchangeId) -> DispatchResult {
			Self::ensure_consortium(origin)?;
			let mut info = Exchanges::<T>::get(exchange).ok_or(Error::<T>::UnknownExchange)?;
			ensure!(info.status == ExchangeStatus::Active, Error::<T>::AlreadySuspended);
			let old_members = Self::active_operators();
			Self::deactivate(exchange)?;
			Self::licence_changed(exchange, &[])?;
			info.status = ExchangeStatus::Suspended;
			Exchanges::<T>::insert(exchange, info);
			Self::members_changed(&old_members);
			Self::deposit_event(Event::Suspended { exchange });
			Ok(())
		}

		/// Make a suspended exchange active again: council seat now, validator from the next
		/// session change.
		///
		/// Origin: [`Config::ConsortiumOrigin`].
		///
		/// Errors: [`Error::NotConsortium`], [`Error::UnknownExchange`], [`Error::NotSuspended`],
		/// [`Error::LicenceNotRecorded`].
		///
		/// Emits [`Event::Reinstated`].
		#[pallet::call_index(2)]
		pub fn reinstate(origin: OriginFor<T>, exchange: ExchangeId) -> DispatchResult {
			Self::ensure_consortium(origin)?;
			let mut info = Exchanges::<T>::get(exchange).ok_or(Error::<T>::UnknownExchange)?;
			ensure!(info.status == ExchangeStatus::Suspended, Error::<T>::NotSuspended);
			let old_members = Self::active_operators();
			Self::activate(exchange)?;
			Self::licence_changed(exchange, &info.jurisdictions)?;
			info.status = ExchangeStatus::Active;
			Exchanges::<T>::insert(exchange, info);
			Self::members_changed(&old_members);
			Self::deposit_event(Event::Reinstated { exchange });
			Ok(())
		}

		/// Remove an exchange from the consortium. Its operator and validator accounts and its
		/// node peer id are released (they may be used again; a barred peer id stays barred),
		/// its node is no longer a well-known node, and the nodes it connected are
		/// disconnected. The council motions its operator proposed and the members have not
		/// yet passed are closed ([`Config::CouncilMotions`]; release 120): its id is never
		/// reused, so they would otherwise sit outside every exchange's bound of open motions.
		///
		/// Origin: [`Config::SupermajorityOrigin`]: removal lowers the number of exchanges
		/// every supermajority is counted against, so it needs one itself.
		///
		/// Errors: [`Error::NotSupermajority`], [`Error::UnknownExchange`],
		/// [`Error::TooFewActiveExchanges`].
		///
		/// Emits [`Event::Removed`], and [`Event::NodeDisconnected`] for each connected node.
		#[pallet::call_index(3)]
		pub fn remove(origin: OriginFor<T>, exchange: ExchangeId) -> DispatchResult {
			T::SupermajorityOrigin::ensure_origin(origin)
				.map_err(|_| Error::<T>::NotSupermajority)?;
			let info = Exchanges::<T>::get(exchange).ok_or(Error::<T>::UnknownExchange)?;
			let old_members = Self::active_operators();
			if info.status == ExchangeStatus::Active {
				Self::deactivate(exchange)?;
				Self::licence_changed(exchange, &[])?;
			}
			Self::take_all_nodes_off(exchange, &info.node)?;
			Exchanges::<T>::remove(exchange);
			ExchangeOfAccount::<T>::remove(&info.operator);
			ExchangeOfAccount::<T>::remove(&info.validator);
			// Before the council's seats change, so that a motion the exchange proposed and the
			// members passed (its own removal, being executed) still counts its votes.
			T::CouncilMotions::close_motions_of(exchange);
			Self::members_changed(&old_members);
			Self::deposit_event(Event::Removed { exchange });
			Ok(())
		}

		/// Replace the jurisdictions an exchange is licensed for.
		///
		/// Origin: [`Config::ConsortiumOrigin`].
		///
		/// Errors: [`Error::NotConsortium`], [`Error::UnknownExchange`],
		/// [`Error::NoJurisdictions`], [`Error::InvalidJurisdiction`],
		/// [`Error::DuplicateJurisdiction`], [`Error::LicenceNotRecorded`] (an active exchange).
		///
		/// Emits [`Event::JurisdictionsChanged`].
		#[pallet::call_index(4)]
		pub fn set_jurisdictions(
			origin: OriginFor<T>,
			exchange: ExchangeId,
			jurisdictions: BoundedVec<CountryCode, T::MaxJurisdictions>,
		) -> DispatchResult {
			Self::ensure_consortium(origin)?;
			Self::validate_jurisdictions(&jurisdictions)?;
			Exchanges::<T>::try_mutate(exchange, |maybe_info| -> DispatchResult {
				let info = maybe_info.as_mut().ok_or(Error::<T>::UnknownExchange)?;
				if info.status == ExchangeStatus::Active {
					Self::licence_changed(exchange, &jurisdictions)?;
				}
				info.jurisdictions = jurisdictions.clone();
				Ok(())
			})?;
			Self::deposit_event(Event::JurisdictionsChanged {
				exchange,
				jurisdictions: jurisdictions.into_inner(),
			});
			Ok(())
		}

		/// Set the fewest active exchanges the consortium may be left with. Suspensions and
		/// removals that would go below it are refused, and a session keeps its validator set
		/// rather than shrink below it.
		///
		/// Origin: [`Config::ConsortiumOrigin`].
		///
		/// Errors: [`Error::NotConsortium`], [`Error::MinimumTooLow`] (zero),
		/// [`Error::TooFewActiveExchanges`] (more than are active now).
		///
		/// Emits [`Event::MinActiveExchangesSet`].
		#[pallet::call_index(5)]
		pub fn set_min_active_exchanges(origin: OriginFor<T>, min: u32) -> DispatchResult {
			Self::ensure_consortium(origin)?;
			ensure!(min > 0, Error::<T>::MinimumTooLow);
			ensure!(min <= Self::active_exchanges_online(None), Error::<T>::TooFewActiveExchanges);
			MinActiveExchanges::<T>::put(min);
			Self::deposit_event(Event::MinActiveExchangesSet { min });
			Ok(())
		}

		/// Authorize the runtime whose code hashes (the runtime's hashing, blake2-256) to
		/// `code_hash`. Anyone may then apply it with `frame_system::apply_authorized_upgrade`,
		/// which refuses other code (`Unauthorized`) and, since the authorization always asks
		/// for the version check, code whose spec name differs or whose spec version is not
		/// higher (`RejectedInvalidAuthorizedUpgrade`). A new authorization replaces the
		/// previous one, so the consortium withdraws a mistaken hash by authorizing the right
		/// one.
		///
		/// Origin: [`Config::SupermajorityOrigin`].
		///
		/// Errors: [`Error::NotSupermajority`].
		///
		/// Emits `frame_system::Event::UpgradeAuthorized`.
		#[pallet::call_index(6)]
		#[pallet::weight((T::WeightInfo::authorize_upgrade(), DispatchClass::Operational))]
		pub fn authorize_upgrade(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			T::SupermajorityOrigin::ensure_origin(origin)
				.map_err(|_| Error::<T>::NotSupermajority)?;
			frame_system::Pallet::<T>::do_authorize_upgrade(code_hash, true);
			Ok(())
		}

		/// Connect a node of the caller's exchange (an archive node, a standby) to the
		/// exchange's node: the two may peer, and the connected node with no other. It is not
		/// a well-known node and never validates.
		///
		/// Origin: signed by the operator account of an active exchange. Not the consortium,
		/// and no other account: a node one exchange vouches for reaches only that exchange's
		/// node. At most [`Config::MaxConnectedNodes`] per exchange; removal disconnects them.
		///
		/// `proof` is the node's key's signature of this chain's genesis hash, the caller's
		/// exchange and the caller ([`Pallet::node_key_message`]; `scripts/node-key-proof.mjs`
		/// makes it): an
		/// exchange connects a node whose key it holds, never a peer id it saw another exchange
		/// about to connect (release 118).
		///
		/// Errors: [`Error::NotOperator`], [`Error::NotActiveOperator`] (a suspended exchange's
		/// operator), [`Error::EmptyNodeId`], [`Error::NodeIdNotEd25519`],
		/// [`Error::BadNodeKeyProof`], [`Error::NodeInUse`]
		/// (any exchange's node, or one connected already), [`Error::NodeBarred`] (the
		/// consortium barred it, [`Pallet::bar_node`]), [`Error::OwnNodeBarred`] (the
		/// consortium barred the exchange's node), [`Error::TooManyConnectedNodes`].
		///
		/// Emits [`Event::NodeConnected`].
		#[pallet::call_index(7)]
		pub fn connect_node(
			origin: OriginFor<T>,
			node: NodeId,
			proof: NodeKeyProof,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (exchange, info) = Self::exchange_operated_by(&who)?;
			ensure!(info.status == ExchangeStatus::Active, Error::<T>::NotActiveOperator);
			Self::ensure_holds_node_key(exchange, &who, &node, &proof)?;
			Self::do_connect_node(exchange, &info.node, node)
		}

		/// Disconnect a node an exchange connected ([`Pallet::connect_node`]): it may no longer
		/// peer, and its peer id is free again.
		///
		/// Origin: signed by the operator account of the exchange that connected it, active or
		/// suspended; or [`Config::ConsortiumOrigin`], for any exchange's connected node. The
		/// exchange may connect it again (it holds the node's key): to keep a node connected
		/// in bad faith off the network, without removing the exchange, the consortium bars it
		/// ([`Pallet::bar_node`]).
		///
		/// Errors: [`Error::NotOperator`], [`Error::NodeNotConnected`] (not a node the
		/// caller's exchange connected; for the consortium, not a connected node at all).
		///
		/// Emits [`Event::NodeDisconnected`].
		#[pallet::call_index(8)]
		pub fn disconnect_node(origin: OriginFor<T>, node: NodeId) -> DispatchResult {
			let (exchange, info) = match T::ConsortiumOrigin::try_origin(origin) {
				Ok(_) => {
					let exchange =
						ExchangeOfNode::<T>::get(&node).ok_or(Error::<T>::NodeNotConnected)?;
					let info = Exchanges::<T>::get(exchange).ok_or(Error::<T>::NodeNotConnected)?;
					(exchange, info)
				},
				// Neither the consortium nor signed (a motion short of two thirds): refused as
				// not the consortium, as the consortium's other calls are.
				Err(origin) => Self::exchange_operated_by(
					&ensure_signed(origin).map_err(|_| Error::<T>::NotConsortium)?,
				)?,
			};
			Self::do_disconnect_node(exchange, &info.node, node)
		}

		/// Bar a peer id from the network: disconnect it if an exchange connected it, and let
		/// no exchange connect it again ([`Error::NodeBarred`]), whoever holds its key, make it
		/// its node, or have an admission name it, until the consortium lifts the bar
		/// ([`Pallet::unbar_node`]). A consortium's [`Pallet::disconnect_node`] alone does not
		/// stick: the exchange holds the node's key and can prove it again.
		///
		/// An exchange's own node is barred too (release 120; until then
		/// [`Error::ExchangesOwnNode`], so an exchange could dodge a bar motion by making the
		/// targeted node its own first): it leaves the well-known nodes, its connected nodes'
		/// connections to it are cut, and the exchange connects nothing
		/// ([`Error::OwnNodeBarred`]) until it replaces its node by one whose key it holds
		/// ([`Pallet::replace_node`]). A bar is on a key, not on an exchange: to take an
		/// exchange off the network the consortium suspends it and bars its node (a suspended
		/// exchange does not replace a barred node, [`Error::SuspendedNodeBarred`]), or
		/// removes it.
		///
		/// Origin: [`Config::ConsortiumOrigin`]. Not an exchange's operator: an exchange that
		/// could bar a peer id would block the node another exchange is about to connect.
		///
		/// An exchange's own node is barred only while as many other active exchanges as
		/// [`MinActiveExchanges`] keep theirs on the network ([`Error::TooFewActiveExchanges`]),
		/// as for a suspension: two thirds cannot bar the minority's validators off and stop
		/// finality.
		///
		/// Errors: [`Error::NotConsortium`], [`Error::EmptyNodeId`], [`Error::AlreadyBarred`],
		/// [`Error::TooFewActiveExchanges`].
		///
		/// Emits [`Event::NodeBarred`], after [`Event::NodeDisconnected`] for a connected node
		/// or [`Event::ExchangeNodeOffline`] for an exchange's own node.
		#[pallet::call_index(9)]
		pub fn bar_node(origin: OriginFor<T>, node: NodeId) -> DispatchResult {
			Self::ensure_consortium(origin)?;
			Self::do_bar_node(node)
		}

		/// Lift the bar on a peer id ([`Pallet::bar_node`]): an exchange holding the node's key
		/// may connect it again, and an admission may name it. An exchange's own node barred
		/// and not replaced since is a well-known node again, with its connected nodes.
		///
		/// Origin: [`Config::ConsortiumOrigin`].
		///
		/// Errors: [`Error::NotConsortium`], [`Error::NodeNotBarred`]; an error of
		/// [`Config::Nodes`] restoring an exchange's node (none in the ST Ledger runtime: a
		/// barred node is never a well-known node).
		///
		/// Emits [`Event::NodeUnbarred`].
		#[pallet::call_index(10)]
		pub fn unbar_node(origin: OriginFor<T>, node: NodeId) -> DispatchResult {
			Self::ensure_consortium(origin)?;
			Self::do_unbar_node(node)
		}

		/// Replace the caller's exchange's node (one of the well-known nodes) by another whose
		/// key it holds: a node key lost, leaked or rotated, or a standby it connected promoted.
		/// The old peer id stops being a well-known node and is free again (a barred one stays
		/// barred); the exchange's connected nodes peer with the new node. This is how an
		/// exchange whose node the consortium barred comes back on the network. Session keys
		/// are not involved: the validator goes on validating once its node (the new one, with
		/// the same session keys) is up.
		///
		/// Origin: signed by the operator account of the exchange, active or suspended (a
		/// suspended exchange's node still follows the chain, and a leaked key must be
		/// replaceable at once), but not suspended with its node barred: the consortium took
		/// it off the network until it reinstates it. Not the consortium: only the holder of
		/// the new key can prove it. No exchange replaces another's node: the call names no
		/// exchange.
		///
		/// `proof`: as for [`Pallet::connect_node`], the new node key's signature of this
		/// chain, the exchange and the caller ([`Pallet::node_key_message`]).
		///
		/// Errors: [`Error::NotOperator`], [`Error::EmptyNodeId`], [`Error::NodeIdNotEd25519`],
		/// [`Error::BadNodeKeyProof`], [`Error::NodeInUse`] (another exchange's node or
		/// connected node, or the exchange's own node already), [`Error::NodeBarred`],
		/// [`Error::SuspendedNodeBarred`].
		///
		/// Emits [`Event::NodeReplaced`] (and [`Event::NodeDisconnected`] first for a connected
		/// node promoted).
		#[pallet::call_index(11)]
		pub fn replace_node(
			origin: OriginFor<T>,
			node: NodeId,
			proof: NodeKeyProof,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (exchange, info) = Self::exchange_operated_by(&who)?;
			// Suspended and its node barred, an exchange stays off the network until it is
			// reinstated: it came straight back with a fresh key (helper-65).
			ensure!(
				info.status == ExchangeStatus::Active
					|| !BarredNodes::<T>::contains_key(&info.node),
				Error::<T>::SuspendedNodeBarred
			);
			Self::ensure_holds_node_key(exchange, &who, &node, &proof)?;
			Self::do_replace_node(exchange, info, node)
		}

		/// Recover finality from a stall: at the next session change the finality gadget
		/// takes the queued validators' keys by force, `delay` blocks after it, the new set
		/// voting on top of block `best_finalized`. For when a third or more of the
		/// validators stop voting: the consortium first changes the set (suspends them, or
		/// has new keys registered), then notes the stall, since a set change the stalled set
		/// must finalize never takes effect. `best_finalized` is the highest block every
		/// validator of the new set has finalized; it must be before the latest session
		/// change ([`LastSessionChangeAt`]): a set change there that the stalled set never
		/// finalized would otherwise be a dependency no node can satisfy, and no node would
		/// import another block. `delay` lets the signalling block be beyond any re-org
		/// (between [`Config::MinStallDelay`] and [`Config::MaxStallDelay`]).
		///
		/// Origin: [`Config::ConsortiumOrigin`]. Not an exchange's operator, nor a block
		/// author: a forced change overrides finality's own agreement.
		///
		/// Errors: [`Error::NotConsortium`], [`Error::StallDelayOutOfRange`],
		/// [`Error::FinalizedBlockNotBeforeSessionChange`], [`Error::StallAlreadyNoted`],
		/// [`Error::FinalityChangePending`] (a change is pending, or the last forced one
		/// was too recent: the finality gadget would refuse it at the session change).
		///
		/// Emits [`Event::FinalityStallNoted`].
		#[pallet::call_index(12)]
		pub fn note_finality_stalled(
			origin: OriginFor<T>,
			delay: BlockNumberFor<T>,
			best_finalized: BlockNumberFor<T>,
		) -> DispatchResult {
			Self::ensure_consortium(origin)?;
			ensure!(
				(T::MinStallDelay::get()..=T::MaxStallDelay::get()).contains(&delay),
				Error::<T>::StallDelayOutOfRange
			);
			ensure!(
				best_finalized < LastSessionChangeAt::<T>::get(),
				Error::<T>::FinalizedBlockNotBeforeSessionChange
			);
			ensure!(!T::FinalityStall::stall_noted(), Error::<T>::StallAlreadyNoted);
			ensure!(!T::FinalityStall::change_pending(), Error::<T>::FinalityChangePending);
			T::FinalityStall::note_stalled(delay, best_finalized)?;
			Self::deposit_event(Event::FinalityStallNoted { delay, best_finalized });
			Ok(())
		}
	}
}
