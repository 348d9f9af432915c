"""The ``seqtheory`` command: ``list``, ``verify`` and ``figures``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from theorems import verify
from theorems.registry import all_claims


def _list(_args) -> int:
    for claim in all_claims():
        status = "expected to fail (finding)" if claim.expected == "fail" else claim.relation.kind
        print(f"{claim.id}\n    {claim.paper.cite()}, {claim.where} [{status}]\n    {claim.statement}\n"
              f"    domain: {claim.domain.describe()}")
    return 0


def _figures(args) -> int:
    from figures import output, registry

    try:
        names = args.names or registry.names()
        modules = [registry.load(name) for name in names]
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for module in modules:
        params = dict(module.QUICK if args.quick else module.DEFAULTS)
        paths = output.write(module, args.out, params, args.seed)
        print(f"{module.NAME}: " + ", ".join(str(p) for p in paths.values()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="seqtheory", description="Verify sequence-model theory claims.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list every encoded claim").set_defaults(func=_list)
    v = sub.add_parser("verify", help="run every claim's pinned check and negative control")
    verify.add_arguments(v)
    v.set_defaults(func=verify.run_from_args)
    f = sub.add_parser("figures", help="regenerate the paper figures (image + data + provenance)")
    f.add_argument("names", nargs="*", help="figure names (default: all)")
    f.add_argument("--quick", action="store_true", help="small, fast settings (for tests and previews)")
    f.add_argument("--out", default="seqtheory-figures", help="output folder (default: ./seqtheory-figures)")
    f.add_argument("--seed", type=int, default=0, help="seed of every simulation (default 0)")
    f.set_defaults(func=_figures)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
