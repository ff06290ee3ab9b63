#!/usr/bin/python3
"""Baseline for bench_eval: MOSES's own get_all_metrics on the same inputs.

MOSES (github.com/molecularsets/moses) is not packaged; point --moses-src at a checkout (the
directory holding the `moses` package). Its FCD needs fcd_torch and the ChemNet weights, which
are not installable here, so FCD is replaced by a no-op stub (bench_eval excludes FCD too);
matplotlib, imported by moses.utils but unused by the metrics, is stubbed when missing.
Needs Debian's python3-rdkit, python3-numpy, python3-scipy, python3-pandas, python3-torch.

Usage: moses_baseline.py --moses-src DIR --generated F --test F --test-scaffolds F --train F [--n-jobs 2]
Prints 'seconds <s>' and then one 'metric<TAB>value' line per MOSES metric.
"""
import argparse
import math
import sys
import time
import types


class _NoFcd:
    """Stands in for fcd_torch.FCD: no statistics, NaN distance."""

    def __init__(self, *args, **kwargs):
        pass

    def precalc(self, smiles):
        return {}

    def metric(self, pref, pgen):
        return math.nan

    def __call__(self, ref=None, gen=None, pref=None, pgen=None):
        return math.nan


def install_stubs():
    sys.modules["fcd_torch"] = types.SimpleNamespace(FCD=_NoFcd)
    try:
        import matplotlib.pyplot  # noqa: F401
    except ImportError:
        plt = types.ModuleType("matplotlib.pyplot")
        mpl = types.ModuleType("matplotlib")
        mpl.pyplot = plt
        sys.modules["matplotlib"], sys.modules["matplotlib.pyplot"] = mpl, plt


def read(path):
    with open(path) as handle:
        return [line.split()[0] for line in handle if line.strip()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--moses-src", required=True)
    for name in ("generated", "test", "test-scaffolds", "train"):
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args()
    install_stubs()
    sys.path.insert(0, args.moses_src)
    from moses.metrics import get_all_metrics

    gen, test, scaffolds, train = (read(p) for p in (args.generated, args.test, args.test_scaffolds, args.train))
    start = time.perf_counter()
    metrics = get_all_metrics(gen, n_jobs=args.n_jobs, device="cpu", test=test, test_scaffolds=scaffolds,
                              train=train)
    print("seconds", time.perf_counter() - start)
    for name, value in metrics.items():
        print("%s\t%r" % (name, float(value)))


if __name__ == "__main__":
    main()
