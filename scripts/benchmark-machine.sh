#!/usr/bin/env bash
# Measure what this machine's node costs the runtime beyond the pallets' own benchmarks, and
# write it into runtime/src/weights/ (run it on the consortium's reference machine, quiet):
#
#   - `benchmark overhead`: an empty block (BlockExecutionWeight) and a no-op extrinsic
#     (ExtrinsicBaseWeight), on the dev chain;
#   - `benchmark storage`: a read and a write of ParityDB (ParityDbWeight), on the state of a
#     `local` chain of realistic size: a four-validator network is started, the load tool
#     builds its world on it (investors attested on the four exchanges, holders, resting
#     orders, trades), the network is stopped and every key of its state is read and written.
#
#   scripts/benchmark-machine.sh                 all of it (about 15 minutes)
#   scripts/benchmark-machine.sh --state DIR     storage on the stopped network in DIR (the
#                                                directory of scripts/run.sh's STLEDGER_DATA)
#   LOAD_ARGS="--mix rest,cross,transfer --count 4000" scripts/benchmark-machine.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

STATE=""
while [ $# -gt 0 ]; do
	case "$1" in
		--state) STATE="$2"; shift 2 ;;
		*) die "unknown argument $1 (usage: scripts/benchmark-machine.sh [--state DIR])" ;;
	esac
done

ensure_toolchain
cd "$REPO_ROOT"
WEIGHTS="$REPO_ROOT/runtime/src/weights"
log "building stledger-node with runtime-benchmarks (profile benchmark)"
cargo build --locked --profile benchmark -p stledger-node --features runtime-benchmarks
BENCH_BIN="$CARGO_TARGET_DIR/benchmark/stledger-node"

SCRATCH="$(mktemp -d -t stledger-bench-machine-XXXXXX)"
NODE_PIDS=()
trap 'stop_network; rm -rf "$SCRATCH"' EXIT

log "benchmark overhead (dev chain): block and extrinsic base weights"
"$BENCH_BIN" benchmark overhead --chain dev --base-path "$SCRATCH/overhead" --database paritydb \
	--warmup 10 --repeat 200 --weight-path "$WEIGHTS" 2>&1 | grep -v 'UnixTime::now' | tail -n 12

if [ -z "$STATE" ]; then
	ensure_node_modules
	build_node
	STATE="$SCRATCH/network"
	start_network "$STATE"
	wait_for_finality 2 240
	log "building a realistic state with the load tool (${LOAD_ARGS:=--mix rest,cross,transfer,p2p --count 3000})"
	# shellcheck disable=SC2086
	node "$REPO_ROOT/scripts/load.mjs" $LOAD_ARGS --quiet --out "$SCRATCH/load.json" \
		|| log "the load run reported a problem (see above); the state is measured all the same"
	stop_network
fi
[ -f "$STATE/local-raw.json" ] || die "$STATE has no local-raw.json: not a network directory"

# Writes are measured per key of 1,000 committed together, as a block commits its writes (a
# full block writes a few thousand keys); one key per commit would overstate them fourfold.
log "benchmark storage (ParityDB, the state of $STATE/alice)"
"$BENCH_BIN" benchmark storage --chain "$STATE/local-raw.json" --base-path "$STATE/alice" \
	--database paritydb --state-version 1 --batch-size 1000 --warmups 2 \
	--weight-path "$WEIGHTS" 2>&1 | tail -n 25
# The CLI's template starts with an empty line, which `cargo fmt --check` refuses.
cargo fmt --all
log "written: $WEIGHTS/{block,extrinsic,paritydb}_weights.rs; re-run scripts/benchmark.sh next"
