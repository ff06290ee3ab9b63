#!/usr/bin/python3
"""Reference vectors for chem/fingerprint, similarity, fragments and moses_filters.

Our own re-statement of MOSES's definitions (moses/metrics/utils.py) on top of RDKit's Python
API: Morgan bits (GetMorganFingerprintAsBitVect r=2, 1024), BRICS fragments
(FragmentOnBRICSBonds -> MolToSmiles -> split('.')), scaffolds (GetScaffoldForMol, None when
empty or < 2 rings) and mol_passes_filters with MOSES's own mcf.csv and wehi_pains.csv, plus
SNN and IntDiv numbers from DataStructs.BulkTanimotoSimilarity.

Usage: make_fingerprint_vectors.py --shared ../shared/data --moses-metrics DIR --out DIR
  DIR of --moses-metrics holds MOSES's mcf.csv and wehi_pains.csv (from molecularsets/moses).
"""
import argparse
import csv
import gzip
import random

import numpy as np
from rdkit import Chem, DataStructs, RDLogger
from rdkit.Chem import AllChem
from rdkit.Chem.Scaffolds import MurckoScaffold

RDLogger.DisableLog("rdApp.*")


def read_csv_smiles(path, column="smiles"):
    with gzip.open(path, "rt") as handle:
        return [row[column] for row in csv.DictReader(handle)]


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


def load_filters(directory):
    patterns = []
    with open(f"{directory}/mcf.csv") as handle:
        for row in csv.DictReader(handle):
            patterns.append(Chem.MolFromSmarts(row["smarts"]))
    with open(f"{directory}/wehi_pains.csv") as handle:
        for row in csv.reader(handle):
            if row:
                patterns.append(Chem.MolFromSmarts(row[0]))
    return patterns


def passes_filters(mol, patterns):
    allowed = {"C", "N", "S", "O", "F", "Cl", "Br", "H"}
    ring_info = mol.GetRingInfo()
    if ring_info.NumRings() != 0 and any(len(x) >= 8 for x in ring_info.AtomRings()):
        return False
    h_mol = Chem.AddHs(mol)
    if any(atom.GetFormalCharge() != 0 for atom in mol.GetAtoms()):
        return False
    if any(atom.GetSymbol() not in allowed for atom in mol.GetAtoms()):
        return False
    if any(h_mol.HasSubstructMatch(p) for p in patterns):
        return False
    smiles = Chem.MolToSmiles(mol, isomericSmiles=False)
    return bool(smiles) and Chem.MolFromSmiles(smiles) is not None


def scaffold(mol, min_rings=2):
    try:
        scaf = MurckoScaffold.GetScaffoldForMol(mol)
    except (ValueError, RuntimeError):
        return ""
    smiles = Chem.MolToSmiles(scaf)
    if smiles == "" or scaf.GetRingInfo().NumRings() < min_rings:
        return ""
    return smiles


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", required=True)
    parser.add_argument("--moses-metrics", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(20261124)
    nci = []
    with open("/usr/share/RDKit/Data/NCI/first_5K.smi") as handle:
        nci = [line.split()[0] for line in handle if line.strip()]
    hiv = read_csv_smiles(f"{args.shared}/hiv.csv.gz")
    qm9 = read_csv_smiles(f"{args.shared}/qm9.csv.gz")
    smiles = rng.sample(nci, 500) + rng.sample(hiv, 450) + rng.sample(qm9, 300)
    patterns = load_filters(args.moses_metrics)
    rows = []
    fps = []
    for s in smiles:
        mol = get_mol(s)
        if mol is None:
            continue
        fp = AllChem.GetMorganFingerprintAsBitVect(mol, 2, nBits=1024)
        fps.append(fp)
        frags = Chem.MolToSmiles(AllChem.FragmentOnBRICSBonds(mol)).split(".")
        rows.append((s, " ".join(str(b) for b in fp.GetOnBits()), " ".join(sorted(frags)),
                     scaffold(mol, 2), scaffold(mol, 0), "1" if passes_filters(mol, patterns) else "0"))
    with open(f"{args.out}/molecules.tsv", "w") as out:
        out.write("smiles\ton_bits\tfragments\tscaffold\tscaffold_any\tpasses_filters\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    # Similarity references: queries = first 300 rows, references = the next 600.
    queries, references = fps[:300], fps[300:900]
    snn = [max(DataStructs.BulkTanimotoSimilarity(q, references)) for q in queries]
    sims = np.array([DataStructs.BulkTanimotoSimilarity(q, queries) for q in queries])
    intdiv1 = 1 - np.mean(np.mean(sims, axis=1))
    intdiv2 = 1 - np.mean(np.sqrt(np.mean(sims ** 2, axis=1)))
    pair = DataStructs.TanimotoSimilarity(fps[0], fps[1])
    with open(f"{args.out}/similarity.tsv", "w") as out:
        out.write("name\tvalue\n")
        out.write(f"snn_mean_first300_vs_next600\t{float(np.mean(snn))!r}\n")
        out.write(f"intdiv1_first300\t{float(intdiv1)!r}\n")
        out.write(f"intdiv2_first300\t{float(intdiv2)!r}\n")
        out.write(f"tanimoto_row0_row1\t{pair!r}\n")
        for i in range(5):
            out.write(f"snn_row{i}\t{snn[i]!r}\n")


if __name__ == "__main__":
    main()
