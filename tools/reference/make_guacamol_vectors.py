#!/usr/bin/python3
"""Reference vectors for chem/bertz_ct and chem/guacamol_metrics.

Our own re-statement of GuacaMol's distribution-learning code (guacamol/utils/chemistry.py,
sampling_helpers.py, data.py, distribution_learning_benchmark.py) on RDKit, numpy and scipy:
descriptors through RDKit's MolecularDescriptorCalculator (BertzCT is RDKit's Python-only
GraphDescriptors.BertzCT), continuous KL via scipy.stats.gaussian_kde on 1000 linspace points,
discrete KL via 10-bin numpy histograms, internal nearest-neighbour similarity on 4096-bit ECFP4,
the training subset via np.random.seed(42) + np.random.choice(replace=False), and the sampling
helpers run on a "model" that replays a molecule list from its start for each benchmark.

Usage: /usr/bin/python3 tools/reference/make_guacamol_vectors.py --shared ../shared/data --out tests/reference/guacamol
"""
import argparse
import csv
import gzip
import math
import os

import numpy as np
from rdkit import Chem, DataStructs, RDLogger
from rdkit.Chem import AllChem
from rdkit.ML.Descriptors import MoleculeDescriptors
from scipy.stats import entropy, gaussian_kde

RDLogger.DisableLog("rdApp.*")

DESCRIPTORS = ["BertzCT", "MolLogP", "MolWt", "TPSA", "NumHAcceptors", "NumHDonors", "NumRotatableBonds",
               "NumAliphaticRings", "NumAromaticRings"]


def is_valid(smiles):
    mol = Chem.MolFromSmiles(smiles)
    return smiles != "" and mol is not None and mol.GetNumAtoms() > 0


def canonicalize(smiles, include_stereocenters=True):
    mol = Chem.MolFromSmiles(smiles)
    return Chem.MolToSmiles(mol, isomericSmiles=include_stereocenters) if mol is not None else None


def canonicalize_list(smiles_list, include_stereocenters=True):
    seen, out = set(), []
    for s in smiles_list:
        c = canonicalize(s, include_stereocenters)
        if c is not None and c not in seen:
            seen.add(c)
            out.append(c)
    return out


def descriptors(smiles_list):
    calc = MoleculeDescriptors.MolecularDescriptorCalculator(DESCRIPTORS)
    rows = []
    for s in smiles_list:
        mol = Chem.MolFromSmiles(s)
        if mol is None:
            continue
        values = np.array(calc.CalcDescriptors(mol), dtype=float)
        values[~np.isfinite(values)] = 0
        rows.append(values)
    return np.array(rows)


def continuous_kldiv(baseline, sampled):
    kde_p, kde_q = gaussian_kde(baseline), gaussian_kde(sampled)
    both = np.hstack([baseline, sampled])
    x = np.linspace(both.min(), both.max(), num=1000)
    return entropy(kde_p(x) + 1e-10, kde_q(x) + 1e-10)


def discrete_kldiv(baseline, sampled):
    p, bins = np.histogram(baseline, bins=10, density=True)
    q, _ = np.histogram(sampled, bins=bins, density=True)
    return entropy(p + 1e-10, q + 1e-10)


def nearest_neighbour_similarities(smiles_list):
    fps = [AllChem.GetMorganFingerprintAsBitVect(m, 2, 4096)
           for m in (Chem.MolFromSmiles(s) for s in smiles_list) if m is not None]
    sims = np.zeros((len(fps), len(fps)))
    for i in range(1, len(fps)):
        row = DataStructs.BulkTanimotoSimilarity(fps[i], fps[:i])
        sims[i, :i] = row
        sims[:i, i] = row
    return sims.max(axis=1)


class Replay:
    """A generator model that hands out the molecules of a list in order."""

    def __init__(self, molecules):
        self.molecules, self.position = molecules, 0

    def generate(self, count):
        out = self.molecules[self.position:self.position + count]
        self.position += len(out)
        return out


def sample_valid(model, n, max_tries=10):
    drawn, valid = 0, []
    while len(valid) < n and drawn < max_tries * n:
        remaining = n - len(valid)
        samples = model.generate(remaining)
        drawn += remaining
        valid += [m for m in samples if is_valid(m)]
    return valid


def sample_unique(model, n, max_tries=10):
    drawn, unique_list, unique_set = 0, [], set()
    while len(unique_list) < n and drawn < max_tries * n:
        remaining = n - len(unique_list)
        samples = model.generate(remaining)
        drawn += remaining
        for s in samples:
            c = canonicalize(s)
            if c is not None and c not in unique_set:
                unique_set.add(c)
                unique_list.append(c)
    return unique_list


def scores(generated, training, n):
    out = {}
    valid_count = sum(1 for s in Replay(generated).generate(n) if is_valid(s))
    out["validity"] = valid_count / n
    out["uniqueness"] = len(canonicalize_list(sample_valid(Replay(generated), n), False)) / n
    train_set = set(canonicalize_list(training, False))
    unique = set(canonicalize_list(sample_unique(Replay(generated), n, max_tries=2), False))
    out["novelty"] = len(unique - train_set) / n
    np.random.seed(42)
    subset = canonicalize_list(list(np.random.choice(training, n, replace=False)), False)
    d_sampled, d_train = descriptors(unique), descriptors(subset)
    parts = {}
    for i in range(4):
        parts[DESCRIPTORS[i]] = continuous_kldiv(d_train[:, i], d_sampled[:, i])
    for i in range(4, 9):
        parts[DESCRIPTORS[i]] = discrete_kldiv(d_train[:, i], d_sampled[:, i])
    parts["internal_similarity"] = continuous_kldiv(nearest_neighbour_similarities(subset),
                                                    nearest_neighbour_similarities(list(unique)))
    out["kl_divergence"] = sum(math.exp(-v) for v in parts.values()) / len(parts)
    return out, parts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", required=True)
    parser.add_argument("--nci", default="/usr/share/RDKit/Data/NCI/first_5K.smi")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with gzip.open(os.path.join(args.shared, "qm9.csv.gz"), "rt") as handle:
        qm9 = [row["smiles"] for row in csv.DictReader(handle)]
    with open(args.nci) as handle:
        nci = [line.split()[0] for line in handle if line.strip()]

    # Descriptors of 150 QM9 and 150 NCI molecules (every k-th), plus edge cases.
    cases = qm9[::900][:150] + nci[::30][:150] + ["C", "CC", "[Na+].[Cl-]", "C.C", "c1ccccc1.O", "C#N", "O=C=O",
                                                  "CC(=O)[O-].[K+]", "C1CC1C1CC1"]
    calc = MoleculeDescriptors.MolecularDescriptorCalculator(DESCRIPTORS)
    with open(os.path.join(args.out, "descriptors.tsv"), "w") as out:
        out.write("smiles\t" + "\t".join(DESCRIPTORS) + "\n")
        for s in cases:
            mol = Chem.MolFromSmiles(s)
            if mol is None:
                continue
            out.write(s + "\t" + "\t".join(repr(float(v)) for v in calc.CalcDescriptors(mol)) + "\n")

    with open(os.path.join(args.out, "permutation.txt"), "w") as out:
        for n, k in ((25, 10), (1000, 7), (4000, 1000)):
            np.random.seed(42)
            out.write("%d %d %s\n" % (n, k, " ".join(str(i) for i in np.random.permutation(n)[:k])))

    rng = np.random.RandomState(7)
    a, b = rng.normal(0, 1, 300), rng.normal(0.5, 1.5, 200)
    c, d = rng.randint(0, 6, 300).astype(float), rng.randint(1, 9, 250).astype(float)
    with open(os.path.join(args.out, "kl.tsv"), "w") as out:
        out.write("continuous\t%r\ndiscrete\t%r\n" % (continuous_kldiv(a, b), discrete_kldiv(c, d)))
    with open(os.path.join(args.out, "kl_inputs.tsv"), "w") as out:
        for name, values in (("a", a), ("b", b), ("c", c), ("d", d)):
            out.write(name + "\t" + " ".join(repr(float(v)) for v in values) + "\n")

    # Whole scores: training = 4000 NCI lines; generated = the remaining NCI lines mixed with
    # training molecules, repeats and broken strings (918 lines); n = 800.
    training = nci[:4000]
    generated = []
    for i, s in enumerate(nci[4000:4700]):
        generated.append(s)
        if i % 7 == 0:
            generated.append(training[i])
        if i % 11 == 0:
            generated.append(s)
        if i % 13 == 0:
            generated.append("C1CC(")
    generated = generated[:1200]
    with open(os.path.join(args.out, "generated.smi"), "w") as out:
        out.write("\n".join(generated) + "\n")
    result, parts = scores(generated, training, 800)
    with open(os.path.join(args.out, "scores.tsv"), "w") as out:
        for key, value in list(result.items()) + [("kl/" + k, v) for k, v in parts.items()]:
            out.write("%s\t%r\n" % (key, value))
    print(result)


if __name__ == "__main__":
    main()
