"""Warm page loads and range changes against their budgets, and warm loads against the framework's floor.

    python -m benchmarks.loads            # 7 rounds; writes benchmarks/LOADS.md and artifacts/loads.json
    python -m benchmarks.loads --rounds 3
    python -m benchmarks.loads --render-only   # the report again from artifacts/loads.json

The method and the budgets are those of benchmarks/run.py (section 2 of RESULTS.md), rerun on their own so they can
follow a change to the server without the hour-long full run:

- warm page load: navigation start to the last chart drawn at its final size, warm server and warm browser cache, each page loaded
  alternately with the app's one-chart baseline page (benchmarks/baseline_page.py, the shared sidebar and one chart)
  and with the framework's floor (benchmarks/floor_app.py: a bare one-chart Streamlit app in its own process, with
  none of this app's heap). Budget: ≤ 1.3× the baseline; goal: ≤ 1.5× the floor, every page;
- range change: the click on a sidebar preset (2025 <-> All) to the last chart redrawn, each page alternately with
  the baseline page. Budget: ≤ 1.2× the baseline.

Both servers run at once on this machine's cores; the browser is the same. Timings come from the page's own clock
(benchmarks/browser.py explains the observer).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from benchmarks.browser import OBSERVER, VIEWPORT, launch, load_time, range_changes
from benchmarks.run import PAGES, machine
from dashboard.navigation import BENCHMARK_ENV
from tests.browser.server import streamlit_server

ROOT = Path(__file__).resolve().parents[1]
LOAD_BUDGET, CHANGE_BUDGET, FLOOR_GOAL = 1.3, 1.2, 1.5


def warm_loads(base: str, floor: str, urls: list[str], rounds: int) -> dict[str, list[float]]:
    """Each page, then the baseline page, then the floor app, round after round, in one browser tab."""
    from playwright.sync_api import sync_playwright

    targets = {url: f"{base}/{url}" for url in [*urls, "baseline"]} | {"floor": f"{floor}/"}
    samples: dict[str, list[float]] = {name: [] for name in targets}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(OBSERVER)
        page = context.new_page()
        for address in targets.values():  # warm both servers' caches and the browser's
            load_time(page, address)
        for _ in range(rounds):
            for url in urls:
                for name in (url, "baseline", "floor"):
                    ms, _charts = load_time(page, targets[name])
                    samples[name].append(ms)
        browser.close()
    return samples


def ratios(samples: dict[str, list[float]], reference: str) -> dict[str, tuple[float, float]]:
    base = statistics.median(samples[reference])
    return {name: (statistics.median(values), statistics.median(values) / base) for name, values in samples.items()}


def render(loads: dict[str, list[float]], changes: dict[str, list[float]], rounds: int, generated: str | None = None) -> str:
    to_base, to_floor, change = ratios(loads, "baseline"), ratios(loads, "floor"), ratios(changes, "baseline")
    pages = [url for url in loads if url not in ("baseline", "floor")]

    def verdict(met: bool) -> str:
        return "met" if met else "**missed**"

    worst_base = max(pages, key=lambda url: to_base[url][1])
    worst_floor = max(pages, key=lambda url: to_floor[url][1])
    worst_change = max(pages, key=lambda url: change[url][1])
    lines = [
        "# Warm page loads and range changes",
        "",
        f"Generated {generated or time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `python -m benchmarks.loads --rounds {rounds}`.",
        f"Machine: {machine()}.",
        "",
        "Medians of the rounds; each page is loaded alternately with the app's baseline page and the framework's floor",
        "(a bare one-chart Streamlit app in its own process), so slow moments of the machine hit all three.",
        "A load ends when the last chart is drawn at its final size: the later of the last chart's SVG appearing and",
        "the last Plotly draw finishing. Streamlit draws each chart first, hidden, before it knows its width, then again",
        "at that width; runs before 2026-12-06 14:00 ended at the first, hidden SVG, so their figures are lower.",
        "Since 2026-12-06 18:00 a page opened at its own path asks the server's root at once (dashboard/page_shell.py);",
        "before, every page but `/` (the baseline page too, not the floor) first waited out a failed probe of",
        "<page>/_stcore/health, so earlier runs' figures for those pages are higher.",
        "Since 2026-12-06 23:15 charts of markers and lines (the baseline's too) are drawn once where they were drawn",
        "twice (dashboard/figure_wire.py), and no chart needs a second draw to widen a margin; earlier runs' figures",
        "are higher for that as well.",
        "Since 2026-12-07 02:10 labels on leader lines are drawn as trace text, not annotations (Plotly draws each",
        "annotation twice), and the pages' coverage details are made only when their drawer opens (not the baseline's:",
        "it has neither); earlier runs' pages are slower for that.",
        "Since 2026-12-07 04:10 charts of bars along categories are drawn once (their ranges set as Plotly's autorange",
        "sets them), and since 05:05 each page's coverage status is one line, its per-series table in the drawer; the",
        "baseline has neither, so earlier runs' pages (`/metrics` most) are slower for that.",
        "",
        "| budget or goal | measured | |",
        "|---|---|---|",
        f"| warm page load ≤ {LOAD_BUDGET}× baseline, every page | worst /{worst_base} {to_base[worst_base][1]:.2f}× "
        f"| {verdict(to_base[worst_base][1] <= LOAD_BUDGET)} |",
        f"| warm page load ≤ {FLOOR_GOAL}× the framework's floor, every page | worst /{worst_floor} "
        f"{to_floor[worst_floor][1]:.2f}× | {verdict(to_floor[worst_floor][1] <= FLOOR_GOAL)} |",
        f"| range change until every chart redrawn ≤ {CHANGE_BUDGET}× baseline | worst /{worst_change} "
        f"{change[worst_change][1]:.2f}× | {verdict(change[worst_change][1] <= CHANGE_BUDGET)} |",
        "",
        "## Warm page load: navigation start to the last chart drawn at its final size",
        "",
        "| page | median ms | × baseline | × floor |",
        "|---|---:|---:|---:|",
        *(f"| `/{url}` | {to_base[url][0]:.0f} | {to_base[url][1]:.2f} | {to_floor[url][1]:.2f} |" for url in pages),
        f"| baseline page | {to_base['baseline'][0]:.0f} | 1.00 | {to_floor['baseline'][1]:.2f} |",
        f"| floor (bare one-chart app) | {to_floor['floor'][0]:.0f} | {to_base['floor'][1]:.2f} | 1.00 |",
        "",
        "## Range change: click on a preset to the last chart redrawn",
        "",
        "| page | median ms | × baseline |",
        "|---|---:|---:|",
        *(f"| `/{url}` | {change[url][0]:.0f} | {change[url][1]:.2f} |" for url in pages),
        f"| baseline page | {change['baseline'][0]:.0f} | 1.00 |",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "LOADS.md")
    parser.add_argument("--render-only", action="store_true", help="rewrite the report from artifacts/loads.json")
    args = parser.parse_args(argv)
    artifact = ROOT / "artifacts" / "loads.json"
    if args.render_only:
        saved = json.loads(artifact.read_text(encoding="utf-8"))
        loads, changes = saved["warm load"], saved["range change"]
        rounds = len(next(values for name, values in loads.items() if name not in ("baseline", "floor")))
        report = render(loads, changes, rounds, saved.get("generated"))
        args.output.write_text(report, encoding="utf-8")
        print(report)
        return 0
    urls = [url for _path, url in PAGES]
    with (
        streamlit_server(env={BENCHMARK_ENV: "1"}) as (base, _app),
        streamlit_server(script="benchmarks/floor_app.py") as (floor, _floor),
    ):
        print("warm page loads (page, baseline, floor)", flush=True)
        loads = warm_loads(base, floor, urls, args.rounds)
        print("range changes (page, baseline)", flush=True)
        changes = range_changes(base, urls, args.rounds)
    generated = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    report = render(loads, changes, args.rounds, generated)
    args.output.write_text(report, encoding="utf-8")
    artifact.parent.mkdir(exist_ok=True)
    artifact.write_text(json.dumps({"warm load": loads, "range change": changes, "generated": generated}, indent=1))
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
