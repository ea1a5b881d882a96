#!/usr/bin/env bash
# Every test: the workspace's Rust tests (pallets, runtime, benchmarks as tests), then the
# end-to-end tests (polkadot.js) against a fresh four-validator network on loopback.
#
#   scripts/test.sh                 everything
#   STLEDGER_SKIP_E2E=1 scripts/test.sh    Rust tests only
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

# The rehearsal runtime (scripts/e2e/17-upgrade.test.mjs upgrades a live network to it): this
# release one spec_version ahead. WASM_TARGET_DIRECTORY: its own copy, never the node's wasm.
REHEARSAL_DIR="$CARGO_TARGET_DIR/upgrade-rehearsal"
log "building the rehearsal runtime (--features upgrade-rehearsal)"
WASM_TARGET_DIRECTORY="$REHEARSAL_DIR" cargo build --locked --release -p stledger-runtime \
	--features upgrade-rehearsal || die "the rehearsal runtime did not build"
export STLEDGER_UPGRADE_WASM="$REHEARSAL_DIR/stledger_runtime.wasm"
[ -s "$STLEDGER_UPGRADE_WASM" ] || die "no rehearsal runtime at $STLEDGER_UPGRADE_WASM"

DATA="$(mktemp -d -t stledger-test-XXXXXX)"
NODE_PIDS=()
trap 'stop_network; rm -rf "$DATA"' EXIT
trap 'exit 130' INT TERM

start_network "$DATA"
log "waiting for finality"
wait_for_finality 2 240

log "end-to-end tests"
export STLEDGER_NODE_BIN="$NODE_BIN"
export STLEDGER_DATA="$DATA"
export STLEDGER_RPC="ws://127.0.0.1:$RPC_BASE"
export STLEDGER_CHAIN_SPEC="$DATA/local-raw.json"
export STLEDGER_DESCRIPTION="$REPO_ROOT/chain-specs/local.json"
(cd "$REPO_ROOT/scripts" && node --test --test-concurrency=1 --test-timeout=600000 e2e/) \
	|| { log "end-to-end tests failed; validator logs follow"; tail -n 30 "$DATA"/*.log >&2; exit 1; }
log "all tests passed"
