// The load mixes: what each needs from the world, and its transactions, signed ahead.
//
//   transfer   balances.transferKeepAlive to another investor
//   p2p        securities.transfer of 1 token between compliant holders (the compliance check)
//   rest       orderbook.placeOrder: a 1-lot bid that does not cross (rests below the asks)
//   cross      orderbook.placeOrder: an IOC bid of `lotsPerBid` lots (default 1) meeting as many
//              of the 1-lot asks that distinct sellers placed before the load (each fill of
//              a bid a different seller; with `betweenHolders`, every fill between accounts
//              that hold before and after it)
//   cancel     orderbook.cancelOrder of a 1-lot bid placed before the load
//   subscribe  offerings.subscribe for 1 token at 1 USDX
//
// Each mix has its own investors (spread over the four exchanges: an investor sends to its
// exchange's node and orders through its exchange's venue), so mixes never share a nonce.

import { ASK_BASE, CASH, EXCHANGES, MAX_LEVELS, MAX_OPEN, PER_LEVEL, USD } from './world.mjs';
import { signTx } from './sign.mjs';
import { record } from './submit.mjs';

export const KINDS = ['transfer', 'p2p', 'rest', 'cross', 'cancel', 'subscribe'];
/** Rough sustained rates on the loopback network (per second), to size `--rate max --duration` runs. */
export const ESTIMATED_TPS = { transfer: 400, p2p: 150, rest: 170, cross: 90, cancel: 250, subscribe: 150 };
const BID_LIMIT = ASK_BASE + MAX_LEVELS - 1; // a cross bid reaches every ask level

/**
 * Plan the world for `counts` (kind -> transactions): investors per role, each `{ pair,
 * exchange, cash?, tokens? }`, the orders that must rest first, and the ask and bid slots.
 * `perAccount`: transactions per investor (at most 64 where orders rest; default 4 to 16, by count).
 * `betweenHolders`: every cross fill between accounts that hold the security before and after
 * it (each buyer holds a token before the load, each seller one more than it sells).
 */
export function planWorld(keys, seed, counts, { perAccount: fixedPerAccount, asksPerSeller = 4, lotsPerBid = 1, betweenHolders = false } = {}) {
  let made = 0;
  const investors = [];
  const groups = {};
  const group = (name, count, extra = {}) => {
    const list = Array.from({ length: count }, () => {
      const inv = { pair: keys.account(`${seed}/${made}`), exchange: made % EXCHANGES.length, role: name, ...extra };
      made += 1;
      investors.push(inv);
      return inv;
    });
    groups[name] = list;
    return list;
  };
  // Transactions per investor: as asked, else 4, more for large counts (at most 16: long
  // nonce chains sent at once go future in the pool, whose future queue is small).
  const perFor = (n) => fixedPerAccount ?? Math.min(16, Math.max(4, Math.ceil(n / 1000)));
  const accountsFor = (n, per) => Math.max(2, Math.ceil(n / per));
  const resting = [];
  let bidSlot = 0; // bids rest from ASK_BASE - 1 down, at most PER_LEVEL a price
  const bidPrice = () => {
    const level = Math.floor(bidSlot / PER_LEVEL);
    if (level >= MAX_LEVELS) throw new Error(`more than ${MAX_LEVELS * PER_LEVEL} resting bids (rest + cancel)`);
    bidSlot += 1;
    return ASK_BASE - 1 - level;
  };

  if (counts.transfer) group('transfer', accountsFor(counts.transfer, perFor(counts.transfer)));
  if (counts.p2p) {
    const holders = accountsFor(counts.p2p, perFor(counts.p2p));
    group('p2p', holders, { tokens: Math.ceil(counts.p2p / holders) + 1 });
  }
  if (counts.cancel) {
    const list = group('cancel', accountsFor(counts.cancel, Math.min(perFor(counts.cancel), MAX_OPEN)), { cash: true });
    for (let i = 0; i < counts.cancel; i += 1) resting.push({ inv: list[i % list.length], side: 'Bid', price: bidPrice() });
  }
  if (counts.rest) group('rest', accountsFor(counts.rest, Math.min(perFor(counts.rest), MAX_OPEN)), { cash: true });
  const restPrices = Array.from({ length: counts.rest ?? 0 }, bidPrice);
  if (counts.cross) {
    const asks = counts.cross * lotsPerBid;
    if (asks > MAX_LEVELS * PER_LEVEL) {
      throw new Error(`--mix cross: ${asks} asks (bids × lots per bid), at most ${MAX_LEVELS * PER_LEVEL} rest in one market`);
    }
    const perSeller = Math.min(asksPerSeller, MAX_OPEN);
    // Asks go to the sellers in turn. Within a price level a bid meets asks in the order they
    // reached the chain, not in this order, and a bid of K lots spans at most
    // ceil(K / PER_LEVEL) + 1 levels: with a different seller for every ask of that many
    // levels, a bid's K asks are K different sellers.
    const distinct = lotsPerBid > 1 ? Math.min(asks, PER_LEVEL * (Math.ceil(lotsPerBid / PER_LEVEL) + 1)) : 1;
    const kept = betweenHolders ? 1 : 0; // a seller that keeps a token keeps holding
    const sellers = group('seller', Math.max(distinct, accountsFor(asks, perSeller)), { tokens: perSeller + kept, cash: 10_000n });
    for (let i = 0; i < asks; i += 1) {
      resting.push({ inv: sellers[i % sellers.length], side: 'Ask', price: ASK_BASE + Math.floor(i / PER_LEVEL) });
    }
    // A bid reserves its lots at the highest ask price (about 1.26 USDX a lot with the fee):
    // enough USDX for every bid of a buyer.
    const buyerBids = perFor(counts.cross);
    const buyerCash = BigInt(Math.ceil(buyerBids * lotsPerBid * 1.3)) * USD;
    const held = betweenHolders ? { tokens: 1 } : {}; // a buyer that holds already is no new holder
    group('buyer', accountsFor(counts.cross, buyerBids), { cash: buyerCash > CASH ? buyerCash : true, ...held });
  }
  if (counts.subscribe) group('subscribe', accountsFor(counts.subscribe, perFor(counts.subscribe)), { cash: true });

  let clientId = BigInt(Date.now()) * 1_000n;
  return {
    seed,
    investors,
    groups,
    resting,
    restPrices,
    offering: Boolean(counts.subscribe),
    lotsPerBid,
    clientId: () => { clientId += 1n; return clientId; },
  };
}

/**
 * The load's transactions, signed: `counts` per kind, interleaved (one of each kind in turn,
 * and within a kind one account after the other) so that an account's transactions are
 * spread over the schedule in nonce order. Returns the records in schedule order.
 */
export async function signLoad(api, plan, world, counts, nonces, era, { log = () => {} } = {}) {
  const { market, offering } = world;
  const nodeCount = world.nodeCount;
  const nodeOf = (inv) => inv.exchange % nodeCount;
  const venueOf = (inv) => EXCHANGES[inv.exchange].venue;
  const all = Object.values(plan.groups).flat();
  await nonces.load(all.map((inv) => inv.pair.address));
  const cancelLeft = new Map([...world.cancelOrders].map(([account, list]) => [account, [...list]]));
  let restIndex = 0;

  const build = {
    transfer: (inv, k, list) => api.tx.balances.transferKeepAlive(list[(k + 1) % list.length].pair.address, 10_000_000_000n),
    p2p: (inv, k, list) => api.tx.securities.transfer(world.security, list[(k + 1) % list.length].pair.address, 1),
    rest: (inv) => api.tx.orderbook.placeOrder(market, venueOf(inv), 'Bid', plan.restPrices[restIndex++], 1,
      'GoodTillCancelled', null, plan.clientId(), null, 1),
    cross: (inv) => api.tx.orderbook.placeOrder(market, venueOf(inv), 'Bid', BID_LIMIT, plan.lotsPerBid, 'ImmediateOrCancel',
      null, plan.clientId(), null, plan.lotsPerBid),
    cancel: (inv) => {
      const next = cancelLeft.get(inv.pair.address)?.shift();
      if (!next) throw new Error(`no resting order left to cancel for ${inv.pair.address}`);
      return api.tx.orderbook.cancelOrder(next.order);
    },
    subscribe: () => api.tx.offerings.subscribe(offering, 1),
  };
  const senders = { transfer: 'transfer', p2p: 'p2p', rest: 'rest', cross: 'buyer', cancel: 'cancel', subscribe: 'subscribe' };

  const perKind = {};
  const started = Date.now();
  for (const kind of KINDS) {
    const n = counts[kind] ?? 0;
    if (!n) continue;
    const list = plan.groups[senders[kind]];
    perKind[kind] = [];
    // Transaction j goes to account j mod A: each account's come in nonce order.
    for (let j = 0; j < n; j += 1) {
      const k = j % list.length;
      const inv = list[k];
      const tx = build[kind](inv, k, list);
      const nonce = nonces.take(inv.pair.address);
      const { hex, hash } = signTx(api, tx, inv.pair, nonce, era);
      perKind[kind].push(record({ kind, node: nodeOf(inv), account: inv.pair.address, nonce, hex, hash }));
    }
  }
  const schedule = [];
  const longest = Math.max(...Object.values(perKind).map((list) => list.length));
  for (let i = 0; i < longest; i += 1) {
    for (const list of Object.values(perKind)) if (i < list.length) schedule.push(list[i]);
  }
  log(`${schedule.length} transactions signed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return schedule;
}
