#!/usr/bin/env python3
"""Times each loader on a made-up file of many tiny records: writes, for each format (native,
ftm, bods, ocds, gleif), a file of about MB megabytes, runs `dealgraph --no-default-data --data
FILE stats` on it and prints the file's size, wall seconds, CPU seconds and peak memory (max
RSS), medians over the runs.

    python3 benches/loaders.py [MB [WORK [FORMAT...]]]

MB defaults to 10; WORK (default $PERF_DIR, else target/bench-loaders) is where the files are
written; the formats default to all five. The binary is target/release/dealgraph (build it
first with `cargo build --release`), or $DEALGRAPH. The mapping loader has its own script,
benches/mapping_load.py.

Environment:
  LOAD_RUNS   runs (default 3)

The records are made up for timing and hold no facts: companies and people who repeat, as in
real registers, joined by stakes, contracts and consolidations. Only the standard library is
used here.
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def native(i, n):
    """Records of the native format: a company, a fund and the fund's investment."""
    c, f = f"c{i}", f"f{(i * 7919) % (n // 2 + 1)}"
    return [
        ("entities", {"id": c, "name": f"Company {i}", "kind": "company", "country": "DE"}),
        ("entities", {"id": f"{f}-{i}", "name": f"Fund {i}", "kind": "fund"}),
        ("relations", {"from": f"{f}-{i}", "to": c, "type": "invests_in",
                       "status": "confirmed", "sources": [{"source": "made-up"}]}),
    ]


def ftm(i, n):
    """FtM lines: a company, a person and the person's stake."""
    p, c = f"p{(i * 7919) % (n // 2 + 1)}", f"c{(i * 104729) % (n // 4 + 1)}"
    return [
        {"id": c, "schema": "Company", "properties": {"name": [f"Company {c}"], "country": ["de"]}},
        {"id": p, "schema": "Person", "properties": {"name": [f"Person {p}"]}},
        {"id": f"o{i}", "schema": "Ownership",
         "properties": {"owner": [p], "asset": [c], "percentage": [str(i % 100)]}},
    ]


def bods(i, n):
    """BODS 0.4 statements: an entity, a person and the person's shareholding."""
    p, c = f"p{(i * 7919) % (n // 2 + 1)}", f"e{(i * 104729) % (n // 4 + 1)}"
    return [
        {"statementId": f"s{i}e", "recordId": c, "recordType": "entity",
         "recordDetails": {"entityType": {"type": "registeredEntity"}, "name": f"Company {c}",
                           "jurisdiction": {"code": "FI"}}},
        {"statementId": f"s{i}p", "recordId": p, "recordType": "person",
         "recordDetails": {"personType": "knownPerson", "names": [{"fullName": f"Person {p}"}]}},
        {"statementId": f"s{i}r", "recordId": f"r{i}", "recordType": "relationship",
         "recordDetails": {"subject": c, "interestedParty": p,
                           "interests": [{"type": "shareholding", "share": {"exact": i % 100}}]}},
    ]


def ocds(i, n):
    """An OCDS release: a buyer, a supplier and the award between them."""
    b, s = f"B{i % 2000}", f"S{(i * 7919) % (n // 2 + 1)}"
    return [{
        "ocid": f"o-{i}", "date": "2020-01-01",
        "parties": [{"id": b, "name": f"Ministry {b}", "roles": ["buyer"]},
                    {"id": s, "name": f"Supplier {s}", "roles": ["supplier"]}],
        "buyer": {"id": b, "name": f"Ministry {b}"},
        "awards": [{"id": f"a{i}", "date": "2020-02-03",
                    "value": {"amount": i, "currency": "EUR"},
                    "suppliers": [{"id": s, "name": f"Supplier {s}"}]}],
    }]


def lei(prefix, i):
    return f"{prefix}{i:0{20 - len(prefix)}d}"


def gleif(i, n):
    """GLEIF records: a company and its consolidation by a parent."""
    child, parent = lei("CH", i), lei("CH", (i * 7919) % n)
    return [
        {"type": "lei-records", "id": child,
         "attributes": {"lei": child, "entity": {"legalName": {"name": f"COMPANY {i} GMBH"},
                                                 "legalAddress": {"country": "DE"},
                                                 "jurisdiction": "DE"}}},
        {"type": "relationship-records", "id": f"r{i}",
         "attributes": {"relationship": {"startNode": {"id": child, "type": "LEI"},
                                         "endNode": {"id": parent, "type": "LEI"},
                                         "type": "IS_DIRECTLY_CONSOLIDATED_BY",
                                         "status": "ACTIVE"}}},
    ] if child != parent else []


FORMATS = {"native": native, "ftm": ftm, "bods": bods, "ocds": ocds, "gleif": gleif}


def estimate(fmt):
    """The rows that make about one megabyte of this format."""
    one = json.dumps(FORMATS[fmt](12345, 1_000_000), separators=(",", ":"))
    return max(1, int(1e6 / len(one)))


def write(fmt, mb, work):
    """Writes the file of this format; the same records every time."""
    os.makedirs(work, exist_ok=True)
    rows = int(mb * estimate(fmt))
    ext = "ijson" if fmt == "ftm" else "json"
    path = os.path.join(work, f"{fmt}.{ext}")
    records = (r for i in range(rows) for r in FORMATS[fmt](i, rows))
    with open(path, "w", encoding="utf-8") as out:
        if fmt == "native":
            lists = {"entities": [], "relations": []}
            for key, record in records:
                lists[key].append(record)
            json.dump({"sources": [{"id": "made-up", "title": "Made-up records for timing"}],
                       **lists}, out, separators=(",", ":"))
        elif fmt == "ftm":
            for record in records:
                out.write(json.dumps(record, separators=(",", ":")) + "\n")
        elif fmt == "bods":
            out.write("[\n" + ",\n".join(json.dumps(r, separators=(",", ":")) for r in records)
                      + "\n]\n")
        elif fmt == "ocds":
            out.write('{"uri":"made-up","releases":[\n'
                      + ",\n".join(json.dumps(r, separators=(",", ":")) for r in records)
                      + "\n]}\n")
        else:
            out.write('{"data":[\n'
                      + ",\n".join(json.dumps(r, separators=(",", ":")) for r in records)
                      + "\n]}\n")
    return path


def run(binary, path):
    """One run: wall seconds, CPU seconds and peak memory in MB of the child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [binary, "--no-default-data", "--data", path, "stats"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"loaders.py: dealgraph failed on {path}: "
                 f"{done.stderr.decode(errors='replace')[:2000]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss


def work_and_binary(folder):
    """The work folder (the second argument, else $PERF_DIR, else target/FOLDER) and the
    binary ($DEALGRAPH, else target/release/dealgraph)."""
    work = (
        sys.argv[2]
        if len(sys.argv) > 2
        else os.environ.get("PERF_DIR", os.path.join(ROOT, "target", folder))
    )
    binary = os.environ.get("DEALGRAPH", os.path.join(ROOT, "target", "release", "dealgraph"))
    return work, binary


def main():
    mb = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    work, binary = work_and_binary("bench-loaders")
    formats = sys.argv[3:] or list(FORMATS)
    print("| format | file MB | wall s | CPU s | peak MB |")
    print("|---|---:|---:|---:|---:|")
    for fmt in formats:
        path = write(fmt, mb, work)
        runs = []
        for _ in range(int(os.environ.get("LOAD_RUNS", "3"))):
            # ru_maxrss of the children is the largest of any child so far, so each run
            # is measured from a fresh Python child that runs dealgraph once.
            out = subprocess.run(
                [sys.executable, __file__, "--one", binary, path],
                capture_output=True, text=True, check=True,
            ).stdout.split()
            runs.append(tuple(float(x) for x in out))
        print(
            f"| {fmt} | {os.path.getsize(path) / 1e6:.1f} "
            f"| {statistics.median(r[0] for r in runs):.2f} "
            f"| {statistics.median(r[1] for r in runs):.2f} "
            f"| {max(r[2] for r in runs) / 1024:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(*run(sys.argv[2], sys.argv[3]))
    else:
        main()
