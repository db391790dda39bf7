"""Projects of a workspace: create, find, delete, and their taxonomy (get / replace).

Every read takes the workspace, so a caller can never reach another workspace's project: an id
from elsewhere is simply "not found".
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from miner.store.imports import ProjectSummary, list_projects
from miner.store.schema import Import, Project, Record, Unit
from miner.taxonomy import Taxonomy, TaxonomyError, load_taxonomy, taxonomy_from_dict

SENTIMENT_KEYS = {"negative", "neutral", "positive"}
MAX_LABELS = 60
MAX_LABEL_TEXTS = 100  # hints + examples of one label


class ProjectExists(ValueError):
    """A project of that name already exists in the workspace."""


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    return load_taxonomy()


def create_project(session: Session, workspace: str, name: str) -> Project:
    """A new, empty project; the caller commits. Raises ProjectExists on a taken name."""
    name = name.strip()
    if not name:
        raise ValueError("project name must not be empty")
    if session.scalar(
        select(Project.id).where(Project.workspace == workspace, Project.name == name)
    ):
        raise ProjectExists(f"project {name!r} already exists in this workspace")
    project = Project(workspace=workspace, name=name)
    session.add(project)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent create of the same name
        raise ProjectExists(f"project {name!r} already exists in this workspace") from exc
    return project


def get_project(session: Session, workspace: str, project_id: int) -> Project | None:
    """The project if it exists in this workspace, else None."""
    return session.scalar(
        select(Project).where(Project.id == project_id, Project.workspace == workspace)
    )


def project_summary(session: Session, workspace: str, project_id: int) -> ProjectSummary | None:
    """One project's record, unit and import counts (None when not in this workspace)."""
    project = get_project(session, workspace, project_id)
    if project is None:
        return None
    records = session.scalar(select(func.count(Record.id)).where(Record.project_id == project_id))
    units = session.scalar(
        select(func.count(Unit.id))
        .join(Record, Record.id == Unit.record_id)
        .where(Record.project_id == project_id)
    )
    imports = session.scalar(select(func.count(Import.id)).where(Import.project_id == project_id))
    return ProjectSummary(
        project.id, project.name, workspace, records or 0, units or 0, imports or 0
    )


def workspace_projects(session: Session, workspace: str) -> list[tuple[Project, ProjectSummary]]:
    """The workspace's projects, each with its counts, by name."""
    rows = {p.id: p for p in session.scalars(select(Project).where(Project.workspace == workspace))}
    return [(rows[s.id], s) for s in list_projects(session, workspace) if s.id in rows]


def delete_project(session: Session, workspace: str, project_id: int) -> bool:
    """Delete a project and, through the database's cascades, everything stored under it."""
    result = session.execute(
        delete(Project).where(Project.id == project_id, Project.workspace == workspace)
    )
    return result.rowcount > 0


def project_taxonomy(project: Project) -> Taxonomy:
    """The project's own taxonomy, or the default one."""
    if not project.taxonomy:
        return default_taxonomy()
    return taxonomy_from_dict(project.taxonomy, base=default_taxonomy())


def validate_taxonomy(data: dict[str, Any]) -> Taxonomy:
    """A complete taxonomy from a (partial) custom one; sections left out keep the default.

    The version is stamped with a hash of the content, so replacing a taxonomy always gives
    a new classifier version and the project's units are annotated again.
    """
    if not isinstance(data, dict):
        raise TaxonomyError("taxonomy must be an object with stages/touchpoints/emotions")
    parsed = taxonomy_from_dict(data, base=default_taxonomy())
    if set(parsed.keys("sentiment")) != SENTIMENT_KEYS:
        raise TaxonomyError("sentiments: must be exactly negative, neutral and positive")
    for task, labels in parsed.labels.items():
        if len(labels) > MAX_LABELS:
            raise TaxonomyError(f"{task}: at most {MAX_LABELS} labels ({len(labels)} given)")
        for label in labels:
            if len(label.hints) + len(label.examples) > MAX_LABEL_TEXTS:
                raise TaxonomyError(
                    f"{task} '{label.key}': at most {MAX_LABEL_TEXTS} hints and examples"
                )
    content = parsed.to_dict()
    content.pop("version")
    digest = hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()[:10]
    name = str(data.get("version") or "custom").strip() or "custom"
    return Taxonomy(version=f"{name}.{digest}", labels=parsed.labels)


def replace_taxonomy(project: Project, data: dict[str, Any] | None) -> Taxonomy:
    """Validate and store `data` as the project's taxonomy (None: back to the default)."""
    if data is None:
        project.taxonomy = None
        return default_taxonomy()
    taxonomy = validate_taxonomy(data)
    project.taxonomy = taxonomy.to_dict()
    return taxonomy


__all__ = [
    "ProjectExists",
    "ProjectSummary",
    "TaxonomyError",
    "create_project",
    "default_taxonomy",
    "delete_project",
    "get_project",
    "project_summary",
    "project_taxonomy",
    "replace_taxonomy",
    "validate_taxonomy",
    "workspace_projects",
]
