#!/usr/bin/env bash
# `make quickstart`: the main job on the embedded default data (the NCI set from Debian's
# rdkit-data). Until the model lands (issues 4 and 5) the job is the chemistry pipeline:
# SMILES -> SELFIES -> SMILES round trip and the property table. Finished steps are skipped
# on a second run (an output newer than its input counts as finished).
set -euo pipefail
build_dir=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
sild="$root/$build_dir/sild"
nci=/usr/share/RDKit/Data/NCI/first_5K.smi
out="$root/quickstart"
mkdir -p "$out"

step() {  # step NAME OUTPUT INPUT -- command...
  local name=$1 output=$2 input=$3
  shift 4
  if [[ -s "$output" && "$output" -nt "$input" ]]; then
    echo "quickstart: $name: done already ($output)"
    return
  fi
  echo "quickstart: $name"
  "$@"
}

step "encode NCI molecules as SELFIES" "$out/nci.selfies" "$nci" -- \
  "$sild" convert --to selfies --input "$nci" --output "$out/nci.selfies"
step "decode SELFIES back to SMILES" "$out/nci.decoded.smi" "$out/nci.selfies" -- \
  "$sild" convert --to smiles --input "$out/nci.selfies" --output "$out/nci.decoded.smi"
step "compute QED, SA, logP, MW" "$out/nci.props.csv" "$nci" -- \
  "$sild" props --input "$nci" --output "$out/nci.props.csv"

echo
echo "quickstart outputs:"
echo "  SELFIES:           $out/nci.selfies"
echo "  decoded SMILES:    $out/nci.decoded.smi"
echo "  property table:    $out/nci.props.csv"
