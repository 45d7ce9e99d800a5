#!/usr/bin/env python3
"""Times a snapshot of the benchmark kit's graph: `index` of the native file, then one-shot
commands on the snapshot (`--data world.dgx path A B`, `neighbours`, `show`) from process start
to exit, beside the same commands on the JSON file. Run through benches/snapshot.sh:

    benches/snapshot.sh [SIZE [WORK]]

SIZE is one of the kit's sizes (default large); WORK (default $PERF_DIR, else target/bench-kit)
must hold data/SIZE.dealgraph.json and data/SIZE.queries.json, as benches/kit.sh leaves them.
The snapshot is written to WORK/kit/SIZE.dgx. Prints a Markdown table: wall seconds, CPU
seconds and peak memory (max RSS) of each run, medians over the runs.

Environment:
  SNAP_RUNS   runs of each one-shot command (default 5)
  SNAP_JSON   1 to time the same commands on the JSON file once each (default 1)

Only the standard library is used here.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def die(msg):
    print(f"snapshot.py: {msg}", file=sys.stderr)
    sys.exit(1)


def timed(cmd):
    """One run under /usr/bin/time, output to /dev/null: wall s, CPU s, peak RSS MiB."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        r = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf.name] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            die(f"{' '.join(cmd)} failed with status {r.returncode}: {r.stderr}")
        wall, user, sys_, rss = tf.read().split("\n")[-2].split()
    return float(wall), float(user) + float(sys_), int(rss) / 1024


def median_of(cmd, runs):
    got = [timed(cmd) for _ in range(runs)]
    return tuple(statistics.median(x[i] for x in got) for i in range(3)), got


def main():
    args = sys.argv[1:]
    size = args[0] if args else "large"
    work = args[1] if len(args) > 1 else os.environ.get("PERF_DIR",
                                                        os.path.join(ROOT, "target", "bench-kit"))
    native = os.path.join(work, "data", f"{size}.dealgraph.json")
    queries = os.path.join(work, "data", f"{size}.queries.json")
    for f in (native, queries):
        if not os.path.exists(f):
            die(f"{f} is missing: run benches/kit.sh {size} first (it generates the graph)")
    os.makedirs(os.path.join(work, "kit"), exist_ok=True)
    snap = os.path.join(work, "kit", f"{size}.dgx")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target", "release", "dealgraph")
    runs = int(os.environ.get("SNAP_RUNS", "5"))
    q = json.load(open(queries))
    a, b = q["pairs"][0]
    seed = q["khop"][0]
    rows = []
    wall, cpu, rss = timed([exe, "--no-default-data", "index", native, "-o", snap])
    rows.append((f"`index` of the {size} file", wall, cpu, rss, 1))
    size_mib = os.path.getsize(snap) / (1 << 20)
    commands = [
        (f"`path {a} {b}`", ["path", a, b]),
        (f"`neighbours {seed}`", ["neighbours", seed]),
        (f"`show {a}`", ["show", a]),
        ("`stats`", ["stats"]),
    ]
    for name, words in commands:
        (wall, cpu, rss), _ = median_of([exe, "--data", snap] + words, runs)
        rows.append((f"{name} on the snapshot", wall, cpu, rss, runs))
    if os.environ.get("SNAP_JSON", "1") == "1":
        for name, words in commands[:1]:
            wall, cpu, rss = timed([exe, "--no-default-data", "--data", native] + words)
            rows.append((f"{name} on the JSON file", wall, cpu, rss, 1))
    print(f"snapshot {snap}: {size_mib:.1f} MiB")
    print("| run | wall | CPU | peak memory | runs (median) |")
    print("|---|---|---|---|---|")
    for name, wall, cpu, rss, n in rows:
        print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MiB | {n} |")


if __name__ == "__main__":
    main()
