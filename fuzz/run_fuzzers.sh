#!/usr/bin/env bash
# Runs every libFuzzer target for N seconds from its seed corpus (a copy, so new inputs stay out
# of the repository). Crashes are written to fuzz-artifacts/. Usage: run_fuzzers.sh BUILD_DIR SECONDS
set -euo pipefail
build_dir=${1:-build-fuzz}
seconds=${2:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/fuzz-artifacts"
export LSAN_OPTIONS="suppressions=$root/fuzz/lsan.supp:print_suppressions=0"
for target in smiles_tokenizer selfies_decoder selfies_encoder molecule_reader config_parsers; do
  work=$(mktemp -d)
  cp -r "$root/fuzz/corpus/$target/." "$work/" 2>/dev/null || true
  echo "fuzz_$target: ${seconds}s"
  "$build_dir/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=1024 -timeout=10 \
    -artifact_prefix="$root/fuzz-artifacts/$target-" "$work" 2>&1 | tail -n 3
  rm -rf "$work"
done
