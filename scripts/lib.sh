# Shared by run.sh, test.sh and test-long.sh: toolchain, build, and the four-validator
# loopback network. Source it; it defines functions, and sets traps only in run_e2e.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/stledger/target}"
# STLEDGER_NODE_BIN runs another build (a copy kept while the release build changes).
NODE_BIN="${STLEDGER_NODE_BIN:-$CARGO_TARGET_DIR/release/stledger-node}"

# The four validators of chain-specs/local.json: dev key, p2p port, RPC port, Prometheus
# port (loopback only: no --prometheus-external), node key.
VALIDATORS=(alice bob charlie dave)
P2P_BASE=30333
RPC_BASE=9944
PROMETHEUS_BASE=9615

log() { printf '\033[1m[stledger]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Install what a fresh Debian machine lacks: protoc, the wasm target, rust-src, Node.js deps.
ensure_toolchain() {
	command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs)"
	if ! command -v protoc >/dev/null; then
		log "installing protoc (Debian protobuf-compiler)"
		local sudo=""
		[ "$(id -u)" -eq 0 ] || sudo="sudo"
		$sudo apt-get update -qq && $sudo apt-get install -y -qq protobuf-compiler >/dev/null \
			|| die "could not install protobuf-compiler"
	fi
	if ! rustup target list --installed | grep -qx wasm32v1-none; then
		log "adding the wasm32v1-none target"
		rustup target add wasm32v1-none >/dev/null || die "rustup target add wasm32v1-none failed"
	fi
	if ! rustup component list --installed | grep -q '^rust-src'; then
		log "adding rust-src"
		rustup component add rust-src >/dev/null || die "rustup component add rust-src failed"
	fi
}

# libfaketime, for the end-to-end test that runs a validator with its clock skewed
# (scripts/e2e/15-network-faults.test.mjs).
ensure_faketime() {
	if ! compgen -G '/usr/lib/*/faketime/libfaketimeMT.so.1' >/dev/null \
		&& [ ! -e /usr/lib/faketime/libfaketimeMT.so.1 ]; then
		log "installing libfaketime (Debian faketime)"
		local sudo=""
		[ "$(id -u)" -eq 0 ] || sudo="sudo"
		$sudo apt-get update -qq && $sudo apt-get install -y -qq faketime >/dev/null \
			|| die "could not install faketime"
	fi
}

ensure_node_modules() {
	command -v npm >/dev/null || die "npm not found: install Node.js 20 or newer"
	if [ ! -d "$REPO_ROOT/scripts/node_modules/@polkadot/api" ] \
		|| [ "$REPO_ROOT/scripts/package-lock.json" -nt "$REPO_ROOT/scripts/node_modules/.package-lock.json" ]; then
		log "installing the polkadot.js client (npm ci)"
		(cd "$REPO_ROOT/scripts" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
	fi
}

build_node() {
	if [ -n "${STLEDGER_NODE_BIN:-}" ]; then
		[ -x "$NODE_BIN" ] || die "STLEDGER_NODE_BIN=$NODE_BIN is not an executable"
		log "using the node at $NODE_BIN (STLEDGER_NODE_BIN; not building)"
		return
	fi
	log "building stledger-node (release; target directory $CARGO_TARGET_DIR)"
	(cd "$REPO_ROOT" && cargo build --locked --release -p stledger-node) || die "the node did not build"
}

# rpc URL of validator i (0-based)
rpc_url() { echo "http://127.0.0.1:$((RPC_BASE + $1))"; }

# Prometheus metrics URL of validator i (0-based)
metrics_url() { echo "http://127.0.0.1:$((PROMETHEUS_BASE + $1))/metrics"; }

# One JSON-RPC call over HTTP; prints the result field.
rpc() {
	local url="$1" method="$2" params="${3:-[]}"
	curl -s --max-time 5 -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$method\",\"params\":$params}" "$url"
}

finalized_number() {
	local hash header
	hash=$(rpc "$1" chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')
	[ -n "$hash" ] || { echo -1; return; }
	header=$(rpc "$1" chain_getHeader "[\"$hash\"]")
	local hex
	hex=$(echo "$header" | sed -n 's/.*"number":"0x\([0-9a-f]*\)".*/\1/p')
	[ -n "$hex" ] && echo $((16#$hex)) || echo -1
}

# Start the network in $1 (a fresh directory). Sets NODE_PIDS. STLEDGER_NODE_ARGS adds
# arguments to every validator (e.g. "--pool-limit 81920" for a load test).
# shellcheck disable=SC2086 # STLEDGER_NODE_ARGS is split into arguments on purpose
start_network() {
	local dir="$1"
	mkdir -p "$dir"
	log "exporting the raw chain spec from chain-specs/local.json"
	"$NODE_BIN" export-chain-spec --chain "$REPO_ROOT/chain-specs/local.json" --raw \
		--output "$dir/local-raw.json" >/dev/null 2>"$dir/export.log" \
		|| { cat "$dir/export.log" >&2; die "could not build the raw chain spec"; }
	NODE_PIDS=()
	local i
	for i in "${!VALIDATORS[@]}"; do
		local name="${VALIDATORS[$i]}"
		"$NODE_BIN" \
			--chain "$dir/local-raw.json" \
			--base-path "$dir/$name" \
			--"$name" \
			--node-key "$(printf '%064x' $((i + 1)))" \
			--listen-addr "/ip4/127.0.0.1/tcp/$((P2P_BASE + i))" \
			--rpc-port "$((RPC_BASE + i))" \
			--no-mdns \
			--prometheus-port "$((PROMETHEUS_BASE + i))" \
			--no-telemetry \
			--pool-limit 32768 --pool-kbytes 65536 \
			${STLEDGER_NODE_ARGS:-} \
			>"$dir/$name.log" 2>&1 &
		NODE_PIDS+=("$!")
	done
	echo "${NODE_PIDS[*]}" >"$dir/pids"
	log "started ${#NODE_PIDS[@]} validators (logs in $dir/*.log)"
}

# Wait until every validator reports a finalized block >= $1, or fail after $2 seconds.
wait_for_finality() {
	local target="$1" timeout="$2" start=$SECONDS
	while :; do
		local ok=1 i n
		for i in "${!VALIDATORS[@]}"; do
			n=$(finalized_number "$(rpc_url "$i")")
			[ "$n" -ge "$target" ] 2>/dev/null || ok=0
		done
		[ $ok -eq 1 ] && return 0
		for pid in "${NODE_PIDS[@]}"; do
			kill -0 "$pid" 2>/dev/null || die "a validator exited; see its log"
		done
		[ $((SECONDS - start)) -lt "$timeout" ] || die "no finalized block #$target within ${timeout}s"
		sleep 1
	done
}

stop_network() {
	local pid
	for pid in "${NODE_PIDS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
	for pid in "${NODE_PIDS[@]}"; do
		local waited=0
		while kill -0 "$pid" 2>/dev/null && [ $waited -lt 20 ]; do sleep 0.5; waited=$((waited + 1)); done
		kill -KILL "$pid" 2>/dev/null || true
	done
	NODE_PIDS=()
}

# Start a fresh four-validator network in a temporary directory, run the end-to-end test
# files or directories given (paths under scripts/) against it with the environment
# scripts/e2e/env.mjs reads, one file at a time; stop the network and remove the directory on
# exit (its traps). On failure, print the end of every validator's log and exit 1.
run_e2e() {
	DATA="$(mktemp -d -t stledger-test-XXXXXX)"
	NODE_PIDS=()
	trap 'stop_network; rm -rf "$DATA"' EXIT
	trap 'exit 130' INT TERM
	start_network "$DATA"
	log "waiting for finality"
	wait_for_finality 2 240
	log "end-to-end tests: $*"
	export STLEDGER_NODE_BIN="$NODE_BIN"
	export STLEDGER_DATA="$DATA"
	export STLEDGER_RPC="ws://127.0.0.1:$RPC_BASE"
	export STLEDGER_CHAIN_SPEC="$DATA/local-raw.json"
	export STLEDGER_DESCRIPTION="$REPO_ROOT/chain-specs/local.json"
	(cd "$REPO_ROOT/scripts" && node --test --test-concurrency=1 --test-timeout=600000 "$@") \
		|| { log "end-to-end tests failed; validator logs follow"; tail -n 30 "$DATA"/*.log >&2; exit 1; }
}
