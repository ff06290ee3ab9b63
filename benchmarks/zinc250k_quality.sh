#!/usr/bin/env bash
# Issue 15's quality benchmark on drug-like molecules: ZINC250k (../shared/data/zinc250k.csv.gz)
# with a scaffold split; SiLD and the VAE-LDM baseline trained with configs/zinc250k.ini (only
# --method differs), the CharRNN baseline on the same split for about the same wall-clock time
# (its step count is set from SiLD's training time and its own measured step rate); then 10,000
# samples of each evaluated against the test and scaffold-test splits, and the whole test split
# reconstructed (SiLD, VAE-LDM). Every step is skipped when its output exists, so an interrupted
# run continues where it stopped (training resumes from its checkpoints).
# Usage: benchmarks/zinc250k_quality.sh [BUILD_DIR] [WORK_DIR] [METHODS]
#   METHODS: a comma-separated subset of sild,vae-ldm,charrnn (default: all three; several hours)
set -euo pipefail
build_dir=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
sild="$root/$build_dir/sild"
work=${2:-$root/zinc250k-quality}
methods=${3:-sild,vae-ldm,charrnn}
zinc="$root/../shared/data/zinc250k.csv.gz"
[[ -f "$zinc" ]] || { echo "zinc250k_quality: $zinc not found (it comes with ../shared)" >&2; exit 1; }
mkdir -p "$work"
cd "$work"
store="$work/sild.sqlite"
[[ -f datasets/zinc250k/train.smi ]] ||
  "$sild" --log-level warn data prepare --input "$zinc" --name zinc250k --split scaffold --store "$store"

# --resume only where a run has started (it refuses an empty directory).
resume_flag() { [[ -f "$1/config.ini" ]] && echo --resume || true; }

train() {  # METHOD OUT [flags...]
  local method=$1 out=$2
  shift 2
  [[ -f "$out.train-time" ]] && return 0
  local start
  start=$(date +%s)
  "$sild" --log-level info train --dataset zinc250k --out "$out" --method "$method" --store "$store" \
    --run-name "zinc250k-$out" $(resume_flag "$out") "$@" 2> "$out.train.log"
  echo "$(( $(date +%s) - start ))" > "$out.train-time"
}

IFS=, read -r -a selected <<< "$methods"
for method in "${selected[@]}"; do
  case "$method" in
    sild | vae-ldm) train "$method" "$method" --config "$root/configs/zinc250k.ini" ;;
    charrnn)
      # The same wall-clock budget as SiLD: measure the CharRNN's step time, then set its steps.
      budget=$(cat sild.train-time 2> /dev/null || echo 5400)
      if [[ ! -f charrnn.train-time ]]; then
        seconds_for() {  # STEPS: wall time of a fresh CharRNN run of that many steps
          rm -rf charrnn-rate
          local start=$EPOCHREALTIME
          "$sild" --log-level warn train --dataset zinc250k --out charrnn-rate --method charrnn --charrnn-steps "$1" \
            --store "$store" --run-name zinc250k-charrnn-rate 2> /dev/null
          awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }'
          rm -rf charrnn-rate
        }
        short=$(seconds_for 20)
        long=$(seconds_for 60)
        per_step=$(awk -v s="$short" -v l="$long" 'BEGIN { print (l - s) / 40 }')
        steps=$(awk -v b="$budget" -v s="$short" -v p="$per_step" 'BEGIN { printf "%d", (b - (s - 20 * p)) / p }')
        echo "charrnn: $per_step s per step, $steps steps for SiLD's $budget s" | tee charrnn.steps
        train charrnn charrnn --charrnn-steps "$steps" --eval-interval 1000
      fi
      ;;
    *) echo "zinc250k_quality: unknown method '$method'" >&2; exit 2 ;;
  esac
  [[ -f "$method.samples.smi" ]] || {
    start=$EPOCHREALTIME
    "$sild" --log-level warn sample --model "$method" -n 10000 --output "$method.samples.smi" --store "$store" --seed 1
    awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f molecules/s (whole command)\n", 10000 / (b - a) }' \
      > "$method.sample-rate"
  }
  [[ -f "$method.metrics.json" ]] ||
    "$sild" --log-level warn eval --generated "$method.samples.smi" --dataset datasets/zinc250k \
      --json "$method.metrics.json" --store "$store" --run-name "zinc250k-$method-eval" > "$method.metrics.txt"
  if [[ "$method" != charrnn && ! -f "$method.recon.csv" ]]; then
    "$sild" reconstruct --model "$method" --input datasets/zinc250k/test.smi --output "$method.recon.csv" \
      2> "$method.recon.log"
  fi
done

echo
for method in "${selected[@]}"; do
  echo "== $method: trained in $(cat "$method.train-time") s, sampling $(cat "$method.sample-rate")"
  cat "$method.metrics.txt"
  [[ -f "$method.recon.log" ]] && tail -n 1 "$method.recon.log"
done
