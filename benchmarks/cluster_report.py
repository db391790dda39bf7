"""The goals of issue 4 and the tables `bench_cluster` prints, from its report (plain data)."""

from __future__ import annotations

from benchmarks import cluster_systems as systems

GOAL_V_MEASURE_AIRLINE = 0.30
GOAL_ARI_AIRLINE = 0.20
GOAL_UNCLUSTERED = 0.10
GOAL_SCALE_SECONDS = 60.0
GOAL_SCALE_MB = 2048.0


def check_goals(datasets: list[dict], scale: dict | None) -> dict[str, bool]:
    """The issue's goals, each True/False (absent when its rows were not run)."""
    goals: dict[str, bool] = {}
    for result in datasets:
        by_system = {row["system"]: row for row in result["rows"]}
        ours = by_system.get(systems.OURS)
        if ours is None:
            continue
        reference = by_system.get(systems.BERTOPIC_DEFAULT, {})
        if "v_measure" in reference:
            goals[f"{result['name']}: V-measure and ARI above BERTopic defaults"] = (
                ours["v_measure"] > reference["v_measure"] and ours["ari"] > reference["ari"]
            )
        goals[f"{result['name']}: unclustered <= {GOAL_UNCLUSTERED:.0%}"] = (
            ours["unclustered_share"] <= GOAL_UNCLUSTERED
        )
        if result["name"] == "airline":
            goals[f"airline: V-measure >= {GOAL_V_MEASURE_AIRLINE}, ARI >= {GOAL_ARI_AIRLINE}"] = (
                ours["v_measure"] >= GOAL_V_MEASURE_AIRLINE and ours["ari"] >= GOAL_ARI_AIRLINE
            )
    if scale and scale.get("system") == systems.OURS:
        goals[f"scale: {scale['n']:,} units in <= {GOAL_SCALE_SECONDS:.0f} s"] = (
            scale["seconds"] <= GOAL_SCALE_SECONDS
        )
        goals[f"scale: peak memory <= {GOAL_SCALE_MB:.0f} MB"] = (
            scale["peak_rss_mb"] <= GOAL_SCALE_MB
        )
    return goals


def _fmt(value, kind: str) -> str:
    if value is None:
        return "-"
    if kind == "share":
        return f"{value:.1%}"
    if kind == "score":
        return f"{value:.3f}"
    if kind == "seconds":
        return f"{value:.1f}"
    return str(value)


def render_report(report: dict, console=None) -> None:
    """Print the tables (rich) for a report built by `run_benchmark`; row notes go under
    each table so the columns stay readable in 100 characters."""
    from rich.console import Console
    from rich.table import Table

    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=110)
    for result in report["datasets"]:
        origin = "cached vectors" if result["cached"] else f"encoded in {result['encode_seconds']}s"
        table = Table(
            title=f"{result['name']}: {result['n_units']:,} units, "
            f"{result['n_gold_labels']} gold labels ({origin})"
        )
        for column in ("system", "V-measure", "ARI", "NMI", "unclustered", "clusters", "seconds"):
            table.add_column(column, justify="left" if column == "system" else "right")
        notes = []
        for row in result["rows"]:
            if "skipped" in row:
                table.add_row(row["system"], *["-"] * 6)
                notes.append(f"{row['system']}: skipped: {row['skipped']}")
                continue
            table.add_row(
                row["system"],
                _fmt(row["v_measure"], "score"),
                _fmt(row["ari"], "score"),
                _fmt(row["nmi"], "score"),
                _fmt(row["unclustered_share"], "share"),
                str(row["n_clusters"]),
                _fmt(row["seconds"], "seconds"),
            )
            if row.get("note"):
                notes.append(f"{row['system']}: {row['note']}")
        console.print(table)
        for note in dict.fromkeys(notes):
            console.print(f"  {note}", highlight=False)
    scale = report.get("scale")
    if scale:
        table = Table(
            title=f"scale: {scale['system']} on {scale['n']:,} grown vectors "
            f"({report['environment']['cpus']} cores)"
        )
        for column in ("n", "seconds", "peak RSS MB", "RSS after load MB", "clusters"):
            table.add_column(column, justify="right")
        table.add_column("unclustered", justify="right")
        table.add_row(
            f"{scale['n']:,}",
            _fmt(scale["seconds"], "seconds"),
            f"{scale['peak_rss_mb']:.0f}",
            f"{scale['rss_after_load_mb']:.0f}",
            str(scale["n_clusters"]),
            _fmt(scale["unclustered_share"], "share"),
        )
        console.print(table)
        built = scale["built"]
        console.print(
            f"  grown from {built['pool']:,} real vectors, noise sigma {built['sigma']} "
            f"(mean cosine to source {built['mean_cosine_to_source']})",
            highlight=False,
        )
    load = report["environment"].get("load_average")
    if load:
        console.print(
            f"load average (1 min) at start {load[0]:.2f}, at end {load[1]:.2f}"
            + (": other processes were running, times are noisy" if max(load) > 1.0 else ""),
            highlight=False,
        )
    for note in report["notes"]:
        console.print(f"note: {note}", highlight=False)
    for goal, met in report["goals"].items():
        console.print(f"goal {'met' if met else 'NOT met'}: {goal}", highlight=False)
