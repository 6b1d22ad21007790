"""Tests that drive Debian's Chromium; a package, so that their module names may repeat those of the unit tests."""
