"""What the browser tests share: Debian's chromium (installed by ``.ci/browser``) driven by playwright.

A test module asks for :func:`open_browser`; it skips when chromium or playwright is missing,
except in CI (``CI=true``), where a missing browser fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser test: run .ci/browser and pip install -e '.[test]'", pytrace=False)
    pytest.skip(reason)


@contextmanager
def open_browser() -> Iterator[Any]:
    """A headless chromium (playwright's Browser), closed on exit."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (install it with .ci/browser)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
