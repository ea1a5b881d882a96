#!/usr/bin/env node
// The four exchanges at a distance (issue 15): start a four-validator `local` network of its
// own whose validators reach each other only through delaying relays (the round trips between
// New York, Frankfurt, Singapore and Zurich, with jitter), measure it, print a table, stop it.
//
//   node scripts/distance.mjs [--minutes 3] [--no-delay | --matrix exchanges|worst|none] [options]
//   node scripts/distance.mjs --compare          # without delays, then with them: two columns
//
// What it measures, over the window (--minutes, and at least as long as the transfers take):
//   - block time: the interval between consecutive blocks' timestamps (mean, p95, max), and
//     the Aura slots left without a block;
//   - propagation: how long after its author had a block every other node had it, and how long
//     after the slot began every node had it;
//   - finality lag: best − finalized on each node, sampled every 250 ms (mean, p95, max); and
//     how long after its slot began each block was final on each node;
//   - GRANDPA's round duration (the window over the prevotes each validator cast, one a round,
//     from its Prometheus counter `substrate_finality_grandpa_prevotes_total`);
//   - a polkadot.js submission: --transfers balance transfers (100), one every --interval
//     seconds on average (1.5; each gap random between half and one and a half times it), each
//     exchange's from its operator's account to its own node (US to the US node, …), followed
//     with signAndSend to InBlock and Finalized: p50, p95, max, and p50 per exchange;
//   - optionally, --load R: then scripts/load.mjs --mix transfer,cross --rate R on the same
//     network for the same minutes, and its finality lag and latencies.
//
// Options:
//   --minutes M        the measured window (default 3)
//   --matrix NAME      exchanges (default), worst (every link 250 ms) or none; --no-delay = none
//   --compare          run `none` first, then --matrix, on fresh networks; one column each
//   --scale F          multiply every round trip by F (e.g. 2: what if the links were twice as slow)
//   --transfers N      polkadot.js transfers (default 100); --interval S between them (1.5)
//   --load R           also run the load tool at R transactions a second (transfer,cross)
//   --dial both        every validator dials every other (default one-way: see lib/distance.mjs)
//   --port-base P      ports P… (default 32300: p2p P+0…3, relays P+10…25, RPC P+30…33,
//                      Prometheus P+40…43; keep them below 32768, where Linux's ephemeral
//                      ports begin)
//   --node-bin PATH    the node (default $STLEDGER_NODE_BIN, else the release build)
//   --out FILE         write every figure as JSON; --keep: keep the networks' directories
//
// It needs nothing running: it starts and stops its own network (in a temporary directory),
// and leaves any other network alone. Everything runs on one machine: the figures include
// what the four validators, the relays and the client cost each other (the load average is
// printed with them).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { connect, devKeyring } from './lib/chain.mjs';
import {
  analyseBlocks, analyseTransfers, defaultNodeBin, EXCHANGES, grandpaPrevotes, loadAverage, MATRICES, Observer, readChain,
  sendTransfers, startDistanceNetwork, waitForNetwork,
} from './lib/distance.mjs';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    matrix: { type: 'string', default: 'exchanges' },
    'no-delay': { type: 'boolean', default: false },
    compare: { type: 'boolean', default: false },
    scale: { type: 'string', default: '1' },
    transfers: { type: 'string', default: '100' },
    interval: { type: 'string', default: '1.5' },
    load: { type: 'string' },
    dial: { type: 'string', default: 'one-way' },
    'port-base': { type: 'string', default: '32300' },
    'node-bin': { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

const fail = (message) => { console.error(`distance: ${message}`); process.exit(2); };
const log = (line) => console.error(`  · ${line}`);
const minutes = Number(values.minutes);
if (!(minutes > 0)) fail('--minutes must be positive');
const transfers = Number(values.transfers);
if (!Number.isInteger(transfers) || transfers < 0) fail('--transfers must be an integer >= 0');
const intervalMs = Number(values.interval) * 1000;
if (!(intervalMs > 0)) fail('--interval must be positive');
const scale = Number(values.scale);
if (!(scale > 0)) fail('--scale must be positive');
const matrixName = values['no-delay'] ? 'none' : values.matrix;
if (!MATRICES[matrixName]) fail(`--matrix: one of ${Object.keys(MATRICES).join(', ')}`);
if (!['one-way', 'both'].includes(values.dial)) fail('--dial: one-way or both');
const loadRate = values.load === undefined ? null : Number(values.load);
if (loadRate !== null && !(loadRate > 0)) fail('--load must be a positive rate');
const base = Number(values['port-base']);
const nodeBin = values['node-bin'] ?? defaultNodeBin();
const configs = (values.compare && matrixName !== 'none' ? ['none', matrixName] : [matrixName]).map((name) => ({
  name: scale === 1 || name === 'none' ? name : `${name} ×${scale}`,
  matrix: { ...MATRICES[name], rttMs: MATRICES[name].rttMs.map((row) => row.map((v) => v * scale)) },
}));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let current = null; // the network running now, stopped on Ctrl-C
process.on('SIGINT', async () => {
  log('interrupted: stopping the network');
  await current?.stop().catch(() => {});
  process.exit(130);
});

/** Run scripts/load.mjs against `network` for `seconds`: its JSON report. */
function runLoad(network, rate, seconds, dir) {
  const out = join(dir, 'load.json');
  const args = [fileURLToPath(new URL('./load.mjs', import.meta.url)), '--mix', 'transfer,cross', '--rate', String(rate),
    '--duration', String(seconds), '--rpc', network.nodes.map((n) => n.ws).join(','), '--out', out, '--no-pool-sample'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', () => {});
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(`load: ${line.trim().replace(/^· /, '')}`);
    });
    child.on('exit', (code) => {
      if (code !== 0 && code !== 3) reject(new Error(`load.mjs exited with ${code}\n${stderr.slice(-2000)}`));
      else resolve(JSON.parse(readFileSync(out, 'utf8')));
    });
  });
}

async function measure(config) {
  const dir = mkdtempSync(join(tmpdir(), 'stledger-distance-'));
  const result = { matrix: config.name, rttMs: config.matrix.rttMs, jitter: config.matrix.jitter, dial: values.dial, dir };
  log(`${config.name}: starting four validators behind relays in ${dir}`);
  const network = await startDistanceNetwork({ dir, nodeBin, matrix: config.matrix, base, dial: values.dial, log });
  current = network;
  const apis = [];
  let observer;
  try {
    const started = Date.now();
    await waitForNetwork(network, { target: 2, timeoutMs: 300_000 }).catch(async (error) => {
      error.message += `\n${await network.diagnose()}`;
      throw error;
    });
    result.startupSeconds = (Date.now() - started) / 1000;
    log(`every validator has three peers and a finalized block (${result.startupSeconds.toFixed(0)} s)`);
    result.routingAtStart = network.routing();
    if (!result.routingAtStart.ok) log(`WARNING: connections around the relays: ${JSON.stringify(result.routingAtStart)}`);

    for (const node of network.nodes) apis.push(await connect(node.ws));
    const keys = await devKeyring();
    observer = new Observer(network.nodes);
    await observer.start();
    await sleep(3_000); // a block or so seen by every subscription before the window opens

    const windowMs = Math.max(minutes * 60_000, transfers * intervalMs * 1.1 + 20_000);
    const t0 = Date.now();
    const startBlock = Math.max(...observer.best) + 1;
    const prevotes0 = await Promise.all(network.nodes.map(grandpaPrevotes));
    result.loadAverageStart = loadAverage();
    log(`measuring for ${(windowMs / 1000).toFixed(0)} s from block #${startBlock}${transfers ? `; ${transfers} transfers, one every ${intervalMs / 1000} s` : ''}`);
    const sending = transfers
      ? sendTransfers(apis, keys, { count: transfers, intervalMs, onProgress: (n) => log(`${n} transfers sent`) })
      : Promise.resolve([]);
    await sleep(windowMs);
    const t1 = Date.now();
    const prevotes1 = await Promise.all(network.nodes.map(grandpaPrevotes));
    result.loadAverageEnd = loadAverage();
    const records = await sending;
    // Let the window's last blocks be final everywhere before reading finality times.
    await sleep(10_000);
    observer.stop();

    const finalized = Math.min(...observer.finalized);
    const chain = (await readChain(network.nodes[0], startBlock, finalized)).filter((b) => b.timestamp <= t1);
    result.blocks = analyseBlocks(chain, observer, { from: t0, to: t1 });
    result.windowSeconds = (t1 - t0) / 1000;
    const roundsDone = prevotes0.map((r, i) => (r === null || prevotes1[i] === null ? null : prevotes1[i] - r)).filter((r) => r !== null && r > 0);
    result.grandpa = {
      rounds: roundsDone,
      roundSeconds: roundsDone.length ? Number(((t1 - t0) / 1000 / (roundsDone.reduce((a, b) => a + b, 0) / roundsDone.length)).toFixed(2)) : null,
    };
    result.transfers = analyseTransfers(records);
    result.relays = await network.relayStats();
    result.routingAtEnd = network.routing();
    if (!result.routingAtEnd.ok) log(`WARNING: connections around the relays: ${JSON.stringify(result.routingAtEnd)}`);

    if (loadRate !== null) {
      for (const api of apis.splice(0)) await api.disconnect().catch(() => {});
      log(`load: scripts/load.mjs --mix transfer,cross --rate ${loadRate} --duration ${minutes * 60}`);
      result.loadAverageLoadStart = loadAverage();
      const report = await runLoad(network, loadRate, minutes * 60, dir);
      result.loadAverageLoadEnd = loadAverage();
      const { totals, perKind } = report.results;
      result.load = {
        rate: loadRate,
        sent: totals.sent,
        finalized: totals.outcomes.finalized,
        outcomes: totals.outcomes,
        unreported: totals.unreported,
        includedWithoutStatus: totals.includedWithoutStatus,
        succeeded: totals.succeeded,
        problems: report.results.problems,
        includedPerSecond: totals.includedPerSecond,
        finalityLag: totals.finalityLag,
        blockIntervalMs: totals.blockIntervalMs,
        latencyMs: Object.fromEntries(Object.entries(perKind).map(([k, v]) => [k, v.latencyMs])),
      };
    }
  } finally {
    observer?.stop();
    for (const api of apis) await api.disconnect().catch(() => {});
    await network.stop();
    current = null;
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

// ---- The table ----------------------------------------------------------------------------

const s = (ms, digits = 2) => (ms === null || ms === undefined ? '–' : (ms / 1000).toFixed(digits));
const n = (v) => (v === null || v === undefined ? '–' : String(v));
const rtt = (r) => {
  const m = r.rttMs;
  if (m.every((row) => row.every((v) => v === 0))) return 'no delay (relays only)';
  const pairs = [];
  for (let i = 0; i < 4; i += 1) for (let j = i + 1; j < 4; j += 1) pairs.push(`${EXCHANGES[i].name}–${EXCHANGES[j].name} ${m[i][j]}`);
  return `RTT ms: ${pairs.join(', ')}; jitter ±${Math.round(r.jitter * 100)} % each way`;
};

function table(results) {
  const rows = [
    ['network', (r) => `${r.matrix}`],
    ['load average (1, 5, 15 min) at start / end', (r) => `${r.loadAverageStart} / ${r.loadAverageEnd}`],
    ['window (s); blocks; slots without a block', (r) => `${r.windowSeconds.toFixed(0)}; ${r.blocks.blocks}; ${r.blocks.missedSlots} of ${n(r.blocks.slots)}`],
    ['block interval, mean / p95 / max (s)', (r) => `${s(r.blocks.intervalMs.mean)} / ${s(r.blocks.intervalMs.p95)} / ${s(r.blocks.intervalMs.max)}`],
    ['block at every other node after its author, p50 / p95 (ms)', (r) => `${n(r.blocks.propagationMs.p50)} / ${n(r.blocks.propagationMs.p95)}`],
    ['slot start → block at every node, p50 / p95 (ms)', (r) => `${n(r.blocks.slotToAllNodesMs.p50)} / ${n(r.blocks.slotToAllNodesMs.p95)}`],
    ['finality lag (blocks, every 250 ms), mean / p95 / max', (r) => `${n(r.blocks.lagBlocks.mean)} / ${n(r.blocks.lagBlocks.p95)} / ${n(r.blocks.lagBlocks.max)}`],
    ['slot start → final on a node, p50 / p95 / max (s)', (r) => `${s(r.blocks.slotToFinalMs.p50)} / ${s(r.blocks.slotToFinalMs.p95)} / ${s(r.blocks.slotToFinalMs.max)}`],
    ['  p50 on US / DE / SG / CH (s)', (r) => r.blocks.slotToFinalByNodeMs.map((d) => s(d.p50)).join(' / ')],
    ['GRANDPA round (s: window / prevotes a validator cast)', (r) => n(r.grandpa.roundSeconds)],
    ['transfers finalized / sent', (r) => `${r.transfers.outcomes.finalized ?? 0} / ${r.transfers.sent}${Object.keys(r.transfers.outcomes).some((k) => k !== 'finalized') ? ` (${JSON.stringify(r.transfers.outcomes)})` : ''}`],
    ['submission → in block, p50 / p95 (s)', (r) => `${s(r.transfers.inBlockMs.p50)} / ${s(r.transfers.inBlockMs.p95)}`],
    ['submission → finalized, p50 / p95 / max (s)', (r) => `${s(r.transfers.finalizedMs.p50)} / ${s(r.transfers.finalizedMs.p95)} / ${s(r.transfers.finalizedMs.max)}`],
    ['  p50 from US / DE / SG / CH (s)', (r) => EXCHANGES.map((x) => s(r.transfers.finalizedByExchangeMs[x.name].p50)).join(' / ')],
    ['relay: connections; mean delay held (ms)', (r) => {
      const used = r.relays.filter((l) => l.connections);
      const held = used.flatMap((l) => [l.forward, l.backward]).filter((d) => d.chunks);
      const mean = held.length ? held.reduce((a, d) => a + d.meanHeldMs * d.chunks, 0) / held.reduce((a, d) => a + d.chunks, 0) : null;
      return `${used.reduce((a, l) => a + l.connections, 0)} on ${used.length} links; ${mean === null ? '–' : mean.toFixed(1)}`;
    }],
    ['connections around the relays', (r) => (r.routingAtStart.ok && r.routingAtEnd.ok ? 'none' : `${r.routingAtStart.bypass.length + r.routingAtEnd.bypass.length} bypass, ${r.routingAtStart.wrongRelay.length + r.routingAtEnd.wrongRelay.length} wrong relay`)],
  ];
  if (results.some((r) => r.load)) {
    rows.push(
      ['load: load average at start / end', (r) => (r.load ? `${r.loadAverageLoadStart} / ${r.loadAverageLoadEnd}` : '–')],
      ['load: tx/s asked; included/s; finalized / sent', (r) => {
        if (!r.load) return '–';
        const other = Object.entries(r.load.outcomes).filter(([k, v]) => k !== 'finalized' && v);
        return `${r.load.rate}; ${n(r.load.includedPerSecond)}; ${r.load.finalized} / ${r.load.sent}`
          + `${other.length ? ` (${other.map(([k, v]) => `${v} ${k}`).join(', ')})` : ''}`
          + `${r.load.includedWithoutStatus ? `; ${r.load.includedWithoutStatus} included without a status` : ''}`;
      }],
      ['load: block interval mean / p95 (s)', (r) => (r.load ? `${s(r.load.blockIntervalMs.mean)} / ${s(r.load.blockIntervalMs.p95)}` : '–')],
      ['load: finality lag mean / p95 / max (blocks)', (r) => (r.load ? `${n(r.load.finalityLag.mean)} / ${n(r.load.finalityLag.p95)} / ${n(r.load.finalityLag.max)}` : '–')],
      ...['transfer', 'cross'].map((kind) => [`load: ${kind} → finalized p50 / p95 (s)`, (r) => {
        const d = r.load?.latencyMs[kind]?.finalized;
        return d ? `${s(d.p50)} / ${s(d.p95)}` : '–';
      }]),
    );
  }
  const lines = [];
  lines.push(`| | ${results.map((r) => r.matrix).join(' | ')} |`);
  lines.push(`|---|${results.map(() => '---').join('|')}|`);
  for (const [label, fn] of rows.slice(1)) lines.push(`| ${label} | ${results.map((r) => fn(r)).join(' | ')} |`);
  lines.push('');
  for (const r of results) lines.push(`${r.matrix}: ${rtt(r)}; dial ${r.dial}; up in ${r.startupSeconds?.toFixed(0)} s`);
  return lines.join('\n');
}

const results = [];
try {
  for (const config of configs) results.push(await measure(config));
} catch (error) {
  console.error(`distance: ${error.stack ?? error.message}`);
  process.exitCode = 2;
}
if (results.length) {
  console.log(table(results));
  if (values.out) {
    writeFileSync(values.out, `${JSON.stringify({ tool: 'scripts/distance.mjs', at: new Date().toISOString(), nodeBin, args: values, results }, null, 1)}\n`);
    log(`report: ${values.out}`);
  }
}
setTimeout(() => process.exit(), 1_000).unref();
