#!/usr/bin/env bash
# The long network scenarios scripts/test.sh skips (scripts/e2e/long.mjs): 2,000 fills a
# block from 128-fill sweeps (e2e/14-load), a validator's clock skewed and one validator's keys
# on two nodes (e2e/15-network-faults), session key rotation, a node key replaced and a
# validator's own node barred (e2e/19-operations); with the rest
# of those files and the four exchanges at a distance (e2e/16-distance), whose networks they
# share. About 14 minutes; each file but 14-load starts its own network, besides the shared
# one the environment needs.
#
#   scripts/test-long.sh
#   scripts/test-long.sh e2e/19-operations.test.mjs      one file
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_toolchain
cd "$REPO_ROOT"
ensure_node_modules
ensure_faketime
build_node

FILES=("$@")
[ ${#FILES[@]} -gt 0 ] || FILES=(e2e/14-load.test.mjs e2e/15-network-faults.test.mjs e2e/16-distance.test.mjs e2e/19-operations.test.mjs)
export STLEDGER_LONG_TESTS=1
run_e2e "${FILES[@]}"
log "all long scenarios passed"
