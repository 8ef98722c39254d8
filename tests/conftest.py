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
CHROMEDRIVER = "/usr/bin/chromedriver"
WINDOW = (1400, 900)


def chrome_options():
    """The system Chromium, headless, no network side traffic, an en-US locale (date inputs read mm/dd/yyyy),
    its console errors readable (get_logs)."""
    from selenium.webdriver.chrome.options import Options
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    return options


def new_browser():
    """A new Chromium driven by the system chromedriver (Selenium Manager never downloads one)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=chrome_options())


@pytest.fixture(scope="session")
def live_server(dash_app):
    """The app served once for the whole session, threaded, on a free loopback port (never 8050)."""
    import threading

    from werkzeug.serving import make_server
    server = make_server("127.0.0.1", 0, dash_app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every browser test; each test starts from a clean page (see `page`)."""
    driver = new_browser()
    yield driver
    driver.quit()


class Page:
    """A test's view of the shared browser and server: the driver, the server's URL, the folder downloads go
    to, and the console errors since the test began."""

    def __init__(self, driver, server_url: str, download_path: str) -> None:
        self.driver, self.server_url, self.download_path = driver, server_url, download_path

    def open(self, path: str = "") -> None:
        self.driver.get(self.server_url.rstrip("/") + "/" + path.lstrip("/"))

    def get_logs(self) -> list[dict]:
        return [entry for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]


@pytest.fixture
def page(browser, live_server, tmp_path):
    """The shared browser reset to a new reader's state: no page, no storage, cache or service worker of the
    app's origin, a 1400 x 900 desktop window, downloads into this test's folder, no earlier console errors."""
    browser.get("about:blank")
    browser.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": live_server.rstrip("/"), "storageTypes": "all"})
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                                 "downloadThroughput": -1, "uploadThroughput": -1})
    browser.set_window_size(*WINDOW)
    browser.delete_all_cookies()
    browser.get_log("browser")
    for command in ("Page.setDownloadBehavior", "Browser.setDownloadBehavior"):
        browser.execute_cdp_cmd(command, {"behavior": "allow", "downloadPath": str(tmp_path)})
    return Page(browser, live_server, str(tmp_path))

