#!/usr/bin/env bash
# Every test: the workspace's Rust tests (pallets, runtime, benchmarks as tests), then the
# end-to-end tests (polkadot.js) against a fresh four-validator network on loopback. The long
# network scenarios (scripts/e2e/long.mjs) are skipped: scripts/test-long.sh runs them.
#
#   scripts/test.sh                 everything but the long scenarios (about 30 minutes)
#   STLEDGER_SKIP_E2E=1 scripts/test.sh    Rust tests only
#   STLEDGER_LONG_TESTS=1 scripts/test.sh  everything, the long scenarios too
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_toolchain
cd "$REPO_ROOT"

log "cargo fmt --check"
cargo fmt --all -- --check || die "run \`cargo fmt --all\`"

log "Rust tests (release profile), the runtime with its try-runtime checks"
# try-runtime: runtime/tests/upgrade_from_snapshot.rs runs this release's migrations with their
# checks on a real chain's state. No wasm: the tests run the runtime natively, and the node's
# wasm is built below with the node's own features.
SKIP_WASM_BUILD=1 cargo test --locked --release --workspace --exclude stledger-node \
	--features stledger-runtime/try-runtime
log "benchmarks, run as tests"
cargo test --locked --release -p pallet-exchanges -p pallet-attestation -p pallet-securities -p pallet-offerings -p pallet-orderbook --features runtime-benchmarks -- benchmarking

[ "${STLEDGER_SKIP_E2E:-}" = 1 ] && { log "skipping end-to-end tests"; exit 0; }

ensure_node_modules
ensure_faketime
build_node
log "the node's own tests (its command line's peering rules, a description's sudo key, the proposer's time)"
cargo test --locked --release -p stledger-node || die "the node's tests failed"

# The rehearsal runtime (scripts/e2e/17-upgrade.test.mjs upgrades a live network to it): this
# release one spec_version ahead. WASM_TARGET_DIRECTORY: its own copy, never the node's wasm.
REHEARSAL_DIR="$CARGO_TARGET_DIR/upgrade-rehearsal"
log "building the rehearsal runtime (--features upgrade-rehearsal)"
WASM_TARGET_DIRECTORY="$REHEARSAL_DIR" cargo build --locked --release -p stledger-runtime \
	--features upgrade-rehearsal || die "the rehearsal runtime did not build"
export STLEDGER_UPGRADE_WASM="$REHEARSAL_DIR/stledger_runtime.wasm"
[ -s "$STLEDGER_UPGRADE_WASM" ] || die "no rehearsal runtime at $STLEDGER_UPGRADE_WASM"

run_e2e e2e/
log "all tests passed"
