#!/usr/bin/env bash
# Makes the pretrained model shipped in models/pretrained/zinc250k (issue 15, item 4): SiLD with
# configs/zinc250k.ini on ZINC250k (../shared/data) with a scaffold split, trained, sampled,
# evaluated and reconstructed by benchmarks/zinc250k_quality.sh, then exported with float16
# weights (`sild export --half`) next to a card (README.md) holding the data, this command, the
# commit and the benchmark's numbers. Resumable: a finished benchmark step is not run again.
# Usage: scripts/pretrain-zinc250k.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
build_dir=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${2:-$root/zinc250k-quality}
sild="$root/$build_dir/sild"
out="$root/models/pretrained/zinc250k"

"$root/benchmarks/zinc250k_quality.sh" "$build_dir" "$work" sild
rm -rf "$out.new"
"$sild" export --model "$work/sild" --out "$out.new" --half
commit=$(git -C "$root" rev-parse --short HEAD)
{
  echo "# Pretrained SiLD model: ZINC250k"
  echo
  echo "Made by \`scripts/pretrain-zinc250k.sh\` at commit $commit on $(date -u +%Y-%m-%d) ($(nproc) cores, CPU)."
  echo
  echo "- **Data**: ZINC250k (\`../shared/data/zinc250k.csv.gz\`), \`sild data prepare --split scaffold\`:"
  echo "  $(wc -l < "$work/datasets/zinc250k/train.smi") training molecules (5% of them held out for"
  echo "  validation), $(wc -l < "$work/datasets/zinc250k/test.smi") test, $(wc -l < "$work/datasets/zinc250k/test_scaffolds.smi") scaffold-test."
  echo "- **Config**: \`configs/zinc250k.ini\` (the same as \`config.ini\` here); SELFIES, L = $(grep '^max-length' "$out.new/config.ini" | cut -d' ' -f3)."
  echo "- **Weights**: float16 (\`sild export --half\`); the networks run in float32 after loading."
  echo "- **Training time**: $(cat "$work/sild.train-time") s of wall time for both stages."
  echo "- **Held-out reconstruction** (all test molecules): $(tail -n 1 "$work/sild.recon.log" | sed 's/^\[[a-z]*\] //')"
  echo "- **Sampling**: $(cat "$work/sild.sample-rate")."
  echo
  echo "Metrics of 10,000 samples (DDIM, 50 steps, seed 1) against the test and scaffold-test splits:"
  echo
  echo '```'
  cat "$work/sild.metrics.txt"
  echo '```'
  echo
  echo "Use: \`build/sild generate --model models/pretrained/zinc250k -n 1000 --output library.sdf --unique --novel --moses-filters --filter \"qed>=0.5,sa<=4\"\`."
  echo "\`novelty.bin\` holds the hashes of the training molecules' canonical SMILES, so \`--novel\` works without the data."
} > "$out.new/README.md"
rm -rf "$out"
mv "$out.new" "$out"
du -sh "$out"
