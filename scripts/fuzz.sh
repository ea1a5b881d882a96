#!/usr/bin/env bash
# The runtime fuzzer (fuzzer/): random calls of every pallet, signed by every kind of actor,
# applied block by block to the real runtime through Executive, checked against the ledger's
# invariants after every extrinsic and block. See docs/fuzzing.md.
#
#   scripts/fuzz.sh --minutes 30            random seeds for half an hour
#   scripts/fuzz.sh --seed S --episodes 1   rerun a failing episode (printed on failure)
#
# Any other flag goes to stledger-fuzz (--blocks, --max-txs, --shrink-seconds; --help).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_toolchain
cd "$REPO_ROOT"
log "building stledger-fuzz (release; target directory $CARGO_TARGET_DIR)"
cargo build --locked --release -p stledger-fuzzer >&2 || die "the fuzzer did not build"
exec "$CARGO_TARGET_DIR/release/stledger-fuzz" "$@"
