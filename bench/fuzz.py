"""A long fuzzing run of the property tests over the loader, the YAML readers and page rendering.

usage: python bench/fuzz.py [--examples N] [--seconds S]

The suite runs each property with 100-200 examples; this runs them with many more
(hypothesis keeps a database of failing examples in .hypothesis/, so a failure found here
is tried first by every later run of the suite). It prints how many examples ran per
property and any failure hypothesis found.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ["tests/test_loader_properties.py", "tests/test_properties_hardening.py"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="examples per property (default 5000)")
    args = parser.parse_args()
    env = {**os.environ, "FUZZ_EXAMPLES": str(args.examples)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics", *TESTS],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    out = done.stdout
    lines = [ln for ln in out.splitlines() if " passing, " in ln or ln.startswith(("FAILED", "="))
             or "- Hypothesis" in ln or ("::" in ln and "test_" in ln)]
    print("\n".join(lines))
    print(f"{args.examples} examples per property requested; {time.perf_counter() - start:.0f} s; exit {done.returncode}")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
