#!/usr/bin/env bash
# Start the four-exchange ST Ledger network on loopback and keep it running.
#
#   scripts/run.sh            build (if needed), run, seed the demo world; Ctrl-C stops every node
#   scripts/run.sh --no-demo  the same without the demo world (genesis state only)
#   STLEDGER_DATA=dir         keep the chain in `dir` (default: a fresh temporary directory);
#                             seeding again on a kept chain sends nothing
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SEED_DEMO=1
for arg in "$@"; do
	case "$arg" in
		--no-demo) SEED_DEMO=0 ;;
		*) die "unknown argument $arg (usage: scripts/run.sh [--no-demo])" ;;
	esac
done

ensure_toolchain
build_node
[ $SEED_DEMO -eq 0 ] || ensure_node_modules

DATA="${STLEDGER_DATA:-$(mktemp -d -t stledger-XXXXXX)}"
NODE_PIDS=()
trap 'log "stopping the validators"; stop_network; exit 0' INT TERM
trap 'stop_network' EXIT

start_network "$DATA"
log "waiting for the first finalized blocks"
wait_for_finality 1 180

cat <<INFO

  ST Ledger local network is running: four exchanges, blocks every 3 s, GRANDPA finality.

  exchange      validator  RPC endpoint            polkadot.js apps
  US Exchange   //Alice    ws://127.0.0.1:9944     https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944
  EU Exchange   //Bob      ws://127.0.0.1:9945     https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9945
  SG Exchange   //Charlie  ws://127.0.0.1:9946     https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9946
  CH Exchange   //Dave     ws://127.0.0.1:9947     https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9947

  Development accounts (Alice … Ferdie) hold 1,000,000 STL each. Chain data: $DATA

  Prometheus metrics (loopback only), one endpoint per validator:
    US Exchange   $(metrics_url 0)
    EU Exchange   $(metrics_url 1)
    SG Exchange   $(metrics_url 2)
    CH Exchange   $(metrics_url 3)
  ST Ledger's own figures (fills, open orders, pending settlements …): node scripts/exporter.mjs
  serves them on http://127.0.0.1:9700/metrics; Prometheus config ops/prometheus.yml, Grafana
  dashboard ops/grafana/stledger-dashboard.json (docs/operating-a-validator.md#monitoring).

INFO

if [ $SEED_DEMO -eq 1 ]; then
	log "seeding the demo world (signed extrinsics; scripts/run.sh --no-demo skips it)"
	node "$REPO_ROOT/scripts/seed-demo.mjs" --rpc "ws://127.0.0.1:$RPC_BASE" \
		|| log "the demo world could not be seeded (see above); the network keeps running"
fi
log "running; press Ctrl-C to stop every node"

# Stay in the foreground; leave if a validator dies.
while :; do
	for pid in "${NODE_PIDS[@]}"; do
		kill -0 "$pid" 2>/dev/null || { log "a validator stopped; see $DATA/*.log"; exit 1; }
	done
	sleep 2
done
