"""The templates and the stylesheet ship in the sdist and the wheel, and the code finds them installed and in a checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from archive_site import resources
from archive_site.build.builder import DEFAULT_STATIC
from archive_site.resources import RESOURCE_FOLDERS, resource_dir
from archive_site.site.render import DEFAULT_TEMPLATES, read_stylesheet

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
#: What the build reads from a checkout. The build runs on a copy, so it neither writes ``build/`` into
#: the repository nor picks up a stale ``archive_site.egg-info/SOURCES.txt`` left by an editable install.
BUILD_INPUTS = ("pyproject.toml", "README.md", "archive_site", "templates", "static")
#: The oldest setuptools major version that builds this configuration (``[build-system]`` in pyproject.toml).
MIN_SETUPTOOLS = 68
BUILD_TIMEOUT_SECONDS = 300


def repo_files(folder: str) -> set[str]:
    """Every file of a folder at the repository root, as ``folder/relative/path``."""
    base = ROOT / folder
    return {
        f"{folder}/{p.relative_to(base).as_posix()}"
        for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
    }


# ---------------------------------------------------------------- the lookup


@pytest.mark.parametrize(("name", "marker"), [("templates", "base.html"), ("static", "site.css")])
def test_the_resource_folders_hold_the_packaged_files(name: str, marker: str) -> None:
    folder = resource_dir(name)
    assert folder.is_dir()
    assert (folder / marker).read_bytes() == (ROOT / name / marker).read_bytes()


def test_render_and_builder_read_the_folders_the_lookup_names() -> None:
    assert resource_dir("templates") == DEFAULT_TEMPLATES
    assert resource_dir("static") == DEFAULT_STATIC
    assert read_stylesheet() == (DEFAULT_STATIC / "site.css").read_bytes()


def test_an_unknown_folder_is_refused() -> None:
    with pytest.raises(ValueError, match="'seeds' is not a packaged folder"):
        resource_dir("seeds")


def fake_layout(tmp_path: Path, *, installed: bool, checkout: bool, pyproject: bool) -> Path:
    package = tmp_path / "archive_site"
    package.mkdir()
    for name in RESOURCE_FOLDERS:
        if installed:
            (package / name).mkdir()
        if checkout:
            (tmp_path / name).mkdir()
    if pyproject:
        (tmp_path / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    return package


@pytest.mark.parametrize(
    ("installed", "checkout", "pyproject", "expected"),
    [
        (True, False, False, "package"),  # a wheel install
        (True, True, True, "package"),  # built in place: the package's own copy wins
        (False, True, True, "root"),  # a source checkout or an editable install
        (False, True, False, "package"),  # a stray folder beside an installed package is not ours
        (False, False, True, "package"),  # missing everywhere: name where the install should have put it
    ],
)
def test_the_lookup_prefers_the_package_and_falls_back_to_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, installed: bool, checkout: bool, pyproject: bool, expected: str
) -> None:
    package = fake_layout(tmp_path, installed=installed, checkout=checkout, pyproject=pyproject)
    monkeypatch.setattr(resources, "_PACKAGE", package)
    base = package if expected == "package" else tmp_path
    assert [resource_dir(name) for name in RESOURCE_FOLDERS] == [base / name for name in RESOURCE_FOLDERS]


# ---------------------------------------------------------------- the built distributions


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sdist built from a copy of the checkout, and the wheel built from that sdist (as ``python -m build`` does)."""
    assert int(version("setuptools").split(".")[0]) >= MIN_SETUPTOOLS, (
        f"setuptools {version('setuptools')} is too old to build the package offline; run: .venv/bin/pip install -e '.[test]'"
    )
    work = tmp_path_factory.mktemp("dists")
    src = work / "src"
    src.mkdir()
    for name in BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.is_file():
            shutil.copy2(path, src / name)
    out = work / "out"
    sdist_name = run(
        [sys.executable, "-c", f"from setuptools import build_meta; print(build_meta.build_sdist({str(out)!r}))"], cwd=src
    ).splitlines()[-1]
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(out), str(out / sdist_name)],
        cwd=work,
    )
    (wheel,) = out.glob("*.whl")
    return out / sdist_name, wheel


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS, check=False)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.slow
def test_the_wheel_carries_every_template_and_static_file_inside_the_package(dists: tuple[Path, Path]) -> None:
    _, wheel = dists
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in RESOURCE_FOLDERS:
        expected = {f"archive_site/{path}" for path in repo_files(folder)}
        shipped = {n for n in names if n.startswith(f"archive_site/{folder}/")}
        assert shipped == expected
    assert "archive_site/templates/base.html" in names
    assert "archive_site/static/site.css" in names


@pytest.mark.slow
def test_the_wheel_carries_every_module_and_data_file(dists: tuple[Path, Path]) -> None:
    _, wheel = dists
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {path for path in repo_files("archive_site") if path.endswith((".py", ".yaml", "py.typed"))}
    assert package - names == set(), "a subpackage is missing from [tool.setuptools] packages in pyproject.toml"


@pytest.mark.slow
def test_the_sdist_carries_the_folders_where_the_checkout_has_them(dists: tuple[Path, Path]) -> None:
    sdist, _ = dists
    with tarfile.open(sdist) as archive:
        top = sdist.name.removesuffix(".tar.gz")
        names = {m.name.removeprefix(f"{top}/") for m in archive.getmembers() if m.isfile()}
    for folder in RESOURCE_FOLDERS:
        assert repo_files(folder) <= names


@pytest.mark.slow
def test_an_installed_wheel_builds_a_site_outside_the_checkout(dists: tuple[Path, Path], tmp_path: Path) -> None:
    _, wheel = dists
    target = tmp_path / "installed"
    run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)], cwd=tmp_path)
    elsewhere = tmp_path / "archive"
    shutil.copytree(SEEDS, elsewhere / "seeds")
    # The installed copy comes first on the path; the dependencies come from this environment.
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = run(
        [sys.executable, "-c", "import archive_site.resources as r; print(r.__file__); print(r.resource_dir('templates'))"],
        cwd=elsewhere,
        env=env,
    ).splitlines()
    assert [Path(p).resolve() for p in where] == [(target / "archive_site" / p).resolve() for p in ("resources.py", "templates")]
    run([sys.executable, "-m", "archive_site", "build"], cwd=elsewhere, env=env)
    site = elsewhere / "site"
    assert (site / "index.html").is_file()
    assert (site / "static" / "site.css").read_bytes() == (ROOT / "static" / "site.css").read_bytes()
