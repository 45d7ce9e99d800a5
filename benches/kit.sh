#!/usr/bin/env bash
# Whole runs of the release binary on the benchmark kit's generated graph (../shared/bench), side
# by side with NetworkX, igraph, SciPy and the kit's Rust floor; prints the table of the README's
# "Performance" section and writes it to WORK/kit/SIZE.results.md. Usage:
#
#     PERF_DIR=WORK KIT_PYTHON=PYTHON benches/kit.sh [SIZE [WORK]]     (SIZE: small, 100k, large, 3m)
#
# `benches/kit.sh --help` lists the settings. The measuring is done by benches/kit.py (Python 3,
# standard library only).
set -euo pipefail
exec python3 "$(dirname "$0")/kit.py" "$@"
