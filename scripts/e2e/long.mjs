// The long scenarios: `scripts/test-long.sh` runs them (STLEDGER_LONG_TESTS=1);
// `scripts/test.sh` skips them, so that the suite every change must pass stays within about
// half an hour on a warm build. Each long scenario's file keeps a shorter scenario of the same
// kind in `scripts/test.sh` (docs/reliability.md lists which).

/** Whether this run includes the long scenarios. */
export const LONG = process.env.STLEDGER_LONG_TESTS === '1';

/** `node:test` options that skip a long scenario unless `LONG`. */
export const longOnly = LONG ? {} : { skip: 'a long scenario: scripts/test-long.sh runs it' };
