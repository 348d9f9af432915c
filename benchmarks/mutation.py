"""Mutation testing of the exact engines and claim modules: does the test suite catch a wrong formula?

For each target file, every arithmetic operator (+ − * / // % **), comparison (< ≤ > ≥ == ≠) and small integer
constant (0, 1, 2 → ±1) is mutated one at a time (AST-based, so only code changes, never strings or comments); the
mutated file is written in place, the chosen tests run (``pytest -x -q``, CI hypothesis profile), and the file is
restored (also on interrupt).  A mutant is *killed* when the tests fail, *survives* when they pass, and is
*invalid* when it cannot even be compiled.  Survivors are printed with their line so a human can judge whether they
are equivalent (e.g. ``x ** 1`` vs ``x * 1``) or a gap in the tests.

    python benchmarks/mutation.py theorems/exact/zonal.py -- theorems/exact
    python benchmarks/mutation.py theorems/exact/bipoly.py --sample 30 --seed 1 -- theorems/exact

Run it from a source checkout with an editable install (the tests must import the mutated file).  It rewrites
files in the working tree for the duration of each test run: do not edit them meanwhile.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import subprocess
import sys
from pathlib import Path

ARITH = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Mult,
         ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult}
COMPARE = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
           ast.NotEq: ast.Eq}


def _docstring_nodes(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def mutants(source: str) -> list[tuple[int, str, str]]:
    """(line, description, mutated source) for every single-site mutation."""
    tree = ast.parse(source)
    skip = _docstring_nodes(tree)
    sites = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and type(node.op) in ARITH:
            sites.append((node, "op"))
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in COMPARE:
            sites.append((node, "cmp"))
        elif (isinstance(node, ast.Constant) and type(node.value) is int and node.value in (0, 1, 2)
              and id(node) not in skip):
            sites.append((node, "const"))
    out = []
    for index, (node, kind) in enumerate(sites):
        tree = ast.parse(source)  # a fresh tree per mutant; find the same site by walk order
        target = next(n for n in ast.walk(tree) if _same_site(n, node))
        if kind == "op":
            new = ARITH[type(target.op)]()
            desc = f"{type(target.op).__name__} → {type(new).__name__}"
            target.op = new
        elif kind == "cmp":
            new = COMPARE[type(target.ops[0])]()
            desc = f"{type(target.ops[0]).__name__} → {type(new).__name__}"
            target.ops = [new]
        else:
            old = target.value
            target.value = old + 1 if old < 2 else old - 1
            desc = f"constant {old} → {target.value}"
        out.append((node.lineno, f"#{index} {desc}", ast.unparse(tree)))
    return out


def _same_site(a: ast.AST, b: ast.AST) -> bool:
    return (type(a) is type(b) and getattr(a, "lineno", None) == getattr(b, "lineno", None)
            and getattr(a, "col_offset", None) == getattr(b, "col_offset", None))


def run(target: Path, tests: list[str], sample: int | None, seed: int, timeout: int) -> dict:
    original = target.read_text(encoding="utf-8")
    found = mutants(original)
    if sample is not None and sample < len(found):
        found = random.Random(seed).sample(found, sample)
    env = {**os.environ, "CI": "true", "MPLBACKEND": "Agg"}
    killed, survived, invalid = [], [], []
    try:
        for line, desc, src in sorted(found):
            try:
                compile(src, str(target), "exec")
            except SyntaxError:
                invalid.append((line, desc))
                continue
            target.write_text(src, encoding="utf-8")
            try:
                res = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                                     capture_output=True, text=True, env=env, timeout=timeout, check=False)
                caught = res.returncode != 0
            except subprocess.TimeoutExpired:
                caught = True  # a mutant that hangs the tests is caught (by the timeout)
            (killed if caught else survived).append((line, desc))
            print(f"{'killed  ' if caught else 'SURVIVED'} {target}:{line} {desc}", flush=True)
    finally:
        target.write_text(original, encoding="utf-8")
    valid = len(killed) + len(survived)
    score = len(killed) / valid if valid else float("nan")
    print(f"{target}: {len(killed)}/{valid} killed ({score:.0%}); {len(invalid)} invalid")
    return {"target": str(target), "killed": killed, "survived": survived, "invalid": invalid, "score": score}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    tests = argv[argv.index("--") + 1:] if "--" in argv else ["theorems"]
    argv = argv[:argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="+", type=Path, help="source files to mutate")
    parser.add_argument("--sample", type=int, help="mutants per file, drawn with --seed (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per test run")
    args = parser.parse_args(argv)
    results = [run(t, tests, args.sample, args.seed, args.timeout) for t in args.targets]
    killed = sum(len(r["killed"]) for r in results)
    valid = killed + sum(len(r["survived"]) for r in results)
    print(f"\nall: {killed}/{valid} non-invalid mutants killed ({killed / max(valid, 1):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
