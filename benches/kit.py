#!/usr/bin/env python3
"""Whole runs of dealgraph on the benchmark kit's generated graph, and its paths and
neighbourhoods each timed alone in the process (examples/kit_queries.rs), side by side with
NetworkX, igraph, SciPy and the kit's hand-tuned Rust floor. Run through benches/kit.sh:

    benches/kit.sh [SIZE [WORK]]

SIZE is one of the kit's sizes (small, 100k, large, 3m; default large). WORK (default $PERF_DIR,
else target/bench-kit) holds data/ (the generated graph, reused when present), scripts/ (the
query scripts), target/ (the floor's build) and kit/ (the raw measurements and SIZE.results.md).

Environment:
  PERF_DIR        the work folder when WORK is not given
  KIT_PYTHON      a Python with networkx, igraph and scipy (default python3); gen.py needs numpy
  KIT_DIR         the kit (default ../shared/bench beside the project)
  KIT_ROUNDS      interleaved rounds of dealgraph's runs (default 3)
  KIT_ONESHOT     runs of the one-shot command (default 20)
  KIT_REPEAT      times the 100 paths and the 100 neighbourhoods are asked in one run (default
                  10): a query costs milliseconds, and the load's CPU time varies by about a second
  KIT_LIBS        Python libraries to run (default "networkx igraph scipy"; empty for none)
  KIT_FLOOR       0 to skip the floor

Only the standard library is used here.
"""
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKLOADS = ["stats", "empty", "path100", "khop100", "overlap1000", "overlapall"]
PER_SCRIPT = {"path100": 100, "khop100": 100, "overlap1000": 1, "overlapall": 1}
REPEATED = ("path100", "khop100")  # asked KIT_REPEAT times over in one run, to rise above the noise
REPEAT = 10
ONESHOT = ["path", "SoftBank Vision Fund", "Chongqing police"]
LIB_NAMES = {"networkx": "NetworkX", "igraph": "igraph", "scipy": "SciPy"}


def say(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def die(msg):
    print(f"kit: {msg}", file=sys.stderr)
    sys.exit(1)


def run(cmd, **kw):
    say("$ " + " ".join(cmd))
    r = subprocess.run(cmd, **kw)
    if r.returncode != 0:
        die(f"{cmd[0]} failed with status {r.returncode}")
    return r


class LoadSampler(threading.Thread):
    """Samples the 1-minute load average every 15 s, labelled by the phase running."""

    def __init__(self):
        super().__init__(daemon=True)
        self.phase = "start"
        self.samples = []
        self.stop = threading.Event()

    def sample(self):
        with open("/proc/loadavg") as f:
            self.samples.append((self.phase, float(f.read().split()[0])))

    def run(self):
        while True:
            self.sample()
            if self.stop.wait(15):
                return

    def summary(self, phase=None):
        xs = [v for p, v in self.samples if phase is None or p == phase]
        if not xs:
            return "not sampled"
        return f"{min(xs):.1f}–{max(xs):.1f} (median {statistics.median(xs):.1f})"


# ------------------------------------------------------------------ the machine


def machine():
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    mem = "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 2**20:.0f} GiB"
    except OSError:
        pass
    return f"{nproc()} cores (`nproc`), {model}, {mem} of memory"


def nproc():
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def output(cmd, cwd=None):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd).stdout.strip()
    except OSError:
        return ""


# ------------------------------------------------------------------ 1. data


def prepare_data(kit, work, size, py):
    data = os.path.join(work, "data")
    os.makedirs(data, exist_ok=True)
    gen = [f"{size}.jsonl", f"{size}.edgelist.tsv", f"{size}.queries.json"]
    if not all(os.path.exists(os.path.join(data, f)) for f in gen):
        if subprocess.run([py, "-c", "import numpy"], capture_output=True).returncode != 0:
            die(f"gen.py needs numpy: set KIT_PYTHON to a Python that has it (not {py}), "
                "or point PERF_DIR at a folder whose data/ holds the generated graph")
        partial = tempfile.mkdtemp(prefix=f".gen-{size}-", dir=data)
        run([py, os.path.join(kit, "gen.py"), size, partial], stdout=sys.stderr)
        for f in gen:
            os.replace(os.path.join(partial, f), os.path.join(data, f))
        shutil.rmtree(partial)
    native = os.path.join(data, f"{size}.dealgraph.json")
    if not os.path.exists(native):
        run([sys.executable, os.path.join(kit, "convert.py"), os.path.join(data, f"{size}.jsonl"),
             native + ".partial"])
        os.replace(native + ".partial", native)
    run([sys.executable, os.path.join(kit, "mkscripts.py"), size], cwd=work)
    return native


# ------------------------------------------------------------------ 2. dealgraph


def build_dealgraph(target=("--bin", "dealgraph")):
    """Builds a target of the project with `cargo build --release` and returns its path."""
    r = subprocess.run(["cargo", "build", "--release", *target,
                        "--message-format=json-render-diagnostics"],
                       cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if r.returncode != 0:
        die("cargo build --release failed")
    exe = None
    for line in r.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable") \
                and msg["target"]["name"] == target[1]:
            exe = msg["executable"]
    if not exe:
        die(f"cargo did not name the {target[1]} executable")
    return exe


def timed(cmd, cwd, errfile):
    """One whole run under /usr/bin/time, output to /dev/null: wall s, CPU s, peak RSS KiB."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf, open(errfile, "w") as err:
        r = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf.name] + cmd,
                           cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        if r.returncode != 0:
            die(f"{' '.join(cmd)} failed with status {r.returncode}: see {errfile}")
        fields = tf.read().split("\n")[-2].split()
    wall, user, sys_, rss = fields
    return {"wall": float(wall), "cpu": float(user) + float(sys_), "rss_kib": int(rss)}


def label(w):
    return f"{w} ×{REPEAT}" if w in REPEATED and REPEAT > 1 else w


def per_script(w):
    return PER_SCRIPT[w] * (REPEAT if w in REPEATED else 1)


def measure_dealgraph(exe, work, size, native, out, rounds, loads):
    data = ["--no-default-data", "--data", native]
    cmds = {"stats": [exe] + data + ["stats"]}
    for w in WORKLOADS[1:]:
        script = os.path.join(work, "scripts", f"{size}.{w}.dg")
        if w in REPEATED and REPEAT > 1:
            text = open(script).read()
            script = os.path.join(out, f"{size}.{w}x{REPEAT}.dg")
            with open(script, "w") as f:
                f.write(text * REPEAT)
        cmds[w] = [exe] + data + ["--script", script]
    runs = {w: [] for w in WORKLOADS}
    tsv = os.path.join(out, f"{size}.dealgraph.runs.tsv")
    with open(tsv, "w") as f:
        f.write("round\tworkload\twall_s\tcpu_s\tpeak_rss_kib\n")
        for r in range(1, rounds + 1):
            for w in WORKLOADS:
                loads.phase = "dealgraph"
                m = timed(cmds[w], work, os.path.join(out, f"{size}.dealgraph.stderr"))
                runs[w].append(m)
                loads.sample()
                f.write(f"{r}\t{w}\t{m['wall']}\t{m['cpu']:.2f}\t{m['rss_kib']}\n")
                f.flush()
                say(f"round {r} {label(w)}: {m['wall']:.2f} s wall, {m['cpu']:.2f} s CPU, "
                    f"{m['rss_kib'] / 2**20:.2f} GiB")
    return runs


SNAPSHOT_WORKLOADS = ["empty", "path100", "khop100", "overlap1000"]


def measure_snapshot(exe, work, size, native, out, rounds, loads):
    """Makes a snapshot of the data file once (`dealgraph index`), then times the query scripts
    on it in interleaved rounds: the snapshot is read in a fraction of a second, so the per-query
    figures are not lost in the load's variation. Returns the index run and the rounds."""
    dgx = os.path.join(out, f"{size}.dgx")
    loads.phase = "dealgraph"
    index = timed([exe, "--no-default-data", "index", native, "-o", dgx], work,
                  os.path.join(out, f"{size}.index.stderr"))
    say(f"index: {index['wall']:.2f} s wall, {index['cpu']:.2f} s CPU, "
        f"{index['rss_kib'] / 2**20:.2f} GiB")
    data = ["--no-default-data", "--data", dgx]
    runs = {w: [] for w in SNAPSHOT_WORKLOADS}
    for r in range(1, rounds + 1):
        for w in SNAPSHOT_WORKLOADS:
            script = os.path.join(work, "scripts", f"{size}.{w}.dg")
            if w in REPEATED and REPEAT > 1:
                script = os.path.join(out, f"{size}.{w}x{REPEAT}.dg")
            m = timed([exe] + data + ["--script", script], work,
                      os.path.join(out, f"{size}.snapshot.stderr"))
            runs[w].append(m)
            loads.sample()
            say(f"snapshot round {r} {label(w)}: {m['wall']:.2f} s wall, {m['cpu']:.2f} s CPU")
    return {"index": index, "runs": runs, "dgx": dgx}


def check_dealgraph(exe, work, size, native, out, tag="check"):
    """Runs path100, khop100, overlap1000 and stats once on `native` (a data file or a
    snapshot), output kept in SIZE.TAG.out, for the checksums."""
    script = os.path.join(out, f"{size}.check.dg")
    with open(script, "w") as f:
        for w in ("path100", "khop100", "overlap1000"):
            lines = open(os.path.join(work, "scripts", f"{size}.{w}.dg")).read().splitlines()
            for line in lines:
                # Every pair for the checksums: the timed run lists the 10 best.
                more = " --top 1000000" if line.startswith("overlap ") else ""
                f.write(line + more + "\n")
        f.write("stats\n")
    answers = os.path.join(out, f"{size}.{tag}.out")
    with open(answers, "w") as f:
        run([exe, "--no-default-data", "--data", native, "--script", script], cwd=work, stdout=f)
    text = open(answers).read()
    res = {}
    lens = [int(m.group(1)) for m in re.finditer(r"\((\d+) hops?, ", text)]
    no_path = len(re.findall(r"^no path from ", text, re.M))
    res["path_n"] = len(lens) + no_path
    res["path_checksum"] = sum(lens) - no_path
    sizes = [int(m.group(1)) for m in
             re.finditer(r"^.*: (\d+) entit(?:y|ies) within 2 hops", text, re.M)]
    res["khop_n"], res["khop_checksum"] = len(sizes), sum(sizes)
    pair = re.compile(r"^  (.+?)\s+(\d+) shared\s+Jaccard ([0-9.]+)")
    total = nonzero = pairs = 0
    best, best_pairs = -1.0, []
    for line in text.splitlines():
        m = pair.match(line)
        if m:
            c, j = int(m.group(2)), float(m.group(3))
            pairs += 1
            total += c
            nonzero += c > 0
            if j > best:
                best, best_pairs = j, [m.group(1).strip()]
            elif j == best:
                best_pairs.append(m.group(1).strip())
    res.update(overlap_pairs=pairs, overlap_sum_shared=total, overlap_nonzero_pairs=nonzero,
               overlap_best_jaccard=best, overlap_best_pairs=best_pairs)
    m = re.search(r"^(\d+) entities, (\d+) relations", text, re.M)
    if m:
        res["n_nodes"], res["n_edges"] = int(m.group(1)), int(m.group(2))
    return res


def oneshot(exe, runs):
    """Wall time from spawn to exit (Python's clock; /usr/bin/time counts only hundredths), and
    peak RSS, of the one-shot command on the bundled data."""
    argv = [exe] + ONESHOT
    r = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0 or "hops" not in r.stdout:
        die(f"the one-shot command failed: {r.stdout}{r.stderr}")
    devnull = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
    walls = []
    for _ in range(runs):
        t = time.perf_counter()
        pid = os.posix_spawn(exe, argv, os.environ, file_actions=devnull)
        _, status = os.waitpid(pid, 0)
        walls.append(time.perf_counter() - t)
        if status != 0:
            die("the one-shot command failed")
    # the peak memory from /usr/bin/time: a child spawned from here would count Python's own
    rss = [timed(argv, ROOT, os.devnull)["rss_kib"] for _ in range(3)]
    return {"runs": runs, "median_ms": statistics.median(walls) * 1e3, "min_ms": min(walls) * 1e3,
            "max_ms": max(walls) * 1e3, "rss_kib": statistics.median(rss),
            "answer": r.stdout.splitlines()[0]}


def bare_parse(work, native, out):
    """The floor of a load of dealgraph's own file: `examples/bare_parse.rs`, which reads it
    and parses it with serde_json into typed records (strings borrowed, every record kept,
    nothing checked or built); the median of its 3 runs, in seconds."""
    exe = build_dealgraph(("--example", "bare_parse"))
    said = output([exe, os.path.join(work, native), "3"], work)
    with open(os.path.join(out, "bare_parse.out"), "w") as f:
        f.write(said + "\n")
    if not said or " s median" not in said:
        die(f"bare_parse failed: {said}")
    return float(said.split()[0])


IN_PROCESS = re.compile(r"^(\S+): median ([0-9.]+) ms, mean ([0-9.]+) ms over (\d+)$", re.M)


def in_process(work, size, data, out, tag):
    """Each path and 2-hop neighbourhood timed alone in the process, as the libraries time
    theirs: `examples/kit_queries.rs` loads `data` (the data file or the snapshot) and asks
    the 100 paths, the 3 shortest paths of each pair, then the 100 neighbourhoods, once each,
    in the queries file's order; then,
    in a process of its own so that nothing asked before warms their memory, the 100
    neighbourhoods as whole commands (`neighbours ID --depth 2`: parsed, run and written as
    text). Medians and means in ms, by query name."""
    exe = build_dealgraph(("--example", "kit_queries"))
    queries = os.path.join(work, "data", f"{size}.queries.json")
    said = ""
    for only in ("path,path-k3,khop", "khop-command"):
        said += output([exe, data, queries, only], work) + "\n"
    with open(os.path.join(out, f"{size}.{tag}.in-process.out"), "w") as f:
        f.write(said)
    got = {m.group(1): {"median_ms": float(m.group(2)), "mean_ms": float(m.group(3)),
                        "n": int(m.group(4))} for m in IN_PROCESS.finditer(said)}
    if sorted(got) != ["khop", "khop-command", "path", "path-k3"] \
            or any(g["n"] != 100 for g in got.values()):
        die(f"kit_queries did not time the 100 paths and neighbourhoods: {said}")
    return got


# ------------------------------------------------------------------ 3. the others


def run_libs(kit, work, size, py, libs, out, loads):
    results = {}
    env = dict(os.environ, PERF_DIR=work)
    for lib in libs:
        loads.phase = lib
        dest = os.path.join(out, f"{size}.{lib}.json")
        with open(os.path.join(out, f"{size}.{lib}.stdout"), "w") as o, \
                open(os.path.join(out, f"{size}.{lib}.stderr"), "w") as e:
            run([py, os.path.join(kit, "bench_py.py"), lib, size, dest], cwd=work, env=env,
                stdout=o, stderr=e)
        results[lib] = json.load(open(dest))
    return results


def run_floor(kit, work, size, out, loads):
    loads.phase = "floor"
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(work, "target"))
    run(["cargo", "build", "--release", "--quiet", "--bin", "limits", "--manifest-path",
         os.path.join(kit, "rs", "Cargo.toml")], env=env)
    dest = os.path.join(out, f"{size}.limits.json")
    with open(os.path.join(out, f"{size}.limits.stdout"), "w") as o:
        run([os.path.join(work, "target", "release", "limits"), size, dest], cwd=work,
            env=dict(os.environ, PERF_DIR=work), stdout=o)
    return json.load(open(dest))


def node_names(jsonl, ids):
    """The names of a few node ids, from the nodes at the head of gen.py's file."""
    want, names = {f'"id": "{i}"': i for i in ids}, {}
    with open(jsonl) as f:
        for line in f:
            if '"source"' in line:
                break
            for key, i in want.items():
                if key in line:
                    names[i] = json.loads(line)["name"]
            if len(names) == len(want):
                break
    return names


# ------------------------------------------------------------------ 4. the table


def secs(x):
    if x is None:
        return "—"
    if abs(x) >= 100:
        return f"{x:.0f} s"
    if abs(x) >= 10:
        return f"{x:.1f} s"
    if abs(x) >= 1:
        return f"{x:.2f} s"
    return f"{x:.3f} s"


def ms(x):
    if abs(x) >= 100:
        return f"{x:.0f} ms"
    if abs(x) >= 10:
        return f"{x:.1f} ms"
    if abs(x) >= 0.1:
        return f"{x:.2f} ms"
    return f"{x:.4f} ms"


def gib(mib):
    return f"{mib / 1024:.2f} GiB" if mib >= 1000 else f"{mib:.0f} MiB"


def times(other, dg, faster="faster", slower="slower"):
    """How many times `other` is `dg` (smaller is better), in words: "9.1× faster"."""
    r = other / dg
    word, r = (faster, r) if r >= 1 else (slower, 1 / r)
    return f"{r:.1f}× {word}" if r < 10 else f"{r:.0f}× {word}"


def ratio(other, dg, faster="faster", slower="slower"):
    """Where dealgraph stands against another value of the same measure (smaller is better)."""
    if other is None or dg is None or other <= 0 or dg <= 0:
        return ""
    return f" (dealgraph {times(other, dg, faster, slower)})"


def med(xs):
    return statistics.median(xs)


def per_query(runs, workloads):
    """Medians of whole runs, and each workload's cost per query by CPU and by wall time:
    (median of its script − median of the empty script) / N; with the empty script's CPU
    range over the rounds, the noise of those figures before dividing by N."""
    md = lambda w, k: med([r[k] for r in runs[w]])  # noqa: E731
    per = {w: {k: (md(w, k) - md("empty", k)) / per_script(w) for k in ("cpu", "wall")}
           for w in workloads}
    empty_cpu = [r["cpu"] for r in runs["empty"]]
    return md, per, max(empty_cpu) - min(empty_cpu)


def mean_of(res, key):
    """A library's mean time per query in ms, from its list of times or its total of 100."""
    xs = res.get(f"{key}_times")
    return sum(xs) / len(xs) * 1e3 if xs else res[f"{key}_total_s"] / 100 * 1e3


def per_query_cells(median, mean, dg):
    """A library's median and mean per query, each against dealgraph's in the process."""
    return (f"median {ms(median)}{ratio(median, dg['median_ms'])}, "
            f"mean {ms(mean)}{ratio(mean, dg['mean_ms'])}")


def in_process_cell(timed, key):
    """dealgraph's median and mean per query in the process; for a path, those of the 3
    shortest paths too, and for the 2-hop neighbourhood those of whole commands."""
    q = timed[key]
    cell = (f"median **{ms(q['median_ms'])}**, mean {ms(q['mean_ms'])} in the process "
            "(`examples/kit_queries.rs`, each query alone)")
    if key == "path":
        k3 = timed["path-k3"]
        cell += (f"; `path --k 3` median {ms(k3['median_ms'])}, mean {ms(k3['mean_ms'])} "
                 f"({k3['median_ms'] / q['median_ms']:.1f}× one path's median)")
    if key == "khop":
        c = timed["khop-command"]
        cell += (f"; as whole commands (parsed, run, written as text, 50 listed) median "
                 f"{ms(c['median_ms'])}, mean {ms(c['mean_ms'])}")
    return cell


def table(ctx):
    size, runs, libs, floor, check, one = (ctx[k] for k in
                                           ("size", "runs", "libs", "floor", "check", "oneshot"))
    ref = ctx["reference"]
    # the noise of a per-query figure: how much the empty script's CPU time varied, over N
    md, per, spread = per_query(runs, PER_SCRIPT)

    def noise(w, unit):
        n = spread / per_script(w)
        text = f"± {ms(n * 1e3) if unit == 'ms' else secs(n)}"
        return text + (", within the noise" if abs(per[w]["cpu"]) <= n else "")
    load_wall, load_cpu = md("stats", "wall"), md("stats", "cpu")
    rss_mib = md("stats", "rss_kib") / 1024
    cols = [LIB_NAMES.get(l, l) + " " + libs[l].get("version", "") for l in libs]
    head = ["operation"] + cols + [f"dealgraph ({ctx['commit'][:7]})", "floor (kit's `limits`)"]
    rows = []

    def lib_cells(fn):
        return [fn(l, libs[l]) for l in libs]

    # load: the empty script is the load alone; `stats` adds a query over the whole graph
    empty_wall = md("empty", "wall")

    def load_ratio(other):
        return (f" (dealgraph {times(other, empty_wall)} by the empty script, "
                f"{times(other, load_wall)} by `stats`)")
    rows.append(["load the file (parse + build)"] + lib_cells(
        lambda l, r: secs(r["load_s"]) + (f" (+{secs(r['prep_undirected_s'])} undirected copy)"
                                          if "prep_undirected_s" in r else "")
        + load_ratio(r["load_s"])) + [
        f"the empty script (the load alone) **{secs(empty_wall)}** wall, "
        f"{secs(md('empty', 'cpu'))} CPU; `stats` {secs(load_wall)} wall, {secs(load_cpu)} CPU; "
        f"a bare serde_json parse of this file (`examples/bare_parse.rs`: read, typed records, "
        f"every one kept) {secs(ctx['bare'])}, the empty script {empty_wall / ctx['bare']:.1f}× it",
        (f"{secs(floor['tuned_load_s'])} (parse + id map + CSR){load_ratio(floor['tuned_load_s'])}; "
         f"bare serde_json parse of the .jsonl {secs(floor['serde_json_borrowed_parse_s'])}"
         if floor else "—")])
    # memory
    if floor:
        floor_mib = floor["file_mb"] * 1e6 / 2**20 + floor["tuned_rss_delta_mib_excl_file"]
        floor_mem = (f"{gib(floor_mib)} (file buffer + maps + CSR; the kit's `rss_peak_mib`, "
                     f"{gib(floor['rss_peak_mib'])}, includes its memory-bandwidth probe)"
                     + ratio(floor_mib, rss_mib, "smaller", "larger"))
    rows.append(["peak memory (max RSS)"] + lib_cells(
        lambda l, r: gib(r["rss_end_mib"]) + ratio(r["rss_end_mib"], rss_mib, "smaller", "larger"))
        + [f"**{gib(rss_mib)}** (`stats`)", floor_mem if floor else "—"])
    # path and 2-hop: medians and means of each query timed alone in the process
    for key, script, name, fkey in (
            ("path", "path100", "shortest path, per query (100 pairs)", "path_bibfs"),
            ("khop", "khop100", "2-hop neighbourhood, per query (100 seeds)", "khop")):
        rows.append([name] + lib_cells(lambda l, r: per_query_cells(
            r[f"{key}_median_ms"], mean_of(r, key), ctx["in_process"][key]))
            + [in_process_cell(ctx["in_process"], key) + "; by whole runs, "
               f"mean {ms(per[script]['cpu'] * 1e3)} by CPU ({noise(script, 'ms')}), "
               f"{ms(per[script]['wall'] * 1e3)} by wall (({label(script)} − empty) / "
               f"{per_script(script)})",
               per_query_cells(floor[f"{fkey}_median_ms"], floor[f"{fkey}_total_s"] / 100 * 1e3,
                               ctx["in_process"][key]) if floor else "—"])
    # overlap of 1,000
    dg = per["overlap1000"]
    rows.append(["overlap of the 1,000 most-funded companies, all pairs"] + lib_cells(
        lambda l, r: secs(r["overlap_s"]) + ratio(r["overlap_s"], dg["cpu"])
        + (f"; {secs(r['overlap_sets_s'])} with Python sets" if "overlap_sets_s" in r else ""))
        + [f"**{secs(dg['cpu'])}** by CPU ({noise('overlap1000', 's')}), {secs(dg['wall'])} by "
           "wall (overlap1000 − empty)",
           (secs(floor["overlap_s"]) + ratio(floor["overlap_s"], dg["cpu"])) if floor else "—"])
    dg = per["overlapall"]
    rows.append(["`overlap --all --top 10` on the whole graph"] + ["—"] * len(libs) + [
        f"**{secs(dg['cpu'])}** by CPU ({noise('overlapall', 's')}), {secs(dg['wall'])} by wall "
        "(overlapall − empty); "
        f"whole run {secs(md('overlapall', 'wall'))}", "—"])
    rows.append(["one-shot `path \"SoftBank Vision Fund\" \"Chongqing police\"` on the bundled data"]
                + ["—"] * len(libs) + [
        f"**{ms(one['median_ms'])}** median of {one['runs']} from process start "
        f"({ms(one['min_ms'])}–{ms(one['max_ms'])}), {one['rss_kib'] / 1024:.1f} MiB peak", "—"])
    # answers
    def verdict(ok):
        return "same answers" if ok else "**different answers**"
    rows.append(["answers: the kit's checksums"] + lib_cells(
        lambda l, r: verdict(answers_match(r, ref))) + [
        verdict(ctx["dg_ok"]) if ref else "unchecked (nothing to compare with)", verdict(answers_match(floor_checks(floor), ref)) if floor else "—"])

    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def snapshot_table(ctx):
    """Per-query figures on the snapshot, against the libraries' means and the floor."""
    snap, libs, floor = ctx["snapshot"], ctx["libs"], ctx["floor"]
    runs, index = snap["runs"], snap["index"]
    md, per, spread = per_query(runs, SNAPSHOT_WORKLOADS[1:])

    cols = [LIB_NAMES.get(l, l) for l in libs]
    head = ["on the snapshot"] + cols + ["dealgraph", "floor"]
    rows = [["`index` (once)"] + ["—"] * len(libs) + [
        f"{secs(index['wall'])} wall, {secs(index['cpu'])} CPU, {gib(index['rss_kib'] / 1024)}; "
        f"the empty script {secs(md('empty', 'wall'))} wall, {secs(md('empty', 'cpu'))} CPU, "
        f"{gib(md('empty', 'rss_kib') / 1024)}", "—"]]
    timed = snap["in_process"]
    for key, script, name, fkey in (
            ("path", "path100", "shortest path, per query", "path_bibfs"),
            ("khop", "khop100", "2-hop neighbourhood, per query", "khop")):
        n = spread / per_script(script) * 1e3
        rows.append([name] + [per_query_cells(libs[l][f"{key}_median_ms"], mean_of(libs[l], key),
                                              timed[key]) for l in libs]
                    + [in_process_cell(timed, key) + f"; by whole runs, mean "
                       f"{ms(per[script]['cpu'] * 1e3)} by CPU (± {ms(n)}), "
                       f"{ms(per[script]['wall'] * 1e3)} by wall",
                       per_query_cells(floor[f"{fkey}_median_ms"],
                                       floor[f"{fkey}_total_s"] / 100 * 1e3, timed[key])
                       if floor else "—"])
    dg = per["overlap1000"]["cpu"]
    rows.append(["overlap of the 1,000 most-funded companies"]
                + [secs(libs[l]["overlap_s"]) + ratio(libs[l]["overlap_s"], dg) for l in libs]
                + [f"**{secs(dg)}** by CPU (± {secs(spread)}), {secs(per['overlap1000']['wall'])} "
                   "by wall; lists the best 10 pairs",
                   (secs(floor["overlap_s"]) + ratio(floor["overlap_s"], dg)) if floor else "—"])
    rows.append(["answers"] + ["—"] * len(libs) + [
        "the same as from the data file" if ctx["snapshot_ok"] else "**different from the data file's**",
        "—"])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def floor_checks(floor):
    return {"path_checksum": floor["path_bibfs_checksum"], "khop_checksum": floor["khop_checksum"],
            "overlap_sum_shared": int(floor["overlap_check"][0]),
            "overlap_nonzero_pairs": int(floor["overlap_check"][1]),
            "overlap_top10": [floor["overlap_top1"]]}


CHECKS = ["path_checksum", "khop_checksum", "overlap_sum_shared", "overlap_nonzero_pairs"]


def answers_match(res, ref):
    return all(res.get(k) == ref.get(k) for k in CHECKS)


def report(ctx):
    size, runs, check = ctx["size"], ctx["runs"], ctx["check"]
    ref, libs = ctx["reference"], ctx["libs"]
    out = [f"# dealgraph and the benchmark kit: `{size}` graph", ""]
    nodes, edges = check.get("n_nodes"), check.get("n_edges")
    out += [f"- Graph: {nodes:,} entities, {edges:,} relations ({ctx['native']}).",
            f"- dealgraph: commit {ctx['commit']}{ctx['dirty']}, `cargo build --release`, "
            f"{ctx['rustc']}.",
            f"- Date: {ctx['start']} to {ctx['end']}.",
            f"- Machine: {ctx['machine']}.",
            f"- Load average (1 minute, sampled every 15 s) during the run: "
            f"{ctx['loads'].summary()}; during dealgraph's runs "
            f"{ctx['loads'].summary('dealgraph')}.",
            f"- dealgraph: {ctx['rounds']} round{'s' if ctx['rounds'] > 1 else ''} of whole runs "
            "interleaved "
            f"({', '.join(label(w) for w in WORKLOADS)}), output to /dev/null, timed by /usr/bin/time; medians. "
            "Per query = (median of the script − median of the empty script) / N.",
            ]
    if libs:
        out.append(f"- {', '.join(LIB_NAMES.get(l, l) + ' ' + libs[l].get('version', '') for l in libs)}: "
                   f"one run each of the kit's bench_py.py ({ctx['pyversion']}), in-process timers; "
                   "peak memory is the process's max RSS.")
    else:
        out.append(f"- No Python libraries: {ctx['nolibs']}.")
    out += ["",
            table(ctx), "",
            "In a library's or the floor's cell, \"dealgraph N× faster\" compares the two values "
            "of that row: the load by wall time (the empty script's, which loads and asks nothing, "
            "and `stats`'s, which also counts the whole graph); a path or a neighbourhood by its "
            "median and by its mean per query, each query timed alone in the process, as the "
            "libraries and the floor time theirs (dealgraph's by `examples/kit_queries.rs`, which "
            "loads the same file and asks the 100 paths, then the 100 neighbourhoods, once each); "
            "the overlap by dealgraph's time by CPU. The per-query means by whole runs are shown "
            "too: (median of the script − median of the empty script) / N, with ± the range of "
            "the empty script's CPU time over the rounds, divided by the number of queries (the "
            "100 paths and the 100 neighbourhoods "
            f"are asked {REPEAT} time{'s' if REPEAT > 1 else ''} over in one run): a figure within it is no more than an "
            "order of magnitude. Wall-time differences between whole runs "
            "are shown for completeness; on a busy machine they are mostly noise.", ""]
    # checksums
    dgc = ctx["check"]
    head = ["check"] + [LIB_NAMES.get(l, l) for l in libs] + (["floor"] if ctx["floor"] else []) \
        + ["dealgraph"]
    vals = [libs[l] for l in libs] + ([floor_checks(ctx["floor"])] if ctx["floor"] else [])
    labels = {"path_checksum": "sum of the 100 path lengths",
              "khop_checksum": "sum of the 100 2-hop sizes (seed excluded)",
              "overlap_sum_shared": "overlap: shared investors summed over all pairs",
              "overlap_nonzero_pairs": "overlap: pairs sharing an investor"}
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for k in CHECKS:
        out.append("| " + " | ".join([labels[k]] + [str(v.get(k)) for v in vals] + [str(dgc.get(k))])
                   + " |")
    top = ctx["top_pair"]
    if top:
        out.append("| overlap: top pair by Jaccard | " + " | ".join(
            " & ".join(p for p in v["overlap_top10"][0][:2]) + f", {v['overlap_top10'][0][2]}"
            if "overlap_top10" in v else "—" for v in vals)
            + f" | {ctx['dg_top']} |")
    out += ["", f"dealgraph answered {dgc['path_n']} paths, {dgc['khop_n']} neighbourhoods and "
            f"{dgc['overlap_pairs']:,} pairs (`{size}.check.out`).", ""]
    # raw runs
    out += ["dealgraph's runs, wall / CPU seconds (peak RSS of `stats` in GiB):", "",
            "| round | " + " | ".join(label(w) for w in WORKLOADS) + " |", "|" + "---|" * (len(WORKLOADS) + 1)]
    for i in range(ctx["rounds"]):
        cells = []
        for w in WORKLOADS:
            r = runs[w][i]
            cells.append(f"{r['wall']:.2f} / {r['cpu']:.2f}"
                         + (f" ({r['rss_kib'] / 2**20:.2f})" if w == "stats" else ""))
        out.append(f"| {i + 1} | " + " | ".join(cells) + " |")
    out += ["", f"The same queries on a snapshot of the file (`dealgraph index`, then `--data "
            f"{size}.dgx`), {ctx['rounds']} interleaved rounds of the scripts "
            f"({', '.join(label(w) for w in SNAPSHOT_WORKLOADS)}), medians, and each path and "
            "neighbourhood timed alone in a process that opened the snapshot; ratios as above, "
            "and ± is the empty script's range over the rounds divided by the number of queries:", "", snapshot_table(ctx), ""]
    out += ["", f"The raw measurements are in `{ctx['out']}`."]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ main


def main():
    args = sys.argv[1:]
    if args and args[0] in ("-h", "--help"):
        print(__doc__.split("\n\n", 1)[1])
        return
    if len(args) > 2:
        die("usage: benches/kit.sh [SIZE [WORK]]")
    size = args[0] if args else "large"
    work = os.path.abspath(args[1] if len(args) > 1 else
                           os.environ.get("PERF_DIR") or os.path.join(ROOT, "target", "bench-kit"))
    kit = os.path.abspath(os.environ.get("KIT_DIR") or os.path.join(ROOT, "..", "shared", "bench"))
    if not os.path.exists(os.path.join(kit, "bench_py.py")):
        die(f"no benchmark kit in {kit} (set KIT_DIR)")
    if not os.path.exists("/usr/bin/time"):
        die("/usr/bin/time (GNU time) is needed")
    py = os.environ.get("KIT_PYTHON") or "python3"
    rounds = int(os.environ.get("KIT_ROUNDS", "3"))
    global REPEAT
    REPEAT = max(1, int(os.environ.get("KIT_REPEAT", "10")))
    libs = os.environ.get("KIT_LIBS", "networkx igraph scipy").split()
    out = os.path.join(work, "kit")
    os.makedirs(out, exist_ok=True)

    loads = LoadSampler()
    loads.start()
    ctx = {"size": size, "work": work, "out": out, "rounds": rounds, "machine": machine(),
           "start": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "loads": loads}
    loads.phase = "data"
    native = prepare_data(kit, work, size, py)
    ctx["native"] = os.path.relpath(native, work)

    loads.phase = "build"
    exe = build_dealgraph()
    ctx["commit"] = output(["git", "rev-parse", "HEAD"], ROOT) or "unknown"
    dirty = output(["git", "status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock"], ROOT)
    ctx["dirty"] = " with uncommitted changes to src/" if dirty else ""
    ctx["rustc"] = output(["rustc", "--version"])

    ctx["runs"] = measure_dealgraph(exe, work, size, native, out, rounds, loads)
    loads.phase = "dealgraph"
    ctx["oneshot"] = oneshot(exe, int(os.environ.get("KIT_ONESHOT", "20")))
    say(f"one-shot: {ctx['oneshot']['median_ms']:.1f} ms median")
    ctx["snapshot"] = measure_snapshot(exe, work, size, native, out, rounds, loads)
    loads.phase = "check"
    ctx["check"] = check_dealgraph(exe, work, size, native, out)
    ctx["snapshot_check"] = check_dealgraph(exe, work, size, ctx["snapshot"]["dgx"], out,
                                            "snapshot-check")
    loads.phase = "dealgraph"
    ctx["in_process"] = in_process(work, size, native, out, "data-file")
    ctx["snapshot"]["in_process"] = in_process(work, size, ctx["snapshot"]["dgx"], out, "snapshot")
    say("in the process: " + ", ".join(f"{k} {v['median_ms']:.3f} ms median"
                                        for k, v in ctx["in_process"].items()))
    loads.phase = "bare parse"
    ctx["bare"] = bare_parse(work, ctx["native"], out)
    say(f"bare parse of dealgraph's file: {ctx['bare']:.2f} s")

    have = subprocess.run([py, "-c", "import networkx, igraph, scipy"],
                          capture_output=True).returncode == 0
    ctx["libs"], ctx["nolibs"] = {}, ""
    if not libs:
        ctx["nolibs"] = "KIT_LIBS is empty"
    elif not have:
        ctx["nolibs"] = (f"{py} cannot import networkx, igraph and scipy "
                         "(set KIT_PYTHON to a Python that can)")
        say(ctx["nolibs"])
    else:
        ctx["pyversion"] = "Python " + output([py, "-c", "import platform; "
                                                "print(platform.python_version())"])
        ctx["libs"] = run_libs(kit, work, size, py, libs, out, loads)
    ctx["floor"] = run_floor(kit, work, size, out, loads) \
        if os.environ.get("KIT_FLOOR", "1") != "0" else None
    loads.stop.set()
    loads.sample()
    ctx["end"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())

    # the reference answers: a library's, else the floor's
    refs = list(ctx["libs"].values()) + ([floor_checks(ctx["floor"])] if ctx["floor"] else [])
    ctx["reference"] = refs[0] if refs else {}
    dgc = ctx["check"]
    ctx["dg_ok"] = bool(refs) and answers_match(dgc, ctx["reference"]) \
        and dgc["path_n"] == 100 and dgc["khop_n"] == 100
    ctx["snapshot_ok"] = answers_match(ctx["snapshot_check"], dgc) \
        and ctx["snapshot_check"]["overlap_best_pairs"] == dgc["overlap_best_pairs"]
    ctx["top_pair"] = None
    ctx["dg_top"] = f"{', '.join(dgc['overlap_best_pairs'])}, {dgc['overlap_best_jaccard']}"
    tops = [r["overlap_top10"][0] for r in ctx["libs"].values() if "overlap_top10" in r]
    if tops:
        a, b, j = tops[0]
        names = node_names(os.path.join(work, "data", f"{size}.jsonl"), [a, b])
        ctx["top_pair"] = (a, b, j)
        pair = {f"{names.get(a)} & {names.get(b)}", f"{names.get(b)} & {names.get(a)}"}
        found = any(p in pair for p in dgc["overlap_best_pairs"])
        same_j = abs(dgc["overlap_best_jaccard"] - float(j)) <= 0.0005
        ctx["dg_top"] += (" (the kit's top pair)" if found and same_j else " (**not the kit's top pair**)")
        ctx["dg_ok"] = ctx["dg_ok"] and found and same_j
    if not refs:
        say("no reference checksums (no library and no floor): dealgraph's answers are unchecked")

    text = report(ctx)
    dest = os.path.join(out, f"{size}.results.md")
    with open(dest, "w") as f:
        f.write(text)
    print(text)
    say(f"wrote {dest}")


if __name__ == "__main__":
    main()
