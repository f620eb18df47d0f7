"""The benchmark reports judge their targets from the measured figures, not from wording."""

from benchmarks.capacity import targets
from benchmarks.loads import render


def run(replicas, readers, think, p95=100.0, rate=10.0, split=None):
    return {
        "replicas": replicas,
        "readers": readers,
        "think_s": [0.5, 1.5] if think else "back to back",
        "median_ms": 30.0,
        "p95_ms": p95,
        "max_ms": 400.0,
        "reruns_per_s": rate,
        "server_cpu": 0.5,
        "readers_per_replica": split or {"r1": readers},
    }


def test_capacity_targets_follow_the_figures():
    results = {
        "runs": [
            run(1, 20, True, p95=249.0),
            run(1, 10, False, rate=30.0),
            run(2, 10, False, rate=53.0, split={"r1": 6, "r2": 4}),  # fast enough, but not within one of even
            run(1, 20, False, rate=30.0),
            run(2, 20, False, rate=54.0, split={"r1": 10, "r2": 10}),
        ],
        "soak": {"rss_mb_max": 310.0, "tracked_per_rerun_after_warm": 0.2},
    }
    lines = targets(results)
    assert "| met |" in next(line for line in lines if "holds 20 readers" in line)
    assert "**missed**" in next(line for line in lines if "(10 readers)" in line)
    assert "| met |" in next(line for line in lines if "(20 readers)" in line)
    assert "**missed**" in next(line for line in lines if "resident memory" in line)
    assert "| met |" in next(line for line in lines if "tracked objects" in line)


def test_loads_report_takes_each_ratio_against_its_own_reference():
    loads = {"timeline": [300.0, 310.0], "data": [200.0, 210.0], "baseline": [200.0, 200.0], "floor": [100.0, 100.0]}
    changes = {"timeline": [130.0], "data": [100.0], "baseline": [100.0]}
    report = render(loads, changes, rounds=2)
    assert "worst /timeline 1.52× | **missed**" in report  # 305 ms against the baseline's 200
    assert "worst /timeline 3.05× | **missed**" in report  # against the floor's 100
    assert "| `/data` | 205 | 1.02 | 2.05 |" in report
    assert "worst /timeline 1.30× | **missed**" in report  # range change against the baseline
