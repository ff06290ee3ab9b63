#!/usr/bin/python3
"""Reference values for models/frechet_distance: the FCD formula as bioinf-jku/FCD and
fcd_torch compute it (scipy.linalg.sqrtm of sigma1.dot(sigma2), retried with 1e-6 on the diagonal
when not finite, real part of the trace), on fixed random feature sets.

Writes one file per case: <case>.a.tsv and <case>.b.tsv (rows = samples) and expected.tsv.
Usage: make_frechet_vectors.py --out tests/reference/frechet
"""
import argparse

import numpy as np
from scipy import linalg


def frechet(a, b):
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    diff = mu1 - mu2
    covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(s1.shape[0]) * 1e-6
        covmean = linalg.sqrtm((s1 + offset).dot(s2 + offset))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(11)
    cases = {
        "gaussians": (rng.normal(size=(200, 6)), rng.normal(loc=0.5, scale=1.5, size=(150, 6))),
        "correlated": (rng.normal(size=(300, 10)) @ rng.normal(size=(10, 10)),
                       rng.normal(size=(250, 10)) @ rng.normal(size=(10, 10)) + 1.0),
        "rank_deficient": (rng.normal(size=(5, 12)), rng.normal(size=(7, 12))),
        "identical": (np.tile(rng.normal(size=(40, 4)), (1, 1)),) * 2,
    }
    with open(f"{args.out}/expected.tsv", "w") as out:
        out.write("case\tfrechet\n")
        for name, (a, b) in cases.items():
            np.savetxt(f"{args.out}/{name}.a.tsv", a, delimiter="\t", fmt="%.17g")
            np.savetxt(f"{args.out}/{name}.b.tsv", b, delimiter="\t", fmt="%.17g")
            out.write(f"{name}\t{frechet(a, b)!r}\n")


if __name__ == "__main__":
    main()
