"""Shared fixtures: the atlas built once per session from the real data files."""

from __future__ import annotations

import logging
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
    from common.context import build_context
    return build_context()


@pytest.fixture(scope="session")
def dash_app(context):
    from app import create_app
    return create_app(context)


@pytest.fixture(autouse=True)
def server_errors(caplog):
    """Every 500 the app answers in this process (test client, browser tests) is logged by
    web.security, and any such record fails the test. A test that provokes one on purpose
    checks `server_errors.records`, then calls `server_errors.clear()`."""
    yield caplog
    from web.security import log
    failures = [r for r in caplog.get_records("call") if r.name == log.name and r.levelno >= logging.ERROR]
    if failures:
        pytest.fail(f"the app answered {len(failures)} request(s) with 500; the first:\n{failures[0].getMessage()}\n"
                    f"{logging.Formatter().formatException(failures[0].exc_info) if failures[0].exc_info else ''}",
                    pytrace=False)


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
