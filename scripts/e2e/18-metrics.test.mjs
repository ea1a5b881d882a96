// Monitoring: every validator serves Prometheus metrics on loopback; the chain exporter
// (scripts/exporter.mjs) follows the shared network, counts a trade made here, and survives
// losing its node; every metric the Grafana dashboard (ops/grafana/stledger-dashboard.json)
// and the alert rules (ops/prometheus-alerts.yml) query is served by a running node or the
// exporter.
//
// The exporter runs as a child process on a free loopback port and reads the node of
// STLEDGER_RPC through a TCP relay the test owns, so that "the node goes away" is the relay
// closing, not a validator of the shared network stopping.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect as tcpConnect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { connect, devKeyring, eventsOf, submit } from '../lib/chain.mjs';
import { onboardInvestor, STL } from '../lib/onboarding.mjs';
import { metricNamesInPromQL, parseMetrics, sampleSum } from '../lib/prometheus.mjs';
import { env } from './env.mjs';

const EXPORTER = fileURLToPath(new URL('../exporter.mjs', import.meta.url));
const DASHBOARD = fileURLToPath(new URL('../../ops/grafana/stledger-dashboard.json', import.meta.url));
const ALERTS = fileURLToPath(new URL('../../ops/prometheus-alerts.yml', import.meta.url));
const DOCS = fileURLToPath(new URL('../../docs/operating-a-validator.md', import.meta.url));
// scripts/lib.sh: validator i serves Prometheus on PROMETHEUS_BASE + i, 9615 + i
// (STLEDGER_PROMETHEUS_BASE overrides it here); STLEDGER_RPC is validator 0's RPC.
const PROMETHEUS_BASE = Number(process.env.STLEDGER_PROMETHEUS_BASE || 9615);
const NODE_METRICS = [0, 1, 2, 3].map((i) => `http://127.0.0.1:${PROMETHEUS_BASE + i}/metrics`);
const USDX = 1;
const US_VENUE = 0; // the US exchange (Alice), licensed for US investors
const PRICE = 2_500n; // ticks
const ASK_LOTS = 10;
const BID_LOTS = 4;

let api;
let keys;
let exporter; // { child, url, output }
let relay; // the TCP relay between the exporter and the node

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll `check` every `intervalMs` until it returns a truthy value; fail after `timeoutMs`. */
async function waitFor(check, { timeoutMs = 30_000, intervalMs = 300, what }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    }
    await sleep(intervalMs);
  }
}

async function scrape(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  assert.equal(response.status, 200, `${url} answered ${response.status}`);
  return parseMetrics(await response.text());
}

const exporterMetrics = () => scrape(exporter.url);

/** A free TCP port on loopback (the kernel picks it; free again when this returns). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A TCP relay from a loopback port to `target` (host, port) that can go down and come back. */
function startRelay(port, target) {
  const sockets = new Set();
  let server = null;
  const listen = () => new Promise((resolve, reject) => {
    server = createServer((client) => {
      const upstream = tcpConnect(target.port, target.host);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => { client.destroy(); upstream.destroy(); });
      }
      // The node answers only the host names of its own port (sc-rpc-server's host filter,
      // on whenever the node lists origins: its default), so the relay passes the node's own
      // `Host`, as a proxy in front of a node must.
      client.once('data', (request) => {
        upstream.write(request.toString('latin1').replace(/^Host: .*$/im, `Host: ${target.host}:${target.port}`), 'latin1');
        client.pipe(upstream);
      });
      upstream.pipe(client);
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `ws://127.0.0.1:${port}`,
    up: listen,
    /** Stop listening and cut every connection: to the exporter, the node is gone. */
    async down() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

before(async () => {
  api = await connect(env.rpc);
  keys = await devKeyring();

  const target = new URL(env.rpc);
  relay = startRelay(await freePort(), { host: target.hostname, port: Number(target.port || 80) });
  await relay.up();

  const port = await freePort();
  const child = spawn(process.execPath, [
    EXPORTER, '--rpc', relay.url, '--port', String(port),
    // Faster than the defaults (12 s, 60 s), so the test sees state changes within seconds.
    '--state-interval', '1', '--scan-interval', '5',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  exporter = { child, url: `http://127.0.0.1:${port}/metrics`, output: '' };
  child.stdout.on('data', (chunk) => { exporter.output += chunk; });
  child.stderr.on('data', (chunk) => { exporter.output += chunk; });
  exporter.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await waitFor(() => {
    if (child.exitCode !== null) throw new Error(`the exporter exited (${child.exitCode}): ${exporter.output}`);
    return exporter.output.includes(`http://127.0.0.1:${port}/metrics`);
  }, { timeoutMs: 20_000, what: 'the exporter to listen' });
});

after(async () => {
  if (exporter?.child && exporter.child.exitCode === null) {
    exporter.child.kill('SIGTERM');
    const timer = setTimeout(() => exporter.child.kill('SIGKILL'), 5_000);
    await exporter.exited;
    clearTimeout(timer);
  }
  await relay?.down().catch(() => {});
  await api?.disconnect();
});

test('every validator serves Prometheus metrics, on loopback only', async () => {
  for (const url of NODE_METRICS) {
    const metrics = await scrape(url);
    const finalized = sampleSum(metrics, 'substrate_block_height', { status: 'finalized' });
    assert.ok(finalized >= 1, `${url}: finalized height ${finalized}`);
    assert.ok(sampleSum(metrics, 'substrate_sub_libp2p_peers_count') >= 1, `${url}: no peers`);
    assert.notEqual(sampleSum(metrics, 'substrate_ready_transactions_number'), undefined, `${url}: no pool metric`);
  }
  // scripts/lib.sh passes --prometheus-port without --prometheus-external: bound to 127.0.0.1.
  if (existsSync('/proc/net/tcp')) {
    const listening = readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === '0A') // LISTEN
      .map((fields) => fields[1].split(':'))
      .map(([address, port]) => ({ address, port: parseInt(port, 16) }));
    for (let i = 0; i < NODE_METRICS.length; i += 1) {
      const own = listening.filter((entry) => entry.port === PROMETHEUS_BASE + i);
      assert.ok(own.length >= 1, `nothing listens on ${PROMETHEUS_BASE + i}`);
      assert.deepEqual(own.map((entry) => entry.address), own.map(() => '0100007F'), `port ${PROMETHEUS_BASE + i} is not loopback only`);
    }
  }
});

test('the exporter follows the node: its finalized block is the node\'s', async () => {
  const node = NODE_METRICS[0];
  const matched = await waitFor(async () => {
    const nodeBefore = sampleSum(await scrape(node), 'substrate_block_height', { status: 'finalized' });
    const ours = await exporterMetrics();
    const nodeAfter = sampleSum(await scrape(node), 'substrate_block_height', { status: 'finalized' });
    const finalized = sampleSum(ours, 'stledger_finalized_block');
    return finalized !== undefined && (finalized === nodeBefore || finalized === nodeAfter) && { ours, finalized };
  }, { timeoutMs: 30_000, what: 'the exporter\'s finalized block to be the node\'s' });
  const { ours, finalized } = matched;
  assert.equal(sampleSum(ours, 'stledger_exporter_up'), 1);
  const best = sampleSum(ours, 'stledger_best_block');
  assert.ok(best >= finalized, `best ${best} < finalized ${finalized}`);
  assert.equal(sampleSum(ours, 'stledger_finality_lag_blocks'), best - finalized);
  // The RPC says the same.
  const header = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
  assert.ok(header.number.toNumber() >= finalized);

  // State read at the finalized block: the consortium of `local` and its validators.
  const state = await waitFor(async () => {
    const metrics = await exporterMetrics();
    return sampleSum(metrics, 'stledger_validators') !== undefined && sampleSum(metrics, 'stledger_identities') !== undefined && metrics;
  }, { what: 'the exporter\'s first state read and scan' });
  assert.ok(sampleSum(state, 'stledger_exchanges', { status: 'active' }) >= 3);
  assert.ok(sampleSum(state, 'stledger_validators') >= 3);
  assert.ok(sampleSum(state, 'stledger_attested_identities') >= 8, 'the eight demo investors of local are attested');
  assert.equal(sampleSum(state, 'stledger_runtime_spec_version'), (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber());

  // Every metric the exporter serves is ST Ledger's, says what it is, and is documented.
  const docs = readFileSync(DOCS, 'utf8');
  for (const name of state.samples.keys()) {
    assert.match(name, /^stledger_/);
    assert.ok(state.help.get(name), `${name} has no # HELP`);
    assert.ok(['gauge', 'counter'].includes(state.types.get(name)), `${name} has no # TYPE`);
    assert.ok(docs.includes(`| \`${name}\` |`), `${name} is not in the metrics table of docs/operating-a-validator.md`);
  }
});

test('a trade on the book: the exporter counts the fill and sees the rest of the ask', async () => {
  const alice = keys.account('Alice');
  const seller = keys.account('//us-accredited');
  const buyer = keys.account('//us-retail');
  const beforeFills = sampleSum(await exporterMetrics(), 'stledger_fills_total');
  assert.notEqual(beforeFills, undefined);

  // A fresh issuer (onboarded by the US exchange) creates a security and issues it to the
  // seller; the US venue opens a market for it in USDX.
  const issuer = keys.keyring.addFromUri(mnemonicGenerate());
  await onboardInvestor(api, alice, issuer, {
    fund: 100n * STL, jurisdiction: 'US', class: 'Institutional', risk: 5, evidence: 'metrics issuer kyc',
  });
  const made = await submit(api, api.tx.securities.createSecurity('Metrics Notes', 'METR', null, 0, null), issuer);
  assert.equal(made.error, null);
  const security = eventsOf(made, 'securities', 'SecurityCreated')[0].data.security.toNumber();
  const params = { tickSize: 1_000n, lotSize: 1, minOrder: 1, makerFeeBps: 0, takerFeeBps: 0 };
  const [minted, created] = await Promise.all([
    submit(api, api.tx.securities.mint(security, seller.address, ASK_LOTS, null), issuer),
    submit(api, api.tx.orderbook.createMarket(security, USDX, params, [US_VENUE]), alice),
  ]);
  assert.equal(minted.error, null);
  assert.equal(created.error, null);
  const marketId = eventsOf(created, 'orderbook', 'MarketCreated')[0].data.market.toNumber();
  const market = String(marketId); // as a label

  const clientId = Date.now();
  const ask = await submit(api, api.tx.orderbook.placeOrder(marketId, US_VENUE, 'Ask', PRICE, ASK_LOTS, 'GoodTillCancelled', null, clientId, null, 16), seller);
  assert.equal(ask.error, null);
  const bid = await submit(api, api.tx.orderbook.placeOrder(marketId, US_VENUE, 'Bid', PRICE, BID_LOTS, 'GoodTillCancelled', null, clientId + 1, null, 16), buyer);
  assert.equal(bid.error, null);
  assert.equal(eventsOf(bid, 'orderbook', 'Filled').length, 1, 'the bid crossed the ask');

  // Counted once its block is finalized; the rest of the ask rests on the book.
  const metrics = await waitFor(async () => {
    const m = await exporterMetrics();
    return sampleSum(m, 'stledger_market_fills_total', { market }) === 1
      && sampleSum(m, 'stledger_open_lots', { market, side: 'ask' }) === ASK_LOTS - BID_LOTS
      && m;
  }, { timeoutMs: 30_000, what: `the exporter to count the fill in market ${market}` });
  assert.ok(sampleSum(metrics, 'stledger_fills_total') >= beforeFills + 1, 'stledger_fills_total grew');
  assert.equal(sampleSum(metrics, 'stledger_market_traded_lots_total', { market }), BID_LOTS);
  assert.equal(sampleSum(metrics, 'stledger_market_traded_value_total', { market }), Number(BigInt(BID_LOTS) * PRICE * 1_000n));
  assert.equal(sampleSum(metrics, 'stledger_open_orders', { market, side: 'ask' }), 1);
  assert.equal(sampleSum(metrics, 'stledger_open_orders', { market, side: 'bid' }), 0);
  assert.equal(sampleSum(metrics, 'stledger_book_levels', { market, side: 'ask' }), 1);
  const info = metrics.samples.get('stledger_market_info').find(({ labels }) => labels.market === market);
  assert.deepEqual({ ...info.labels }, { market, security: String(security), symbol: 'METR', cash: String(USDX), status: 'open' });
  assert.ok(sampleSum(metrics, 'stledger_orderbook_events_total', { event: 'OrderPlaced' }) >= 2);
});

test('every metric the dashboard and the alert rules query is on a running node or the exporter', async () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8'));
  assert.ok(dashboard.templating.list.some((v) => v.type === 'datasource' && v.query === 'prometheus'), 'a Prometheus datasource variable');
  const queries = []; // { where, expr, bare }
  const walk = (panels) => {
    for (const panel of panels ?? []) {
      walk(panel.panels); // collapsed rows hold their panels
      if (panel.type === 'row') continue;
      assert.ok(panel.targets?.length, `panel "${panel.title}" has no query`);
      assert.equal(panel.datasource?.uid, '${datasource}', `panel "${panel.title}" does not use the datasource variable`);
      for (const target of panel.targets) queries.push({ where: `panel "${panel.title}"`, expr: target.expr });
    }
  };
  walk(dashboard.panels);
  for (const variable of dashboard.templating.list) {
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    const labelValues = /^label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(query ?? '');
    if (labelValues) queries.push({ where: `variable $${variable.name}`, expr: labelValues[1] });
  }
  // The alert rules: every `expr:` line (`up` is Prometheus' own series for a target).
  for (const [, expr] of readFileSync(ALERTS, 'utf8').matchAll(/^\s*expr:\s*(.+)$/gm)) {
    queries.push({ where: 'ops/prometheus-alerts.yml', expr: expr.replace(/\bup\{[^}]*\}/g, ''), bare: /\bup\{/.test(expr) });
  }
  assert.ok(queries.length >= 40, `only ${queries.length} queries found`);

  const served = new Set();
  for (const url of NODE_METRICS) {
    for (const name of (await scrape(url)).samples.keys()) served.add(name);
  }
  // After the trade every exporter metric has series (markets and fills included): each is
  // in the documentation's table.
  const docs = readFileSync(DOCS, 'utf8');
  const ours = await exporterMetrics();
  for (const name of ours.samples.keys()) {
    served.add(name);
    assert.ok(docs.includes(`| \`${name}\` |`), `${name} is not in the metrics table of docs/operating-a-validator.md`);
  }
  assert.equal(ours.samples.size, ours.types.size, 'every metric the exporter declares has series');
  const missing = [];
  const used = new Set();
  for (const { where, expr, bare } of queries) {
    const names = metricNamesInPromQL(expr);
    assert.ok(names.size >= 1 || bare, `${where}: no metric name in ${expr}`);
    for (const name of names) {
      used.add(name);
      if (!served.has(name)) missing.push(`${name} (${where})`);
    }
  }
  assert.deepEqual(missing, [], `metrics queried but served by no node and not by the exporter:\n${missing.join('\n')}`);
  assert.ok([...used].some((n) => n.startsWith('substrate_')) && [...used].some((n) => n.startsWith('stledger_')));
});

test('the exporter survives losing its node: down, then back and following', async () => {
  const earlier = await exporterMetrics();
  const reconnects = sampleSum(earlier, 'stledger_exporter_reconnects_total');
  const lastFinalized = sampleSum(earlier, 'stledger_finalized_block');
  await relay.down();
  await waitFor(async () => sampleSum(await exporterMetrics(), 'stledger_exporter_up') === 0,
    { timeoutMs: 15_000, what: 'stledger_exporter_up 0 with the node gone' });
  // Still serving while the node is away.
  assert.equal(sampleSum(await exporterMetrics(), 'stledger_finalized_block'), lastFinalized);
  await relay.up();
  const back = await waitFor(async () => {
    const m = await exporterMetrics();
    return sampleSum(m, 'stledger_exporter_up') === 1 && sampleSum(m, 'stledger_finalized_block') > lastFinalized && m;
  }, { timeoutMs: 30_000, what: 'the exporter to reconnect and see a new finalized block' });
  assert.equal(sampleSum(back, 'stledger_exporter_reconnects_total'), reconnects + 1);
  assert.equal(sampleSum(back, 'stledger_exporter_skipped_blocks_total'), 0);
  // and it matches the node again
  await waitFor(async () => {
    const node = sampleSum(await scrape(NODE_METRICS[0]), 'substrate_block_height', { status: 'finalized' });
    return sampleSum(await exporterMetrics(), 'stledger_finalized_block') === node;
  }, { timeoutMs: 15_000, what: 'the exporter\'s finalized block to be the node\'s again' });
});
