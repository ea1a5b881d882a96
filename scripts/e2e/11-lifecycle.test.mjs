// The whole story with @polkadot/api and nothing else: exchanges attest investors → an issuer
// creates a security from the Reg D 506(c) preset → offering → subscription → close and
// settle → the lock-up stops a sale → once it passes (a 45-second lock-up here), a US
// investor on the US venue sells to an SG investor on the SG venue → an auditor reads the cap
// table before and after. Every refusal is checked by its decoded error name.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { connect, devKeyring, eventsOf, securityRules, submit, waitForBlocks } from '../lib/chain.mjs';
import { attest, DAY_MS as DAY, onboardInvestors, STL } from '../lib/onboarding.mjs';
import { env } from './env.mjs';

const USDX = 1;
const USD = 1_000_000n;
const US_VENUE = 0;
const SG_VENUE = 2;
const TICK = 10_000n; // 0.01 USDX per lot per tick
// From the offering's creation to the early sale: six transactions one after another, about
// 18 s (36 s at two slots each); the lock-up must not have ended by then.
const LOCKUP_MS = 45_000n;
// The subscription window ends before the lock-up (which must end after it); the offering
// sells out at once, so it closes without waiting for the end.
const WINDOW_MS = 36_000n;

let api;
let keys;
let alice;
let charlie;
let issuer;
let usBuyer;
let sgBuyer;
let security;
let offering;
let market;
let lockupUntil;

before(async () => {
  api = await connect(env.rpc);
  keys = await devKeyring();
  alice = keys.account('Alice');
  charlie = keys.account('Charlie');
  [issuer, usBuyer, sgBuyer] = [0, 1, 2].map(() => keys.keyring.addFromUri(mnemonicGenerate()));
});

after(async () => api?.disconnect());

async function balanceOf(assetId, who, at = api) {
  const account = await at.query.assets.account(assetId, who);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
}

/** `exchange` attests `identity` (a year, risk tolerance 4). */
function attestAs(exchange, identity, jurisdiction, klass) {
  return attest(api, exchange, identity, { jurisdiction, class: klass, risk: 4, evidence: `lifecycle kyc ${identity} ${jurisdiction}` });
}

test('the exchanges attest the issuer and the investors, each within its licence', async () => {
  // Fees and cash: STL from the exchanges, USDX from a demo investor.
  const usdxFunder = keys.account('//us-accredited');
  await Promise.all([
    submit(api, api.tx.utility.batchAll([issuer, usBuyer].map((a) => api.tx.balances.transferKeepAlive(a.address, 100n * STL))), alice),
    submit(api, api.tx.balances.transferKeepAlive(sgBuyer.address, 100n * STL), charlie),
    submit(api, api.tx.utility.batchAll([usBuyer, sgBuyer].map((a) => api.tx.assets.transferKeepAlive(USDX, a.address, 10_000n * USD))), usdxFunder),
  ]).then((outcomes) => outcomes.forEach((o) => assert.equal(o.error, null)));

  // Each exchange identifies its investors (one identity each, the link accepted).
  const [[{ identity: issuerId }, { identity: usId }], [{ identity: sgId }]] = await Promise.all([
    onboardInvestors(api, alice, [{ account: issuer }, { account: usBuyer }]),
    onboardInvestors(api, charlie, [{ account: sgBuyer }]),
  ]);
  // The US exchange is licensed for the US only.
  await assert.rejects(attestAs(alice, sgId, 'SG', 'Institutional'), { error: 'attestation.NotLicensedForJurisdiction' });
  await Promise.all([
    attestAs(alice, issuerId, 'US', 'Institutional').then(() => attestAs(alice, usId, 'US', 'Accredited')),
    attestAs(charlie, sgId, 'SG', 'Institutional'),
  ]);
  const profile = await api.call.attestationApi.investorProfile(sgBuyer.address);
  assert.equal(profile.asOk.jurisdiction.toHuman(), 'SG');
});

test('the issuer creates a security from the Reg D 506(c) preset; the US venue opens its market, the SG venue lists it', async () => {
  const made = await submit(api, api.tx.securities.createSecurity('Lifecycle Robotics Series B', 'LRB', null, 0, 'RegD506c'), issuer);
  assert.equal(made.error, null);
  security = eventsOf(made, 'securities', 'SecurityCreated')[0].data.security.toNumber();
  const rules = await securityRules(api, security);
  assert.deepEqual(rules.allowedJurisdictions.map((c) => c.toHuman()), ['US']);
  assert.equal(rules.peerToPeer.isFalse, true, 'Reg D: venue trades only');
  assert.equal(rules.issuanceLockup.unwrap().toBigInt(), 365n * DAY);

  // The US venue opens a market; the SG venue lists it. Before the offering, so that the
  // short lock-up below runs only while the offering settles.
  const params = { tickSize: TICK, lotSize: 1, minOrder: 1, makerFeeBps: 10, takerFeeBps: 20 };
  const opened = await submit(api, api.tx.orderbook.createMarket(security, USDX, params, [US_VENUE]), alice);
  assert.equal(opened.error, null);
  market = eventsOf(opened, 'orderbook', 'MarketCreated')[0].data.market.toNumber();
  assert.equal((await submit(api, api.tx.orderbook.listMarket(market, SG_VENUE), charlie)).error, null);
});

test('an offering under Reg D 506(c): a US accredited investor subscribes, a foreign one is refused', async () => {
  const now = (await api.query.timestamp.now()).toBigInt();
  lockupUntil = now + LOCKUP_MS;
  const terms = {
    price: 5n * USD,
    hardCap: 100,
    softCap: 50,
    start: now,
    end: now + WINDOW_MS,
    withdrawUntil: now,
    minPerInvestor: 1,
    maxPerInvestor: null,
    regime: 'RegD506c',
    jurisdictions: [],
    excludedJurisdictions: [],
    classes: [],
    classLimits: [],
    lockupUntil, // a short lock-up for the test; the preset's is a year
  };
  const created = await submit(api, api.tx.offerings.createOffering(security, USDX, terms, issuer.address), issuer);
  assert.equal(created.error, null);
  offering = eventsOf(created, 'offerings', 'OfferingCreated')[0].data.offering.toNumber();

  // The foreign subscription goes first: the US one takes the whole hard cap, and a later
  // foreign one would be refused as `offerings.SoldOut` before its eligibility is checked.
  const foreign = await submit(api, api.tx.offerings.subscribe(offering, 10), sgBuyer);
  // Refused by the security's own rules (Reg D: US only), with the securities pallet's error.
  assert.equal(foreign.error, 'securities.JurisdictionNotAllowed');
  const subscribed = await submit(api, api.tx.offerings.subscribe(offering, 100), usBuyer);
  assert.equal(subscribed.error, null);
  assert.equal((await api.call.offeringsApi.offering(offering)).unwrap().phase.type, 'AwaitingClose');
});

test('the offering closes and settles; the lock-up stops a sale', async () => {
  assert.equal((await submit(api, api.tx.offerings.close(offering), issuer)).error, null);
  const settled = await submit(api, api.tx.offerings.settle(offering, 8), issuer);
  assert.equal(settled.error, null);
  assert.equal(eventsOf(settled, 'offerings', 'TokensDelivered').length, 1);
  assert.equal(await balanceOf(security, usBuyer.address), 100n);
  assert.equal(await balanceOf(USDX, issuer.address), 500n * USD);


  const early = await submit(api, placeOrder(US_VENUE, 'Ask', 40), usBuyer);
  assert.equal(early.error, 'securities.TokensLocked');
  const why = await api.call.securitiesApi.canTransfer(security, usBuyer.address, sgBuyer.address, 40, { Venue: SG_VENUE });
  const reasons = why.asErr.map((r) => r.type);
  assert.ok(reasons.includes('TokensLocked') && reasons.includes('JurisdictionNotAllowed'), reasons.join(','));
});

let clientId = Date.now();
function placeOrder(venue, side, lots, price = 1_200n /* 12 USDX */) {
  clientId += 1;
  return api.tx.orderbook.placeOrder(market, venue, side, price, lots, 'GoodTillCancelled', null, clientId, null, 8);
}

test('after the lock-up a US investor on the US venue sells to an SG investor on the SG venue', async () => {
  // The Reg D rules admit US investors only: the SG bid is refused at placement.
  const refused = await submit(api, placeOrder(SG_VENUE, 'Bid', 40), sgBuyer);
  assert.equal(refused.error, 'securities.JurisdictionNotAllowed');
  // The issuer opens offshore resales to SG (Regulation S, Rule 904), keeping the rest.
  const rules = (await securityRules(api, security)).toJSON();
  rules.allowedJurisdictions = ['US', 'SG'];
  assert.equal((await submit(api, api.tx.securities.setRules(security, rules), issuer)).error, null);

  await waitForBlocks(api, async () => (await api.query.timestamp.now()).toBigInt() > lockupUntil, {
    timeoutMs: Number(LOCKUP_MS) + 60_000,
    what: 'the end of the lock-up',
  });
  const beforeHash = await api.rpc.chain.getBlockHash();
  const ask = await submit(api, placeOrder(US_VENUE, 'Ask', 40), usBuyer);
  assert.equal(ask.error, null);
  const bid = await submit(api, placeOrder(SG_VENUE, 'Bid', 40), sgBuyer);
  assert.equal(bid.error, null);
  const [fill] = eventsOf(bid, 'orderbook', 'Filled');
  assert.ok(fill, 'the bid filled against the ask');
  const trade = fill.data.trade;
  assert.equal(trade.lots.toNumber(), 40);
  assert.equal(trade.sellerVenue.toNumber(), US_VENUE);
  assert.equal(trade.buyerVenue.toNumber(), SG_VENUE);
  const value = 40n * 1_200n * TICK; // 480 USDX
  assert.equal(trade.value.toBigInt(), value);

  // The auditor: the cap table before and after, read at block hashes; each adds up.
  const capTable = async (hash) => {
    const at = await api.at(hash);
    const rows = await at.call.securitiesApi.capTable(security, null, 100);
    const supply = (await at.query.assets.asset(security)).unwrap().supply.toBigInt();
    assert.equal(rows.reduce((sum, row) => sum + row.balance.toBigInt(), 0n), supply, 'balances add up to the supply');
    return Object.fromEntries(rows.map((row) => [row.account.toString(), row]));
  };
  const beforeTable = await capTable(beforeHash);
  assert.deepEqual(Object.keys(beforeTable), [usBuyer.address]);
  assert.equal(beforeTable[usBuyer.address].balance.toBigInt(), 100n);
  assert.equal(beforeTable[usBuyer.address].profile.asOk[0].toHuman(), 'US');
  const afterTable = await capTable(bid.blockHash);
  assert.equal(afterTable[usBuyer.address].balance.toBigInt(), 60n);
  assert.equal(afterTable[sgBuyer.address].balance.toBigInt(), 40n);
  assert.equal(afterTable[sgBuyer.address].profile.asOk[0].toHuman(), 'SG');
  assert.equal(afterTable[sgBuyer.address].profile.asOk[1].type, 'Institutional');
  const counts = await (await api.at(bid.blockHash)).call.securitiesApi.holderCounts(security);
  assert.equal(counts.total.toNumber(), 2);
});
