"""The command line: ``archive-site [-v] [build|check|serve|claims suggest] ...``.

``python build.py ARGS``, ``python -m archive_site ARGS`` and ``archive-site
ARGS`` are the same program. Without a command it builds ``seeds/`` into
``site/``: ``archive-site -v --strict`` is ``archive-site -v build --strict``.
Global options (``-v``) go before or after the command's options.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from archive_site import __version__
from archive_site.errors import ArchiveError, BuildError

log = logging.getLogger(__name__)
#: The command run when none is given.
DEFAULT_COMMAND = "build"

#: Exit statuses; the epilog of ``--help`` and the README's "Commands" section list them.
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

EXIT_CODES = """\
exit status:
  0    done; a seed that could not be read is reported and skipped, the others are read
  1    --strict (or strict: true in archive.yaml) and a warning or an unreadable seed;
       or nothing could be read (the seeds folder has seeds, none loaded); or the build failed
  2    usage error, or a configuration error (archive.yaml, claims.yaml, outlets.yaml,
       a missing seeds folder); the message names the file
  130  interrupted (Ctrl-C); `serve` stopped with Ctrl-C exits 0
"""


class _CountingHandler(logging.Handler):
    """Counts warnings so that --strict can fail the run."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archive-site",
        description="Build a static reading archive from seed documents. Without a command, builds.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"archive-site {__version__}")
    _global_options(parser, default=False)
    sub = parser.add_subparsers(dest="command")

    def command(parent: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help: str) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help, description=help, epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
        # SUPPRESS: a -v given before the command is not reset by the command's own default.
        _global_options(p, default=argparse.SUPPRESS)
        p.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of seed documents (default: seeds)")
        p.add_argument("--root", type=Path, default=Path("."), help="archive root holding archive.yaml, claims.yaml, outlets.yaml")
        p.add_argument("--strict", action="store_true", help="exit 1 when any warning was raised or any seed could not be read")
        return p

    build = command(sub, "build", "build the site (the default command)")
    build.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    build.add_argument("--base-url", default=None, help="absolute URL the site is published at, for feeds, sitemap and canonical links")
    build.add_argument("--clean", action="store_true",
                       help="build from nothing: use no cached record and write every file again")
    build.add_argument("--no-cache", action="store_true", help="neither read nor fill the record cache (.archive-site-cache)")
    build.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                       help="worker processes for reading many seeds (default: one per core; 1 reads in this process)")
    build.add_argument("--quiet", "-q", action="store_true", help="no progress and no summary; problems are still printed")
    build.add_argument("--timings", action="store_true", help="print the seconds each stage and template took, slowest first")

    check = command(sub, "check", "load the seeds and report what was read")
    check.add_argument("--json", action="store_true", help="print the records as JSON")

    serve = command(sub, "serve", "build, serve on 127.0.0.1 and rebuild on change")
    serve.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    serve.add_argument("--port", type=int, default=8000, help="port; 0 picks a free one (default: 8000)")

    claims = sub.add_parser("claims", help="work with the claims catalog", epilog=EXIT_CODES,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    _global_options(claims, default=argparse.SUPPRESS)
    claims_sub = claims.add_subparsers(dest="claims_command", required=True, metavar="{suggest}")
    command(claims_sub, "suggest", "propose claims that recur across articles")
    return parser


def _global_options(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument("-v", "--verbose", action="store_true", default=default, help="log what each stage does")


def with_default_command(argv: Sequence[str]) -> list[str]:
    """``argv`` with ``build`` inserted where the command is missing (after any global options)."""
    args = list(argv)
    at = 0
    while at < len(args) and args[at] in ("-v", "--verbose"):
        at += 1
    if at == len(args) or (args[at].startswith("-") and args[at] not in ("-h", "--help", "--version")):
        args.insert(at, DEFAULT_COMMAND)
    return args  # a word that is no command is left for argparse to reject by name


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (see :data:`EXIT_CODES`)."""
    try:
        args = _parser().parse_args(with_default_command(sys.argv[1:] if argv is None else argv))
    except SystemExit as done:  # --help and --version (0), or a usage error argparse has already printed (2)
        return EXIT_OK if done.code is None else int(done.code)
    with _logging(args.verbose) as counter:
        try:
            return _run(args, counter)
        except BuildError as err:
            print(f"error: {err}", file=sys.stderr)
            return EXIT_FAILED
        except ArchiveError as err:
            print(f"error: {err}", file=sys.stderr)
            return EXIT_USAGE
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED


@contextlib.contextmanager
def _logging(verbose: bool) -> Iterator[_CountingHandler]:
    """Log to stderr and count warnings for the length of one run; the root logger is restored after it."""
    root = logging.getLogger()
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    counter = _CountingHandler()
    level = root.level
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    root.addHandler(console)
    root.addHandler(counter)
    try:
        yield counter
    finally:
        root.removeHandler(counter)
        root.removeHandler(console)
        root.setLevel(level)


def _run(args: argparse.Namespace, counter: _CountingHandler) -> int:
    if args.command == "check":
        return _check(args, counter)
    if args.command == "serve":
        from archive_site.serve import serve

        serve(args.root, args.seeds, args.out, args.port)
        return EXIT_OK
    if args.command == "claims":
        return _suggest(args)
    return _build(args, counter)


def _check(args: argparse.Namespace, counter: _CountingHandler) -> int:
    from archive_site.build.pipeline import read_inputs
    from archive_site.records import article_json, check_table

    inputs = read_inputs(args.root, args.seeds)
    archive, articles = inputs.archive, inputs.articles
    if args.json:
        print(json.dumps([article_json(a) for a in articles], ensure_ascii=False, indent=2))
    else:
        print(check_table(articles))
    for note in archive.notes:
        print(f"note: {note}", file=sys.stderr)
    for failure in archive.failures:
        print(f"error: {failure.message}", file=sys.stderr)
    warnings = [w for a in articles for w in a.warnings]
    for warning in warnings:
        print(f"warning: {warning.message}", file=sys.stderr)
    if not args.json:
        print(f"\n{len(articles)} article(s), {len(archive.failures)} failed, {len(warnings)} warning(s)", file=sys.stderr)
    warned = bool(warnings or counter.count)
    return _status(read=len(articles), failed=len(archive.failures), warned=warned, strict=args.strict or inputs.config.strict)


def _build(args: argparse.Namespace, counter: _CountingHandler) -> int:
    from archive_site.build.pipeline import build_site

    # --strict is strict: true in archive.yaml: a build with a warning is not written at all
    progress = None if args.quiet or not sys.stderr.isatty() else _Progress()
    report = build_site(args.root, args.seeds, args.out, base_url=args.base_url, strict=True if args.strict else None,
                        clean=args.clean, cached=not args.no_cache, jobs=args.jobs, progress=progress)
    if progress is not None:
        progress.finish()
    summary = report.summary()
    print(summary if not args.quiet else "\n".join(line for line in summary.splitlines()[1:] if not line.startswith("skipped")))
    if args.timings:
        print(timings_table(report.timings))
    warned = bool(report.warnings or counter.count)
    return _status(read=report.articles, failed=len(report.failures), warned=warned, strict=args.strict)


class _Progress:
    """One line on the terminal, rewritten as the documents are read."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.shown = False

    def __call__(self, done: int, total: int, cached: int) -> None:
        elapsed = time.perf_counter() - self.start
        print(f"\rreading documents: {done}/{total} ({cached} from the cache), {elapsed:.1f} s", end="", file=sys.stderr,
              flush=True)
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            print(f"\rread in {time.perf_counter() - self.start:.1f} s; rendering and writing done".ljust(60), file=sys.stderr)


def timings_table(timings: Sequence[tuple[str, float]]) -> str:
    """The timed stages and templates, slowest first, with seconds and share of the whole build."""
    stages = [(name, seconds) for name, seconds in timings if not name.startswith("template ")]
    templates = [(name.removeprefix("template "), seconds) for name, seconds in timings if name.startswith("template ")]
    total = sum(seconds for _, seconds in stages) or 1.0
    lines = ["stage                          seconds   share"]
    lines += [f"{name:<30} {seconds:>7.2f} {seconds / total:>7.0%}" for name, seconds in sorted(stages, key=lambda t: -t[1])]
    if templates:
        lines.append("template                       seconds")
        lines += [f"{name:<30} {seconds:>7.2f}" for name, seconds in sorted(templates, key=lambda t: -t[1])]
    return "\n".join(lines)


def _status(*, read: int, failed: int, warned: bool, strict: bool) -> int:
    """1 when seeds failed and none could be read, or in strict mode when anything warned or failed; else 0."""
    if failed and not read:
        print("error: no seed could be read", file=sys.stderr)
        return EXIT_FAILED
    if strict and (warned or failed):
        return EXIT_FAILED
    return EXIT_OK


def _suggest(args: argparse.Namespace) -> int:
    from archive_site.build.pipeline import suggest

    print(suggest(args.root, args.seeds))
    return EXIT_OK
