// The load tool's own world, set up with signed extrinsics as a venue, an issuer, the cash
// issuer and investors would send them (no sudo exists): fresh investors onboarded by each
// exchange (funded with STL, identified, linked, attested; the exchanges' calls in
// `utility.batchAll` chunks), a security from a fresh issuer, a market in USDX listed on the
// four venues, tokens for the holders, USDX for those who pay (minted by the cash issuer,
// Ferdie), an offering open for subscriptions, and the orders the load needs resting before
// it starts (asks to cross, bids to cancel).

import { findIncluded } from '../chain.mjs';
import { attestCall, STL } from '../onboarding.mjs';
import { Nonces, signTx } from './sign.mjs';
import { knownToPool, record } from './submit.mjs';

export const USDX = 1;
export const USD = 1_000_000n; // one USDX (6 decimals)
/** The exchanges of the `local` network: operator seed, venue id, jurisdiction, investor class. */
export const EXCHANGES = [
  { name: 'US', operator: 'Alice', venue: 0, jurisdiction: 'US', class: 'Accredited' },
  { name: 'DE', operator: 'Bob', venue: 1, jurisdiction: 'DE', class: 'Professional' },
  { name: 'SG', operator: 'Charlie', venue: 2, jurisdiction: 'SG', class: 'Institutional' },
  { name: 'CH', operator: 'Dave', venue: 3, jurisdiction: 'CH', class: 'Professional' },
];
// The market: 1 token a lot, 0.001 USDX a tick (a one-lot order at one tick is worth USDX's
// minimum balance), maker 10 bp, taker 20 bp.
export const MARKET_PARAMS = { tickSize: 1_000n, lotSize: 1, minOrder: 1, makerFeeBps: 10, takerFeeBps: 20 };
export const ASK_BASE = 1_000; // asks rest at 1,000 ticks (1 USDX) and up, bids below
export const PER_LEVEL = 64; // MaxOrdersPerLevel
export const MAX_LEVELS = 256; // MaxPriceLevels
export const MAX_OPEN = 64; // MaxOpenOrders (per account) and per identity in a market
const CHUNK = 100; // investors per batch of an exchange
const RESTING_WAVE = 4; // resting orders of one account sent at once
const SETUP_RETRIES = 2; // times a setup transaction the pool dropped is sent again
const FUND = 50n * STL;
export const CASH = 1_000n * USD; // USDX minted to an investor who pays (`cash: true`)

/**
 * Sends setup transactions and waits for them: signs with counted nonces, submits through the
 * load tool's submitter (so thousands of signers do not exhaust one connection's
 * subscriptions), waits until each is in a block and checks it succeeded.
 */
export class SetupSender {
  constructor(api, submitter, reader, { log = () => {} } = {}) {
    this.api = api;
    this.submitter = submitter;
    this.reader = reader;
    this.nonces = new Nonces(api);
    this.log = log;
    this.sent = 0;
  }

  /**
   * Whether every record of `missing` was dropped by the pool, refused as already in it and
   * not found in a block, or withheld behind one of those, and its nonce is still unused on
   * chain (no other node included it after all).
   */
  async droppedOnly(missing) {
    // A refusal as already in the pool (`knownToPool`) that `locate` did not find in a block
    // may have been lost from the pool (the race takes it out of the pool's shared store).
    if (!missing.every((rec) => rec.outcome === 'dropped' || knownToPool(rec) || (rec.withheld && !rec.sentAt))) return false;
    const accounts = [...new Set(missing.map((rec) => rec.account))];
    const infos = await this.api.query.system.account.multi(accounts);
    const nonces = new Map(infos.map((info, i) => [accounts[i], info.nonce.toNumber()]));
    return missing.every((rec) => rec.nonce >= nonces.get(rec.account));
  }

  /**
   * Find in the chain's blocks after block `from` each of `records` the node refused as
   * already in its pool (`knownToPool`: the fork-aware pool's race, paritytech/polkadot-sdk
   * #11419, where the transaction is in the pool and usually included, unwatched), and mark it
   * in its block (`findIncluded`, up to 60 s). One not found is left missing: sent again if
   * its nonce is still unused (`droppedOnly`), else a setup error.
   */
  async locate(records, from) {
    const deadline = Date.now() + 60_000;
    let found = 0;
    for (const rec of records) {
      try {
        const { blockHash } = await findIncluded(this.api, rec.hash, { from: from + 1, deadline });
        Object.assign(rec, { inBlock: blockHash.toHex(), inBlockAt: performance.now(), includedWithoutStatus: true });
        found += 1;
      } catch {
        // Not in a block by the deadline: left missing.
      }
    }
    if (found) this.log(`${found} refused as already in the pool, found in a block`);
  }

  /**
   * `items`: `[{ tx, signer, node }]`. Resolves with `[{ rec, result }]` (`result.events`:
   * the extrinsic's events), or throws naming the first failure.
   */
  async send(what, items) {
    if (items.length === 0) return [];
    await this.nonces.load(items.map(({ signer }) => signer.address));
    const records = items.map(({ tx, signer, node }) => {
      const nonce = this.nonces.take(signer.address);
      const { hex, hash } = signTx(this.api, tx, signer, nonce);
      return record({ kind: what, node, account: signer.address, nonce, hex, hash, phase: 'setup' });
    });
    // The world is not what is measured: a transaction the pool dropped (and those of its
    // account withheld behind it) is signed again with the same nonce and sent again, up to
    // SETUP_RETRIES times (not the same bytes: the pool bans a dropped transaction's hash for
    // a while, `1012 Transaction is temporarily banned`; an sr25519 signature differs each
    // time). Only while the chain's nonce of the account says the dropped one was not
    // included after all (another node may have had it): signing that nonce again would then
    // only be refused. Anything else not in a block is a setup error.
    let attempt = records;
    for (let retry = 0; ; retry += 1) {
      const from = (await this.api.rpc.chain.getHeader()).number.toNumber();
      await this.submitter.run(attempt, { rate: 'max' });
      const stuck = await this.submitter.settle(attempt, { until: 'inBlock', timeoutMs: 60_000 });
      await this.locate(attempt.filter((rec) => rec.inBlockAt === null && knownToPool(rec)), from);
      const missing = attempt.filter((rec) => rec.inBlockAt === null);
      if (missing.length && !stuck.length && retry < SETUP_RETRIES && await this.droppedOnly(missing)) {
        this.log(`${what}: ${missing.length} dropped by the pool or behind one that was; sending them again`);
        attempt = missing.map((rec) => {
          const index = records.indexOf(rec);
          const { hex, hash } = signTx(this.api, items[index].tx, items[index].signer, rec.nonce);
          const again = record({ ...rec, hex, hash, phase: 'setup' });
          records[index] = again;
          return again;
        });
        continue;
      }
      const failed = missing[0] ?? stuck[0];
      if (failed) {
        throw new Error(`${what}: ${failed.outcome ?? 'no answer'}${failed.error ? ` (${failed.error})` : ''}; `
          + `${missing.length} of ${records.length} not in a block`);
      }
      break;
    }
    this.sent += records.length;
    return Promise.all(records.map(async (rec) => {
      const block = await this.reader.read(rec.inBlock, { keepEvents: true });
      const index = block.extrinsics.indexOf(rec.hash);
      const result = block.results[index];
      if (!result || result.ok !== true) throw new Error(`${what}: ${result?.error ?? 'not found in its block'}`);
      return { rec, result };
    }));
  }
}

/** One call, or a `utility.batchAll` of several. */
const batch = (api, calls) => (calls.length === 1 ? calls[0] : api.tx.utility.batchAll(calls));
const chunks = (list, size) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
const eventData = (results, section, method) => results.flatMap(({ result }) =>
  result.events.filter((e) => e.section === section && e.method === method).map((e) => e.data));

/**
 * Build the world for `plan` (see mixes.mjs `planWorld`): `groups` of investors by role, each
 * `[{ pair, exchange (index) }]`, what each needs (`cash`, `tokens`), and the resting orders.
 * Returns `{ issuer, security, market, offering, cancelOrders: Map(account -> [orderId]) }`.
 */
export async function buildWorld(api, sender, keys, plan, { log = () => {} } = {}) {
  const operators = EXCHANGES.map(({ operator }) => keys.account(operator));
  const ferdie = keys.account('Ferdie');
  const nodeOf = (exchange) => exchange % sender.submitter.nodes.length;
  const issuer = { pair: keys.account(`${plan.seed}/issuer`), exchange: 0, class: 'Institutional' };
  const investors = [issuer, ...plan.investors];
  const started = Date.now();
  const took = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

  // 1. Each exchange funds its investors with STL and creates their identities.
  log(`onboarding ${investors.length} investors through the four exchanges (${plan.investors.length / 4} each)`);
  const byExchange = EXCHANGES.map((_, k) => investors.filter((inv) => inv.exchange === k));
  await Promise.all(byExchange.map(async (list, k) => {
    const parts = chunks(list, CHUNK);
    const results = await sender.send('attestation.createIdentity', parts.map((part) => ({
      tx: batch(api, [
        ...part.map((inv) => api.tx.balances.transferKeepAlive(inv.pair.address, FUND)),
        ...part.map(() => api.tx.attestation.createIdentity()),
      ]),
      signer: operators[k],
      node: nodeOf(k),
    })));
    // Batches of one signer are included in nonce order, each one's identities in order.
    const ids = results.sort((a, b) => a.rec.nonce - b.rec.nonce)
      .flatMap(({ result }) => result.events.filter((e) => e.method === 'IdentityCreated').map((e) => e.data.identity.toNumber()));
    if (ids.length !== list.length) throw new Error(`exchange ${k}: ${ids.length} identities for ${list.length} investors`);
    list.forEach((inv, i) => { inv.identity = ids[i]; });
  }));
  log(`identities created (${took()})`);

  // 2. Links proposed and claims attested; meanwhile the cash issuer mints USDX.
  const now = (await api.query.timestamp.now()).toBigInt();
  const cashTo = investors.filter((inv) => inv.cash);
  await Promise.all([
    ...byExchange.map((list, k) => sender.send('attestation.proposeLink and attest', chunks(list, CHUNK).map((part) => ({
      tx: batch(api, part.flatMap((inv) => [
        api.tx.attestation.proposeLink(inv.identity, inv.pair.address),
        attestCall(api, inv.identity, {
          jurisdiction: EXCHANGES[inv.exchange].jurisdiction,
          class: inv.class ?? EXCHANGES[inv.exchange].class,
          risk: 5,
          evidence: `load ${plan.seed} ${inv.identity}`,
        }, now),
      ])),
      signer: operators[k],
      node: nodeOf(k),
    })))),
    sender.send('assets.mint (USDX)', chunks(cashTo, 2 * CHUNK).map((part) => ({
      tx: batch(api, part.map((inv) => api.tx.assets.mint(USDX, inv.pair.address, inv.cash === true ? CASH : inv.cash))),
      signer: ferdie,
      node: 0,
    }))),
  ]);
  log(`links proposed, investors attested, USDX minted (${took()})`);

  // 3. Each investor accepts its link.
  await sender.send('attestation.acceptLink', investors.map((inv) => ({
    tx: api.tx.attestation.acceptLink(inv.identity),
    signer: inv.pair,
    node: nodeOf(inv.exchange),
  })));
  log(`${investors.length} links accepted (${took()})`);

  // 4. The issuer creates the security; the US venue opens its market and the other three
  // venues list it (each venue lists itself only, release 122).
  const [created] = await sender.send('securities.createSecurity', [{
    tx: api.tx.securities.createSecurity(`Load ${plan.seed}`.slice(0, 64), 'LOAD', null, 0, null),
    signer: issuer.pair,
    node: 0,
  }]);
  const security = eventData([created], 'securities', 'SecurityCreated')[0].security.toNumber();
  const venues = EXCHANGES.map(({ venue }) => venue);
  const holders = investors.filter((inv) => inv.tokens);
  const [[opened], minted] = await Promise.all([
    sender.send('orderbook.createMarket', [{
      tx: api.tx.orderbook.createMarket(security, USDX, MARKET_PARAMS, [venues[0]]),
      signer: operators[0],
      node: 0,
    }]),
    sender.send('securities.mint and offerings.createOffering', [
      ...chunks(holders, 2 * CHUNK).map((part) => part.map((inv) => api.tx.securities.mint(security, inv.pair.address, inv.tokens, null))),
      ...(plan.offering ? [[api.tx.offerings.createOffering(security, USDX, {
        price: USD, hardCap: 1_000_000_000, softCap: 1, start: now, end: now + 24n * 3600_000n, withdrawUntil: now,
        minPerInvestor: 1, maxPerInvestor: null, regime: null, jurisdictions: [], excludedJurisdictions: [],
        classes: [], classLimits: [], lockupUntil: null,
      }, issuer.pair.address)]] : []),
    ].map((calls) => ({ tx: batch(api, calls), signer: issuer.pair, node: 0 }))),
  ]);
  const market = eventData([opened], 'orderbook', 'MarketCreated')[0].market.toNumber();
  await sender.send('orderbook.listMarket', venues.slice(1).map((venue, k) => ({
    tx: api.tx.orderbook.listMarket(market, venue),
    signer: operators[k + 1],
    node: nodeOf(k + 1),
  })));
  const offering = eventData(minted, 'offerings', 'OfferingCreated')[0]?.offering.toNumber() ?? null;
  log(`security ${security}, market ${market} on venues ${venues.join(', ')}${offering === null ? '' : `, offering ${offering}`}; `
    + `${holders.length} holders minted (${took()})`);

  // 5. The orders that must rest before the load: asks to cross, bids to cancel.
  const resting = plan.resting.map(({ inv, side, price }) => ({
    tx: api.tx.orderbook.placeOrder(market, EXCHANGES[inv.exchange].venue, side, price, 1, 'GoodTillCancelled', null,
      plan.clientId(), null, 1),
    signer: inv.pair,
    node: nodeOf(inv.exchange),
    inv,
  }));
  const cancelOrders = new Map();
  if (resting.length) {
    // In waves of at most RESTING_WAVE orders an account: a longer chain of one account sent
    // at once waits in the pools' small future queues, where some were dropped (seen with 16
    // asks a seller).
    const waves = [];
    const seen = new Map();
    for (const item of resting) {
      const k = seen.get(item.signer.address) ?? 0;
      seen.set(item.signer.address, k + 1);
      const wave = Math.floor(k / RESTING_WAVE);
      (waves[wave] ??= []).push(item);
    }
    const placed = [];
    for (const wave of waves) placed.push(...await sender.send('orderbook.placeOrder (resting)', wave));
    for (const { rec, result } of placed) {
      const event = result.events.find((e) => e.method === 'OrderPlaced');
      const list = cancelOrders.get(rec.account) ?? [];
      list.push({ order: event.data.order.toBigInt(), nonce: rec.nonce });
      cancelOrders.set(rec.account, list);
    }
    for (const list of cancelOrders.values()) list.sort((a, b) => a.nonce - b.nonce);
    log(`${resting.length} orders resting (${took()})`);
  }
  return { issuer: issuer.pair.address, security, market, offering, cancelOrders, setupSeconds: (Date.now() - started) / 1000 };
}
