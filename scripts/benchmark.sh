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
log "building stledger-node with runtime-benchmarks"
cargo build --locked --profile benchmark -p stledger-node --features runtime-benchmarks
BENCH_BIN="$CARGO_TARGET_DIR/benchmark/stledger-node"
RUNTIME_WASM="$CARGO_TARGET_DIR/benchmark/wbuild/stledger-runtime/stledger_runtime.compact.compressed.wasm"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
# Weights take the larger of the two fits' base and slopes (`--output-analysis max`): a call
# whose first step costs more than the next ones (place_order's first fill pays for the
# crossing) is not under-charged at small component values by a least-squares line drawn
# through the large ones.
OURS=(pallet_exchanges pallet_attestation pallet_securities pallet_offerings pallet_orderbook)
# FRAME pallets on every transaction's or block's path: their weights are measured here too,
# not taken from another chain's reference machine. pallet_balances::transfer_keep_alive is
# also the yardstick the issues' targets use.
FRAME=(frame_system frame_system_extensions pallet_balances pallet_timestamp pallet_asset_tx_payment pallet_tx_pause pallet_safe_mode)
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
