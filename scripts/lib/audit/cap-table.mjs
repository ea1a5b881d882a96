// The cap table of a security at a block: every holding account from the runtime API
// `securitiesApi.capTable`, page by page, checked against the asset's supply at that block.

import { atBlock, finalizedBlock, resolveBlock, timeOf } from './blocks.mjs';
import { securityAt } from './subjects.mjs';

export const CAP_TABLE_COLUMNS = [
  'account', 'identity', 'jurisdiction', 'class', 'ineligible',
  'balance', 'locked', 'frozen', 'account_frozen', 'reserved',
];

/** The runtime's largest page (`MAX_CAP_TABLE_PAGE`). */
export const PAGE = 500;

const CLASSES = ['Retail', 'Accredited', 'Professional', 'Institutional'];

/** A `CountryCode` ([u8; 2]) as its two letters. */
function country(code) {
  return String.fromCharCode(...code.toU8a(true));
}

/** One CSV row of a `CapTableEntry`. */
function rowOf(entry) {
  const profile = entry.profile;
  const [jurisdiction, klass] = profile.isOk ? profile.asOk : [];
  return {
    account: entry.account.toString(),
    identity: entry.identity.toBigInt(),
    jurisdiction: profile.isOk ? country(jurisdiction) : '',
    class: profile.isOk ? klass.type : '',
    ineligible: profile.isErr ? profile.asErr.type : '',
    balance: entry.balance.toBigInt(),
    locked: entry.locked.toBigInt(),
    frozen: entry.frozen.toBigInt(),
    account_frozen: entry.accountFrozen.isTrue,
    reserved: entry.reserved.toBigInt(),
  };
}

/**
 * The cap table of `security` at `at` (a block number or hash; default the finalized head):
 * `{ block, time, rows, supply, held, total, holders, perClass, balanced }`, where `total` is
 * the sum of the balances and `balanced` whether it equals `supply` (`assets.asset(security)`
 * at the same block), and `held` the part of the supply issued held for offerings'
 * settlements (`securities.heldForSettlement`, from release 130; 0 before), which a failing
 * raise burns and the maximum ownership leaves out. Rows are in the runtime's storage order.
 */
export async function capTable(api, { security, at: blockArg } = {}) {
  const block = blockArg === undefined || blockArg === null ? await finalizedBlock(api) : await resolveBlock(api, blockArg);
  return atBlock(api, block, async (at) => {
    await securityAt(at, security, block);
    const rows = [];
    let startAfter = null;
    for (;;) {
      const page = await at.call.securitiesApi.capTable(security, startAfter, PAGE);
      rows.push(...page.map(rowOf));
      if (page.length < PAGE) break;
      startAfter = page[page.length - 1].account;
    }
    const asset = await at.query.assets.asset(security);
    const supply = asset.isSome ? asset.unwrap().supply.toBigInt() : 0n;
    const total = rows.reduce((sum, row) => sum + row.balance, 0n);
    const held = at.query.securities.heldForSettlement
      ? (await at.query.securities.heldForSettlement(security)).toBigInt()
      : 0n;
    const counts = await at.call.securitiesApi.holderCounts(security);
    const perClass = Object.fromEntries(CLASSES.map((name, k) => [name, counts.perClass[k].toNumber()]));
    return {
      block,
      time: await timeOf(at),
      rows,
      supply,
      held,
      total,
      balanced: total === supply,
      holders: counts.total.toNumber(),
      perClass,
    };
  });
}

const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The summary line for standard error. */
export function capTableSummary(security, table) {
  const classes = Object.entries(table.perClass).map(([name, n]) => `${name} ${n}`).join(', ');
  return `security ${security} at block #${table.block.number} (${table.block.hash}, ${table.time || 'genesis'}): `
    + `${plural(table.rows.length, 'holding account')}, ${plural(table.holders, 'holder')} (${classes}), `
    + `balances add up to ${table.total}, supply ${table.supply}`
    + (table.held ? ` (${table.held} held for settlements)` : '');
}
