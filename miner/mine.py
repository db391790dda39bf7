"""`mine`: the steps after import, shared by `miner mine` and the API's upload jobs.

import (pipeline.import_file) -> classify (annotate.annotate_project) -> pain points
(cluster.mine.mine_pain_points).
`mine_project` runs the steps over what is stored, so the CLI and a job produce the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from miner.annotate import annotate_project
from miner.classify import JourneyClassifier
from miner.cluster.mine import MiningReport, mine_pain_points
from miner.ingest import NO_OVERRIDES
from miner.pipeline import ProgressCallback, import_file
from miner.projects import project_taxonomy
from miner.records import ColumnOverrides, IngestReport
from miner.segment import Segmenter
from miner.settings import MinerSettings
from miner.store import ImportOutcome
from miner.store.schema import Project
from miner.taxonomy import Taxonomy

# The classifier for a project's taxonomy (loaded once and reused by the caller).
ClassifierProvider = Callable[[Taxonomy], JourneyClassifier]


@dataclass(frozen=True)
class MinedProject:
    project_id: int
    model_version: str
    annotated: int  # units classified by this run (0 when all were done before)
    pain_points: MiningReport | None = None  # when the pain-point step ran


@dataclass(frozen=True)
class MinedFile:
    outcome: ImportOutcome
    report: IngestReport
    mined: MinedProject


def mine_project(
    sessions: sessionmaker[Session],
    project_id: int,
    classifier_for: ClassifierProvider,
    progress: ProgressCallback | None = None,
    *,
    pain_points: bool = False,
) -> MinedProject:
    """Classify the project's stored units not yet seen by the current model version; with
    `pain_points`, then mine its pain points (`miner.cluster.mine`, incremental once there
    are some)."""
    with sessions() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise ValueError(f"project {project_id} does not exist")
        taxonomy = project_taxonomy(project)
    classifier = classifier_for(taxonomy)
    annotated = annotate_project(sessions, project_id, classifier, progress)
    report = None
    if pain_points:
        if progress:
            progress("pain_points", 0, 1)
        report = mine_pain_points(
            sessions,
            project_id,
            classifier.encoder,
            model_version=classifier.version,
            classifier=classifier,
        )
        if progress:
            progress("pain_points", 1, 1)
    return MinedProject(project_id, classifier.version, annotated, report)


def mine_file(
    sessions: sessionmaker[Session],
    path: Path,
    *,
    project: str,
    workspace: str = "default",
    settings: MinerSettings,
    classifier_for: ClassifierProvider,
    overrides: ColumnOverrides = NO_OVERRIDES,
    segmenter: Segmenter | None = None,
    progress: ProgressCallback | None = None,
    pain_points: bool = True,
) -> MinedFile:
    """Import one file into a project and run every later step over the project."""
    outcome, report = import_file(
        sessions,
        path,
        project=project,
        workspace=workspace,
        overrides=overrides,
        settings=settings,
        segmenter=segmenter,
        **({"progress": progress} if progress else {}),
    )
    mined = mine_project(
        sessions, outcome.project_id, classifier_for, progress, pain_points=pain_points
    )
    return MinedFile(outcome, report, mined)
