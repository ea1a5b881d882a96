// Securities through polkadot.js: an attested issuer creates securities, the compliance check
// answers with reason codes before signing, compliant transfers settle, and pallet-assets'
// own transfer calls cannot move a security (alone or in a batch) while cash still moves.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { connect, devKeyring, eventsOf, submit } from '../lib/chain.mjs';
import { onboardInvestor, STL } from '../lib/onboarding.mjs';
import { env } from './env.mjs';

const USDX = 1;

let api;
let keys;
let issuer;
let usAccredited;
let usRetail;
let deProfessional;
let openSecurity; // no restriction: peer-to-peer allowed
let regD; // Regulation D 506(c) preset

before(async () => {
  api = await connect(env.rpc);
  keys = await devKeyring();
  usAccredited = keys.account('//us-accredited');
  usRetail = keys.account('//us-retail');
  deProfessional = keys.account('//de-professional');

  // The US exchange (Alice) onboards an issuer: a US institutional identity.
  issuer = keys.keyring.addFromUri(mnemonicGenerate());
  await onboardInvestor(api, keys.account('Alice'), issuer, {
    fund: 100n * STL, jurisdiction: 'US', class: 'Institutional', risk: 5, evidence: 'issuer kyc',
  });

  openSecurity = await createSecurity('Acme Common', 'ACME', null);
  regD = await createSecurity('Acme Series A', 'ACMEA', 'RegD506c');
});

after(async () => api?.disconnect());

async function createSecurity(name, symbol, preset) {
  const outcome = await submit(api, api.tx.securities.createSecurity(name, symbol, null, 0, preset), issuer);
  assert.equal(outcome.error, null, `create ${symbol}`);
  return eventsOf(outcome, 'securities', 'SecurityCreated')[0].data.security.toNumber();
}

async function balanceOf(assetId, who) {
  const account = await api.query.assets.account(assetId, who);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
}

async function reasons(security, from, to, amount, kind = 'PeerToPeer') {
  const answer = await api.call.securitiesApi.canTransfer(security, from, to, amount, kind);
  return answer.isOk ? [] : answer.asErr.map((reason) => reason.type);
}

test('the issuer mints to an eligible investor and a compliant transfer settles', async () => {
  const minted = await submit(api, api.tx.securities.mint(openSecurity, usAccredited.address, 1000, null), issuer);
  assert.equal(minted.error, null);
  assert.deepEqual(await reasons(openSecurity, usAccredited.address, deProfessional.address, 100), []);
  const moved = await submit(api, api.tx.securities.transfer(openSecurity, deProfessional.address, 100), usAccredited);
  assert.equal(moved.error, null);
  assert.equal(await balanceOf(openSecurity, deProfessional.address), 100n);
  const holders = await api.call.securitiesApi.holderCounts(openSecurity);
  assert.equal(holders.total.toNumber(), 2);
});

test("pallet-assets' own calls cannot move a security, alone or in a batch; cash still moves", async () => {
  const before = await balanceOf(openSecurity, usAccredited.address);
  const direct = await submit(api, api.tx.assets.transfer(openSecurity, deProfessional.address, 10), usAccredited);
  assert.equal(direct.error, 'system.CallFiltered');
  const keepAlive = await submit(api, api.tx.assets.transferKeepAlive(openSecurity, deProfessional.address, 10), usAccredited);
  assert.equal(keepAlive.error, 'system.CallFiltered');
  const approve = await submit(api, api.tx.assets.approveTransfer(openSecurity, deProfessional.address, 10), usAccredited);
  assert.equal(approve.error, 'system.CallFiltered');

  const batch = await submit(api, api.tx.utility.batch([api.tx.assets.transferAll(openSecurity, deProfessional.address, false)]), usAccredited);
  const [interrupted] = eventsOf(batch, 'utility', 'BatchInterrupted');
  assert.ok(interrupted, 'the batch stopped at the filtered call');
  assert.equal(await balanceOf(openSecurity, usAccredited.address), before, 'nothing moved');

  const cashBefore = await balanceOf(USDX, deProfessional.address);
  const cash = await submit(api, api.tx.assets.transfer(USDX, deProfessional.address, 5_000_000), usAccredited);
  assert.equal(cash.error, null, 'cash assets keep every call');
  assert.equal(await balanceOf(USDX, deProfessional.address), cashBefore + 5_000_000n);
});

test('can_transfer gives every reason before signing, and the call fails with the first', async () => {
  // Reg D 506(c): US accredited investors only, venue trades only, twelve-month lock-up.
  assert.deepEqual(await reasons(regD, null, usRetail.address, 10, 'Issuance'), ['ClassNotAllowed']);
  assert.deepEqual(await reasons(regD, null, deProfessional.address, 10, 'Issuance'), ['JurisdictionNotAllowed']);
  const refused = await submit(api, api.tx.securities.mint(regD, usRetail.address, 10, null), issuer);
  assert.equal(refused.error, 'securities.ClassNotAllowed');

  const minted = await submit(api, api.tx.securities.mint(regD, usAccredited.address, 100, null), issuer);
  assert.equal(minted.error, null);
  const [issued] = eventsOf(minted, 'securities', 'Issued');
  assert.ok(issued.data.lockedUntil.isSome, 'the preset locks issued tokens for twelve months');

  assert.deepEqual(
    await reasons(regD, usAccredited.address, usRetail.address, 10),
    ['TokensLocked', 'ClassNotAllowed', 'PeerToPeerNotAllowed'],
  );
  const sale = await submit(api, api.tx.securities.transfer(regD, deProfessional.address, 10), usAccredited);
  assert.equal(sale.error, 'securities.TokensLocked');
  const unknown = await reasons(4242, null, usAccredited.address, 1, 'Issuance');
  assert.deepEqual(unknown, ['UnknownSecurity']);
});
