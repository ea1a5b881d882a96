// Market controls on the live network: a large order triggers a volatility interruption,
// further orders queue without trading, and the reopening auction executes at one price
// across two venues. Then the pre-trade controls: a market's order limits, a venue's
// investor limits, amending an order.
//
//  1. The US venue (Alice) creates a market listed by the US and SG venues; the SG venue's
//     operator (Charlie) may not set its price controls (NotMarketAdministrator, nothing
//     changes); Alice sets a 10 % static band around a reference price, with an 18-second
//     interruption (six blocks).
//  2. Asks rest within and beyond the band, from a US and an SG seller. A US bid sweeps the
//     asks within the band, then meets one beyond it: PriceBandBreached, AuctionStarted
//     (VolatilityInterruption); the rest of the bid rests on a crossed book.
//  3. During the interruption an SG bid rests without trading; an immediate-or-cancel order
//     is refused (AuctionInProgress); uncrossing early is refused (AuctionNotEnded); the
//     indicative uncross shows the price and volume.
//  4. Once the interruption has ended, an account that is neither an exchange nor a trader
//     uncrosses: every fill at the indicative price, buyers and sellers on both venues,
//     tokens, cash and venue fees moving by exactly the trades; the market trades
//     continuously again from the auction's price.
//  5. A second uncross finds no auction (NoAuction). Order limits (AboveMaximumOrder),
//     another venue's investor limits (NotVenueOperator), an amendment reducing an order in
//     place, and one by someone else (NotOrderOwner).
//
// Everything runs on fresh accounts, a fresh security and a fresh market.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { assetBalance, connect, devKeyring, eventsOf, queuedSubmit, waitForBlocks } from '../lib/chain.mjs';
import { fund, onboardInvestors, sender, STL } from '../lib/onboarding.mjs';
import { env } from './env.mjs';

const USDX = 1;
const USD = 1_000_000n; // one USDX (6 decimals)
const VENUE = { US: 0, SG: 2 };
const TICK = 1_000n; // cash per lot per tick: a price of 10 000 ticks is 10 USDX a lot
const LOT = 10n; // tokens per lot
const MAKER_BPS = 10n;
const TAKER_BPS = 20n;
const PARAMS = { tickSize: TICK, lotSize: LOT, minOrder: 1, makerFeeBps: MAKER_BPS, takerFeeBps: TAKER_BPS };
const REFERENCE = 10_000n; // ticks
const BAND_BPS = 1_000; // 10 %: trades between 9 000 and 11 000 ticks
// Six 3-second blocks: the queued orders and the early uncross, sent after the sweep's checks,
// must land before it ends even if a slot or two is missed.
const INTERRUPTION_MS = 18_000n;
const CONTROLS = { staticBandBps: BAND_BPS, dynamicBandBps: null, interruptionMs: INTERRUPTION_MS, openingAuctionMs: 0 };
const MAX_FILLS = 16;

let api;
let keys;
let raw; // submit, queued per signer: the outcome, failed or not
let send; // the same, throwing unless the transaction succeeded
let alice;
let charlie;
const who = {}; // fresh accounts by role
const id = {}; // their identities
let security;
let market;
let clientId = BigInt(Date.now()) * 1_000n;
const orders = {}; // order ids by name
let endsAt; // the interruption's end
let indicative; // the indicative uncross during the interruption

before(async () => {
  api = await connect(env.rpc);
  keys = await devKeyring();
  raw = queuedSubmit(api);
  send = sender(api, { submit: raw });
  [alice, charlie] = ['Alice', 'Charlie'].map((name) => keys.account(name));
  for (const role of ['issuer', 'usSeller', 'usBuyer', 'sgSeller', 'sgBuyer', 'keeper']) {
    who[role] = keys.keyring.addFromUri(mnemonicGenerate());
  }

  // The US exchange onboards the issuer and its investors, the SG exchange its own; the
  // keeper (no identity, no exchange) only gets STL; a demo investor sends USDX (cash
  // accounts for the sellers, money for the buyers).
  const us = [['issuer', 'Institutional', 5, 100n], ['usSeller', 'Accredited', 4, 10n], ['usBuyer', 'Accredited', 4, 10n]];
  const sg = [['sgSeller', 'Institutional', 5], ['sgBuyer', 'Institutional', 5]];
  const cash = [['usSeller', 10n], ['sgSeller', 10n], ['usBuyer', 1_000n], ['sgBuyer', 1_000n]]
    .map(([role, amount]) => api.tx.assets.transferKeepAlive(USDX, who[role].address, amount * USD));
  const [usOnboarded, sgOnboarded] = await Promise.all([
    onboardInvestors(api, alice, us.map(([role, klass, risk, stl]) => ({
      account: who[role], fund: stl * STL, jurisdiction: 'US', class: klass, risk, evidence: `controls ${role}`,
    })), { send }),
    onboardInvestors(api, charlie, sg.map(([role, klass, risk]) => ({
      account: who[role], fund: 10n * STL, jurisdiction: 'SG', class: klass, risk, evidence: `controls ${role}`,
    })), { send }),
    fund(api, keys.account('Bob'), [who.keeper], 10n * STL, { send }),
    send('assets.transferKeepAlive', api.tx.utility.batchAll(cash), keys.account('//us-accredited')),
  ]);
  usOnboarded.forEach(({ identity }, k) => { id[us[k][0]] = identity; });
  sgOnboarded.forEach(({ identity }, k) => { id[sg[k][0]] = identity; });

  // The issuer creates a security and issues 100 tokens (10 lots) to each seller while the US
  // venue creates its market; the SG venue lists it too (a venue lists itself only, release
  // 122).
  const created = await send('securities.createSecurity',
    api.tx.securities.createSecurity('Controls Shares', 'CTRL', null, 0, null), who.issuer);
  security = eventsOf(created, 'securities', 'SecurityCreated')[0].data.security.toNumber();
  const [, opened] = await Promise.all([
    send('securities.mint', api.tx.utility.batchAll(['usSeller', 'sgSeller'].map((role) =>
      api.tx.securities.mint(security, who[role].address, 10n * LOT, null))), who.issuer),
    send('orderbook.createMarket', api.tx.orderbook.createMarket(security, USDX, PARAMS, [VENUE.US]), alice),
  ]);
  market = eventsOf(opened, 'orderbook', 'MarketCreated')[0].data.market.toNumber();
  await send('orderbook.listMarket', api.tx.orderbook.listMarket(market, VENUE.SG), charlie);
});

after(async () => api?.disconnect());

function placeOrder(venue, side, price, lots, timeInForce = 'GoodTillCancelled') {
  clientId += 1n;
  return api.tx.orderbook.placeOrder(market, venue, side, price, lots, timeInForce, null, clientId, null, MAX_FILLS);
}

const placedIds = (outcome) => eventsOf(outcome, 'orderbook', 'OrderPlaced').map((event) => event.data.order.toBigInt());

async function marketAt(at) {
  return (await at.query.orderbook.markets(market)).unwrap();
}

async function timestampAt(blockHash) {
  return (await api.query.timestamp.now.at(blockHash)).toBigInt();
}

async function reservedCash(account) {
  return (await api.query.orderbook.reservedCash(USDX, account.address)).toBigInt();
}

async function reservedTokens(account) {
  return (await api.query.securities.positions(security, account.address)).reserved.toBigInt();
}

async function depth() {
  const { bids, asks } = await api.call.orderbookApi.depth(market, 10);
  const levels = (side) => side.map((level) => [level.price.toBigInt(), level.lots.toBigInt()]);
  return { bids: levels(bids), asks: levels(asks) };
}

// Fees are rounded up on each order's running total (docs/orderbook.md): what the chain
// should charge, tracked per (order, rate) as the pallet does.
const feeTotals = new Map();
const fee = (value, bps) => (value * bps + 9_999n) / 10_000n;
function feeIncrement(key, value, bps) {
  const before = feeTotals.get(key) ?? 0n;
  feeTotals.set(key, before + value);
  return fee(before + value, bps) - fee(before, bps);
}

/**
 * The trade the chain should make: `buyer` and `seller` as `[role, venue, feeKey, bps]`,
 * where `feeKey` names the running total the fee is rounded on: in continuous trading the
 * taker's runs over its call, the maker's over its order's life; in an auction each order
 * pays its maker fee over its order's life.
 */
function expectedTrade([buyer, buyerVenue, buyerFeeKey, buyerBps], [seller, sellerVenue, sellerFeeKey, sellerBps], price, lots) {
  const value = lots * price * TICK;
  return {
    buyer: who[buyer].address, seller: who[seller].address, buyerVenue, sellerVenue, price, lots,
    tokens: lots * LOT, value,
    buyerFee: feeIncrement(buyerFeeKey, value, buyerBps),
    sellerFee: feeIncrement(sellerFeeKey, value, sellerBps),
  };
}

function assertTrades(fills, expected) {
  assert.deepEqual(fills.map((event) => {
    const trade = event.data.trade;
    return {
      buyer: trade.buyer.toString(), seller: trade.seller.toString(),
      buyerVenue: trade.buyerVenue.toNumber(), sellerVenue: trade.sellerVenue.toNumber(),
      price: trade.price.toBigInt(), lots: trade.lots.toBigInt(), tokens: trade.tokens.toBigInt(),
      value: trade.value.toBigInt(), buyerFee: trade.buyerFee.toBigInt(), sellerFee: trade.sellerFee.toBigInt(),
    };
  }), expected);
}

/**
 * Between the block before `blockHash` and it, each party's tokens and cash and each venue's
 * fees moved by exactly `trades`: the buyer received lots × lot size tokens and paid value +
 * buyer fee, the seller delivered the tokens and received value − seller fee.
 */
async function assertSettled(blockHash, trades) {
  const header = await api.rpc.chain.getHeader(blockHash);
  const [before, after] = await Promise.all([api.at(header.parentHash), api.at(blockHash)]);
  const cash = new Map();
  const tokens = new Map();
  const venueFees = new Map();
  const add = (map, key, amount) => map.set(key, (map.get(key) ?? 0n) + amount);
  for (const trade of trades) {
    add(cash, trade.buyer, -(trade.value + trade.buyerFee));
    add(cash, trade.seller, trade.value - trade.sellerFee);
    add(tokens, trade.buyer, trade.tokens);
    add(tokens, trade.seller, -trade.tokens);
    add(venueFees, trade.buyerVenue, trade.buyerFee);
    add(venueFees, trade.sellerVenue, trade.sellerFee);
  }
  const moved = async (asset, account) => (await assetBalance(after, asset, account)) - (await assetBalance(before, asset, account));
  for (const [account, delta] of cash) assert.equal(await moved(USDX, account), delta, `cash of ${account}`);
  for (const [account, delta] of tokens) assert.equal(await moved(security, account), delta, `tokens of ${account}`);
  for (const [venue, delta] of venueFees) {
    const owed = async (at) => (await at.query.orderbook.venueFees(venue, USDX)).toBigInt();
    assert.equal((await owed(after)) - (await owed(before)), delta, `fees owed to venue ${venue}`);
  }
}

test('the SG venue may not set price controls on the US market; its administrator sets a 10 % band', async () => {
  const info = await marketAt(api);
  assert.deepEqual(info.venues.map((venue) => venue.toNumber()), [VENUE.US, VENUE.SG]);
  assert.equal(info.administrator.unwrap().toNumber(), VENUE.US);

  // The sellers' asks go in while the SG operator tries to set the controls: within the band
  // (US 3 lots at 10 000, SG 2 at 10 500) and beyond it (SG 4 at 11 500, US 3 at 12 000).
  const [hostile, usAsks, sgAsks] = await Promise.all([
    raw(api.tx.orderbook.setPriceControls(market, { ...CONTROLS, staticBandBps: 5_000 }, 1n), charlie),
    send('orderbook.placeOrder', api.tx.utility.batchAll([
      placeOrder(VENUE.US, 'Ask', 10_000n, 3), placeOrder(VENUE.US, 'Ask', 12_000n, 3)]), who.usSeller),
    send('orderbook.placeOrder', api.tx.utility.batchAll([
      placeOrder(VENUE.SG, 'Ask', 10_500n, 2), placeOrder(VENUE.SG, 'Ask', 11_500n, 4)]), who.sgSeller),
  ]);
  assert.equal(hostile.error, 'orderbook.NotMarketAdministrator');
  assert.equal(eventsOf(hostile, 'orderbook', 'PriceControlsSet').length, 0);
  const header = await api.rpc.chain.getHeader(hostile.blockHash);
  const [before, after] = await Promise.all([
    marketAt(await api.at(header.parentHash)), marketAt(await api.at(hostile.blockHash)),
  ]);
  assert.deepEqual(after.toJSON(), before.toJSON(), 'the market is unchanged');
  assert.equal(after.controls.staticBandBps.isNone, true);
  assert.equal(after.referencePrice.isNone, true);
  [orders.usAskIn, orders.usAskOut] = placedIds(usAsks);
  [orders.sgAskIn, orders.sgAskOut] = placedIds(sgAsks);
  assert.equal(await reservedTokens(who.usSeller), 6n * LOT);
  assert.equal(await reservedTokens(who.sgSeller), 6n * LOT);

  const set = await send('orderbook.setPriceControls', api.tx.orderbook.setPriceControls(market, CONTROLS, REFERENCE), alice);
  const [event] = eventsOf(set, 'orderbook', 'PriceControlsSet');
  assert.equal(event.data.market.toNumber(), market);
  assert.equal(event.data.referencePrice.unwrap().toBigInt(), REFERENCE);
  const info2 = await marketAt(api);
  assert.equal(info2.controls.staticBandBps.unwrap().toNumber(), BAND_BPS);
  assert.equal(info2.controls.dynamicBandBps.isNone, true);
  assert.equal(info2.controls.interruptionMs.toBigInt(), INTERRUPTION_MS);
  assert.equal(info2.referencePrice.unwrap().toBigInt(), REFERENCE);
  assert.equal(info2.phase.type, 'Continuous');
});

test('a large bid sweeps the asks within the band, then interrupts trading; its remainder rests', async () => {
  const sweep = await send('orderbook.placeOrder', placeOrder(VENUE.US, 'Bid', 12_000n, 12), who.usBuyer);
  [orders.usBid] = placedIds(sweep);

  // It fills 3 lots at 10 000 (US seller) and 2 at 10 500 (SG seller), each at the resting
  // price, then meets 11 500: beyond 11 000, nothing trades there.
  const taker = ['usBuyer', VENUE.US, `taker ${orders.usBid}`, TAKER_BPS];
  const trades = [
    expectedTrade(taker, ['usSeller', VENUE.US, `maker ${orders.usAskIn}`, MAKER_BPS], 10_000n, 3n),
    expectedTrade(taker, ['sgSeller', VENUE.SG, `maker ${orders.sgAskIn}`, MAKER_BPS], 10_500n, 2n),
  ];
  assertTrades(eventsOf(sweep, 'orderbook', 'Filled'), trades);
  const [breached] = eventsOf(sweep, 'orderbook', 'PriceBandBreached');
  assert.ok(breached, 'PriceBandBreached');
  assert.equal(breached.data.market.toNumber(), market);
  assert.equal(breached.data.order.toBigInt(), orders.usBid);
  assert.equal(breached.data.price.toBigInt(), 11_500n);
  const [started] = eventsOf(sweep, 'orderbook', 'AuctionStarted');
  assert.ok(started, 'AuctionStarted');
  assert.equal(started.data.market.toNumber(), market);
  assert.equal(started.data.reason.type, 'VolatilityInterruption');
  endsAt = started.data.endsAt.toBigInt();
  assert.equal(endsAt, (await timestampAt(sweep.blockHash)) + INTERRUPTION_MS);
  assert.equal(eventsOf(sweep, 'orderbook', 'OrderCancelled').length, 0, 'nothing was cancelled');

  const info = await marketAt(api);
  assert.equal(info.phase.type, 'Auction');
  assert.equal(info.phase.asAuction.endsAt.toBigInt(), endsAt);
  assert.equal(info.phase.asAuction.reason.type, 'VolatilityInterruption');
  assert.equal(info.lastPrice.unwrap().toBigInt(), 10_500n);
  assert.equal(info.referencePrice.unwrap().toBigInt(), REFERENCE);

  // The 7 lots left rest at 12 000, across the asks beyond the band: the book is crossed.
  const bid = (await api.query.orderbook.orders(orders.usBid)).unwrap();
  assert.equal(bid.remaining.toBigInt(), 7n);
  assert.equal(bid.filled.toBigInt(), 5n);
  assert.deepEqual(await depth(), { bids: [[12_000n, 7n]], asks: [[11_500n, 4n], [12_000n, 3n]] });
  await assertSettled(sweep.blockHash, trades);
});

test('during the interruption orders queue without trading; IOC and an early uncross are refused', async () => {
  assert.ok(endsAt, 'the interruption started');
  const usReserved = await reservedTokens(who.usSeller);
  // In one block: an SG buyer's bid above every ask, an immediate-or-cancel ask, and the
  // keeper's uncross before the interruption has ended.
  const [queued, ioc, early] = await Promise.all([
    raw(placeOrder(VENUE.SG, 'Bid', 12_500n, 3), who.sgBuyer),
    raw(placeOrder(VENUE.US, 'Ask', 10_000n, 1, 'ImmediateOrCancel'), who.usSeller),
    raw(api.tx.orderbook.uncrossAuction(market, MAX_FILLS), who.keeper),
  ]);

  assert.equal(queued.error, null);
  [orders.sgBid] = placedIds(queued);
  assert.equal(eventsOf(queued, 'orderbook', 'Filled').length, 0, 'no trade during the interruption');
  assert.equal(eventsOf(queued, 'orderbook', 'OrderCancelled').length, 0);
  assert.equal((await api.query.orderbook.orders(orders.sgBid)).unwrap().remaining.toBigInt(), 3n);

  assert.equal(ioc.error, 'orderbook.AuctionInProgress');
  assert.equal(await reservedTokens(who.usSeller), usReserved, 'the refused order reserved nothing');

  assert.ok((await timestampAt(early.blockHash)) < endsAt, 'the early uncross came before the end');
  assert.equal(early.error, 'orderbook.AuctionNotEnded');
  assert.equal((await marketAt(api)).phase.type, 'Auction');

  // Bids 12 500 × 3 (SG), 12 000 × 7 (US); asks 11 500 × 4 (SG), 12 000 × 3 (US): at 12 000,
  // 10 lots bid and 7 offered, the most that can trade.
  assert.deepEqual(await depth(), { bids: [[12_500n, 3n], [12_000n, 7n]], asks: [[11_500n, 4n], [12_000n, 3n]] });
  const uncross = await api.call.orderbookApi.indicativeUncross(market);
  assert.ok(uncross.isSome, 'an indicative uncross');
  indicative = uncross.unwrap();
  assert.ok(indicative.volume.toBigInt() > 0n);
  assert.equal(indicative.price.toBigInt(), 12_000n);
  assert.equal(indicative.volume.toBigInt(), 7n);
  assert.equal(indicative.surplus.toBigInt(), 3n);
});

test('once the interruption has ended anyone uncrosses: one price across both venues; balances move by exactly the trades', async () => {
  assert.ok(indicative, 'the auction collected orders');
  await waitForBlocks(api, async (header) => (await timestampAt(header.hash)) >= endsAt, {
    timeoutMs: 30_000, what: `a block at or after the interruption's end (${endsAt})`,
  });
  const uncrossed = await send('orderbook.uncrossAuction', api.tx.orderbook.uncrossAuction(market, MAX_FILLS), who.keeper);
  assert.ok((await timestampAt(uncrossed.blockHash)) >= endsAt);

  // Every fill of the market in that block is the uncross's, at the indicative price.
  const at = await api.at(uncrossed.blockHash);
  const blockFills = (await at.query.system.events())
    .map(({ event }) => event)
    .filter((event) => event.section === 'orderbook' && event.method === 'Filled' && event.data.market.toNumber() === market);
  const fills = eventsOf(uncrossed, 'orderbook', 'Filled');
  assert.equal(blockFills.length, fills.length);
  assert.ok(fills.length > 0);
  const price = indicative.price.toBigInt();
  for (const fill of blockFills) assert.equal(fill.data.trade.price.toBigInt(), price, 'one price');
  const venues = (side) => [...new Set(fills.map((fill) => fill.data.trade[side].toNumber()))].sort();
  assert.deepEqual(venues('buyerVenue'), [VENUE.US, VENUE.SG]);
  assert.deepEqual(venues('sellerVenue'), [VENUE.US, VENUE.SG]);

  // Price-time priority at 12 000: the SG bid (12 500) takes 3 lots of the SG ask (11 500),
  // the US bid its last lot and the US ask's 3. Each order pays its own maker fee.
  const maker = (role, venue, order) => [role, venue, `maker ${order}`, MAKER_BPS];
  const trades = [
    expectedTrade(maker('sgBuyer', VENUE.SG, orders.sgBid), maker('sgSeller', VENUE.SG, orders.sgAskOut), price, 3n),
    expectedTrade(maker('usBuyer', VENUE.US, orders.usBid), maker('sgSeller', VENUE.SG, orders.sgAskOut), price, 1n),
    expectedTrade(maker('usBuyer', VENUE.US, orders.usBid), maker('usSeller', VENUE.US, orders.usAskOut), price, 3n),
  ];
  assertTrades(fills, trades);
  const [done] = eventsOf(uncrossed, 'orderbook', 'AuctionUncrossed');
  assert.ok(done, 'AuctionUncrossed');
  assert.equal(done.data.market.toNumber(), market);
  assert.equal(done.data.price.unwrap().toBigInt(), price);
  const traded = trades.reduce((sum, trade) => sum + trade.lots, 0n);
  assert.equal(done.data.traded.toBigInt(), traded);
  assert.equal(traded, indicative.volume.toBigInt());

  const info = await marketAt(api);
  assert.equal(info.phase.type, 'Continuous');
  assert.equal(info.referencePrice.unwrap().toBigInt(), price);
  assert.equal(info.lastPrice.unwrap().toBigInt(), price);
  assert.ok((await api.call.orderbookApi.indicativeUncross(market)).isNone);
  assert.deepEqual(await depth(), { bids: [[12_000n, 3n]], asks: [] });
  await assertSettled(uncrossed.blockHash, trades);

  // Reservations: the SG bid, filled below its limit, holds nothing; the US bid holds what its
  // order says; the sellers' asks are gone.
  assert.ok((await api.query.orderbook.orders(orders.sgBid)).isNone);
  assert.equal(await reservedCash(who.sgBuyer), 0n);
  const usBid = (await api.query.orderbook.orders(orders.usBid)).unwrap();
  assert.equal(usBid.remaining.toBigInt(), 3n);
  assert.equal(await reservedCash(who.usBuyer), usBid.reserved.toBigInt());
  assert.ok(usBid.reserved.toBigInt() >= 3n * 12_000n * TICK, 'the rest of the bid is still covered');
  assert.equal(await reservedTokens(who.usSeller), 0n);
  assert.equal(await reservedTokens(who.sgSeller), 0n);
});

test('a second uncross finds no auction; order limits, a venue\'s investor limits and amendments: only those entitled, each refusal by name', async () => {
  const bidId = orders.usBid;
  assert.ok(bidId !== undefined);
  const reservedBefore = await reservedCash(who.usBuyer);
  // In one block (each signer's first call since the uncross).
  const [again, limits, foreignLimits, amended, foreignAmend] = await Promise.all([
    raw(api.tx.orderbook.uncrossAuction(market, MAX_FILLS), who.keeper),
    raw(api.tx.orderbook.setOrderLimits(market, { maxLots: 5, minValue: null, maxValue: null, maxOpenPerIdentity: null }), alice),
    // The SG operator sets limits for a US investor on the US venue.
    raw(api.tx.orderbook.setInvestorLimits(VENUE.US, USDX, id.usBuyer, { maxOrderValue: USD, maxDailyValue: null }), charlie),
    raw(api.tx.orderbook.amendOrder(bidId, 12_000n, 2, MAX_FILLS), who.usBuyer),
    raw(api.tx.orderbook.amendOrder(bidId, 12_000n, 1, MAX_FILLS), who.sgBuyer),
  ]);
  assert.equal(again.error, 'orderbook.NoAuction');
  assert.equal((await marketAt(api)).phase.type, 'Continuous');

  assert.equal(limits.error, null);
  assert.equal((await marketAt(api)).limits.maxLots.unwrap().toBigInt(), 5n);

  assert.equal(foreignLimits.error, 'orderbook.NotVenueOperator');
  assert.ok((await api.query.orderbook.investorLimitsOf(VENUE.US, USDX, id.usBuyer)).isNone);

  // Reduced at the same price: the order keeps its id (and place), the lot taken off is released.
  assert.equal(amended.error, null);
  const [event] = eventsOf(amended, 'orderbook', 'OrderAmended');
  assert.equal(event.data.order.toBigInt(), bidId);
  assert.equal(event.data.owner.toString(), who.usBuyer.address);
  assert.equal(event.data.price.toBigInt(), 12_000n);
  assert.equal(event.data.lots.toBigInt(), 2n);
  assert.ok(event.data.requeuedAs.isNone, 'reduced in place');
  assert.equal(eventsOf(amended, 'orderbook', 'OrderPlaced').length, 0);
  assert.equal(foreignAmend.error, 'orderbook.NotOrderOwner');
  assert.equal((await api.query.orderbook.orders(bidId)).unwrap().remaining.toBigInt(), 2n);
  assert.deepEqual(await depth(), { bids: [[12_000n, 2n]], asks: [] });
  assert.equal(await reservedCash(who.usBuyer), reservedBefore - 12_000n * TICK);

  // Above the largest order now set: refused, nothing reserved.
  const big = await raw(placeOrder(VENUE.SG, 'Bid', 12_000n, 6), who.sgBuyer);
  assert.equal(big.error, 'orderbook.AboveMaximumOrder');
  assert.equal(await reservedCash(who.sgBuyer), 0n);
});
