#!/usr/bin/env bash
# Times `index` on the benchmark kit's graph and one-shot commands on the snapshot it writes
# (`--data WORK/kit/SIZE.dgx path A B`, `neighbours`, `show`, `stats`) from process start, with
# wall time, CPU time and peak memory. Usage, after benches/kit.sh has generated the graph:
#
#     PERF_DIR=WORK benches/snapshot.sh [SIZE [WORK]]     (SIZE: small, 100k, large, 3m)
#
# The measuring is done by benches/snapshot.py (Python 3, standard library only).
set -euo pipefail
exec python3 "$(dirname "$0")/snapshot.py" "$@"
