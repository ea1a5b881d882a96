// `scripts/audit`: the auditor's command line. Parses the arguments, connects, runs one
// command, writes CSV, and leaves with one clear line on standard error when it fails.

import { parseArgs } from 'node:util';
import { connect } from '../chain.mjs';
import { parseBlockArg } from './blocks.mjs';
import { CAP_TABLE_COLUMNS, capTable, capTableSummary } from './cap-table.mjs';
import { csvWriter } from './csv.mjs';
import { AuditError, EXIT, UsageError } from './errors.mjs';
import { EXCEPTION_COLUMNS, exceptions } from './exceptions.mjs';
import { TRADE_COLUMNS, trades } from './trades.mjs';
import { PRICE_FRACTION_DIGITS, TRANSACTION_REPORT_COLUMNS, transactionsReport } from './transactions-report.mjs';

export const DEFAULT_RPC = 'ws://127.0.0.1:9944';
export const CONNECT_TIMEOUT_MS = 10_000;

export const USAGE = `usage: scripts/audit <command> [options]

commands:
  cap-table  --security ID [--at BLOCK]
             every holding account of the security at BLOCK (default: the finalized head);
             checks that the balances add up to the supply
  trades     --market ID --from BLOCK [--to BLOCK]
             every fill of the market in blocks FROM..TO (default TO: the finalized head)
  exceptions --from BLOCK [--to BLOCK] [--security ID]
             pauses, freezes, forced transfers, recoveries, revocations, suspensions and
             market halts in blocks FROM..TO, with the signer of each
  transactions-report --from BLOCK [--to BLOCK] [--market ID] [--security ID]
             every trade in blocks FROM..TO (all markets unless filtered) in the shape of
             MiFIR transaction reporting (RTS 22): transaction id, UTC time to the
             millisecond, ISIN, price, currency and quantity in major units, both sides
             with identity and venue, trading capacity, fees

options:
  --rpc URL    the node to ask (default ${DEFAULT_RPC})
  --out FILE   write the CSV to FILE (default: standard output)
  -h, --help   this text

BLOCK is a block number or a 0x-prefixed block hash; amounts are raw integer units, except
in transactions-report (major units: decimals applied).
Exit codes: 0 done, 1 the node could not answer (unreachable, no such block, security or
market, pruned state), 2 bad arguments, 3 the cap table does not add up to the supply.
See docs/auditing.md.`;

/** What follows a usage error's line. */
export const SHORT_USAGE = `usage: scripts/audit cap-table --security ID [--at BLOCK] [--rpc URL] [--out FILE]
       scripts/audit trades --market ID --from BLOCK [--to BLOCK] [--rpc URL] [--out FILE]
       scripts/audit exceptions --from BLOCK [--to BLOCK] [--security ID] [--rpc URL] [--out FILE]
       scripts/audit transactions-report --from BLOCK [--to BLOCK] [--market ID] [--security ID] [--rpc URL] [--out FILE]
       scripts/audit --help`;

const COMMANDS = {
  'cap-table': { required: ['security'], optional: ['at'] },
  trades: { required: ['market', 'from'], optional: ['to'] },
  exceptions: { required: ['from'], optional: ['to', 'security'] },
  'transactions-report': { required: ['from'], optional: ['to', 'market', 'security'] },
};

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The commands over a range of blocks: their columns, their function, their summary line. */
const RANGE_COMMANDS = {
  trades: {
    columns: TRADE_COLUMNS,
    run: (api, options, args) => trades(api, { ...options, market: args.market }),
    summary: (args, { rows }) => `${plural(rows.length, 'trade')} of market ${args.market}`,
  },
  exceptions: {
    columns: EXCEPTION_COLUMNS,
    run: (api, options, args) => exceptions(api, { ...options, security: args.security }),
    summary: (args, { rows }) => `${plural(rows.length, 'exception')}${args.security === undefined ? '' : ` of security ${args.security}`}`,
  },
  'transactions-report': {
    columns: TRANSACTION_REPORT_COLUMNS,
    run: (api, options, args) => transactionsReport(api, { ...options, market: args.market, security: args.security }),
    summary: (args, { rows, rounded }) => {
      const of = [
        args.market === undefined ? '' : `market ${args.market}`,
        args.security === undefined ? '' : `security ${args.security}`,
      ].filter(Boolean).join(' and ');
      const note = rounded ? ` (${plural(rounded, 'price')} rounded to ${PRICE_FRACTION_DIGITS} decimal places)` : '';
      return `${plural(rows.length, 'transaction')} of ${of || 'every market'}${note}`;
    },
  },
};

const OPTIONS = {
  rpc: { type: 'string' },
  out: { type: 'string' },
  security: { type: 'string' },
  market: { type: 'string' },
  at: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** A u32 id (security, market) from its option. */
function parseId(text, option) {
  if (!/^\d+$/.test(text) || Number(text) > 0xffff_ffff) {
    throw new UsageError(`--${option} must be a number (a u32 id), not "${text}"`);
  }
  return Number(text);
}

/**
 * The command line as `{ command, rpc, out, ...arguments }`, `{ help: true }`, or a
 * `UsageError`.
 */
export function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's message goes on about positionals; its first sentence says what is wrong.
    throw new UsageError(error.message.split('\n')[0].replace(/\. To specify a positional.*$/, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length === 0) throw new UsageError('no command given');
  const [command, ...extra] = positionals;
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`unknown command "${command}"`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  for (const name of spec.required) {
    if (values[name] === undefined) throw new UsageError(`${command} needs --${name}`);
  }
  const allowed = new Set([...spec.required, ...spec.optional, 'rpc', 'out']);
  for (const name of Object.keys(values)) {
    if (!allowed.has(name)) throw new UsageError(`${command} takes no --${name}`);
  }
  const rpc = values.rpc ?? DEFAULT_RPC;
  if (!/^wss?:\/\/\S+$/.test(rpc)) throw new UsageError(`--rpc must be a ws:// or wss:// URL, not "${rpc}"`);
  if (values.out === '') throw new UsageError('--out needs a file name');
  const args = { command, rpc, out: values.out };
  if (values.security !== undefined) args.security = parseId(values.security, 'security');
  if (values.market !== undefined) args.market = parseId(values.market, 'market');
  for (const name of ['at', 'from', 'to']) {
    if (values[name] !== undefined) args[name] = parseBlockArg(values[name], name);
  }
  return args;
}

/** Connect within `CONNECT_TIMEOUT_MS`, or "cannot reach URL". */
async function reach(url) {
  try {
    return await connect(url, { timeoutMs: CONNECT_TIMEOUT_MS });
  } catch (error) {
    // A refused connection fails at once ("connect ECONNREFUSED …"), a silent host after
    // the timeout.
    const message = String(error?.message ?? '');
    const cause = !message || message.startsWith('no answer from') ? `no answer within ${CONNECT_TIMEOUT_MS / 1000} s` : message;
    throw new AuditError(`cannot reach ${url} (${cause})`);
  }
}

/** Run a parsed command against `api`, writing CSV to `out`, lines for the auditor to `say`. */
export async function runCommand(api, args, say) {
  const writer = csvWriter(args.out);
  try {
    if (args.command === 'cap-table') {
      const table = await capTable(api, { security: args.security, at: args.at });
      await writer.header(CAP_TABLE_COLUMNS);
      for (const row of table.rows) await writer.row(row);
      await writer.close();
      say(capTableSummary(args.security, table));
      if (!table.balanced) {
        throw new AuditError(
          `security ${args.security} at block #${table.block.number}: the balances add up to ${table.total} but the supply is ${table.supply}`,
          EXIT.MISMATCH,
        );
      }
      return;
    }
    const command = RANGE_COMMANDS[args.command];
    let headed = false;
    const onRow = async (row) => {
      if (!headed) {
        headed = true;
        await writer.header(command.columns);
      }
      await writer.row(row);
    };
    const result = await command.run(api, { from: args.from, to: args.to, onRow, onProgress: say }, args);
    if (!headed) await writer.header(command.columns);
    await writer.close();
    const { range } = result;
    say(`${command.summary(args, result)} in blocks #${range.from.number}..#${range.to.number}`);
  } catch (error) {
    if (!(error instanceof AuditError && error.exitCode === EXIT.MISMATCH)) await writer.abort().catch(() => {});
    throw error;
  }
}

/** The whole program: returns the exit code. */
export async function main(argv = process.argv.slice(2)) {
  const say = (line) => process.stderr.write(`${line}\n`);
  let args;
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    say(`audit: ${error.message}\n${SHORT_USAGE}`);
    return EXIT.USAGE;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.OK;
  }
  // polkadot.js reports connection trouble and decoding notes on the console; the auditor
  // gets one line from us instead.
  for (const method of ['log', 'info', 'warn', 'error', 'debug']) console[method] = () => {};
  let api;
  try {
    api = await reach(args.rpc);
    await runCommand(api, args, say);
    return EXIT.OK;
  } catch (error) {
    if (error instanceof AuditError) {
      say(`audit: ${error.message}`);
      return error.exitCode;
    }
    say(`audit: ${args.command} failed: ${error?.message ?? error}`);
    return EXIT.FAILED;
  } finally {
    await api?.disconnect().catch(() => {});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const code = await main();
  // Leave once standard output and error are flushed, without waiting for the closed
  // WebSocket's timers.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
