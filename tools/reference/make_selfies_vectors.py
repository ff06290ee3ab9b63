#!/usr/bin/python3
"""Reference vectors for chem/selfies: what the reference `selfies` library (2.2.0) outputs.

Writes (gzip'd TSV) into --out:
  molecules.tsv.gz  smiles, selfies (encoder output or ERROR), decoded (decoder of that SELFIES)
  random.tsv.gz     preset, selfies (random symbol strings), decoded (or ERROR)
  alphabet.tsv      preset, symbol (get_semantic_robust_alphabet under each preset)

Usage: PYTHONPATH=<selfies-2.2.0 checkout> make_selfies_vectors.py --shared ../shared/data --out DIR
"""
import argparse
import csv
import gzip
import random

import selfies as sf

EDGE_CASES = [
    "C", "[H][H]", "[2H]C([2H])([2H])[2H]", "[13CH3][13CH2]O", "C[C@H](N)C(=O)O", "C[C@@H](N)C(=O)O",
    "F/C=C/F", "F/C=C\\F", "C/C=C/C=C/C", "[NH4+].[Cl-]", "[O-][N+](=O)c1ccccc1", "c1ccc2ccccc2c1",
    "c1cc[nH]c1", "c1ccoc1", "c1ccsc1", "O=c1cc[nH]cc1", "C1CC2CCC1C2", "C12C3C4C1C5C2C3C45",
    "C%10CC%10", "C1CCCCCCCCCCCC1", "OC(=O)C1=CC=CC=C1", "[Na+].[O-]C(=O)C", "N#N", "O=O", "C#C",
    "[Fe+2]", "[Cu]", "[Se]1C=CC=C1", "c1cc[se]c1", "B(O)(O)c1ccccc1", "FS(F)(F)(F)(F)F", "ClI(Cl)Cl",
    "P(=O)(O)(O)O", "CS(=O)(=O)O", "[C@@]12(C)CC[C@H](C1)C2", "C[C@]1(O)CC[C@@](C)(O)CC1",
    "N[C@@H](Cc1c[nH]c2ccccc12)C(=O)O", "[O-][I+3]([O-])([O-])[O-]", "C1=CC=CC=C1.C1=CC=CC=C1", "CC(C)(C)C",
    "C=1CC1", "C1CC=1", "c1ccccc1-c1ccccc1", "[nH]1cccc1", "C[N+](C)(C)C", "[CH3-]", "[CH2]", "[C]",
]


def read_csv_smiles(path):
    with gzip.open(path, "rt") as handle:
        return [row["smiles"] for row in csv.DictReader(handle)]


def encode(smiles):
    try:
        return sf.encoder(smiles)
    except Exception:  # the reference raises EncoderError, and a few other types on odd input
        return "ERROR"


def decode(selfies):
    try:
        return sf.decoder(selfies)
    except Exception:
        return "ERROR"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(20261124)
    qm9 = read_csv_smiles(f"{args.shared}/qm9.csv.gz")
    hiv = read_csv_smiles(f"{args.shared}/hiv.csv.gz")
    special = [s for s in hiv if any(mark in s for mark in ("@", "/", "\\", "+", "-]", ".", "[2H]", "[13C"))]
    molecules = EDGE_CASES + rng.sample(qm9, 900) + rng.sample(hiv, 700) + rng.sample(special, 500)
    sf.set_semantic_constraints("default")
    with gzip.open(f"{args.out}/molecules.tsv.gz", "wt") as out:
        out.write("smiles\tselfies\tdecoded\n")
        for s in molecules:
            encoded = encode(s)
            out.write(f"{s}\t{encoded}\t{'' if encoded == 'ERROR' else decode(encoded)}\n")
    with gzip.open(f"{args.out}/random.tsv.gz", "wt") as out, open(f"{args.out}/alphabet.tsv", "w") as alpha_out:
        out.write("preset\tselfies\tdecoded\n")
        alpha_out.write("preset\tsymbol\n")
        for preset in ("default", "octet_rule", "hypervalent"):
            sf.set_semantic_constraints(preset)
            alphabet = sorted(sf.get_semantic_robust_alphabet())
            for symbol in alphabet:
                alpha_out.write(f"{preset}\t{symbol}\n")
            extra = ["[nop]", "[13C@@H1]", "[O-1]", "[N+1]", "[/C]", "[\\N]", "[-/Ring1]", "[\\/Ring2]",
                     "[=Ring3]", "[CH4]", "[Na]", "[Xx]", "[C", "."]
            for _ in range(1200):
                length = rng.randint(1, 30)
                symbols = [rng.choice(alphabet + extra) for _ in range(length)]
                text = "".join(symbols)
                out.write(f"{preset}\t{text}\t{decode(text)}\n")
    sf.set_semantic_constraints("default")


if __name__ == "__main__":
    main()
