// Onboarding investors through an exchange, as every end-to-end test and the demo world do:
// the exchange's operator (an attestor) creates an identity and links a first account
// (proposed by the exchange, accepted by the account), links further accounts (proposed by
// the exchange that created the identity, approved by an account already linked, accepted by
// the new one), and attests the identity (jurisdiction, class, risk tolerance, expiry and the
// hash of the evidence it keeps off chain).
//
// Every function takes `api` first and, last, options with `send`: how a transaction is sent,
// `send(what, tx, signer, signOptions)` → the outcome of `submit`, throwing unless it
// succeeded (default: `sender(api)`). Calls of one signer go one after the other; the
// exchange's own calls are batched (`utility.batchAll`) where that saves blocks.

import { blake2AsHex } from '@polkadot/util-crypto';
import { isHex } from '@polkadot/util';
import { eventsOf, submit } from './chain.mjs';

export const STL = 10n ** 12n;
export const DAY_MS = 24n * 3600n * 1000n;
export const YEAR_MS = 365n * DAY_MS;

/** A transaction that was included but failed: `error` is the decoded `pallet.Error`. */
export class TransactionFailed extends Error {
  constructor(what, error, outcome) {
    super(`${what}: ${error}`);
    this.name = 'TransactionFailed';
    this.what = what;
    this.error = error;
    this.outcome = outcome;
  }
}

/**
 * The default `send`: submit (with `submitTx`, default chain.mjs' `submit`) and throw a
 * `TransactionFailed` unless the transaction succeeded; `onSent(outcome)` after each success.
 */
export function sender(api, { submit: submitTx, onSent } = {}) {
  const submitWith = submitTx ?? ((tx, signer, options) => submit(api, tx, signer, options));
  return async (what, tx, signer, signOptions) => {
    const outcome = await submitWith(tx, signer, signOptions);
    if (!outcome.ok) throw new TransactionFailed(what, outcome.error, outcome);
    onSent?.(outcome);
    return outcome;
  };
}

const sendOf = (api, options) => options?.send ?? sender(api);

/** The chain's clock, in ms since the Unix epoch. */
export async function chainNow(api) {
  return (await api.query.timestamp.now()).toBigInt();
}

/** A 32-byte evidence hash: `evidence` itself if it is one, else the BLAKE2-256 of the text. */
export function evidenceHash(evidence) {
  return isHex(evidence) && evidence.length === 66 ? evidence : blake2AsHex(evidence, 256);
}

/** One call, or a `utility.batchAll` of several. */
function oneOrBatch(api, calls) {
  return calls.length === 1 ? calls[0] : api.tx.utility.batchAll(calls);
}

/** Send `amount` STL from `funder` to each of `accounts` (one transaction). */
export async function fund(api, funder, accounts, amount, options = {}) {
  const calls = accounts.map((account) => api.tx.balances.transferKeepAlive(account.address ?? account, amount));
  return sendOf(api, options)('balances.transferKeepAlive', oneOrBatch(api, calls), funder);
}

/**
 * `exchange` creates `count` identities in one transaction (after the calls of `before`, in
 * the same batch): their ids, in order.
 */
export async function createIdentities(api, exchange, count, options = {}) {
  const calls = [...(options.before ?? []), ...Array.from({ length: count }, () => api.tx.attestation.createIdentity())];
  const outcome = await sendOf(api, options)('attestation.createIdentity', oneOrBatch(api, calls), exchange);
  const ids = eventsOf(outcome, 'attestation', 'IdentityCreated').map((event) => event.data.identity.toNumber());
  if (ids.length !== count) throw new Error(`attestation.createIdentity: ${ids.length} identities created, not ${count}`);
  return ids;
}

/** `exchange` creates an identity: its id. */
export async function createIdentity(api, exchange, options = {}) {
  return (await createIdentities(api, exchange, 1, options))[0];
}

/**
 * The first account of a fresh identity: `exchange` (its creator) proposes, `account`
 * accepts (signed with `signOptions`, e.g. `{ assetId }` to pay the fee in cash). Returns
 * `{ proposed, accepted }` outcomes.
 */
export async function linkFirstAccount(api, exchange, identity, account, options = {}) {
  const send = sendOf(api, options);
  const proposed = await send('attestation.proposeLink', api.tx.attestation.proposeLink(identity, account.address), exchange);
  const accepted = await send('attestation.acceptLink', api.tx.attestation.acceptLink(identity), account, options.signOptions);
  return { proposed, accepted };
}

/**
 * A further account of an identity that has accounts: `exchange` (its creator) proposes,
 * `approver` (an account already linked) approves for the identity, `account` accepts.
 * Returns `{ proposed, approved, accepted }` outcomes.
 */
export async function linkAccount(api, { exchange, identity, account, approver, signOptions }, options = {}) {
  const send = sendOf(api, options);
  const proposed = await send('attestation.proposeLink', api.tx.attestation.proposeLink(identity, account.address), exchange);
  const approved = await send('attestation.approveLink', api.tx.attestation.approveLink(account.address), approver);
  const accepted = await send('attestation.acceptLink', api.tx.attestation.acceptLink(identity), account, signOptions);
  return { proposed, approved, accepted };
}

/** `exchange` creates an identity for `account`, which accepts the link: the identity. */
export async function identify(api, exchange, account, options = {}) {
  const identity = await createIdentity(api, exchange, options);
  await linkFirstAccount(api, exchange, identity, account, options);
  return identity;
}

/**
 * The `attestation.attest` call for a claim: `{ jurisdiction, class, risk = 4, kyc = true,
 * aml = true, expiresAt | validFor (ms, default a year from `now`), evidence (text or hash;
 * default derived from the identity and jurisdiction) }`.
 */
export function attestCall(api, identity, claim, now) {
  const { jurisdiction, risk = 4, kyc = true, aml = true, validFor = YEAR_MS } = claim;
  const expiresAt = claim.expiresAt ?? now + validFor;
  const evidence = evidenceHash(claim.evidence ?? `kyc ${identity} ${jurisdiction}`);
  return api.tx.attestation.attest(identity, jurisdiction, claim.class, risk, kyc, aml, expiresAt, evidence);
}

/** `attestor` attests `identity` with `claim` (see `attestCall`): the outcome. */
export async function attest(api, attestor, identity, claim, options = {}) {
  const now = claim.expiresAt === undefined ? await chainNow(api) : 0n;
  return sendOf(api, options)('attestation.attest', attestCall(api, identity, claim, now), attestor);
}

/**
 * Onboard `investors` through `exchange` in three blocks, however many: the exchange funds
 * them (`fund`: STL each, optional) and creates their identities in one batch; proposes
 * every link and attests every claim in a second; each account accepts its link.
 *
 * `investors`: `[{ account, fund?, signOptions?, ...claim }]`, where a claim is what
 * `attestCall` takes (no `jurisdiction`: no attestation). Returns `[{ identity, account }]`
 * in the same order.
 */
export async function onboardInvestors(api, exchange, investors, options = {}) {
  const send = sendOf(api, options);
  const funding = investors
    .filter((investor) => investor.fund)
    .map(({ account, fund: amount }) => api.tx.balances.transferKeepAlive(account.address, amount));
  const identities = await createIdentities(api, exchange, investors.length, { send, before: funding });
  const now = await chainNow(api);
  const calls = investors.flatMap((investor, k) => [
    api.tx.attestation.proposeLink(identities[k], investor.account.address),
    ...(investor.jurisdiction ? [attestCall(api, identities[k], investor, now)] : []),
  ]);
  await send(calls.length > investors.length ? 'attestation.proposeLink and attest' : 'attestation.proposeLink', oneOrBatch(api, calls), exchange);
  await Promise.all(investors.map((investor, k) =>
    send('attestation.acceptLink', api.tx.attestation.acceptLink(identities[k]), investor.account, investor.signOptions)));
  return investors.map((investor, k) => ({ identity: identities[k], account: investor.account }));
}

/**
 * Onboard one investor through `exchange`: optionally funded with `fund` STL (by `funder`,
 * default the exchange), an identity, the link, and the attestation of the claim in
 * `details` (see `attestCall`; without `jurisdiction`, none). Returns the identity.
 */
export async function onboardInvestor(api, exchange, account, details = {}, options = {}) {
  const { fund: amount, funder = exchange } = details;
  const send = sendOf(api, options);
  if (amount && funder !== exchange) {
    // Another signer funds the account first: the account pays the fee of accepting its
    // link, which a funding still in the pool would leave it unable to pay.
    await fund(api, funder, [account], amount, { send });
    const [onboarded] = await onboardInvestors(api, exchange, [{ ...details, fund: undefined, account }], { send });
    return onboarded.identity;
  }
  const [{ identity }] = await onboardInvestors(api, exchange, [{ ...details, account }], { send });
  return identity;
}
