// Blocks for the audit tool: resolve a number or hash, read state at a block, walk a range
// with bounded concurrency (results in block order), and report progress.

import { AuditError, EXIT, UsageError } from './errors.mjs';

/** How many blocks a range walk fetches at once. */
export const CONCURRENCY = 8;

const HASH = /^0x[0-9a-fA-F]{64}$/;
const NUMBER = /^\d+$/;

/** A block argument as given on the command line: a number, a 32-byte hex hash, or a usage error. */
export function parseBlockArg(text, option) {
  if (typeof text !== 'string' || !(NUMBER.test(text) || HASH.test(text))) {
    throw new UsageError(`--${option} must be a block number or a 0x-prefixed 32-byte block hash, not "${text}"`);
  }
  return NUMBER.test(text) ? Number(text) : text.toLowerCase();
}

/** The best (highest imported) block's number. */
export async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/** The finalized head: `{ number, hash }`. */
export async function finalizedBlock(api) {
  const hash = await api.rpc.chain.getFinalizedHead();
  const header = await api.rpc.chain.getHeader(hash);
  return { number: header.number.toNumber(), hash: hash.toHex() };
}

/**
 * A block of the node's chain, by number (on the best chain) or hash: `{ number, hash }`.
 * Fails with "no block N (best is #M)" when the node has no such block.
 */
export async function resolveBlock(api, block) {
  if (typeof block === 'number' || typeof block === 'bigint') {
    const number = Number(block);
    const best = await bestNumber(api);
    if (number > best) throw new AuditError(`no block ${number} (best is #${best})`);
    const hash = await api.rpc.chain.getBlockHash(number);
    if (hash.isEmpty) throw new AuditError(`no block ${number} (best is #${best})`);
    return { number, hash: hash.toHex() };
  }
  let header;
  try {
    header = await api.rpc.chain.getHeader(block);
  } catch {
    header = null;
  }
  if (!header || header.hash.toHex() !== block.toLowerCase()) {
    throw new AuditError(`no block ${block} (best is #${await bestNumber(api)})`);
  }
  return { number: header.number.toNumber(), hash: block.toLowerCase() };
}

/** Both ends of a range, checked: `{ from, to }` as `{ number, hash }`. */
export async function resolveRange(api, fromBlock, toBlock) {
  const to = toBlock === undefined || toBlock === null ? await finalizedBlock(api) : await resolveBlock(api, toBlock);
  const from = await resolveBlock(api, fromBlock);
  if (from.number > to.number) {
    throw new AuditError(`--from #${from.number} is after --to #${to.number}`, EXIT.USAGE);
  }
  return { from, to };
}

/** Whether `error` is a node's refusal to answer for a block whose state it pruned. */
function isPruned(error) {
  return /State already discarded|pruned|not available|UnknownBlock/i.test(String(error?.message ?? error));
}

/**
 * `fn(at)` with `at = await api.at(block.hash)`: state, events and runtime calls decoded with
 * the metadata of the runtime of that block. A node that pruned that block's state says so.
 */
export async function atBlock(api, block, fn) {
  try {
    const at = await api.at(block.hash);
    return await fn(at);
  } catch (error) {
    if (error instanceof AuditError) throw error;
    if (isPruned(error)) {
      throw new AuditError(
        `the node no longer has the state of block #${block.number} (pruned): ask an archive node (--state-pruning archive)`,
      );
    }
    throw error;
  }
}

/** The block's timestamp (`timestamp.now` at it) as ISO 8601 UTC; empty for genesis. */
export async function timeOf(at) {
  const now = (await at.query.timestamp.now()).toNumber();
  return now ? new Date(now).toISOString() : '';
}

/**
 * `fn(item)` for every item, at most `limit` at a time, yielding the results in the items'
 * order (so rows stream out in block order while later blocks are already being fetched).
 */
export async function* mapInOrder(items, limit, fn) {
  const pending = [];
  let next = 0;
  const fill = () => {
    while (pending.length < limit && next < items.length) {
      const promise = fn(items[next]);
      promise.catch(() => {}); // observed when its turn comes
      pending.push(promise);
      next += 1;
    }
  };
  fill();
  while (pending.length) {
    const result = await pending.shift();
    fill();
    yield result;
  }
}

/** The numbers `from.number` … `to.number`. */
export function numbersOf({ from, to }) {
  return Array.from({ length: to.number - from.number + 1 }, (_, k) => from.number + k);
}

/**
 * Progress on standard error for ranges longer than 50 blocks: one line every 5 %.
 * `tick(number)` after each block.
 */
export function progress(label, range, { write = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const total = range.to.number - range.from.number + 1;
  let done = 0;
  let shown = 0;
  return {
    tick(number) {
      done += 1;
      if (total <= 50) return;
      const percent = Math.floor((done * 100) / total);
      if (percent >= shown + 5 || done === total) {
        shown = percent - (percent % 5);
        write(`${label}: ${percent}% (block #${number}, ${done} of ${total})`);
      }
    },
  };
}

/**
 * Walk `range` block by block, `CONCURRENCY` blocks at a time: `rowsOf({ number, hash })`
 * gives each block's rows, handed to `onRow` in block order and collected. Progress lines
 * go to `onProgress` (default standard error) under `label`. Returns the rows.
 */
export async function walkRange(api, range, { label, rowsOf, onRow = () => {}, onProgress }) {
  const report = progress(label, range, onProgress ? { write: onProgress } : undefined);
  const numbers = numbersOf(range);
  const blockRows = async (number) => rowsOf({ number, hash: (await api.rpc.chain.getBlockHash(number)).toHex() });
  const rows = [];
  let k = 0;
  for await (const found of mapInOrder(numbers, CONCURRENCY, blockRows)) {
    for (const row of found) {
      rows.push(row);
      await onRow(row);
    }
    report.tick(numbers[k]);
    k += 1;
  }
  return rows;
}
