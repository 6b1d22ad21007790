"""Build the archive: ``python build.py [COMMAND] [ARGS]`` is ``archive-site [COMMAND] [ARGS]``."""

from __future__ import annotations

import sys

from archive_site.cli import main

if __name__ == "__main__":
    sys.exit(main())
