//! The runtime as a node runs it: the `local` genesis, blocks built through `Executive`
//! (hooks, the timestamp inherent, Aura's slot, signed extrinsics with every transaction
//! extension, so the call filter and fees apply), one block at a time.

use crate::actors::Actor;
use codec::Encode;
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo, RawOrigin},
	storage::{with_transaction, TransactionOutcome},
	traits::GetCallMetadata,
	weights::Weight,
};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::H256;
use sp_runtime::{
	generic::{Digest, DigestItem, Era},
	traits::{Dispatchable, Header as _},
	DispatchError,
};
use stledger_primitives::ExchangeRegistry;
use stledger_runtime::{
	genesis_config_presets::{genesis_storage, local_network, DEMO_CASH},
	AccountId, Executive, Header, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, System,
	UncheckedExtrinsic, SLOT_DURATION, UNIT,
};

/// When the fuzzed chain starts: 2026-12-01T00:00:00Z, in milliseconds.
pub const START_MS: u64 = 1_796_083_200_000;

/// A call and who signs it.
#[derive(Clone, Debug)]
pub struct Tx {
	/// The signer's index in the actors.
	pub signer: usize,
	/// The call.
	pub call: RuntimeCall,
}

/// One block's contents: how many slots after the previous block it is authored, and the
/// signed calls it carries.
#[derive(Clone, Debug)]
pub struct BlockPlan {
	/// Slots skipped since the previous block (at least 1).
	pub slots: u64,
	/// The extrinsics, in order.
	pub txs: Vec<Tx>,
}

/// What became of one extrinsic.
#[derive(Clone, Debug)]
pub struct Applied {
	/// `pallet.call` of the outer call.
	pub kind: String,
	/// `None`: invalid (not included: cannot pay, exhausts the block); `Some(Ok)`: dispatched;
	/// `Some(Err)`: included and failed.
	pub outcome: Option<Result<(), DispatchError>>,
	/// The weight the call declared.
	pub declared: Weight,
	/// The weight the call reported after running it (`actual_weight` of its post-dispatch
	/// info, before FRAME clamps it to the declared weight).
	pub reported: Weight,
	/// Its events.
	pub events: Vec<RuntimeEvent>,
	/// Its dispatch class.
	pub class: DispatchClass,
	/// Whether its signer was a council member (an active exchange's operator) when it was
	/// applied.
	pub by_council_member: bool,
}

/// The chain under test.
pub struct Chain {
	ext: sp_io::TestExternalities,
	parent: H256,
	number: u32,
	slot: u64,
	/// The actors, by index.
	pub actors: Vec<Actor>,
}

impl Chain {
	/// The `local` genesis with the fuzzer's newcomers funded (STL and USDX).
	pub fn genesis(actors: Vec<Actor>) -> Self {
		let mut network = local_network();
		for actor in actors.iter().filter(|a| crate::actors::NEWCOMER_SEEDS.contains(&a.name)) {
			network.balances.push((actor.account.clone(), 10_000 * UNIT));
			network.cash_assets[0].holders.push((actor.account.clone(), DEMO_CASH));
		}
		let mut ext = sp_io::TestExternalities::new(genesis_storage(&network));
		let parent = ext.execute_with(|| System::block_hash(0));
		Self { ext, parent, number: 0, slot: START_MS / SLOT_DURATION, actors }
	}

	/// The state of a running chain (`stledger_runtime::snapshot`), resumed at its head: the
	/// next block is the first this runtime executes on it, so an older release's state is
	/// upgraded there, as on a live chain. Accounts the snapshot does not fund stay unfunded.
	pub fn from_snapshot(
		snapshot: &stledger_runtime::snapshot::Snapshot,
		actors: Vec<Actor>,
	) -> Self {
		let mut ext = snapshot.externalities();
		let (number, slot) = ext.execute_with(|| {
			// Aura's current slot is the last block's timestamp over the slot duration.
			(System::block_number(), pallet_timestamp::Now::<Runtime>::get() / SLOT_DURATION)
		});
		Self { ext, parent: snapshot.block_hash, number, slot, actors }
	}

	/// Run `f` against the current state (between blocks).
	pub fn read<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.ext.execute_with(f)
	}

	/// The chain's time, in milliseconds.
	pub fn now(&self) -> u64 {
		self.slot * SLOT_DURATION
	}

	/// The current block number.
	pub fn number(&self) -> u32 {
		self.number
	}

	/// Author the next block with `plan`; `each` sees every extrinsic right after it was
	/// applied (with the state as it left it), `end` the state after the block.
	pub fn apply_block<E>(
		&mut self,
		plan: &BlockPlan,
		mut each: impl FnMut(&Applied) -> Result<(), E>,
		end: impl FnOnce(&[Applied]) -> Result<(), E>,
	) -> Result<Vec<Applied>, E> {
		self.slot += plan.slots.max(1);
		self.number += 1;
		let (slot, number, parent) = (self.slot, self.number, self.parent);
		let actors = &self.actors;
		let (applied, hash) = self.ext.execute_with(|| {
			let digest = Digest {
				logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())],
			};
			let header =
				Header::new(number, Default::default(), Default::default(), parent, digest);
			Executive::initialize_block(&header);
			let timestamp =
				RuntimeCall::Timestamp(pallet_timestamp::Call::set { now: slot * SLOT_DURATION });
			Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(timestamp))
				.expect("the timestamp inherent is valid")
				.expect("the timestamp inherent dispatches");
			let mut applied = Vec::with_capacity(plan.txs.len());
			for tx in &plan.txs {
				let one = apply_signed(&actors[tx.signer], &tx.call);
				each(&one)?;
				applied.push(one);
			}
			let header = Executive::finalize_block();
			end(&applied)?;
			Ok((applied, header.hash()))
		})?;
		self.parent = hash;
		Ok(applied)
	}
}

/// `pallet.call` of `call`.
pub fn kind_of(call: &RuntimeCall) -> String {
	let meta = call.get_call_metadata();
	format!("{}.{}", meta.pallet_name, meta.function_name)
}

/// Sign `call` by `signer` with its current nonce and apply it, as a block author does.
fn apply_signed(signer: &Actor, call: &RuntimeCall) -> Applied {
	let info = call.get_dispatch_info();
	let declared = info.call_weight;
	let by_council_member =
		<pallet_exchanges::Pallet<Runtime> as ExchangeRegistry<AccountId>>::active_exchange_of_operator(
			&signer.account,
		)
		.is_some();
	// What the call says it used, before FRAME clamps it to what it declared: run it once
	// in a storage transaction that is rolled back.
	let reported = with_transaction(|| {
		let result =
			call.clone().dispatch(RuntimeOrigin::from(RawOrigin::Signed(signer.account.clone())));
		let post = match result {
			Ok(post) => post,
			Err(error) => error.post_info,
		};
		TransactionOutcome::Rollback(Ok::<_, DispatchError>(post.actual_weight.unwrap_or(declared)))
	})
	.expect("rolled back");
	let nonce = System::account_nonce(&signer.account);
	let extrinsic = signed(signer, call.clone(), nonce);
	let first_event = System::event_count();
	let result = Executive::apply_extrinsic(extrinsic);
	let events = System::read_events_no_consensus()
		.skip(first_event as usize)
		.map(|record| record.event.clone())
		.collect();
	// An invalid extrinsic (cannot pay, exhausts the block) is not included: `None`.
	let outcome = result.ok();
	Applied {
		kind: kind_of(call),
		outcome,
		declared,
		reported,
		events,
		class: info.class,
		by_council_member,
	}
}

/// `call` signed by `signer` with `nonce`, immortal, fees in STL, every extension of the
/// runtime.
fn signed(signer: &Actor, call: RuntimeCall, nonce: u32) -> UncheckedExtrinsic {
	let genesis = System::block_hash(0);
	stledger_runtime::signed_extrinsic(&signer.pair, call, Era::Immortal, nonce, genesis, genesis)
}
