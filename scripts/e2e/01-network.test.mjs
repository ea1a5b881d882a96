// The four-exchange network: every validator authors, blocks finalize, a signed transfer
// from polkadot.js is included and finalized. A node peers by the consortium's authorized set:
// it runs libp2p and its offchain worker always, and refuses a command line that would not
// (node/src/peering.rs). Its RPC serves the safe methods unless told otherwise, and unsafe
// ones only on loopback for named origins (node/src/rpc_access.rs).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { connect, devKeyring, eventsOf, isAlreadyImported, submit, waitForBlocks } from '../lib/chain.mjs';
import { httpRpc } from '../lib/network.mjs';
import { env } from './env.mjs';

let api;
let keys;

before(async () => {
  api = await connect(env.rpc);
  keys = await devKeyring();
});

after(async () => api?.disconnect());

test('all four validators author blocks', async () => {
  const validators = (await api.query.session.validators()).map(String);
  assert.equal(validators.length, 4, 'four validators in the session');
  const authors = new Set();
  await waitForBlocks(api, async (header) => {
    const { author } = await api.derive.chain.getHeader(header.hash);
    if (author) authors.add(author.toString());
    return authors.size === 4;
  }, { timeoutMs: 90_000, what: 'blocks from all four validators' });
  assert.deepEqual([...authors].sort(), [...validators].sort());
});

test('blocks are finalized, every 3 seconds, a few blocks behind the best', async (t) => {
  const finalizedNumber = async () =>
    (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  const start = await finalizedNumber();
  const samples = [];
  await waitForBlocks(api, async (header) => {
    const [moment, finalized] = await Promise.all([
      api.query.timestamp.now.at(header.hash),
      finalizedNumber(),
    ]);
    samples.push({ best: header.number.toNumber(), moment: moment.toNumber(), finalized });
    return samples.length >= 11 && finalized >= start + 5;
  }, { timeoutMs: 90_000, what: 'ten blocks and five more finalized' });

  const first = samples[0];
  const last = samples[samples.length - 1];
  const blockTime = (last.moment - first.moment) / (last.best - first.best) / 1000;
  const lags = samples.map((s) => s.best - s.finalized);
  const meanLag = lags.reduce((a, b) => a + b, 0) / lags.length;
  t.diagnostic(`block time ${blockTime.toFixed(2)} s over ${last.best - first.best} blocks; ` +
    `finality lag mean ${meanLag.toFixed(1)} blocks, max ${Math.max(...lags)}`);
  assert.ok(blockTime >= 2.9 && blockTime <= 3.6, `block time ${blockTime} s`);
  assert.ok(Math.max(...lags) <= 10, `finality lag up to ${Math.max(...lags)} blocks`);
});

test("a validator's node reports its GRANDPA voter's round; it does not serve grandpa_proveFinality", async () => {
  // What an operator reads to see that a validator votes (docs/operating-a-validator.md);
  // env.rpc is Alice's validator (e2e 19 checks that a node that is not one does not serve it).
  const state = await api.rpc.grandpa.roundState();
  assert.equal(state.setId.toNumber(), (await api.query.grandpa.currentSetId()).toNumber(), 'the current set');
  assert.ok(state.best.round.toNumber() > 0, `round ${state.best.round}`);
  assert.equal(state.best.totalWeight.toNumber(), 4, 'four voters');
  assert.equal(state.best.thresholdWeight.toNumber(), 3, 'more than two thirds of four');
  const { methods } = await api.rpc.rpc.methods();
  const names = methods.map(String);
  for (const served of ['grandpa_roundState', 'grandpa_subscribeJustifications']) assert.ok(names.includes(served), served);
  // A walk of up to 100,000 headers a call, for anyone who reaches the node (node/src/rpc.rs).
  assert.ok(!names.includes('grandpa_proveFinality'), 'grandpa_proveFinality is listed');
  await assert.rejects(httpRpc(env.rpc.replace(/^ws/, 'http'), 'grandpa_proveFinality', [1]), /Method not found/);
});

test('a signed balance transfer is included and finalized', async () => {
  const alice = keys.account('Alice');
  const recipient = keys.keyring.addFromUri(mnemonicGenerate());
  const amount = 10n * 10n ** 12n;
  const outcome = await submit(api, api.tx.balances.transferKeepAlive(recipient.address, amount), alice, { finalized: true });
  assert.equal(outcome.error, null);
  const atFinalized = await api.at(outcome.blockHash);
  const { data } = await atFinalized.query.system.account(recipient.address);
  assert.equal(data.free.toBigInt(), amount);
});

// The node refuses a second submission of bytes its pool already holds with `1013
// Transaction Already Imported`, as the fork-aware pool's race refuses a first one under load
// (docs/performance.md, "What it reports"): the client finds the transaction in its block
// instead of reporting a failure.
test('a transaction refused as already in the pool is found in its block', async () => {
  const alice = keys.account('Alice');
  const recipient = keys.keyring.addFromUri(mnemonicGenerate());
  const amount = 3n * 10n ** 12n;
  const tx = await api.tx.balances.transferKeepAlive(recipient.address, amount).signAsync(alice);
  await api.rpc.author.submitExtrinsic(tx);
  await assert.rejects(api.rpc.author.submitExtrinsic(tx), (error) => isAlreadyImported(error), 'the node refuses the same bytes again with 1013');
  const outcome = await submit(api, tx, null, { finalized: true });
  assert.equal(outcome.error, null);
  assert.equal(eventsOf(outcome, 'balances', 'Transfer').length, 1, 'its own events, not its neighbours\'');
  const { data } = await (await api.at(outcome.blockHash)).query.system.account(recipient.address);
  assert.equal(data.free.toBigInt(), amount);
});

test('a node peers by the authorized set: `--network-backend litep2p` and an offchain worker not always on are refused with the reason; the help names the defaults', () => {
  const start = (args) => spawnSync(env.nodeBin, [...args, '--chain', env.description, '--tmp'], { encoding: 'utf8', timeout: 30_000 });
  const litep2p = start(['--network-backend', 'litep2p']);
  assert.notEqual(litep2p.status, 0, 'the node exits with an error');
  assert.match(litep2p.stderr, /`--network-backend litep2p` is refused: litep2p \(sc-network 0\.60\) keeps the live connections of a node taken out of the authorized set/);
  for (const value of ['never', 'when-authority']) {
    const refused = start(['--offchain-worker', value]);
    assert.notEqual(refused.status, 0, `--offchain-worker ${value}: the node exits with an error`);
    assert.match(refused.stderr, /`--offchain-worker` must be `always`, the default: the offchain worker applies the consortium's authorized nodes/);
  }
  assert.doesNotMatch(litep2p.stderr, /Running (libp2p|litep2p) network backend/, 'it never starts a network');
  const help = spawnSync(env.nodeBin, ['--help'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(help.status, 0);
  const option = (name) => help.stdout.slice(help.stdout.indexOf(`${name} <`)).slice(0, 800);
  assert.match(option('--network-backend'), /litep2p is refused[\s\S]*\[default: libp2p\]/);
  assert.match(option('--offchain-worker'), /`never` and `when-authority` are refused[\s\S]*\[default: always\]/);
});

test('a node serves safe RPC methods by default; unsafe ones not asked for by name, beyond loopback, to every browser origin or on a validator are refused with the reason', () => {
  const start = (args) => spawnSync(env.nodeBin, [...args, '--chain', env.description, '--tmp'], { encoding: 'utf8', timeout: 30_000 });
  for (const args of [['--rpc-external', '--rpc-methods', 'unsafe'], ['--unsafe-rpc-external', '--rpc-methods', 'unsafe']]) {
    const refused = start(args);
    assert.notEqual(refused.status, 0, `${args.join(' ')}: the node exits with an error`);
    assert.match(refused.stderr, /unsafe RPC methods are served on loopback only: they write the node's keystore/);
    assert.doesNotMatch(refused.stderr, /Running JSON-RPC server/, 'it never serves RPC');
  }
  for (const args of [['--rpc-methods', 'unsafe', '--rpc-cors', 'all'], ['--rpc-methods', 'unsafe', '--rpc-cors', 'null']]) {
    const refused = start(args);
    assert.notEqual(refused.status, 0, `${args.join(' ')}: the node exits with an error`);
    assert.match(refused.stderr, /unsafe RPC methods are refused with every browser origin allowed/);
  }
  // A validator, named as such or by a development key, on loopback with listed origins.
  for (const args of [['--validator', '--rpc-methods', 'unsafe'], ['--alice', '--rpc-methods', 'unsafe', '--rpc-cors', 'http://localhost:3000']]) {
    const refused = start(args);
    assert.notEqual(refused.status, 0, `${args.join(' ')}: the node exits with an error`);
    assert.match(refused.stderr, /a validator never serves unsafe RPC methods[\s\S]*stledger-node session-keys --owner/);
    assert.doesNotMatch(refused.stderr, /Running JSON-RPC server/, 'it never serves RPC');
  }
  const auto = start(['--rpc-methods', 'auto']);
  assert.notEqual(auto.status, 0, '--rpc-methods auto on loopback: the node exits with an error');
  assert.match(auto.stderr, /`auto` RPC methods on loopback are the unsafe ones: ask for them by name/);
  const help = spawnSync(env.nodeBin, ['--help'], { encoding: 'utf8', timeout: 30_000 });
  // Lines wrap at the terminal's width.
  const option = help.stdout.slice(help.stdout.indexOf('--rpc-methods <')).slice(0, 1500).replace(/\s+/g, ' ');
  assert.match(option, /on loopback only, never to every browser origin \(`--rpc-cors all`\) and never on a validator[\s\S]*\[default: safe\]/);
});
