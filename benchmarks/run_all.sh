#!/usr/bin/env bash
# Runs every benchmark executable and the Python-stack baselines where python3-rdkit is present.
# Usage: benchmarks/run_all.sh [BUILD_DIR]
set -euo pipefail
build_dir=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
for bench in "$build_dir"/benchmarks/bench_*; do
  echo "## $(basename "$bench")"
  "$bench"
  echo
done
