// Issue 15, the network under faults: a four-validator network of this file's own (its own
// directory, p2p ports 31333+, RPC ports 10944+; scripts/lib/network.mjs), never the shared
// one the other end-to-end tests use. In order, on the same chain:
//
//   1. under a steady load of transfers and order-book trades, Charlie's node is killed
//      (SIGKILL): blocks and finality go on; it restarts on its data and catches up; every
//      transaction has an outcome, and every one in a finalized block is still there on
//      every node;
//   2. Charlie and Dave stopped: blocks go on, finality stops; both return, finality catches
//      up, and every node's finalized chain is the same one;
//   3. all four stopped (SIGINT) and restarted on their data: the finalized head and a sample
//      of balances, open orders, attestations and an offering are unchanged; blocks and
//      finality resume;
//   4. Dave's clock 10 s ahead, then 10 s behind (libfaketime): what Aura does with it;
//      the chain keeps finalizing;
//   5. a second node with Dave's validator keys (an exchange's "backup" started alongside):
//      both author in Dave's slots; one block of each pair is finalized, every node agrees;
//      the consortium suspends the CH exchange and its validator leaves the set.
//
// Scenarios 4 and 5 are long: `scripts/test-long.sh` runs them, `scripts/test.sh` skips them
// (e2e/long.mjs); 1–3 run in both.
//
// Figures (catch-up times, blocks made while finality stalled, …) go to the test's
// diagnostics, to stderr (`faults figures: {…}`) and to $STLEDGER_FAULTS_FIGURES if set;
// docs/operating-a-validator.md ("Faults: what happens and what to do") records them. Every wait is for a condition, with
// a timeout; every node this file starts is stopped in `after`, even on failure.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hexToU8a, u8aConcat, u8aToBn, u8aToHex } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';
import { connect, councilMotion, devKeyring, submit } from '../lib/chain.mjs';
import { connectNodeTx, faketimeLibrary, LocalNetwork } from '../lib/network.mjs';
import { BlockReader } from '../lib/load/blocks.mjs';
import { planWorld, signLoad } from '../lib/load/mixes.mjs';
import { RpcConnection } from '../lib/load/rpc.mjs';
import { signTx } from '../lib/load/sign.mjs';
import { record, Submitter } from '../lib/load/submit.mjs';
import { buildWorld, SetupSender, USDX } from '../lib/load/world.mjs';
import { longOnly } from './long.mjs';
import { STL } from '../lib/onboarding.mjs';

// Needs no shared network: only the node binary (as scripts/lib.sh finds it) and the chain
// description. Alone: `cd scripts && STLEDGER_NODE_BIN=… node --test e2e/15-network-faults.test.mjs`.
const NODE_BIN = process.env.STLEDGER_NODE_BIN
  || join(process.env.CARGO_TARGET_DIR || join(homedir(), '.cache/stledger/target'), 'release/stledger-node');
const DESCRIPTION = process.env.STLEDGER_DESCRIPTION || fileURLToPath(new URL('../../chain-specs/local.json', import.meta.url));

const [ALICE, BOB, CHARLIE, DAVE] = [0, 1, 2, 3];
const ALL = [ALICE, BOB, CHARLIE, DAVE];
const NAMES = ['Alice', 'Bob', 'Charlie', 'Dave'];
// The load of scenario 1: about 30 s at 20 transactions per second (a 2-core machine).
const LOAD = { counts: { transfer: 260, cross: 260, rest: 40, subscribe: 40 }, rate: 20 };
const VICTIMS = 8; // transfers sent to Charlie's node just before it is killed
const HELD = 4; // transfers Charlie's pool holds as future (a nonce gap) when it is killed

const dir = mkdtempSync(join(tmpdir(), 'stledger-faults-'));
const net = new LocalNetwork({ nodeBin: NODE_BIN, dir, description: DESCRIPTION, p2pBase: 31333, rpcBase: 10944 });
const figures = {};
let api;
let keys;
let world; // scenario 1's world, sampled by scenario 3
const closers = [];

const log = (line) => console.error(`  [faults ${new Date().toISOString().slice(11, 19)}] ${line}`);
const range = (from, to) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
const seconds = (ms) => Math.round(ms / 100) / 10;

// Should the test process die without `after`, its nodes die with it.
net.killOnExit();
/** A test that, on failure, keeps the network's logs and prints their last lines. */
const scenario = (name, options, fn) => net.scenario(test, name, options, fn);

before(async () => {
  await net.prepare();
  log(`network in ${dir}: p2p ${net.p2pBase}+, RPC ${net.rpcBase}+`);
  await net.startAll();
  await net.waitForFinalized(2, { timeoutMs: 240_000, what: 'the first finalized block of the faults network' });
  api = await connect(net.node(ALICE).ws);
  keys = await devKeyring();
});

after(async () => {
  for (const close of closers) {
    try { close(); } catch { /* already closed */ }
  }
  await api?.disconnect().catch(() => {});
  await net.stopAll({ graceMs: 10_000 });
  const json = `${JSON.stringify(figures, null, 1)}\n`;
  if (process.env.STLEDGER_FAULTS_FIGURES) writeFileSync(process.env.STLEDGER_FAULTS_FIGURES, json);
  if (net.failed) writeFileSync(join(dir, 'figures.json'), json);
  console.error(`faults figures: ${JSON.stringify(figures)}`);
  if (net.failed) console.error(`the faults network's logs are kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
});

// ---- helpers ------------------------------------------------------------------------------

/** Node `i`'s `{ best, finalized, finalizedHash, peers }`. */
const status = (i) => net.status(i);

/** The block hashes at `heights` on node `i`'s best chain. */
const hashesAt = (i, heights) => Promise.all(heights.map((h) => net.hashAt(i, h)));

/** Start the validators that are down and wait until all four finalize together. */
async function ensureAllUp() {
  for (const i of ALL) if (!net.node(i).child) net.start(i);
  const { best } = await status(ALICE);
  await net.waitForFinalized(best, { which: ALL, timeoutMs: 180_000, what: `all four validators finalizing #${best}` });
}

/** The Aura slot of a header (polkadot.js Header). */
function slotOf(header) {
  const item = header.digest.logs.find((log) => log.isPreRuntime && log.asPreRuntime[0].toString() === 'aura');
  return item ? u8aToBn(item.asPreRuntime[1].toU8a(true), { isLe: true }).toNumber() : null;
}

/** Canonical blocks `from`..`to` on node `i`: `[{ number, hash, slot, extrinsics: [hash] }]`. */
async function readChain(i, from, to) {
  return Promise.all(range(from, to).map(async (number) => {
    const hash = await net.hashAt(i, number);
    const { block } = await net.rpc(i, 'chain_getBlock', [hash]);
    const header = api.createType('Header', block.header);
    return { number, hash, slot: slotOf(header), extrinsics: block.extrinsics.map((xt) => blake2AsHex(hexToU8a(xt), 256)) };
  }));
}

/** The index of `name`'s Aura key in the authorities, and how many there are. */
async function auraIndex(name) {
  const authorities = (await api.query.aura.authorities()).map((a) => a.toHex());
  const index = authorities.indexOf(u8aToHex(keys.account(name).publicKey));
  return { index, count: authorities.length };
}

/** Every node of `which` sees the same hash at each height of `heights`: the hashes. */
async function oneChain(which, heights) {
  const views = await Promise.all(which.map((i) => hashesAt(i, heights)));
  heights.forEach((h, k) => {
    const seen = new Set(views.map((view) => view[k]));
    assert.equal(seen.size, 1, `finalized #${h}: the nodes disagree (${[...seen].join(', ')})`);
  });
  return views[0];
}

/** A runtime API call at block `at`, raw (the SCALE bytes, hex). */
const stateCall = (method, args, at) => api.rpc.state.call(method, u8aToHex(args), at).then((bytes) => bytes.toHex());
const accountBytes = (address) => decodeAddress(address);
const u32 = (n) => api.createType('u32', n).toU8a();

// ---- 1. one validator killed under load -------------------------------------------------------

scenario('one validator killed (SIGKILL) under load: blocks and finality go on, it catches up, no transaction is lost', { timeout: 420_000 }, async (t) => {
  const liveNodes = [ALICE, BOB, DAVE]; // the load's clients use the nodes that stay up
  const submitter = await new Submitter(liveNodes.map((i) => net.node(i).ws), { maxConnections: 4 }).open(1);
  closers.push(() => submitter.close());
  const raw = await new RpcConnection(net.node(ALICE).ws).open();
  closers.push(() => raw.close());
  const sender = new SetupSender(api, submitter, new BlockReader(api, raw), { log });

  // The load's own world (scripts/lib/load/world.mjs), and accounts whose transfers go to the victim.
  const seed = `faults/${Date.now().toString(36)}`;
  const plan = planWorld(keys, seed, LOAD.counts);
  const setupStarted = Date.now();
  world = await buildWorld(api, sender, keys, plan, { log });
  world.nodeCount = liveNodes.length;
  world.plan = plan;
  const eve = keys.account('Eve');
  const victims = range(1, VICTIMS).map((k) => keys.account(`${seed}/victim/${k}`));
  const held = range(1, HELD).map((k) => keys.account(`${seed}/held/${k}`));
  const funded = await submit(api, api.tx.utility.batchAll([...victims, ...held].map((v) => api.tx.balances.transferKeepAlive(v.address, 10n * STL))), eve);
  assert.equal(funded.error, null);
  const records = await signLoad(api, plan, world, LOAD.counts, sender.nonces, {}, { log });
  log(`world ready in ${seconds(Date.now() - setupStarted)} s; ${records.length} transactions at ${LOAD.rate}/s`);

  const firstBlock = (await status(ALICE)).best + 1;
  const loadStarted = Date.now();
  const running = submitter.run(records, { rate: LOAD.rate, maxPending: 3000 });
  await net.waitFor(() => records.filter((r) => r.inBlockAt !== null).length >= 40, { timeoutMs: 90_000, what: '40 load transactions in blocks' });

  // Transfers sent to Charlie's node just before it dies, their submitter watching on it:
  // ready ones (a node passes those on to its peers at once), and future ones (nonce 1 of an
  // account at nonce 0), which a node keeps to itself until they become ready.
  const victimSubmitter = await new Submitter([net.node(CHARLIE).ws]).open(1);
  closers.push(() => victimSubmitter.close());
  const transfer = (pair, nonce, kind) => {
    const { hex, hash } = signTx(api, api.tx.balances.transferKeepAlive(eve.address, STL), pair, nonce);
    return record({ kind, node: 0, account: pair.address, nonce, hex, hash });
  };
  const victimRecords = victims.map((v) => transfer(v, 0, 'victim'));
  const heldRecords = held.map((h) => transfer(h, 1, 'held'));
  for (const rec of [...victimRecords, ...heldRecords]) assert.ok(victimSubmitter.trySend(rec));
  await net.waitFor(() => victimRecords.every((r) => r.readyAt !== null || r.outcome) && heldRecords.every((r) => r.futureAt !== null || r.outcome),
    { timeoutMs: 30_000, what: "Charlie's node accepting the transfers" });

  // SIGKILL Charlie's node.
  const beforeKill = await status(ALICE);
  const killedAt = Date.now();
  const killedPerf = performance.now();
  const sentBeforeKill = records.filter((r) => r.sentAt !== null).length;
  await net.kill(CHARLIE);
  log(`Charlie killed at #${beforeKill.best} (finalized #${beforeKill.finalized}), ${sentBeforeKill} load transactions sent`);

  // Blocks and finality go on without it.
  const without = await net.waitFor(async () => {
    const s = await status(ALICE);
    return s.best >= beforeKill.best + 4 && s.finalized >= beforeKill.finalized + 3 && s;
  }, { timeoutMs: 90_000, what: 'four blocks and three finalized without Charlie' });
  const downMs = Date.now() - killedAt;

  // Restart on the same base path with the same flags; it catches up to the head.
  const atRestart = await status(ALICE);
  const restartedAt = Date.now();
  const restartedPerf = performance.now();
  net.start(CHARLIE);
  const caughtUp = await net.waitFor(async () => {
    const s = await status(CHARLIE);
    return s.best >= atRestart.best && s.finalized >= atRestart.finalized && s;
  }, { timeoutMs: 120_000, what: 'Charlie back at the head it was behind' });
  const catchUpMs = Date.now() - restartedAt;
  const inSync = await net.waitFor(async () => {
    const [a, c] = await Promise.all([status(ALICE), status(CHARLIE)]);
    return Math.abs(a.best - c.best) <= 1 && c.finalized >= a.finalized - 1 && c.peers >= 2 && c;
  }, { timeoutMs: 60_000, what: 'Charlie in step with Alice' });
  log(`Charlie restarted at #${atRestart.best}: caught up in ${seconds(catchUpMs)} s (#${caughtUp.best}, ${inSync.peers} peers)`);

  // Every load transaction to its end.
  const run = await running;
  const left = await submitter.settle(records, { until: 'final', timeoutMs: 60_000 });
  const loadMs = Date.now() - loadStarted;
  await net.waitFor(() => [...victimRecords, ...heldRecords].every((r) => r.outcome), { timeoutMs: 30_000, what: 'an outcome for every transfer sent to Charlie' });

  // What every node's chain holds: the canonical blocks from the load's start to the finalized head.
  const end = await status(ALICE);
  const chain = await readChain(ALICE, firstBlock, end.finalized);
  const included = new Map(); // extrinsic hash -> block
  for (const block of chain) for (const xt of block.extrinsics) included.set(xt, block);

  const outcomes = {};
  for (const rec of records) outcomes[rec.outcome ?? 'none'] = (outcomes[rec.outcome ?? 'none'] ?? 0) + 1;
  assert.equal(run.unsent, 0, 'every load transaction was sent');
  assert.equal(left.length, 0, `every load transaction has a final outcome (${left.length} without)`);
  assert.equal(outcomes.none ?? 0, 0);

  // 1. Every transaction reported finalized is in that block, on the canonical chain of every node.
  const finalizedRecords = records.filter((r) => r.outcome === 'finalized');
  for (const rec of finalizedRecords) {
    const block = included.get(rec.hash);
    assert.ok(block, `${rec.kind} ${rec.hash} was reported finalized but is not in the chain`);
    assert.equal(block.hash, rec.finalized, `${rec.kind} ${rec.hash}: reported in ${rec.finalized}, found in ${block.hash}`);
  }
  const blocksUsed = [...new Set(finalizedRecords.map((r) => included.get(r.hash).number))].sort((a, b) => a - b);
  await oneChain(ALL, blocksUsed);
  // 2. Every other outcome was reported to its submitter; count those the chain included anyway.
  const notFinal = records.filter((r) => r.outcome !== 'finalized');
  const reportedButIncluded = notFinal.filter((r) => included.has(r.hash));

  // The transfers sent to the victim: included by the others (it had gossiped them), or lost
  // with its pool, the submitter seeing only its connection close. Those are still valid
  // (their nonce unused): sent again to another node, each is included once.
  const victimOutcomes = {};
  for (const rec of victimRecords) victimOutcomes[rec.outcome] = (victimOutcomes[rec.outcome] ?? 0) + 1;
  const victimIncluded = victimRecords.filter((r) => included.has(r.hash));
  const victimLost = victimRecords.filter((r) => !included.has(r.hash));
  for (const rec of victimLost) {
    const nonce = (await api.query.system.account(rec.account)).nonce.toNumber();
    assert.equal(nonce, 0, 'a transfer not in the chain left its nonce unused');
    const again = record({ kind: 'victim-again', node: 0, account: rec.account, nonce: 0, hex: rec.hex, hash: rec.hash });
    assert.ok(submitter.trySend(again));
    await submitter.settle([again], { until: 'final', timeoutMs: 60_000 });
    assert.equal(again.outcome, 'finalized', `the resent transfer: ${again.outcome} ${again.error ?? ''}`);
  }
  for (const v of victims) assert.equal((await api.query.system.account(v.address)).nonce.toNumber(), 1, 'each victim transfer included exactly once');

  // The future ones lived only in Charlie's pool: gone with it, never included, their
  // submitter told only that the connection closed. The client sends the missing nonce and
  // the same bytes again, to another node: both are included.
  const heldOutcomes = {};
  for (const rec of heldRecords) heldOutcomes[rec.outcome] = (heldOutcomes[rec.outcome] ?? 0) + 1;
  for (const rec of heldRecords) {
    assert.ok(!included.has(rec.hash), 'a transaction only Charlie held is not in the chain');
    assert.notEqual(rec.outcome, 'finalized');
  }
  const resent = held.flatMap((h, k) => [
    transfer(h, 0, 'held-gap'),
    record({ kind: 'held-again', node: 0, account: h.address, nonce: 1, hex: heldRecords[k].hex, hash: heldRecords[k].hash }),
  ]);
  for (const rec of resent) assert.ok(submitter.trySend(rec));
  await submitter.settle(resent, { until: 'final', timeoutMs: 60_000 });
  assert.deepEqual(resent.map((r) => r.outcome), resent.map(() => 'finalized'), 'the resent transfers are finalized');
  for (const h of held) assert.equal((await api.query.system.account(h.address)).nonce.toNumber(), 2);

  const downRecords = finalizedRecords.filter((r) => r.sentAt >= killedPerf && r.sentAt <= restartedPerf);
  const latency = (list) => {
    const values = list.map((r) => r.finalizedAt - r.sentAt).sort((a, b) => a - b);
    return values.length ? { p50: seconds(values[Math.floor(values.length / 2)]), max: seconds(values[values.length - 1]) } : null;
  };
  figures.kill = {
    transactions: records.length,
    rate: LOAD.rate,
    loadSeconds: seconds(loadMs),
    outcomes,
    reportedNotFinalButIncluded: reportedButIncluded.length,
    finalizedBlocksChecked: blocksUsed.length,
    killedAt: beforeKill,
    withoutCharlie: { seconds: seconds(downMs), best: without.best, finalized: without.finalized },
    catchUpSeconds: seconds(catchUpMs),
    behindAtRestart: atRestart.best,
    sentToCharlieReady: { outcomes: victimOutcomes, includedAnyway: victimIncluded.length, lostWithThePool: victimLost.length },
    sentToCharlieFuture: { outcomes: heldOutcomes, included: 0, resentAndFinalized: held.length },
    finalityLatencySeconds: { all: latency(finalizedRecords), sentWhileCharlieDown: latency(downRecords) },
  };
  t.diagnostic(`kill: ${JSON.stringify(figures.kill)}`);
  submitter.close();
  victimSubmitter.close();
  raw.close();
});

// ---- 2. two of four validators stopped ---------------------------------------------------------

scenario('two of four validators stopped: blocks go on, finality stops; back, finality catches up on one chain', { timeout: 300_000 }, async (t) => {
  await ensureAllUp();
  const start = await status(ALICE);
  const early = range(Math.max(1, start.finalized - 5), start.finalized);
  const earlyHashes = await oneChain(ALL, early);

  const stoppedAt = Date.now();
  await Promise.all([net.stop(CHARLIE), net.stop(DAVE)]);
  const stopped = await status(ALICE);
  let maxFinalized = stopped.finalized;
  const stalled = await net.waitFor(async () => {
    const [a, b] = await Promise.all([status(ALICE), status(BOB)]);
    maxFinalized = Math.max(maxFinalized, a.finalized, b.finalized);
    return a.best >= stopped.best + 4 && b.best >= stopped.best + 4 && a;
  }, { timeoutMs: 120_000, what: 'four blocks from Alice and Bob alone' });
  // A round whose votes were all cast before the stop may still conclude: at most one block.
  assert.ok(maxFinalized <= stopped.finalized + 1, `finality went on with two of four validators (#${stopped.finalized} -> #${maxFinalized})`);
  const stallMs = Date.now() - stoppedAt;
  // The blocks made meanwhile, as Alice sees them; nothing has finalized them yet.
  const atRestart = await status(ALICE);
  const unfinalized = range(maxFinalized + 1, atRestart.best);
  const unfinalizedHashes = await hashesAt(ALICE, unfinalized);

  const restartedAt = Date.now();
  net.start(CHARLIE);
  net.start(DAVE);
  await net.waitForFinalized(atRestart.best, { which: ALL, timeoutMs: 180_000, what: `finality to catch up to #${atRestart.best} on all four` });
  const catchUpMs = Date.now() - restartedAt;

  // One finalized chain: every node has the same hash at every height, the blocks finalized
  // before the stop are unchanged, and the blocks made while finality stalled are the ones
  // finalized.
  const top = Math.min(...(await Promise.all(ALL.map(status))).map((s) => s.finalized));
  const finalizedNow = await oneChain(ALL, range(early[0], top));
  assert.deepEqual(finalizedNow.slice(0, early.length), earlyHashes, 'the blocks finalized before the stop are unchanged');
  assert.deepEqual(await hashesAt(ALICE, unfinalized), unfinalizedHashes, 'the blocks made while finality stalled are the ones finalized');

  figures.twoDown = {
    stoppedAt: { best: stopped.best, finalized: stopped.finalized },
    finalizedWhileStopped: maxFinalized,
    stallSeconds: seconds(stallMs),
    blocksMadeWhileStalled: atRestart.best - maxFinalized,
    catchUpSeconds: seconds(catchUpMs),
    heightsCompared: top - early[0] + 1,
  };
  t.diagnostic(`two down: ${JSON.stringify(figures.twoDown)}`);
});

// ---- 3. all four stopped and restarted ---------------------------------------------------------

/** A sample of the chain's state at block `at`: raw SCALE bytes, so equal means unchanged. */
async function sample(at) {
  assert.ok(world, 'scenario 1 built the world this samples');
  const { groups } = world.plan;
  const investors = ['transfer', 'buyer', 'seller', 'rest', 'subscribe'].flatMap((g) => (groups[g] ?? []).slice(0, 2).map((inv) => inv.pair.address));
  const accounts = [...investors, ...NAMES.map((n) => keys.account(n).address)];
  const apiAt = await api.at(at);
  const balances = (await apiAt.query.system.account.multi(accounts)).map((a) => a.toHex());
  const cash = (await apiAt.query.assets.account.multi(investors.map((a) => [USDX, a]))).map((a) => a.toHex());
  const tokens = (await apiAt.query.assets.account.multi(investors.map((a) => [world.security, a]))).map((a) => a.toHex());
  const openOrders = await Promise.all((groups.rest ?? []).slice(0, 4).map((inv) => stateCall('OrderbookApi_open_orders', accountBytes(inv.pair.address), at)));
  const depth = await stateCall('OrderbookApi_depth', u8aConcat(u32(world.market), u32(50)), at);
  const profiles = await Promise.all(investors.map((a) => stateCall('AttestationApi_investor_profile', accountBytes(a), at)));
  const offering = await stateCall('OfferingsApi_offering', u32(world.offering), at);
  return { balances, cash, tokens, openOrders, depth, profiles, offering };
}

scenario('all four validators stopped (SIGINT) and restarted on their data: head and state unchanged, blocks and finality resume', { timeout: 300_000 }, async (t) => {
  await ensureAllUp();
  const head = await api.rpc.chain.getFinalizedHead();
  const before = await sample(head);
  assert.ok(before.openOrders.some((o) => o !== '0x00'), 'the sample holds open orders');
  assert.notEqual(before.offering, '0x00', 'the sample holds an offering');
  await api.disconnect();
  api = null;

  const heads = await Promise.all(ALL.map(status));
  const stoppedAt = Date.now();
  await net.stopAll();
  const stopMs = Date.now() - stoppedAt;
  for (const i of ALL) assert.equal(net.node(i).child, null);

  const restartedAt = Date.now();
  await net.startAll();
  // The finalized head each node reads from its database, before GRANDPA finalizes anything new.
  const reopened = await Promise.all(ALL.map((i) => net.waitFor(() => status(i), { timeoutMs: 120_000, what: `${NAMES[i]}'s RPC` })));
  const rpcMs = Date.now() - restartedAt;
  api = await connect(net.node(ALICE).ws);
  for (const i of ALL) {
    assert.ok(reopened[i].finalized >= heads[i].finalized, `${NAMES[i]}'s finalized head went back`);
    assert.equal(await net.hashAt(i, heads[i].finalized), heads[i].finalizedHash, `${NAMES[i]}: finalized #${heads[i].finalized} changed`);
  }
  const sameHead = ALL.filter((i) => reopened[i].finalizedHash === heads[i].finalizedHash).length;

  // The same block's state, read again from the reopened databases.
  const again = await sample(head);
  assert.deepEqual(again, before, 'balances, open orders, attestations and the offering at the finalized head');

  // Production and finality resume; nothing in the state sample moved (no one sent anything).
  const resumed = await net.waitForFinalized(Math.max(...heads.map((h) => h.best)) + 2, { which: ALL, timeoutMs: 180_000, what: 'finality to resume after the full restart' });
  const resumeMs = Date.now() - restartedAt;
  const now = await sample(await api.rpc.chain.getFinalizedHead());
  assert.deepEqual(now, before, 'the sampled state at the new finalized head');

  figures.allDown = {
    finalizedBefore: heads.map((h) => h.finalized),
    finalizedOnReopen: reopened.map((s) => s.finalized),
    sameFinalizedHeadOnReopen: sameHead,
    stopSeconds: seconds(stopMs),
    exits: ALL.map((i) => net.node(i).lastExit?.signal ?? net.node(i).lastExit?.code ?? null),
    rpcUpSeconds: seconds(rpcMs),
    finalityResumedSeconds: seconds(resumeMs),
    finalizedAfter: resumed[0].finalized,
  };
  t.diagnostic(`all down: ${JSON.stringify(figures.allDown)}`);
});

// ---- 4. a validator's clock off by more than a slot --------------------------------------------

scenario("a validator's clock 10 s ahead, then 10 s behind: its blocks are refused or it stops following; the chain keeps finalizing", { timeout: 300_000, ...longOnly }, async (t) => {
  if (!faketimeLibrary()) {
    // scripts/test.sh installs it (Debian package faketime).
    t.skip('libfaketime is not installed (apt-get install faketime)');
    return;
  }
  await ensureAllUp();
  const dave = net.node(DAVE);
  const { index: daveIndex, count } = await auraIndex('Dave');
  assert.ok(daveIndex >= 0);
  const others = [ALICE, BOB, CHARLIE];

  // Ahead: Dave's slots come 10 s early, so its blocks carry slots the others have not reached.
  await net.stop(DAVE);
  const aheadFrom = await status(ALICE);
  const marks = Object.fromEntries(ALL.map((i) => [i, net.logSize(i)]));
  net.start(DAVE, { faketime: '+10s' });
  const ahead = await net.waitFor(async () => {
    const proposed = net.grep(DAVE, /Pre-sealed block for proposal/, { since: marks[DAVE] });
    const refused = others.flatMap((i) => net.grep(i, /too far in the future/, { since: marks[i] }).filter((l) => l.includes(dave.peerId)));
    const [a, d] = await Promise.all([status(ALICE), status(DAVE)]);
    return proposed.length >= 1 && refused.length >= 1 && a.finalized >= aheadFrom.best + 4 && d.finalized >= a.finalized - 2
      && { proposed: proposed.length, refused: refused.length, alice: a, dave: d };
  }, { timeoutMs: 120_000, what: "Dave's early block refused and the chain finalizing past it" });
  const aheadChain = await readChain(ALICE, aheadFrom.best + 1, ahead.alice.finalized);
  const byDave = aheadChain.filter((b) => b.slot % count === daveIndex);
  assert.equal(byDave.length, 0, `blocks of Dave's in the chain while its clock was ahead: ${byDave.map((b) => b.number)}`);
  const slotsAhead = aheadChain.at(-1).slot - aheadChain[0].slot + 1;

  // Behind: the others' newest blocks are in Dave's future: it refuses them and stops following.
  await net.stop(DAVE);
  const behindFrom = await status(ALICE);
  for (const i of ALL) marks[i] = net.logSize(i);
  net.start(DAVE, { faketime: '-10s' });
  const behind = await net.waitFor(async () => {
    const refused = net.grep(DAVE, /too far in the future/, { since: marks[DAVE] });
    const [a, d] = await Promise.all([status(ALICE), status(DAVE)]);
    return refused.length >= 1 && a.finalized >= behindFrom.best + 4 && a.best >= d.best + 4
      && { refused: refused.length, alice: a, dave: d };
  }, { timeoutMs: 120_000, what: 'Dave refusing blocks from its future while the others finalize' });
  const behindChain = await readChain(ALICE, behindFrom.best + 1, behind.alice.finalized);
  const byDaveBehind = behindChain.filter((b) => b.slot % count === daveIndex).length;

  // The clock fixed: Dave restarts and catches up.
  await net.stop(DAVE);
  const atFix = await status(ALICE);
  const fixedAt = Date.now();
  net.start(DAVE);
  await net.waitFor(async () => {
    const d = await status(DAVE);
    return d.best >= atFix.best && d.finalized >= atFix.finalized && d;
  }, { timeoutMs: 120_000, what: 'Dave catching up with its clock fixed' });

  figures.clock = {
    ahead: {
      proposedByDave: ahead.proposed,
      refusedByOthers: ahead.refused,
      blocksInChain: aheadChain.length,
      slots: slotsAhead,
      daveBlocksInChain: 0,
      daveFollowed: { best: ahead.dave.best, finalized: ahead.dave.finalized, aliceBest: ahead.alice.best },
    },
    behind: {
      refusedByDave: behind.refused,
      daveBest: behind.dave.best,
      aliceBest: behind.alice.best,
      lag: behind.alice.best - behind.dave.best,
      daveBlocksInChain: byDaveBehind,
      blocksInChain: behindChain.length,
      slots: behindChain.at(-1).slot - behindChain[0].slot + 1,
    },
    catchUpAfterFixSeconds: seconds(Date.now() - fixedAt),
  };
  t.diagnostic(`clock: ${JSON.stringify(figures.clock)}`);
});

// ---- 5. equivocation: two nodes with Dave's keys ------------------------------------------------

scenario("two nodes with Dave's validator keys: both author in its slots, one block of each pair is finalized; the consortium suspends the exchange", { timeout: 360_000, ...longOnly }, async (t) => {
  await ensureAllUp();
  const daveAccount = keys.account('Dave');
  const dave = net.node(DAVE);
  const { index: daveIndex, count } = await auraIndex('Dave');
  assert.equal(count, 4);

  // The exchange connects a second node of its own (`exchanges.connectNode`: the only way a
  // node that is not the consortium's well-known node can peer, with that exchange's node),
  // and starts it with the validator's keys too: `--dave` on another base path.
  const twin = net.nodes.find((n) => n.name === 'dave-twin') ?? await net.addNode({ name: 'dave-twin', key: 'dave', nodeKey: 5, offset: 4 });
  if ((await api.query.exchanges.exchangeOfNode(twin.peerBytes)).isNone) {
    const registered = await submit(api, await connectNodeTx(api, twin, daveAccount.address), daveAccount);
    assert.equal(registered.error, null);
  }

  const heads = new Map(); // hash -> { number, slot, at }
  const unsubscribe = await api.rpc.chain.subscribeAllHeads((header) => {
    heads.set(header.hash.toHex(), { number: header.number.toNumber(), slot: slotOf(header), at: Date.now() });
  });
  closers.push(() => unsubscribe());
  const marks = Object.fromEntries([...ALL, 'dave-twin'].map((i) => [i, net.logSize(i)]));
  const start = await status(ALICE);
  net.start('dave-twin');

  const equivocations = () => {
    const bySlot = new Map();
    for (const [hash, h] of heads) {
      if (h.number <= start.best) continue;
      const list = bySlot.get(h.slot) ?? [];
      list.push({ hash, ...h });
      bySlot.set(h.slot, list);
    }
    return [...bySlot.entries()].filter(([, list]) => list.length > 1).map(([slot, list]) => ({ slot, blocks: list }));
  };
  const first = await net.waitFor(() => equivocations().length >= 1 && equivocations(), { timeoutMs: 120_000, what: "two blocks in one of Dave's slots" });
  log(`equivocation at slot ${first[0].slot}: ${first[0].blocks.map((b) => `#${b.number} ${b.hash.slice(0, 10)}`).join(', ')}`);

  // The consortium suspends the CH exchange by council motion (three of four seats).
  const entries = await api.query.exchanges.exchanges.entries();
  const [key] = entries.find(([, info]) => info.unwrap().validator.toString() === daveAccount.address);
  const exchange = key.args[0].toNumber();
  const [alice, bob, charlie] = ['Alice', 'Bob', 'Charlie'].map((n) => keys.account(n));
  const motionStarted = Date.now();
  const suspended = await councilMotion(api, api.tx.exchanges.suspend(exchange), alice, [bob, charlie], 3);
  assert.equal(suspended.error, null, 'exchanges.suspend executed');
  const suspendedAt = (await api.rpc.chain.getHeader(suspended.closed.blockHash)).number.toNumber();
  assert.equal((await api.query.council.members()).length, 3, 'its council seat goes at once');

  // Its validator leaves the set at a coming session change; Aura and GRANDPA follow.
  const setIdBefore = (await api.query.grandpa.currentSetId()).toNumber();
  const left = await net.waitFor(async () => {
    const authorities = (await api.query.aura.authorities()).map((a) => a.toHex());
    const validators = (await api.query.session.validators()).map(String);
    return authorities.length === 3 && !authorities.includes(u8aToHex(daveAccount.publicKey)) && !validators.includes(daveAccount.address)
      && (await status(ALICE));
  }, { timeoutMs: 200_000, what: "Dave's validator to leave the set" });
  const leftMs = Date.now() - motionStarted;
  for (const i of [...ALL, 'dave-twin']) marks[i] = net.logSize(i);
  // Three validators finalize (all three needed: more than two thirds of three).
  await net.waitForFinalized(left.best + 6, { which: [ALICE, BOB, CHARLIE], timeoutMs: 120_000, what: 'finality with three validators' });
  const later = await status(ALICE);
  unsubscribe();

  // Every equivocation was in Dave's slot; one block of each pair is finalized, the same on
  // every node (the twin too); after the change, neither of Dave's nodes authors.
  const all = equivocations();
  const heights = [...new Set(all.flatMap((e) => e.blocks.map((b) => b.number)))].sort((a, b) => a - b);
  await net.waitForFinalized(Math.max(...heights), { which: [...ALL, 'dave-twin'], timeoutMs: 60_000 });
  const finalizedAt = await oneChain([...ALL, 'dave-twin'], heights);
  for (const e of all) {
    assert.equal(e.slot % count, daveIndex, `slot ${e.slot} is Dave's`);
    const chosen = e.blocks.filter((b) => finalizedAt[heights.indexOf(b.number)] === b.hash);
    assert.ok(chosen.length <= 1, `slot ${e.slot}: more than one of its blocks finalized`);
  }
  const pairsFinalized = all.filter((e) => e.blocks.some((b) => finalizedAt[heights.indexOf(b.number)] === b.hash)).length;
  await oneChain([ALICE, BOB, CHARLIE, DAVE, 'dave-twin'], range(start.finalized, Math.min(later.finalized, (await status('dave-twin')).finalized)));
  const proposedAfter = [DAVE, 'dave-twin'].map((n) => net.grep(n, /Pre-sealed block for proposal/, { since: marks[n] }).length);
  assert.deepEqual(proposedAfter, [0, 0], "Dave's nodes author nothing once it has left the set");

  const logged = (pattern) => [ALICE, BOB, CHARLIE].map((i) => net.grep(i, pattern).length);
  const auraWarnings = logged(/Slot author is equivocating/);
  assert.ok(auraWarnings.some((n) => n > 0), 'the honest nodes log the slot equivocation');
  figures.equivocation = {
    slotsWithTwoBlocks: all.length,
    pairsWithAFinalizedBlock: pairsFinalized,
    auraWarnings,
    grandpaPrevoteEquivocations: logged(/Detected prevote equivocation/),
    grandpaPrecommitEquivocations: logged(/Detected precommit equivocation/),
    suspendedAtBlock: suspendedAt,
    leftTheSetAtBlock: left.best,
    grandpaSetId: { before: setIdBefore, after: (await api.query.grandpa.currentSetId()).toNumber() },
    secondsFromMotionToLeaving: seconds(leftMs),
  };
  t.diagnostic(`equivocation: ${JSON.stringify(figures.equivocation)}`);
});
