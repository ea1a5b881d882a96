#!/usr/bin/env node
// Load the ST Ledger network and measure what it does with it (issue 14).
//
//   node scripts/load.mjs --mix transfer,cross [--rate max|TPS] [--count N | --duration S] [options]
//
// Sets up its own world with signed extrinsics (fresh investors on the four exchanges, a
// security, a market in USDX on the four venues, tokens, cash, resting orders), signs every
// load transaction ahead (explicit nonces), sends them with author_submitAndWatchExtrinsic, each
// exchange's investors to their exchange's node, and follows every one to its outcome. Then
// reads the finalized blocks and reports: per block, per kind, rates, finality lag,
// latencies, and every failed or lost transaction with its reason (docs/performance.md).
//
// Options:
//   --mix K[,K…]       transfer, p2p, rest, cross, cancel, subscribe (default transfer)
//   --rate R           transactions per second over all mixes, or max (default max)
//   --count N          transactions per mix (default: rate × duration, or 500; --quick 200)
//   --duration S       stop sending after S seconds (with --rate max and no --count, the count
//                      per mix is estimated from the mix's usual rate)
//   --rpc URL[,URL…]   nodes (default ws://127.0.0.1:9944,…9947); exchange k sends to node k mod n
//   --monitor URL[,…]  nodes whose pools are sampled, one per validator in order (default: the
//                      four local nodes when --rpc names local nodes, else --rpc)
//   --per-account N    load transactions per investor (default 4, up to 16 for large counts;
//                      at most 64 for resting orders)
//   --asks-per-seller N  resting asks per seller for the cross mix (default 4)
//   --lots-per-bid K   each cross bid takes K lots, so fills K one-lot asks of K different
//                      sellers in one call (default 1; at most 128, MaxFillsPerCall)
//   --between-holders  every cross fill between accounts that hold the security before and
//                      after it: buyers hold a token before the load, sellers keep one (by
//                      default buyers become holders and each seller's last ask ends its holding)
//   --era E            immortal (default) or a mortality period in blocks
//   --max-pending N    transactions sent and not yet in a block, at most (default 6000; 0: no bound)
//   --subs-per-conn N  live subscriptions per WebSocket connection (default 1000; the node
//                      refuses more than --rpc-max-subscriptions-per-connection, 1024)
//   --max-conns N      WebSocket connections per node for submissions (default 24)
//   --settle S         after sending, wait until S seconds pass without news (default 90)
//   --out FILE         write the JSON report; --chart FILE: the SVG chart
//   --seed S           derive the world's accounts from //S/… (default load/<time>)
//   --quick            a small world and 200 transactions per mix (an e2e test runs it)
//   --no-pool-sample   do not read each node's pool (author_pendingExtrinsics) at each block
//   --records          put every transaction in the JSON (large)
//
// Exit status: 0, or 3 when a transaction sent never reported an outcome, 2 on a setup error.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { connect, devKeyring } from './lib/chain.mjs';
import { BlockReader } from './lib/load/blocks.mjs';
import { renderChart } from './lib/load/chart.mjs';
import { ESTIMATED_TPS, KINDS, planWorld, signLoad } from './lib/load/mixes.mjs';
import { Monitor } from './lib/load/monitor.mjs';
import { analyse, describe, summary } from './lib/load/report.mjs';
import { RpcConnection } from './lib/load/rpc.mjs';
import { eraOptions } from './lib/load/sign.mjs';
import { strandedOf, Submitter } from './lib/load/submit.mjs';
import { buildWorld, EXCHANGES, SetupSender } from './lib/load/world.mjs';

const DEFAULT_RPC = [0, 1, 2, 3].map((i) => `ws://127.0.0.1:${9944 + i}`).join(',');
const VALIDATORS = EXCHANGES.map(({ operator }) => operator);

const { values } = parseArgs({
  options: {
    mix: { type: 'string', default: 'transfer' },
    rate: { type: 'string', default: 'max' },
    count: { type: 'string' },
    duration: { type: 'string' },
    rpc: { type: 'string', default: DEFAULT_RPC },
    monitor: { type: 'string' },
    'per-account': { type: 'string' },
    'asks-per-seller': { type: 'string', default: '4' },
    'lots-per-bid': { type: 'string', default: '1' },
    'between-holders': { type: 'boolean', default: false },
    era: { type: 'string', default: 'immortal' },
    'max-pending': { type: 'string', default: '6000' },
    'subs-per-conn': { type: 'string', default: '1000' },
    'max-conns': { type: 'string', default: '24' },
    settle: { type: 'string' },
    out: { type: 'string' },
    chart: { type: 'string' },
    seed: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'no-pool-sample': { type: 'boolean', default: false },
    records: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});

const log = (line) => { if (!values.quiet) console.error(`  · ${line}`); };
const fail = (message) => { console.error(`load: ${message}`); process.exit(2); };
const int = (name, min = 0) => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min) fail(`--${name} must be an integer >= ${min}`);
  return value;
};

const mix = values.mix.split(',').map((k) => k.trim()).filter(Boolean);
for (const kind of mix) if (!KINDS.includes(kind)) fail(`unknown mix ${kind} (one of ${KINDS.join(', ')})`);
const rate = values.rate === 'max' ? 'max' : Number(values.rate);
if (rate !== 'max' && !(rate > 0)) fail('--rate must be a positive number or max');
const duration = values.duration === undefined ? null : Number(values.duration);
if (duration !== null && !(duration > 0)) fail('--duration must be positive');
const rpc = values.rpc.split(',').map((u) => u.trim()).filter(Boolean);
const defaults = DEFAULT_RPC.split(',');
const monitorUrls = values.monitor !== undefined ? values.monitor.split(',').map((u) => u.trim()).filter(Boolean)
  : rpc.every((url) => defaults.includes(url)) ? defaults : rpc;
const counts = {};
for (const kind of mix) {
  let n;
  if (values.count !== undefined) n = int('count', 1);
  else if (duration !== null) n = Math.ceil((rate === 'max' ? (ESTIMATED_TPS[kind] * 1.25) / mix.length : rate / mix.length) * duration);
  else n = values.quick ? 200 : 500;
  counts[kind] = n;
}
const lotsPerBid = int('lots-per-bid', 1);
if (lotsPerBid > 128) fail('--lots-per-bid must be at most 128 (MaxFillsPerCall)');
const settleSeconds = values.settle === undefined ? (values.quick ? 60 : 90) : Number(values.settle);
const seed = values.seed ?? `load/${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

let api;
let submitter;
const raw = [];
try {
  api = await connect(rpc[0]);
} catch (error) {
  fail(`cannot reach ${rpc[0]}: ${error.message}`);
}

try {
  const keys = await devKeyring();
  // Aura authorities read as public keys; the names of the validators' keys.
  const names = Object.fromEntries(VALIDATORS.flatMap((name) => {
    const pair = keys.account(name);
    return [[pair.address, name], [u8aToHex(pair.publicKey), name]];
  }));
  for (const url of rpc) raw.push(await new RpcConnection(url).open());
  const watched = await Promise.all(monitorUrls.map((url) => raw.find((c) => c.url === url) ?? new RpcConnection(url).open()));
  for (const connection of watched) if (!raw.includes(connection)) raw.push(connection);
  const network = await Promise.all(watched.map(async (connection) => ({
    url: connection.url,
    name: await connection.call('system_name').catch(() => null),
    version: await connection.call('system_version').catch(() => null),
    // `system_health`, not `system_peers`: validators serve no unsafe method.
    health: await connection.call('system_health').catch(() => null),
  })));
  for (const node of network) node.peers = node.health?.peers ?? null;
  log(`nodes: ${network.map((n) => `${n.url} (${n.peers} peers)`).join(', ')}`);

  const perConnection = int('subs-per-conn', 1);
  submitter = await new Submitter(rpc, { perConnection, maxConnections: int('max-conns', 1) }).open(1);
  const reader = new BlockReader(api, raw[0], { names });
  const sender = new SetupSender(api, submitter, reader, { log });

  // 1. The world.
  log(`seed //${seed}; load: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}`);
  const perAccount = values['per-account'] === undefined ? undefined : int('per-account', 1);
  let plan;
  try {
    plan = planWorld(keys, seed, counts, {
      perAccount, asksPerSeller: int('asks-per-seller', 1), lotsPerBid, betweenHolders: values['between-holders'],
    });
  } catch (error) {
    fail(error.message);
  }
  const world = await buildWorld(api, sender, keys, plan, { log });
  world.nodeCount = rpc.length;

  // 2. Every load transaction, signed.
  const era = await eraOptions(api, values.era);
  const records = await signLoad(api, plan, world, counts, sender.nonces, era.options, { log });
  // Enough connections open before the clock starts.
  await Promise.all(submitter.nodes.map((node, i) => node.open(Math.ceil(records.filter((r) => r.node === i).length / perConnection) + 1)));

  // 3. The load.
  const monitor = new Monitor(watched, { pools: !values['no-pool-sample'] });
  await monitor.start();
  const firstBlock = (await api.rpc.chain.getHeader()).number.toNumber();
  const perfStart = performance.now();
  const wallStart = Date.now();
  const deadline = duration === null ? Infinity : perfStart + duration * 1000;
  log(`sending ${records.length} transactions (${rate === 'max' ? 'as fast as possible' : `${rate}/s`}${duration ? `, for at most ${duration} s` : ''})`);
  const run = await submitter.run(records, {
    rate,
    deadline,
    maxPending: int('max-pending'),
    onProgress: ({ sent, pending, live }) => log(`sent ${sent}, not yet in a block ${pending}, not yet final ${live}`),
  });
  const late = run.unsent - run.withheld;
  log(`sent ${run.sent} in ${((run.endedAt - run.startedAt) / 1000).toFixed(1)} s${late ? ` (${late} not sent by the deadline)` : ''}`
    + `${run.withheld ? ` (${run.withheld} withheld: behind a transaction of their account that ended without inclusion)` : ''}; waiting for outcomes`);
  const left = await submitter.settle(records, {
    timeoutMs: settleSeconds * 1000,
    onProgress: (n) => log(`${n} without a final status yet`),
  });
  const settledAt = performance.now();
  await monitor.stop();
  if (left.length) log(`${left.length} transaction(s) without a final status after ${settleSeconds} s without news`);
  // One sent after its predecessor was ready, which the pool dropped later, waits in the future
  // queue for a nonce that will never come, and the pool says nothing more: stranded, when the
  // chain's nonce for its account has stopped at or below that predecessor's.
  const stranded = await strandedOf(api, records, left);
  if (stranded) log(`${stranded} of them stranded behind a transaction of their account that ended without inclusion`);

  // Why were the invalid and dropped ones refused? Ask the runtime now, for a sample.
  const best = (await api.rpc.chain.getHeader()).hash;
  const unexplained = records.filter((rec) => ['invalid', 'dropped', 'usurped'].includes(rec.outcome) || (rec.sentAt !== null && !rec.outcome && rec.inBlockAt === null));
  for (const rec of unexplained.slice(0, 50)) {
    try {
      // validate_transaction(source External = 2, the extrinsic as in a block, at best).
      const input = u8aConcat(new Uint8Array([2]), hexToU8a(rec.hex), best.toU8a());
      const output = await raw[0].call('state_call', ['TaggedTransactionQueue_validate_transaction', u8aToHex(input), best.toHex()]);
      const validity = api.createType('TransactionValidity', output);
      rec.laterValidity = validity.isOk ? 'valid now' : JSON.stringify(validity.asErr.toJSON());
    } catch (error) {
      rec.laterValidity = `could not check: ${error.message}`;
    }
  }

  // 4. The report.
  run.perfStart = perfStart;
  run.wallStart = wallStart;
  run.settledAt = settledAt;
  const results = await analyse({ api, reader, records, run, monitor, firstBlock, validators: VALIDATORS, nodeUrls: rpc, kinds: mix, lotsPerBid });
  const pendingAtEnd = await Promise.all(watched.map((c) => c.call('author_pendingExtrinsics').then((l) => l.length).catch(() => null)));
  network.forEach((n, i) => { n.pendingAtEnd = pendingAtEnd[i]; });
  const rel = (t) => Number(((t - perfStart) / 1000).toFixed(3));
  const report = {
    tool: 'scripts/load.mjs',
    startedAt: new Date(wallStart).toISOString(),
    args: {
      mix, rate, counts, duration, rpc, monitor: monitorUrls, perAccount: perAccount ?? 'auto', asksPerSeller: int('asks-per-seller', 1),
      lotsPerBid, betweenHolders: values['between-holders'],
      era: era.describe, maxPending: int('max-pending'), subsPerConnection: perConnection, settleSeconds, seed, quick: values.quick,
    },
    network,
    world: {
      seed, investors: plan.investors.length + 1, byRole: Object.fromEntries(Object.entries(plan.groups).map(([k, v]) => [k, v.length])),
      security: world.security, market: world.market, offering: world.offering, restingBeforeLoad: plan.resting.length,
      setupTransactions: sender.sent, setupSeconds: world.setupSeconds,
    },
    run: {
      firstBlock, sent: run.sent, unsent: run.unsent, sendSeconds: rel(run.endedAt), settleSeconds: rel(settledAt),
      waits: run.waits, rpcErrors: Object.fromEntries(submitter.rpcErrors),
      connections: submitter.nodes.map((node) => ({ url: node.url, opened: node.connections.length, closures: node.closures })),
    },
    results,
    monitor: {
      lag: monitor.samples.map((s) => ({ t: rel(s.t), best: s.best, finalized: s.finalized, lag: s.best - s.finalized })),
      pools: monitor.poolSamples.map((s) => ({ t: rel(s.t), best: s.best, node: s.node, ready: s.ready })),
    },
    records: values.records ? records.map((rec) => ({
      ...describe(rec, (t) => wallStart + (t - perfStart)), sent: rec.sentAt === null ? null : rel(rec.sentAt),
      inBlockMs: rec.inBlockAt === null ? null : Math.round(rec.inBlockAt - rec.sentAt),
      finalizedMs: rec.finalizedAt === null ? null : Math.round(rec.finalizedAt - rec.sentAt), fills: rec.fills,
    })) : undefined,
  };
  console.log(summary(report));
  if (values.out) {
    writeFileSync(values.out, `${JSON.stringify(report, (key, value) => (typeof value === 'bigint' ? value.toString() : value), 1)}\n`);
    log(`report: ${values.out}`);
  }
  if (values.chart) {
    writeFileSync(values.chart, renderChart(report));
    log(`chart: ${values.chart}`);
  }
  if (results.totals.unreported > 0) process.exitCode = 3;
} catch (error) {
  console.error(`load: ${error.stack ?? error.message}`);
  process.exitCode = 2;
} finally {
  submitter?.close();
  for (const connection of raw) connection.close();
  await api?.disconnect().catch(() => {});
  // Connections the node still holds open must not keep the process alive.
  setTimeout(() => process.exit(), 2_000).unref();
}
