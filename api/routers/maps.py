"""The journey map of a project (JSON, CSV, HTML) and a platform's own map populated."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.deps import DbSession, Key, State, WorkspaceProject
from api.problems import Problem, problem_responses
from api.schemas.maps import MapOut, PopulatedOut, PopulateIn
from miner.analyze import AnalyzeError
from miner.classifier_pool import ClassifierUnavailable
from miner.journey_map import (
    MapError,
    MapFilters,
    build_journey_map,
    map_csv,
    map_html,
    populate_map,
)
from miner.map_feedback import populate_from_texts
from miner.projects import get_project, project_taxonomy

router = APIRouter(prefix="/v1", tags=["journey map"])

Values = Annotated[list[str] | None, Query(max_length=20)]
MAP_CONTENT = {
    "application/json": {"schema": {"$ref": "#/components/schemas/MapOut"}},
    "text/csv": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}},
}


def _clean(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    if any("\x00" in v or len(v) > 200 for v in values):
        raise Problem(422, "filter values must be at most 200 characters, without NUL")
    return values


@router.get(
    "/projects/{project_id}/map",
    response_model=MapOut,
    responses={200: {"content": MAP_CONTENT}, **problem_responses(400)},
)
def journey_map(
    project: WorkspaceProject,
    session: DbSession,
    format: Literal["json", "csv", "html"] = "json",
    lang: Annotated[Literal["en", "he"], Query(description="HTML interface language")] = "en",
    date_from: dt.date | dt.datetime | None = None,
    date_to: dt.date | dt.datetime | None = None,
    source: Values = None,
    segment: Values = None,
    language: Values = None,
    top: Annotated[int, Query(ge=0, le=20, description="Pain points per stage")] = 5,
) -> Response:
    """The project's journey map: stages in order, each with volume, the emotion row (mean
    sentiment, shares, emotion mix), the pain-point row (top pain points with quotes),
    touchpoints and NPS/CSAT. `?format=csv` (a stage per column, a lane per row) or
    `?format=html` (a self-contained page; `lang=he` for Hebrew, right to left)."""
    filters = MapFilters(
        date_from=date_from,
        date_to=date_to,
        source=_clean(source),
        segment=_clean(segment),
        language=_clean(language),
    )
    try:
        built = build_journey_map(session, project.id, filters, top_pain_points=top)
    except MapError as exc:
        raise Problem(422, str(exc)) from exc
    if format == "csv":
        return Response(
            "\ufeff" + map_csv(built),  # the BOM makes Excel read Hebrew as UTF-8
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="map-{project.id}.csv"'},
        )
    if format == "html":
        return HTMLResponse(map_html(built, lang, project_taxonomy(project)))
    return JSONResponse(built.to_dict())


@router.post(
    "/maps/populate",
    response_model=PopulatedOut,
    responses=problem_responses(413, 503),
)
def populate(body: PopulateIn, key: Key, session: DbSession, state: State) -> JSONResponse:
    """A platform's own map filled with our rows, keyed by its stage ids.

    Send the platform's stages (id, name, description, optional touchpoints) with either a
    `project_id` of this workspace or feedback (`texts`, or `feedback` with ratings / NPS; up
    to MINER_API_MAX_BATCH_ITEMS, analyzed and not stored). Each platform stage is matched to
    ours by meaning (see `rule` in the answer) unless it names `stages`.
    """
    stages = [s.model_dump() for s in body.stages]
    try:
        classifier = state.classifiers.stateless()
    except ClassifierUnavailable as exc:
        raise Problem(503, f"the classifier is not available: {exc}") from exc
    try:
        if body.project_id is not None:
            if get_project(session, key.workspace, body.project_id) is None:
                raise Problem(404, f"project {body.project_id} not found")
            filters = MapFilters(
                date_from=body.date_from,
                date_to=body.date_to,
                source=body.source,
                segment=body.segment,
                language=body.language,
            )
            populated = populate_map(
                session,
                body.project_id,
                stages,
                classifier.encoder,
                filters=filters,
                top_pain_points=body.top_pain_points,
            )
        else:
            items = body.feedback or [{"text": t} for t in body.texts or []]
            items = [i if isinstance(i, dict) else i.model_dump() for i in items]
            limit = state.settings.max_batch_items
            if len(items) > limit:
                raise Problem(
                    413, f"{len(items)} texts; the limit is {limit} (MINER_API_MAX_BATCH_ITEMS)"
                )
            populated = populate_from_texts(
                [i["text"] for i in items],
                stages,
                classifier,
                state.segmenter,
                max_text_chars=state.settings.max_text_chars,
                ratings=[i.get("rating") for i in items],
                nps=[i.get("nps") for i in items],
                top_pain_points=body.top_pain_points,
            )
    except AnalyzeError as exc:
        raise Problem(413, str(exc)) from exc
    except MapError as exc:
        raise Problem(422, str(exc)) from exc
    return JSONResponse(populated.to_dict())
