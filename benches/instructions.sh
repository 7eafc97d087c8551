#!/usr/bin/env bash
# Instruction counts (callgrind) per parse and per request, each side against its baseline:
# the difference of two runs (R2 and R1 rounds) divided by R2 - R1, so setup cancels out.
#   bash benches/instructions.sh            # parse and client tables
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -q -p cloudflare-benches --bench instructions --no-run 2>/dev/null
bin=$(ls -t target/release/deps/instructions-* | grep -v '\.d$' | head -1)
count() { # total instructions of one run
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 \
        | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per() { # per-round instructions: per R1 R2 args-before-rounds...
    local r1=$1 r2=$2; shift 2
    local a b; a=$(count "$@" "$r1"); b=$(count "$@" "$r2")
    echo $(( (b - a) / (r2 - r1) ))
}
ratio() { python3 -c "print(f'{$1/$2:.3f}')"; }
echo "| parse | sdk | same type (serde_json) | plain (serde_json) | sdk / plain |"
echo "|---|---|---|---|---|"
for f in accounts1 accounts50 accounts1000; do
    r1=20; r2=120; [ $f = accounts1000 ] && { r1=2; r2=12; }
    s=$(per $r1 $r2 parse sdk $f); t=$(per $r1 $r2 parse same-type $f); p=$(per $r1 $r2 parse plain $f)
    echo "| $f | $s | $t | $p | $(ratio $s $p) |"
done
s=$(per 5 25 parse sdk audit100); t=$(per 5 25 parse same-type audit100)
echo "| audit100 | $s | $t | | (sdk / same type $(ratio $s $t)) |"
echo
echo "| client, GET /accounts?per_page=50 | instructions / request | ratio to raw |"
echo "|---|---|---|"
for pair in "ureq-sdk ureq-raw" "hyper-sdk hyper-raw"; do
    set -- $pair
    o=$(per 50 250 client "$1"); r=$(per 50 250 client "$2")
    echo "| $1 | $o | $(ratio $o $r) |"
    echo "| $2 | $r | 1.000 |"
done
