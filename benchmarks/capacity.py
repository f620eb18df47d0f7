"""What one replica holds, without browsers: readers that speak Streamlit's websocket protocol (benchmarks/ws_reader.py)
cost the server's cores almost nothing, so the figures describe the server, not ten Chromiums sharing its two cores.

    python -m benchmarks.capacity              # readers 1, 5, 10, 20, 40, think 0.5-1.5 s and back to back,
                                               # 1 and 2 replicas through nginx, interleaved; then the soak test
    python -m benchmarks.capacity --quick      # fewer readers and shorter runs (a smoke run)
    python -m benchmarks.capacity --soak-only  # only the soak test
    python -m benchmarks.capacity --render-only  # CAPACITY.md again from artifacts/capacity.json

Readers are spread over the pages; each opens a session on its page (the load is not timed) and moves between the
range presets (all dates, 2025, 2026 to date) through the link, as a reader comparing periods does; the first
visit of every page at every preset (untimed) builds each page's figures once per range, as the server's first readers
would; the timed runs then measure readers of a running server. Timing runs from the rerun to the server's script_finished. Reported per run:
median, p95 and max, reruns per second, the replicas' CPU (seconds of CPU per second of wall time, summed), and
readers per replica (from the route cookie). Results go to artifacts/capacity.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
import urllib.request
from pathlib import Path

from benchmarks.ws_reader import Reader
from dashboard.readiness import HEAP_PROBE_ENV
from dashboard.registry import PAGES, every_view
from deploy.local import Deployment
from deploy.settings import COOKIE
from tests.browser.server import free_port

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
READERS = (1, 5, 10, 20, 40)
THINK = (0.5, 1.5)
STARTS = [f"2025-{m:02d}-01" for m in range(1, 13)]
# A reader's range changes: all dates, one year, the year to date (the presets a reader clicks through).
RANGES = ("", "start=2025-01-01&end=2025-12-31", "start=2026-01-01&end=2026-11-30")


def page_names() -> list[str]:
    return [spec.url or "" for spec in PAGES if spec.url not in ("curate",)]


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU of these processes so far, in seconds (from /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / 100.0


async def reader_loop(url: str, duration: float, think: tuple[float, float] | None, seed: int, out: list, homes: list) -> None:
    """One reader on one page (readers are spread over the pages), moving between the range presets through the link."""
    rng = random.Random(seed)
    pages = page_names()
    page = pages[seed % len(pages)]
    reader = Reader(url)
    await reader.connect()
    await reader.rerun(page, "")  # the page load: not timed
    homes.append(reader.cookies.get(COOKIE, "direct"))
    stop = time.monotonic() + duration
    while time.monotonic() < stop:
        out.append(await reader.rerun(page, rng.choice(RANGES)))
        if think:
            await asyncio.sleep(rng.uniform(*think))
    await reader.close()


async def run(url: str, readers: int, duration: float, think: tuple[float, float] | None, seed: int) -> tuple[list, list]:
    times: list[float] = []
    homes: list[str] = []
    await asyncio.gather(*(reader_loop(url, duration, think, seed * 100 + i, times, homes) for i in range(readers)))
    return times, homes


async def visit_everything(url: str) -> None:
    """One untimed visit of every page at every range preset: the figures each builds once per data version and range
    are then cached, so the timed runs measure readers of a running server, not its first reader."""
    reader = Reader(url)
    await reader.connect()
    for page in page_names():
        for query in RANGES:
            await reader.rerun(page, query)
    await reader.close()


def warm(live: Deployment) -> None:
    for member in live.members:  # every replica, straight to it (the proxy would send one reader to one replica)
        asyncio.run(visit_everything(f"http://127.0.0.1:{member.port}"))


def measure(live: Deployment, readers: int, duration: float, think, seed: int) -> dict:
    pids = [member.pid for member in live.members]
    cpu_before, started = cpu_seconds(pids), time.monotonic()
    times, homes = asyncio.run(run(live.url, readers, duration, think, seed))
    wall = time.monotonic() - started
    ordered = sorted(times)
    return {
        "replicas": len(live.members),
        "readers": readers,
        "think_s": list(think) if think else "back to back",
        "reruns": len(times),
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, int(0.95 * len(ordered)) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
        "reruns_per_s": round(len(times) / wall, 2),
        "server_cpu": round((cpu_seconds(pids) - cpu_before) / wall, 2),
        "readers_per_replica": {name: homes.count(name) for name in sorted(set(homes))},
    }


def heap(url: str) -> dict:
    with urllib.request.urlopen(f"{url}/_stcore/health?heap", timeout=30) as response:
        return json.loads(response.read())


async def soak_readers(url: str, direct: str, reruns: int, samples: list) -> None:
    """Two readers through every page and view with alternating ranges, and an API download every 25 reruns."""
    views = [(spec.url or "", params) for spec in PAGES if spec.url != "curate" for params in every_view(spec)]
    readers = [Reader(url), Reader(url)]
    for reader in readers:
        await reader.connect()
        await reader.rerun("", "")
    done = 0
    while done < reruns:
        for reader in readers:
            page, params = views[done % len(views)]
            query = "&".join([f"start={STARTS[done % len(STARTS)]}", "end=2026-11-30", *(f"{k}={v}" for k, v in params.items())])
            await reader.rerun(page, query.replace(" ", "+"))
            done += 1
            if done % 25 == 0:
                table = ("releases", "capex_quarters", "metrics")[done // 25 % 3]
                urllib.request.urlopen(f"{direct}/api/v1/tables/{table}.csv?start={STARTS[done % 12]}", timeout=30).read()
            if done % 200 == 0:
                samples.append({"reruns": done, **heap(direct)})
    for reader in readers:
        await reader.close()


def soak(reruns: int) -> dict:
    with Deployment(1, port=free_port(), replica_ports=[free_port()], env={HEAP_PROBE_ENV: "1"}) as live:
        direct = f"http://127.0.0.1:{live.members[0].port}"
        samples = [{"reruns": 0, **heap(direct)}]
        asyncio.run(soak_readers(live.url, direct, reruns, samples))
    # The first quarter warms caches (each page's figures per range); growth is judged after it.
    settled = [s for s in samples if s["reruns"] >= reruns // 4]
    first, last = settled[0], settled[-1]
    span = max(1, last["reruns"] - first["reruns"])
    return {
        "reruns": reruns,
        "samples": samples,
        "rss_mb_start": round(samples[0]["rss_kb"] / 1024, 1),
        "rss_mb_settled": round(first["rss_kb"] / 1024, 1),
        "rss_mb_end": round(last["rss_kb"] / 1024, 1),
        "rss_mb_max": round(max(s["rss_kb"] for s in samples) / 1024, 1),
        "rss_kb_per_rerun_after_warm": round((last["rss_kb"] - first["rss_kb"]) / span, 3),
        "tracked_per_rerun_after_warm": round((last["tracked"] - first["tracked"]) / span, 3),
        "tracked_end": last["tracked"],
        "frozen": last["frozen"],
    }


def render(results: dict, setting: str) -> str:
    """benchmarks/CAPACITY.md from a run's results."""
    runs = results.get("runs", [])
    lines = [
        "# Capacity without browsers",
        "",
        f"Generated {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `python -m benchmarks.capacity` on this machine "
        f"(2 cores). Server setting: {setting}.",
        "",
        "Readers speak Streamlit's websocket protocol (benchmarks/ws_reader.py), so they cost the server's cores almost",
        "nothing. One untimed visit of every page at every range preset comes first (the figures each page builds once",
        "per range are then cached, as after a server's first readers). Readers are spread over the pages; each moves",
        "between the range presets (the default range, 2025, 2026 to date) through the link. Times run",
        "from the rerun to `script_finished`; 1 and 2 replicas through nginx (`deploy/local.py`) are measured",
        "alternately in the same run. CPU is the replicas' CPU seconds per wall second, summed.",
        "",
    ]
    lines += targets(results)
    if runs:
        lines += [
            "",
            "| replicas | readers | think | median ms | p95 ms | max ms | reruns/s | server CPU | readers per replica |",
            "|---:|---:|---|---:|---:|---:|---:|---:|---|",
        ]
        for r in runs:
            think = "back to back" if isinstance(r["think_s"], str) else f"{r['think_s'][0]:g}-{r['think_s'][1]:g} s"
            split = ", ".join(f"{k} {v}" for k, v in r["readers_per_replica"].items())
            lines.append(
                f"| {r['replicas']} | {r['readers']} | {think} | {r['median_ms']:.0f} | {r['p95_ms']:.0f} | {r['max_ms']:.0f} | "
                f"{r['reruns_per_s']:.1f} | {r['server_cpu']:.2f} | {split} |"
            )
    soak_result = results.get("soak")
    if soak_result:
        lines += [
            "",
            f"## Soak: {soak_result['reruns']} reruns over every page and view, with API downloads",
            "",
            f"- Resident memory: {soak_result['rss_mb_start']} MB after the warm-up, {soak_result['rss_mb_settled']} MB once "
            f"every view had been drawn (a quarter of the run), {soak_result['rss_mb_end']} MB at the end, "
            f"{soak_result['rss_mb_max']} MB at most; {soak_result['rss_kb_per_rerun_after_warm']} KB per rerun after the warm quarter.",
            f"- Objects the collector tracks (outside the frozen {soak_result['frozen']:,}): "
            f"{soak_result['tracked_per_rerun_after_warm']} per rerun after the warm quarter, {soak_result['tracked_end']:,} at the end.",
            "",
            "| after the warm quarter | tracked objects | resident MB |",
            "|---:|---:|---:|",
            *(
                f"| {s['reruns']} reruns | {s['tracked']:,} | {s['rss_kb'] / 1024:.1f} |"
                for s in soak_result.get("samples", [])
                if s["reruns"] >= soak_result["reruns"] // 4
            ),
        ]
    return "\n".join(lines) + "\n"


# The soak's bounds: resident memory at most this, and tracked objects growing by less than this per rerun once every
# view has been drawn (the shared cache and Streamlit's own caches are bounded by entry counts; pandas' dead view
# references are pruned, dashboard/references.py).
RSS_BOUND_MB = 300
TRACKED_PER_RERUN_BOUND = 1.0


def _run(results: dict, replicas: int, readers: int, think: bool) -> dict | None:
    for r in results.get("runs", []):
        if r["replicas"] == replicas and r["readers"] == readers and (isinstance(r["think_s"], list) == think):
            return r
    return None


def targets(results: dict) -> list[str]:
    """The issue's targets, each with what this run measured."""

    def verdict(met: bool) -> str:
        return "met" if met else "**missed**"

    lines = ["| target | measured | |", "|---|---|---|"]
    one = _run(results, 1, 20, True)
    if one:
        lines.append(
            f"| one replica holds 20 readers (0.5-1.5 s think) with p95 ≤ 250 ms | p95 {one['p95_ms']:.0f} ms "
            f"(median {one['median_ms']:.0f} ms) | {verdict(one['p95_ms'] <= 250)} |"
        )
    for readers in (5, 10, 20, 40):
        single, double = _run(results, 1, readers, False), _run(results, 2, readers, False)
        if single and double:
            ratio = double["reruns_per_s"] / single["reruns_per_s"]
            counts = list(double["readers_per_replica"].values())
            even = len(counts) == 2 and max(counts) - min(counts) <= 1
            lines.append(
                f"| 2 replicas ≥ 1.8× one replica's reruns/s back to back, readers within one of even ({readers} readers) "
                f"| {double['reruns_per_s']:.1f} vs {single['reruns_per_s']:.1f} reruns/s = {ratio:.2f}×; split "
                f"{', '.join(str(c) for c in counts)} | {verdict(ratio >= 1.8 and even)} |"
            )
    soak_result = results.get("soak")
    if soak_result:
        lines.append(
            f"| soak: resident memory ≤ {RSS_BOUND_MB} MB | {soak_result['rss_mb_max']} MB at most "
            f"| {verdict(soak_result['rss_mb_max'] <= RSS_BOUND_MB)} |"
        )
        lines.append(
            f"| soak: tracked objects grow < {TRACKED_PER_RERUN_BOUND:g} per rerun after the warm quarter "
            f"| {soak_result['tracked_per_rerun_after_warm']} per rerun "
            f"| {verdict(soak_result['tracked_per_rerun_after_warm'] < TRACKED_PER_RERUN_BOUND)} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--soak-only", action="store_true")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--soak-reruns", type=int, default=3000)
    parser.add_argument("--render-only", action="store_true", help="rewrite CAPACITY.md from artifacts/capacity.json")
    args = parser.parse_args(argv)
    if args.render_only:
        results = json.loads((ARTIFACTS / "capacity.json").read_text())
        (ROOT / "benchmarks" / "CAPACITY.md").write_text(render(results, server_setting()), encoding="utf-8")
        return 0
    readers = (1, 5) if args.quick else READERS
    seconds = 5.0 if args.quick else args.seconds
    results: dict = {"runs": []}
    if not args.soak_only:
        with (
            Deployment(1, port=free_port(), replica_ports=[free_port()]) as one,
            Deployment(2, port=free_port(), replica_ports=[free_port(), free_port()]) as two,
        ):
            warm(one)
            warm(two)
            for count in readers:
                for think in (THINK, None):
                    for live in (one, two):  # interleaved: both configurations meet the same machine state
                        result = measure(live, count, seconds, think, seed=count)
                        results["runs"].append(result)
                        print(json.dumps(result), flush=True)
    results["soak"] = soak(300 if args.quick else args.soak_reruns)
    print(json.dumps({k: v for k, v in results["soak"].items() if k != "samples"}), flush=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "capacity.json").write_text(json.dumps(results, indent=2))
    if not args.quick:
        (ROOT / "benchmarks" / "CAPACITY.md").write_text(render(results, server_setting()), encoding="utf-8")
    return 0


def server_setting() -> str:
    """How the server collects garbage, as .streamlit/config.toml sets it and the warm-up freezes the heap."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    gc_after_run = config.get("runner", {}).get("postScriptGC", True)
    return (
        f"warmed heap frozen (gc.freeze after the warm-up); runner.postScriptGC = {str(gc_after_run).lower()}; "
        "TCP_NODELAY on the listening socket (dashboard/sockets.py); uvloop event loop where installed; pandas' dead "
        "view references pruned every few seconds (dashboard/references.py)"
    )


if __name__ == "__main__":
    sys.exit(main())
