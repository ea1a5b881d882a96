// The shared order book through polkadot.js: a US investor on the US venue and an SG investor
// on the SG venue trade in one market; tokens, cash and fees settle in the same block; an
// investor whose venue is not licensed for their jurisdiction is refused by name.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { assetBalance, connect, devKeyring, eventsOf, submit } from '../lib/chain.mjs';
import { onboardInvestor, STL } from '../lib/onboarding.mjs';
import { env } from './env.mjs';

const USDX = 1;
// Exchange ids of the `local` network, in admission order.
const US_VENUE = 0;
const SG_VENUE = 2;
const TICK = 1_000n; // 0.001 USDX per lot per tick
const PRICE = 10_000n; // ticks: 10 USDX per token

let api;
let keys;
let usAccredited;
let sgInstitutional;
let security;
let market;

before(async () => {
  api = await connect(env.rpc);
  keys = await devKeyring();
  usAccredited = keys.account('//us-accredited');
  sgInstitutional = keys.account('//sg-institutional');

  // The US exchange (Alice) onboards an issuer, who creates a security (0 decimals) and
  // issues 100 tokens to the US investor.
  const issuer = keys.keyring.addFromUri(mnemonicGenerate());
  await onboardInvestor(api, keys.account('Alice'), issuer, {
    fund: 100n * STL, jurisdiction: 'US', class: 'Institutional', risk: 5, evidence: 'book issuer kyc',
  });
  const made = await submit(api, api.tx.securities.createSecurity('Gamma Notes', 'GAMMA', null, 0, null), issuer);
  assert.equal(made.error, null);
  security = eventsOf(made, 'securities', 'SecurityCreated')[0].data.security.toNumber();
  assert.equal((await submit(api, api.tx.securities.mint(security, usAccredited.address, 100, null), issuer)).error, null);
});

after(async () => api?.disconnect());

let clientId = Date.now();
function placeOrder(who, venue, side, lots) {
  clientId += 1;
  return submit(
    api,
    api.tx.orderbook.placeOrder(market, venue, side, PRICE, lots, 'GoodTillCancelled', null, clientId, null, 16),
    who,
  );
}

test('the US venue creates a market in USDX and the SG venue lists it', async () => {
  const params = { tickSize: TICK, lotSize: 1, minOrder: 1, makerFeeBps: 10, takerFeeBps: 20 };
  // A venue may not create a market listed by another venue only.
  const foreign = await submit(api, api.tx.orderbook.createMarket(security, USDX, params, [SG_VENUE]), keys.account('Alice'));
  assert.equal(foreign.error, 'orderbook.NotMarketAdministrator');
  const outcome = await submit(api, api.tx.orderbook.createMarket(security, USDX, params, [US_VENUE]), keys.account('Alice'));
  assert.equal(outcome.error, null);
  market = eventsOf(outcome, 'orderbook', 'MarketCreated')[0].data.market.toNumber();
  const listed = await submit(api, api.tx.orderbook.listMarket(market, SG_VENUE), keys.account('Charlie'));
  assert.equal(listed.error, null);
  const info = (await api.call.orderbookApi.market(market)).unwrap();
  assert.deepEqual(info.venues.map((v) => v.toNumber()), [US_VENUE, SG_VENUE]);
  assert.equal(info.status.type, 'Open');
});

test('an investor whose venue is not licensed for their jurisdiction is refused', async () => {
  const outcome = await placeOrder(sgInstitutional, US_VENUE, 'Bid', 1);
  assert.equal(outcome.error, 'orderbook.VenueNotLicensed');
  const outcome2 = await placeOrder(usAccredited, SG_VENUE, 'Ask', 1);
  assert.equal(outcome2.error, 'orderbook.VenueNotLicensed');
});

test('a US seller on the US venue and an SG buyer on the SG venue trade; both legs settle in one block', async () => {
  const ask = await placeOrder(usAccredited, US_VENUE, 'Ask', 10);
  assert.equal(ask.error, null);
  const depth = await api.call.orderbookApi.depth(market, 5);
  assert.equal(depth.asks[0].lots.toNumber(), 10);
  assert.equal(depth.asks[0].price.toBigInt(), PRICE);

  const before = {
    sellerTokens: await assetBalance(api, security, usAccredited.address),
    buyerTokens: await assetBalance(api, security, sgInstitutional.address),
    sellerCash: await assetBalance(api, USDX, usAccredited.address),
    buyerCash: await assetBalance(api, USDX, sgInstitutional.address),
  };
  const bid = await placeOrder(sgInstitutional, SG_VENUE, 'Bid', 4);
  assert.equal(bid.error, null);
  const fills = eventsOf(bid, 'orderbook', 'Filled');
  assert.equal(fills.length, 1);
  const trade = fills[0].data.trade;
  assert.equal(trade.lots.toNumber(), 4);
  assert.equal(trade.buyerVenue.toNumber(), SG_VENUE);
  assert.equal(trade.sellerVenue.toNumber(), US_VENUE);
  const value = 4n * PRICE * TICK; // 40 USDX
  assert.equal(trade.value.toBigInt(), value);
  const buyerFee = (value * 20n + 9_999n) / 10_000n;
  const sellerFee = (value * 10n + 9_999n) / 10_000n;
  assert.equal(trade.buyerFee.toBigInt(), buyerFee);
  assert.equal(trade.sellerFee.toBigInt(), sellerFee);
  // The same block moved the tokens (securities.Transferred as a venue trade) and the cash.
  const transferred = eventsOf(bid, 'securities', 'Transferred');
  assert.equal(transferred.length, 1);
  assert.equal(transferred[0].data.kind.toJSON().venue, SG_VENUE);

  // Read every balance at the block the trade was finalized in.
  const at = await api.at(bid.blockHash);
  const balanceAt = (assetId, who) => assetBalance(at, assetId, who);
  assert.equal(await balanceAt(security, sgInstitutional.address), before.buyerTokens + 4n);
  assert.equal(await balanceAt(security, usAccredited.address), before.sellerTokens - 4n);
  assert.equal(await balanceAt(USDX, usAccredited.address), before.sellerCash + value - sellerFee);
  assert.equal(await balanceAt(USDX, sgInstitutional.address), before.buyerCash - value - buyerFee);
  assert.equal((await at.query.orderbook.venueFees(SG_VENUE, USDX)).toBigInt() >= buyerFee, true);

  // An auditor reads the cap table at that block: each holder with identity, profile and
  // what is locked, frozen or reserved; the balances add up to the supply.
  const table = await at.call.securitiesApi.capTable(security, null, 100);
  const rows = Object.fromEntries(table.map((entry) => [entry.account.toString(), entry]));
  assert.equal(rows[sgInstitutional.address].balance.toBigInt(), 4n);
  assert.equal(rows[sgInstitutional.address].profile.isOk, true);
  assert.equal(rows[sgInstitutional.address].profile.asOk[1].type, 'Institutional');
  assert.equal(rows[usAccredited.address].balance.toBigInt(), 96n);
  assert.equal(rows[usAccredited.address].reserved.toBigInt(), 6n, 'the rest of the ask');
  const supply = (await at.query.assets.asset(security)).unwrap().supply.toBigInt();
  assert.equal(table.reduce((sum, entry) => sum + entry.balance.toBigInt(), 0n), supply);

  const trades = await api.call.orderbookApi.lastTrades(market);
  assert.equal(trades[trades.length - 1].lots.toNumber(), 4);
  const open = await api.call.orderbookApi.openOrders(usAccredited.address);
  assert.equal(open.length, 1);
  assert.equal(open[0][1].remaining.toNumber(), 6);
});

test('cancelling releases the rest of the reservation', async () => {
  const open = await api.call.orderbookApi.openOrders(usAccredited.address);
  const [orderId] = open[0];
  const foreign = await submit(api, api.tx.orderbook.cancelOrder(orderId), sgInstitutional);
  assert.equal(foreign.error, 'orderbook.NotOrderOwner');
  const cancelled = await submit(api, api.tx.orderbook.cancelOrder(orderId), usAccredited);
  assert.equal(cancelled.error, null);
  assert.equal(eventsOf(cancelled, 'orderbook', 'OrderCancelled')[0].data.lots.toNumber(), 6);
  assert.equal((await api.query.securities.positions(security, usAccredited.address)).reserved.toBigInt(), 0n);
  const depth = await api.call.orderbookApi.depth(market, 5);
  assert.equal(depth.asks.length, 0);
});
