// The four exchanges at a distance (issue 15): a four-validator `local` network on loopback
// whose validators reach each other only through delaying relays (scripts/lib/relay.mjs), one
// per ordered pair, with the round-trip times between New York, Frankfurt, Singapore and
// Zurich; and what to measure on it: block times, how fast blocks reach every node, finality
// lag, and how long a polkadot.js submission takes to be final.
//
// Used by scripts/distance.mjs (the measurement) and scripts/e2e/16-distance.test.mjs (its
// short version). docs/performance.md, "The four exchanges at a distance".

import { fork, spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import net from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hexToU8a, u8aToBn } from '@polkadot/util';
import { xxhashAsHex } from '@polkadot/util-crypto';
import { RpcConnection } from './load/rpc.mjs';
import { peerOf } from './network.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(HERE, '..', '..');
const RELAY = join(HERE, 'relay.mjs');
const HOST = '127.0.0.1';

/**
 * The exchanges of chain-specs/local.json, where each one's validator stands: the dev key
 * (`--alice` …) and node key (1…4, as scripts/lib.sh), and the city its data centre is in.
 */
export const EXCHANGES = [
  { name: 'US', validator: 'alice', operator: 'Alice', nodeKey: 1, site: 'New York' },
  { name: 'DE', validator: 'bob', operator: 'Bob', nodeKey: 2, site: 'Frankfurt' },
  { name: 'SG', validator: 'charlie', operator: 'Charlie', nodeKey: 3, site: 'Singapore' },
  { name: 'CH', validator: 'dave', operator: 'Dave', nodeKey: 4, site: 'Zurich' },
];

/**
 * Round-trip times between the validators (ms, symmetric, order of EXCHANGES) and the jitter
 * of each one-way delay (± a share of it). `exchanges`: typical round trips between data
 * centres in the four cities (public inter-region latency tables such as AWS's
 * us-east-1 / eu-central-1 / ap-southeast-1 / eu-central-2 and WonderNetwork's city pings,
 * rounded): New York–Frankfurt 90, New York–Zurich 95, Frankfurt–Singapore 160,
 * Zurich–Singapore 165, New York–Singapore 240, and Frankfurt–Zurich 10 (neighbours; the
 * other five links are in the issue's 80–250 ms). `worst`: every link 250 ms, the top of
 * the issue's range. `none`: the same relays with no delay (what the relays cost alone).
 */
export const MATRICES = {
  exchanges: {
    rttMs: [
      [0, 90, 240, 95],
      [90, 0, 160, 10],
      [240, 160, 0, 165],
      [95, 10, 165, 0],
    ],
    jitter: 0.1,
  },
  worst: { rttMs: [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 0 : 250))), jitter: 0.1 },
  none: { rttMs: [0, 1, 2, 3].map(() => [0, 0, 0, 0]), jitter: 0 },
};

/** Port layout: p2p (4), relays (16, the pair j→i at relay + 4j + i), RPC (4), Prometheus (4). */
export function portsFrom(base) {
  return { p2p: base, relay: base + 10, rpc: base + 30, prometheus: base + 40 };
}

/** The libp2p peer id of an ed25519 node key given as a number (as `--node-key`). */
export async function peerIdOf(nodeKey) {
  return (await peerOf(nodeKey)).peerId;
}

/**
 * The relay links for `matrix` (a MATRICES entry): one per ordered pair j→i. With `dial`
 * 'one-way', the links from a later validator to an earlier one refuse every connection.
 */
export function relayLinks(matrix, ports, dial = 'one-way') {
  const links = [];
  EXCHANGES.forEach((from, j) => EXCHANGES.forEach((to, i) => {
    if (i === j) return;
    const oneWay = matrix.rttMs[j][i] / 2;
    links.push({
      name: `${from.name}->${to.name}`,
      from: j,
      to: i,
      listenPort: ports.relay + 4 * j + i,
      targetPort: ports.p2p + i,
      // A node dials from its listen port (libp2p-tcp reuses it): only node j may use this link.
      fromPort: ports.p2p + j,
      refuse: dial === 'one-way' && j > i,
      delayMs: oneWay,
      jitterMs: oneWay ? Math.max(0.5, Number((oneWay * matrix.jitter).toFixed(1))) : 0,
    });
  }));
  return links;
}

export function defaultNodeBin() {
  if (process.env.STLEDGER_NODE_BIN) return process.env.STLEDGER_NODE_BIN;
  const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache', 'stledger', 'target');
  return join(target, 'release', 'stledger-node');
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A raw chain spec of chain-specs/local.json without its boot nodes (they name the shared
 * network's ports 30333–30336: a node of this network must not find that one), as a `Live`
 * chain. `from`: a raw spec to reuse (e.g. the one scripts/test.sh exported), else exported
 * with `nodeBin`.
 */
export function distanceChainSpec(dir, { nodeBin, from } = {}) {
  let raw;
  if (from) raw = readFileSync(from, 'utf8');
  else {
    raw = execFileSync(nodeBin, ['export-chain-spec', '--chain', join(REPO_ROOT, 'chain-specs', 'local.json'), '--raw'], {
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
  }
  const spec = JSON.parse(raw);
  spec.bootNodes = [];
  // A `Local` chain lets nodes put the loopback addresses peers report about themselves in
  // their DHT and pass them on; then two validators find each other's own p2p ports and
  // connect around the relays. As `Live` they do not (the chain type is not in the genesis).
  spec.chainType = 'Live';
  const path = join(dir, 'distance-raw.json');
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

/**
 * Start the relays and the four validators in `dir` (created if missing). Each validator
 * listens on its own p2p port but knows its peers only by the relays' addresses
 * (`--reserved-nodes`, `--reserved-only`); `--no-private-ip` and a `Live` chain spec without
 * boot nodes keep it from dialling the loopback addresses peers report about themselves.
 * Otherwise the flags of scripts/lib.sh's `start_network`, with Prometheus on (GRANDPA's
 * prevote counter).
 *
 * `dial`: with 'one-way' (default) only the relays from a validator to the validators after
 * it accept connections (US dials DE, SG, CH; DE dials SG, CH; SG dials CH; the other
 * direction's dials are closed at once and retried now and then), so each pair has one
 * connection, opened by one side, carrying both directions. With 'both' every validator
 * dials the three others, as on a real network: two validators that dial each other at the
 * same moment over a long link each receive the other's connection while their own is still
 * negotiating, both connections are closed, and they retry; at a fresh start that took from
 * seconds to minutes to settle (docs/performance.md, "The four exchanges at a distance").
 *
 * Returns the network: `{ nodes, links, relayPid, stop(), relayStats(), routing(),
 * diagnose(), exited() }`.
 */
export async function startDistanceNetwork({
  dir, nodeBin = defaultNodeBin(), matrix = MATRICES.exchanges, base = 32300, chainSpec, extraArgs = [], dial = 'one-way',
  log = () => {},
}) {
  if (!existsSync(nodeBin)) throw new Error(`no node binary at ${nodeBin} (STLEDGER_NODE_BIN)`);
  mkdirSync(dir, { recursive: true });
  const ports = portsFrom(base);
  const links = relayLinks(matrix, ports, dial);
  const wanted = [
    ...EXCHANGES.flatMap((_, i) => [ports.p2p + i, ports.rpc + i, ports.prometheus + i]),
    ...links.map((l) => l.listenPort),
  ];
  const busy = [];
  for (const port of wanted) if (!(await portFree(port))) busy.push(port);
  if (busy.length) throw new Error(`ports in use: ${busy.join(', ')} (choose another --port-base)`);

  const spec = distanceChainSpec(dir, { nodeBin, from: chainSpec });
  const peerIds = await Promise.all(EXCHANGES.map((x) => peerIdOf(x.nodeKey)));
  const children = [];
  const killAll = () => { for (const child of children) if (child.exitCode === null) child.kill('SIGKILL'); };
  process.on('exit', killAll);

  // The relays, in their own process (their timers do not wait for the measuring client).
  const relay = fork(RELAY, [JSON.stringify(links)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(relay);
  await new Promise((resolve, reject) => {
    relay.once('message', (message) => (message?.type === 'ready' ? resolve() : reject(new Error('relay: unexpected message'))));
    relay.once('exit', (code) => reject(new Error(`the relay exited (${code}) before it was ready`)));
  });
  log(`${links.length} relays on ${ports.relay}–${ports.relay + 15} (one-way ${links.map((l) => `${l.name} ${l.delayMs}±${l.jitterMs}`).join(', ')} ms)`);

  const nodes = EXCHANGES.map((x, i) => {
    const logFile = join(dir, `${x.validator}.log`);
    const fd = openSync(logFile, 'a');
    const reserved = EXCHANGES.flatMap((_, j) => (j === i ? [] : [`/ip4/${HOST}/tcp/${ports.relay + 4 * i + j}/p2p/${peerIds[j]}`]));
    const args = [
      '--chain', spec,
      '--base-path', join(dir, x.validator),
      `--${x.validator}`,
      '--node-key', x.nodeKey.toString(16).padStart(64, '0'),
      '--listen-addr', `/ip4/${HOST}/tcp/${ports.p2p + i}`,
      '--rpc-port', String(ports.rpc + i),
      '--no-mdns',
      '--prometheus-port', String(ports.prometheus + i),
      '--no-telemetry',
      '--pool-limit', '32768', '--pool-kbytes', '65536',
      '--reserved-only',
      '--reserved-nodes', ...reserved,
      '--no-private-ip',
      ...extraArgs,
    ];
    const child = spawn(nodeBin, args, { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    children.push(child);
    return {
      ...x, index: i, pid: child.pid, child, logFile, peerId: peerIds[i],
      p2pPort: ports.p2p + i, ws: `ws://${HOST}:${ports.rpc + i}`, http: `http://${HOST}:${ports.rpc + i}`,
      prometheus: `http://${HOST}:${ports.prometheus + i}/metrics`,
    };
  });
  log(`validators ${nodes.map((n) => `${n.name} pid ${n.pid} ${n.ws}`).join(', ')} (logs in ${dir})`);

  let stopped = false;
  let statsId = 0;
  return {
    dir, ports, links, nodes, relayPid: relay.pid, matrix,
    /** Each relay link's counters (bytes, chunks, the delay actually held). */
    relayStats() {
      if (relay.exitCode !== null) return Promise.resolve([]);
      const id = ++statsId;
      return new Promise((resolve) => {
        const timer = setTimeout(() => { relay.off('message', on); resolve([]); }, 5_000);
        const on = (message) => {
          if (message?.type !== 'stats' || message.id !== id) return;
          clearTimeout(timer);
          relay.off('message', on);
          resolve(message.stats);
        };
        relay.on('message', on);
        relay.send({ type: 'stats', id });
      });
    },
    routing: () => routing({ nodes, links, relayPid: relay.pid, ports }),
    /** The relays' counters, the routing check and each validator's last log lines, as text. */
    async diagnose(lines = 15) {
      const relays = (await this.relayStats()).map((l) => `${l.name}: ${l.connections} connections, ${l.refused} refused, ${l.errors} errors`);
      const tails = nodes.map((n) => `--- ${n.name} (${n.logFile})\n${readFileSync(n.logFile, 'utf8').split('\n').slice(-lines).join('\n')}`);
      return `relays: ${relays.join('; ')}\nrouting: ${JSON.stringify(this.routing())}\n${tails.join('\n')}`;
    },
    exited: () => nodes.filter((n) => n.child.exitCode !== null || n.child.signalCode !== null).map((n) => n.name),
    async stop() {
      if (stopped) return;
      stopped = true;
      const exits = children.map((child) => (child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve))));
      for (const node of nodes) node.child.kill('SIGINT');
      const timer = setTimeout(() => { for (const node of nodes) node.child.kill('SIGKILL'); }, 15_000);
      await Promise.all(exits.slice(1));
      clearTimeout(timer);
      relay.kill('SIGTERM');
      const relayTimer = setTimeout(() => relay.kill('SIGKILL'), 5_000);
      await exits[0];
      clearTimeout(relayTimer);
      process.off('exit', killAll);
    },
  };
}

/**
 * Which TCP connections the validators hold (`ss`): each p2p connection must be either to a
 * relay's port (dialled through it; the relay of its own link, not another pair's) or from
 * the relay process (accepted from it). Returns `{ ok, viaRelay, bypass: [lines], wrongRelay:
 * [lines] }`; RPC and Prometheus connections are not counted.
 */
export function routing({ nodes, links, relayPid, ports }) {
  const out = execFileSync('ss', ['-tnpH', 'state', 'established'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const sockets = out.split('\n').filter(Boolean).map((line) => {
    const parts = line.trim().split(/\s+/);
    // Recv-Q Send-Q Local Peer [Process] (state given: no State column)
    const [local, peer] = [parts[2], parts[3]];
    const pids = [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
    const port = (addr) => Number(addr?.slice(addr.lastIndexOf(':') + 1));
    return { line, local, peer, localPort: port(local), peerPort: port(peer), pids };
  });
  const byLocal = new Map(sockets.map((s) => [s.local, s]));
  const relayPorts = new Set(links.map((l) => l.listenPort));
  const p2pPorts = new Set(nodes.map((n) => n.p2pPort));
  const clientPorts = new Set(nodes.flatMap((n, i) => [ports.rpc + i, ports.prometheus + i]));
  const linkAt = new Map(links.map((l) => [l.listenPort, l]));
  let viaRelay = 0;
  const bypass = [];
  const wrongRelay = [];
  for (const node of nodes) {
    for (const s of sockets.filter((x) => x.pids.includes(node.pid))) {
      if (clientPorts.has(s.localPort)) continue; // someone's RPC or Prometheus client
      if (relayPorts.has(s.peerPort)) { // dialled a relay: its own to that peer?
        viaRelay += 1;
        if (linkAt.get(s.peerPort).from !== node.index) wrongRelay.push(`${node.name} via ${linkAt.get(s.peerPort).name}: ${s.line.trim()}`);
        continue;
      }
      const other = byLocal.get(s.peer);
      if (s.localPort === node.p2pPort && other && other.pids.includes(relayPid)) { viaRelay += 1; continue; } // from the relay
      if (p2pPorts.has(s.peerPort) || s.localPort === node.p2pPort) bypass.push(`${node.name}: ${s.line.trim()}`);
    }
  }
  return { ok: bypass.length === 0 && wrongRelay.length === 0 && viaRelay > 0, viaRelay, bypass, wrongRelay };
}

/** Wait until every node answers, has three peers and has finalized block `target` or later. */
export async function waitForNetwork(network, { target = 1, timeoutMs = 180_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const connections = [];
  try {
    for (const node of network.nodes) {
      for (;;) {
        try {
          connections.push(await new RpcConnection(node.ws, { timeoutMs: 10_000 }).open());
          break;
        } catch (error) {
          const gone = network.exited();
          if (gone.length) throw new Error(`validator(s) ${gone.join(', ')} exited; see ${network.dir}/*.log`);
          if (Date.now() > deadline) throw new Error(`${node.ws} did not answer: ${error.message}`);
          await sleep(500);
        }
      }
    }
    let last = '';
    for (;;) {
      const state = await Promise.all(connections.map(async (c) => {
        const [health, head] = await Promise.all([c.call('system_health'), c.call('chain_getFinalizedHead')]);
        const header = await c.call('chain_getHeader', [head]);
        return { peers: health.peers, finalized: parseInt(header.number, 16) };
      }));
      last = state.map((s, i) => `${network.nodes[i].name}: ${s.peers} peers, #${s.finalized} final`).join('; ');
      if (state.every((s) => s.peers >= 3 && s.finalized >= target)) return state;
      const gone = network.exited();
      if (gone.length) throw new Error(`validator(s) ${gone.join(', ')} exited; see ${network.dir}/*.log`);
      if (Date.now() > deadline) throw new Error(`the network did not reach finalized #${target} with three peers each in ${timeoutMs} ms (${last})`);
      await sleep(1_000);
    }
  } finally {
    for (const c of connections) c.close();
  }
}

// ---- Measuring -------------------------------------------------------------------------

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** `{ n, mean, p50, p95, max }` of `values` (nulls ignored), rounded to `digits`. */
export function stats(values, digits = 0) {
  const sorted = values.filter((v) => v !== null && v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  const round = (v) => (v === null ? null : Number(v.toFixed(digits)));
  if (!sorted.length) return { n: 0, mean: null, p50: null, p95: null, max: null };
  return {
    n: sorted.length,
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted[sorted.length - 1]),
  };
}

const TIMESTAMP_NOW = xxhashAsHex('Timestamp', 128) + xxhashAsHex('Now', 128).slice(2);

/**
 * How many GRANDPA prevotes a validator has cast (`substrate_finality_grandpa_prevotes_total`,
 * one a round), or null. The round gauge is no use here: rounds count from 1 again with each
 * authority set, and the runtime starts a new set whenever the validators or their keys
 * change (before release 108: at every session).
 */
export async function grandpaPrevotes(node) {
  try {
    const response = await fetch(node.prometheus, { signal: AbortSignal.timeout(5_000) });
    const text = await response.text();
    const match = text.match(/^substrate_finality_grandpa_prevotes_total(?:\{[^}]*\})? (\d+)/m);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Watches every node: each block's arrival (all heads, wall clock), each node's best and
 * finalized numbers, and every `sampleMs` the finality lag (best − finalized) of each node.
 */
export class Observer {
  constructor(nodes, { sampleMs = 250 } = {}) {
    this.nodes = nodes;
    this.sampleMs = sampleMs;
    this.arrivals = new Map(); // hash -> { number, at: [ms per node] }
    this.best = nodes.map(() => 0);
    this.finalized = nodes.map(() => 0);
    this.finalizedAt = nodes.map(() => []); // [{ number, t }]
    this.lags = []; // { t, node, lag }
    this.connections = [];
  }

  async start() {
    this.connections = await Promise.all(this.nodes.map((n) => new RpcConnection(n.ws).open()));
    const handler = (fn) => ({ onResult: (result) => result && fn(result), onClose() {} });
    await Promise.all(this.connections.map(async (c, i) => {
      await c.subscribe('chain_subscribeAllHeads', [], handler((header) => {
        const t = Date.now();
        // The hash is not in the notification: the header's own hash is computed on demand
        // (by number and parent) at the end; here, key arrivals by number and parent.
        const key = `${header.number}:${header.parentHash}`;
        let entry = this.arrivals.get(key);
        if (!entry) {
          entry = { number: parseInt(header.number, 16), parent: header.parentHash, at: this.nodes.map(() => null) };
          this.arrivals.set(key, entry);
        }
        entry.at[i] ??= t;
      }));
      await c.subscribe('chain_subscribeNewHeads', [], handler((header) => {
        this.best[i] = Math.max(this.best[i], parseInt(header.number, 16));
      }));
      await c.subscribe('chain_subscribeFinalizedHeads', [], handler((header) => {
        const number = parseInt(header.number, 16);
        if (number > this.finalized[i]) {
          this.finalized[i] = number;
          this.finalizedAt[i].push({ number, t: Date.now() });
        }
      }));
    }));
    this.timer = setInterval(() => {
      const t = Date.now();
      this.nodes.forEach((_, i) => {
        if (this.best[i] && this.finalized[i]) this.lags.push({ t, node: i, lag: Math.max(0, this.best[i] - this.finalized[i]) });
      });
    }, this.sampleMs);
  }

  stop() {
    clearInterval(this.timer);
    for (const c of this.connections) c.close();
  }

  /** The first time node `i` reported block `number` (or a later one) final. */
  finalizedTime(i, number) {
    const hit = this.finalizedAt[i].find((f) => f.number >= number);
    return hit ? hit.t : null;
  }
}

/**
 * Read the finalized chain from node 0 between `from` and `to` (numbers): each block's hash,
 * parent, timestamp (the slot's start, as its author set it) and Aura slot.
 */
export async function readChain(node, from, to) {
  const c = await new RpcConnection(node.ws).open();
  try {
    const blocks = [];
    for (let n = from; n <= to; n += 1) {
      const hash = await c.call('chain_getBlockHash', [n]);
      const [header, ts] = await Promise.all([c.call('chain_getHeader', [hash]), c.call('state_getStorage', [TIMESTAMP_NOW, hash])]);
      const aura = header.digest.logs.find((log) => log.startsWith('0x0661757261')); // PreRuntime, b"aura"
      // PreRuntime(engine, Vec<u8>): 0x06, "aura", compact length (0x20), the slot (u64 LE)
      const slot = aura ? u8aToBn(hexToU8a(aura).slice(6, 14), { isLe: true }).toNumber() : null;
      blocks.push({
        number: n, hash, parent: header.parentHash,
        timestamp: u8aToBn(hexToU8a(ts), { isLe: true }).toNumber(),
        slot,
      });
    }
    return blocks;
  } finally {
    c.close();
  }
}

/**
 * What the blocks `blocks` (readChain) and the observer's records say: block intervals (by
 * the blocks' timestamps), slots without a block, how long each block took to reach the
 * other nodes (after its author had it) and every node (after its slot began), finality per
 * node after the slot began, and the sampled finality lag.
 */
export function analyseBlocks(blocks, observer, { from, to }) {
  const intervals = [];
  let missedSlots = 0;
  for (let k = 1; k < blocks.length; k += 1) {
    intervals.push(blocks[k].timestamp - blocks[k - 1].timestamp);
    if (blocks[k].slot !== null && blocks[k - 1].slot !== null) missedSlots += blocks[k].slot - blocks[k - 1].slot - 1;
  }
  const spread = [];
  const toAll = [];
  const toFinal = [];
  const toFinalByNode = observer.nodes.map(() => []);
  const afterImport = [];
  const perBlock = [];
  for (const block of blocks) {
    const entry = observer.arrivals.get(`0x${block.number.toString(16)}:${block.parent}`);
    perBlock.push({
      number: block.number,
      slot: block.slot,
      arrivedMs: entry ? entry.at.map((t) => (t === null ? null : t - block.timestamp)) : null,
      finalMs: observer.nodes.map((_, i) => {
        const t = observer.finalizedTime(i, block.number);
        return t === null ? null : t - block.timestamp;
      }),
    });
    if (entry && entry.at.every((t) => t !== null)) {
      const author = entry.at.indexOf(Math.min(...entry.at)); // its author imports it first
      const others = entry.at.filter((_, i) => i !== author);
      spread.push(Math.max(...others) - entry.at[author]);
      toAll.push(Math.max(...entry.at) - block.timestamp);
    }
    observer.nodes.forEach((_, i) => {
      const t = observer.finalizedTime(i, block.number);
      if (t === null) return;
      toFinal.push(t - block.timestamp);
      toFinalByNode[i].push(t - block.timestamp);
      if (entry?.at[i]) afterImport.push(t - entry.at[i]);
    });
  }
  const lags = observer.lags.filter((s) => s.t >= from && s.t <= to).map((s) => s.lag);
  const durationS = blocks.length > 1 ? (blocks[blocks.length - 1].timestamp - blocks[0].timestamp) / 1000 : null;
  return {
    blocks: blocks.length,
    firstBlock: blocks[0]?.number ?? null,
    lastBlock: blocks[blocks.length - 1]?.number ?? null,
    intervalMs: stats(intervals),
    missedSlots,
    slots: blocks.length > 1 && blocks[0].slot !== null ? blocks[blocks.length - 1].slot - blocks[0].slot : null,
    propagationMs: stats(spread), // author had it -> the last other node had it
    slotToAllNodesMs: stats(toAll), // slot start -> every node had it
    slotToFinalMs: stats(toFinal), // slot start -> final, per node and block
    slotToFinalByNodeMs: toFinalByNode.map((list) => stats(list)),
    importToFinalMs: stats(afterImport),
    lagBlocks: { ...stats(lags, 2), p95: percentile([...lags].sort((a, b) => a - b), 95), max: lags.length ? Math.max(...lags) : null },
    durationS,
    perBlock, // each block: ms after its slot began when each node had it and had it final
  };
}

/**
 * Send `count` balance transfers with polkadot.js, one every `intervalMs` on average (each gap
 * drawn uniformly from half to one and a half times it, so that submissions fall anywhere in
 * the 3-second slots), exchange k's from its operator's account (Alice, Bob, Charlie, Dave) to
 * its own node (`apis[k]`), round robin; each signed with the account's next nonce (counted
 * here: the pool's `accountNextIndex` can lag when the previous transfer's block arrives)
 * and followed with signAndSend to Finalized. Returns the records `{ exchange, sentAt,
 * inBlockMs, finalizedMs, outcome }`.
 */
export async function sendTransfers(apis, keys, { count, intervalMs, timeoutMs = 90_000, onProgress = () => {} }) {
  const sink = keys.account('//distance/sink').address;
  const signers = apis.map((_, k) => keys.account(EXCHANGES[k].operator));
  const nonces = await Promise.all(signers.map((signer, k) => apis[k].rpc.system.accountNextIndex(signer.address).then((n) => n.toNumber())));
  const records = [];
  const pending = [];
  let due = performance.now();
  for (let k = 0; k < count; k += 1) {
    if (k > 0) due += intervalMs * (0.5 + Math.random());
    const now = performance.now();
    if (due > now) await sleep(due - now);
    const exchange = k % apis.length;
    const api = apis[exchange];
    const signer = signers[exchange];
    const nonce = nonces[exchange]++;
    const rec = { exchange: EXCHANGES[exchange].name, sentAt: performance.now(), inBlockMs: null, finalizedMs: null, outcome: null };
    records.push(rec);
    pending.push(new Promise((resolve) => {
      let unsub = () => {};
      const finish = (outcome) => {
        if (rec.outcome) return;
        rec.outcome = outcome;
        clearTimeout(timer);
        unsub();
        resolve();
      };
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      api.tx.balances.transferKeepAlive(sink, 1_000_000_000_000n)
        .signAndSend(signer, { nonce }, ({ status }) => {
          const t = performance.now() - rec.sentAt;
          if (status.isInBlock && rec.inBlockMs === null) rec.inBlockMs = t;
          else if (status.isFinalized) { rec.finalizedMs = t; finish('finalized'); } else if (status.isInvalid || status.isDropped || status.isUsurped || status.isFinalityTimeout) finish(status.type);
        })
        .then((u) => { unsub = u; if (rec.outcome) u(); })
        .catch((error) => finish(`error: ${error.message}`));
    }));
    if ((k + 1) % 20 === 0) onProgress(k + 1);
  }
  await Promise.all(pending);
  return records;
}

export function analyseTransfers(records) {
  const byExchange = Object.fromEntries(EXCHANGES.map((x) => [x.name, stats(records.filter((r) => r.exchange === x.name).map((r) => r.finalizedMs))]));
  const outcomes = {};
  for (const r of records) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  return {
    sent: records.length,
    outcomes,
    inBlockMs: stats(records.map((r) => r.inBlockMs)),
    finalizedMs: stats(records.map((r) => r.finalizedMs)),
    finalizedByExchangeMs: byExchange,
  };
}

/** One-line load average (the measurements share two cores with the four validators). */
export function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return null;
  }
}
