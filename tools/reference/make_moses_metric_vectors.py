#!/usr/bin/python3
"""Reference values for chem/moses_metrics: MOSES's get_all_metrics definitions (FCD excluded)
re-stated on RDKit's Python API, numpy and scipy, evaluated on small fixed QM9-based sets.

MOSES itself cannot be imported without PyTorch; this script follows moses/metrics/metrics.py and
utils.py step by step (get_mol, canonic_smiles, fraction_valid, fraction_unique, SNN through
average_agg_tanimoto, compute_fragments/compute_scaffolds + cos_similarity, internal_diversity,
mol_passes_filters with MOSES's mcf.csv/wehi_pains.csv, WassersteinMetric with
scipy.stats.wasserstein_distance, novelty), in float64.

Writes into --out: generated.smi, test.smi, test_scaffolds.smi, train.smi and metrics.tsv.
Usage: make_moses_metric_vectors.py --shared ../shared/data --moses-metrics DIR --out DIR
"""
import argparse
import csv
import gzip
import random
import sys
from collections import Counter

import numpy as np
from rdkit import Chem, DataStructs, RDLogger
from rdkit.Chem import AllChem, Crippen, Descriptors
from rdkit.Chem.QED import qed
from rdkit.Chem.Scaffolds import MurckoScaffold
from scipy.spatial.distance import cosine
from scipy.stats import wasserstein_distance

sys.dont_write_bytecode = True
sys.path.append("/usr/share/RDKit/Contrib/SA_Score")
import sascorer  # noqa: E402

RDLogger.DisableLog("rdApp.*")


def get_mol(smiles):
    if not smiles:
        return None
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return None
    try:
        Chem.SanitizeMol(mol)
    except ValueError:
        return None
    return mol


def canonic(smiles):
    mol = get_mol(smiles)
    return None if mol is None else Chem.MolToSmiles(mol)


def fingerprints(mols):
    return [AllChem.GetMorganFingerprintAsBitVect(m, 2, nBits=1024) for m in mols]


def agg_tanimoto(ref_fps, gen_fps, agg, p=1):
    values = []
    for g in gen_fps:
        sims = np.array(DataStructs.BulkTanimotoSimilarity(g, ref_fps))
        if p != 1:
            sims = sims ** p
        values.append(sims.max() if agg == "max" else sims.mean())
    values = np.array(values)
    if agg == "mean" and p != 1:
        values = values ** (1 / p)
    return float(np.mean(values))


def fragments(mols):
    counts = Counter()
    for m in mols:
        counts.update(Chem.MolToSmiles(AllChem.FragmentOnBRICSBonds(m)).split("."))
    return counts


def scaffolds(mols):
    counts = Counter()
    for m in mols:
        scaf = MurckoScaffold.GetScaffoldForMol(m)
        s = Chem.MolToSmiles(scaf)
        if s != "" and scaf.GetRingInfo().NumRings() >= 2:
            counts[s] += 1
    return counts


def cos_similarity(ref, gen):
    if not ref or not gen:
        return float("nan")
    keys = np.unique(list(ref.keys()) + list(gen.keys()))
    return 1 - cosine(np.array([ref.get(k, 0) for k in keys]), np.array([gen.get(k, 0) for k in keys]))


def load_filters(directory):
    patterns = []
    with open(f"{directory}/mcf.csv") as handle:
        patterns += [Chem.MolFromSmarts(row["smarts"]) for row in csv.DictReader(handle)]
    with open(f"{directory}/wehi_pains.csv") as handle:
        patterns += [Chem.MolFromSmarts(row[0]) for row in csv.reader(handle) if row]
    return patterns


def passes(mol, patterns):
    ring_info = mol.GetRingInfo()
    if ring_info.NumRings() != 0 and any(len(x) >= 8 for x in ring_info.AtomRings()):
        return False
    h_mol = Chem.AddHs(mol)
    if any(a.GetFormalCharge() != 0 for a in mol.GetAtoms()):
        return False
    if any(a.GetSymbol() not in {"C", "N", "S", "O", "F", "Cl", "Br", "H"} for a in mol.GetAtoms()):
        return False
    if any(h_mol.HasSubstructMatch(p) for p in patterns):
        return False
    s = Chem.MolToSmiles(mol, isomericSmiles=False)
    return bool(s) and Chem.MolFromSmiles(s) is not None


def props(mols):
    return {"logP": [Crippen.MolLogP(m) for m in mols], "SA": [sascorer.calculateScore(m) for m in mols],
            "QED": [qed(m) for m in mols], "weight": [Descriptors.MolWt(m) for m in mols]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", required=True)
    parser.add_argument("--moses-metrics", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(7)
    with gzip.open(f"{args.shared}/qm9.csv.gz", "rt") as handle:
        qm9 = [row["smiles"] for row in csv.DictReader(handle)]
    rng.shuffle(qm9)
    train = [canonic(s) for s in qm9[:4000]]
    test = [canonic(s) for s in qm9[4000:5500]]
    test_sf = [canonic(s) for s in qm9[5500:6300]]
    generated = qm9[6300:7800] + train[:300] + train[:50] + ["C1CC", "not_a_smiles", "", "c1cccc1", "CC(C)(C)(C)C"]
    rng.shuffle(generated)
    for name, rows in (("train", train), ("test", test), ("test_scaffolds", test_sf), ("generated", generated)):
        with open(f"{args.out}/{name}.smi", "w") as out:
            out.writelines(s + "\n" for s in rows)

    metrics = {}
    parsed = [get_mol(s) for s in generated]
    metrics["valid"] = 1 - parsed.count(None) / len(parsed)
    gen = [Chem.MolToSmiles(m) for m in parsed if m is not None]
    for k in (1000, 10000):
        subset = gen[:k]
        metrics[f"unique@{k}"] = len(set(subset)) / len(subset)
    mols = [get_mol(s) for s in gen]
    gen_fps = fingerprints(mols)
    gen_props = props(mols)
    for name, reference in (("Test", test), ("TestSF", test_sf)):
        ref_mols = [get_mol(s) for s in reference]
        metrics[f"SNN/{name}"] = agg_tanimoto(fingerprints(ref_mols), gen_fps, "max")
        metrics[f"Frag/{name}"] = cos_similarity(fragments(ref_mols), fragments(mols))
        metrics[f"Scaf/{name}"] = cos_similarity(scaffolds(ref_mols), scaffolds(mols))
        if name == "Test":
            test_props = props(ref_mols)
    metrics["IntDiv"] = 1 - agg_tanimoto(gen_fps, gen_fps, "mean", 1)
    metrics["IntDiv2"] = 1 - agg_tanimoto(gen_fps, gen_fps, "mean", 2)
    patterns = load_filters(args.moses_metrics)
    metrics["Filters"] = float(np.mean([passes(m, patterns) for m in mols]))
    for name in ("logP", "SA", "QED", "weight"):
        metrics[name] = float(wasserstein_distance(test_props[name], gen_props[name]))
    gen_set = set(gen)
    metrics["Novelty"] = len(gen_set - set(train)) / len(gen_set)
    with open(f"{args.out}/metrics.tsv", "w") as out:
        out.write("metric\tvalue\n")
        for name, value in metrics.items():
            out.write(f"{name}\t{value!r}\n")


if __name__ == "__main__":
    main()
