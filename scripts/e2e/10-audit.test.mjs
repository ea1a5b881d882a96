// The auditor's tool, `scripts/audit`, run as a subprocess against the network: a security
// is issued and traded across two venues, then its issuer intervenes (a freeze, a frozen
// amount, a forced transfer, a recovery to another account of the same investor, a pause
// and its end, each with a reason). The cap table at a
// block before and after the trades, the trades over the range, the same trades as a
// regulator's transaction report (RTS 22 fields) and the exceptions with their reasons and
// signer come out as CSV; every error leaves with one clear line.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { connect, devKeyring, eventsOf, submit } from '../lib/chain.mjs';
import { capTable, parseCsv, ratioToDecimal, unitsToDecimal } from '../lib/audit/index.mjs';
import { fund, linkAccount, onboardInvestor, STL } from '../lib/onboarding.mjs';
import { env } from './env.mjs';

const AUDIT = fileURLToPath(new URL('../audit', import.meta.url));
const USDX = 1;
// Exchange ids of the `local` network, in admission order.
const US_VENUE = 0;
const SG_VENUE = 2;
const TICK = 1_000n; // 0.001 USDX per lot per tick
const MAKER_BPS = 10n;
const TAKER_BPS = 20n;
const FIRST_PRICE = 10_000n; // ticks: 10 USDX a token
const SECOND_PRICE = 12_345n; // ticks: 12.345 USDX a token
const ISIN = 'XS00AUDN0009'; // well formed, check digit right
const REASONS = {
  freeze: 'Zürich district court order 2026-117',
  frozenAmount: 'regulator hold, case "42"',
  forced: 'error correction: trade reversed, ref 9',
  recover: 'lost key, investor request 2026-03',
  pause: 'suspected fraud; under review',
  unpause: 'review closed',
};

let api;
let keys;
let issuer;
let usAccredited;
let sgInstitutional;
let replacement; // a second account of sg-institutional's identity
let security;
let market;
// { number, hash } of the blocks the world was built in.
const blocks = {};
// The two fills as the chain reported them.
const fills = [];

/** Run `scripts/audit` with `args` against the network: `{ code, stdout, stderr }`. */
function audit(args, { rpc = env.rpc } = {}) {
  return new Promise((resolve) => {
    execFile('bash', [AUDIT, ...args, '--rpc', rpc], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** `audit` that must succeed: the CSV rows. */
async function auditRows(args) {
  const { code, stdout, stderr } = await audit(args);
  assert.equal(code, 0, `scripts/audit ${args.join(' ')} failed: ${stderr}`);
  return parseCsv(stdout);
}

async function blockOf(outcome, what) {
  assert.equal(outcome.error, null, what);
  const header = await api.rpc.chain.getHeader(outcome.blockHash);
  return { number: header.number.toNumber(), hash: outcome.blockHash.toHex() };
}

async function timeAt(block) {
  const now = await (await api.at(block.hash)).query.timestamp.now();
  return new Date(now.toNumber()).toISOString();
}

let clientId = Date.now();
function placeOrder(who, venue, side, price, lots) {
  clientId += 1;
  return submit(
    api,
    api.tx.orderbook.placeOrder(market, venue, side, price, lots, 'GoodTillCancelled', null, clientId, null, 16),
    who,
  );
}

before(async () => {
  api = await connect(env.rpc);
  keys = await devKeyring();
  const alice = keys.account('Alice');
  usAccredited = keys.account('//us-accredited');
  sgInstitutional = keys.account('//sg-institutional');

  // The US exchange (Alice) onboards an issuer (US, institutional) while Bob funds it; at the
  // same time the SG investor gets a second account (funded by Eve), where the issuer will
  // later recover the first account's holding: proposed by the SG exchange that onboarded
  // the investor (Charlie), approved by the investor's first account, accepted by the new one.
  issuer = keys.keyring.addFromUri(mnemonicGenerate());
  replacement = keys.keyring.addFromUri(mnemonicGenerate());
  const sgIdentity = (await api.query.attestation.identityOfAccount(sgInstitutional.address)).unwrap().toNumber();
  await Promise.all([
    onboardInvestor(api, alice, issuer, {
      fund: 100n * STL, funder: keys.account('Bob'), jurisdiction: 'US', class: 'Institutional', risk: 5, evidence: 'audit issuer kyc',
    }),
    // The replacement pays the fee of accepting its link: funded first.
    fund(api, keys.account('Eve'), [replacement], 10n * STL).then(() => linkAccount(api, {
      exchange: keys.account('Charlie'), identity: sgIdentity, account: replacement, approver: sgInstitutional,
    })),
  ]);

  const made = await submit(api, api.tx.securities.createSecurity('Audit Notes', 'AUDN', ISIN, 0, null), issuer);
  assert.equal(made.error, null);
  security = eventsOf(made, 'securities', 'SecurityCreated')[0].data.security.toNumber();

  // The issuer mints while the US venue creates the market; then the SG venue lists it.
  const params = { tickSize: TICK, lotSize: 1, minOrder: 1, makerFeeBps: MAKER_BPS, takerFeeBps: TAKER_BPS };
  const [minted, opened] = await Promise.all([
    submit(api, api.tx.securities.mint(security, usAccredited.address, 100, null), issuer),
    submit(api, api.tx.orderbook.createMarket(security, USDX, params, [US_VENUE]), alice),
  ]);
  blocks.minted = await blockOf(minted, 'mint');
  assert.equal(opened.error, null);
  market = eventsOf(opened, 'orderbook', 'MarketCreated')[0].data.market.toNumber();
  blocks.listed = await blockOf(await submit(api, api.tx.orderbook.listMarket(market, SG_VENUE), keys.account('Charlie')), 'list');

  // Two trades: the US investor asks through the US venue, the SG investor bids through the
  // SG venue (the taker), 4 lots at the first price, then 3 lots at the second.
  assert.equal((await placeOrder(usAccredited, US_VENUE, 'Ask', FIRST_PRICE, 4)).error, null);
  const [firstBid, secondAsk] = await Promise.all([
    placeOrder(sgInstitutional, SG_VENUE, 'Bid', FIRST_PRICE, 4),
    placeOrder(usAccredited, US_VENUE, 'Ask', SECOND_PRICE, 3),
  ]);
  assert.equal(secondAsk.error, null);
  blocks.firstTrade = await blockOf(firstBid, 'first bid');
  const secondBid = await placeOrder(sgInstitutional, SG_VENUE, 'Bid', SECOND_PRICE, 3);
  blocks.secondTrade = await blockOf(secondBid, 'second bid');
  for (const [outcome, block] of [[firstBid, blocks.firstTrade], [secondBid, blocks.secondTrade]]) {
    const filled = eventsOf(outcome, 'orderbook', 'Filled');
    assert.equal(filled.length, 1);
    fills.push({ block, trade: filled[0].data.trade });
  }

  // The issuer intervenes, one call a block, each with its reason.
  const tx = api.tx.securities;
  blocks.freeze = await blockOf(await submit(api, tx.freezeAccount(security, sgInstitutional.address, REASONS.freeze), issuer), 'freeze');
  blocks.frozenAmount = await blockOf(await submit(api, tx.setFrozenAmount(security, usAccredited.address, 10, REASONS.frozenAmount), issuer), 'frozen amount');
  blocks.forced = await blockOf(await submit(api, tx.forcedTransfer(security, sgInstitutional.address, usAccredited.address, 2, REASONS.forced), issuer), 'forced transfer');
  blocks.recover = await blockOf(await submit(api, tx.recover(security, sgInstitutional.address, replacement.address, REASONS.recover), issuer), 'recover');
  blocks.pause = await blockOf(await submit(api, tx.pause(security, REASONS.pause), issuer), 'pause');
  // `unpause` records a reason where the runtime's call takes one. Finalized: the commands'
  // default block (the finalized head) then includes everything.
  const unpause = tx.unpause.meta.args.length === 2 ? tx.unpause(security, REASONS.unpause) : tx.unpause(security);
  if (tx.unpause.meta.args.length !== 2) REASONS.unpause = '';
  blocks.unpause = await blockOf(await submit(api, unpause, issuer, { finalized: true }), 'unpause');
});

after(async () => api?.disconnect());

test('the cap table at a block before the trades shows the balances then, and adds up to the supply', async () => {
  const [{ code, stdout, stderr }, byHash] = await Promise.all([
    audit(['cap-table', '--security', String(security), '--at', String(blocks.minted.number)]),
    // By hash: the same block.
    auditRows(['cap-table', '--security', String(security), '--at', blocks.minted.hash]),
  ]);
  assert.equal(code, 0, stderr);
  const rows = parseCsv(stdout);
  assert.equal(stdout.split('\r\n')[0], 'account,identity,jurisdiction,class,ineligible,balance,locked,frozen,account_frozen,reserved');
  assert.deepEqual(rows.map((row) => [row.account, row.balance]), [[usAccredited.address, '100']]);
  assert.equal(rows[0].jurisdiction, 'US');
  assert.equal(rows[0].class, 'Accredited');
  assert.equal(rows[0].ineligible, '');
  assert.match(stderr, new RegExp(`security ${security} at block #${blocks.minted.number} .*1 holding account, 1 holder .*balances add up to 100, supply 100`));
  assert.deepEqual(byHash, rows);
});

test('the cap table after the trades shows both holders, their identities and classes, and adds up', async () => {
  const rows = await auditRows(['cap-table', '--security', String(security), '--at', String(blocks.secondTrade.number)]);
  const byAccount = Object.fromEntries(rows.map((row) => [row.account, row]));
  assert.equal(rows.length, 2);
  assert.equal(byAccount[usAccredited.address].balance, '93');
  assert.equal(byAccount[usAccredited.address].reserved, '0', 'both asks were filled');
  assert.equal(byAccount[sgInstitutional.address].balance, '7');
  assert.equal(byAccount[sgInstitutional.address].jurisdiction, 'SG');
  assert.equal(byAccount[sgInstitutional.address].class, 'Institutional');
  const sgIdentity = (await api.query.attestation.identityOfAccount(sgInstitutional.address)).unwrap().toString();
  assert.equal(byAccount[sgInstitutional.address].identity, sgIdentity);

  // The library function answers the same, and checks the supply at that block.
  const table = await capTable(api, { security, at: blocks.secondTrade.number });
  assert.equal(table.balanced, true);
  assert.equal(table.supply, 100n);
  assert.equal(table.holders, 2);
  assert.deepEqual(table.rows.map((row) => [row.account, row.balance]), rows.map((row) => [row.account, BigInt(row.balance)]));
});

test('the cap table at the finalized head shows the frozen amount, the forced transfer and the recovery', async () => {
  const rows = await auditRows(['cap-table', '--security', String(security)]);
  const byAccount = Object.fromEntries(rows.map((row) => [row.account, row]));
  assert.equal(rows.length, 2);
  assert.deepEqual(
    [byAccount[usAccredited.address].balance, byAccount[usAccredited.address].frozen, byAccount[usAccredited.address].account_frozen],
    ['95', '10', 'false'],
  );
  // The SG investor's holding and its account freeze moved to their second account.
  assert.equal(byAccount[sgInstitutional.address], undefined);
  const sgIdentity = (await api.query.attestation.identityOfAccount(sgInstitutional.address)).unwrap().toString();
  assert.deepEqual(
    [byAccount[replacement.address].balance, byAccount[replacement.address].account_frozen, byAccount[replacement.address].identity],
    ['5', 'true', sgIdentity],
  );
});

test('the trades over the range are exactly the two fills, with prices, lots, venues, fees and times', async () => {
  const [rows, before] = await Promise.all([
    auditRows(['trades', '--market', String(market), '--from', String(blocks.listed.number), '--to', String(blocks.unpause.number)]),
    // Before the trades: nothing.
    auditRows(['trades', '--market', String(market), '--from', String(blocks.minted.number), '--to', String(blocks.listed.number)]),
  ]);
  assert.equal(rows.length, 2);
  const usIdentity = (await api.query.attestation.identityOfAccount(usAccredited.address)).unwrap().toString();
  const sgIdentity = (await api.query.attestation.identityOfAccount(sgInstitutional.address)).unwrap().toString();
  for (const [k, [price, lots]] of [[FIRST_PRICE, 4n], [SECOND_PRICE, 3n]].entries()) {
    const row = rows[k];
    const { block, trade } = fills[k];
    const value = lots * price * TICK;
    assert.equal(row.block, String(block.number));
    assert.equal(row.time, await timeAt(block));
    assert.equal(row.time, new Date(trade.at.toNumber()).toISOString(), "the trade's own time");
    assert.equal(row.market, String(market));
    assert.equal(row.price, String(price));
    assert.equal(row.lots, String(lots));
    assert.equal(row.tokens, String(lots));
    assert.equal(row.value, String(value));
    assert.deepEqual([row.buyer, row.buyer_identity, row.buyer_venue], [sgInstitutional.address, sgIdentity, String(SG_VENUE)]);
    assert.deepEqual([row.seller, row.seller_identity, row.seller_venue], [usAccredited.address, usIdentity, String(US_VENUE)]);
    // The bid is the taker, the resting ask the maker; fees round up.
    assert.equal(row.buyer_fee, String((value * TAKER_BPS + 9_999n) / 10_000n));
    assert.equal(row.seller_fee, String((value * MAKER_BPS + 9_999n) / 10_000n));
    assert.equal(row.maker_order, trade.makerOrder.toString());
    assert.equal(row.taker_order, trade.takerOrder.toString());
  }
  assert.deepEqual(before, []);
});

/** A decimal text as an integer count of 10^-scale units (exact; the test's own arithmetic). */
function scaled(text, scale) {
  const [whole, fraction = ''] = text.split('.');
  assert.ok(fraction.length <= scale, `${text} has more than ${scale} decimal places`);
  return BigInt(whole + fraction.padEnd(scale, '0'));
}

test('the transaction report gives the same trades in RTS 22 terms: ISIN, time, price, quantity, sides, capacity, a unique id', async () => {
  const range = ['--from', String(blocks.listed.number), '--to', String(blocks.unpause.number)];
  const [tradeRows, report, bySecurity, everyMarket] = await Promise.all([
    auditRows(['trades', '--market', String(market), ...range]),
    auditRows(['transactions-report', '--market', String(market), ...range]),
    auditRows(['transactions-report', '--security', String(security), ...range]),
    // Unfiltered: every market's trades, ours among them.
    auditRows(['transactions-report', ...range]),
  ]);
  const cash = await api.query.assets.metadata(USDX);
  const cashSymbol = cash.symbol.toUtf8();
  const cashDecimals = cash.decimals.toNumber();
  const prefix = api.genesisHash.toHex().slice(2, 10).toUpperCase();
  const venueName = async (id) => (await api.query.exchanges.exchanges(id)).unwrap().name.toUtf8();
  const [usVenueName, sgVenueName] = await Promise.all([venueName(US_VENUE), venueName(SG_VENUE)]);

  assert.equal(report.length, tradeRows.length);
  assert.equal(report.length, 2);
  for (const [k, row] of report.entries()) {
    const trade = tradeRows[k];
    const { trade: filled } = fills[k];
    // The same trade as the trades command's row.
    assert.deepEqual(
      [row.block, row.market, row.buyer_account, row.buyer_identity, row.buyer_venue, row.seller_account, row.seller_identity, row.seller_venue, row.maker_order, row.taker_order],
      [trade.block, trade.market, trade.buyer, trade.buyer_identity, trade.buyer_venue, trade.seller, trade.seller_identity, trade.seller_venue, trade.maker_order, trade.taker_order],
    );
    // The instrument, by its ISIN.
    assert.equal(row.instrument_identification_code, ISIN);
    assert.equal(row.instrument_full_name, 'Audit Notes');
    assert.equal(row.security, String(security));
    // The trade's own time, in ISO 8601 UTC to the millisecond: the block's timestamp.
    assert.match(row.trading_date_time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(Date.parse(row.trading_date_time), filled.at.toNumber());
    assert.equal(row.trading_date_time, trade.time);
    // Price, quantity and amounts in major units: tokens have 0 decimals, USDX 6.
    assert.equal(row.price, ['10', '12.345'][k]);
    assert.deepEqual([row.price_currency, row.price_notation], [cashSymbol, 'MONE']);
    assert.equal(row.quantity, trade.tokens);
    assert.equal(scaled(row.net_amount, cashDecimals), BigInt(trade.value));
    assert.equal(scaled(row.price, cashDecimals) * BigInt(row.quantity), scaled(row.net_amount, cashDecimals), 'price × quantity = net amount');
    assert.equal(scaled(row.buyer_fee, cashDecimals), BigInt(trade.buyer_fee));
    assert.equal(scaled(row.seller_fee, cashDecimals), BigInt(trade.seller_fee));
    // Venues by id and name (no MIC on chain); both investors deal on their own account.
    assert.deepEqual([row.buyer_venue_name, row.buyer_venue_mic], [sgVenueName, '']);
    assert.deepEqual([row.seller_venue_name, row.seller_venue_mic], [usVenueName, '']);
    assert.deepEqual([row.buyer_trading_capacity, row.seller_trading_capacity], ['DEAL', 'DEAL']);
    // The id: the chain, the block, the Filled event's index in it.
    assert.match(row.trading_venue_transaction_id, new RegExp(`^${prefix}-${row.block}-\\d+$`));
  }
  const ids = report.map((row) => row.trading_venue_transaction_id);
  assert.equal(new Set(ids).size, ids.length, 'unique ids');
  // The same ids on every run and whatever the filter.
  assert.deepEqual(bySecurity, report);
  assert.deepEqual(everyMarket.filter((row) => row.market === String(market)), report);
  const allIds = everyMarket.map((row) => row.trading_venue_transaction_id);
  assert.equal(new Set(allIds).size, allIds.length, 'unique ids over every market');
});

test('prices in major units are exact, or rounded half up at 13 decimal places when they do not end', () => {
  assert.equal(unitsToDecimal(12_345_000n, 6), '12.345');
  assert.equal(unitsToDecimal(40_000_000n, 6), '40');
  assert.equal(unitsToDecimal(7n, 0), '7');
  assert.equal(unitsToDecimal(5n, 3), '0.005');
  assert.deepEqual(ratioToDecimal(37_035_000n, 3_000_000n, 13), { text: '12.345', exact: true });
  assert.deepEqual(ratioToDecimal(1n, 3n, 13), { text: '0.3333333333333', exact: false });
  assert.deepEqual(ratioToDecimal(2n, 3n, 13), { text: '0.6666666666667', exact: false });
});

test('the exceptions list the freeze, frozen amount, forced transfer, recovery, pause and unpause with reasons and signer', async () => {
  const [rows, all] = await Promise.all([
    auditRows(['exceptions', '--from', String(blocks.freeze.number), '--to', String(blocks.unpause.number), '--security', String(security)]),
    // Without the filter, to the finalized head: the same rows among any others.
    auditRows(['exceptions', '--from', String(blocks.freeze.number)]),
  ]);
  const expected = [
    ['freeze', 'securities.AccountFrozen', sgInstitutional.address, '', '', REASONS.freeze],
    ['frozenAmount', 'securities.FrozenAmountSet', usAccredited.address, '', '10', REASONS.frozenAmount],
    ['forced', 'securities.ForcedTransfer', sgInstitutional.address, usAccredited.address, '2', REASONS.forced],
    ['recover', 'securities.Recovered', sgInstitutional.address, replacement.address, '5', REASONS.recover],
    ['pause', 'securities.Paused', '', '', '', REASONS.pause],
    ['unpause', 'securities.Unpaused', '', '', '', REASONS.unpause],
  ];
  assert.deepEqual(
    rows.map((row) => [row.event, row.account, row.to_account, row.amount, row.reason]),
    expected.map(([, ...rest]) => rest),
  );
  for (const [k, [key]] of expected.entries()) {
    assert.equal(rows[k].block, String(blocks[key].number));
    assert.equal(rows[k].time, await timeAt(blocks[key]));
    assert.equal(rows[k].security, String(security));
    assert.equal(rows[k].signer, issuer.address);
  }
  assert.deepEqual(all.filter((row) => row.security === String(security)), rows);
});

test('every error leaves non-zero with one clear line', async () => {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const cases = [
    [['cap-table', '--security', '4000000000'], 1, /^audit: no security 4000000000 at block #\d+$/],
    [['cap-table', '--security', String(security), '--at', '99999999'], 1, /^audit: no block 99999999 \(best is #\d+\)$/],
    [['cap-table', '--security', String(security), '--at', `0x${'ab'.repeat(32)}`], 1, /^audit: no block 0x(ab){32} \(best is #\d+\)$/],
    [['trades', '--market', '4000000000', '--from', String(blocks.listed.number), '--to', String(blocks.unpause.number)], 1, /^audit: no market 4000000000 at block #\d+$/],
    [['trades', '--market', String(market), '--from', String(best), '--to', String(blocks.listed.number)], 2, new RegExp(`^audit: --from #${best} is after --to #${blocks.listed.number}$`)],
    [['exceptions', '--from', '1', '--to', '99999999'], 1, /^audit: no block 99999999 \(best is #\d+\)$/],
    [['exceptions', '--from', '1', '--security', '4000000000'], 1, /^audit: no security 4000000000 at block #\d+$/],
    [['transactions-report', '--from', String(blocks.listed.number), '--market', '4000000000'], 1, /^audit: no market 4000000000 at block #\d+$/],
    [['transactions-report', '--from', '1', '--security', '4000000000'], 1, /^audit: no security 4000000000 at block #\d+$/],
    [['transactions-report', '--from', '1', '--to', '99999999'], 1, /^audit: no block 99999999 \(best is #\d+\)$/],
    [['transactions-report', '--security', String(security)], 2, /^audit: transactions-report needs --from\nusage: scripts\/audit /],
  ];
  const [results, unreachable, usage] = await Promise.all([
    Promise.all(cases.map(([args]) => audit(args))),
    audit(['cap-table', '--security', String(security)], { rpc: 'ws://127.0.0.1:1' }),
    audit(['cap-table']),
  ]);
  for (const [k, [args, code, message]] of cases.entries()) {
    const result = results[k];
    assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
    assert.equal(result.stdout, '', 'no CSV on failure');
    assert.match(result.stderr.trim(), message);
  }

  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr.trim(), /^audit: cannot reach ws:\/\/127\.0\.0\.1:1 \(.+\)$/);

  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^audit: cap-table needs --security\nusage: scripts\/audit cap-table/);
});
