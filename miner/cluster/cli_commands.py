"""CLI: `miner pain-points ...` (list, show, rename, merge, split, dismiss, move, recluster)
and `miner eval-clusters`. Thin wrappers: the rules live in `miner.cluster.edits` / `.mine`."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from miner.console import err, fail, out
from miner.settings import MinerSettings

pain_points_app = typer.Typer(
    help="Review and edit a project's pain points (every edit is kept in the audit log).",
    no_args_is_help=True,
)

ProjectOpt = Annotated[str, typer.Option("--project", "-p", help="Project name.")]
ActorOpt = Annotated[
    str | None, typer.Option("--actor", help="Who makes the edit (default: the OS user).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]


def _actor(actor: str | None) -> str:
    if actor:
        return actor
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "cli"


def _open(project: str):
    """(settings, sessions, project id) or exit 2 naming the missing project."""
    from sqlalchemy import select

    from miner.store import open_database
    from miner.store.schema import Project

    settings = MinerSettings.from_env()
    sessions = open_database(settings.database_url)
    with sessions() as session:
        project_id = session.scalar(
            select(Project.id).where(Project.name == project, Project.workspace == "default")
        )
    if project_id is None:
        fail(f"no project {project!r} in {settings.database_url}")
    return settings, sessions, project_id


def _encoder(settings, sessions):
    from miner.components import build_encoder

    return build_encoder(settings, sessions)


def _classifier(settings, sessions=None):
    """The trained journey classifier (its probabilities join the clustering features), or
    None when there are no heads for the configured encoder: clustering then uses vectors
    alone."""
    from miner.components import build_classifier

    try:
        return build_classifier(settings, sessions)
    except (FileNotFoundError, ValueError):
        return None


def _edit(call) -> None:
    from miner.store.pain_points import PainPointNotFound

    try:
        call()
    except (PainPointNotFound, ValueError) as exc:
        fail(str(exc.args[0]) if exc.args else str(exc))


def report_pain_points(sessions, project_id: int, report, outdir: Path) -> Path:
    """What `miner mine` shows and writes after the pain-point step: a summary line and
    OUTDIR/pain_points.json."""
    from miner.cluster.output import write_pain_points_json

    err.print(
        f"Pain points ({report.mode}): {len(report.pain_points)} active, "
        f"{report.assigned} of {report.negative_units} negative units assigned, "
        f"{len(report.new_ids)} new",
        highlight=False,
    )
    with sessions() as session:
        return write_pain_points_json(session, project_id, outdir)


@pain_points_app.command("list")
def list_command(
    project: ProjectOpt,
    all_statuses: Annotated[
        bool, typer.Option("--all", help="Also dismissed and merged pain points.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """List pain points, most severe first."""
    from miner.cluster.output import pain_point_objects

    _, sessions, project_id = _open(project)
    with sessions() as session:
        items = pain_point_objects(session, project_id, status=None if all_statuses else "active")
    if as_json:
        out.print_json(json.dumps(items, ensure_ascii=False))
        return
    table = Table("id", "label_en", "label_he", "size", "share", "severity", "growing", "status")
    for item in items:
        table.add_row(
            item["id"],
            item["label_en"],
            item["label_he"],
            str(item["size"]),
            f"{item['share'] or 0:.1%}",
            f"{item['severity'] or 0:.1f}",
            "yes" if item["growing"] else "",
            item.get("status", "active"),
        )
    out.print(table)


@pain_points_app.command("show")
def show_command(pain_point: str, project: ProjectOpt, as_json: JsonOpt = False) -> None:
    """Show one pain point: labels, numbers, stage/touchpoint mix, quotes, units."""
    from miner.cluster.output import pain_point_objects
    from miner.store.pain_points import memberships

    _, sessions, project_id = _open(project)
    with sessions() as session:
        items = [
            i for i in pain_point_objects(session, project_id, status=None) if i["id"] == pain_point
        ]
        units = sorted(
            (uid, m.assigned_by)
            for uid, m in memberships(session, project_id).items()
            if m.pain_point_id == pain_point
        )
    if not items:
        fail(f"pain point {pain_point!r} not found in project {project!r}")
    item = {**items[0], "units": [{"unit_id": u, "assigned_by": by} for u, by in units]}
    if as_json:
        out.print_json(json.dumps(item, ensure_ascii=False))
        return
    out.print(
        f"[bold]{item['id']}[/bold] {item['label_en']} | {item['label_he']} ({item['status']})",
        highlight=False,
    )
    out.print(
        f"size {item['size']}, share {item['share'] or 0:.1%}, severity "
        f"{item['severity']}, sentiment {item['sentiment_mean']}, growing "
        f"{item['growing']}",
        highlight=False,
    )
    for key in ("stages", "touchpoints"):
        mix = ", ".join(f"{m['label']} {m['count']}" for m in item[key] or [])
        out.print(f"{key}: {mix}", highlight=False)
    for quote in item["quotes"] or []:
        out.print(
            f"  [{quote['language']}] unit {quote['unit_id']}: {quote['text']}", highlight=False
        )
    out.print(f"units: {', '.join(str(u) for u, _ in units)}", highlight=False)


@pain_points_app.command("rename")
def rename_command(
    pain_point: str,
    project: ProjectOpt,
    en: Annotated[str | None, typer.Option("--en", help="New English label.")] = None,
    he: Annotated[str | None, typer.Option("--he", help="New Hebrew label.")] = None,
    actor: ActorOpt = None,
) -> None:
    """Rename a pain point (the label then survives re-mining)."""
    from miner.cluster.edits import rename_pain_point

    _, sessions, project_id = _open(project)
    _edit(
        lambda: rename_pain_point(
            sessions, project_id, pain_point, label_en=en, label_he=he, actor=_actor(actor)
        )
    )
    err.print(f"Renamed {pain_point}.")


@pain_points_app.command("merge")
def merge_command(
    sources: Annotated[list[str], typer.Argument(help="Pain points to merge.")],
    into: Annotated[str, typer.Option("--into", help="The pain point they merge into.")],
    project: ProjectOpt,
    actor: ActorOpt = None,
) -> None:
    """Merge pain points into another one."""
    from miner.cluster.edits import merge_pain_points

    settings, sessions, project_id = _open(project)
    encoder = _encoder(settings, sessions)
    _edit(
        lambda: merge_pain_points(
            sessions, project_id, sources, into, actor=_actor(actor), encoder=encoder
        )
    )
    err.print(f"Merged {', '.join(sources)} into {into}.")


@pain_points_app.command("split")
def split_command(
    pain_point: str,
    project: ProjectOpt,
    units: Annotated[
        str | None,
        typer.Option(
            "--units",
            help="Comma-separated unit ids for the new pain point "
            "(default: split by clustering its units again).",
        ),
    ] = None,
    actor: ActorOpt = None,
) -> None:
    """Split a pain point by chosen units, or by re-clustering inside it."""
    from miner.cluster.edits import split_pain_point

    try:
        unit_ids = [int(u) for u in units.split(",") if u.strip()] if units else None
    except ValueError:
        fail(f"--units must be comma-separated unit ids, not {units!r}")
    settings, sessions, project_id = _open(project)
    encoder = _encoder(settings, sessions)
    created: list[str] = []
    _edit(
        lambda: created.extend(
            split_pain_point(
                sessions,
                project_id,
                pain_point,
                actor=_actor(actor),
                encoder=encoder,
                unit_ids=unit_ids,
            )
        )
    )
    for pp in created:
        out.print(pp)


@pain_points_app.command("dismiss")
def dismiss_command(
    pain_point: str,
    project: ProjectOpt,
    restore: Annotated[bool, typer.Option("--restore", help="Make it active again.")] = False,
    actor: ActorOpt = None,
) -> None:
    """Mark a pain point as "not a pain point" (or restore it)."""
    from miner.cluster.edits import dismiss_pain_point

    _, sessions, project_id = _open(project)
    _edit(
        lambda: dismiss_pain_point(
            sessions, project_id, pain_point, actor=_actor(actor), restore=restore
        )
    )
    err.print(f"{'Restored' if restore else 'Dismissed'} {pain_point}.")


@pain_points_app.command("move")
def move_command(
    unit: Annotated[int, typer.Argument(help="Unit id (see `show`).")],
    target: Annotated[str, typer.Argument(help="Pain point to move it to.")],
    project: ProjectOpt,
    actor: ActorOpt = None,
) -> None:
    """Move a unit to another pain point."""
    from miner.cluster.edits import move_unit

    settings, sessions, project_id = _open(project)
    encoder = _encoder(settings, sessions)
    _edit(
        lambda: move_unit(sessions, project_id, unit, target, actor=_actor(actor), encoder=encoder)
    )
    err.print(f"Moved unit {unit} to {target}.")


@pain_points_app.command("recluster")
def recluster_command(
    project: ProjectOpt,
    outdir: Annotated[
        Path | None, typer.Option("--out", "-o", help="Also rewrite OUTDIR/pain_points.json.")
    ] = None,
    actor: ActorOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Cluster all negative units again; prints how old ids map to the new clusters."""
    from miner.cluster.mine import mine_pain_points
    from miner.cluster.output import write_pain_points_json

    settings, sessions, project_id = _open(project)
    classifier = _classifier(settings, sessions)
    report = mine_pain_points(
        sessions,
        project_id,
        classifier.encoder if classifier else _encoder(settings, sessions),
        mode="full",
        actor=_actor(actor),
        classifier=classifier,
    )
    if outdir is not None:
        with sessions() as session:
            write_pain_points_json(session, project_id, outdir)
    result = {
        "mapping": report.mapping,
        "new": report.new_ids,
        "deleted": report.deleted,
        "assigned": report.assigned,
        "unassigned": report.unassigned,
    }
    if as_json:
        out.print_json(json.dumps(result))
        return
    table = Table("old id", "now")
    for old, new in report.mapping.items():
        table.add_row(old, new or "(gone)")
    out.print(table)
    out.print(
        f"new: {', '.join(report.new_ids) or '-'}; {report.unassigned} units unassigned",
        highlight=False,
    )


def eval_clusters_command(
    file: Annotated[Path, typer.Argument(help="CSV, TSV, JSONL or XLSX with a label column.")],
    text_col: Annotated[str, typer.Option("--text-col", help="Column with the text.")],
    label_col: Annotated[str, typer.Option("--label-col", help="Column with the issue label.")],
    where: Annotated[
        list[str] | None, typer.Option("--where", help="Keep rows where COLUMN=VALUE (repeat).")
    ] = None,
    exclude_label: Annotated[
        list[str] | None, typer.Option("--exclude-label", help="Drop rows with this label.")
    ] = None,
    brand: Annotated[
        list[str] | None, typer.Option("--brand", help="Brand name to remove (repeat).")
    ] = None,
    journey_features: Annotated[
        bool,
        typer.Option(
            "--journey-features/--vectors-only",
            help="Add the journey heads' touchpoint/emotion probabilities (as mining does).",
        ),
    ] = True,
    as_json: JsonOpt = False,
) -> None:
    """Cluster a labelled file; report V-measure, ARI, NMI, unclustered share, clusters."""
    from miner.cluster.evaluation import evaluate_clusters_file
    from miner.components import build_encoder

    conditions = {}
    for item in where or []:
        column, sep, value = item.partition("=")
        if not sep:
            fail(f"--where needs COLUMN=VALUE, not {item!r}")
        conditions[column] = value
    if not file.is_file():
        fail(f"{file}: no such file")
    settings = MinerSettings.from_env()
    classifier = _classifier(settings) if journey_features else None
    try:
        with err.status("Encoding and clustering..."):
            result = evaluate_clusters_file(
                file,
                text_col,
                label_col,
                encoder=classifier.encoder if classifier else build_encoder(settings),
                where=conditions,
                exclude_labels=tuple(exclude_label or ()),
                brands=tuple(brand or ()),
                classifier=classifier,
            )
    except ValueError as exc:
        fail(str(exc))
    if as_json:
        out.print_json(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    s = result.scores
    table = Table(
        "measure", "value", title=f"{file.name}: {result.rows_used} units, {s.n_gold_labels} labels"
    )
    for name, value in (
        ("V-measure", f"{s.v_measure:.3f}"),
        ("ARI", f"{s.ari:.3f}"),
        ("NMI", f"{s.nmi:.3f}"),
        ("unclustered", f"{s.unclustered_share:.1%}"),
        ("clusters", str(s.n_clusters)),
        ("features", result.features),
    ):
        table.add_row(name, value)
    out.print(table)
