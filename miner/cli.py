"""The `miner` command line (typer). Long steps show rich progress bars on stderr."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from miner.cluster.cli_commands import eval_clusters_command, pain_points_app
from miner.console import err, fail, out
from miner.records import ColumnOverrides, IngestError, IngestReport
from miner.settings import MinerSettings

app = typer.Typer(
    help="Journey Miner: mine Hebrew and English customer feedback for customer-journey maps.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

STEP_LABELS = {
    "read": "Reading file",
    "normalize": "Normalizing + redacting PII",
    "segment": "Segmenting into opinion units",
    "store": "Storing",
    "classify": "Classifying units",
    "pain_points": "Finding pain points",
}

TextCol = Annotated[
    list[str] | None,
    typer.Option("--text-col", help="Open-text column (repeat for several survey questions)."),
]
IdCol = Annotated[str | None, typer.Option("--id-col", help="Column with the record id.")]
RatingCol = Annotated[str | None, typer.Option("--rating-col", help="Star-rating column.")]
NpsCol = Annotated[str | None, typer.Option("--nps-col", help="NPS (0-10) column.")]
DateCol = Annotated[str | None, typer.Option("--date-col", help="Date column.")]
SourceCol = Annotated[str | None, typer.Option("--source-col", help="Source/channel column.")]
SegmentCol = Annotated[str | None, typer.Option("--segment-col", help="Segment/persona column.")]


def _overrides(text_col, id_col, rating_col, nps_col, date_col, source_col, segment_col):
    return ColumnOverrides(
        text=tuple(text_col or ()),
        id=id_col,
        rating=rating_col,
        nps=nps_col,
        date=date_col,
        source=source_col,
        segment=segment_col,
    )


@contextmanager
def _progress():
    """A progress callback drawing one bar per pipeline step."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as bars:
        tasks: dict[str, int] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bars.add_task(STEP_LABELS.get(step, step), total=total)
            bars.update(tasks[step], completed=done, total=total)

        yield update


def _print_report(report: IngestReport) -> None:
    skipped = sum(1 for b in report.bad_rows if b.skipped)
    dropped = len(report.bad_rows) - skipped
    err.print(
        f"{report.file}: {report.format}, encoding {report.encoding or '-'}, "
        f"{report.rows_read} rows read, {report.records} records, "
        f"{skipped} rows skipped, {dropped} fields dropped",
        highlight=False,
    )
    for warning in report.warnings:
        err.print(f"  [yellow]warning:[/yellow] {warning}", highlight=False)
    for bad in report.bad_rows[:20]:
        what = "skipped" if bad.skipped else f"dropped {bad.field}"
        err.print(f"  row {bad.row}: {bad.reason} ({what})", highlight=False)
    if len(report.bad_rows) > 20:
        err.print(f"  ... and {len(report.bad_rows) - 20} more (see the ingest report)")


def _run_import(path: Path, project: str, overrides: ColumnOverrides, settings: MinerSettings):
    from miner.pipeline import import_file
    from miner.store import open_database

    sessions = open_database(settings.database_url)
    try:
        with _progress() as progress:
            outcome, report = import_file(
                sessions,
                path,
                project=project,
                overrides=overrides,
                settings=settings,
                progress=progress,
            )
    except IngestError as exc:
        fail(str(exc))
    _print_report(report)
    if outcome.already_imported:
        err.print(f"{path.name} was already imported into '{project}': nothing added.")
    else:
        err.print(
            f"Project '{project}': {outcome.records_added} records added, "
            f"{outcome.records_already_stored} already stored."
        )
    return sessions, outcome, report


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV, TSV, JSON, JSONL or XLSX feedback dump.")],
    project: Annotated[str, typer.Option("--project", "-p", help="Project to import into.")],
    text_col: TextCol = None,
    id_col: IdCol = None,
    rating_col: RatingCol = None,
    nps_col: NpsCol = None,
    date_col: DateCol = None,
    source_col: SourceCol = None,
    segment_col: SegmentCol = None,
) -> None:
    """Import a feedback dump into a project (idempotent: the same file twice adds nothing)."""
    overrides = _overrides(text_col, id_col, rating_col, nps_col, date_col, source_col, segment_col)
    _run_import(file, project, overrides, MinerSettings.from_env())


@app.command("projects")
def projects_command() -> None:
    """List projects with their record, unit and import counts."""
    from miner.store import list_projects, open_database

    settings = MinerSettings.from_env()
    sessions = open_database(settings.database_url)
    with sessions() as session:
        summaries = list_projects(session)
    if not summaries:
        err.print(f"No projects yet in {settings.database_url}")
        return
    table = Table("project", "workspace", "records", "units", "imports")
    for s in summaries:
        table.add_row(s.name, s.workspace, str(s.records), str(s.units), str(s.imports))
    out.print(table)


@app.command("mine")
def mine_command(
    file: Annotated[Path, typer.Argument(help="CSV, TSV, JSON, JSONL or XLSX feedback dump.")],
    outdir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the outputs.")],
    project: Annotated[
        str | None, typer.Option("--project", "-p", help="Project name (default: the file's name).")
    ] = None,
    text_col: TextCol = None,
    id_col: IdCol = None,
    rating_col: RatingCol = None,
    nps_col: NpsCol = None,
    date_col: DateCol = None,
    source_col: SourceCol = None,
    segment_col: SegmentCol = None,
) -> None:
    """Mine a dump end to end and write the outputs (see README, "Output contract")."""
    from miner.classifier_pool import ClassifierPool, ClassifierUnavailable
    from miner.cluster.cli_commands import report_pain_points
    from miner.export import write_mine_outputs
    from miner.journey_map import write_map_outputs
    from miner.mine import mine_project

    settings = MinerSettings.from_env()
    overrides = _overrides(text_col, id_col, rating_col, nps_col, date_col, source_col, segment_col)
    name = project or file.stem
    sessions, outcome, report = _run_import(file, name, overrides, settings)
    # The steps after import live in miner.mine, shared with the API's upload jobs.
    try:
        pool = ClassifierPool(settings, sessions)
        with _progress() as progress:
            mined = mine_project(sessions, outcome.project_id, pool, progress, pain_points=True)
    except ClassifierUnavailable as exc:
        fail(str(exc))
    version = mined.model_version
    pain_points = report_pain_points(sessions, outcome.project_id, mined.pain_points, outdir)
    with sessions() as session:
        paths = write_mine_outputs(
            session, outcome.project_id, outdir, report, model_version=version
        )
    with sessions() as session:  # last, so the map shows every step's results
        paths.update(write_map_outputs(session, outcome.project_id, outdir, version))
    paths["pain_points"] = pain_points
    for path in paths.values():
        out.print(str(path), highlight=False)


@app.command("train")
def train_command(
    models_dir: Annotated[
        Path | None,
        typer.Option("--models-dir", help="Where to write the heads (default: models/)."),
    ] = None,
    corrections: Annotated[
        bool,
        typer.Option(
            "--corrections/--no-corrections",
            help="Add analysts' label corrections stored in the database to the training split.",
        ),
    ] = True,
    search: Annotated[
        bool,
        typer.Option(
            "--search",
            help="Choose C and fallback thresholds on the dev split (a grid of fits: minutes).",
        ),
    ] = False,
) -> None:
    """Retrain the classifier heads from corpora/labelled/ (plus stored label corrections)
    and rewrite the model card."""
    from miner.components import HEADS_DIR_NAME, build_encoder
    from miner.model_card import write_model_card
    from miner.store import open_database
    from miner.train import train_heads

    settings = MinerSettings.from_env()
    target = (models_dir or settings.models_dir) / HEADS_DIR_NAME
    sessions = open_database(settings.database_url)
    encoder = build_encoder(settings, sessions)
    extra = None
    if corrections:
        from miner.corrections import correction_training_rows
        from miner.taxonomy import load_taxonomy

        with sessions() as session:
            extra = correction_training_rows(session, load_taxonomy())
        err.print(
            f"{len(extra)} corrected units from {settings.database_url} join the training set"
        )
    with err.status("Encoding the corpus and fitting heads..."):
        result = train_heads(encoder, target, extra=extra, search=search)
    write_model_card(result)
    _print_scores(result.test_scores)
    err.print(f"Heads {result.version} written to {target}")


@app.command("eval")
def eval_command(
    mapping: Annotated[Path, typer.Argument(help="Label-mapping YAML (see corpora/mappings/).")],
    data: Annotated[
        Path | None, typer.Option("--data", help="Dataset file (default: the mapping's dataset).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Score only the first N rows.")
    ] = None,
    confusion: Annotated[bool, typer.Option("--confusion/--no-confusion")] = True,
    record: Annotated[
        bool, typer.Option("--record", help="Record the scores in the model card (models/).")
    ] = False,
) -> None:
    """Score a labelled CSV/TSV/JSONL against the pipeline: per language and per label."""
    import json

    from miner.components import build_classifier
    from miner.evaluate import EvalError, evaluate, load_mapping
    from miner.store import open_database

    settings = MinerSettings.from_env()
    try:
        spec = load_mapping(mapping)
        classifier = build_classifier(settings, open_database(settings.database_url))
        with err.status("Encoding and classifying..."):
            report = evaluate(classifier, spec, data, limit=limit)
    except (EvalError, FileNotFoundError) as exc:
        fail(str(exc))
    if record:
        from miner.components import heads_dir
        from miner.model_card import record_external

        record_external(heads_dir(settings), report.to_dict())
    if as_json:
        out.print_json(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    out.print(f"[bold]{report.name}[/bold]  ({report.rows} rows, {report.dataset})")
    _print_scores(report.scores, confusion=confusion)


def _print_scores(scores, confusion: bool = False) -> None:
    for s in scores:
        out.print(
            f"[bold]{s.task}[/bold] / {s.language}: n={s.n}  accuracy {s.accuracy:.3f}  "
            f"macro-F1 {s.macro_f1:.3f}",
            highlight=False,
        )
        table = Table()
        for column in ("label", "precision", "recall", "F1", "support"):
            table.add_column(column, justify="left" if column == "label" else "right")
        for lab in s.labels:
            table.add_row(
                lab.label,
                f"{lab.precision:.3f}",
                f"{lab.recall:.3f}",
                f"{lab.f1:.3f}",
                str(lab.support),
            )
        out.print(table)
        if confusion and s.confusion:
            matrix = Table(title="confusion (rows: gold, columns: predicted)")
            matrix.add_column("")
            for lab in s.confusion_labels:
                matrix.add_column(lab[:10], justify="right")
            gold_rows = {lab.label for lab in s.labels}  # predicted-only labels have empty rows
            for lab, row in zip(s.confusion_labels, s.confusion, strict=True):
                if lab in gold_rows:
                    matrix.add_row(lab, *(str(v) for v in row))
            out.print(matrix)


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Start the HTTP API (docs at /docs) with its in-process job worker."""
    import uvicorn

    settings = MinerSettings.from_env()
    err.print(f"Journey Miner API on http://{host}:{port}/docs  (database {settings.database_url})")
    # By name, not by import: `api` depends on `miner`, never the other way round.
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port)


keys_app = typer.Typer(help="HTTP API keys (one workspace each).", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create_command(
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Workspace the key opens.")],
    name: Annotated[str, typer.Option("--name", help="A note: who or what uses the key.")] = "",
) -> None:
    """Create a key and print it (its last line); only its hash is stored, so keep it now."""
    from miner.store import open_database
    from miner.store.api_keys import create_api_key

    sessions = open_database(MinerSettings.from_env().database_url)
    try:
        with sessions.begin() as session:
            new = create_api_key(session, workspace, name)
    except ValueError as exc:
        fail(str(exc))
    err.print(f"Key {new.identity.prefix} for workspace '{new.identity.workspace}':")
    print(new.key)


@keys_app.command("list")
def keys_list_command() -> None:
    """List keys (public prefix, workspace, created, revoked); secrets are never shown."""
    from miner.store import open_database
    from miner.store.api_keys import list_api_keys

    sessions = open_database(MinerSettings.from_env().database_url)
    with sessions() as session:
        table = Table("prefix", "workspace", "name", "created", "revoked")
        for key in list_api_keys(session):
            revoked = str(key.revoked_at or "")
            table.add_row(key.prefix, key.workspace, key.name, str(key.created_at), revoked)
    out.print(table)


@keys_app.command("revoke")
def keys_revoke_command(
    prefix: Annotated[str, typer.Argument(help="The key's public prefix (see `keys list`).")],
) -> None:
    """Revoke a key: requests with it get 401 from now on."""
    from miner.store import open_database
    from miner.store.api_keys import revoke_api_key

    sessions = open_database(MinerSettings.from_env().database_url)
    with sessions.begin() as session:
        if not revoke_api_key(session, prefix):
            fail(f"no key with prefix {prefix!r}")
    err.print(f"Key {prefix} revoked.")


app.add_typer(pain_points_app, name="pain-points")
app.command("eval-clusters")(eval_clusters_command)


def main() -> None:  # pragma: no cover - console entry point convenience
    sys.exit(app())
