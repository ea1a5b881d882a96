//! A test runtime: the exchanges pallet with recorders standing in for the council, the
//! session keys and the well-known nodes, so tests can assert what the pallet told them.

use crate as pallet_exchanges;
use crate::{GenesisExchange, LicenceHash, NodeId, NodeRegistry};
use core::cell::RefCell;
use frame_support::{
	derive_impl,
	traits::{ChangeMembers, ConstU32, ConstU64, InitializeMembers, ValidatorRegistration},
};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, DispatchError, DispatchResult};
use std::collections::{btree_map::Entry, BTreeMap, BTreeSet};
use stledger_primitives::{CountryCode, ExchangeId, ExchangeLicenceObserver, LicenceNotRecorded};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Consortium: pallet_exchanges,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	static COUNCIL: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
	static REGISTERED_KEYS: RefCell<BTreeSet<u64>> = const { RefCell::new(BTreeSet::new()) };
	static WELL_KNOWN_NODES: RefCell<BTreeMap<Vec<u8>, u64>> = const { RefCell::new(BTreeMap::new()) };
	static CONNECTIONS: RefCell<BTreeSet<(Vec<u8>, Vec<u8>)>> = const { RefCell::new(BTreeSet::new()) };
	static LICENCES: RefCell<BTreeMap<ExchangeId, Vec<CountryCode>>> = const { RefCell::new(BTreeMap::new()) };
	static LICENCE_ROOM: RefCell<usize> = const { RefCell::new(usize::MAX) };
	static SESSION: RefCell<SessionRecorder> = RefCell::new(SessionRecorder::default());
	static OPEN_MOTIONS: RefCell<BTreeMap<ExchangeId, u32>> = const { RefCell::new(BTreeMap::new()) };
	static ATTESTORS: RefCell<BTreeSet<u64>> = const { RefCell::new(BTreeSet::new()) };
}

/// Stands in for the council's queue: how many open motions each exchange proposed, as
/// tests set them with [`set_open_motions`], and closed when the exchange is removed.
pub struct MotionsRecorder;
impl crate::CouncilMotions for MotionsRecorder {
	fn open_motions_of(exchange: ExchangeId) -> u32 {
		OPEN_MOTIONS.with(|m| m.borrow().get(&exchange).copied().unwrap_or_default())
	}

	fn close_motions_of(exchange: ExchangeId) -> u32 {
		OPEN_MOTIONS.with(|m| m.borrow_mut().remove(&exchange).unwrap_or_default())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn fill_queue_for_benchmark(exchange: ExchangeId, of_exchange: u32) {
		set_open_motions(exchange, of_exchange);
	}
}

/// Let the council hold `open` motions proposed by `exchange`.
pub fn set_open_motions(exchange: ExchangeId, open: u32) {
	OPEN_MOTIONS.with(|m| m.borrow_mut().insert(exchange, open));
}

/// The licensed exchanges and their jurisdictions, as the pallet last told the observer.
pub fn observed_licences() -> BTreeMap<ExchangeId, Vec<CountryCode>> {
	LICENCES.with(|l| l.borrow().clone())
}

/// Let the observer hold at most `room` licensed exchanges (as a full licence table would).
pub fn limit_observed_licences(room: usize) {
	LICENCE_ROOM.with(|r| *r.borrow_mut() = room);
}

/// Stands in for the attestation pallet's register of attestors: the accounts a test
/// registers with [`register_attestor`].
pub struct AttestorsRecorder;
impl stledger_primitives::AttestorRegistry<u64> for AttestorsRecorder {
	fn is_registered_attestor(who: &u64) -> bool {
		ATTESTORS.with(|a| a.borrow().contains(who))
	}
}

/// Register `who` as an attestor, as the attestation pallet would.
pub fn register_attestor(who: u64) {
	ATTESTORS.with(|a| a.borrow_mut().insert(who));
}

/// Stands in for the attestation pallet's licence table: records what it is told, and
/// refuses a new licensed exchange beyond [`limit_observed_licences`].
pub struct LicenceRecorder;
impl ExchangeLicenceObserver for LicenceRecorder {
	fn exchange_licence_changed(
		exchange: ExchangeId,
		jurisdictions: &[CountryCode],
	) -> Result<(), LicenceNotRecorded> {
		LICENCES.with(|l| {
			let mut licences = l.borrow_mut();
			if jurisdictions.is_empty() {
				licences.remove(&exchange);
				return Ok(());
			}
			let room = LICENCE_ROOM.with(|r| *r.borrow());
			if !licences.contains_key(&exchange) && licences.len() >= room {
				return Err(LicenceNotRecorded);
			}
			licences.insert(exchange, jurisdictions.to_vec());
			Ok(())
		})
	}
}

/// The council's members as the pallet last set them.
pub fn council() -> Vec<u64> {
	COUNCIL.with(|c| c.borrow().clone())
}

/// Stands in for `pallet-collective`: records the membership it is given.
pub struct CouncilRecorder;
impl ChangeMembers<u64> for CouncilRecorder {
	fn change_members_sorted(_incoming: &[u64], _outgoing: &[u64], new: &[u64]) {
		COUNCIL.with(|c| *c.borrow_mut() = new.to_vec());
	}
}
impl InitializeMembers<u64> for CouncilRecorder {
	fn initialize_members(members: &[u64]) {
		COUNCIL.with(|c| *c.borrow_mut() = members.to_vec());
	}
}

/// Register (as `pallet-session::set_keys` would) the session keys of a validator.
pub fn register_keys(validator: u64) {
	REGISTERED_KEYS.with(|k| k.borrow_mut().insert(validator));
}

/// Forget (as `pallet-session::purge_keys` would) the session keys of a validator.
pub fn unregister_keys(validator: u64) {
	REGISTERED_KEYS.with(|k| k.borrow_mut().remove(&validator));
}

/// Whether the session pallet has work of its own at the next session change (queued keys,
/// new keys, a finality stall), as [`SessionRecorder`] reports it.
pub fn set_session_work_pending(pending: bool) {
	SESSION.with(|s| s.borrow_mut().pending = pending);
}

/// Whether the finality authorities are stale, as [`SessionRecorder`] reports it.
pub fn set_authorities_stale(stale: bool) {
	SESSION.with(|s| s.borrow_mut().authorities_stale = stale);
}

/// What the session pallet queues when `new_session` answers `planned`: the planned set, or
/// the queued one kept, less validators without keys (as `pallet-session` loads keys).
pub fn session_change(planned: Option<Vec<u64>>) {
	SESSION.with(|s| {
		let mut session = s.borrow_mut();
		let next = planned.unwrap_or_else(|| session.queued.clone());
		session.queued = next.into_iter().filter(KeysRecorder::is_registered).collect();
	});
}

/// The validators the session pallet has queued, in this mock.
pub fn queued_validators() -> Vec<u64> {
	SESSION.with(|s| s.borrow().queued.clone())
}

/// Stands in for the runtime's answers from `pallet-session` and `pallet-grandpa`.
#[derive(Default)]
pub struct SessionRecorder {
	queued: Vec<u64>,
	pending: bool,
	authorities_stale: bool,
	stalled: Option<(u64, u64)>,
	finality_change_pending: bool,
}

/// As `pallet-grandpa`'s `note_stalled`: the stall is kept for the next session change, which
/// then has work to do.
impl crate::FinalityStall<u64> for SessionRecorder {
	fn note_stalled(delay: u64, best_finalized: u64) -> DispatchResult {
		SESSION.with(|s| {
			let mut session = s.borrow_mut();
			session.stalled = Some((delay, best_finalized));
			session.pending = true;
		});
		Ok(())
	}

	fn stall_noted() -> bool {
		noted_stall().is_some()
	}

	fn change_pending() -> bool {
		SESSION.with(|s| s.borrow().finality_change_pending)
	}
}

/// Whether the finality gadget has a change pending, as [`SessionRecorder`] reports it.
pub fn set_finality_change_pending(pending: bool) {
	SESSION.with(|s| s.borrow_mut().finality_change_pending = pending);
}

/// The stall noted for the next session change (`delay`, `best_finalized`), if any.
pub fn noted_stall() -> Option<(u64, u64)> {
	SESSION.with(|s| s.borrow().stalled)
}
impl crate::SessionChanges<u64> for SessionRecorder {
	fn queued_validators() -> Vec<u64> {
		queued_validators()
	}
	fn pending() -> bool {
		SESSION.with(|s| s.borrow().pending)
	}
	fn authorities_stale() -> bool {
		SESSION.with(|s| s.borrow().authorities_stale)
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_up_unchanged(registered: &[u64], queued: &[u64]) {
		registered.iter().chain(queued).copied().for_each(register_keys);
		SESSION.with(|s| {
			*s.borrow_mut() = SessionRecorder { queued: queued.to_vec(), ..Default::default() }
		});
	}
}

/// Stands in for `pallet-session`'s key registry.
pub struct KeysRecorder;
impl ValidatorRegistration<u64> for KeysRecorder {
	fn is_registered(id: &u64) -> bool {
		REGISTERED_KEYS.with(|k| k.borrow().contains(id))
	}
}

/// The well-known nodes and their owners, as the pallet last set them.
pub fn well_known_nodes() -> BTreeMap<Vec<u8>, u64> {
	WELL_KNOWN_NODES.with(|n| n.borrow().clone())
}

/// The (well-known node, connected node) pairs allowed to peer, as the pallet last set them.
pub fn connections() -> BTreeSet<(Vec<u8>, Vec<u8>)> {
	CONNECTIONS.with(|c| c.borrow().clone())
}

/// Stands in for `pallet-node-authorization`.
pub struct NodesRecorder;
impl NodeRegistry<u64> for NodesRecorder {
	/// As `pallet-node-authorization`'s `add_well_known_node`: refused for a well-known node.
	fn add_node(node: NodeId, owner: u64) -> DispatchResult {
		WELL_KNOWN_NODES.with(|n| match n.borrow_mut().entry(node.into_inner()) {
			Entry::Occupied(_) => Err(DispatchError::Other("AlreadyJoined")),
			Entry::Vacant(entry) => {
				entry.insert(owner);
				Ok(())
			},
		})
	}
	/// As `pallet-node-authorization`'s `remove_well_known_node`: refused for a node that is
	/// not well-known; the node's connections go with it.
	fn remove_node(node: NodeId) -> DispatchResult {
		WELL_KNOWN_NODES
			.with(|n| n.borrow_mut().remove(node.as_slice()))
			.ok_or(DispatchError::Other("NotExist"))?;
		CONNECTIONS.with(|c| c.borrow_mut().retain(|(own, _)| own[..] != node[..]));
		Ok(())
	}
	fn connect(node: NodeId, extra: NodeId) -> DispatchResult {
		CONNECTIONS.with(|c| c.borrow_mut().insert((node.into_inner(), extra.into_inner())));
		Ok(())
	}
	fn disconnect(node: NodeId, extra: NodeId) -> DispatchResult {
		CONNECTIONS.with(|c| c.borrow_mut().remove(&(node.into_inner(), extra.into_inner())));
		Ok(())
	}
}

impl pallet_exchanges::Config for Test {
	type ConsortiumOrigin = EnsureRoot<u64>;
	type SupermajorityOrigin = EnsureRoot<u64>;
	type MembershipChanged = CouncilRecorder;
	type ValidatorRegistration = KeysRecorder;
	type SessionChanges = SessionRecorder;
	type FinalityStall = SessionRecorder;
	type Nodes = NodesRecorder;
	type LicenceObserver = LicenceRecorder;
	type Attestors = AttestorsRecorder;
	type MaxExchanges = ConstU32<8>;
	type MaxJurisdictions = ConstU32<4>;
	type MaxNameLength = ConstU32<32>;
	type MaxConnectedNodes = ConstU32<2>;
	type MinStallDelay = ConstU64<100>;
	type MaxStallDelay = ConstU64<2_400>;
	type CouncilMotions = MotionsRecorder;
	type MaxOpenMotions = ConstU32<3>;
	type WeightInfo = ();
}

/// Operator, validator and node of founding exchange `i` (0-based): operators are 10, 11…,
/// validators 20, 21…, nodes `[i; 38]`.
pub fn founder(i: u8) -> (u64, u64, Vec<u8>) {
	(10 + i as u64, 20 + i as u64, vec![i; 38])
}

pub fn code(text: &str) -> CountryCode {
	text.parse().unwrap()
}

/// Four founding exchanges (US, DE, SG, CH), all active.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let founders = ["US", "DE", "SG", "CH"]
		.iter()
		.enumerate()
		.map(|(i, jurisdiction)| {
			let (operator, validator, node) = founder(i as u8);
			GenesisExchange {
				name: format!("{jurisdiction} Exchange"),
				jurisdictions: vec![code(jurisdiction)],
				licence: LicenceHash::repeat_byte(i as u8),
				operator,
				validator,
				node,
			}
		})
		.collect();
	ext_with(founders)
}

/// No exchanges at all (benchmarks fill the consortium themselves).
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	ext_with(Vec::new())
}

fn ext_with(exchanges: Vec<GenesisExchange<u64>>) -> sp_io::TestExternalities {
	let min_active_exchanges = exchanges.len().min(3) as u32;
	COUNCIL.with(|c| c.borrow_mut().clear());
	REGISTERED_KEYS.with(|k| k.borrow_mut().clear());
	SESSION.with(|s| *s.borrow_mut() = SessionRecorder::default());
	// The founders' nodes are well-known from genesis, as `pallet-node-authorization`'s genesis
	// makes them in the ST Ledger runtime.
	WELL_KNOWN_NODES.with(|n| {
		*n.borrow_mut() =
			exchanges.iter().map(|exchange| (exchange.node.clone(), exchange.operator)).collect()
	});
	CONNECTIONS.with(|c| c.borrow_mut().clear());
	LICENCES.with(|l| l.borrow_mut().clear());
	LICENCE_ROOM.with(|r| *r.borrow_mut() = usize::MAX);
	OPEN_MOTIONS.with(|m| m.borrow_mut().clear());
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		consortium: pallet_exchanges::GenesisConfig { exchanges, min_active_exchanges },
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	// The benchmarks sign node keys' proofs with the keystore, as the benchmark CLI's.
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| System::set_block_number(1));
	ext
}
