// Attestation through polkadot.js: an exchange onboards and attests an investor, the runtime
// API answers who the investor is, expiry and revocation take effect, and a stranger's
// attestation is refused with the pallet's named error.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { blake2AsHex, mnemonicGenerate } from '@polkadot/util-crypto';
import { connect, devKeyring, eventsOf, submit, waitForBlocks } from '../lib/chain.mjs';
import { attest, onboardInvestor, STL, YEAR_MS } from '../lib/onboarding.mjs';
import { env } from './env.mjs';

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

/** Alice onboards a fresh account: funded, a new identity, the link proposed and accepted. */
async function onboardNewInvestor() {
  const investor = keys.keyring.addFromUri(mnemonicGenerate());
  const identity = await onboardInvestor(api, alice, investor, { fund: 10n * STL });
  return { investor, identity };
}

/** Who attests the profile's claims. */
const attestorsOf = (profile) => profile.claims.map((claim) => claim.attestor.toString());

test('the demo investors of the local network are attested by their exchanges', async () => {
  const profile = await profileOf(keys.account('//us-accredited').address);
  assert.ok(profile.isOk, `profile: ${profile.toString()}`);
  assert.equal(profile.asOk.jurisdiction.toHuman(), 'US');
  assert.equal(profile.asOk.class.type, 'Accredited');
  assert.deepEqual(attestorsOf(profile.asOk), [alice.address]);
  const swiss = await profileOf(keys.account('//ch-retail').address);
  assert.equal(swiss.asOk.jurisdiction.toHuman(), 'CH');
  assert.equal(swiss.asOk.class.type, 'Retail');
});

test('an exchange attests a new investor and the runtime API shows the profile', async () => {
  const { investor, identity } = await onboardNewInvestor();
  assert.equal((await profileOf(investor.address)).asErr.type, 'NotAttested');

  const expiresAt = (await chainNow()) + YEAR_MS;
  const evidence = blake2AsHex('KYC file 2026-11-23', 256);
  const outcome = await attest(api, alice, identity, { jurisdiction: 'US', class: 'Accredited', risk: 4, expiresAt, evidence });
  const [attested] = eventsOf(outcome, 'attestation', 'Attested');
  assert.equal(attested.data.evidence.toHex(), evidence, 'the event carries the evidence hash');

  const profile = await profileOf(investor.address);
  assert.ok(profile.isOk);
  assert.equal(profile.asOk.identity.toNumber(), identity);
  assert.equal(profile.asOk.jurisdiction.toHuman(), 'US');
  assert.equal(profile.asOk.class.type, 'Accredited');
  assert.equal(profile.asOk.riskTolerance.toNumber(), 4);
  assert.equal(profile.asOk.expiresAt.toBigInt(), expiresAt);
  // One claim, Alice's, saying the same.
  assert.deepEqual(attestorsOf(profile.asOk), [alice.address]);
  const [claim] = profile.asOk.claims;
  assert.deepEqual(
    [claim.jurisdiction.toHuman(), claim.class.type, claim.riskTolerance.toNumber(), claim.expiresAt.toBigInt()],
    ['US', 'Accredited', 4, expiresAt],
  );
});

test('an attestation with a short expiry shows as expired once it passes', async () => {
  const { investor, identity } = await onboardNewInvestor();
  const expiresAt = (await chainNow()) + 12_000n;
  await attest(api, alice, identity, { jurisdiction: 'US', class: 'Retail', risk: 2, expiresAt, evidence: 'short' });
  assert.ok((await profileOf(investor.address)).isOk, 'valid before its expiry');
  await waitForBlocks(api, async () => (await chainNow()) >= expiresAt, {
    timeoutMs: 60_000,
    what: 'the chain clock to pass the expiry',
  });
  assert.equal((await profileOf(investor.address)).asErr.type, 'Expired');
});

test('a revoked attestation shows as revoked', async () => {
  const { investor, identity } = await onboardNewInvestor();
  await attest(api, alice, identity, { jurisdiction: 'US', class: 'Retail', risk: 2, validFor: YEAR_MS, evidence: 'r' });
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
