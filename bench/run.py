"""Performance benchmark: the shipped app against a naive variant that rebuilds the whole figure.

    python bench/run.py            # table
    python bench/run.py --json     # table, then one JSON object as the last line
    python bench/run.py --quick    # fewer samples, for trying things out (figures not comparable)

See bench/README.md for what each figure means. Everything runs on 127.0.0.1; every server and the
browser are stopped when the run ends, also on errors. Details of the last run: bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
import traceback
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (str(ROOT), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

import browser  # noqa: E402
import harness  # noqa: E402
from harness import median, percentile  # noqa: E402

RESULTS = HERE / "results"
GEOMETRY = "/geometry/world_50m.geojson"
BASEMAP = "/assets/topojson/world_110m.json"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def rnd(value, digits=1):
    return None if value is None else round(value, digits)


# --------------------------------------------------------------------------------------------------
# What the map should show (from the core, not from the app's map code)


def rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]


def classes_on(ctx, iso: str) -> list[int] | None:
    """Map class of every polygon on `iso` (independent reading, no bloc filter), or None if the
    core no longer offers it (the steps then wait for any recolouring instead)."""
    try:
        return [int(c) for c in ctx.atlas.map_classes("independent", date.fromisoformat(iso), ctx.atlas.geoframe)]
    except Exception:  # noqa: BLE001 - a changed core API must not stop the benchmark
        return None


def class_colour(k: int) -> list[int]:
    from components.palette import CLASS_COLOURS
    from recognition.atlas import MAP_CLASSES

    return rgb(CLASS_COLOURS[MAP_CLASSES[k]])


def expected_fills(ctx, iso: str) -> dict | None:
    classes = classes_on(ctx, iso)
    if classes is None:
        return None
    return {loc: class_colour(k) for loc, k in zip(ctx.atlas.geoframe["iso3"], classes)}


def step_dates(ctx, n: int, seed: int = 7) -> list[str]:
    """Alternate early (2008) and later dates so that every step recolours many countries."""
    from recognition.schema import TIMELINE_START

    rng = random.Random(seed)
    late_start = date(2012, 1, 1)
    late_span = (ctx.today() - late_start).days
    out = []
    for i in range(n):
        if i % 2 == 0:
            day = TIMELINE_START + timedelta(days=rng.randint(0, 130))
        else:
            day = late_start + timedelta(days=rng.randint(0, late_span))
        out.append(day.isoformat())
    return out


# --------------------------------------------------------------------------------------------------
# Browser steps


def run_steps(driver, ctx, dates: list[str], warmup: int, floors: bool, react_steps: int, quiet_ms: int) -> dict:
    """Set each date in the page and time it to the map's redraw; after each step, time the same
    colour change (undo and redo) with Plotly.restyle and, for a few steps, Plotly.react."""
    from recognition.atlas import MAP_CLASSES

    n_classes = len(MAP_CLASSES)  # faded (bloc filter) codes are class + n
    locations = list(ctx.atlas.geoframe["iso3"])
    current = classes_on(ctx, ctx.today().isoformat())  # the page opens on today
    out = {"app": [], "restyle": [], "react": [], "breakdown": [], "traffic": [], "timeouts": 0,
           "z_mismatch": 0, "changed": [], "steps_run": 0}
    for i, iso in enumerate(dates):
        target = classes_on(ctx, iso)
        if target is not None and current is not None:
            changed = [k for k, (a, b) in enumerate(zip(current, target)) if a != b]
            if not changed:
                continue
            expected_new = {locations[k]: class_colour(target[k]) for k in changed}
            expected_old = {locations[k]: class_colour(current[k]) for k in changed}
        else:
            changed, expected_new, expected_old = [], None, None
        browser.settle(driver, quiet_ms)
        result = browser.step(driver, iso, expected_new)
        out["steps_run"] += 1
        if result.get("ms") is None:
            out["timeouts"] += 1
            log(f"  step to {iso} did not finish: {result}")
            browser.settle(driver, quiet_ms)
            current = target
            continue
        if target is not None and isinstance(result.get("z"), list) and [c % n_classes for c in result["z"]] != target:
            out["z_mismatch"] += 1
        current = target
        measured = i >= warmup
        if measured:
            out["app"].append(result["ms"])
            out["changed"].append(len(changed))
            out["breakdown"].append(_breakdown(result))
        browser.settle(driver, quiet_ms)
        if measured:
            out["traffic"].append(browser.traffic(driver))
        if floors:
            for kind, repeat in (("restyle", True), ("react", i < warmup + react_steps)):
                if not repeat:
                    continue
                for which, expected in (("prev", expected_old), ("cur", expected_new)):
                    browser.settle(driver, quiet_ms)
                    floor = browser.floor(driver, kind, which, expected)
                    if floor.get("ms") is None:
                        out["timeouts"] += 1
                    elif measured:
                        out[kind].append(floor["ms"])
    return out


def _breakdown(result: dict) -> dict:
    """When, after the date was set, the date callback and the map panel's callback were sent and
    answered, and when Plotly.react was called on the map."""
    calls = result.get("calls") or []
    sync = next((c for c in calls if c["out"].startswith("..as-of-store.data")), None)
    panel = next((c for c in calls if "status-map.figure" in c["out"]), None) or \
        next((c for c in calls if "legend.children" in c["out"]), None)
    reacts = result.get("react_calls") or []
    return {"sync_start": sync and sync["start"], "sync_end": sync and sync["end"],
            "map_start": panel and panel["start"], "map_end": panel and panel["end"],
            "react_called": reacts[-1] if reacts else None, "redrawn": result["ms"], "callbacks": len(calls)}


def summarise_breakdown(rows: list[dict]) -> dict:
    keys = ("sync_start", "sync_end", "map_start", "map_end", "react_called", "redrawn", "callbacks")
    return {k: rnd(median([r[k] for r in rows if r.get(k) is not None])) for k in keys}


def summarise_server_log(entries: list[dict], changes: int) -> dict:
    by_output: dict[str, list[dict]] = {}
    for e in entries:
        by_output.setdefault(e["output"], []).append(e)
    rows = [{"output": out, "n": len(es), "ms_p50": rnd(median([e["ms"] for e in es]), 2),
             "ms_max": rnd(max(e["ms"] for e in es), 1), "bytes_p50": median([e["bytes"] for e in es])}
            for out, es in by_output.items()]
    return {"callbacks": sorted(rows, key=lambda r: -r["ms_p50"]),
            "server_ms_per_change": rnd(sum(e["ms"] for e in entries) / changes if changes else None)}


def classify(resources: list[dict]) -> dict:
    """Bytes on the wire (transferSize, headers included) of a cold page load, by kind."""
    kinds: dict[str, int] = {}
    for r in resources:
        name = r["name"].split("?")[0]
        if name.endswith(GEOMETRY):
            kind = "geometry"
        elif name.endswith(BASEMAP):
            kind = "basemap_topojson"
        elif name.endswith("/_dash-layout"):
            kind = "layout"
        elif name.endswith("/_dash-update-component"):
            kind = "callbacks"
        elif name.endswith(".js"):
            kind = "scripts"
        elif name.rstrip("/").count("/") == 2:
            kind = "document"
        else:
            kind = "other"
        kinds[kind] = kinds.get(kind, 0) + (r["transfer"] or 0)
    kinds["total"] = sum(kinds.values())
    kinds["total_without_scripts"] = kinds["total"] - kinds.get("scripts", 0)
    return kinds


def drawn_locations(driver) -> list[str]:
    return driver.execute_script("""return [...document.querySelectorAll('#status-map .choroplethlocation')]
        .filter(p => (p.getAttribute('d') || '').length > 2).map(p => p.__data__ && p.__data__.loc);""")


# --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    parser.add_argument("--quick", action="store_true", help="fewer samples (not comparable with a full run)")
    parser.add_argument("--posts", type=int, help="date changes POSTed per app for server time (default 200)")
    parser.add_argument("--steps", type=int, help="browser date changes per app (default 30)")
    args = parser.parse_args(argv)

    n_posts = args.posts or (40 if args.quick else 200)
    n_steps = args.steps or (8 if args.quick else 30)
    n_load = 1000 if args.quick else 5000
    shipped_warmup, naive_warmup, react_steps = 3, 1, (4 if args.quick else 8)

    run_start = time.time()
    sampler = harness.CpuSampler()
    sampler.start()
    r: dict = {"started": time.strftime("%Y-%m-%d %H:%M:%S"),
               "full_run": not args.quick and n_posts >= 200 and n_steps >= 30}
    diag: dict = {}
    driver = app_proc = gunicorn = None
    servers: list = []
    forked: list = []
    RESULTS.mkdir(exist_ok=True)
    try:
        import components.context as context_module
        from naive_app import create_naive_app

        log("starting Chromium")
        driver = browser.start_driver()

        # 1. Process start -> first map drawn (in today's colours), on a quiet machine.
        ctx = context_module.build_context()
        today_fills = expected_fills(ctx, ctx.today().isoformat())
        port = harness.free_port()
        log(f"startup: python app.py --port {port}")
        t0 = time.time()
        app_proc = harness.start_process([sys.executable, "app.py", "--port", str(port)], RESULTS / "app-startup.log")
        t_listen = harness.wait_http(f"http://{harness.HOST}:{port}/health", 120, app_proc)
        page = browser.load(driver, f"http://{harness.HOST}:{port}/", today_fills)
        r["startup_to_listening_ms"] = rnd((t_listen - t0) * 1000)
        r["startup_to_first_map_ms"] = rnd(page["coloured_map_epoch_ms"] - t0 * 1000)
        r["startup_page_to_first_map_ms"] = rnd(page["coloured_map_ms"])
        diag["startup_page_resources"] = [
            {"name": x["name"].split("/")[-1][:60], "start": rnd(x["start"]), "end": rnd(x["end"]),
             "transfer": x["transfer"]} for x in page["resources"]]
        harness.stop_process(app_proc)
        app_proc = None

        # 2. gunicorn boots in the background while the in-process apps are built and the
        #    (timing-free) byte counts are taken; nothing is timed until it is idle.
        gport = harness.free_port()
        gunicorn_cmd = shutil.which("gunicorn")
        cmd = [gunicorn_cmd] if gunicorn_cmd else [sys.executable, "-m", "gunicorn"]
        log(f"gunicorn --workers 2 --bind 127.0.0.1:{gport} app:server (booting in the background)")
        gunicorn = harness.start_process(cmd + ["--workers", "2", "--bind", f"{harness.HOST}:{gport}", "app:server"],
                                         RESULTS / "gunicorn.log")

        log("building the shipped app (app.app) and the naive variant in this process")
        real_build = context_module.build_context
        context_module.build_context = lambda *a, **k: ctx  # app.py builds its context at import: share ours
        try:
            import app as shipped_module  # the shipped app exactly as `gunicorn app:server` builds it
        finally:
            context_module.build_context = real_build
        naive_app = create_naive_app(ctx)
        r["map_update"] = harness.map_update_mode(shipped_module.app)
        shipped_panel = [key for key, _ in harness.map_panel_callbacks(shipped_module.app)]
        naive_panel = [key for key, _ in harness.map_panel_callbacks(naive_app)]
        r["map_panel_server_callbacks"] = shipped_panel

        # Server time is taken in forked copies of this process (no threads yet), each a
        # single-threaded server answering one request at a time. Requests are sequential: on this
        # machine two naive requests in parallel each take twice as long, so parallel timing is wrong.
        log("forking single-threaded servers for the server-time measurements")
        forked.extend([None, None])
        forked[0], shipped_port = harness.fork_server(shipped_module.app)
        forked[1], naive_port = harness.fork_server(naive_app)

        shipped = harness.InProcessServer("shipped", shipped_module.app).start()
        naive = harness.InProcessServer("naive", naive_app).start()
        servers = [shipped, naive]

        log("initial page bytes")
        init = harness.initial_bytes(shipped.url, [GEOMETRY])
        init_naive = harness.initial_bytes(naive.url, [])
        # Flask-Compress streams static files with zstd/br/deflate only (never gzip): measure the
        # base map as Chromium gets it.
        basemap = harness.get_sizes(shipped.url + BASEMAP, accept=harness.CHROMIUM_ACCEPT_ENCODING)
        r.update(initial_bytes=init["raw"], initial_gzip_bytes=init["gzip"], naive_initial_bytes=init_naive["raw"],
                 naive_initial_gzip_bytes=init_naive["gzip"],
                 initial_gzip_bytes_with_basemap=init["gzip"] + basemap["gzip"])
        diag["initial_parts"] = init["parts"]
        diag["naive_initial_parts"] = init_naive["parts"]
        diag["basemap"] = basemap

        log("waiting for both gunicorn workers to finish loading")
        harness.wait_http(f"http://{harness.HOST}:{gport}/health", 180, gunicorn)
        harness.wait_workers_idle(gunicorn.pid, 2, 180)

        # 3. Server time and bytes per date change: the map panel's server callbacks, POSTed
        #    through the real endpoint, one date change after the other.
        dates = harness.sample_dates(ctx, n_posts)
        shipped_changes = [harness.change_bodies(shipped.app, d) for d in dates]
        naive_changes = [harness.change_bodies(naive.app, d) for d in dates]
        log(f"server time: {n_posts} date changes POSTed to the shipped app ({', '.join(shipped_panel)})")
        s_stats = harness.timed_posts(f"http://{harness.HOST}:{shipped_port}", shipped_changes)
        diag["shipped_response_bytes_by_part"] = {k: harness.response_breakdown(v)
                                                  for k, v in s_stats.last_bodies.items()}
        log(f"server time: {n_posts} date changes POSTed to the naive app (about 1 s each)")
        n_stats = harness.timed_posts(f"http://{harness.HOST}:{naive_port}", naive_changes, warmup=1)
        for i, pid in enumerate(forked):
            harness.stop_forked(pid)
            forked[i] = None
        r.update(
            bytes_per_change=median(s_stats.raw_bytes), naive_bytes_per_change=median(n_stats.raw_bytes),
            bytes_per_change_gzip=median(s_stats.gzip_bytes), naive_bytes_per_change_gzip=median(n_stats.gzip_bytes),
            server_ms_p50=rnd(percentile(s_stats.server_ms, 50), 2),
            server_ms_p95=rnd(percentile(s_stats.server_ms, 95), 2),
            naive_server_ms_p50=rnd(percentile(n_stats.server_ms, 50)),
            naive_server_ms_p95=rnd(percentile(n_stats.server_ms, 95)),
            rtt_ms_p50=rnd(percentile(s_stats.rtt_ms, 50), 2), rtt_ms_p95=rnd(percentile(s_stats.rtt_ms, 95), 2),
            naive_rtt_ms_p50=rnd(percentile(n_stats.rtt_ms, 50)), naive_rtt_ms_p95=rnd(percentile(n_stats.rtt_ms, 95)),
            server_changes=len(s_stats.server_ms), naive_server_changes=len(n_stats.server_ms),
        )

        # 4. The browser: cold loads, then date changes timed to the map's redraw, and the floor.
        log("browser: shipped app, cold load")
        page = browser.load(driver, shipped.url + "/", today_fills)
        browser.install(driver)
        r["first_map_ms"] = rnd(page["coloured_map_ms"])
        diag["browser_initial_transfer"] = classify(page["resources"])
        r["browser_initial_transfer_bytes"] = diag["browser_initial_transfer"]["total"]
        r["browser_initial_transfer_bytes_without_scripts"] = diag["browser_initial_transfer"]["total_without_scripts"]
        states = ctx.atlas.dataset.states
        required = set(states.loc[states["un_member"] == "yes", "iso3"]) | {"XKX"}
        drawn = set(drawn_locations(driver))
        r["drawn_paths"] = len(drawn)
        r["missing_un_members_or_kosovo"] = sorted(required - drawn)
        mark = len(shipped.timer.log)
        log(f"browser: shipped app, {n_steps} date changes with restyle floor")
        steps = run_steps(driver, ctx, step_dates(ctx, n_steps + shipped_warmup), shipped_warmup, True, react_steps,
                          quiet_ms=100)
        diag["shipped_server_during_steps"] = summarise_server_log(shipped.timer.log[mark:], steps["steps_run"])
        diag["shipped_step_breakdown_ms"] = summarise_breakdown(steps["breakdown"])
        posts = browser.captured_posts(driver, set(shipped_panel))
        if posts:
            sent = posts[-1]
            entry = shipped.app.callback_map[sent["output"]]
            as_of = next(i.get("value") for i in sent["inputs"] if i["id"] == "as-of-store")
            r["payload_matches_browser"] = sent == harness.payload(sent["output"], entry, as_of)
            diag["browser_payload"] = sent
        r.update(browser_ms_median=rnd(median(steps["app"])), browser_ms_p90=rnd(percentile(steps["app"], 90)),
                 restyle_floor_ms_median=rnd(median(steps["restyle"])),
                 react_floor_ms_median=rnd(median(steps["react"])),
                 browser_steps=len(steps["app"]), restyle_samples=len(steps["restyle"]),
                 react_samples=len(steps["react"]), countries_recoloured_per_step=median(steps["changed"]),
                 browser_timeouts=steps["timeouts"], browser_z_mismatch=steps["z_mismatch"],
                 browser_callbacks_per_change=median([t["n"] for t in steps["traffic"]]),
                 browser_bytes_per_change_all_callbacks=median([t["decoded"] for t in steps["traffic"]]),
                 browser_wire_bytes_per_change_all_callbacks=median([t["transfer"] for t in steps["traffic"]]),
                 server_ms_per_change_all_callbacks=diag["shipped_server_during_steps"]["server_ms_per_change"])
        diag["browser_console_errors_shipped"] = sorted(set(browser.console_errors(driver)))
        diag["browser_failed_callbacks_shipped"] = browser.failed_callbacks(driver)
        diag["server_non_2xx_shipped"] = [e for e in shipped.timer.log if e["status"] >= 300]

        log("browser: naive app, cold load")
        page = browser.load(driver, naive.url + "/", today_fills)
        browser.install(driver)
        r["naive_first_map_ms"] = rnd(page["coloured_map_ms"])
        diag["naive_browser_initial_transfer"] = classify(page["resources"])
        r["naive_browser_initial_transfer_bytes"] = diag["naive_browser_initial_transfer"]["total"]
        mark = len(naive.timer.log)
        log(f"browser: naive app, {n_steps} date changes (a few seconds each)")
        nsteps = run_steps(driver, ctx, step_dates(ctx, n_steps + naive_warmup, seed=11), naive_warmup, False, 0,
                           quiet_ms=100)
        diag["naive_server_during_steps"] = summarise_server_log(naive.timer.log[mark:], nsteps["steps_run"])
        r.update(naive_browser_ms_median=rnd(median(nsteps["app"])), naive_browser_steps=len(nsteps["app"]),
                 naive_browser_timeouts=nsteps["timeouts"],
                 naive_browser_bytes_per_change_all_callbacks=median([t["decoded"] for t in nsteps["traffic"]]),
                 naive_server_ms_per_change_all_callbacks=diag["naive_server_during_steps"]["server_ms_per_change"])
        diag["naive_step_breakdown_ms"] = summarise_breakdown(nsteps["breakdown"])
        browser.captured_posts(driver, set(naive_panel))  # drain the log
        diag["browser_console_errors_naive"] = sorted(set(browser.console_errors(driver)))
        r["browser_console_errors"] = len(diag["browser_console_errors_shipped"])
        r["browser_failed_callbacks"] = len(diag["browser_failed_callbacks_shipped"])
        r["naive_browser_failed_callbacks"] = len(browser.failed_callbacks(driver))
        driver.quit()
        driver = None

        # 5. Throughput of the map panel's date-change callback(s) under gunicorn, 2 workers.
        log(f"throughput: {n_load} requests at concurrency 16 against gunicorn (2 workers)")
        load_bodies = [body for bodies in shipped_changes for body in bodies]
        harness.throughput(gport, load_bodies, total=200, concurrency=4)  # warm both workers
        load = harness.throughput(gport, load_bodies, total=n_load, concurrency=16)
        r.update(throughput_rps=rnd(load["rps"]), throughput_p50_ms=rnd(load["p50_ms"], 2),
                 throughput_p99_ms=rnd(load["p99_ms"], 2), throughput_requests=load["requests"],
                 throughput_errors=load["errors"])
        diag["throughput"] = load
        r["errors"] = load["errors"] + s_stats.errors + steps["timeouts"]
        r["naive_errors"] = n_stats.errors + nsteps["timeouts"]
    except Exception:
        traceback.print_exc()
        r["failed"] = traceback.format_exc().strip().splitlines()[-1]
    finally:
        for pid in forked:
            harness.stop_forked(pid)
        for server in servers:
            server.stop()
        harness.stop_process(app_proc)
        harness.stop_process(gunicorn)
        if driver is not None:
            try:
                driver.quit()
            except Exception:  # noqa: BLE001
                pass

    r.update(sampler.stop())
    finish(r)
    r["run_seconds"] = rnd(time.time() - run_start)
    (RESULTS / "latest.json").write_text(json.dumps({"results": r, "details": diag}, indent=2, default=str))
    print_table(r, diag)
    if args.json:
        print(json.dumps(r, default=str))
    return 1 if "failed" in r else 0


def ratio(a, b):
    return None if a is None or not b else a / b


def finish(r: dict) -> None:
    """Ratios and the issue's 'Done when' targets."""
    r["bytes_ratio"] = rnd(ratio(r.get("bytes_per_change"), r.get("naive_bytes_per_change")), 5)
    r["bytes_gzip_ratio"] = rnd(ratio(r.get("bytes_per_change_gzip"), r.get("naive_bytes_per_change_gzip")), 5)
    r["server_ratio"] = rnd(ratio(r.get("server_ms_p50"), r.get("naive_server_ms_p50")), 5)
    r["server_p95_ratio"] = rnd(ratio(r.get("server_ms_p95"), r.get("naive_server_ms_p95")), 5)
    r["rtt_ratio"] = rnd(ratio(r.get("rtt_ms_p50"), r.get("naive_rtt_ms_p50")), 5)
    r["browser_to_floor_ratio"] = rnd(ratio(r.get("browser_ms_median"), r.get("restyle_floor_ms_median")), 3)
    r["browser_to_naive_ratio"] = rnd(ratio(r.get("browser_ms_median"), r.get("naive_browser_ms_median")), 4)

    def check(value, limit):
        return None if value is None else value <= limit

    r["targets"] = {
        "bytes_per_change_le_1pct_of_naive": check(r["bytes_ratio"], 0.01),
        "server_time_le_1_100_of_naive": check(r["server_ratio"], 0.01),
        "browser_le_1_5x_restyle_floor": check(r["browser_to_floor_ratio"], 1.5),
        "initial_gzip_le_400kb_incl_geometry": check(r.get("initial_gzip_bytes"), 400 * 1024),
        "every_un_member_and_kosovo_drawn": (None if "missing_un_members_or_kosovo" not in r
                                             else not r["missing_un_members_or_kosovo"]),
        "zero_errors": None if r.get("errors") is None else r["errors"] == 0,
    }


def print_table(r: dict, diag: dict) -> None:
    def fmt(v, unit=""):
        if v is None:
            return "-"
        if isinstance(v, float):
            v = f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"
        elif isinstance(v, int):
            v = f"{v:,}"
        return f"{v}{unit}"

    def pct(v):
        return "-" if v is None else f"{v * 100:.2f} %"

    rows = [
        ("Bytes per date change, map panel (raw JSON)", fmt(r.get("bytes_per_change"), " B"),
         fmt(r.get("naive_bytes_per_change"), " B"), pct(r.get("bytes_ratio")), "<= 1 %"),
        ("Bytes per date change, map panel (gzip)", fmt(r.get("bytes_per_change_gzip"), " B"),
         fmt(r.get("naive_bytes_per_change_gzip"), " B"), pct(r.get("bytes_gzip_ratio")), ""),
        ("Server time per date change p50", fmt(r.get("server_ms_p50"), " ms"), fmt(r.get("naive_server_ms_p50"), " ms"),
         pct(r.get("server_ratio")), "<= 1 %"),
        ("Server time per date change p95", fmt(r.get("server_ms_p95"), " ms"), fmt(r.get("naive_server_ms_p95"), " ms"),
         pct(r.get("server_p95_ratio")), ""),
        ("HTTP round trip p50 (client side)", fmt(r.get("rtt_ms_p50"), " ms"), fmt(r.get("naive_rtt_ms_p50"), " ms"),
         pct(r.get("rtt_ratio")), ""),
        ("Browser: date set -> map redrawn (median)", fmt(r.get("browser_ms_median"), " ms"),
         fmt(r.get("naive_browser_ms_median"), " ms"), pct(r.get("browser_to_naive_ratio")), ""),
        ("  floor: Plotly.restyle(z), same page", fmt(r.get("restyle_floor_ms_median"), " ms"), "", "", ""),
        ("  browser / restyle floor", fmt(r.get("browser_to_floor_ratio"), "x"), "", "", "<= 1.5x"),
        ("  reference: Plotly.react(all changed arrays)", fmt(r.get("react_floor_ms_median"), " ms"), "", "", ""),
        ("All callbacks per date change (browser, raw)", fmt(r.get("browser_bytes_per_change_all_callbacks"), " B"),
         fmt(r.get("naive_browser_bytes_per_change_all_callbacks"), " B"), "", ""),
        ("All callbacks per date change, server ms", fmt(r.get("server_ms_per_change_all_callbacks"), " ms"),
         fmt(r.get("naive_server_ms_per_change_all_callbacks"), " ms"), "", ""),
        ("Initial: /, /_dash-layout, geometry (raw)", fmt(r.get("initial_bytes"), " B"),
         fmt(r.get("naive_initial_bytes"), " B"), "", ""),
        ("Initial: same, gzip", fmt(r.get("initial_gzip_bytes"), " B"), fmt(r.get("naive_initial_gzip_bytes"), " B"),
         "", "<= 400 KB"),
        ("  + plotly base map world_110m.json (zstd)", fmt(r.get("initial_gzip_bytes_with_basemap"), " B"), "", "", ""),
        ("Browser cold load, all transfer incl. JS", fmt(r.get("browser_initial_transfer_bytes"), " B"),
         fmt(r.get("naive_browser_initial_transfer_bytes"), " B"), "", ""),
        ("  same without scripts", fmt(r.get("browser_initial_transfer_bytes_without_scripts"), " B"), "", "", ""),
        ("Cold page load -> map in today's colours", fmt(r.get("first_map_ms"), " ms"),
         fmt(r.get("naive_first_map_ms"), " ms"), "", ""),
        ("python app.py start -> listening", fmt(r.get("startup_to_listening_ms"), " ms"), "", "", ""),
        ("python app.py start -> first map drawn", fmt(r.get("startup_to_first_map_ms"), " ms"), "", "", ""),
        ("gunicorn 2 workers: requests/s", fmt(r.get("throughput_rps")), "", "", ""),
        ("gunicorn 2 workers: p50 / p99", f"{fmt(r.get('throughput_p50_ms'))} / {fmt(r.get('throughput_p99_ms'), ' ms')}",
         "", "", ""),
        ("Errors (throughput + POSTs + browser)", fmt(r.get("errors")), fmt(r.get("naive_errors")), "", "0"),
        ("Failed callback requests seen by the page", fmt(r.get("browser_failed_callbacks")),
         fmt(r.get("naive_browser_failed_callbacks")), "", ""),
    ]
    header = ("Metric", "shipped", "naive", "ratio", "target")
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(5)]
    print()
    print(f"Map update in the shipped app: {r.get('map_update')}; map panel server callbacks per date change: "
          f"{', '.join(r.get('map_panel_server_callbacks') or [])}")
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    print()
    breakdown = diag.get("shipped_step_breakdown_ms")
    if breakdown:
        b = breakdown
        parts = [f"date callback (server) sent {b['sync_start']}, answered {b['sync_end']}" if b["sync_start"] is not None
                 else "no server round trip before the map (date callback runs in the browser)"]
        if b["map_start"] is not None:
            parts.append(f"map panel server callback sent {b['map_start']}, "
                         + (f"answered {b['map_end']}" if b["map_end"] is not None else "answered after the redraw"))
        parts.append(f"last Plotly.react on the map called at {b['react_called']}")
        parts.append(f"map redrawn at {b['redrawn']} ({b['callbacks']} server callbacks per change)")
        print("Shipped date change, medians in ms after the date is set: " + "; ".join(parts))
    for key, parts in (diag.get("shipped_response_bytes_by_part") or {}).items():
        print(f"Shipped {key} response, bytes by part: " + "; ".join(f"{k} {v:,}" for k, v in parts.items()))
    rows = (diag.get("shipped_server_during_steps") or {}).get("callbacks") or []
    if rows:
        print("Server time of each shipped callback during the browser steps (p50 ms, max ms, p50 bytes):")
        for row in rows:
            print(f"  {row['output'][:70]:70s} {row['ms_p50']:8.2f} {row['ms_max']:8.1f} {row['bytes_p50']:>9}")
    print("Targets: " + ", ".join(f"{k}={v}" for k, v in r.get("targets", {}).items()))
    for message in diag.get("browser_console_errors_shipped") or []:
        print("Shipped page console error: " + message.splitlines()[0][:200])
    for failure in diag.get("browser_failed_callbacks_shipped") or []:
        print(f"Shipped page callback request failed: {failure}")
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
