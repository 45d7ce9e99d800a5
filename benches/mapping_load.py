#!/usr/bin/env python3
"""Times loading a CSV table through a FollowTheMoney mapping: writes a made-up table of ROWS
rows (a person, a company and the person's stake in it on each row) and its mapping, then runs
`dealgraph --no-default-data --data mapping.yml stats` on it and prints wall seconds, CPU
seconds and peak memory (max RSS), medians over the runs.

    python3 benches/mapping_load.py [ROWS [WORK]]

ROWS defaults to 200000 (a table of about 3.3 MB); WORK (default $PERF_DIR, else
target/bench-mapping) is where the table and the mapping are written. The binary is
target/release/dealgraph (build it first with `cargo build --release`), or $DEALGRAPH.

Environment:
  MAP_RUNS   runs (default 3)

The table is made up for timing and holds no facts. Only the standard library is used here.
"""
import os
import statistics
import sys

from loaders import run, work_and_binary


MAPPING = """\
# A made-up table for timing: each row a person, a company and the person's stake in it.
stakes:
  queries:
    - csv_url: stakes.csv
      entities:
        person:
          schema: Person
          key: p
          properties:
            name:
              column: p
        company:
          schema: Company
          key: c
          properties:
            name:
              column: c
        stake:
          schema: Ownership
          keys: [p, c]
          properties:
            owner:
              entity: person
            asset:
              entity: company
            percentage:
              column: s
"""


def write(rows, work):
    """Writes the table and the mapping; the same rows every time."""
    os.makedirs(work, exist_ok=True)
    table = os.path.join(work, "stakes.csv")
    with open(table, "w", encoding="utf-8") as out:
        out.write("p,c,s\n")
        for i in range(rows):
            # Persons and companies repeat, as they do in real registers.
            out.write(f"p{(i * 7919) % (rows // 2 + 1)},c{(i * 104729) % (rows // 4 + 1)},{i % 100}\n")
    mapping = os.path.join(work, "stakes.yml")
    with open(mapping, "w", encoding="utf-8") as out:
        out.write(MAPPING)
    return table, mapping


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    work, binary = work_and_binary("bench-mapping")
    table, mapping = write(rows, work)
    size = os.path.getsize(table) / 1e6
    # One run: wall seconds, CPU seconds and peak memory in KiB (of any run so far: the
    # largest is what is printed).
    runs = [run(binary, mapping) for _ in range(int(os.environ.get("MAP_RUNS", "3")))]
    print("| rows | table MB | wall s | CPU s | peak MB |")
    print("|---:|---:|---:|---:|---:|")
    print(
        f"| {rows} | {size:.1f} | {statistics.median(r[0] for r in runs):.2f} "
        f"| {statistics.median(r[1] for r in runs):.2f} | {max(r[2] for r in runs) / 1024:.0f} |"
    )


if __name__ == "__main__":
    main()
