// The demo world scripts/run.sh seeds: the seeding command a newcomer runs, twice (the second
// time it sends nothing), then the world it promises and the three things it suggests trying.
// Runs after 09-cash-fees: it sets the USDX fee rate, which 09-cash-fees sets itself.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connect, devKeyring, submit } from '../lib/chain.mjs';
import { USDX, VENUES } from '../lib/demo-world.mjs';
import { env } from './env.mjs';

const SEED = join(dirname(fileURLToPath(import.meta.url)), '..', 'seed-demo.mjs');
const run = promisify(execFile);

let api;
let keys;
let world;

before(async () => {
  api = await connect(env.rpc);
  keys = await devKeyring();
});

after(async () => api?.disconnect());

/** The ids the guide prints, e.g. `ACME = 1003`. */
function idsFrom(guide) {
  const id = (pattern) => Number(guide.match(pattern)?.[1]);
  return {
    acme: id(/ACME = (\d+)/),
    harbor: id(/HRBR = (\d+)/),
    harborOffering: id(/offering (\d+), sold out/),
    regD: id(/(\d+) = ACME Reg D/),
    regS: id(/(\d+) = ACME Reg S/),
    market: id(/market\s+(\d+) = HRBR/),
  };
}

test('seeding prints the accounts and what to try; seeding again sends nothing', async () => {
  const first = await run('node', [SEED, '--rpc', env.rpc], { timeout: 300_000 });
  assert.match(first.stdout, /\/\/us-accredited/);
  assert.match(first.stdout, /Three things to try/);
  world = idsFrom(first.stdout);
  for (const [name, value] of Object.entries(world)) assert.ok(Number.isInteger(value), `${name} in the guide`);

  const second = await run('node', [SEED, '--rpc', env.rpc], { timeout: 120_000 });
  assert.match(second.stderr, /already seeded: nothing sent/);
  assert.deepEqual(idsFrom(second.stdout), world);
});

test('ACME has a live Reg D 506(c) tranche and a live Reg S tranche', async () => {
  const regD = (await api.call.offeringsApi.offering(world.regD)).unwrap();
  const regS = (await api.call.offeringsApi.offering(world.regS)).unwrap();
  assert.equal(regD.security.toNumber(), world.acme);
  assert.equal(regS.security.toNumber(), world.acme);
  assert.equal(regD.phase.type, 'Open');
  assert.equal(regS.phase.type, 'Open');
  const terms = async (id) => (await api.query.offerings.offerings(id)).unwrap().terms;
  assert.equal((await terms(world.regD)).regime.unwrap().type, 'RegD506c');
  assert.equal((await terms(world.regS)).regime.unwrap().type, 'RegS40Days');

  // Try 1: an accredited US investor subscribes; a US retail investor is refused by name.
  const subscribed = await submit(api, api.tx.offerings.subscribe(world.regD, 20), keys.account('//us-accredited'));
  assert.equal(subscribed.error, null);
  // Refusals are the securities pallet's exact errors: ACME's rules (US: accredited and
  // above), and the Reg S regime (the US restricted for the distribution period).
  const refused = await submit(api, api.tx.offerings.subscribe(world.regD, 20), keys.account('//us-retail'));
  assert.equal(refused.error, 'securities.ClassNotAllowed');
  const offshore = await submit(api, api.tx.offerings.subscribe(world.regS, 20), keys.account('//us-accredited'));
  assert.equal(offshore.error, 'securities.JurisdictionRestricted', 'no US subscriber in the Reg S tranche');
});

test('HRBR is settled and trades on three venues with resting orders on both sides', async () => {
  const market = (await api.call.orderbookApi.market(world.market)).unwrap();
  assert.equal(market.security.toNumber(), world.harbor);
  assert.deepEqual(market.venues.map((v) => v.toNumber()).sort(), [VENUES.US, VENUES.DE, VENUES.SG].sort());
  const offering = (await api.call.offeringsApi.offering(world.harborOffering)).unwrap();
  assert.equal(offering.security.toNumber(), world.harbor);
  assert.equal(offering.phase.toJSON().settled.succeeded, true);
  const depth = await api.call.orderbookApi.depth(world.market, 10);
  assert.ok(depth.bids.length >= 2 && depth.asks.length >= 2, 'two levels a side');
  assert.ok(depth.bids[0].price.toBigInt() < depth.asks[0].price.toBigInt(), 'not crossed');

  // Try 2: an SG retail investor buys 5 bonds from the best ask through the SG venue.
  const bestAsk = depth.asks[0].price.toBigInt();
  const bid = api.tx.orderbook.placeOrder(world.market, VENUES.SG, 'Bid', bestAsk, 5, 'GoodTillCancelled', null, Date.now(), null, 8);
  const outcome = await submit(api, bid, keys.account('//sg-retail'));
  assert.equal(outcome.error, null);
  const fills = outcome.events.filter(({ event }) => event.section === 'orderbook' && event.method === 'Filled');
  assert.equal(fills.length, 1);
  assert.equal(fills[0].event.data.trade.lots.toNumber(), 5);
  const supply = (await api.query.assets.asset(world.harbor)).unwrap().supply.toBigInt();
  assert.equal(supply, 1_000n, 'the whole offering was delivered');
});

test('Try 3: can_transfer gives every reason a transfer of ACME would fail', async () => {
  const why = await api.call.securitiesApi.canTransfer(
    world.acme,
    keys.account('//us-accredited').address,
    keys.account('//us-retail').address,
    10,
    'PeerToPeer',
  );
  const reasons = why.asErr.map((reason) => reason.type);
  for (const expected of ['InsufficientBalance', 'ClassNotAllowed', 'PeerToPeerNotAllowed']) {
    assert.ok(reasons.includes(expected), `${expected} in ${reasons.join(', ')}`);
  }
  // Fees in cash work in the demo world: the rate is set.
  assert.ok((await api.query.assetRate.conversionRateToNative(USDX)).isSome);
});
