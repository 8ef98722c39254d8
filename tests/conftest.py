"""Shared fixtures: the atlas built once per session from the real data files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def atlas():
    from recognition.atlas import build_atlas
    return build_atlas()


@pytest.fixture(scope="session")
def context():
    from components.context import build_context
    return build_context()


@pytest.fixture(scope="session")
def dash_app(context):
    from app import create_app
    return create_app(context)


@pytest.fixture()
def client(dash_app):
    return dash_app.server.test_client()


CHROME_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,900", "--lang=en-US")


def chrome_options():
    """The system Chromium, headless, no network side traffic, an en-US locale (date inputs read mm/dd/yyyy)."""
    from selenium.webdriver.chrome.options import Options
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    return options


def pytest_setup_options():
    """Chrome options for dash_duo (and for the fresh second browser in tests/test_browser.py)."""
    return chrome_options()
