// Issue 16, an exchange's operations team: session key rotation and backups, on a
// four-validator network of this file's own (its own directory, p2p ports 13333+, RPC ports
// 12944+; scripts/lib/network.mjs), never the shared one the other end-to-end tests use.
// In order, on the same chain:
//
//   1. Charlie's validator rotates its session keys: its node, which serves no unsafe RPC
//      method, is stopped for `stledger-node session-keys` and started again, then
//      `session.setKeys` is signed by its validator account (without the proof, or by another
//      validator with the proof, it is refused): blocks and finality go on throughout; the new keys are queued at the next session change and
//      active at the one after (Aura's authorities, GRANDPA's set); Charlie's slots are then
//      sealed with the new Aura key, and GRANDPA finalizes with Dave stopped (which needs
//      Charlie's vote, with its new key);
//   2. backups of Charlie's node, stopped for a moment: a copy of its ParityDB directory and
//      keystore, and `export-blocks`. The chain goes on (more transfers), then Charlie's node
//      is stopped for good and rebuilt from the copy on a fresh base path (same node key,
//      same keystore: the same validator, with the keys of scenario 1), and a non-validator
//      node is built with `import-blocks` from the export. Both catch up with the others'
//      finalized head: the same block hash at that height and the same balances; the
//      restored Charlie authors with its keys, and GRANDPA finalizes with it and without Dave;
//   3. Bob's exchange replaces its node's key (`exchanges.replaceNode`, release 119, with the
//      operators' tool's proof), waits for finality, and restarts Bob's validator with the new
//      key on its base path: the new peer id is the well-known node, the old one not; the
//      node peers, seals a block in Bob's slot and votes (GRANDPA finalizes with Dave stopped);
//   4. the consortium bars Bob's own node by motion (`exchanges.barNode`, release 120): it
//      leaves the well-known nodes and loses its peers with no restart (every node runs
//      libp2p and its offchain worker: node/src/peering.rs), and none of the others' blocks
//      reaches it while they finalize; Bob's exchange connects nothing (`OwnNodeBarred`),
//      replaces the node by a fresh key through Alice's node, and Bob's validator restarted
//      with it on its base path (its state from before the replacement) peers, catches up,
//      seals a block in Bob's slot and votes; last, Dave's validator restarted with the
//      barred key in its `--reserved-nodes` leaves it out from its start (a fresh node with
//      that key, which would take the connection, gets no peer and no block).
//
// Scenarios 1, 3 and 4 are long (two session changes; a validator restarted):
// `scripts/test-long.sh` runs them, `scripts/test.sh` skips them (e2e/long.mjs); scenario 2
// depends on none; scenario 4 works on whichever node is Bob's (scenario 3's or the first).
//
// Figures (backup sizes and times, catch-up times, time from setKeys to the new keys active)
// go to the test's diagnostics and to stderr (`operations figures: {…}`);
// docs/operating-a-validator.md ("Backups and recovery", "Rotating session keys") records
// them. Every wait is for a condition, with a timeout; every node this file starts is stopped
// in `after`, even on failure. Alone: see scripts/e2e/env.mjs for the environment
// (`STLEDGER_NODE_BIN`, `STLEDGER_DESCRIPTION`, …).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { connect, councilMotion, devKeyring, eventsOf, submit } from '../lib/chain.mjs';
import { auraSealedBy, auraSlot, LocalNetwork, nodeKeyHex } from '../lib/network.mjs';
import { STL } from '../lib/onboarding.mjs';
import { generateSessionKeys } from '../lib/session-keys.mjs';
import { env } from './env.mjs';
import { longOnly } from './long.mjs';

const [ALICE, BOB, CHARLIE, DAVE] = [0, 1, 2, 3];
const SESSION_BLOCKS = 10; // runtime/src/configs.rs: SessionPeriod
const NODE_KEY_PROOF = new URL('../node-key-proof.mjs', import.meta.url).pathname;

const dir = mkdtempSync(join(tmpdir(), 'stledger-operations-'));
const net = new LocalNetwork({ nodeBin: env.nodeBin, dir, description: env.description, p2pBase: 13333, rpcBase: 12944 });
const figures = {};
/** The node running Bob's validator: scenario 3 restarts it with a new key, under a new name. */
let bobNode = BOB;
let api;
let keys;
const closers = [];

const log = (line) => console.error(`  [operations ${new Date().toISOString().slice(11, 19)}] ${line}`);
const seconds = (ms) => Math.round(ms / 100) / 10;

// Should the test process die without `after`, its nodes die with it.
net.killOnExit();
/** A test that, on failure, keeps the network's logs and prints their last lines. */
const scenario = (name, options, fn) => net.scenario(test, name, options, fn);

before(async () => {
  await net.prepare({ extraPorts: 2 });
  log(`network in ${dir}: p2p ${net.p2pBase}+, RPC ${net.rpcBase}+`);
  await net.startAll();
  await net.waitForFinalized(2, { timeoutMs: 240_000, what: 'the first finalized block of the operations network' });
  api = await connect(net.node(ALICE).ws);
  keys = await devKeyring();
});

after(async () => {
  for (const close of closers) {
    try { close(); } catch { /* already closed */ }
  }
  await api?.disconnect().catch(() => {});
  await net.stopAll({ graceMs: 10_000 });
  console.error(`operations figures: ${JSON.stringify(figures)}`);
  if (net.failed) console.error(`the operations network's logs are kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
});

// ---- helpers ------------------------------------------------------------------------------

/**
 * Watch Alice's node: every new best head (number, slot, arrival) and every finalized head.
 * `figures(from)` sums up the window since `from` (a Date.now()): the largest finality lag
 * (best − finalized, in blocks, at each new head), the longest time between two finalized
 * heads, and the slots without a block.
 */
async function watchChain() {
  const heads = [];
  const finals = [];
  let finalized = 0;
  const unsubFinal = await api.rpc.chain.subscribeFinalizedHeads((header) => {
    finalized = header.number.toNumber();
    finals.push({ number: finalized, at: Date.now() });
  });
  const unsubNew = await api.rpc.chain.subscribeNewHeads((header) => {
    heads.push({ header, number: header.number.toNumber(), slot: auraSlot(header), at: Date.now(), lag: header.number.toNumber() - finalized });
  });
  const stop = () => { unsubFinal(); unsubNew(); };
  closers.push(stop);
  return {
    heads,
    stop,
    figures(from) {
      const h = heads.filter((x) => x.at >= from);
      const f = finals.filter((x) => x.at >= from);
      const gaps = f.slice(1).map((x, i) => x.at - f[i].at);
      const slots = new Set(h.map((x) => x.slot));
      const span = h.length ? h.at(-1).slot - h[0].slot + 1 : 0;
      return {
        blocks: h.length ? h.at(-1).number - h[0].number + 1 : 0,
        slots: span,
        emptySlots: span - slots.size,
        maxFinalityLagBlocks: Math.max(0, ...h.map((x) => x.lag)),
        maxSecondsBetweenFinalizedHeads: seconds(Math.max(0, ...gaps)),
        finalizedFrom: f[0]?.number,
        finalizedTo: f.at(-1)?.number,
      };
    },
  };
}

/** The decoded `SessionKeys` of SCALE bytes (as `stledger-node session-keys` prints them). */
function sessionKeys(bytes) {
  const type = api.tx.session.setKeys.meta.args[0].type.toString();
  const decoded = api.createType(type, bytes);
  return { aura: decoded.aura.toHex(), grandpa: decoded.grandpa.toHex() };
}

/**
 * Whether node `which`'s keystore holds the secrets of session keys `{ aura, grandpa }`: one
 * file each in `<base path>/chains/<chain id>/keystore`, named by the key type and public key.
 */
function keystoreHolds(which, { aura, grandpa }) {
  const chains = join(net.node(which).basePath, 'chains');
  const files = readdirSync(chains).flatMap((chain) => {
    const keystore = join(chains, chain, 'keystore');
    return existsSync(keystore) ? readdirSync(keystore) : [];
  });
  const file = (type, key) => `${Buffer.from(type).toString('hex')}${key.slice(2)}`;
  return files.includes(file('aura', aura)) && files.includes(file('gran', grandpa));
}

/** The validator account's index in Aura's authorities at block `at`, and their count. */
async function auraSlotOwner(at, auraKey) {
  const authorities = (await (await api.at(at)).query.aura.authorities()).map((a) => a.toHex());
  return { index: authorities.indexOf(auraKey), count: authorities.length };
}

/**
 * Wait for a block in `auraKey`'s slot, after block `after`, on Alice's node: one whose slot
 * belongs to that key in the authorities of its parent and whose seal that key made.
 */
function blockSealedBy(watch, auraKey, after, { timeoutMs = 60_000, what } = {}) {
  const checked = new Set();
  return net.waitFor(async () => {
    for (const head of watch.heads) {
      if (head.number <= after || checked.has(head.number)) continue;
      checked.add(head.number);
      const { index, count } = await auraSlotOwner(head.header.parentHash, auraKey);
      if (index >= 0 && head.slot % count === index) {
        assert.ok(await auraSealedBy(head.header, auraKey), `#${head.number} is in ${auraKey}'s slot but not sealed by it`);
        return head;
      }
    }
    return null;
  }, { timeoutMs, what: what ?? `a block sealed by ${auraKey}` });
}

/**
 * Show that node `which` is `account`'s validator: a block after `after` in that account's
 * Aura slot, sealed with its Aura key (as Alice's node sees it), which node `which`'s log
 * says it sealed. Returns the block's head.
 */
async function sealsItsSlot(which, account, after, what) {
  const aura = (await api.query.session.nextKeys(account.address)).unwrap().aura.toHex();
  const watch = await watchChain();
  const authored = await blockSealedBy(watch, aura, after, { what });
  assert.equal(net.grep(which, new RegExp(`Pre-sealed block for proposal at ${authored.number}\\.`)).length, 1, `${which} sealed #${authored.number}`);
  watch.stop();
  return authored;
}

/**
 * Wait until `voter` votes in Alice's round: its node's `grandpa_roundState` shows Alice's set
 * and a round at least Alice's, and `account`'s GRANDPA key (one of the set's) not among the
 * round's missing prevoters, on two polls in a row (a set change reports the new set id with
 * the old set's round for a moment). A validator that was down, or restored from an old copy,
 * first finalizes the others' blocks from their justifications; its voter catches up to their
 * round only when it asks a peer for the round's votes, which it does on a peer's neighbor
 * packet, sent when that peer's round changes (or every two minutes). Until then it does not
 * vote.
 */
async function votesInAlicesRound(voter, account, timeoutMs = 90_000) {
  const key = (await api.query.session.nextKeys(account.address)).unwrap().grandpa.toHex();
  const set = (await api.query.grandpa.authorities()).map(([id]) => id.toHex());
  assert.ok(set.includes(key), `${net.node(voter).name}'s GRANDPA key ${key} is not in the set ${set.join(', ')}`);
  const startedAt = Date.now();
  let polls = 0;
  return net.waitFor(async () => {
    const [alice, own] = await Promise.all([net.rpc(ALICE, 'grandpa_roundState'), net.rpc(voter, 'grandpa_roundState')]);
    const voting = own.setId === alice.setId && own.best.round >= alice.best.round && !own.best.prevotes.missing.some((missing) => u8aToHex(decodeAddress(missing)) === key);
    polls = voting ? polls + 1 : 0;
    return polls >= 2 && { setId: own.setId, round: own.best.round, seconds: seconds(Date.now() - startedAt) };
  }, { timeoutMs, what: `${net.node(voter).name} voting in Alice's GRANDPA round` });
}

/**
 * Show that `voter` (`account`'s validator) votes in GRANDPA: once it votes in the others'
 * round, stop validator `without` (SIGINT), so that three of four validators remain and
 * GRANDPA needs every one of them (more than two thirds), `voter` included; wait for two more
 * blocks finalized on Alice's and `voter`'s nodes, then start `without` again and wait until
 * it has caught up.
 */
async function finalizesWithoutOne(voter, account, without) {
  const caughtUp = await votesInAlicesRound(voter, account);
  await net.stop(without);
  const from = await net.status(ALICE);
  const stoppedAt = Date.now();
  const states = await net.waitForFinalized(from.best + 2, {
    which: [ALICE, voter], timeoutMs: 60_000, what: `finality with ${net.node(without).name} stopped (it needs ${net.node(voter).name}'s vote)`,
  });
  const result = { voterInRound: caughtUp, without: net.node(without).name, finalizedFrom: from.finalized, finalizedTo: states[0].finalized, seconds: seconds(Date.now() - stoppedAt) };
  net.start(without);
  await net.waitForFinalized(result.finalizedTo, { which: [without], timeoutMs: 60_000, what: `${net.node(without).name} back` });
  return result;
}

/** The free balance of `address` at block `hash`, read from node `which` (raw storage). */
async function balanceOn(which, address, hash) {
  const key = api.query.system.account.key(address);
  const raw = await net.rpc(which, 'state_getStorage', [key, hash]);
  if (raw === null) return 0n;
  const type = api.registry.createLookupType(api.query.system.account.creator.meta.type.asMap.value);
  return api.createType(type, raw).data.free.toBigInt();
}

// ---- 1. session keys rotated --------------------------------------------------------------

scenario("a validator rotates its session keys with its node stopped for a moment (`stledger-node session-keys`): blocks and finality go on, the new keys are active two sessions later, it authors and votes with them", { timeout: 240_000, ...longOnly }, async (t) => {
  const charlie = keys.account('Charlie');
  const alice = keys.account('Alice');
  const oldKeys = (await api.query.session.nextKeys(charlie.address)).unwrap();
  const old = { aura: oldKeys.aura.toHex(), grandpa: oldKeys.grandpa.toHex() };
  const watch = await watchChain();
  const startedAt = Date.now();
  const setIdBefore = (await api.query.grandpa.currentSetId()).toNumber();

  // A validator serves no unsafe RPC method (node/src/rpc_access.rs): not on loopback either,
  // so no web page opened on its host writes its keystore.
  await assert.rejects(net.rpc(CHARLIE, 'author_rotateKeysWithOwner', [u8aToHex(charlie.publicKey)]), /unsafe/);

  // Its operator stops the node, generates keys into its keystore bound to the validator
  // account, and starts it again (its slots in between are missed; three validators finalize).
  await net.stop(CHARLIE);
  let generated;
  try {
    generated = await generateSessionKeys(net.nodeBin, { chainSpec: net.spec, basePath: net.node(CHARLIE).basePath, owner: charlie.address });
  } finally {
    net.start(CHARLIE);
  }
  const restartedAt = Date.now();
  const mark = net.logSize(CHARLIE);
  const fresh = sessionKeys(generated.keys);
  assert.notEqual(fresh.aura, old.aura);
  assert.notEqual(fresh.grandpa, old.grandpa);
  assert.ok(keystoreHolds(CHARLIE, fresh), "the keys are files in Charlie's keystore");
  assert.ok(!keystoreHolds(ALICE, fresh), "and not in Alice's");
  // Back: Charlie's best block at Alice's and its finalized block at hers.
  const back = await net.waitFor(async () => {
    const [alice, own] = await Promise.all([net.status(ALICE), net.status(CHARLIE)]);
    return own.best >= alice.best && own.finalized >= alice.finalized && [own];
  }, { timeoutMs: 60_000, what: 'Charlie back after generating its keys' });
  const backAt = Date.now();
  const secondsRestartToCaughtUp = seconds(backAt - restartedAt);
  log(`Charlie's node stopped for its keys, back and caught up ${secondsRestartToCaughtUp} s after its restart (#${back[0].finalized} final)`);

  // pallet-session (polkadot-sdk stable2609) refuses keys without the proof of possession,
  // and the proof is the validator account's: no other account registers these keys.
  const bare = await submit(api, api.tx.session.setKeys(generated.keys, '0x'), charlie);
  assert.equal(bare.error, 'session.InvalidProof', 'setKeys without a proof of possession');
  const alicesKeys = (await api.query.session.nextKeys(alice.address)).toHex();
  const taken = await submit(api, api.tx.session.setKeys(generated.keys, generated.proof), alice);
  assert.equal(taken.error, 'session.InvalidProof', "another validator with Charlie's keys and proof");
  assert.equal((await api.query.session.nextKeys(alice.address)).toHex(), alicesKeys, "Alice's keys unchanged");

  const set = await submit(api, api.tx.session.setKeys(generated.keys, generated.proof), charlie);
  assert.equal(set.error, null, 'session.setKeys');
  const setAt = Date.now();
  const setBlock = (await api.rpc.chain.getHeader(set.blockHash)).number.toNumber();
  const setSession = (await (await api.at(set.blockHash)).query.session.currentIndex()).toNumber();
  const next = (await api.query.session.nextKeys(charlie.address)).unwrap();
  assert.deepEqual({ aura: next.aura.toHex(), grandpa: next.grandpa.toHex() }, fresh, 'session.nextKeys holds the new keys at once');
  log(`setKeys in #${setBlock} (session ${setSession})`);

  // The next session change queues them; the one after makes them active.
  const queued = await net.waitFor(async () => {
    const entry = (await api.query.session.queuedKeys()).find(([who]) => who.toString() === charlie.address);
    return entry && entry[1].aura.toHex() === fresh.aura && {
      at: Date.now(),
      session: (await api.query.session.currentIndex()).toNumber(),
      aura: (await api.query.aura.authorities()).map((a) => a.toHex()),
    };
  }, { timeoutMs: 90_000, what: "Charlie's new keys in session.queuedKeys" });
  assert.ok(queued.aura.includes(old.aura) && !queued.aura.includes(fresh.aura), 'queued, not yet active: Aura still has the old key');
  const active = await net.waitFor(async () => {
    const aura = (await api.query.aura.authorities()).map((a) => a.toHex());
    if (!aura.includes(fresh.aura)) return null;
    const header = await api.rpc.chain.getHeader();
    return { at: Date.now(), aura, block: header.number.toNumber(), session: (await api.query.session.currentIndex()).toNumber() };
  }, { timeoutMs: 90_000, what: "Charlie's new Aura key among Aura's authorities" });
  assert.equal(active.aura.length, 4);
  assert.ok(!active.aura.includes(old.aura), 'the old Aura key is gone');
  assert.equal(queued.session, setSession + 1, 'queued at the first session change after setKeys');
  assert.equal(active.session, setSession + 2, 'active at the second');
  // The block that started the session (multiple of the session length) changed the authorities.
  const changeBlock = Math.floor(active.block / SESSION_BLOCKS) * SESSION_BLOCKS;
  const changeHash = await api.rpc.chain.getBlockHash(changeBlock);
  const beforeChange = (await (await api.at(await api.rpc.chain.getBlockHash(changeBlock - 1))).query.aura.authorities()).map((a) => a.toHex());
  const atChange = (await (await api.at(changeHash)).query.aura.authorities()).map((a) => a.toHex());
  assert.ok(beforeChange.includes(old.aura) && atChange.includes(fresh.aura), `#${changeBlock} changed the authorities`);

  // GRANDPA: the new set holds the new finality key, and it finalizes.
  const grandpa = (await api.call.grandpaApi.grandpaAuthorities()).map(([id]) => id.toHex());
  assert.ok(grandpa.includes(fresh.grandpa) && !grandpa.includes(old.grandpa), "GRANDPA's authorities hold the new key");
  const setId = (await api.query.grandpa.currentSetId()).toNumber();
  assert.ok(setId > setIdBefore, 'a new GRANDPA set');
  const finalizedPast = await net.waitForFinalized(changeBlock + 3, { which: [ALICE, BOB, CHARLIE, DAVE], timeoutMs: 60_000, what: `finality past the change (#${changeBlock})` });

  // Charlie's slots: sealed with the new key, by Charlie's node.
  const authored = await blockSealedBy(watch, fresh.aura, changeBlock, { what: "a block of Charlie's sealed with its new Aura key" });
  assert.equal(net.grep(CHARLIE, new RegExp(`Pre-sealed block for proposal at ${authored.number}\\.`), { since: mark }).length, 1, `Charlie's node sealed #${authored.number}`);
  const doneAt = Date.now();
  watch.stop();
  // Two windows: from the start, Charlie's stop included (its slots empty, three validators
  // finalizing), and from Charlie's return.
  const throughout = watch.figures(startedAt);
  const window = watch.figures(backAt);
  // Charlie votes with the new GRANDPA key: finality goes on with Dave stopped.
  const votes = await finalizesWithoutOne(CHARLIE, charlie, DAVE);

  figures.rotation = {
    secondsRestartToCaughtUp,
    setKeysBlock: setBlock,
    session: { setKeys: setSession, queued: queued.session, active: active.session },
    secondsSetKeysToQueued: seconds(queued.at - setAt),
    secondsSetKeysToActive: seconds(active.at - setAt),
    authoritiesChangedAt: changeBlock,
    grandpaSetId: { before: setIdBefore, after: setId },
    firstBlockWithNewKey: authored.number,
    finalityWithoutDave: votes,
    finalizedOnAllFour: finalizedPast.map((s) => s.finalized),
    ...window,
    withCharliesStop: throughout,
    seconds: seconds(doneAt - startedAt),
  };
  t.diagnostic(`rotation: ${JSON.stringify(figures.rotation)}`);
  // With Charlie stopped, the other three finalize (more than two thirds of four).
  assert.ok(throughout.maxSecondsBetweenFinalizedHeads <= 20, `${throughout.maxSecondsBetweenFinalizedHeads} s without a newly finalized block, Charlie's stop included`);
  // From Charlie's return until Dave's stop: blocks in (nearly) every slot and finality
  // keeping pace.
  assert.ok(window.maxFinalityLagBlocks <= 3, `finality lag ${window.maxFinalityLagBlocks} blocks`);
  assert.ok(window.maxSecondsBetweenFinalizedHeads <= 12, `${window.maxSecondsBetweenFinalizedHeads} s without a newly finalized block`);
  assert.ok(window.emptySlots <= 1, `${window.emptySlots} empty slots`);
});

// ---- 2. backups and recovery ---------------------------------------------------------------

scenario("a validator's backups (a copy of its database, export-blocks): a node rebuilt from either catches up with the same chain and state", { timeout: 240_000 }, async (t) => {
  const [alice, bob, charlie, dave, eve, ferdie] = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map((n) => keys.account(n));
  const recipient = keys.account(`//operations/${Date.now().toString(36)}`);
  const startedAt = Date.now();

  // A non-validator node for the import-blocks restore: Alice's exchange connects it to
  // Alice's node (`exchanges.connectNode`; only the well-known nodes and the nodes their
  // exchanges connect peer).
  // The proof that Alice's exchange holds the node's key comes from the operators' tool,
  // run on the node's key file as an operator would (release 118).
  const imported = await net.addNode({ name: 'imported', nodeKey: 5, offset: 4, basePath: join(dir, 'imported') });
  const keyFile = join(dir, 'imported-node-key');
  writeFileSync(keyFile, nodeKeyHex(imported.nodeKey));
  const made = JSON.parse(execFileSync(process.execPath, [NODE_KEY_PROOF, keyFile, alice.address, net.node(ALICE).ws], { encoding: 'utf8' }));
  assert.equal(made.peerId, imported.peerId, 'the tool reads the key file as the node does');
  assert.equal(made.node, imported.peerBytes);
  const connected = await submit(api, api.tx.exchanges.connectNode(made.node, made.proof), alice);
  assert.equal(connected.error, null);

  // State before the backup: three transfers.
  const pay = (from, amount) => submit(api, api.tx.balances.transferKeepAlive(recipient.address, amount * STL), from, { finalized: true });
  for (const outcome of await Promise.all([pay(alice, 100n), pay(bob, 20n), pay(dave, 3n)])) assert.equal(outcome.error, null);

  // The backup: Charlie's node stopped, its database and keystore copied, its blocks exported,
  // and started again.
  const charlieNode = net.node(CHARLIE);
  const downAt = Date.now();
  await net.stop(CHARLIE);
  const info = net.chainInfo(charlieNode.basePath);
  const copy = net.backupDatabase(CHARLIE, join(dir, 'backup-copy'));
  const exportFile = join(dir, 'backup.blocks');
  const exported = net.exportBlocks(CHARLIE, exportFile);
  const json = net.exportBlocks(CHARLIE, join(dir, 'backup.json'), { binary: false });
  net.start(CHARLIE);
  const downMs = Date.now() - downAt;
  const atRestart = await net.status(ALICE);
  await net.waitFor(async () => {
    const s = await net.status(CHARLIE);
    return s.finalized >= atRestart.finalized && s;
  }, { timeoutMs: 60_000, what: 'Charlie back after its backup' });
  const backedUp = { finalized: info.finalized_number, best: info.best_number, hash: info.finalized_hash };
  log(`backup of Charlie at finalized #${backedUp.finalized}: copy ${copy.bytes} bytes in ${copy.ms} ms, export of ${exported.to} blocks ${exported.bytes} bytes in ${exported.ms} ms; down ${seconds(downMs)} s`);

  // The chain goes on: two more transfers, a few blocks past them.
  for (const outcome of await Promise.all([pay(eve, 4000n), pay(ferdie, 500n)])) assert.equal(outcome.error, null);
  const expected = 4623n * STL;

  // Charlie's node stopped for good (a restored validator must never run beside its original).
  await net.stop(CHARLIE);
  // … and the chain goes on, at least six blocks and past the next session boundary (since
  // release 108 a session with the same validators and keys changes no GRANDPA set; with
  // scenario 1 first, the node imported from the export replays the set change of Charlie's
  // new keys).
  const nextSession = (Math.floor(backedUp.finalized / SESSION_BLOCKS) + 1) * SESSION_BLOCKS;
  const goal = Math.max(nextSession + 1, backedUp.finalized + 6);
  const target = await net.waitForFinalized(goal, { which: [ALICE, BOB, DAVE], timeoutMs: 90_000, what: `the chain at #${goal}, past the session boundary at #${nextSession}` });
  const head = target[0];

  // Rebuilt from the copy: a fresh base path, the same node key and keystore, `--charlie`.
  const restoredPath = join(dir, 'charlie-restored');
  const restoredCopy = net.restoreDatabase(join(dir, 'backup-copy'), restoredPath);
  await net.addNode({ name: 'charlie-restored', key: 'charlie', nodeKey: charlieNode.nodeKey, offset: 2, basePath: restoredPath });
  // Rebuilt from the export: import-blocks into the other node's fresh base path.
  const imports = net.importBlocks(imported.basePath, exportFile);
  assert.equal(imports.info.best_number, exported.to, 'import-blocks imported every exported block');
  assert.equal(await net.hashAt(ALICE, exported.to), imports.info.best_hash, 'the imported best block is the chain\'s');

  const restartedAt = Date.now();
  net.start('charlie-restored');
  net.start('imported');
  const catchUp = {};
  await Promise.all(['charlie-restored', 'imported'].map((name) => net.waitFor(async () => {
    const s = await net.status(name);
    if (s.finalized >= head.finalized && s.best >= head.best) catchUp[name] = { seconds: seconds(Date.now() - restartedAt), peers: s.peers };
    return catchUp[name];
  }, { timeoutMs: 120_000, what: `${name} at the others' finalized head #${head.finalized}` })));
  log(`restored nodes at #${head.finalized}: ${JSON.stringify(catchUp)}`);

  // One chain: the same hash at the others' finalized head and at the backup's; the same balance.
  const everyone = [ALICE, BOB, DAVE, 'charlie-restored', 'imported'];
  for (const height of [backedUp.finalized, head.finalized]) {
    const hashes = await Promise.all(everyone.map((n) => net.hashAt(n, height)));
    assert.equal(new Set(hashes).size, 1, `#${height} on ${everyone.join(', ')}: ${hashes.join(', ')}`);
  }
  assert.equal(await net.hashAt('charlie-restored', backedUp.finalized), backedUp.hash);
  // Who votes now is the validators' own data: a node that is not a validator (an RPC node
  // investors reach, like this one) serves no GRANDPA methods (node/src/rpc.rs).
  await assert.rejects(net.rpc('imported', 'grandpa_roundState'), /Method not found/);
  const balances = await Promise.all(everyone.map((n) => balanceOn(n, recipient.address, head.finalizedHash)));
  assert.deepEqual(balances, everyone.map(() => expected), `the recipient's balance at #${head.finalized}`);

  // The restored Charlie is the same validator: it seals its slots with its (rotated) Aura key
  // from the restored keystore, and votes in GRANDPA.
  const authored = await sealsItsSlot('charlie-restored', charlie, head.best, 'a block sealed by the restored Charlie');
  const votes = await finalizesWithoutOne('charlie-restored', charlie, DAVE);

  figures.backup = {
    backedUpAt: backedUp,
    nodeDownForBackupSeconds: seconds(downMs),
    databaseCopy: copy,
    exportBinary: exported,
    exportJson: { bytes: json.bytes, ms: json.ms },
    restoreCopyMs: restoredCopy.ms,
    importBlocks: { ms: imports.ms, best: imports.info.best_number, finalized: imports.info.finalized_number },
    restoredFrom: head.finalized - backedUp.finalized,
    catchUp,
    restoredAuthored: authored.number,
    finalityWithoutDave: votes,
    seconds: seconds(Date.now() - startedAt),
  };
  t.diagnostic(`backup: ${JSON.stringify(figures.backup)}`);
});

// ---- 3. a node key replaced -------------------------------------------------------------------

scenario("an exchange replaces its node's key (exchanges.replaceNode): the new peer id is the well-known node, and the validator restarted with it peers, authors and votes", { timeout: 240_000, ...longOnly }, async (t) => {
  const bob = keys.account('Bob');
  const startedAt = Date.now();
  const exchange = (await api.query.exchanges.exchangeOfAccount(bob.address)).unwrap().toNumber();
  const old = (await api.query.exchanges.exchanges(exchange)).unwrap().node.toHex();

  // 1. A new node key, and its proof from the operators' tool (docs/operating-a-validator.md,
  // "Replacing your node's key").
  const NEW_NODE_KEY = 30;
  const keyFile = join(dir, 'bob-new-node-key');
  writeFileSync(keyFile, nodeKeyHex(NEW_NODE_KEY));
  const made = JSON.parse(execFileSync(process.execPath, [NODE_KEY_PROOF, keyFile, bob.address, net.node(ALICE).ws], { encoding: 'utf8' }));
  // 2. Sent by the operator and finalized before the node restarts with the new key.
  const replaced = await submit(api, api.tx.exchanges.replaceNode(made.node, made.proof), bob, { finalized: true });
  assert.equal(replaced.error, null);
  const wellKnown = Array.from(await api.query.nodeAuthorization.wellKnownNodes(), (peer) => peer.toHex());
  assert.ok(wellKnown.includes(made.node), 'the new peer id is a well-known node');
  assert.ok(!wellKnown.includes(old), 'the old one is not');
  assert.equal((await api.query.exchanges.exchanges(exchange)).unwrap().node.toHex(), made.node);

  // 3. Bob's validator restarted with the new key, on its base path (same keystore: the dev
  // key `--bob`, the same session keys).
  await net.stop(BOB);
  const renewed = await net.addNode({ name: 'bob-new-key', key: 'bob', nodeKey: NEW_NODE_KEY, offset: BOB, basePath: net.node(BOB).basePath });
  assert.equal(renewed.peerBytes, made.node, "the tool's peer id is the one the node runs with");
  const restartedAt = Date.now();
  net.start('bob-new-key');
  bobNode = 'bob-new-key';
  const peered = await net.waitFor(async () => {
    const health = await net.rpc('bob-new-key', 'system_health').catch(() => null);
    return health && health.peers >= 2 && health;
  }, { timeoutMs: 60_000, what: 'the renewed Bob peered with the other validators' });
  const peeredSeconds = seconds(Date.now() - restartedAt);
  const head = await net.status(ALICE);
  const authored = await sealsItsSlot('bob-new-key', bob, head.best, 'a block sealed by Bob with the new node key');
  const votes = await finalizesWithoutOne('bob-new-key', bob, DAVE);

  figures.nodeKeyReplaced = {
    peersAfterRestart: peered.peers,
    peeredSeconds,
    authored: authored.number,
    finalityWithoutDave: votes,
    seconds: seconds(Date.now() - startedAt),
  };
  t.diagnostic(`node key replaced: ${JSON.stringify(figures.nodeKeyReplaced)}`);
});

// ---- 4. an exchange's own node barred -----------------------------------------------------------

scenario("the consortium bars an exchange's own node (exchanges.barNode): it peers with nothing until the exchange replaces it by a fresh key, and the validator restarted with that key peers, authors and votes", { timeout: 600_000, ...longOnly }, async (t) => {
  const [alice, bob, charlie, dave] = ['Alice', 'Bob', 'Charlie', 'Dave'].map((name) => keys.account(name));
  const startedAt = Date.now();
  const exchange = (await api.query.exchanges.exchangeOfAccount(bob.address)).unwrap().toNumber();
  const barred = (await api.query.exchanges.exchanges(exchange)).unwrap().node.toHex();
  const wellKnown = async () => Array.from(await api.query.nodeAuthorization.wellKnownNodes(), (peer) => peer.toHex());
  const proofOf = (seed) => {
    const keyFile = join(dir, `bob-node-key-${seed}`);
    writeFileSync(keyFile, nodeKeyHex(seed));
    return JSON.parse(execFileSync(process.execPath, [NODE_KEY_PROOF, keyFile, bob.address, net.node(ALICE).ws], { encoding: 'utf8' }));
  };

  // 1. Three of four bar Bob's own node (two thirds).
  const { closed, error } = await councilMotion(api, api.tx.exchanges.barNode(barred), alice, [charlie, dave], 3);
  assert.equal(error, null);
  assert.equal(eventsOf(closed, 'exchanges', 'ExchangeNodeOffline').length, 1);
  assert.ok(!(await wellKnown()).includes(barred), 'the barred node is no longer a well-known node');
  const barredAt = Date.now();
  // It loses its peers as every node applies the new authorized set (the libp2p backend;
  // litep2p kept them until a restart, which is why the node refuses it:
  // node/src/peering.rs). Nobody restarts anything.
  await net.waitFor(async () => (await net.status(bobNode)).peers === 0, { timeoutMs: 60_000, what: "Bob's barred node left without a peer" });
  const isolatedSeconds = seconds(Date.now() - barredAt);
  const without = await net.status(ALICE);
  await net.waitForFinalized(without.best + 2, { which: [ALICE, DAVE], timeoutMs: 60_000, what: 'finality without the barred Bob' });
  const isolatedAt = (await net.status(bobNode)).best;
  // None of the others' blocks reach Bob's validator (it seals nothing more with no peer;
  // a block it sealed at the bar, before its peers left, may be its own fork's: then its
  // restart below catches up through a re-org, which the node's authorized-set task keeps
  // in charge of, helper-64).
  const othersBlock = await net.hashAt(ALICE, without.best + 2);
  assert.equal(await net.rpc(bobNode, 'chain_getHeader', [othersBlock]), null, `the others' block #${without.best + 2} never reached the barred node`);

  // 2. Nothing is connected to a barred node.
  const standby = proofOf(32);
  const refused = await submit(api, api.tx.exchanges.connectNode(standby.node, standby.proof), bob);
  assert.equal(refused.error, 'exchanges.OwnNodeBarred');

  // 3. A fresh key, sent through Alice's node (Bob's has no peer) and finalized.
  const made = proofOf(31);
  const replaced = await submit(api, api.tx.exchanges.replaceNode(made.node, made.proof), bob, { finalized: true });
  assert.equal(replaced.error, null);
  const known = await wellKnown();
  assert.ok(known.includes(made.node) && !known.includes(barred), 'the fresh key is the well-known node, the barred one not');
  assert.ok((await api.query.exchanges.barredNodes(barred)).isSome, 'the bar stays on the old key');

  // 4. Bob's validator restarted with the fresh key on its base path: it catches up from the
  // others (it stopped importing at the bar), then seals and votes.
  const barredNode = net.node(bobNode);
  await net.stop(bobNode);
  const name = 'bob-after-bar';
  const renewed = await net.addNode({ name, key: 'bob', nodeKey: 31, offset: BOB, basePath: barredNode.basePath });
  assert.equal(renewed.peerBytes, made.node);
  const restartedAt = Date.now();
  net.start(name);
  bobNode = name;
  const peered = await net.waitFor(async () => {
    const health = await net.rpc(name, 'system_health').catch(() => null);
    return health && health.peers >= 2 && health;
  }, { timeoutMs: 60_000, what: 'Bob peered again with the fresh key' });
  const peeredSeconds = seconds(Date.now() - restartedAt);
  const head = await net.status(ALICE);
  await net.waitForFinalized(head.finalized, { which: [name], timeoutMs: 90_000, what: 'Bob caught up after the bar' });
  const caughtUpSeconds = seconds(Date.now() - restartedAt);
  const authored = await sealsItsSlot(name, bob, head.best, 'a block sealed by Bob with the fresh key');
  const votes = await finalizesWithoutOne(name, bob, DAVE);

  // 5. A barred node in an operator's `--reserved-nodes` is never dialled
  // (node/src/authorized_set.rs, `drop_barred`). A fresh node with the barred key (an empty
  // base path: its genesis state names Dave's node, so it would take Dave's connection) is
  // started, and Dave's validator is restarted with it among its `--reserved-nodes`: Dave
  // leaves it out from its start, and the barred node gets no peer and no block while Dave
  // peers with the others and finality goes on. Last, so that nothing above depends on it.
  const impostor = await net.addNode({ name: 'barred-fresh', nodeKey: barredNode.nodeKey, offset: 5, basePath: join(dir, 'barred-fresh') });
  net.start(impostor.name);
  const daveMark = net.logSize(DAVE);
  await net.stop(DAVE);
  net.start(DAVE, { args: ['--reserved-nodes', impostor.multiaddr] });
  const daveRestartedAt = Date.now();
  await net.waitFor(async () => (await net.status(DAVE)).peers >= 3, { timeoutMs: 60_000, what: 'Dave peered again, the barred node reserved' });
  const headAtDaveBack = await net.status(ALICE);
  let impostorMostPeers = 0;
  let impostorBest = 0;
  await net.waitFor(async () => {
    const [fresh, dave] = await Promise.all([net.status(impostor.name), net.status(DAVE)]);
    impostorMostPeers = Math.max(impostorMostPeers, fresh.peers);
    impostorBest = Math.max(impostorBest, fresh.best);
    return dave.finalized >= headAtDaveBack.best + 3;
  }, { timeoutMs: 90_000, intervalMs: 250, what: 'three more blocks finalized on Dave\'s node' });
  assert.equal(impostorMostPeers, 0, `the barred node got no peer (log: ${impostor.logFile})`);
  assert.equal(impostorBest, 0, 'and no block');
  assert.equal(net.grep(DAVE, new RegExp(`--reserved-nodes ${impostor.peerId} is barred: left out\\.`), { since: daveMark }).length, 1, "Dave's node says it left the barred node out");
  assert.ok(!(await net.rpc(DAVE, 'system_reservedPeers')).includes(impostor.peerId), "Dave's authorized set never holds it");
  const reservedBarredSeconds = seconds(Date.now() - daveRestartedAt);
  await net.stop(impostor.name);
  await net.stop(DAVE);
  net.start(DAVE);
  await net.waitForFinalized(headAtDaveBack.best + 3, { which: [DAVE], timeoutMs: 60_000, what: 'Dave back without the barred reserved node' });

  figures.ownNodeBarred = {
    isolatedSeconds,
    isolatedAt,
    reservedBarredNode: { impostorMostPeers, impostorBest, seconds: reservedBarredSeconds },
    peersAfterRestart: peered.peers,
    peeredSeconds,
    caughtUpSeconds,
    authored: authored.number,
    finalityWithoutDave: votes,
    seconds: seconds(Date.now() - startedAt),
  };
  t.diagnostic(`own node barred: ${JSON.stringify(figures.ownNodeBarred)}`);
});
