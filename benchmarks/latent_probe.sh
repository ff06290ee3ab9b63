#!/usr/bin/env bash
# Probes a trained molecule model's decoder G around and between the latents of held-out
# molecules (BENCHMARKS, "Where generation breaks"): N test molecules are encoded, their latents
# moved (Gaussian noise in units of each coordinate's standard deviation over the encoded set,
# midpoints of random pairs, fresh draws from a Gaussian with the set's per-coordinate mean and
# standard deviation), decoded with `sild decode`, and every decoded set evaluated against the
# dataset's test split like a sample. With SAMPLES > 0, that many Stage-2 samples are drawn and
# evaluated the same way, and the median standardised distance from a latent to its nearest
# training latent is printed for the samples, the test latents and N(0, I) draws.
# Needs /usr/bin/python3 with numpy and RDKit (scripts/install-deps.sh python).
# Usage: benchmarks/latent_probe.sh BUILD_DIR MODEL_DIR DATASET_DIR WORK_DIR [N] [SAMPLES]
set -euo pipefail
[[ $# -ge 4 ]] || { sed -n '2,11p' "$0" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
sild="$root/$1/sild"
model=$(realpath "$2")
dataset=$(realpath "$3")
work=$4
n=${5:-2000}
samples=${6:-1000}
mkdir -p "$work"
cd "$work"
python=/usr/bin/python3

shuf -n "$n" --random-source=<(yes) "$dataset/test.smi" | cut -f1 -d' ' > test.smi
shuf -n 20000 --random-source=<(yes) "$dataset/train.smi" | cut -f1 -d' ' > train.smi
[[ -f test.latents.csv ]] || "$sild" --log-level warn encode --model "$model" -i test.smi -o test.latents.csv
[[ -f train.latents.csv ]] || "$sild" --log-level warn encode --model "$model" -i train.smi -o train.latents.csv

# Moved latents, in encode's CSV layout (line,smiles,z0..): one file per probe.
"$python" - << 'EOF'
import csv, numpy as np
def read(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    head = rows[0]
    cols = [i for i, h in enumerate(head) if h.startswith('z')]
    return [r[1] for r in rows[1:]], np.array([[float(r[i]) for i in cols] for r in rows[1:]])
def write(path, z):
    with open(path, 'w') as f:
        f.write('line,smiles,' + ','.join(f'z{i}' for i in range(z.shape[1])) + '\n')
        for i, row in enumerate(z):
            f.write(f'{i + 2},,' + ','.join(f'{v:.7g}' for v in row) + '\n')
_, z = read('test.latents.csv')
rng = np.random.default_rng(7)
mean, std = z.mean(0), z.std(0)
for scale in (0.25, 0.5, 1.0):
    write(f'noise{scale}.latents.csv', z + scale * std * rng.standard_normal(z.shape))
pairs = rng.permutation(len(z))
write('midpoints.latents.csv', 0.5 * (z + z[pairs]))
write('gaussian.latents.csv', mean + std * rng.standard_normal(z.shape))
EOF

probes=(unchanged noise0.25 noise0.5 noise1.0 midpoints gaussian)
cp test.latents.csv unchanged.latents.csv
for p in "${probes[@]}"; do
  [[ -f $p.decoded.csv ]] || "$sild" --log-level warn decode --model "$model" -i "$p.latents.csv" -o "$p.decoded.csv"
  tail -n +2 "$p.decoded.csv" | awk -F, '{ print $NF }' > "$p.smi"
done
if [[ $samples -gt 0 ]]; then
  [[ -f samples.smi ]] || "$sild" --log-level warn sample --model "$model" -n "$samples" --seed 1 \
    --output samples.smi --latents samples.latents.csv
  probes+=(samples)
fi

printf '%-10s %7s %7s %7s %7s %7s\n' probe exact SNN Frag Filters KL
for p in "${probes[@]}"; do
  [[ -f $p.json ]] || "$sild" --log-level warn eval --generated "$p.smi" --dataset "$dataset" --json "$p.json" > /dev/null
  exact=-
  [[ $p == samples ]] || exact=$("$python" - "$p.smi" << 'EOF'
import sys
from rdkit import Chem, RDLogger
RDLogger.DisableLog('rdApp.*')
def canon(s):
    m = Chem.MolFromSmiles(s)
    return Chem.MolToSmiles(m) if m else None
test = [canon(l.split()[0]) for l in open('test.smi')]
got = [canon(l.strip()) for l in open(sys.argv[1])]
print(f'{sum(a is not None and a == b for a, b in zip(test, got)) / len(test):.3f}')
EOF
)
  "$python" - "$p" "$exact" << 'EOF'
import json, sys
m = json.load(open(sys.argv[1] + '.json'))
flat = {}
def walk(d, prefix=''):
    for k, v in d.items():
        if isinstance(v, dict): walk(v, prefix + k + '/')
        else: flat[prefix + k] = v
walk(m)
def pick(*names):
    for k, v in flat.items():
        if any(k.endswith(n) for n in names): return f'{v:.3f}'
    return '-'
print(f'{sys.argv[1]:<10} {sys.argv[2]:>7} {pick("SNN/Test"):>7} {pick("Frag/Test"):>7} '
      f'{pick("Filters"):>7} {pick("GuacaMol/KL"):>7}')
EOF
done

if [[ $samples -gt 0 ]]; then
  "$python" - << 'EOF'
import csv, numpy as np
def read(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    cols = [i for i, h in enumerate(rows[0]) if h.startswith('z')]
    return np.array([[float(r[i]) for i in cols] for r in rows[1:]])
train, test, samp = read('train.latents.csv'), read('test.latents.csv'), read('samples.latents.csv')
mean, std = train.mean(0), train.std(0)
t = (train - mean) / std
def nn(x):
    x = (x - mean) / std
    d2 = (x * x).sum(1)[:, None] - 2 * x @ t.T + (t * t).sum(1)[None, :]
    return np.median(np.sqrt(np.maximum(d2.min(1), 0)))
rng = np.random.default_rng(7)
print(f'median standardised distance to the nearest of {len(t)} training latents '
      f'(dim {t.shape[1]}): samples {nn(samp):.2f}, test {nn(test):.2f}, '
      f'N(0,I) {nn(mean + std * rng.standard_normal(test.shape)):.2f}')
EOF
fi
