// The one error the audit tool reports: a clear line for the auditor and the exit code.

/** Exit codes of `scripts/audit` (docs/auditing.md lists them). */
export const EXIT = {
  OK: 0,
  /** The node could not answer: unreachable, unknown block, unknown security or market, pruned state. */
  FAILED: 1,
  /** Bad arguments: the usage text follows. */
  USAGE: 2,
  /** The cap table's balances do not add up to the asset's supply. */
  MISMATCH: 3,
};

/** An error whose message is meant for the auditor as it is, with the exit code to leave with. */
export class AuditError extends Error {
  constructor(message, exitCode = EXIT.FAILED) {
    super(message);
    this.name = 'AuditError';
    this.exitCode = exitCode;
  }
}

/** A usage error: the message, then the usage text. */
export class UsageError extends AuditError {
  constructor(message) {
    super(message, EXIT.USAGE);
    this.name = 'UsageError';
  }
}
