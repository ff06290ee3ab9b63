#!/usr/bin/env bash
# Issue 4's quality benchmark: SiLD and the VAE-LDM baseline trained with configs/qm9.ini on
# QM9 (scaffold split), each within the same budget; then 10,000 samples (DDIM, 50 steps)
# evaluated against the QM9 test split, and reconstruction of the held-out test molecules.
# Usage: benchmarks/qm9_quality.sh [BUILD_DIR] [WORK_DIR]     (about 40 minutes on 2 cores)
set -euo pipefail
build_dir=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
sild="$root/$build_dir/sild"
work=${2:-$root/qm9-quality}
qm9="$root/../shared/data/qm9.csv.gz"
[[ -f "$qm9" ]] || { echo "qm9_quality: $qm9 not found (it comes with ../shared)" >&2; exit 1; }
mkdir -p "$work"
cd "$work"
store="$work/sild.sqlite"
[[ -f datasets/qm9/train.smi ]] || "$sild" --log-level warn data prepare --input "$qm9" --name qm9 --split scaffold --store "$store"

for method in sild vae-ldm; do
  if [[ ! -f "$method/denoiser.pt" ]]; then
    start=$(date +%s)
    # --resume only once a run has started: it refuses an empty model directory.
    resume=()
    [[ -f "$method/config.ini" ]] && resume=(--resume)
    "$sild" --log-level warn train --dataset qm9 --out "$method" --method "$method" --config "$root/configs/qm9.ini" \
      --store "$store" --run-name "qm9-$method" "${resume[@]}"
    echo "$method: trained in $(( $(date +%s) - start )) s" | tee "$method.train-time"
  fi
  [[ -f "$method.samples.smi" ]] || "$sild" --log-level warn sample --model "$method" -n 10000 --sampler ddim --steps 50 \
      --output "$method.samples.smi" --store "$store" --seed 1
  [[ -f "$method.metrics.json" ]] || "$sild" --log-level warn eval --generated "$method.samples.smi" --dataset datasets/qm9 \
      --json "$method.metrics.json" --store "$store" --run-name "qm9-$method-eval" > "$method.metrics.txt"
  [[ -f "$method.recon.csv" ]] || "$sild" reconstruct --model "$method" --input datasets/qm9/test.smi \
      --output "$method.recon.csv" 2> "$method.recon.log"
done

echo
for method in sild vae-ldm; do
  echo "== $method ($(cat "$method.train-time" 2>/dev/null || echo 'trained earlier'))"
  grep -E "^(valid|unique@10000|SNN/Test|Frag/Test|Scaf/Test|IntDiv|Novelty|logP|SA|QED|weight) " "$method.metrics.txt"
  tail -n 1 "$method.recon.log"
done
