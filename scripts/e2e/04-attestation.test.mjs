// Attestation through polkadot.js: an exchange onboards and attests an investor, the runtime
// API answers who the investor is, expiry and revocation take effect, and a stranger's
// attestation is refused with the pallet's named error.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { blake2AsHex, mnemonicGenerate } from '@polkadot/util-crypto';
import { connect, devKeyring, eventsOf, submit, waitForBlocks } from '../lib/chain.mjs';
import { env } from './env.mjs';

const STL = 10n ** 12n;
const YEAR_MS = 365n * 24n * 3600n * 1000n;

let api;
let keys;
let alice;

before(async () => {
  api = await connect(env.rpc);
  keys = await devKeyring();
  alice = keys.account('Alice'); // the US Exchange's operator: an attestor for US
});

after(async () => api?.disconnect());

async function chainNow() {
  return (await api.query.timestamp.now()).toBigInt();
}

async function profileOf(address) {
  return api.call.attestationApi.investorProfile(address);
}

/** Alice onboards a fresh account: a new identity, the link proposed and accepted. */
async function onboardNewInvestor() {
  const investor = keys.keyring.addFromUri(mnemonicGenerate());
  assert.equal((await submit(api, api.tx.balances.transferKeepAlive(investor.address, 10n * STL), alice)).error, null);
  const created = await submit(api, api.tx.attestation.createIdentity(), alice);
  assert.equal(created.error, null);
  const [event] = eventsOf(created, 'attestation', 'IdentityCreated');
  const identity = event.data.identity.toNumber();
  assert.equal((await submit(api, api.tx.attestation.proposeLink(identity, investor.address), alice)).error, null);
  assert.equal((await submit(api, api.tx.attestation.acceptLink(identity), investor)).error, null);
  return { investor, identity };
}

test('the demo investors of the local network are attested by their exchanges', async () => {
  const profile = await profileOf(keys.account('//us-accredited').address);
  assert.ok(profile.isOk, `profile: ${profile.toString()}`);
  assert.equal(profile.asOk.jurisdiction.toHuman(), 'US');
  assert.equal(profile.asOk.class.type, 'Accredited');
  assert.deepEqual(profile.asOk.attestors.map(String), [alice.address]);
  const swiss = await profileOf(keys.account('//ch-retail').address);
  assert.equal(swiss.asOk.jurisdiction.toHuman(), 'CH');
  assert.equal(swiss.asOk.class.type, 'Retail');
});

test('an exchange attests a new investor and the runtime API shows the profile', async () => {
  const { investor, identity } = await onboardNewInvestor();
  assert.equal((await profileOf(investor.address)).asErr.type, 'NotAttested');

  const expiresAt = (await chainNow()) + YEAR_MS;
  const evidence = blake2AsHex('KYC file 2026-11-23', 256);
  const outcome = await submit(
    api,
    api.tx.attestation.attest(identity, 'US', 'Accredited', 4, true, true, expiresAt, evidence),
    alice,
  );
  assert.equal(outcome.error, null);
  const [attested] = eventsOf(outcome, 'attestation', 'Attested');
  assert.equal(attested.data.evidence.toHex(), evidence, 'the event carries the evidence hash');

  const profile = await profileOf(investor.address);
  assert.ok(profile.isOk);
  assert.equal(profile.asOk.identity.toNumber(), identity);
  assert.equal(profile.asOk.jurisdiction.toHuman(), 'US');
  assert.equal(profile.asOk.class.type, 'Accredited');
  assert.equal(profile.asOk.riskTolerance.toNumber(), 4);
  assert.equal(profile.asOk.expiresAt.toBigInt(), expiresAt);
  assert.deepEqual(profile.asOk.attestors.map(String), [alice.address]);
});

test('an attestation with a short expiry shows as expired once it passes', async () => {
  const { investor, identity } = await onboardNewInvestor();
  const expiresAt = (await chainNow()) + 12_000n;
  const outcome = await submit(
    api,
    api.tx.attestation.attest(identity, 'US', 'Retail', 2, true, true, expiresAt, blake2AsHex('short', 256)),
    alice,
  );
  assert.equal(outcome.error, null);
  assert.ok((await profileOf(investor.address)).isOk, 'valid before its expiry');
  await waitForBlocks(api, async () => (await chainNow()) >= expiresAt, {
    timeoutMs: 60_000,
    what: 'the chain clock to pass the expiry',
  });
  assert.equal((await profileOf(investor.address)).asErr.type, 'Expired');
});

test('a revoked attestation shows as revoked', async () => {
  const { investor, identity } = await onboardNewInvestor();
  const expiresAt = (await chainNow()) + YEAR_MS;
  await submit(api, api.tx.attestation.attest(identity, 'US', 'Retail', 2, true, true, expiresAt, blake2AsHex('r', 256)), alice);
  const revoked = await submit(api, api.tx.attestation.revoke(identity, 2), alice);
  assert.equal(revoked.error, null);
  assert.equal((await profileOf(investor.address)).asErr.type, 'Revoked');
});

test("a stranger's attestation is refused with the pallet's named error", async () => {
  const eve = keys.account('Eve');
  const expiresAt = (await chainNow()) + YEAR_MS;
  const outcome = await submit(
    api,
    api.tx.attestation.attest(0, 'US', 'Accredited', 5, true, true, expiresAt, blake2AsHex('fake', 256)),
    eve,
  );
  assert.equal(outcome.error, 'attestation.NotAttestor');
  // And an exchange outside its licence: the US exchange cannot attest a Swiss resident.
  const outside = await submit(
    api,
    api.tx.attestation.attest(0, 'CH', 'Retail', 2, true, true, expiresAt, blake2AsHex('x', 256)),
    alice,
  );
  assert.equal(outside.error, 'attestation.NotLicensedForJurisdiction');
});
