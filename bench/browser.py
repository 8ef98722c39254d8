"""Headless Chromium for bench/run.py: cold page loads, and what users feel when they move the date
(a key press, a held key, a drag of the slider handle) timed inside the page with performance.now().

Input reaches the page as a user's does: Chrome DevTools Protocol `Input.dispatchKeyEvent` /
`Input.dispatchMouseEvent`, sent over the page's own DevTools WebSocket (a second client beside
chromedriver) on a fixed schedule without waiting for each answer, so a busy page gets its input
queued as it would from a hand, and the sender's overhead does not stretch the schedule."""

from __future__ import annotations

import json
import time

import requests
import trio
import trio_websocket

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,900")

# Runs in every document before the page's own scripts: notes when the map is first drawn (more
# than 200 country paths) and in which colours, and every Dash callback request (body, start, end).
INIT_JS = r"""
(() => {
  const b = window.__bench = window.__bench || {};
  b.calls = []; b.failed = []; b.firstMap = null; b.fillLog = []; b.stopPoll = false;
  let lastSig = '';
  const poll = () => {
    if (b.stopPoll) { return; }
    const paths = document.querySelectorAll('#status-map .choroplethlocation');
    if (paths.length > 200) {
      const now = performance.now();
      if (b.firstMap === null) { b.firstMap = now; }
      let sig = ''; const fills = {};
      for (const p of paths) {
        const f = getComputedStyle(p).fill; sig += f + ';'; fills[p.__data__ && p.__data__.loc] = f;
      }
      if (sig !== lastSig) { lastSig = sig; b.fillLog.push({t: now, fills: fills}); }
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  if (performance.setResourceTimingBufferSize) { performance.setResourceTimingBufferSize(100000); }
  const origFetch = window.fetch;
  window.fetch = function (resource, init) {
    const url = String((resource && resource.url) || resource);
    const p = origFetch.apply(this, arguments);
    if (url.includes('_dash-update-component')) {
      let body = null;
      try { body = JSON.parse(init.body); } catch (e) { /* not JSON */ }
      const rec = {out: body ? body.output : '?', body: body, start: performance.now(), end: null};
      b.calls.push(rec);
      p.then((response) => {
        rec.end = performance.now();
        if (!response.ok && response.status !== 204) { b.failed.push({out: rec.out, status: response.status}); }
      }, (error) => { rec.end = performance.now(); b.failed.push({out: rec.out, error: String(error)}); });
    }
    return p;
  };
})();
"""

# Installed once the page is loaded. arguments[0]: JS source of a function giving the day the map
# shows now; arguments[1]: the page's clientside callbacks as [namespace, function] pairs.
PAGE_JS = r"""
const b = window.__bench;
b.gd = () => document.querySelector('#status-map .js-plotly-plot');
b.paintedDay = eval('(' + arguments[0] + ')');
b.handle = () => document.querySelector('#date-slider [role=slider]');
// Every clientside callback the page runs, counted by wrapping the function dash-renderer calls.
b.clientside = [];
for (const [ns, fn] of arguments[1]) {
  const space = window.dash_clientside[ns]; const f = space && space[fn];
  if (typeof f !== 'function' || f.__benched) { continue; }
  space[fn] = function () {
    b.clientside.push({name: ns + '.' + fn, t: performance.now()});
    return f.apply(this, arguments);
  };
  space[fn].__benched = true;
}
// Input as the page receives it (capture phase on window: before any handler of the page).
b.lastInput = 0; b.inputLog = null;
for (const type of ['keydown', 'keyup', 'pointerdown', 'pointermove', 'pointerup']) {
  window.addEventListener(type, (e) => {
    const now = performance.now(); b.lastInput = now;
    if (b.inputLog) { b.inputLog.push([type, now]); }
    if (b.press && type === 'keydown' && b.press.t0 === null && !b.press.finished) { b.press.t0 = now; }
  }, true);
}
const rgb = (fill) => (fill.match(/\d+/g) || []).slice(0, 3).map(Number);
const same = (a, w) => a.length === 3 && a[0] === w[0] && a[1] === w[1] && a[2] === w[2];
b.paths = () => {
  const out = [];
  for (const p of b.gd().querySelectorAll('.choroplethlocation')) { if (p.__data__) { out[p.__data__.index] = p; } }
  return out;
};
b.fillsOf = (units) => {
  const paths = b.paths();
  return units.map(u => paths[u] ? rgb(getComputedStyle(paths[u]).fill) : null);
};
// Quiet page: no input for inputQuietMs (covers the shipped page's settle delay), no callback in
// flight and none answered for quietMs.
b.settle = (quietMs, inputQuietMs, timeoutMs) => new Promise((resolve) => {
  const t0 = performance.now();
  const check = () => {
    const now = performance.now();
    const pending = b.calls.some(c => c.end === null) || document.querySelector('[data-dash-is-loading="true"]');
    const last = Math.max(0, ...b.calls.map(c => c.end || 0));
    if ((!pending && now - last >= quietMs && now - b.lastInput >= inputQuietMs) || now - t0 > timeoutMs) {
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
    } else { setTimeout(check, 20); }
  };
  check();
});
// One key press: resolves when polygon `unit` is drawn in `want` ([r, g, b]); t0 is stamped by the
// capture-phase keydown listener, t1 in the first animation frame that sees the new fill.
b.armPress = (unit, want) => {
  const press = b.press = {t0: null, t1: null, finished: false};
  press.done = new Promise((resolve) => {
    let el = null;
    const loop = () => {
      if (b.press !== press || press.finished) { return; }
      if (!el || !el.isConnected) { el = b.paths()[unit] || null; }
      if (press.t0 !== null && el && same(rgb(getComputedStyle(el).fill), want)) {
        press.t1 = performance.now(); press.finished = true;
        resolve({ms: press.t1 - press.t0, t0: press.t0});
        return;
      }
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
  return true;
};
b.awaitPress = (timeoutMs) => {
  const press = b.press;
  const timeout = new Promise((resolve) => setTimeout(() => {
    press.finished = true;
    resolve({ms: null, timeout: true, t0: press.t0});
  }, timeoutMs));
  return Promise.race([press.done, timeout]);
};
// Every animation frame while recording: [time, day the map shows, fills of the sentinel units].
b.record = (sentinels) => {
  const rec = b.recording = {frames: [], sentinels: sentinels};
  b.inputLog = [];
  let paths = b.paths();
  const loop = () => {
    if (b.recording !== rec) { return; }
    if (sentinels.length && !(paths[sentinels[0]] && paths[sentinels[0]].isConnected)) { paths = b.paths(); }
    rec.frames.push([performance.now(), b.paintedDay(),
                     sentinels.map(u => paths[u] ? rgb(getComputedStyle(paths[u]).fill) : null)]);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  return true;
};
b.stopRecording = () => {
  const rec = b.recording; b.recording = null;
  const inputs = b.inputLog || []; b.inputLog = null;
  return {frames: rec ? rec.frames : [], inputs: inputs};
};
// The floor of any plotly-based update, without Dash or a server: Plotly.restyle of z alone, or
// Plotly.react with every array in `traces` ({trace: {path: values}}) replaced; resolves at the first
// frame that shows polygon `unit` in `want`.
const setPath = (obj, path, value) => {
  const keys = path.split('.'); let o = obj;
  for (const key of keys.slice(0, -1)) { o[key] = Object.assign({}, o[key]); o = o[key]; }
  o[keys[keys.length - 1]] = value;
};
b.plotlyFloor = (kind, traces, unit, want) => new Promise((resolve) => {
  const gd = b.gd(); let el = null;
  const t0 = performance.now();
  if (kind === 'restyle') {
    Plotly.restyle(gd, {z: [traces['0'].z]}, [0]);
  } else {
    const data = gd.data.map((trace, i) => {
      const copy = Object.assign({}, trace);
      for (const [path, values] of Object.entries(traces[String(i)] || {})) { setPath(copy, path, values); }
      return copy;
    });
    Plotly.react(gd, data, gd.layout);
  }
  const loop = () => {
    if (!el || !el.isConnected) { el = b.paths()[unit] || null; }
    if (el && same(rgb(getComputedStyle(el).fill), want)) { resolve({ms: performance.now() - t0}); return; }
    if (performance.now() - t0 > 10000) { resolve({ms: null, timeout: true}); return; }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
});
// Where things are on screen (CSS pixels, viewport coordinates) for the mouse.
b.geometry = () => {
  const h = b.handle(); h.scrollIntoView({block: 'center'});
  const hb = h.getBoundingClientRect();
  const tb = document.querySelector('#date-slider .dash-slider-track').getBoundingClientRect();
  return {x: hb.x + hb.width / 2, y: hb.y + hb.height / 2, left: tb.x, right: tb.x + tb.width,
          value: Number(h.getAttribute('aria-valuenow')), max: Number(h.getAttribute('aria-valuemax'))};
};
// What one settled change cost the page: the callbacks since t0 (server requests with their
// bodies, clientside runs) and the callback responses' sizes from resource timing.
b.since = (t0) => {
  const entries = performance.getEntriesByType('resource')
    .filter(e => e.name.includes('_dash-update-component') && e.startTime >= t0);
  return {
    server: b.calls.filter(c => c.start >= t0).map(c => ({out: c.out, body: c.body, start: c.start, end: c.end})),
    clientside: b.clientside.filter(c => c.t >= t0).map(c => c.name),
    transfer: entries.reduce((s, e) => s + e.transferSize, 0),
    encoded: entries.reduce((s, e) => s + e.encodedBodySize, 0),
    decoded: entries.reduce((s, e) => s + e.decodedBodySize, 0),
  };
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
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(90)
    driver.set_script_timeout(120)
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
        first, log = driver.execute_script("const b = window.__bench; return b ? [b.firstMap, b.fillLog] : [null, []]")
        if first is not None:
            if expected is None:
                coloured = first
                break
            coloured = next((entry["t"] for entry in log
                             if all(_rgb(entry["fills"].get(loc)) == rgb for loc, rgb in expected.items())), None)
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
            "resources": resources}


def hex_rgb(colour: str) -> list[int]:
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)]


def _rgb(fill: str | None) -> list[int] | None:
    if not fill:
        return None
    return [int(x) for x in "".join(c if c.isdigit() else " " for c in fill).split()][:3]


def install(driver, painted_day_js: str, clientside: list[list[str]]) -> None:
    """Install the page code; `painted_day_js` is a JS function (source) giving the day the map shows."""
    driver.execute_script(PAGE_JS, painted_day_js, clientside)


def call(driver, js: str, *args):
    """Run `js` (an expression giving a Promise) in the page and return what it resolves to."""
    return driver.execute_async_script(f"Promise.resolve({js}).then(arguments[arguments.length - 1]);", *args)


def settle(driver, quiet_ms: int = 150, input_quiet_ms: int = 450, timeout_ms: int = 60000) -> float:
    return call(driver, "window.__bench.settle(arguments[0], arguments[1], arguments[2])",
                quiet_ms, input_quiet_ms, timeout_ms)


def set_day(driver, day: int) -> None:
    """Move the slider programmatically (what Play and the timeline click do)."""
    driver.execute_script("window.__bench.lastInput = performance.now();"
                          " window.dash_clientside.set_props('date-slider', {value: arguments[0]});", day)


def failed_callbacks(driver) -> list[dict]:
    """Callback requests of the current page that failed (network error or non-2xx), since it loaded."""
    return driver.execute_script("return (window.__bench && window.__bench.failed) || []")


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


# --------------------------------------------------------------------------------------------------
# Input through the page's DevTools WebSocket


KEY = {"key": "ArrowRight", "code": "ArrowRight", "windowsVirtualKeyCode": 39, "nativeVirtualKeyCode": 39}


def key_events(presses: int, interval_s: float) -> list[tuple[float, str, dict]]:
    """A key held down: the first keydown, auto-repeats every `interval_s`, the key-up."""
    events = [(i * interval_s, "Input.dispatchKeyEvent", {"type": "rawKeyDown", **KEY, "autoRepeat": i > 0})
              for i in range(presses)]
    return events + [((presses - 1) * interval_s + 0.01, "Input.dispatchKeyEvent", {"type": "keyUp", **KEY})]


def drag_events(x0: float, x1: float, y: float, moves: int, interval_s: float) -> list[tuple[float, str, dict]]:
    """Press the left button at x0, move to x1 in `moves` even steps `interval_s` apart, release."""
    def mouse(kind: str, x: float, **extra) -> dict:
        return {"type": kind, "x": x, "y": y, "button": "left", **extra}

    events = [(0.0, "Input.dispatchMouseEvent", mouse("mouseMoved", x0, buttons=0)),
              (0.05, "Input.dispatchMouseEvent", mouse("mousePressed", x0, buttons=1, clickCount=1))]
    start = 0.1
    for i in range(1, moves + 1):
        events.append((start + i * interval_s, "Input.dispatchMouseEvent",
                       mouse("mouseMoved", x0 + (x1 - x0) * i / moves, buttons=1)))
    events.append((start + (moves + 1) * interval_s, "Input.dispatchMouseEvent",
                   mouse("mouseReleased", x1, buttons=0, clickCount=1)))
    return events


class DevTools:
    """The DevTools WebSocket of the page the driver shows."""

    def __init__(self, driver):
        address = driver.capabilities["goog:chromeOptions"]["debuggerAddress"]
        handle = driver.current_window_handle  # chromedriver's window handle is the DevTools target id
        targets = requests.get(f"http://{address}/json/list", timeout=10).json()
        self.ws_url = next(t["webSocketDebuggerUrl"] for t in targets if t["id"] == handle)

    def send(self, events: list[tuple[float, str, dict]], timeout_s: float = 60) -> dict:
        """Send each (offset in s, method, params) at its time without waiting for the answers (the
        last 2 ms of each wait are spun for precision), then collect every answer. Returns the
        actual send offsets and any errors."""
        return trio.run(self._send, events, timeout_s)

    async def _send(self, events, timeout_s: float) -> dict:
        sent: list[float] = []
        errors: list[dict] = []
        async with trio_websocket.open_websocket_url(self.ws_url, max_message_size=2 ** 24) as ws:
            start = trio.current_time()
            for i, (offset, method, params) in enumerate(events):
                due = start + offset
                await trio.sleep_until(due - 0.002)
                while trio.current_time() < due:
                    pass
                await ws.send_message(json.dumps({"id": i + 1, "method": method, "params": params}))
                sent.append(trio.current_time() - start)
            answered = 0
            with trio.move_on_after(timeout_s):
                while answered < len(events):
                    message = json.loads(await ws.get_message())
                    if "id" in message:
                        answered += 1
                        if "error" in message:
                            errors.append(message["error"])
        return {"sent_s": sent, "answered": answered, "errors": errors}
