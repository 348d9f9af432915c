"""The ``seqtheory`` command: ``list``, ``coverage``, ``verify``, ``falsify``, ``report`` and ``figures`` (also
``python -m seqtheory``).

Each subcommand imports what it needs when it runs: ``seqtheory list`` reads the shipped metadata index and
imports neither numpy, sympy nor any claim module (claims contributed by other packages excepted).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import seqtheory

FORMATS = ("text", "json", "md")


#: Placeholder epilog of ``seqtheory figures --help``: the figure names, found only when help is shown.
FIGURE_NAMES = object()


class _FiguresHelp(argparse.HelpFormatter):
    """Help formatter that lists the figure names in place of :data:`FIGURE_NAMES` (no discovery on other calls)."""

    def add_text(self, text):  # type: ignore[override]
        if text is FIGURE_NAMES:
            from seqtheory.figures import registry

            text = "figures: " + ", ".join(registry.names())
        super().add_text(text)


class UsageError(Exception):
    """A bad command-line value found before any work starts: one line on stderr, exit status 2."""


def _integer_at_least(low: int, what: str):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a {what} integer, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be a {what} integer, got {value}")
        return value
    return parse


#: argparse type of ``--seed``: a non-negative integer (numpy's SeedSequence takes any).
seed = _integer_at_least(0, "non-negative")
#: argparse type of ``--jobs`` and ``--budget``: a positive integer.
jobs = _integer_at_least(1, "positive")


#: The most seeds one ``--seeds`` range may ask for (each is a check of every selected claim).
MAX_SEEDS = 100_000


def seed_range(text: str) -> range:
    """argparse type of ``--seeds``: ``A:B`` (seeds A..B−1, 0 ≤ A < B) or a single count ``N`` (0..N−1)."""
    try:
        start, stop = (int(x) for x in text.split(":")) if ":" in text else (0, int(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be A:B or N (non-negative integers), got {text!r}") from None
    if not 0 <= start < stop:
        raise argparse.ArgumentTypeError(f"must satisfy 0 ≤ A < B, got {text!r}")
    if stop - start > MAX_SEEDS:
        raise argparse.ArgumentTypeError(f"at most {MAX_SEEDS} seeds per run (every claim runs at every seed), got "
                                         f"{stop - start}: split the range")
    return range(start, stop)


def writable_file(flag: str, path: str) -> Path:
    """Check that ``path`` can be written (its folder exists and is writable, it is not a folder) before any
    work starts; a UsageError naming the flag otherwise."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UsageError(f"{flag} {path}: is a folder, not a file")
    if not folder.is_dir():
        raise UsageError(f"{flag} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise UsageError(f"{flag} {path}: not writable")
    return target


def writable_dir(flag: str, path: str) -> Path:
    """Create the folder ``path`` if needed and check it is writable; a UsageError naming the flag otherwise."""
    target = Path(path)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{flag} {path}: cannot create the folder ({exc.strerror or exc})") from None
    if not os.access(target, os.W_OK):
        raise UsageError(f"{flag} {path}: not writable")
    return target


def _list(args) -> int:
    from seqtheory.report import index
    from seqtheory.theorems.run import registry

    try:
        items = registry.select_from(index.entries(), list(args.ids))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    render = {"text": index.render_text, "json": index.render_json, "md": index.render_markdown}[args.format]
    print(render(items).rstrip("\n"))
    return 0


def _coverage(args) -> int:
    from seqtheory.report import coverage

    print(coverage.render(args.format).rstrip("\n"))
    return 0


def _verify(args) -> int:
    from seqtheory.theorems.run import verify

    if args.seeds is not None and (args.seed is not None or args.wide):
        extra = [flag for flag, on in (("--seed", args.seed is not None), ("--wide", args.wide)) if on]
        raise UsageError(f"--seeds runs its own range of seeds and prints its own table: drop {' and '.join(extra)}")
    if args.json is not None:
        writable_file("--json", args.json)
    return verify.run_from_args(args)


def _observe(args) -> int:
    from seqtheory.theorems.run import observe

    return observe.run_from_args(args)


def _falsify(args) -> int:
    from seqtheory.commands import falsify as falsify_cli

    if args.json is not None:
        writable_file("--json", args.json)
    if args.map is not None and Path(args.out).exists() and not Path(args.out).is_dir():
        raise UsageError(f"--out {args.out}: exists and is not a folder (the validity map is written there)")
    return falsify_cli.run_from_args(args)


def _report(args) -> int:
    from seqtheory.report import docs_site, site
    from seqtheory.theorems.run import registry, verify

    if args.figures is not None and not Path(args.figures).is_dir():
        raise UsageError(f"--figures {args.figures}: not a folder (give a `seqtheory figures` output folder)")
    if args.build_docs is not None:
        if args.docs is not None:
            raise UsageError("--build-docs and --docs: give one (--build-docs builds the site and links to it)")
        try:
            docs_source = docs_site.docs_source(args.build_docs)  # checked before any work
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    try:  # the given reports are read and checked before the --out folder is created: a refusal leaves nothing
        report = _load_report(args.source, "--from", "verify") if args.source is not None else None
        falsified = _load_report(args.falsify, "--falsify", "falsify") if args.falsify else None
        if report is None:
            registry.select(list(args.ids or []))  # an unknown id is refused here, not after the folder exists
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = writable_dir("--out", args.out)
    if args.build_docs is not None:
        print(f"building the docs site from {docs_source} into {out / 'docs'} (executes every notebook: minutes)",
              file=sys.stderr)
        try:
            docs_site.build_docs(docs_source, out / "docs")
        except docs_site.DocsBuildError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        args.docs = "docs"
    if report is None:
        tmp = out / "report.json"
        verify.run(args.ids, seed=args.seed, json_path=tmp, jobs=args.jobs)
        report = _load_report(str(tmp), "--out", "verify")
    paths = site.build(report, out, falsified, Path(args.figures) if args.figures else None, args.docs)
    print(f"report: {paths['index']} (open in a browser), {paths['summary']}")
    return 0


def _load_report(path: str, flag: str, kind: str) -> dict:
    """The ``kind`` report in the file ``path``, checked (:func:`seqtheory.theorems.run.record.load`); a ValueError
    naming ``flag`` if it cannot be read or is not such a report."""
    from seqtheory.theorems.run import record

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{flag} {path}: cannot read the report ({getattr(exc, 'strerror', None) or exc})") from None
    return record.load(text, f"{flag} {path}", kind)


def _figures(args) -> int:
    from seqtheory.figures import output, registry
    from seqtheory.simulate import parallel

    try:
        names = args.names or registry.names()
        modules = [registry.load(name) for name in names]
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = writable_dir("--out", args.out)
    for module in modules:
        params = dict(module.QUICK if args.quick else module.DEFAULTS)
        try:
            paths = output.write(module, out, params, args.seed, quick=args.quick,
                                 jobs=args.jobs or parallel.default_jobs(),
                                 scheduler=parallel.scheduler_address(args.scheduler))
        except OSError as exc:
            raise UsageError(f"--out {args.out}: writing {module.NAME} failed ({exc.strerror or exc})") from None
        print(f"{module.NAME}: " + ", ".join(str(p) for p in paths.values()))
    return 0


def add_verify_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", help="claim ids or id prefixes (default: all)")
    parser.add_argument("--json", metavar="PATH", help="write the versioned run report (a JSON object, schema "
                                                      "theorems/run/report_schema.json) to PATH")
    parser.add_argument("--seed", type=seed, default=None, help="seed of every simulation (default 0; not with "
                                                                "--seeds)")
    parser.add_argument("--seeds", type=seed_range, metavar="A:B",
                        help="run every claim at seeds A..B−1 and report, per claim, unexpected outcomes, the worst "
                             "error/tolerance and the smallest control margin (a count N means 0:N)")
    parser.add_argument("--jobs", type=jobs, default=None, metavar="N",
                        help="worker processes (default: the number of cores); results do not depend on N")
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="run on this Dask scheduler instead of locally (default: $SEQTHEORY_SCHEDULER; needs "
                             "the optional extra seqtheory[dask])")
    parser.add_argument("--wide", action="store_true", help="also print the full table (theory, numeric, error, "
                                                            "tolerance, fidelity, relation; not with --seeds)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="seqtheory", description="Verify sequence-model theory claims.")
    parser.add_argument("--version", action="version", version=f"seqtheory {seqtheory.__version__}")
    parser.add_argument("--strict-plugins", action="store_true",
                        help="a claim plugin (entry point seqtheory.claims) that fails to load is an error; by "
                             "default it is skipped with a warning and every other claim still runs")
    sub = parser.add_subparsers(dest="command", required=True)
    li = sub.add_parser("list", help="list every encoded claim (metadata only: no claim code runs)")
    li.add_argument("ids", nargs="*", help="claim ids or id prefixes (default: all)")
    li.add_argument("--format", choices=FORMATS, default="text", help="text (default), json or md (a table)")
    li.set_defaults(func=_list)
    cv = sub.add_parser("coverage", help="what each paper's results are checked by, and what the claims say about "
                                         "the paper (no claim code runs)")
    cv.add_argument("--format", choices=FORMATS, default="text", help="text (default), json or md (the README table)")
    cv.set_defaults(func=_coverage)
    v = sub.add_parser("verify", help="run every claim's pinned check and negative control")
    add_verify_arguments(v)
    v.set_defaults(func=_verify)
    ob = sub.add_parser("observe", help="run the replicas of observation experiments and record them "
                                        "(theorems/observations; verify reads the records)")
    ob.add_argument("ids", nargs="*", help="claim ids or id prefixes (default: every claim with an experiment)")
    ob.add_argument("--seeds", type=seed_range, metavar="A:B", default=None,
                    help="check seeds to record (default 0:3, the seeds verify and its CI sweep use)")
    ob.add_argument("--jobs", type=jobs, default=None, metavar="N",
                    help="worker processes (default: the number of cores); records do not depend on N")
    ob.add_argument("--scheduler", metavar="ADDRESS", default=None,
                    help="run on this Dask scheduler (default: $SEQTHEORY_SCHEDULER)")
    ob.set_defaults(func=_observe)
    fz = sub.add_parser("falsify", help="search a claim's domain, then its stress region, for counterexamples")
    fz.add_argument("ids", nargs="+", help="claim ids or id prefixes")
    fz.add_argument("--budget", type=jobs, default=None, metavar="N",
                    help="parameter points evaluated per region (default 60)")
    fz.add_argument("--seed", type=seed, default=0, help="seed of the search and of every simulation (default 0)")
    fz.add_argument("--axes", type=lambda t: [a.strip() for a in t.split(",") if a.strip()], default=None,
                    metavar="A,B", help="stress only these axes (default: every stress axis the claim declares)")
    fz.add_argument("--json", metavar="PATH", help="write the versioned falsification report to PATH")
    fz.add_argument("--jobs", type=jobs, default=1, metavar="N",
                    help="search N claims at a time in worker processes (results do not depend on N)")
    fz.add_argument("--scheduler", metavar="ADDRESS", default=None,
                    help="search the claims on this Dask scheduler instead (default: $SEQTHEORY_SCHEDULER; the "
                         "results are the same)")
    fz.add_argument("--record", nargs="?", const="findings.json", default=None, metavar="PATH",
                    help="append each new counterexample to the findings file PATH (default ./findings.json; "
                         "maintainers: theorems/findings.json, which seqtheory's tests keep checking); never into "
                         "an installed seqtheory")
    fz.add_argument("--map", metavar="X,Y", default=None,
                    help="also draw the validity map over two parameters (pass/fail, boundary, stated domain)")
    fz.add_argument("--out", default="seqtheory-figures", help="folder of the validity map (default: "
                                                               "./seqtheory-figures)")
    fz.set_defaults(func=_falsify)
    rp = sub.add_parser("report", help="write a static HTML site (and Markdown summary) of a verify run")
    rp.add_argument("ids", nargs="*", help="claim ids or id prefixes (default: all)")
    rp.add_argument("--out", default="seqtheory-report", help="output folder (default: ./seqtheory-report)")
    rp.add_argument("--from", dest="source", metavar="JSON", help="build from this verify report instead of running")
    rp.add_argument("--falsify", metavar="JSON", help="add the results of a `seqtheory falsify --json` report")
    rp.add_argument("--docs", metavar="PATH_OR_URL",
                    help="the built docs site (relative to --out, or a URL): link each claim's executed derivation")
    rp.add_argument("--build-docs", metavar="DOCS_DIR",
                    help="build the docs site from this source folder (a checkout's docs/; needs seqtheory[docs]) "
                         "into OUT/docs and link each claim's executed derivation to it")
    rp.add_argument("--figures", metavar="DIR", help="a `seqtheory figures` output folder: show each claim's figure")
    rp.add_argument("--seed", type=seed, default=0, help="seed of every simulation (default 0)")
    rp.add_argument("--jobs", type=jobs, default=None, metavar="N", help="worker processes (default: every core)")
    rp.set_defaults(func=_report)
    f = sub.add_parser("figures", help="regenerate the paper figures (image + data + provenance)",
                       epilog=FIGURE_NAMES, formatter_class=_FiguresHelp)
    f.add_argument("names", nargs="*", help="figure names (default: all)")
    f.add_argument("--quick", action="store_true", help="small, fast settings (for tests and previews)")
    f.add_argument("--out", default="seqtheory-figures", help="output folder (default: ./seqtheory-figures)")
    f.add_argument("--seed", type=seed, default=0, help="seed of every simulation (default 0)")
    f.add_argument("--jobs", type=jobs, default=None, metavar="N",
                   help="worker processes for the figures that train many models (default: every core); the data "
                        "do not depend on N")
    f.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="run those trainings on this Dask scheduler (default: $SEQTHEORY_SCHEDULER)")
    f.set_defaults(func=_figures)
    return parser


def _warning_line(message, category, filename, lineno, line=None) -> str:
    """Warnings meant for the user (a skipped plugin, replicas trained live) as one plain line."""
    return f"seqtheory: warning: {message}\n"


def _terminate_as_exit() -> None:
    """SIGTERM (a job scheduler, `kill`) ends the run like Ctrl-C does: workers stopped, no partial report; status
    143 (128 + SIGTERM).  Only in the main thread, where Python delivers signals."""
    import signal
    import threading

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


def _check_scheduler(args) -> None:
    """A ``--scheduler`` (or ``$SEQTHEORY_SCHEDULER``) that is not an address is a usage error before any work — not
    after a table header, a forecast or a training has started."""
    if not hasattr(args, "scheduler"):
        return
    from seqtheory.simulate.parallel import scheduler_address

    try:
        scheduler_address(args.scheduler)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    import warnings

    from seqtheory.theorems.run import registry

    args = build_parser().parse_args(argv)
    registry.set_strict_plugins(args.strict_plugins)
    _terminate_as_exit()
    from seqtheory.allocator import keep_freed_memory

    keep_freed_memory()  # serial trainings reuse their arrays' pages (glibc; workers do it in their initializer)
    warnings.formatwarning = _warning_line  # type: ignore[assignment]
    try:
        _check_scheduler(args)
        return args.func(args)
    except (UsageError, registry.PluginError) as exc:
        print(f"seqtheory {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        from seqtheory.simulate.parallel import ClusterError  # already imported when one was raised

        if not isinstance(exc, ClusterError):
            raise
        # the cluster cannot finish the run: not the claims' fault, not a usage error
        print(f"seqtheory {args.command}: error: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print(f"seqtheory {args.command}: interrupted", file=sys.stderr)
        return 130  # 128 + SIGINT
    except BrokenPipeError:
        # the reader went away (`seqtheory list | head`): stop quietly, as a Unix filter does; stdout is pointed
        # at devnull so the interpreter's final flush does not raise again
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, the status a shell reports for a filter killed by a closed pipe


if __name__ == "__main__":
    sys.exit(main())
