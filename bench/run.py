"""Performance benchmark: the shipped page against two other ways of updating the map, same page.

    python bench/run.py            # table
    python bench/run.py --json     # table, then one JSON object as the last line
    python bench/run.py --quick    # fewer samples, for trying things out (figures not comparable)

Strategies: `shipped` (the page paints the map itself from the core's snapshots), `fair_naive` (a
server callback returns a whole new figure per date, geometry by URL) and `patch` (a server callback
returns a Patch() of the arrays that change); see bench/naive_app.py. See bench/README.md for what
each figure means. Everything runs on 127.0.0.1; every server and the browser are stopped when the
run ends, also on errors. Details of the last run: bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
import traceback
from bisect import bisect_right
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (str(ROOT), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

import browser  # noqa: E402
import first_visit  # noqa: E402
import harness  # noqa: E402
from harness import median, percentile  # noqa: E402

RESULTS = HERE / "results"
GEOMETRY = "/geometry/world_50m.geojson"
BASEMAP = "/assets/topojson/world_110m.json"
STRATEGIES = ("shipped", "fair_naive", "patch")
PREFIX = {"shipped": "", "fair_naive": "fair_naive_", "patch": "patch_"}
LABEL = {"shipped": "shipped", "fair_naive": "fair naive", "patch": "Patch()"}
# The day the map shows in the current frame: the shipped page's painter sets the slider's day and
# paints in the same task; the variants' figures carry their day in layout.meta.
PAINTED_DAY_JS = {
    "shipped": "() => window.atlasDate.currentDay()",
    "variant": "() => { const gd = document.querySelector('#status-map .js-plotly-plot');"
               " return gd && gd.layout && gd.layout.meta ? gd.layout.meta.day : null; }",
}
HELD_KEYS, HELD_INTERVAL_S = 60, 0.033
DRAG_MOVES, DRAG_INTERVAL_S, DRAG_FROM, DRAG_TO = 120, 1 / 60, 0.15, 0.85
# The "Done when" for the shipped page.
TARGETS = {"keypress_to_paint_ms_median": ("<=", 50), "held_key_dates_per_s": (">=", 25),
           "drag_frames_per_s": (">=", 30), "settled_change_bytes_gzip": ("<=", 15 * 1024),
           "settled_change_server_ms": ("<=", 20), "initial_gzip_bytes": ("<=", 400 * 1024),
           # Issue 17: a first visit on a phone, a repeat visit, requests per settled change.
           "first_visit_bytes": ("<=", 700 * 1024), "first_visit_map_ms": ("<=", 6000),
           "repeat_visit_map_ms": ("<=", 1500), "repeat_visit_bytes": ("<=", 30 * 1024),
           "settled_change_requests": ("<=", 3)}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def rnd(value, digits=1):
    return None if value is None else round(value, digits)


# --------------------------------------------------------------------------------------------------
# What the map should show: the core's paint code of every unit (recognition.map_data), independent
# reading, no bloc, never the page's own code.


class Truth:
    def __init__(self, ctx):
        from components.palette import BORDER, CLASS_COLOURS
        from recognition.map_data import day_number, styles, units

        self.ctx = ctx
        self.units = units(ctx.atlas)
        self.polygons = int((self.units["shape"] == "polygon").sum())
        self.iso3 = list(self.units["iso3"][:self.polygons])
        self.fill = [browser.hex_rgb(c) for c in styles(CLASS_COLOURS, BORDER)["fill"]]
        self.max_day = day_number(ctx.today())
        self.event_days = sorted({day_number(d) for d in ctx.atlas.history.dates if 0 < day_number(d) <= self.max_day})

    @lru_cache(maxsize=4096)
    def fills(self, day: int) -> tuple:
        """[r, g, b] of every polygon on `day`."""
        from recognition.map_data import view_codes
        from recognition.schema import TIMELINE_START

        codes = view_codes(self.ctx.atlas, "independent", TIMELINE_START + timedelta(days=day), self.units)
        return tuple(tuple(self.fill[c]) for c in codes[:self.polygons])

    def by_iso3(self, day: int) -> dict:
        return {iso: list(rgb) for iso, rgb in zip(self.iso3, self.fills(day))}

    def changed(self, day: int) -> list[int]:
        """Polygons whose fill on `day` differs from the day before."""
        before, after = self.fills(day - 1), self.fills(day)
        return [u for u in range(self.polygons) if before[u] != after[u]]

    def fill_change_days(self) -> list[int]:
        return [d for d in self.event_days if self.changed(d)]

    def key_steps(self, n: int) -> list[tuple[int, int, list[int]]]:
        """n days spread over the timeline on which some country changes colour: (day, a polygon
        that changes, its new colour). Each step presses ArrowRight on the day before."""
        days = self.fill_change_days()
        chosen = [days[round(i * (len(days) - 1) / max(n - 1, 1))] for i in range(n)] if len(days) >= n else days
        return [(d, self.changed(d)[0], list(self.fills(d)[self.changed(d)[0]])) for d in dict.fromkeys(chosen)]

    def held_start(self, presses: int) -> int:
        """The start of the `presses`-day window with the most days on which a colour changes."""
        days = self.fill_change_days()
        starts = [max(0, min(d - 1, self.max_day - presses)) for d in days]
        return max(starts, key=lambda s: bisect_right(days, s + presses) - bisect_right(days, s))

    def sentinels(self, first: int, last: int, k: int = 8) -> list[int]:
        """Up to k polygons that change colour between two days (checked in every recorded frame)."""
        a, b = self.fills(first), self.fills(last)
        return [u for u in range(self.polygons) if a[u] != b[u]][:k]

    def frame_mismatches(self, frames: list, sentinels: list[int]) -> int:
        """Recorded frames whose sentinel fills are not the core's for the day the page says it shows."""
        bad = 0
        for _, day, fills in frames:
            if day is None or not sentinels:
                continue
            want = self.fills(int(day))
            bad += any(f is not None and tuple(f) != want[u] for u, f in zip(sentinels, fills))
        return bad


# --------------------------------------------------------------------------------------------------
# One page: what a user feels, and what a settled change costs


def polygon_fills_ok(driver, truth: Truth, day: int) -> bool:
    fills = driver.execute_script("return window.__bench.fillsOf(arguments[0])", list(range(truth.polygons)))
    return all(f is not None and tuple(f) == want for f, want in zip(fills, truth.fills(day)))


def painted_day(driver):
    return driver.execute_script("return window.__bench.paintedDay()")


def focus_handle(driver) -> None:
    driver.execute_script("window.__bench.handle().focus();")


def key_presses(driver, devtools, server, truth: Truth, steps, warmup: int) -> dict:
    """Per step: from the day before a change day, one ArrowRight; time from the keydown to the first
    frame that shows the changed country in its new colour; then everything the change fired until
    the page is quiet again."""
    out = {"ms": [], "timeouts": 0, "wrong_colours": 0, "changed": [], "costs": []}
    for i, (day, unit, colour) in enumerate(steps):
        browser.set_day(driver, day - 1)
        browser.settle(driver)
        focus_handle(driver)
        mark = len(server.log())
        driver.execute_script("window.__bench.armPress(arguments[0], arguments[1])", unit, colour)
        devtools.send(browser.key_events(1, HELD_INTERVAL_S))
        result = browser.call(driver, "window.__bench.awaitPress(arguments[0])", 30000)
        browser.settle(driver)
        if result.get("ms") is None:
            out["timeouts"] += 1
            log(f"  key press to day {day} did not repaint: {result}")
            continue
        out["wrong_colours"] += not (painted_day(driver) == day and polygon_fills_ok(driver, truth, day))
        if i < warmup:
            continue
        out["ms"].append(result["ms"])
        out["changed"].append(len(truth.changed(day)))
        cost = driver.execute_script("return window.__bench.since(arguments[0])", result["t0"] - 1)
        cost["server_log"] = server.log(mark)
        cost["day"] = day
        out["costs"].append(cost)
    return out


def held_key(driver, devtools, truth: Truth) -> dict:
    """60 ArrowRight key events 33 ms apart (a held key), then the key-up."""
    start = truth.held_start(HELD_KEYS)
    target = start + HELD_KEYS
    browser.set_day(driver, start)
    browser.settle(driver)
    focus_handle(driver)
    sentinels = truth.sentinels(start, target)
    driver.execute_script("window.__bench.record(arguments[0])", sentinels)
    sent = devtools.send(browser.key_events(HELD_KEYS, HELD_INTERVAL_S))
    browser.settle(driver)
    rec = driver.execute_script("return window.__bench.stopRecording()")
    keys = [t for kind, t in rec["inputs"] if kind == "keydown"]
    result = motion(rec["frames"], keys[0] if keys else None, target)
    gaps = [b - a for a, b in zip(keys, keys[1:])]
    result.update(
        start_day=start, target_day=target, keydowns_received=len(keys), send_errors=len(sent["errors"]),
        sent_per_s=rnd((len(sent["sent_s"]) - 2) / (sent["sent_s"][-2] - sent["sent_s"][0])),
        received_gap_ms_p50=rnd(median(gaps)), received_gap_ms_max=rnd(max(gaps) if gaps else None),
        catch_up_ms=(rnd(result["reached_ms"] - (keys[-1] - keys[0]))
                     if result["reached_ms"] is not None and keys else None),
        frame_mismatches=truth.frame_mismatches(rec["frames"], sentinels),
        end_day=painted_day(driver), end_day_ok=painted_day(driver) == target,
        colours_ok=polygon_fills_ok(driver, truth, target))
    return result


def motion(frames: list, begin: float | None, target: int | None, end: float | None = None) -> dict:
    """From the recorded frames: the frames in [begin, end] (end: the first frame showing `target`,
    else the last frame), how many of them showed a different day from the frame before, and their rates."""
    if begin is None or not frames:
        return {"frames": 0, "changes": 0, "per_s": None, "raf_per_s": None, "reached_ms": None}
    reached = next((t for t, day, _ in frames if t >= begin and day == target), None) if target is not None else None
    stop = end if end is not None else (reached if reached is not None else frames[-1][0])
    window = [(t, day) for t, day, _ in frames if begin <= t <= stop]
    previous = next((day for t, day, _ in reversed(frames) if t < begin), None)
    changes = 0
    for _, day in window:
        changes += day != previous
        previous = day
    seconds = (stop - begin) / 1000
    return {"frames": len(window), "changes": changes, "seconds": rnd(seconds, 3),
            "per_s": rnd(changes / seconds) if seconds > 0 else None,
            "raf_per_s": rnd(len(window) / seconds) if seconds > 0 else None,
            "reached_ms": rnd(reached - begin) if reached is not None else None}


def drag(driver, devtools, truth: Truth) -> dict:
    """Press the handle, move it right in small even steps (60 a second), release."""
    browser.set_day(driver, round(truth.max_day * DRAG_FROM))
    browser.settle(driver)
    where = driver.execute_script("return window.__bench.geometry()")
    x1 = where["left"] + (where["right"] - where["left"]) * DRAG_TO
    last_day = round(truth.max_day * DRAG_TO)
    sentinels = truth.sentinels(where["value"], last_day)
    driver.execute_script("window.__bench.record(arguments[0])", sentinels)
    sent = devtools.send(browser.drag_events(where["x"], x1, where["y"], DRAG_MOVES, DRAG_INTERVAL_S))
    browser.settle(driver)
    rec = driver.execute_script("return window.__bench.stopRecording()")
    down = next((t for kind, t in rec["inputs"] if kind == "pointerdown"), None)
    up = next((t for kind, t in rec["inputs"] if kind == "pointerup"), None)
    moves = [t for kind, t in rec["inputs"] if kind == "pointermove" and down is not None and up is not None
             and down < t <= up]
    result = motion(rec["frames"], moves[0] if moves else None, None, up)
    final = driver.execute_script("return Number(window.__bench.handle().getAttribute('aria-valuenow'))")
    result.update(from_day=where["value"], moves_received=len(moves), send_errors=len(sent["errors"]),
                  moves_per_s=rnd(len(moves) / ((moves[-1] - moves[0]) / 1000)) if len(moves) > 1 else None,
                  days_moved=final - where["value"], frame_mismatches=truth.frame_mismatches(rec["frames"], sentinels),
                  end_day=painted_day(driver), end_day_ok=painted_day(driver) == final,
                  colours_ok=polygon_fills_ok(driver, truth, final))
    return result


def plotly_floors(driver, arrays, truth: Truth, steps, samples: int) -> dict:
    """On the Patch() page, no Dash, no server: Plotly.restyle of z alone, and Plotly.react with every
    array the Patch changes, back and forth between two days; time to the changed country's new fill."""
    from recognition.params import View
    from recognition.schema import TIMELINE_START

    out = {"restyle": [], "react": []}
    for day, unit, colour in steps[:samples]:
        for kind in ("restyle", "react"):
            for shown, want in ((day - 1, list(truth.fills(day - 1)[unit])), (day, colour)):
                view = View(TIMELINE_START + timedelta(days=shown), (), "independent", None)
                traces = {str(k): {".".join(p): v for p, v in t.items()} for k, t in arrays.traces(view).items()}
                browser.settle(driver, 100, 0)
                result = browser.call(driver, "window.__bench.plotlyFloor(arguments[0], arguments[1], arguments[2],"
                                      " arguments[3])", kind, traces, unit, want)
                if result.get("ms") is not None:
                    out[kind].append(result["ms"])
    return out


def settled_summary(costs: list[dict]) -> dict:
    """Medians over the key-press steps of what each settled change fired, as the page saw it."""
    if not costs:
        return {}
    return {
        "server_callbacks": round(median([len(c["server"]) for c in costs])),
        "clientside_callbacks": round(median([len(c["clientside"]) for c in costs])),
        "clientside_names": sorted(set(n for c in costs for n in c["clientside"])),
        "server_outputs": sorted(set(s["out"] for c in costs for s in c["server"])),
        "wire_bytes_in_page": median([c["encoded"] for c in costs]),
        "transfer_bytes_in_page": median([c["transfer"] for c in costs]),
        "raw_bytes_in_page": median([c["decoded"] for c in costs]),
        "server_ms_in_page": rnd(median([sum(e["ms"] for e in c["server_log"]) for c in costs]), 2),
        "encodings": sorted(set(e["encoding"] for c in costs for e in c["server_log"])),
    }


def template(costs: list[dict]) -> tuple[list[dict], bool | None]:
    """The server callback bodies of one settled change, in the order the page sent them, and whether
    every step's bodies are the previous step's with only the date changed (so a replay for another
    date sends exactly what the page would)."""
    bodies = [[s["body"] for s in sorted(c["server"], key=lambda s: s["start"])] for c in costs]
    if not bodies:
        return [], None
    from recognition.schema import TIMELINE_START

    iso = [(TIMELINE_START + timedelta(days=c["day"])).isoformat() for c in costs]
    same = all(sorted(map(json.dumps, [harness.retarget(b, iso[k + 1]) for b in bodies[k]]))
               == sorted(map(json.dumps, bodies[k + 1])) for k in range(len(bodies) - 1))
    return bodies[-1], same


def replay_summary(records: list[list[dict]]) -> dict:
    """Per change (all its callbacks, and the map panel's only): gzip and raw bytes, server time, round trip."""
    ok = [r for r in records if all(c["status"] in (200, 204) for c in r)]

    def sums(change, key, panel=False):
        return sum(c[key] or 0 for c in change if not panel or harness.is_map_panel(c["output"]))

    by_output: dict[str, list[dict]] = {}
    for change in ok:
        for c in change:
            by_output.setdefault(c["output"], []).append(c)
    return {
        "changes": len(records), "errors": len(records) - len(ok),
        "gzip": [sums(r, "wire") for r in ok], "raw": [sums(r, "raw") for r in ok],
        "server_ms": [sums(r, "server_ms") for r in ok], "rtt_ms": [sums(r, "rtt_ms") for r in ok],
        "panel_gzip": [sums(r, "wire", True) for r in ok], "panel_raw": [sums(r, "raw", True) for r in ok],
        "panel_server_ms": [sums(r, "server_ms", True) for r in ok],
        "panel_rtt_ms": [sums(r, "rtt_ms", True) for r in ok],
        "per_callback": sorted(({"output": out, "server_ms_p50": rnd(median([c["server_ms"] for c in cs]), 2),
                                 "server_ms_max": rnd(max(c["server_ms"] for c in cs), 1),
                                 "gzip_p50": median([c["wire"] for c in cs]), "raw_p50": median([c["raw"] for c in cs])}
                                for out, cs in by_output.items()), key=lambda row: -row["server_ms_p50"]),
        "last_bodies": {c["output"]: c["body"] for c in (ok[-1] if ok else [])},
    }


def classify(resources: list[dict]) -> dict:
    """Bytes on the wire (transferSize, headers included) of a cold page load, by kind."""
    kinds: dict[str, int] = {}
    for r in resources:
        name = r["name"]
        if name.endswith(".js") or "/_dash-component-suites/" in name:
            kind = "scripts"
        elif "/_dash-layout" in name:
            kind = "layout"
        elif "/geometry/" in name:
            kind = "geometry"
        elif "/topojson/" in name:
            kind = "basemap"
        elif "_dash-update-component" in name:
            kind = "callbacks"
        else:
            kind = "other"
        kinds[kind] = kinds.get(kind, 0) + (r["transfer"] or 0)
    kinds["total"] = sum(kinds.values())
    kinds["total_without_scripts"] = kinds["total"] - kinds.get("scripts", 0)
    return kinds


def drawn_locations(driver) -> list[str]:
    return driver.execute_script("""return [...document.querySelectorAll('#status-map .choroplethlocation')]
        .filter(p => (p.getAttribute('d') || '').length > 2).map(p => p.__data__ && p.__data__.loc);""")


def measure_page(driver, strategy: str, server, truth: Truth, steps, warmup: int, clientside, arrays,
                 floor_samples: int) -> dict:
    """Everything measured in the browser for one strategy."""
    page = browser.load(driver, server.url + "/", truth.by_iso3(truth.max_day))
    browser.install(driver, PAINTED_DAY_JS["shipped" if strategy == "shipped" else "variant"], clientside)
    devtools = browser.DevTools(driver)
    result = {"first_map_ms": rnd(page["coloured_map_ms"]), "transfer": classify(page["resources"]),
              "drawn": drawn_locations(driver)}
    log(f"browser, {LABEL[strategy]}: {len(steps)} key presses")
    result["keys"] = key_presses(driver, devtools, server, truth, steps, warmup)
    log(f"browser, {LABEL[strategy]}: held key ({HELD_KEYS} key events {HELD_INTERVAL_S * 1000:.0f} ms apart)")
    result["held"] = held_key(driver, devtools, truth)
    log(f"browser, {LABEL[strategy]}: drag ({DRAG_MOVES} moves at {1 / DRAG_INTERVAL_S:.0f} per second)")
    result["drag"] = drag(driver, devtools, truth)
    if arrays is not None:
        log(f"browser, {LABEL[strategy]}: Plotly.restyle / Plotly.react floors")
        result["floors"] = plotly_floors(driver, arrays, truth, steps, floor_samples)
    result["console_errors"] = sorted(set(browser.console_errors(driver)))
    result["failed_callbacks"] = browser.failed_callbacks(driver)
    return result


# --------------------------------------------------------------------------------------------------


def measure_startup(driver, truth: Truth) -> dict:
    """`python app.py` started -> /health answers, and -> Chromium (opening the page at once) has the map in
    today's colours."""
    port = harness.free_port()
    log(f"startup: python app.py --port {port}")
    t0 = time.time()
    app_proc = harness.start_process([sys.executable, "app.py", "--port", str(port)], RESULTS / "app-startup.log")
    try:
        t_listen = harness.wait_http(f"http://{harness.HOST}:{port}/health", 120, app_proc)
        page = browser.load(driver, f"http://{harness.HOST}:{port}/", truth.by_iso3(truth.max_day))
    finally:
        harness.stop_process(app_proc)
    return {"startup_to_listening_ms": rnd((t_listen - t0) * 1000),
            "startup_to_first_map_ms": rnd(page["coloured_map_epoch_ms"] - t0 * 1000),
            "startup_page_to_first_map_ms": rnd(page["coloured_map_ms"])}


def start_gunicorn():
    """The production settings (gunicorn.conf.py: gevent workers, app preloaded), 2 workers, loopback; it
    boots in the background and nothing is timed against it until it is idle."""
    port = harness.free_port()
    gunicorn_cmd = shutil.which("gunicorn")
    cmd = [gunicorn_cmd] if gunicorn_cmd else [sys.executable, "-m", "gunicorn"]
    args = ["--config", "gunicorn.conf.py", "--workers", "2", "--bind", f"{harness.HOST}:{port}", "app:server"]
    log(f"gunicorn {' '.join(args)} (booting in the background)")
    return harness.start_process(cmd + args, RESULTS / "gunicorn.log"), port


def measure_initial_bytes(servers: dict, r: dict, diag: dict) -> None:
    """Page, layout and geometry, raw and gzip, per strategy; the base map as Chromium gets it."""
    log("initial page bytes")
    for name in STRATEGIES:
        init = harness.initial_bytes(servers[name].url, [GEOMETRY])
        diag[f"{name}_initial_parts"] = init["parts"]
        r[f"{PREFIX[name]}initial_bytes"] = init["raw"]
        r[f"{PREFIX[name]}initial_gzip_bytes"] = init["gzip"]
    basemap = harness.get_sizes(servers["shipped"].url + BASEMAP, accept=harness.CHROMIUM_ACCEPT_ENCODING)
    r["basemap_bytes"], r["basemap_encoding"] = basemap["gzip"], basemap["encoding"]
    r["initial_gzip_bytes_with_basemap"] = r["initial_gzip_bytes"] + basemap["gzip"]


def measure_first_visit(server, truth: Truth, r: dict, diag: dict) -> None:
    """A reader's first and repeat visit of the shipped page on a phone (bench/first_visit.py), in a fresh
    browser profile; screenshots of the first screen while loading and when painted."""
    log("first and repeat visit, phone profile (390 x 844, slow 4G, CPU / 4)")
    shots = RESULTS / "screenshots"
    shots.mkdir(exist_ok=True)
    result = first_visit.measure(server, truth.by_iso3(truth.max_day), shots)
    r.update(first_visit.keys(result))
    diag["first_visit"] = result


def replay_settled_changes(servers: dict, pages: dict, dates: list[str]) -> tuple[dict, dict, dict]:
    """Each strategy's settled change, exactly as its page sent it, for every date, one request at a time:
    first to a server that has answered nothing yet, then the same dates again (the app's caches warm)."""
    replays, warm, changes = {}, {}, {}
    for name in STRATEGIES:
        bodies, same = template(pages[name]["keys"]["costs"])
        pages[name]["payload_matches_browser"] = same
        changes[name] = [[json.dumps(harness.retarget(b, d)).encode() for b in bodies] for d in dates]
        log(f"replay, {LABEL[name]}: {len(dates)} settled changes x {len(bodies)} callbacks, twice")
        url = servers[f"{name} replay"].url
        replays[name] = replay_summary(harness.replay(url, changes[name]))
        warm[name] = replay_summary(harness.replay(url, changes[name], warmup=0))
    return replays, warm, changes


def measure_throughput(gunicorn, port: int, bodies_per_change: list[list[bytes]], n_load: int, r: dict,
                       diag: dict) -> None:
    """The shipped page's settled-change callbacks under gunicorn, 2 workers, concurrency 16."""
    log("waiting for both gunicorn workers to finish loading")
    harness.wait_http(f"http://{harness.HOST}:{port}/health", 180, gunicorn)
    harness.wait_workers_idle(gunicorn.pid, 2, 180)
    log(f"throughput: {n_load} requests at concurrency 16 against gunicorn (2 workers)")
    load_bodies = [body for bodies in bodies_per_change for body in bodies]
    harness.throughput(port, load_bodies, total=200, concurrency=4)  # warm both workers
    load = harness.throughput(port, load_bodies, total=n_load, concurrency=16)
    diag["throughput"] = load
    r.update(throughput_rps=rnd(load["rps"]), throughput_p50_ms=rnd(load["p50_ms"], 2),
             throughput_p99_ms=rnd(load["p99_ms"], 2), throughput_requests=load["requests"],
             throughput_errors=load["errors"],
             throughput_settled_changes_per_s=rnd(load["rps"] / max(1, len(bodies_per_change[0]))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    parser.add_argument("--quick", action="store_true", help="fewer samples (not comparable with a full run)")
    parser.add_argument("--posts", type=int, help="settled date changes replayed per strategy (default 100)")
    parser.add_argument("--steps", type=int, help="measured key presses per strategy (default 20)")
    args = parser.parse_args(argv)

    n_posts = args.posts or (20 if args.quick else 100)
    n_steps = args.steps or (5 if args.quick else 20)
    n_load = 1000 if args.quick else 3000
    warmup, floor_samples = 2, (3 if args.quick else 10)

    run_start = time.time()
    r: dict = {"started": time.strftime("%Y-%m-%d %H:%M:%S"),
               "full_run": not args.quick and n_posts >= 100 and n_steps >= 20}
    diag: dict = {}
    driver = gunicorn = sampler = None
    servers: dict = {}
    pages: dict = {}
    RESULTS.mkdir(exist_ok=True)
    try:
        from common.context import build_context
        from naive_app import MapArrays, create_variant_app, shipped_app

        # The three apps, built once in this process; each served from forked copies of it (before this
        # process starts any thread): one for the browser, and one that answers nothing before the replay,
        # so the replay starts with the app's caches as a new worker has them.
        log("building the shipped app (app.app, as gunicorn serves it) and the two variants")
        ctx = build_context()
        truth = Truth(ctx)
        apps = {"shipped": shipped_app(ctx).app, **{s: create_variant_app(ctx, s) for s in STRATEGIES[1:]}}
        for name, app in apps.items():
            servers[name] = harness.ForkedServer(name, app).start()
            servers[f"{name} replay"] = harness.ForkedServer(f"{name} replay", app).start()
        sampler = harness.CpuSampler()
        sampler.start()
        r["map_update"] = harness.map_update_mode(apps["shipped"])

        log("starting Chromium")
        driver = browser.start_driver()
        r.update(measure_startup(driver, truth))
        gunicorn, gport = start_gunicorn()
        measure_initial_bytes(servers, r, diag)
        # The browser: each page, what users feel and what a settled change fires.
        steps = truth.key_steps(n_steps + warmup)
        for name in STRATEGIES:
            log(f"browser, {LABEL[name]}: cold load")
            pages[name] = measure_page(driver, name, servers[name], truth, steps, warmup,
                                       harness.clientside_functions(apps[name]),
                                       MapArrays(ctx) if name == "patch" else None, floor_samples)
        driver.quit()
        driver = None
        measure_first_visit(servers["shipped"], truth, r, diag)
        replays, warm, changes = replay_settled_changes(servers, pages, harness.sample_dates(ctx, n_posts))
        for server in servers.values():
            server.stop()
        measure_throughput(gunicorn, gport, changes["shipped"], n_load, r, diag)
        report(r, diag, pages, replays, warm, ctx)
    except Exception:
        traceback.print_exc()
        r["failed"] = traceback.format_exc().strip().splitlines()[-1]
    finally:
        for server in servers.values():
            server.stop()
        harness.stop_process(gunicorn)
        if driver is not None:
            try:
                driver.quit()
            except Exception:  # noqa: BLE001
                pass

    if sampler is not None:
        r.update(sampler.stop())
    finish(r)
    r["run_seconds"] = rnd(time.time() - run_start)
    (RESULTS / "latest.json").write_text(json.dumps({"results": r, "details": diag}, indent=2, default=str))
    print_table(r, diag)
    if args.json:
        print(json.dumps(r, default=str))
    return 1 if "failed" in r else 0


def report(r: dict, diag: dict, pages: dict, replays: dict, warm: dict, ctx) -> None:
    """The JSON keys: per strategy with its prefix (the old `naive_` keys are the fair naive's)."""
    states = ctx.atlas.dataset.states
    required = set(states.loc[states["un_member"] == "yes", "iso3"]) | {"XKX"}
    r["map_panel_server_callbacks"] = sorted({s["out"] for c in pages["shipped"]["keys"]["costs"] for s in c["server"]
                                              if harness.is_map_panel(s["out"])})
    for name in STRATEGIES:
        p, page, rep = PREFIX[name], pages[name], replays[name]
        keys, held, dragged = page["keys"], page["held"], page["drag"]
        settled = settled_summary(keys["costs"])
        r.update({
            f"{p}first_map_ms": page["first_map_ms"],
            f"{p}keypress_to_paint_ms_median": rnd(median(keys["ms"])),
            f"{p}keypress_to_paint_ms_p90": rnd(percentile(keys["ms"], 90)),
            f"{p}keypress_steps": len(keys["ms"]),
            f"{p}keypress_timeouts": keys["timeouts"],
            f"{p}keypress_wrong_colours": keys["wrong_colours"],
            f"{p}held_key_dates_per_s": held["per_s"],
            f"{p}held_key_sent_per_s": held["sent_per_s"],
            f"{p}held_key_catch_up_ms": held["catch_up_ms"],
            f"{p}held_key_end_day_ok": held["end_day_ok"],
            f"{p}held_key_colours_ok": held["colours_ok"],
            f"{p}drag_frames_per_s": dragged["per_s"],
            f"{p}drag_raf_per_s": dragged["raf_per_s"],
            f"{p}drag_moves_per_s": dragged["moves_per_s"],
            f"{p}drag_end_ok": bool(dragged["end_day_ok"] and dragged["colours_ok"]),
            f"{p}settled_change_bytes_gzip": median(rep["gzip"]),
            f"{p}settled_change_bytes_raw": median(rep["raw"]),
            f"{p}settled_change_server_ms": rnd(median(rep["server_ms"]), 2),
            f"{p}settled_change_server_ms_p95": rnd(percentile(rep["server_ms"], 95), 2),
            f"{p}settled_change_server_ms_warm": rnd(median(warm[name]["server_ms"]), 2),
            f"{p}settled_change_callbacks": ((settled.get("server_callbacks") or 0)
                                             + (settled.get("clientside_callbacks") or 0)),
            f"{p}settled_change_server_callbacks": settled.get("server_callbacks"),
            f"{p}settled_change_clientside_callbacks": settled.get("clientside_callbacks"),
            f"{p}settled_change_wire_bytes_in_page": settled.get("wire_bytes_in_page"),
            f"{p}settled_change_server_ms_in_page": settled.get("server_ms_in_page"),
            f"{p}frame_mismatches": held["frame_mismatches"] + dragged["frame_mismatches"],
        })
        diag[name] = {"held_key": held, "drag": dragged, "settled_change_in_page": settled,
                      "replay_per_callback": rep["per_callback"],
                      "replay_warm_per_callback": warm[name]["per_callback"],
                      "transfer": page["transfer"],
                      "console_errors": page["console_errors"], "failed_callbacks": page["failed_callbacks"],
                      "keypress_ms": [rnd(x) for x in keys["ms"]],
                      "response_bytes_by_part": {k: harness.response_breakdown(v)
                                                 for k, v in rep["last_bodies"].items() if v}}
        if "floors" in page:
            diag[name]["floors"] = page["floors"]
    shipped, naive = pages["shipped"], pages["fair_naive"]
    s_rep, n_rep = replays["shipped"], replays["fair_naive"]
    s_settled, n_settled = settled_summary(shipped["keys"]["costs"]), settled_summary(naive["keys"]["costs"])
    floors = pages["patch"].get("floors", {})
    r.update(
        # The map panel (callbacks that update the map or its legend), shipped vs fair naive.
        bytes_per_change=median(s_rep["panel_raw"]), naive_bytes_per_change=median(n_rep["panel_raw"]),
        bytes_per_change_gzip=median(s_rep["panel_gzip"]), naive_bytes_per_change_gzip=median(n_rep["panel_gzip"]),
        server_ms_p50=rnd(percentile(s_rep["panel_server_ms"], 50), 2),
        server_ms_p95=rnd(percentile(s_rep["panel_server_ms"], 95), 2),
        naive_server_ms_p50=rnd(percentile(n_rep["panel_server_ms"], 50), 2),
        naive_server_ms_p95=rnd(percentile(n_rep["panel_server_ms"], 95), 2),
        rtt_ms_p50=rnd(percentile(s_rep["panel_rtt_ms"], 50), 2),
        rtt_ms_p95=rnd(percentile(s_rep["panel_rtt_ms"], 95), 2),
        naive_rtt_ms_p50=rnd(percentile(n_rep["panel_rtt_ms"], 50), 2),
        naive_rtt_ms_p95=rnd(percentile(n_rep["panel_rtt_ms"], 95), 2),
        server_changes=len(s_rep["server_ms"]), naive_server_changes=len(n_rep["server_ms"]),
        naive_first_map_ms=naive["first_map_ms"], naive_initial_bytes=r["fair_naive_initial_bytes"],
        naive_initial_gzip_bytes=r["fair_naive_initial_gzip_bytes"],
        browser_initial_transfer_bytes=shipped["transfer"]["total"],
        browser_initial_transfer_bytes_without_scripts=shipped["transfer"]["total_without_scripts"],
        naive_browser_initial_transfer_bytes=naive["transfer"]["total"],
        drawn_paths=len(set(shipped["drawn"])), missing_un_members_or_kosovo=sorted(required - set(shipped["drawn"])),
        payload_matches_browser=all(pages[n]["payload_matches_browser"] for n in STRATEGIES),
        # A date change in the browser is now a key press on the slider, timed to the map's repaint.
        browser_ms_median=r["keypress_to_paint_ms_median"], browser_ms_p90=r["keypress_to_paint_ms_p90"],
        naive_browser_ms_median=r["fair_naive_keypress_to_paint_ms_median"],
        browser_steps=len(shipped["keys"]["ms"]), naive_browser_steps=len(naive["keys"]["ms"]),
        restyle_floor_ms_median=rnd(median(floors.get("restyle", []))),
        react_floor_ms_median=rnd(median(floors.get("react", []))),
        restyle_samples=len(floors.get("restyle", [])), react_samples=len(floors.get("react", [])),
        countries_recoloured_per_step=median(shipped["keys"]["changed"]),
        browser_timeouts=shipped["keys"]["timeouts"], naive_browser_timeouts=naive["keys"]["timeouts"],
        browser_z_mismatch=shipped["keys"]["wrong_colours"],
        browser_callbacks_per_change=r["settled_change_callbacks"],
        browser_bytes_per_change_all_callbacks=s_settled.get("raw_bytes_in_page"),
        browser_wire_bytes_per_change_all_callbacks=s_settled.get("transfer_bytes_in_page"),
        server_ms_per_change_all_callbacks=s_settled.get("server_ms_in_page"),
        naive_browser_bytes_per_change_all_callbacks=n_settled.get("raw_bytes_in_page"),
        naive_server_ms_per_change_all_callbacks=n_settled.get("server_ms_in_page"),
        browser_console_errors=len(shipped["console_errors"]),
        # Requests to the server per settled change: one per server callback Dash fires.
        settled_change_requests=r["settled_change_server_callbacks"],
        browser_failed_callbacks=len(shipped["failed_callbacks"]),
        naive_browser_failed_callbacks=len(naive["failed_callbacks"]),
    )
    for name in STRATEGIES:
        page = pages[name]
        r[{"shipped": "errors", "fair_naive": "naive_errors", "patch": "patch_errors"}[name]] = (
            replays[name]["errors"] + warm[name]["errors"] + page["keys"]["timeouts"] + len(page["failed_callbacks"])
            + page["held"]["send_errors"] + page["drag"]["send_errors"])
    r["errors"] += r["throughput_errors"]


def ratio(a, b):
    return None if a is None or not b else a / b


def finish(r: dict) -> None:
    """Ratios and the issue's 'Done when' targets for the shipped page."""
    r["bytes_ratio"] = rnd(ratio(r.get("bytes_per_change"), r.get("naive_bytes_per_change")), 5)
    r["bytes_gzip_ratio"] = rnd(ratio(r.get("bytes_per_change_gzip"), r.get("naive_bytes_per_change_gzip")), 5)
    r["server_ratio"] = rnd(ratio(r.get("server_ms_p50"), r.get("naive_server_ms_p50")), 5)
    r["server_p95_ratio"] = rnd(ratio(r.get("server_ms_p95"), r.get("naive_server_ms_p95")), 5)
    r["rtt_ratio"] = rnd(ratio(r.get("rtt_ms_p50"), r.get("naive_rtt_ms_p50")), 5)
    r["browser_to_floor_ratio"] = rnd(ratio(r.get("browser_ms_median"), r.get("restyle_floor_ms_median")), 3)
    r["browser_to_naive_ratio"] = rnd(ratio(r.get("browser_ms_median"), r.get("naive_browser_ms_median")), 4)

    def check(key):
        value = r.get(key)
        sign, limit = TARGETS[key]
        return None if value is None else (value <= limit if sign == "<=" else value >= limit)

    r["targets"] = {key: check(key) for key in TARGETS}
    r["targets"]["held_key_ends_on_the_right_day_and_colours"] = (
        None if r.get("held_key_end_day_ok") is None else bool(r["held_key_end_day_ok"] and r["held_key_colours_ok"]))
    r["targets"]["every_un_member_and_kosovo_drawn"] = (None if "missing_un_members_or_kosovo" not in r
                                                        else not r["missing_un_members_or_kosovo"])
    r["targets"]["zero_errors"] = None if r.get("errors") is None else r["errors"] == 0


def print_table(r: dict, diag: dict) -> None:
    def fmt(v, unit=""):
        if v is None:
            return "-"
        if isinstance(v, bool):
            return "yes" if v else "NO"
        if isinstance(v, float):
            v = f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"
        elif isinstance(v, int):
            v = f"{v:,}"
        return f"{v}{unit}"

    def row(label, value, target=""):
        """`value(strategy)` gives the cell of one strategy."""
        return (label, *(value(s) for s in STRATEGIES), target)

    def key(name, unit=""):
        return lambda s: fmt(r.get(PREFIX[s] + name), unit)

    def target(name):
        sign, limit = TARGETS[name]
        return f"{'≤' if sign == '<=' else '≥'} {limit:,}"

    rows = [
        row("Key press -> map repainted, median", key("keypress_to_paint_ms_median", " ms"),
            target("keypress_to_paint_ms_median")),
        row("  p90", key("keypress_to_paint_ms_p90", " ms")),
        row("Held key (60 x 33 ms): dates painted per s", key("held_key_dates_per_s"), target("held_key_dates_per_s")),
        row("  key events sent per s", key("held_key_sent_per_s")),
        row("  last key -> last date painted", key("held_key_catch_up_ms", " ms")),
        row("  ends on the right day / colours",
            lambda s: f"{key('held_key_end_day_ok')(s)} / {key('held_key_colours_ok')(s)}"),
        row("Drag: frames with a new date per s", key("drag_frames_per_s"), target("drag_frames_per_s")),
        row("  animation frames per s while dragging", key("drag_raf_per_s")),
        row("  pointer moves received per s", key("drag_moves_per_s")),
        row("  ends on the right day and colours", key("drag_end_ok")),
        row("Settled change: callbacks fired", key("settled_change_callbacks")),
        row("  server / clientside", lambda s: f"{key('settled_change_server_callbacks')(s)} / "
                                               f"{key('settled_change_clientside_callbacks')(s)}"),
        row("  bytes, gzip (replayed, sum)", key("settled_change_bytes_gzip", " B"),
            target("settled_change_bytes_gzip")),
        row("  bytes, raw JSON", key("settled_change_bytes_raw", " B")),
        row("  bytes on the wire in the page (Chromium's encoding)", key("settled_change_wire_bytes_in_page", " B")),
        row("  server time (replayed, sum, p50)", key("settled_change_server_ms", " ms"),
            target("settled_change_server_ms")),
        row("  server time p95", key("settled_change_server_ms_p95", " ms")),
        row("  server time, same dates again (warm), p50", key("settled_change_server_ms_warm", " ms")),
        row("  server time in the page (in parallel)", key("settled_change_server_ms_in_page", " ms")),
        row("Initial: /, /_dash-layout, geometry (gzip)", key("initial_gzip_bytes", " B"),
            target("initial_gzip_bytes")),
        row("Cold page load -> map in today's colours", key("first_map_ms", " ms")),
        row("Frames whose colours were not their day's", key("frame_mismatches")),
    ]
    header = ("Metric", *(LABEL[s] for s in STRATEGIES), "target (shipped)")
    widths = [max(len(str(line[i])) for line in rows + [header]) for i in range(len(header))]
    print()
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for line in rows:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
    print()
    print("Plotly alone on the Patch() page (no Dash, no server): "
          f"restyle(z) {fmt(r.get('restyle_floor_ms_median'), ' ms')}, "
          f"react(all changed arrays) {fmt(r.get('react_floor_ms_median'), ' ms')} (medians).")
    print(f"python app.py start -> listening {fmt(r.get('startup_to_listening_ms'), ' ms')}, -> first map in today's "
          f"colours {fmt(r.get('startup_to_first_map_ms'), ' ms')}. Base map world_110m.json adds "
          f"{fmt(r.get('basemap_bytes'), ' B')} ({r.get('basemap_encoding')}).")
    print(f"gunicorn 2 workers, shipped settled-change callbacks: {fmt(r.get('throughput_rps'))} requests/s "
          f"({fmt(r.get('throughput_settled_changes_per_s'))} settled changes/s), "
          f"p50 {fmt(r.get('throughput_p50_ms'))} / "
          f"p99 {fmt(r.get('throughput_p99_ms'), ' ms')}, {fmt(r.get('throughput_errors'))} errors.")
    for name in STRATEGIES:
        rows = (diag.get(name) or {}).get("replay_per_callback") or []
        if rows:
            print(f"{LABEL[name]}: each callback of a settled change "
                  "(replayed; server ms p50, max; gzip B p50; raw B p50):")
            for line in rows:
                print(f"  {line['output'][:72]:72s} {line['server_ms_p50']:8.2f} {line['server_ms_max']:8.1f} "
                      f"{line['gzip_p50']:>8} {line['raw_p50']:>9}")
        names = ((diag.get(name) or {}).get("settled_change_in_page") or {}).get("clientside_names")
        if names:
            print(f"  clientside: {', '.join(names)}")
    print(f"Phone, first visit: {fmt(r.get('first_visit_bytes'), ' B')} from the app before the map is painted "
          f"(all: {fmt(r.get('first_visit_total_bytes'), ' B')}; the table's grid when scrolled to: "
          f"{fmt(r.get('first_visit_table_bytes'), ' B')}), map painted {fmt(r.get('first_visit_map_ms'), ' ms')}, "
          f"LCP {fmt(r.get('first_visit_lcp_ms'), ' ms')}; repeat visit {fmt(r.get('repeat_visit_bytes'), ' B')}, "
          f"map painted {fmt(r.get('repeat_visit_map_ms'), ' ms')}. Settled change: "
          f"{fmt(r.get('settled_change_requests'))} requests.")
    print("Targets (shipped): " + ", ".join(f"{k}={v}" for k, v in r.get("targets", {}).items()))
    print(f"Errors: shipped {fmt(r.get('errors'))}, fair naive {fmt(r.get('naive_errors'))}, "
          f"Patch() {fmt(r.get('patch_errors'))}; replayed bodies are the page's own: "
          f"{fmt(r.get('payload_matches_browser'))}")
    for name in STRATEGIES:
        for message in (diag.get(name) or {}).get("console_errors") or []:
            print(f"{LABEL[name]} page console error: " + message.splitlines()[0][:200])
        for failure in (diag.get(name) or {}).get("failed_callbacks") or []:
            print(f"{LABEL[name]} page callback request failed: {failure}")
    if r.get("missing_un_members_or_kosovo"):
        print("Not drawn: " + ", ".join(r["missing_un_members_or_kosovo"]))
    if "failed" in r:
        print("RUN FAILED: " + r["failed"])
    share = r.get("background_cpu_share")
    if share is not None:
        print(f"Other processes used {share * 100:.0f} % of the machine's CPU during the run"
              + (" -- timings are not trustworthy, rerun on a quiet machine." if share > 0.05 else "."))
    print(f"Run took {r.get('run_seconds')} s. Details: {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    sys.exit(main())
