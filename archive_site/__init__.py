"""archive-site: a static site generator for reading archives."""

from __future__ import annotations

__version__ = "0.1.0"
