// Fees in cash: once the consortium sets a rate for USDX, an investor who holds no STL at all
// signs with polkadot.js' `assetId` option and pays every fee in USDX, placing an order
// included; a security can never pay a fee.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { connect, councilMotion, devKeyring, eventsOf, submit } from '../lib/chain.mjs';
import { attest, createIdentity, linkFirstAccount, onboardInvestor, STL } from '../lib/onboarding.mjs';
import { env } from './env.mjs';

const USDX = 1;
const USD = 1_000_000n; // one USDX (6 decimals)
const US_VENUE = 0;
// FixedU128 (18 decimals): one USDX unit is worth 1 000 000 STL units, i.e. 1 USDX = 1 STL.
const RATE = 1_000_000n * 10n ** 18n;

let api;
let keys;
let fresh;
let identity;
let security;
let market;
let issuerOf;

before(async () => {
  api = await connect(env.rpc);
  keys = await devKeyring();
  fresh = keys.keyring.addFromUri(mnemonicGenerate());
});

after(async () => api?.disconnect());

async function cash(who) {
  const account = await api.query.assets.account(USDX, who);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
}

async function native(who) {
  return (await api.query.system.account(who)).data.free.toBigInt();
}

function feesPaidInCash(outcome) {
  return eventsOf(outcome, 'assetTxPayment', 'AssetTxFeePaid');
}

test('only the consortium sets the rate of a cash asset to STL', async () => {
  const stranger = await submit(api, api.tx.assetRate.create(USDX, RATE), keys.account('//us-accredited'));
  assert.equal(stranger.error, 'BadOrigin');
  const { error } = await councilMotion(
    api,
    api.tx.assetRate.create(USDX, RATE),
    keys.account('Alice'),
    [keys.account('Bob'), keys.account('Charlie')],
    3,
  );
  assert.equal(error, null);
  assert.equal((await api.query.assetRate.conversionRateToNative(USDX)).unwrap().toBigInt(), RATE);
});

test('an investor holding only USDX links their account, paying the fee in USDX', async () => {
  // 100 USDX and nothing else: USDX is a sufficient asset, so the account exists.
  const sent = await submit(api, api.tx.assets.transferKeepAlive(USDX, fresh.address, 100n * USD), keys.account('//us-accredited'));
  assert.equal(sent.error, null);
  assert.equal(await native(fresh.address), 0n);

  const alice = keys.account('Alice');
  identity = await createIdentity(api, alice);

  // Without `assetId` the fee would be STL, which the account does not have.
  await assert.rejects(submit(api, api.tx.attestation.acceptLink(identity), fresh), /Inability to pay some fees|Invalid/);

  // Alice proposes the link; the account accepts it paying in USDX.
  const before = await cash(fresh.address);
  const feeAccountBefore = await cash(cashFeeAccount());
  const { accepted } = await linkFirstAccount(api, alice, identity, fresh, { signOptions: { assetId: USDX } });
  const [paid] = feesPaidInCash(accepted);
  assert.ok(paid, 'an AssetTxFeePaid event');
  const fee = paid.data.actualFee.toBigInt();
  assert.ok(fee > 0n);
  assert.equal(paid.data.who.toString(), fresh.address);
  assert.equal(await cash(fresh.address), before - fee);
  assert.equal(await cash(cashFeeAccount()), feeAccountBefore + fee);
  assert.equal(await native(fresh.address), 0n, 'no STL was ever needed');
});

function cashFeeAccount() {
  // PalletId `stl/fees` as an account: b"modl" ++ id, zero-padded to 32 bytes.
  const bytes = new Uint8Array(32);
  bytes.set(new TextEncoder().encode('modlstl/fees'));
  return api.createType('AccountId32', bytes).toString();
}

test('the investor, attested, places an order paying the fee in USDX', async () => {
  const alice = keys.account('Alice');
  await attest(api, alice, identity, { jurisdiction: 'US', class: 'Accredited', risk: 4, evidence: 'cash-only investor kyc' });

  // A security with a market on the US venue (the issuer pays in STL as usual).
  const issuer = keys.keyring.addFromUri(mnemonicGenerate());
  issuerOf = issuer;
  await onboardInvestor(api, alice, issuer, {
    fund: 100n * STL, jurisdiction: 'US', class: 'Institutional', risk: 5, evidence: 'fees issuer kyc',
  });
  const createdSecurity = await submit(api, api.tx.securities.createSecurity('Delta Units', 'DELTA', null, 0, null), issuer);
  security = eventsOf(createdSecurity, 'securities', 'SecurityCreated')[0].data.security.toNumber();
  const params = { tickSize: 1_000n, lotSize: 1, minOrder: 1, makerFeeBps: 0, takerFeeBps: 0 };
  const createdMarket = await submit(api, api.tx.orderbook.createMarket(security, USDX, params, [US_VENUE]), alice);
  assert.equal(createdMarket.error, null);
  market = eventsOf(createdMarket, 'orderbook', 'MarketCreated')[0].data.market.toNumber();

  const before = await cash(fresh.address);
  const placed = await submit(
    api,
    api.tx.orderbook.placeOrder(market, US_VENUE, 'Bid', 5_000n, 2, 'GoodTillCancelled', null, 1, null, 8),
    fresh,
    { assetId: USDX },
  );
  assert.equal(placed.error, null);
  assert.equal(eventsOf(placed, 'orderbook', 'OrderPlaced').length, 1);
  const fee = feesPaidInCash(placed)[0].data.actualFee.toBigInt();
  // The bid's cash stays in the account, reserved; only the fee left it.
  assert.equal(await cash(fresh.address), before - fee);
  assert.equal((await api.query.orderbook.reservedCash(USDX, fresh.address)).toBigInt(), 2n * 5_000n * 1_000n);
  assert.equal(await native(fresh.address), 0n);
});

test('a security cannot pay a fee, even with a rate', async () => {
  // The investor holds tokens of the security, and the consortium (wrongly) gives it a rate:
  // paying a fee with it would move a security outside its compliance check, so it is refused.
  const { error } = await councilMotion(
    api,
    api.tx.assetRate.create(security, RATE),
    keys.account('Alice'),
    [keys.account('Bob'), keys.account('Charlie')],
    3,
  );
  assert.equal(error, null);
  assert.equal((await submit(api, api.tx.securities.mint(security, fresh.address, 1_000, null), issuerOf)).error, null);
  await assert.rejects(
    submit(api, api.tx.orderbook.cancelAll(market), fresh, { assetId: security }),
    /Inability to pay some fees|Invalid/,
  );
  assert.equal((await api.query.assets.account(security, fresh.address)).unwrap().balance.toBigInt(), 1_000n);
  // The same call paid in USDX goes through.
  const cancelled = await submit(api, api.tx.orderbook.cancelAll(market), fresh, { assetId: USDX });
  assert.equal(cancelled.error, null);
  assert.equal((await api.query.orderbook.reservedCash(USDX, fresh.address)).toBigInt(), 0n);
});
