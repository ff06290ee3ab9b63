#!/usr/bin/python3
"""Writes tests/reference/properties/reference.tsv: QED, SA score, Crippen logP and average MW
computed by Debian's python3-rdkit, the oracle for sild's C++ property code.

It samples molecules deterministically (fixed seed) from the NCI set shipped by rdkit-data and
from ../shared/data (HIV, QM9, Lipophilicity), and adds molecules chosen so that every SA-score
term (stereo centres, spiro, bridgehead, macrocycle, fingerprint density, the 10-end smoothing)
and QED's handling of charges, salts and explicit hydrogens is exercised. It computes nothing
itself: every number comes from RDKit's own Python functions.

Run with Debian's interpreter (the one that has python3-rdkit):
    /usr/bin/python3 tools/reference/make_property_vectors.py \
        --shared ../shared/data --out tests/reference/properties/reference.tsv
"""
import argparse
import csv
import gzip
import random
import sys

import rdkit
from rdkit import Chem, RDLogger
from rdkit.Chem import QED, Descriptors, rdMolDescriptors

SA_SCORE_DIR = '/usr/share/RDKit/Contrib/SA_Score'
NCI_FILE = '/usr/share/RDKit/Data/NCI/first_5K.smi'
SEED = 20240611

# Hand-picked inputs for paths a random sample may miss: explicit hydrogens (QED's RemoveHs),
# isotopes (QED alerts), single atoms, a spiro/bridged cage, a macrocycle, charged salts.
EXTRA_SMILES = [
    '[H]OC([H])([H])[H]',
    '[2H]C([2H])([2H])Oc1ccccc1',
    'C[13C](=O)O',
    '[15NH4+].[Cl-]',
    'C',
    'O',
    '[Na+].[Cl-]',
    'CC(=O)[O-].[Na+]',
    'C1CC2(C1)CC1(C2)CC1',
    'C1C2CC3CC1CC(C2)C3',
    'C12C3C4C1C5C2C3C45',
    'C1CCCCCCCCCCCCCCCCCCCC1',
    'O=C1CCCCCCCCCCCCCCCN1',
    'C[C@H](N)C(=O)O',
    'C/C=C/C(=O)O',
    'FC(F)(F)C(F)(F)C(F)(F)F',
    'OCC(O)C(O)C(O)C(O)CO',
    'N#N',
    'c1ccc2c(c1)ccc1ccccc12',
    'CC(C)(C)c1cc(C(C)(C)C)c(O)c(C(C)(C)C)c1',
]


def read_csv_smiles(path, column='smiles'):
    with gzip.open(path, 'rt', newline='') as handle:
        return [row[column] for row in csv.DictReader(handle)]


def read_nci():
    with open(NCI_FILE) as handle:
        return [line.split()[0] for line in handle if line.strip()]


def features(mol):
    """Tags used to make sure the sample covers every SA term and QED special case."""
    tags = set()
    if any(atom.GetFormalCharge() != 0 for atom in mol.GetAtoms()):
        tags.add('charge')
    if len(Chem.GetMolFrags(mol)) > 1:
        tags.add('salt')
    if Chem.FindMolChiralCenters(Chem.Mol(mol), includeUnassigned=True):
        tags.add('stereo')
    if rdMolDescriptors.CalcNumSpiroAtoms(mol) > 0:
        tags.add('spiro')
    if rdMolDescriptors.CalcNumBridgeheadAtoms(mol) > 0:
        tags.add('bridgehead')
    if any(len(ring) > 8 for ring in mol.GetRingInfo().AtomRings()):
        tags.add('macrocycle')
    return tags


def sample(smiles, count, rng, wanted_tags=(), per_tag=0):
    """`count` random parseable SMILES plus up to `per_tag` molecules carrying each tag."""
    order = list(range(len(smiles)))
    rng.shuffle(order)
    chosen, seen, tag_counts = [], set(), {tag: 0 for tag in wanted_tags}
    random_taken = 0
    for index in order:
        text = smiles[index]
        if text in seen or '\t' in text:
            continue
        mol = Chem.MolFromSmiles(text)
        if mol is None or mol.GetNumAtoms() == 0:
            continue
        tags = features(mol) if wanted_tags else set()
        useful = [tag for tag in tags if tag in tag_counts and tag_counts[tag] < per_tag]
        if random_taken < count or useful:
            chosen.append(text)
            seen.add(text)
            if random_taken < count and not useful:
                random_taken += 1
            for tag in useful:
                tag_counts[tag] += 1
        if random_taken >= count and all(v >= per_tag for v in tag_counts.values()):
            break
    return chosen


def properties(text, sascorer):
    """Each property on a freshly parsed molecule, as a user of RDKit's Python API would."""
    qed = QED.qed(Chem.MolFromSmiles(text))
    sa = sascorer.calculateScore(Chem.MolFromSmiles(text))
    logp = Descriptors.MolLogP(Chem.MolFromSmiles(text))
    mw = Descriptors.MolWt(Chem.MolFromSmiles(text))
    return qed, sa, logp, mw


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--shared', required=True, help='directory with hiv/qm9/lipo .csv.gz')
    parser.add_argument('--out', required=True)
    args = parser.parse_args()

    RDLogger.DisableLog('rdApp.*')
    sys.dont_write_bytecode = True  # leave the system's Contrib folder untouched
    sys.path.append(SA_SCORE_DIR)
    import sascorer  # noqa: E402 (RDKit Contrib module, found through SA_SCORE_DIR)

    rng = random.Random(SEED)
    tags = ('charge', 'salt', 'stereo', 'spiro', 'bridgehead', 'macrocycle')
    inputs = list(EXTRA_SMILES)
    inputs += sample(read_nci(), 450, rng, tags, 10)
    inputs += sample(read_csv_smiles(f'{args.shared}/hiv.csv.gz'), 250, rng, tags, 25)
    inputs += sample(read_csv_smiles(f'{args.shared}/lipo.csv.gz'), 150, rng, tags, 10)
    inputs += sample(read_csv_smiles(f'{args.shared}/qm9.csv.gz'), 150, rng, tags, 15)

    rows, seen = [], set()
    for text in inputs:
        if text in seen:
            continue
        seen.add(text)
        rows.append((text,) + properties(text, sascorer))

    with open(args.out, 'w', newline='') as handle:
        handle.write('smiles\tqed\tsa\tlogp\tmw\n')
        for text, qed, sa, logp, mw in rows:
            handle.write(f'{text}\t{qed!r}\t{sa!r}\t{logp!r}\t{mw!r}\n')
    print(f'wrote {len(rows)} rows with RDKit {rdkit.__version__} to {args.out}', file=sys.stderr)


if __name__ == '__main__':
    main()
