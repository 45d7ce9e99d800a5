#!/usr/bin/env bash
# Times whole runs of the release binary on generated worlds: loading a dataset file, and a
# script of queries answered after one load, as at the prompt. Usage:
#
#     benches/whole-runs.sh [ENTITIES RELATIONS]...     (default: 100000 300000 1000000 3000000)
#
# The worlds are written once to $DEALGRAPH_BENCH_DIR (default: $TMPDIR/dealgraph-bench) by
# `cargo run --release --example synthetic`.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet --bin dealgraph --example synthetic
bin=target/release/dealgraph
dir=${DEALGRAPH_BENCH_DIR:-${TMPDIR:-/tmp}/dealgraph-bench}
mkdir -p "$dir"
[ $# -gt 0 ] || set -- 100000 300000 1000000 3000000

# Prints wall-clock seconds and peak memory of a command, or just seconds without GNU time.
measure() {
    local label=$1
    shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "$label: %e s, %M KB peak" "$@" >/dev/null 2>"$dir/time.err" ||
            { cat "$dir/time.err" >&2; return 1; }
        tail -n 1 "$dir/time.err"
    else
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null
        end=$(date +%s.%N)
        echo "$label: $(echo "$end - $start" | bc) s"
    fi
}

while [ $# -ge 2 ]; do
    entities=$1 relations=$2
    shift 2
    world="$dir/world-$entities-$relations.json"
    [ -f "$world" ] || target/release/examples/synthetic "$entities" "$relations" "$world"
    size=$(du -h "$world" | cut -f1)
    echo "== $entities entities, $relations relations ($size of JSON)"
    data=(--no-default-data --data "$world")
    measure "load and count (stats)" "$bin" "${data[@]}" stats
    # Companies are the last 80% of the ids, funds the first 5% (tests/synthetic/mod.rs).
    a=e$((entities * 9 / 10)) b=e$((entities * 9 / 10 + 1)) c=e$((entities * 3 / 4))
    cat >"$dir/queries.dg" <<DG
path $a $c
path $a $c --status confirmed --k 3
neighbours e5 --depth 2
portfolio e0 --rollup
investors $a
overlap $a $b
coinvestors e1
exposure e0 --rollup
find sentaku
show e0
export json --focus e5 --depth 1
DG
    measure "load, then 11 queries (a script)" "$bin" "${data[@]}" --script "$dir/queries.dg"
done
