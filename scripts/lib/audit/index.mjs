// The audit tool's functions, for code and tests: `scripts/audit` is their command line.

export { capTable, capTableSummary, CAP_TABLE_COLUMNS } from './cap-table.mjs';
export { trades, TRADE_COLUMNS } from './trades.mjs';
export {
  transactionsReport, TRANSACTION_REPORT_COLUMNS, TRADING_CAPACITY, PRICE_FRACTION_DIGITS, chainPrefix, transactionId,
} from './transactions-report.mjs';
export { unitsToDecimal, ratioToDecimal } from './decimal.mjs';
export { exceptions, EXCEPTION_COLUMNS, EXCEPTION_EVENTS, REVOCATION_REASONS } from './exceptions.mjs';
export { toCsv, parseCsv, csvLine, csvField } from './csv.mjs';
export { resolveBlock, resolveRange, finalizedBlock } from './blocks.mjs';
export { AuditError, EXIT } from './errors.mjs';
