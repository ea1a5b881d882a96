// Issue 15, the four exchanges at a distance (the short version of scripts/distance.mjs): a
// four-validator network of its own whose validators reach each other only through delaying
// relays with the round trips between New York, Frankfurt, Singapore and Zurich (90–240 ms,
// ±10 % jitter; scripts/lib/distance.mjs). Blocks must still come every slot and be final
// within a block or two, and a polkadot.js transfer sent to each exchange's own node must be
// final within seconds.
//
// The bounds, from what the timers allow (docs/performance.md, "The four exchanges at a
// distance"): a block reaches the farthest validator about 0.6 s after its slot starts (about
// five one-way trips of up to 120 ms: the announcement, a round trip to open the request's
// substream, the block request and the response), and GRANDPA finalizes it in the next round
// whose prevotes come after that (rounds last about 1.4 s: prevotes at 2 × the 333 ms gossip
// duration, precommits at 4 ×, plus the third-fastest vote's trip), so it is final 1.5–3 s
// after its slot began, before the next block: the finality lag is 0 or 1 block. A transfer waits for the next slot (up to 3 s), then its block's finality
// (up to 3 s): under 7 s. The bounds below are about twice those, for a busy two-core machine
// (the four validators, the relays and this client share it with whatever else runs).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, devKeyring } from '../lib/chain.mjs';
import {
  analyseBlocks, analyseTransfers, loadAverage, MATRICES, Observer, readChain, sendTransfers, startDistanceNetwork,
  waitForNetwork,
} from '../lib/distance.mjs';
import { env } from './env.mjs';

// Ports 32200–32243 (p2p, relays, RPC, Prometheus): clear of the test network (30333–30336,
// 9944–9947), of scripts/distance.mjs's default (32300–32343) and below Linux's ephemeral
// ports (32768 and up), which outgoing connections take.
const PORT_BASE = 32200;
const OBSERVE_MS = 45_000;
const TRANSFERS = 12; // three from each exchange, to its own node
const BOUNDS = {
  meanIntervalMs: 3_600, // at most about one slot in six without a block
  lagP95: 2,
  lagMax: 4,
  slotToFinalP95Ms: 6_000,
  transferP50Ms: 8_000,
  transferMaxMs: 15_000,
};

let dir;
let network;
let observer;
let observingSince;
const apis = [];

/**
 * Start the relayed network and wait until every validator has its three peers. Connected in
 * 14–24 s in every run but two of its first ten, both on a saturated machine (other sessions'
 * builds and benchmarks on the same two cores), where a pair did not connect in 150 s (in one
 * of them a validator's sync had banned two peers that dropped with block requests in
 * flight). Once more on 2026-12-05 with nothing but scripts/test.sh running: every pair had
 * its relayed connection, yet one validator counted one peer and two counted two. So a start
 * that fails is reported and tried once more on a fresh network; two failures fail the test.
 * A start is given 90 s, almost four times the slowest good one: waiting longer did not help
 * the failed ones, and the time goes to the fresh start instead.
 */
async function start(attempt) {
  dir = mkdtempSync(join(tmpdir(), 'stledger-distance-e2e-'));
  network = await startDistanceNetwork({
    dir, nodeBin: env.nodeBin, chainSpec: env.chainSpec, matrix: MATRICES.exchanges, base: PORT_BASE,
  });
  try {
    await waitForNetwork(network, { target: 2, timeoutMs: 90_000 });
  } catch (error) {
    // What the relays and the validators said (their directory goes with them).
    error.message += `\n${await network.diagnose()}`;
    await network.stop();
    network = undefined;
    rmSync(dir, { recursive: true, force: true });
    dir = undefined;
    if (attempt > 1) throw error;
    console.error(`the relayed network did not connect; starting it again. ${error.message}`);
    await start(attempt + 1);
  }
}

before(async () => {
  await start(1);
  observer = new Observer(network.nodes);
  await observer.start();
  observingSince = Date.now();
  for (const node of network.nodes) apis.push(await connect(node.ws));
}, { timeout: 400_000 });

after(async () => {
  observer?.stop();
  for (const api of apis) await api.disconnect().catch(() => {});
  await network?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('every connection between the validators goes through the relay of its own pair, delayed', async (t) => {
  const routing = network.routing();
  assert.deepEqual(routing.bypass, [], 'no connection between two validators\' own ports');
  assert.deepEqual(routing.wrongRelay, [], 'no validator uses another pair\'s relay');
  assert.ok(routing.viaRelay >= 6, `six pairs connected through relays (${routing.viaRelay} sockets)`);
  const stats = await network.relayStats();
  for (const link of network.links.filter((l) => !l.refuse)) {
    const s = stats.find((x) => x.name === link.name);
    assert.ok(s.connections >= 1, `${link.name}: a connection`);
    for (const direction of ['forward', 'backward']) {
      const d = s[direction];
      assert.ok(d.chunks > 0, `${link.name} ${direction}: traffic`);
      assert.ok(Math.abs(d.meanHeldMs - link.delayMs) <= link.jitterMs + 5,
        `${link.name} ${direction}: held ${d.meanHeldMs} ms for ${link.delayMs} ± ${link.jitterMs}`);
    }
  }
  const usSg = stats.find((x) => x.name === 'US->SG');
  t.diagnostic(`US–SG held ${usSg.forward.meanHeldMs} / ${usSg.backward.meanHeldMs} ms each way; ${routing.viaRelay} relayed sockets`);
});

test('a transfer sent to each exchange\'s own node is final within seconds', async (t) => {
  const keys = await devKeyring();
  const records = await sendTransfers(apis, keys, { count: TRANSFERS, intervalMs: 1_500, timeoutMs: 60_000 });
  const result = analyseTransfers(records);
  t.diagnostic(`to finalized: p50 ${result.finalizedMs.p50} ms, p95 ${result.finalizedMs.p95} ms, max ${result.finalizedMs.max} ms; `
    + `by exchange p50 ${Object.entries(result.finalizedByExchangeMs).map(([k, v]) => `${k} ${v.p50}`).join(', ')}; load ${loadAverage()}`);
  assert.deepEqual(result.outcomes, { finalized: TRANSFERS }, 'every transfer finalized');
  assert.ok(result.finalizedMs.p50 <= BOUNDS.transferP50Ms, `median ${result.finalizedMs.p50} ms <= ${BOUNDS.transferP50Ms}`);
  assert.ok(result.finalizedMs.max <= BOUNDS.transferMaxMs, `slowest ${result.finalizedMs.max} ms <= ${BOUNDS.transferMaxMs}`);
});

test('blocks come every slot and are final within a block or two', async (t) => {
  const left = observingSince + OBSERVE_MS - Date.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  const to = Date.now();
  const startBlock = Math.min(...observer.finalizedAt.map((list) => list[0]?.number ?? Infinity)) + 1;
  // The window's last blocks final everywhere, then read the chain.
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  const finalized = Math.min(...observer.finalized);
  assert.ok(Number.isFinite(startBlock) && finalized > startBlock + 8, `blocks finalized while observed (#${startBlock} → #${finalized})`);
  const chain = (await readChain(network.nodes[0], startBlock, finalized)).filter((b) => b.timestamp <= to);
  const blocks = analyseBlocks(chain, observer, { from: observingSince, to });
  t.diagnostic(`${blocks.blocks} blocks, interval mean ${blocks.intervalMs.mean} ms (p95 ${blocks.intervalMs.p95}), `
    + `${blocks.missedSlots} slots without a block; to every node p95 ${blocks.slotToAllNodesMs.p95} ms; `
    + `lag mean ${blocks.lagBlocks.mean} p95 ${blocks.lagBlocks.p95} max ${blocks.lagBlocks.max}; `
    + `slot → final p50 ${blocks.slotToFinalMs.p50} p95 ${blocks.slotToFinalMs.p95} ms; load ${loadAverage()}`);
  assert.ok(blocks.blocks >= 10, `${blocks.blocks} blocks in the window`);
  assert.ok(blocks.intervalMs.mean <= BOUNDS.meanIntervalMs, `mean block interval ${blocks.intervalMs.mean} ms <= ${BOUNDS.meanIntervalMs}`);
  assert.ok(blocks.lagBlocks.p95 <= BOUNDS.lagP95, `finality lag p95 ${blocks.lagBlocks.p95} <= ${BOUNDS.lagP95}`);
  assert.ok(blocks.lagBlocks.max <= BOUNDS.lagMax, `finality lag max ${blocks.lagBlocks.max} <= ${BOUNDS.lagMax}`);
  assert.ok(blocks.slotToFinalMs.p95 <= BOUNDS.slotToFinalP95Ms, `slot start to final p95 ${blocks.slotToFinalMs.p95} ms <= ${BOUNDS.slotToFinalP95Ms}`);
  // Every validator finalizes, not only the one read.
  for (const [i, d] of blocks.slotToFinalByNodeMs.entries()) assert.ok(d.n > 0, `${network.nodes[i].name} finalized blocks of the window`);
});
