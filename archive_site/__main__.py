"""``python -m archive_site`` runs the command line."""

from __future__ import annotations

import sys

from archive_site.cli import main

sys.exit(main())
