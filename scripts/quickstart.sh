#!/usr/bin/env bash
# `make quickstart`: the main job on the embedded default data (the NCI set from Debian's
# rdkit-data): prepare a scaffold-split dataset, round-trip it through SELFIES, compute its
# property table, train a small SiLD model, sample from it, generate a 1,000-molecule candidate
# library (unique, novel, MOSES filters), evaluate the library with the MOSES metrics, and write
# the HTML report. Finished steps are skipped on a second run (an output newer than its input
# counts as finished).
set -euo pipefail
build_dir=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
sild="$root/$build_dir/sild"
nci=/usr/share/RDKit/Data/NCI/first_5K.smi
out="$root/quickstart"
mkdir -p "$out"
cd "$out"
store="$out/sild.sqlite"

step() {  # step NAME OUTPUT INPUT -- command...
  local name=$1 output=$2 input=$3
  shift 4
  if [[ -e "$output" && "$output" -nt "$input" ]]; then
    echo "quickstart: $name: done already ($output)"
    return
  fi
  echo "quickstart: $name"
  "$@"
}

step "prepare the NCI dataset (scaffold split)" datasets/nci/train.smi "$nci" -- \
  "$sild" data prepare --input "$nci" --name nci --split scaffold --store "$store"
step "encode the training molecules as SELFIES" nci.selfies datasets/nci/train.smi -- \
  "$sild" convert --to selfies --input datasets/nci/train.smi --output nci.selfies
step "decode SELFIES back to SMILES" nci.decoded.smi nci.selfies -- \
  "$sild" convert --to smiles --input nci.selfies --output nci.decoded.smi
step "compute QED, SA, logP, MW" nci.props.csv datasets/nci/train.smi -- \
  "$sild" props --input datasets/nci/train.smi --output nci.props.csv
step "train a small SiLD model (a few minutes on 2 cores)" model/denoiser.pt datasets/nci/train.smi -- \
  "$sild" train --dataset nci --datasets datasets --out model --store "$store" --resume \
    --max-length 50 --model-dim 128 --encoder-layers 2 --decoder-layers 2 --latent-channels 32 \
    --stage1-steps 600 --stage2-steps 1000 --stage1-batch 64 --stage2-batch 128 --warmup-steps 50 \
    --denoiser-hidden 256 --log-interval 100 --eval-interval 300 --checkpoint-interval 200
step "sample 1,000 molecules" samples.smi model/denoiser.pt -- \
  "$sild" sample --model model -n 1000 --output samples.smi --store "$store"
step "generate a 1,000-molecule library (unique, novel, MOSES filters)" library.sdf model/denoiser.pt -- \
  "$sild" generate --model model -n 1000 --output library.sdf --unique --novel --moses-filters --seed 1 \
    --store "$store"
step "evaluate the library (MOSES metrics)" metrics.json library.sdf -- \
  "$sild" eval --generated library.sdf --dataset datasets/nci --json metrics.json --store "$store"
eval_run=$("$sild" runs list --store "$store" --kind eval --ids-only | head -n 1)
step "write the HTML report" report.html metrics.json -- \
  "$sild" report "$eval_run" --output report.html --store "$store"

echo
echo "quickstart outputs (in $out):"
echo "  dataset:          datasets/nci/{train,test,test_scaffolds}.smi"
echo "  SELFIES:          nci.selfies (decoded back: nci.decoded.smi)"
echo "  property table:   nci.props.csv"
echo "  model:            model/"
echo "  samples:          samples.smi"
echo "  library:          library.sdf (1,000 molecules with QED, SA, logP, MW as SD tags)"
echo "  metrics:          metrics.json"
echo "  report:           report.html"
echo "  results database: sild.sqlite   (build/sild runs list --store quickstart/sild.sqlite)"
