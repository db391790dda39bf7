"""Build a project's journey map from stored rows: `build_journey_map`.

The map is computed with SQL aggregates (`queries.py`) and assembled in Python
(`assemble.py`); built maps are cached by the project's data version (`cache.py`), so a map
asked for again costs one fingerprint query until a unit, annotation or pain point changes.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from miner.journey_map.assemble import (
    PainPointInfo,
    column,
    stage_names,
    stage_order,
    top_pain_points,
)
from miner.journey_map.cache import MAP_CACHE, data_version
from miner.journey_map.model import JourneyMap, MapFilters
from miner.journey_map.queries import ALL, collect_aggregates, pain_point_quotes
from miner.journey_map.scores import rating_scale
from miner.store.schema import PainPointRow, Project, Record, Unit, UnitAnnotation
from miner.taxonomy import (
    DEFAULT_TAXONOMY_PATH,
    Taxonomy,
    TaxonomyError,
    load_taxonomy,
    taxonomy_from_dict,
)

NO_FILTERS = MapFilters()


class MapError(ValueError):
    """A map that cannot be built; the message names what is wrong (e.g. the project id)."""


@lru_cache(maxsize=4)
def _default_taxonomy(mtime: float) -> Taxonomy:
    return load_taxonomy()


def default_taxonomy() -> Taxonomy:
    """The default taxonomy, parsed once (again only when its file changes)."""
    return _default_taxonomy(DEFAULT_TAXONOMY_PATH.stat().st_mtime)


def project_taxonomy(project: Project) -> Taxonomy:
    """The project's own taxonomy when it has one (missing sections from the default)."""
    default = default_taxonomy()
    if not project.taxonomy:
        return default
    try:
        return taxonomy_from_dict(project.taxonomy, base=default)
    except TaxonomyError as exc:
        raise MapError(f"project {project.id}: its taxonomy is not usable: {exc}") from exc


def latest_model_version(session: Session, project_id: int) -> str | None:
    """The newest model version run over the project.

    Every run annotates all units it has not seen, the project's first unit included, so the
    first unit's newest annotation names the newest version (one indexed lookup); the scan over
    all the project's annotations is only the fallback for a first unit with none.
    """
    first_record = select(func.min(Record.id)).where(Record.project_id == project_id)
    first_unit = select(func.min(Unit.id)).where(Unit.record_id == first_record.scalar_subquery())
    version = session.scalar(
        select(UnitAnnotation.model_version)
        .where(UnitAnnotation.unit_id == first_unit.scalar_subquery())
        .order_by(UnitAnnotation.id.desc())
        .limit(1)
    )
    if version is not None:
        return version
    return session.scalar(
        select(UnitAnnotation.model_version)
        .join(Unit, Unit.id == UnitAnnotation.unit_id)
        .join(Record, Record.id == Unit.record_id)
        .where(Record.project_id == project_id)
        .order_by(UnitAnnotation.id.desc())
        .limit(1)
    )


def active_pain_points(session: Session, project_id: int) -> dict[str, PainPointInfo]:
    rows = session.execute(
        select(
            PainPointRow.id, PainPointRow.label_en, PainPointRow.label_he, PainPointRow.details
        ).where(PainPointRow.project_id == project_id, PainPointRow.status == "active")
    )
    return {
        pp: PainPointInfo(pp, en or "", he or "", _severity(details))
        for pp, en, he, details in rows
    }


def _severity(details: dict | None) -> float:
    try:
        return float((details or {}).get("severity") or 0.0)
    except (TypeError, ValueError):
        return 0.0


def build_journey_map(
    session: Session,
    project_id: int,
    filters: MapFilters = NO_FILTERS,
    model_version: str | None = None,
    top_pain_points: int = 5,
    *,
    use_cache: bool = True,
) -> JourneyMap:
    """The journey map of a project: stages in taxonomy order with volume, emotion row,
    pain-point row, touchpoints and NPS/CSAT, plus the whole map (`totals`).

    `model_version` picks whose annotations are counted (default: the newest in the project).
    The returned map may be shared with other callers through the cache: do not mutate it.
    """
    project = session.get(Project, project_id)
    if project is None:
        raise MapError(f"project {project_id} does not exist")
    if top_pain_points < 0:
        raise MapError(f"top_pain_points must be >= 0, not {top_pain_points}")
    version = data_version(session, project_id)
    taxonomy_hash = hashlib.sha1(
        json.dumps([project.name, project.taxonomy], sort_keys=True, default=str).encode()
    ).hexdigest()
    key = (
        session.get_bind().url.render_as_string(hide_password=True),
        project_id,
        model_version,
        filters.key(),
        top_pain_points,
        version,
        taxonomy_hash,
    )

    def build() -> JourneyMap:
        return _build(session, project, filters, model_version, top_pain_points, version)

    return MAP_CACHE.get_or_build(key, build) if use_cache else build()


def _build(
    session: Session,
    project: Project,
    filters: MapFilters,
    model_version: str | None,
    top: int,
    version: str,
) -> JourneyMap:
    taxonomy = project_taxonomy(project)
    model_version = model_version or latest_model_version(session, project.id)
    scale = rating_scale(session, project.id)
    aggs = collect_aggregates(session, project.id, model_version or "", filters, scale)
    info = active_pain_points(session, project.id)
    order = stage_order(taxonomy, aggs.groups)
    empty = type(aggs.total)()
    wanted = [
        (pp, stage)
        for stage in order
        for pp, _ in top_pain_points(aggs.groups.get(stage, empty), info, top)
    ]
    quotes = pain_point_quotes(session, project.id, model_version or "", filters, wanted)
    overall = [(pp, ALL) for pp, _ in top_pain_points(aggs.total, info, top)]
    quotes.update(
        pain_point_quotes(
            session, project.id, model_version or "", filters, overall, by_stage=False
        )
    )
    stages = tuple(
        column(
            key,
            stage_names(taxonomy, key),
            aggs.groups.get(key, empty),
            aggs.total,
            taxonomy,
            info,
            top,
            quotes,
        )
        for key in order
    )
    totals = column(
        ALL, stage_names(taxonomy, ALL), aggs.total, aggs.total, taxonomy, info, top, quotes
    )
    return JourneyMap(
        project_id=project.id,
        project_name=project.name,
        model_version=model_version,
        taxonomy_version=taxonomy.version,
        filters=filters,
        rating_scale=scale,
        data_version=version,
        totals=totals,
        stages=stages,
    )
