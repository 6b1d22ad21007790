"""Where the packaged templates and stylesheet are, in an installed package and in a source checkout.

The repository keeps ``templates/`` and ``static/`` at its root, beside the
package. A wheel maps them into the package (``archive_site/templates``,
``archive_site/static``; see ``[tool.setuptools]`` in ``pyproject.toml``); a
source checkout or an editable install reads them where they are.
"""

from __future__ import annotations

from pathlib import Path

#: The folders shipped with the package.
RESOURCE_FOLDERS = ("templates", "static")

_PACKAGE = Path(__file__).resolve().parent


def data_file(name: str) -> Path:
    """A packaged data file (``outlets.yaml``, ``events.yaml``, ``stances.yaml``)."""
    return _PACKAGE / "data" / name


def resource_dir(name: str) -> Path:
    """The packaged folder ``name`` (``templates`` or ``static``).

    Inside the package when it was installed from a wheel or an sdist;
    otherwise at the root of the source checkout (known by its
    ``pyproject.toml``) that the package was imported from. When neither
    exists, the path inside the package, so a message about a missing folder
    names where an install should have put it.
    """
    if name not in RESOURCE_FOLDERS:
        raise ValueError(f"{name!r} is not a packaged folder; expected one of {', '.join(RESOURCE_FOLDERS)}")
    installed = _PACKAGE / name
    checkout = _PACKAGE.parent / name
    if not installed.is_dir() and checkout.is_dir() and (_PACKAGE.parent / "pyproject.toml").is_file():
        return checkout
    return installed
