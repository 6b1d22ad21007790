"""Regenerate the golden small site on purpose: ``python scripts/update_golden.py``.

Renders tests/site_fixtures/archive exactly as tests/test_site_golden.py does and
replaces tests/site_fixtures/golden with the result. Review the diff before
committing it: every change there is a change readers will see.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from site_fixtures.records import GOLDEN, render_fixture  # noqa: E402


def main() -> int:
    files = render_fixture()
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for path, data in sorted(files.items()):
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(files)} files to {GOLDEN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
