#!/usr/bin/env bash
# Benchmark the runtime's pallets and write their weights.rs.
#
#   scripts/benchmark.sh                 every ST Ledger pallet, then the FRAME pallets every
#                                        transaction or block goes through (runtime/src/weights/)
#   scripts/benchmark.sh pallet_exchanges
#   scripts/benchmark.sh frame_system_extensions
#
# Run it on a quiet machine (nothing else running); scripts/benchmark-machine.sh measures the
# block, extrinsic and database costs these weights are added to.
# Builds the node with `--features runtime-benchmarks` in its own cargo profile (`benchmark`),
# so it does not replace the node that runs the network.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_toolchain
cd "$REPO_ROOT"
# The securities benchmarks' set-up reads the time at genesis, and pallet-timestamp logs an
# error each time: hundreds of megabytes a run, which slowed a run by 4-12 % (2026-12-05).
export RUST_LOG="${RUST_LOG:-info,runtime::timestamp=off}"
log "building stledger-node with runtime-benchmarks"
cargo build --locked --profile benchmark -p stledger-node --features runtime-benchmarks
BENCH_BIN="$CARGO_TARGET_DIR/benchmark/stledger-node"
RUNTIME_WASM="$CARGO_TARGET_DIR/benchmark/wbuild/stledger-runtime/stledger_runtime.compact.compressed.wasm"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"

# This machine's speed now against the committed weights': the yardstick measured again in a
# few seconds. A virtual machine can run 40 % slower for hours (seen 2026-12-03), which moves
# every figure of a run; pallets measured in such a run are not comparable with the others
# in the repository. A run of some pallets stops then (STLEDGER_BENCH_ANY_SPEED=1 goes on);
# a run of every pallet is compared within itself and only warned.
committed_ps=$(grep -A6 'fn transfer_keep_alive' runtime/src/weights/pallet_balances.rs |
	sed -n 's/.*Weight::from_parts(\([0-9_]*\), .*/\1/p' | head -1 | tr -d _) || true
now_us=$("$BENCH_BIN" benchmark pallet --runtime "$RUNTIME_WASM" --genesis-builder-preset dev \
	--pallet pallet_balances --extrinsic transfer_keep_alive --steps 10 --repeat 20 2>/dev/null |
	sed -n 's/^Time ~= *\([0-9.]*\).*/\1/p' | head -1) || true
if [ -n "$committed_ps" ] && [ -n "$now_us" ]; then
	drift=$(awk -v now="$now_us" -v ps="$committed_ps" 'BEGIN { printf "%+.0f", (now * 1e6 / ps - 1) * 100 }')
	log "yardstick: transfer_keep_alive ${now_us} µs now, $(awk -v ps="$committed_ps" 'BEGIN { printf "%.1f", ps / 1e6 }') µs committed (${drift} %)"
	if [ "${drift#[+-]}" -gt 10 ]; then
		if [ $# -gt 0 ] && [ "${STLEDGER_BENCH_ANY_SPEED:-}" != 1 ]; then
			die "this machine is ${drift} % off the committed weights' speed: measure later, or every pallet in one run (no arguments); STLEDGER_BENCH_ANY_SPEED=1 to measure anyway"
		fi
		log "warning: this machine is ${drift} % off the committed weights' speed"
	fi
else
	log "warning: could not compare this machine's speed with the committed weights"
fi
# Weights take the larger of the two fits' base and slopes (`--output-analysis max`): a call
# whose first step costs more than the next ones (place_order's first fill pays for the
# crossing) is not under-charged at small component values by a least-squares line drawn
# through the large ones.
OURS=(pallet_exchanges pallet_attestation pallet_securities pallet_offerings pallet_orderbook)
# FRAME pallets on every transaction's or block's path: their weights are measured here too,
# not taken from another chain's reference machine. pallet_balances::transfer_keep_alive is
# also the yardstick the issues' targets use.
FRAME=(frame_system frame_system_extensions pallet_balances pallet_collective pallet_timestamp pallet_asset_tx_payment pallet_tx_pause pallet_safe_mode pallet_utility pallet_assets pallet_asset_rate)
PALLETS=("$@")
[ ${#PALLETS[@]} -gt 0 ] || PALLETS=("${OURS[@]}" "${FRAME[@]}")
OUT="$CARGO_TARGET_DIR/benchmarks"
mkdir -p "$OUT"

for pallet in "${PALLETS[@]}"; do
	if [[ " ${FRAME[*]} " == *" $pallet "* ]]; then
		output=(--output "runtime/src/weights/$pallet.rs")
	else
		crate_dir="pallets/${pallet#pallet_}"
		[ -d "$crate_dir" ] || die "no crate for $pallet in $crate_dir"
		output=(--template scripts/weight-template.hbs --output "$crate_dir/src/weights.rs")
	fi
	log "benchmarking $pallet (steps $STEPS, repeat $REPEAT)"
	"$BENCH_BIN" benchmark pallet \
		--runtime "$RUNTIME_WASM" \
		--genesis-builder-preset dev \
		--pallet "$pallet" --extrinsic '*' \
		--steps "$STEPS" --repeat "$REPEAT" --output-analysis max \
		"${output[@]}" | tee "$OUT/$pallet.txt"
done
# The CLI's templates leave lines `cargo fmt --check` (scripts/test.sh) refuses.
cargo fmt --all
