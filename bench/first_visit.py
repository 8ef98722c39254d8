"""A reader's first and repeat visit on a phone: headless Chromium at 390 x 844 (mobile, 3x pixels),
network "slow 4G" (150 ms round trip, 200,000 B/s down, 93,750 B/s up), CPU slowed 4x.

    python bench/first_visit.py [--screenshots DIR]   # this part alone, on the shipped app (JSON on stdout)

What is counted, for `bench/run.py` (keys first_visit_*, repeat_visit_*):
- every byte the server sent during a visit, counted by the server (`harness.ByteCounter`: status line,
  headers and body of each response; werkzeug's own Date and Server lines, ~70 B a response, are not
  counted), which includes the requests of a service worker (the page's DevTools session sees those as
  answered by the worker, 0 bytes); "before the map": the responses the server had finished sending
  when the map showed today's colours (the first visit has the browser cache disabled);
- for comparison, the sum of `Network.loadingFinished.encodedDataLength` (headers and body as
  received) of the page's own requests to the app's origin (`bytes_browser`);
- time to the map painted: navigation start -> the first moment every country path has today's colour
  (checked every 50 ms in the page); LCP: the last `largest-contentful-paint` entry by then.
"""

from __future__ import annotations

import base64
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
for path in (str(HERE.parent), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

import browser

from components import ids

PHONE_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 93_750}
PHONE_SCREEN = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}
CPU_SLOWDOWN = 4
POLL_MS = 50
QUIET_S = 3.0  # no response sent by the server for this long: the visit is over
LOADING_SCREENSHOT_S = 1.0  # the "while loading" screenshot: this long after navigation starts (the loading
# screen is painted by then; a capture asked for later waits for the main thread, busy running the scripts, and
# shows the painted map)

# Before the page's own scripts: the map's colours every POLL_MS (cheap enough under a 4x slower CPU),
# and the page's largest contentful paint.
VISIT_JS = r"""
(() => {
  const v = window.__visit = {fillLog: [], lcp: null};
  let lastSig = '';
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { v.lcp = entry.startTime; }
  }).observe({type: 'largest-contentful-paint', buffered: true});
  const timer = setInterval(() => {
    const paths = document.querySelectorAll('#""" + ids.MAP + """ .choroplethlocation');
    if (paths.length < 200) { return; }
    let sig = ''; const fills = {};
    for (const p of paths) { const f = getComputedStyle(p).fill; sig += f; fills[p.__data__ && p.__data__.loc] = f; }
    if (sig !== lastSig) { lastSig = sig; v.fillLog.push({t: performance.now(), fills: fills}); }
    if (v.stop) { clearInterval(timer); }
  }, """ + str(POLL_MS) + """);
})();
"""


def phone_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = browser.CHROMIUM
    for flag in browser.FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(browser.CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(180)
    driver.set_script_timeout(60)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", PHONE_NETWORK)
    driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE_SCREEN)
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": VISIT_JS})
    return driver


def network_log(driver, origin: str) -> list[dict]:
    """The page's requests to `origin` since the log was last read: url, bytes received, finish time (epoch ms)."""
    requests_by_id: dict[str, dict] = {}
    offset = None  # epoch seconds - monotonic seconds
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            if offset is None and "wallTime" in params:
                offset = params["wallTime"] - params["timestamp"]
            requests_by_id.setdefault(params["requestId"], {})["url"] = params["request"]["url"]
        elif method == "Network.responseReceived":
            record = requests_by_id.setdefault(params["requestId"], {})
            record["status"] = params["response"].get("status")
            record["service_worker"] = params["response"].get("fromServiceWorker", False)
            record["disk_cache"] = params["response"].get("fromDiskCache", False)
        elif method in ("Network.loadingFinished", "Network.loadingFailed"):
            record = requests_by_id.setdefault(params["requestId"], {})
            record["bytes"] = params.get("encodedDataLength", 0)
            record["finished_s"] = params["timestamp"]
            record["failed"] = method == "Network.loadingFailed"
    out = []
    for record in requests_by_id.values():
        if not record.get("url", "").startswith(origin) or "finished_s" not in record or offset is None:
            continue
        record["finished_epoch_ms"] = (record.pop("finished_s") + offset) * 1000
        out.append(record)
    return out


def painted_ms(fill_log: list[dict], expected: dict) -> float | None:
    for entry in fill_log:
        if all(browser._rgb(entry["fills"].get(code)) == rgb for code, rgb in expected.items()):
            return entry["t"]
    return None


def wait_quiet(server, since: int, timeout: float = 120) -> list[dict]:
    """The server's responses from entry `since` on, once it has sent nothing for QUIET_S."""
    deadline = time.monotonic() + timeout
    sent, last_change = server.sent(since), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = server.sent(since)
        if len(now) != len(sent):
            sent, last_change = now, time.monotonic()
        elif time.monotonic() - last_change >= QUIET_S:
            break
    return sent


def visit(driver, server, url: str, expected: dict, cold: bool, screenshots: Path | None = None,
          name: str = "visit", timeout: float = 120) -> dict:
    """One visit of `url`: bytes (browser and server), time to the map in today's colours, LCP."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": cold})
    driver.get("about:blank")
    driver.get_log("performance")  # drop what came before
    mark = len(server.sent())
    driver.execute_cdp_cmd("Page.navigate", {"url": url})  # returns at once: the first screen while loading
    if screenshots is not None:
        time.sleep(LOADING_SCREENSHOT_S)
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        (screenshots / f"{name}-loading.png").write_bytes(base64.b64decode(shot["data"]))
    deadline = time.monotonic() + timeout
    painted = None
    while painted is None and time.monotonic() < deadline:
        state = driver.execute_script("return window.__visit ? window.__visit.fillLog : []")
        painted = painted_ms(state, expected)
        if painted is None:
            time.sleep(0.1)
    lcp, origin_ms, drawn, scripts_ms = driver.execute_script(
        "const v = window.__visit; v.stop = true; const nav = performance.getEntriesByType('navigation')[0];"
        " return [v.lcp, performance.timeOrigin, v.fillLog.length ? v.fillLog[0].t : null,"
        " nav ? nav.domContentLoadedEventEnd : null]")
    if screenshots is not None:
        driver.save_screenshot(str(screenshots / f"{name}-painted.png"))
    sent = wait_quiet(server, mark)
    requests_seen = network_log(driver, origin)
    if painted is None:
        raise TimeoutError(f"{url}: the map was not painted in today's colours within {timeout:.0f} s")
    painted_epoch = origin_ms + painted
    return {
        "map_ms": round(painted, 1), "lcp_ms": round(lcp, 1) if lcp is not None else None,
        # When plotly had drawn the shapes (any colours), and when the page's scripts had all run.
        "shapes_drawn_ms": round(drawn, 1), "scripts_run_ms": round(scripts_ms, 1) if scripts_ms else None,
        "bytes_before_map": sum(s["bytes"] for s in sent if s["t"] * 1000 <= painted_epoch),
        "bytes_browser": sum(r["bytes"] for r in requests_seen),
        "bytes_server": sum(r["bytes"] for r in sent),
        "requests_server": len(sent),
        "resources": sorted(({"url": r["url"][len(origin):], "bytes": r["bytes"],
                              "finished_ms": round(r["finished_epoch_ms"] - origin_ms),
                              "service_worker": r.get("service_worker", False),
                              "before_map": r["finished_epoch_ms"] <= painted_epoch} for r in requests_seen),
                             key=lambda r: r["finished_ms"]),
        "server_responses": [{"path": s["path"], "status": s.get("status"), "bytes": s["bytes"],
                              "sent_ms": round(s["t"] * 1000 - origin_ms)} for s in sent],
    }


def table_on_demand(driver, server) -> dict:
    """After a visit: scroll the table of states into view; what the server sends until it is quiet."""
    mark = len(server.sent())
    rows = "return document.querySelectorAll('#' + arguments[0] + ' .ag-row').length"
    driver.execute_script("document.getElementById(arguments[0]).scrollIntoView()", ids.TABLE_PANEL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not driver.execute_script(rows, ids.TABLE_PANEL):
        time.sleep(0.1)
    sent = wait_quiet(server, mark)
    return {"bytes_server": sum(s["bytes"] for s in sent), "grid_rows": driver.execute_script(rows, ids.TABLE_PANEL),
            "server_responses": [{"path": s["path"], "bytes": s["bytes"]} for s in sent]}


def measure(server, expected: dict, screenshots: Path | None = None) -> dict:
    """First visit (empty cache), the table scrolled to, then a repeat visit, in one fresh browser profile."""
    driver = phone_driver()
    try:
        first = visit(driver, server, server.url + "/", expected, cold=True, screenshots=screenshots, name="first")
        table = table_on_demand(driver, server)
        repeat = visit(driver, server, server.url + "/", expected, cold=False, screenshots=screenshots,
                       name="repeat")
        errors = sorted({e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"})
    finally:
        driver.quit()
    return {"first": first, "table": table, "repeat": repeat, "console_errors": errors}


def keys(result: dict) -> dict:
    first, repeat = result["first"], result["repeat"]
    return {
        "first_visit_bytes": first["bytes_before_map"], "first_visit_map_ms": first["map_ms"],
        "first_visit_lcp_ms": first["lcp_ms"], "first_visit_total_bytes": first["bytes_server"],
        "first_visit_table_bytes": result["table"]["bytes_server"],
        "repeat_visit_bytes": repeat["bytes_server"], "repeat_visit_map_ms": repeat["map_ms"],
        "first_visit_console_errors": result["console_errors"],
    }


def main(argv: list[str] | None = None) -> int:
    import argparse

    import harness
    from naive_app import shipped_app
    from run import Truth

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", type=Path, help="save 390x844 screenshots (loading, painted) here")
    args = parser.parse_args(argv)
    from common.context import build_context

    ctx = build_context()
    truth = Truth(ctx)
    server = harness.ForkedServer("shipped", shipped_app(ctx).app).start()
    try:
        if args.screenshots:
            args.screenshots.mkdir(parents=True, exist_ok=True)
        result = measure(server, truth.by_iso3(truth.max_day), args.screenshots)
    finally:
        server.stop()
    print(json.dumps({"keys": keys(result), "details": result}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
