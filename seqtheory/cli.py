"""The ``seqtheory`` command: ``list``, ``verify`` and ``figures`` (also ``python -m seqtheory``).

Each subcommand imports what it needs when it runs: ``seqtheory list`` reads the shipped metadata index and
imports neither numpy, sympy nor any claim module (claims contributed by other packages excepted).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import seqtheory

FORMATS = ("text", "json", "md")


def _list(args) -> int:
    from seqtheory.theorems.core import index, registry

    try:
        items = registry.select_from(index.entries(), list(args.ids))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    render = {"text": index.render_text, "json": index.render_json, "md": index.render_markdown}[args.format]
    print(render(items).rstrip("\n"))
    return 0


def _verify(args) -> int:
    from seqtheory.theorems.core import verify

    return verify.run_from_args(args)


def _figures(args) -> int:
    from seqtheory.figures import output, registry

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


def add_verify_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", help="claim ids or id prefixes (default: all)")
    parser.add_argument("--json", metavar="PATH", help="write the checks as a JSON list to PATH")
    parser.add_argument("--seed", type=int, default=0, help="seed of every simulation (default 0)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="seqtheory", description="Verify sequence-model theory claims.")
    parser.add_argument("--version", action="version", version=f"seqtheory {seqtheory.__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    li = sub.add_parser("list", help="list every encoded claim (metadata only: no claim code runs)")
    li.add_argument("ids", nargs="*", help="claim ids or id prefixes (default: all)")
    li.add_argument("--format", choices=FORMATS, default="text", help="text (default), json or md (a table)")
    li.set_defaults(func=_list)
    v = sub.add_parser("verify", help="run every claim's pinned check and negative control")
    add_verify_arguments(v)
    v.set_defaults(func=_verify)
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
