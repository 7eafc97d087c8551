#!/usr/bin/env bash
# Conformance of both clients and the emulator with the OpenAPI schema, through Prism.
#
# Installs a pinned Prism into .tools/prism (git-ignored) unless it is already there, builds the
# runner, starts three Prism servers on free loopback ports (mock, mock -d, and a validation
# proxy in front of the emulator the runner starts in-process), waits for them, runs the runner
# and stops them on exit. Exits non-zero if anything failed. Needs Node and npm; the only network
# used is the npm registry, for the first install.
#
#   bash crates/cloudflare-conformance/run.sh [runner arguments, e.g. --rounds 100]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

prism_version=5.16.0
prism_dir=$root/.tools/prism
prism=$prism_dir/node_modules/.bin/prism
spec=$root/spec/cloudflare-accounts-user-organizations.json

installed=$(node -p "require('$prism_dir/node_modules/@stoplight/prism-cli/package.json').version" 2>/dev/null || true)
if [ "$installed" != "$prism_version" ]; then
    echo "== installing @stoplight/prism-cli@$prism_version into .tools/prism"
    mkdir -p "$prism_dir"
    npm install --prefix "$prism_dir" --save-exact --no-audit --no-fund --loglevel=error \
        "@stoplight/prism-cli@$prism_version"
fi

echo "== building the runner"
cargo build --quiet -p cloudflare-conformance --bin conformance
target_dir=$(cargo metadata --format-version 1 --no-deps | node -p 'JSON.parse(require("fs").readFileSync(0)).target_directory')
runner=$target_dir/debug/conformance

free_port() {
    node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

logs=$(mktemp -d)
pids=()
stop() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$logs"
}
trap stop EXIT

static_port=$(free_port)
dynamic_port=$(free_port)
proxy_port=$(free_port)
emulator_port=$(free_port)

# start NAME PORT ARGS...: one Prism server in the background, its output in $logs/NAME.log.
start() {
    local name=$1 port=$2
    shift 2
    "$prism" "$@" -h 127.0.0.1 -p "$port" >"$logs/$name.log" 2>&1 &
    pids+=("$!")
}

# wait_for NAME PORT: until the port accepts connections (90 s at most).
wait_for() {
    local name=$1 port=$2 pid=${pids[$3]}
    for _ in $(seq 1 180); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "prism $name exited:" >&2
            tail -n 30 "$logs/$name.log" >&2
            exit 1
        fi
        sleep 0.5
    done
    echo "prism $name did not listen on port $port within 90 s:" >&2
    tail -n 30 "$logs/$name.log" >&2
    exit 1
}

echo "== starting Prism $prism_version (mock, mock -d, proxy)"
start static "$static_port" mock "$spec"
start dynamic "$dynamic_port" mock -d "$spec"
start proxy "$proxy_port" proxy "$spec" "http://127.0.0.1:$emulator_port/client/v4"
wait_for static "$static_port" 0
wait_for dynamic "$dynamic_port" 1
wait_for proxy "$proxy_port" 2

echo "== running the conformance checks"
status=0
"$runner" \
    --static "http://127.0.0.1:$static_port" \
    --dynamic "http://127.0.0.1:$dynamic_port" \
    --proxy "http://127.0.0.1:$proxy_port" \
    --emulator-port "$emulator_port" \
    "$@" || status=$?
if [ "$status" -ne 0 ]; then
    for name in static dynamic proxy; do
        echo "-- last lines of the prism $name log" >&2
        tail -n 15 "$logs/$name.log" >&2
    done
fi
exit "$status"
