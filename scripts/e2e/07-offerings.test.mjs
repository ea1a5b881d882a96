// A primary offering through polkadot.js: investors subscribe with USDX in escrow, the last
// subscription is filled in part at the hard cap, the offering closes and settles, tokens
// arrive locked, and a sale before the lock-up date fails with the lock-up reason.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { connect, devKeyring, eventsOf, submit } from '../lib/chain.mjs';
import { DAY_MS as DAY, onboardInvestor, STL } from '../lib/onboarding.mjs';
import { env } from './env.mjs';

const USDX = 1;
const USD = 1_000_000n; // one USDX (6 decimals)

let api;
let keys;
let issuer;
let usAccredited;
let deProfessional;
let security;
let offering;
let lockupUntil;

before(async () => {
  api = await connect(env.rpc);
  keys = await devKeyring();
  usAccredited = keys.account('//us-accredited');
  deProfessional = keys.account('//de-professional');

  // The US exchange (Alice) onboards an issuer, who creates a security (0 decimals).
  issuer = keys.keyring.addFromUri(mnemonicGenerate());
  await onboardInvestor(api, keys.account('Alice'), issuer, {
    fund: 100n * STL, jurisdiction: 'US', class: 'Institutional', risk: 5, evidence: 'issuer kyc',
  });
  const made = await submit(api, api.tx.securities.createSecurity('Beta Bonds', 'BETA', null, 0, null), issuer);
  assert.equal(made.error, null);
  security = eventsOf(made, 'securities', 'SecurityCreated')[0].data.security.toNumber();
});

after(async () => api?.disconnect());

async function balanceOf(assetId, who) {
  const account = await api.query.assets.account(assetId, who);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
}

test('the issuer creates an offering paid in USDX; bad terms fail by name', async () => {
  const now = (await api.query.timestamp.now()).toBigInt();
  lockupUntil = now + 31n * DAY; // a day after the end: a lock-up must end after the window
  const terms = {
    price: 2n * USD, // 2 USDX per token
    hardCap: 100,
    softCap: 10,
    start: now,
    end: now + 30n * DAY,
    withdrawUntil: now,
    minPerInvestor: 1,
    maxPerInvestor: null,
    regime: null,
    jurisdictions: [],
    excludedJurisdictions: [],
    classes: [],
    classLimits: [],
    lockupUntil,
  };
  const bad = await submit(api, api.tx.offerings.createOffering(security, USDX, { ...terms, softCap: 200 }, issuer.address), issuer);
  assert.equal(bad.error, 'offerings.SoftCapAboveHardCap');
  const outcome = await submit(api, api.tx.offerings.createOffering(security, USDX, terms, issuer.address), issuer);
  assert.equal(outcome.error, null);
  offering = eventsOf(outcome, 'offerings', 'OfferingCreated')[0].data.offering.toNumber();
  const state = (await api.call.offeringsApi.offering(offering)).unwrap();
  assert.equal(state.phase.type, 'Open');
  assert.equal(state.remaining.toBigInt(), 100n);
});

test('investors subscribe into escrow; the sell-out is filled in part; strangers fail by name', async () => {
  const stranger = keys.keyring.addFromUri(mnemonicGenerate());
  await submit(api, api.tx.balances.transferKeepAlive(stranger.address, STL), keys.account('Alice'));
  const unattested = await submit(api, api.tx.offerings.subscribe(offering, 1), stranger);
  // The securities pallet's compliance check refuses them, with its exact error.
  assert.equal(unattested.error, 'securities.ReceiverNotEligible');

  const cashBefore = await balanceOf(USDX, usAccredited.address);
  const first = await submit(api, api.tx.offerings.subscribe(offering, 60), usAccredited);
  assert.equal(first.error, null);
  assert.equal(await balanceOf(USDX, usAccredited.address), cashBefore - 120n * USD);

  const second = await submit(api, api.tx.offerings.subscribe(offering, 60), deProfessional);
  assert.equal(second.error, null);
  const subscribed = eventsOf(second, 'offerings', 'Subscribed')[0].data;
  assert.equal(subscribed.requested.toBigInt(), 60n);
  assert.equal(subscribed.tokens.toBigInt(), 40n, 'filled in part at the hard cap');
  assert.equal(subscribed.paid.toBigInt(), 80n * USD);

  const state = (await api.call.offeringsApi.offering(offering)).unwrap();
  assert.equal(state.phase.type, 'AwaitingClose');
  assert.equal(state.raised.toBigInt(), 200n * USD);
  assert.equal(await balanceOf(USDX, state.escrow), 200n * USD);

  const soldOut = await submit(api, api.tx.offerings.subscribe(offering, 1), keys.account('//sg-institutional'));
  assert.equal(soldOut.error, 'offerings.SoldOut');
  const refused = await submit(api, api.tx.offerings.withdraw(offering), usAccredited);
  assert.equal(refused.error, 'offerings.WithdrawalClosed');
});

test('the issuer closes the sold-out offering early; it settles; tokens arrive locked and an early sale fails with the lock-up reason', async () => {
  const anyone = keys.account('//sg-retail');
  // Before its end only the issuer (or an agent) may close it: not a subscriber, not anyone.
  for (const who of [anyone, deProfessional]) {
    assert.equal((await submit(api, api.tx.offerings.close(offering), who)).error, 'offerings.NotAdministrator');
  }
  assert.equal((await submit(api, api.tx.offerings.close(offering), issuer)).error, null);
  const settled = await submit(api, api.tx.offerings.settle(offering, 10), anyone);
  assert.equal(settled.error, null);
  // Two subscribers: settled at once (release 127), the soft cap decided on what was issued.
  const [verified] = eventsOf(settled, 'offerings', 'SubscriptionsVerified');
  assert.equal(verified.data.succeeded.isTrue, true);
  assert.equal(verified.data.sold.toBigInt(), 100n);
  assert.equal(eventsOf(settled, 'offerings', 'TokensDelivered').length, 2);
  assert.equal(eventsOf(settled, 'offerings', 'OfferingSettled').length, 1);
  assert.equal((await api.call.offeringsApi.offering(offering)).unwrap().phase.toJSON().settled.succeeded, true);

  assert.equal(await balanceOf(security, usAccredited.address), 60n);
  assert.equal(await balanceOf(security, deProfessional.address), 40n);
  assert.equal(await balanceOf(USDX, issuer.address), 200n * USD);
  const { lots } = await api.query.securities.positions(security, usAccredited.address);
  assert.equal(lots.length, 1);
  assert.equal(lots[0].amount.toBigInt(), 60n);
  assert.equal(lots[0].unlockAt.toBigInt(), lockupUntil);

  const why = await api.call.securitiesApi.canTransfer(security, usAccredited.address, deProfessional.address, 10, 'PeerToPeer');
  assert.deepEqual(why.asErr.map((reason) => reason.type), ['TokensLocked']);
  const sale = await submit(api, api.tx.securities.transfer(security, deProfessional.address, 10), usAccredited);
  assert.equal(sale.error, 'securities.TokensLocked');
  assert.equal((await submit(api, api.tx.offerings.settle(offering, 10), anyone)).error, 'offerings.AlreadySettled');
});
