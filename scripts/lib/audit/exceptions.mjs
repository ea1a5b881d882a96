// The exceptions over a range of blocks: interventions in the normal course of trading
// (pauses, freezes, forced transfers, recoveries, changes of who administers a security or a
// market, revoked and dismissed attestations, suspended exchanges and attestors, market
// halts and delistings, a removed venue's fees paid out, a finality stall forced), each with
// who signed the extrinsic behind it.

import { atBlock, resolveRange, timeOf, walkRange } from './blocks.mjs';
import { reasonText, securityAt } from './subjects.mjs';

export const EXCEPTION_COLUMNS = [
  'block', 'time', 'event', 'security', 'market', 'exchange', 'identity',
  'account', 'to_account', 'amount', 'reason', 'signer',
];

/** The conventional revocation reason codes (docs/attestation.md). */
export const REVOCATION_REASONS = {
  1: 'KYC information outdated',
  2: 'AML or sanctions hit',
  3: 'investor request',
  4: 'fraud suspected',
  5: 'deceased or dissolved',
};

/**
 * A field of an event's data by name, or undefined if this runtime's event has no such field.
 * polkadot.js renames fields that are JavaScript reserved words (`new` → `new_`).
 */
function field(data, name) {
  const key = data.names?.find((candidate) => candidate === name || candidate === `${name}_`);
  return key === undefined ? undefined : data[key];
}

/** The reason text of a securities event, if its runtime records one. */
function reasonOf(data) {
  const reason = field(data, 'reason');
  return reason === undefined ? '' : reasonText(reason);
}

const str = (value) => (value === undefined ? '' : value.toString());
const big = (value) => (value === undefined ? '' : value.toBigInt());

/** `section.Method` → what the row says. Events not listed are not exceptions. */
const EXCEPTIONS = {
  'securities.Paused': (d) => ({ security: str(d.security), reason: reasonOf(d) }),
  'securities.Unpaused': (d) => ({ security: str(d.security), reason: reasonOf(d) }),
  'securities.AccountFrozen': (d) => ({ security: str(d.security), account: str(d.account), reason: reasonOf(d) }),
  'securities.AccountUnfrozen': (d) => ({ security: str(d.security), account: str(d.account), reason: reasonOf(d) }),
  'securities.FrozenAmountSet': (d) => ({
    security: str(d.security), account: str(d.account), amount: big(d.amount), reason: reasonOf(d),
  }),
  'securities.ForcedTransfer': (d) => ({
    security: str(d.security), account: str(d.from), to_account: str(d.to), amount: big(d.amount), reason: reasonOf(d),
  }),
  // Release 125: the locked tokens a forced transfer carried (or a redemption burned), lot by
  // lot, deposited just before its `ForcedTransfer` (or `Redeemed`).
  'securities.LockedTokensTaken': (d) => ({
    security: str(d.security),
    account: str(d.from),
    to_account: d.to.isSome ? d.to.unwrap().toString() : '',
    amount: d.lots.reduce((sum, lot) => sum + lot.amount.toBigInt(), 0n),
    reason: (d.to.isSome ? 'locked tokens carried: ' : 'locked tokens burned: ') + d.lots
      .map((lot) => `${lot.amount.toString()} until ${new Date(Number(lot.unlockAt.toBigInt())).toISOString()}`)
      .join('; '),
  }),
  'securities.Recovered': (d) => ({
    security: str(d.security), account: str(field(d, 'lost')), to_account: str(field(d, 'new')), amount: big(d.amount), reason: reasonOf(d),
  }),
  'securities.IssuerAccountAdded': (d) => ({ security: str(d.security), account: str(d.account), reason: 'issuer account added' }),
  'securities.IssuerAccountRemoved': (d) => ({ security: str(d.security), account: str(d.account), reason: 'issuer account removed' }),
  'attestation.Revoked': (d) => {
    const code = d.reason.toNumber();
    return {
      identity: str(d.identity),
      account: str(d.attestor),
      reason: `${code} ${REVOCATION_REASONS[code] ?? 'other'}`,
    };
  },
  'attestation.AttestationDismissed': (d) => ({
    identity: str(d.identity), account: str(d.attestor), reason: 'dismissed by the identity',
  }),
  'attestation.AttestorSuspended': (d) => ({ account: str(d.attestor) }),
  'attestation.AttestorReinstated': (d) => ({ account: str(d.attestor) }),
  'attestation.AttestorRemoved': (d) => ({ account: str(d.attestor) }),
  'exchanges.Suspended': (d) => ({ exchange: str(d.exchange) }),
  'exchanges.Reinstated': (d) => ({ exchange: str(d.exchange) }),
  'exchanges.Removed': (d) => ({ exchange: str(d.exchange) }),
  'exchanges.FinalityStallNoted': (d) => ({
    reason: `finality forced on top of #${str(d.best_finalized ?? d.bestFinalized)} after ${str(d.delay)} blocks`,
  }),
  'orderbook.MarketStatusChanged': (d) => ({ market: str(d.market), reason: `status ${d.status.type}` }),
  'orderbook.MarketDelisted': (d) => ({ market: str(d.market), exchange: str(d.venue) }),
  'orderbook.FormerVenueFeesPaidOut': (d) => ({
    exchange: str(d.venue), to_account: str(d.to), amount: big(d.amount), reason: `a removed venue's fees in cash asset ${str(d.cash)}`,
  }),
  'orderbook.MarketAdministratorSet': (d) => ({
    market: str(d.market),
    exchange: d.administrator.isSome ? d.administrator.unwrap().toString() : '',
    reason: d.administrator.isSome ? 'administrator set' : 'administered by the consortium',
  }),
};

/** The event names the command lists. */
export const EXCEPTION_EVENTS = Object.keys(EXCEPTIONS);

/** The exception rows of one block. */
async function exceptionsIn(api, block, security) {
  return atBlock(api, block, async (at) => {
    const records = (await at.query.system.events())
      .filter(({ event }) => EXCEPTIONS[`${event.section}.${event.method}`]);
    if (!records.length) return [];
    let extrinsics;
    const signerOf = async (phase) => {
      if (!phase.isApplyExtrinsic) return '';
      extrinsics ??= api.rpc.chain.getBlock(block.hash).then((signed) => signed.block.extrinsics);
      const extrinsic = (await extrinsics)[phase.asApplyExtrinsic.toNumber()];
      return extrinsic?.isSigned ? extrinsic.signer.toString() : '';
    };
    const securityOfMarket = new Map();
    const marketSecurity = (market) => {
      if (!securityOfMarket.has(market)) {
        securityOfMarket.set(market, at.query.orderbook.markets(market)
          .then((m) => (m.isSome ? m.unwrap().security.toString() : '')));
      }
      return securityOfMarket.get(market);
    };
    const time = await timeOf(at);
    const rows = [];
    for (const { event, phase } of records) {
      const name = `${event.section}.${event.method}`;
      const row = { block: block.number, time, event: name, ...EXCEPTIONS[name](event.data) };
      if (row.market && !row.security) row.security = await marketSecurity(row.market);
      // Chain-wide events (attestations, attestors, exchanges) concern every security.
      if (security !== undefined && security !== null && row.security !== '' && row.security !== undefined
        && row.security !== String(security)) continue;
      row.signer = await signerOf(phase);
      rows.push(row);
    }
    return rows;
  });
}

/**
 * The exceptions in blocks `from` … `to` (numbers or hashes; `to` defaults to the finalized
 * head), in block and event order; with `security`, only those of that security (and its
 * markets) plus the chain-wide ones. `onRow(row)` receives each as it is found;
 * `onProgress(line)` the progress lines of long ranges. Returns `{ range, rows }`.
 */
export async function exceptions(api, { from, to, security, onRow = () => {}, onProgress } = {}) {
  const range = await resolveRange(api, from, to);
  if (security !== undefined && security !== null) {
    await atBlock(api, range.to, (at) => securityAt(at, security, range.to));
  }
  const rows = await walkRange(api, range, {
    label: 'exceptions',
    rowsOf: (block) => exceptionsIn(api, block, security),
    onRow,
    onProgress,
  });
  return { range, rows };
}
