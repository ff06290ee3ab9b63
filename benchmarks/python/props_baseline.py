#!/usr/bin/python3
"""Baseline for bench_properties: RDKit's Python QED.qed and Contrib sascorer over a SMILES file.

Prints one line per property: '<name> <molecules> <seconds>' (parsing excluded, single thread).
Usage: props_baseline.py FILE   (one SMILES per line, first field)
"""
import sys
import time

from rdkit import Chem, RDLogger
from rdkit.Chem import QED

sys.dont_write_bytecode = True
sys.path.append("/usr/share/RDKit/Contrib/SA_Score")
import sascorer  # noqa: E402

RDLogger.DisableLog("rdApp.*")
mols = []
with open(sys.argv[1]) as handle:
    for line in handle:
        fields = line.split()
        if fields:
            mol = Chem.MolFromSmiles(fields[0])
            if mol is not None and mol.GetNumAtoms() > 0:
                mols.append(mol)
for name, function in (("qed", QED.qed), ("sa", sascorer.calculateScore)):
    start = time.perf_counter()
    for mol in mols:
        function(mol)
    print(name, len(mols), time.perf_counter() - start)
