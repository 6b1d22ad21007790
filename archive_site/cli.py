"""The command line: ``archive-site [build|check|serve|claims suggest] ...``.

``python build.py ARGS``, ``python -m archive_site ARGS`` and ``archive-site
ARGS`` are the same program. Without a command it builds ``seeds/`` into
``site/``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from archive_site import __version__
from archive_site.errors import ArchiveError

log = logging.getLogger(__name__)
COMMANDS = ("build", "check", "serve", "claims")


class _CountingHandler(logging.Handler):
    """Counts warnings so that --strict can fail the run."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="archive-site", description="Build a static reading archive from seed documents.")
    parser.add_argument("--version", action="version", version=f"archive-site {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    sub = parser.add_subparsers(dest="command")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of seed documents (default: seeds)")
        p.add_argument("--root", type=Path, default=Path("."), help="archive root holding archive.yaml, claims.yaml, outlets.yaml")
        p.add_argument("--strict", action="store_true", help="exit non-zero when any warning was raised")

    build = sub.add_parser("build", help="build the site (the default command)")
    common(build)
    build.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    build.add_argument("--base-url", default=None, help="absolute URL the site is published at, for feeds, sitemap and canonical links")

    check = sub.add_parser("check", help="load the seeds and report what was read")
    common(check)
    check.add_argument("--json", action="store_true", help="print the records as JSON")

    serve = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on change")
    common(serve)
    serve.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")

    claims = sub.add_parser("claims", help="work with the claims catalog")
    claims_sub = claims.add_subparsers(dest="claims_command", required=True)
    suggest = claims_sub.add_parser("suggest", help="propose claims that recur across articles")
    common(suggest)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0] not in (*COMMANDS, "-h", "--help", "--version", "-v", "--verbose"):
        args_list.insert(0, "build")
    args = _parser().parse_args(args_list)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s: %(message)s")
    counter = _CountingHandler()
    logging.getLogger().addHandler(counter)
    try:
        if args.command == "check":
            return _check(args, counter)
        if args.command == "build":
            return _build(args, counter)
        if args.command == "serve":
            from archive_site.serve import serve

            serve(args.root, args.seeds, args.out, args.port)
            return 0
        if args.command == "claims":
            return _suggest(args)
    except ArchiveError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from archive_site.load.seeds import LoaderSettings

    return LoaderSettings.default(args.root)


def _check(args: argparse.Namespace, counter: _CountingHandler) -> int:
    from archive_site.load.seeds import load_seeds
    from archive_site.records import article_json, check_table

    archive = load_seeds(args.seeds, _settings(args))
    articles = _annotate(args, archive.articles)
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
    total = len(warnings) + len(archive.failures) + counter.count
    if not args.json:
        print(f"\n{len(articles)} article(s), {len(archive.failures)} failed, {len(warnings)} warning(s)", file=sys.stderr)
    if archive.failures or (args.strict and total):
        return 1
    return 0


def _annotate(args: argparse.Namespace, articles):  # type: ignore[no-untyped-def]
    """Claims and stance, when the archive has a catalog."""
    from archive_site.build.pipeline import annotate

    return annotate(args.root, articles)


def _build(args: argparse.Namespace, counter: _CountingHandler) -> int:
    from archive_site.build.pipeline import build_site

    report = build_site(args.root, args.seeds, args.out, base_url=args.base_url)
    print(report.summary())
    if report.failed or (args.strict and (report.warning_count or counter.count)):
        return 1
    return 0


def _suggest(args: argparse.Namespace) -> int:
    from archive_site.build.pipeline import suggest

    print(suggest(args.root, args.seeds))
    return 0
