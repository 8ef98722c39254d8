"""Headless Chromium measurements for bench/run.py: cold page loads, date change -> map redrawn, and
the Plotly.restyle floor on the same page. All timing is done in the page with performance.now()."""

from __future__ import annotations

import json
import time

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,900")

# Runs in every document before the page's own scripts: notes when the map is first drawn (more
# than 200 country paths) and when each Dash callback request starts and gets its response.
INIT_JS = r"""
(() => {
  const b = window.__bench = window.__bench || {};
  b.calls = []; b.failed = []; b.firstMap = null; b.fillLog = []; b.stopPoll = false;
  // Each frame until stopped: when the map has more than 200 country paths, log its fills
  // whenever they change (the first map may be drawn before it is coloured).
  let lastSig = '';
  const poll = () => {
    if (b.stopPoll) { return; }
    const paths = document.querySelectorAll('.choroplethlocation');
    if (paths.length > 200) {
      const now = performance.now();
      if (b.firstMap === null) { b.firstMap = now; }
      let sig = ''; const fills = {};
      for (const p of paths) { const f = p.getAttribute('fill') || ''; sig += f + ';'; fills[p.__data__ && p.__data__.loc] = f; }
      if (sig !== lastSig) { lastSig = sig; b.fillLog.push({t: now, fills: fills}); }
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  if (performance.setResourceTimingBufferSize) { performance.setResourceTimingBufferSize(10000); }
  const origFetch = window.fetch;
  window.fetch = function (resource, init) {
    const url = String((resource && resource.url) || resource);
    const p = origFetch.apply(this, arguments);
    if (url.includes('_dash-update-component')) {
      let out = '?';
      try { out = JSON.parse(init.body).output; } catch (e) { /* not JSON */ }
      const rec = {out: out, start: performance.now(), end: null};
      b.calls.push(rec);
      p.then((response) => {
        rec.end = performance.now();
        if (!response.ok && response.status !== 204) { b.failed.push({out: out, status: response.status}); }
      }, (error) => { rec.end = -1; b.failed.push({out: out, error: String(error)}); });
    }
    return p;
  };
})();
"""

# Installed once the page is loaded.
PAGE_JS = r"""
const b = window.__bench;
b.gd = () => document.querySelector('#status-map .js-plotly-plot');
b.lastAfterplot = 0;
b.gd().on('plotly_afterplot', () => { b.lastAfterplot = performance.now(); });
b.snaps = {}; b.reactCalls = [];
// Note when Plotly.react is called on the map (dcc.Graph calls the global Plotly.react).
const origReact = Plotly.react;
Plotly.react = function (gd) {
  const el = typeof gd === 'string' ? document.getElementById(gd) : gd;
  if (el === b.gd()) { b.reactCalls.push(performance.now()); }
  return origReact.apply(this, arguments);
};
const copy = (v) => Array.isArray(v) ? v.slice() : v;
b.snap = () => {
  const t0 = b.gd().data[0], t1 = b.gd().data[1];
  return {z: copy(t0.z), text: copy(t0.text), lw: copy(t0.marker.line.width), lc: copy(t0.marker.line.color),
          mc: copy(t1.marker.color), mtext: copy(t1.text), mlw: copy(t1.marker.line.width),
          mlc: copy(t1.marker.line.color)};
};
b.fills = () => {
  const out = new Map();
  for (const p of b.gd().querySelectorAll('.choroplethlocation')) {
    out.set(p.__data__ && p.__data__.loc, p.getAttribute('fill') || p.style.fill || '');
  }
  return out;
};
// True when every location in `expected` ({iso3: [r, g, b]}) is drawn in that colour; with no
// expectation, when any country's fill differs from `before`.
b.matches = (expected, before) => {
  if (!expected) {
    for (const [loc, fill] of b.fills()) { if (before.get(loc) !== fill) { return true; } }
    return false;
  }
  const want = new Map(Object.entries(expected)); const seen = new Set();
  for (const p of b.gd().querySelectorAll('.choroplethlocation')) {
    const loc = p.__data__ && p.__data__.loc;
    if (!want.has(loc)) { continue; }
    const m = (p.getAttribute('fill') || p.style.fill || '').match(/\d+/g); const w = want.get(loc);
    if (!m || +m[0] !== w[0] || +m[1] !== w[1] || +m[2] !== w[2]) { return false; }
    seen.add(loc);
  }
  return seen.size === want.size;
};
// Resolves at the first plotly_afterplot of the map after which the expected colours are drawn.
b.timed = (trigger, expected, timeoutMs) => new Promise((resolve) => {
  const g = b.gd(); let done = false, afterplots = 0; let timer = null;
  b.calls = []; b.reactCalls = [];
  const before = expected ? null : b.fills();
  const t0 = performance.now(); b.lastT0 = t0;
  const finish = (r) => {
    if (done) { return; } done = true; g.removeListener('plotly_afterplot', onAfter); clearTimeout(timer);
    r.calls = b.calls.map(c => ({out: c.out, start: c.start - t0, end: c.end === null ? null : c.end - t0}));
    r.react_calls = b.reactCalls.map(t => t - t0);
    resolve(r);
  };
  const onAfter = () => { afterplots++; if (b.matches(expected, before)) { finish({ms: performance.now() - t0, afterplots}); } };
  g.on('plotly_afterplot', onAfter);
  timer = setTimeout(() => finish({ms: null, afterplots, timeout: true}), timeoutMs);
  try { trigger(); } catch (e) { finish({ms: null, error: String(e)}); }
});
// What a user does: type a date into the date field and press Enter (the field is
// dcc.Input(type="date", debounce=True), which commits on Enter or blur).
const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
b.setDate = (iso) => {
  const el = document.getElementById('date-input');
  setter.call(el, iso);
  el.dispatchEvent(new Event('input', {bubbles: true}));
  el.dispatchEvent(new KeyboardEvent('keypress', {key: 'Enter', code: 'Enter', keyCode: 13, charCode: 13, which: 13,
                                                   bubbles: true}));
};
b.step = (iso, expected, timeoutMs) => {
  b.snaps.prev = b.snap();
  return b.timed(() => b.setDate(iso), expected, timeoutMs).then((r) => { b.snaps.cur = b.snap(); r.z = b.snaps.cur.z; return r; });
};
// The floor: plotly.js recolouring the same map with the same change, no Dash, no network.
b.restyle = (which, expected, timeoutMs) =>
  b.timed(() => Plotly.restyle(b.gd(), {z: [b.snaps[which].z]}, [0]), expected, timeoutMs);
// A second reference: Plotly.react with every array the app's Patch changes (what dcc.Graph does
// with the patched figure), still without Dash or network.
b.react = (which, expected, timeoutMs) => b.timed(() => {
  const g = b.gd(); const s = b.snaps[which]; const d0 = g.data[0], d1 = g.data[1];
  const t0 = Object.assign({}, d0, {z: s.z, text: s.text,
    marker: Object.assign({}, d0.marker, {line: Object.assign({}, d0.marker.line, {width: s.lw, color: s.lc})})});
  const t1 = Object.assign({}, d1, {text: s.mtext, marker: Object.assign({}, d1.marker, {color: s.mc,
    line: Object.assign({}, d1.marker.line, {width: s.mlw, color: s.mlc})})});
  return Plotly.react(g, [t0, t1].concat(g.data.slice(2)), g.layout);
}, expected, timeoutMs);
// Quiet page: no callback in flight, nothing answered and no map redraw for `quietMs`.
b.settle = (quietMs, timeoutMs) => new Promise((resolve) => {
  const t0 = performance.now();
  const check = () => {
    const now = performance.now();
    const pending = b.calls.some(c => c.end === null) || document.querySelector('[data-dash-is-loading="true"]');
    const last = Math.max(b.lastAfterplot, ...b.calls.map(c => c.end || 0));
    if ((!pending && now - last >= quietMs) || now - t0 > timeoutMs) {
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
    } else { setTimeout(check, 20); }
  };
  check();
});
// Every callback response since the last measurement started (call after settle).
b.traffic = () => {
  const entries = performance.getEntriesByType('resource')
    .filter(e => e.name.includes('_dash-update-component') && e.startTime >= b.lastT0);
  return {n: entries.length, transfer: entries.reduce((s, e) => s + e.transferSize, 0),
          decoded: entries.reduce((s, e) => s + e.decodedBodySize, 0)};
};
return true;
"""


def start_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(90)
    driver.set_script_timeout(90)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})  # every load is a cold load
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": INIT_JS})
    return driver


def load(driver, url: str, expected: dict | None = None, timeout: float = 90) -> dict:
    """Open url (cache disabled) and wait until the map has more than 200 country paths and, if
    `expected` ({iso3: [r, g, b]}) is given, until they are drawn in those colours. Returns
    first_map_ms (paths drawn) and coloured_map_ms (expected colours drawn), both from navigation
    start, the wall clock of the coloured map and the resources the browser fetched."""
    driver.get(url)
    deadline = time.monotonic() + timeout
    first = coloured = None
    while time.monotonic() < deadline:
        state = driver.execute_script("const b = window.__bench; return b ? [b.firstMap, b.fillLog] : [null, []]")
        first, log = state
        if first is not None:
            if expected is None:
                coloured = first
                break
            for entry in log:
                if all(_same(entry["fills"].get(loc), rgb) for loc, rgb in expected.items()):
                    coloured = entry["t"]
                    break
            if coloured is not None:
                break
        time.sleep(0.05)
    driver.execute_script("if (window.__bench) { window.__bench.stopPoll = true; }")
    if coloured is None:
        raise TimeoutError(f"{url}: map not drawn{' in the expected colours' if first else ''} within {timeout:.0f} s")
    origin = driver.execute_script("return performance.timeOrigin")
    resources = driver.execute_script("""
        return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
          .map(e => ({name: e.name, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize,
                      start: e.startTime, end: e.responseEnd}));""")
    return {"first_map_ms": first, "coloured_map_ms": coloured, "coloured_map_epoch_ms": origin + coloured,
            "resources": resources,
            "paths": driver.execute_script("return document.querySelectorAll('.choroplethlocation').length")}


def _same(fill: str | None, rgb: list[int]) -> bool:
    if not fill:
        return False
    if fill.startswith("#") and len(fill) == 7:
        return [int(fill[i:i + 2], 16) for i in (1, 3, 5)] == list(rgb)
    numbers = [int(x) for x in "".join(c if c.isdigit() else " " for c in fill).split()][:3]
    return numbers == list(rgb)


def install(driver) -> None:
    driver.execute_script(PAGE_JS)


def _call(driver, js: str, *args):
    return driver.execute_async_script(js + "\n.then(arguments[arguments.length - 1]);", *args)


def step(driver, iso: str, expected: dict, timeout_ms: int = 60000) -> dict:
    return _call(driver, "window.__bench.step(arguments[0], arguments[1], arguments[2])", iso, expected, timeout_ms)


def floor(driver, kind: str, which: str, expected: dict, timeout_ms: int = 30000) -> dict:
    return _call(driver, f"window.__bench.{kind}(arguments[0], arguments[1], arguments[2])", which, expected,
                 timeout_ms)


def settle(driver, quiet_ms: int = 120, timeout_ms: int = 30000) -> float:
    return _call(driver, "window.__bench.settle(arguments[0], arguments[1])", quiet_ms, timeout_ms)


def traffic(driver) -> dict:
    return driver.execute_script("return window.__bench.traffic()")


def failed_callbacks(driver) -> list[dict]:
    """Callback requests of the current page that failed (network error or non-2xx), since it loaded."""
    return driver.execute_script("return (window.__bench && window.__bench.failed) || []")


def captured_posts(driver, outputs: set[str]) -> list[dict]:
    """Callback request bodies Chromium sent (from the performance log) for these output keys."""
    bodies = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") != "Network.requestWillBeSent":
            continue
        request = message["params"]["request"]
        if "_dash-update-component" in request["url"] and request.get("postData"):
            try:
                body = json.loads(request["postData"])
            except ValueError:
                continue
            if body.get("output") in outputs:
                bodies.append(body)
    return bodies


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
