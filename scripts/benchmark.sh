#!/usr/bin/env bash
# Benchmark the runtime's pallets and write their weights.rs.
#
#   scripts/benchmark.sh                 every ST Ledger pallet, plus pallet_balances for reference
#   scripts/benchmark.sh pallet_exchanges
#
# Builds the node with `--features runtime-benchmarks` in its own cargo profile (`benchmark`),
# so it does not replace the node that runs the network.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_toolchain
cd "$REPO_ROOT"
log "building stledger-node with runtime-benchmarks"
cargo build --locked --profile benchmark -p stledger-node --features runtime-benchmarks
BENCH_BIN="$CARGO_TARGET_DIR/benchmark/stledger-node"
RUNTIME_WASM="$CARGO_TARGET_DIR/benchmark/wbuild/stledger-runtime/stledger_runtime.compact.compressed.wasm"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
PALLETS=("$@")
[ ${#PALLETS[@]} -gt 0 ] || PALLETS=(pallet_exchanges pallet_attestation pallet_securities pallet_offerings pallet_orderbook)
OUT="$CARGO_TARGET_DIR/benchmarks"
mkdir -p "$OUT"

for pallet in "${PALLETS[@]}"; do
	crate_dir="pallets/${pallet#pallet_}"
	[ -d "$crate_dir" ] || die "no crate for $pallet in $crate_dir"
	log "benchmarking $pallet (steps $STEPS, repeat $REPEAT)"
	"$BENCH_BIN" benchmark pallet \
		--runtime "$RUNTIME_WASM" \
		--genesis-builder-preset dev \
		--pallet "$pallet" --extrinsic '*' \
		--steps "$STEPS" --repeat "$REPEAT" \
		--template scripts/weight-template.hbs \
		--output "$crate_dir/src/weights.rs" | tee "$OUT/$pallet.txt"
done

# The yardstick the issues' targets use: pallet_balances::transfer_keep_alive, same run settings.
log "benchmarking pallet_balances::transfer_keep_alive (reference)"
"$BENCH_BIN" benchmark pallet \
	--runtime "$RUNTIME_WASM" \
	--genesis-builder-preset dev \
	--pallet pallet_balances --extrinsic transfer_keep_alive \
	--steps "$STEPS" --repeat "$REPEAT" | tee "$OUT/pallet_balances.txt"
