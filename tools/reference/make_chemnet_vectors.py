#!/usr/bin/python3
"""Reference vectors for models/chemnet, chem/chemnet_tokens and FCD.

A small ChemNet with random weights is built in fcd_torch's weight format (the format of the
published ChemNet_v0.13_pretrained.pt: a list of (layer_type, (state_dict, kwargs, other_info))),
converted with tools/chemnet_to_safetensors.py into tests/reference/chemnet/tiny_chemnet.safetensors,
and evaluated here independently in PyTorch following fcd_torch's semantics: one-hot over the
35-symbol alphabet (regex tokens, '.' appended, padded to 350, divided by 35), the input
transposed to channels-first, SamePadding1d's padding rule before each "same" convolution, the
activation, a transpose before the first LSTM, a time flip before a reversed LSTM, the output
sequence, and the last step of the last LSTM. FCD as fcd_torch's calculate_frechet_distance:
unbiased covariances (np.cov), scipy.linalg.sqrtm, the squared distance.

Usage: /usr/bin/python3 tools/reference/make_chemnet_vectors.py --out tests/reference/chemnet
Needs python3-torch, python3-numpy, python3-scipy, python3-rdkit (Debian).
"""
import argparse
import os
import re
import sys
import tempfile

import numpy as np
import torch
from rdkit import Chem, RDLogger
from scipy import linalg

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import chemnet_to_safetensors  # noqa: E402

RDLogger.DisableLog("rdApp.*")

ALPHABET = ["C", "N", "O", "H", "F", "Cl", "P", "B", "Br", "S", "I", "Si", "#", "(", ")", "+", "-", "1", "2", "3",
            "4", "5", "6", "7", "8", "=", "[", "]", "@", "c", "n", "o", "s", "X", "."]
# Longest symbols first, then any single character (unknown -> X).
PATTERN = re.compile("|".join(re.escape(s) for s in sorted(ALPHABET, key=lambda s: (-len(s), s))) + "|.")

TOKEN_CASES = ["CCO", "ClCCBr", "C[Si](C)(C)C", "[Na+].[Cl-]", "C[Se]C", "c1ccccc1O", "OC(=O)C9", "N#C/C=C\\Cl",
               "C" * 360]


def tokens(smiles, limit=350):
    indices = [ALPHABET.index(m.group()) if m.group() in ALPHABET else ALPHABET.index("X")
               for m in PATTERN.finditer(smiles + ".")]
    return indices[:limit]


def one_hot(smiles):
    array = np.zeros((350, 35), dtype=np.float32)
    for position, index in enumerate(tokens(smiles)):
        array[position, index] = 1.0
    return array / 35.0


def fcd_torch_padding(length, kernel, stride):
    pad = max(kernel - stride, 0) if length % stride == 0 else max(kernel - length % stride, 0)
    if pad % stride == 0:
        return pad // stride, pad // stride
    return pad // stride, pad - pad // stride


def random_config(seed):
    torch.manual_seed(seed)
    spec = [("Conv1d", dict(in_channels=35, out_channels=12, kernel_size=4, stride=2), dict(padding="same", activation="selu")),
            ("Conv1d", dict(in_channels=12, out_channels=10, kernel_size=3, stride=1), dict(padding="same", activation="relu")),
            ("LSTM", dict(input_size=10, hidden_size=16, batch_first=True), dict(reverse=False, last=False)),
            ("LSTM", dict(input_size=16, hidden_size=20, batch_first=True), dict(reverse=True, last=True))]
    config = []
    for kind, kwargs, info in spec:
        layer = torch.nn.Conv1d(**kwargs) if kind == "Conv1d" else torch.nn.LSTM(**kwargs)
        with torch.no_grad():
            for parameter in layer.parameters():  # larger than the default init, so molecules differ
                parameter.mul_(40.0 if kind == "Conv1d" else 8.0)
        config.append((kind, (layer.state_dict(), kwargs, info)))
    return config


def features(config, smiles_list):
    x = torch.from_numpy(np.stack([one_hot(s) for s in smiles_list])).transpose(1, 2)
    activations = {"selu": torch.nn.functional.selu, "relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}
    with torch.no_grad():
        seen_lstm = False
        for kind, (state, kwargs, info) in config:
            if kind == "Conv1d":
                layer = torch.nn.Conv1d(**kwargs)
                layer.load_state_dict(state)
                if info["padding"] == "same":
                    x = torch.nn.functional.pad(x, fcd_torch_padding(x.shape[2], kwargs["kernel_size"], kwargs["stride"]))
                x = activations[info["activation"]](layer(x))
            else:
                if not seen_lstm:
                    x = x.transpose(1, 2)
                    seen_lstm = True
                layer = torch.nn.LSTM(**kwargs)
                layer.load_state_dict(state)
                if info["reverse"]:
                    x = torch.flip(x, [1])
                x = layer(x)[0]
                if info["last"]:
                    x = x[:, -1]
    return x.numpy().astype(np.float64)


def frechet(a, b):
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a.T), np.cov(b.T)
    covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(s1.shape[0]) * 1e-6
        covmean = linalg.sqrtm((s1 + offset).dot(s2 + offset))
    covmean = covmean.real
    diff = mu1 - mu2
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--nci", default="/usr/share/RDKit/Data/NCI/first_5K.smi")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    with open(os.path.join(args.out, "tokens.tsv"), "w") as out:
        for smiles in TOKEN_CASES:
            out.write("%s\t%s\n" % (smiles, " ".join(str(i) for i in tokens(smiles))))

    config = random_config(seed=20261125)
    with tempfile.TemporaryDirectory() as tmp:
        pt = os.path.join(tmp, "tiny_chemnet.pt")
        torch.save(config, pt)
        chemnet_to_safetensors.convert(pt, os.path.join(args.out, "tiny_chemnet.safetensors"))

    # Canonical molecules from the NCI file (rdkit-data), every 50th line.
    canonical = []
    with open(args.nci) as handle:
        for number, line in enumerate(handle):
            if number % 50 != 0:
                continue
            mol = Chem.MolFromSmiles(line.split()[0])
            if mol is not None:
                canonical.append(Chem.MolToSmiles(mol))
    # Set a: the 40 shortest, set b: the 40 longest of 80, so the distance is far from zero.
    chosen = sorted(canonical[:80], key=lambda s: (len(s), s))
    set_a, set_b = chosen[:40], chosen[40:]
    with open(os.path.join(args.out, "sets.tsv"), "w") as out:
        for name, molecules in (("a", set_a), ("b", set_b)):
            for smiles in molecules:
                out.write("%s\t%s\n" % (name, smiles))
    feature_cases = TOKEN_CASES[:-1] + set_a[:6]
    values = features(config, feature_cases)
    with open(os.path.join(args.out, "features.tsv"), "w") as out:
        for smiles, row in zip(feature_cases, values):
            out.write("%s\t%s\n" % (smiles, " ".join("%.9g" % v for v in row)))
    fa, fb = features(config, set_a), features(config, set_b)
    with open(os.path.join(args.out, "fcd.txt"), "w") as out:
        out.write("%.12g\n" % frechet(fa, fb))
    print("wrote", args.out, "FCD(a, b) =", frechet(fa, fb))


if __name__ == "__main__":
    main()
