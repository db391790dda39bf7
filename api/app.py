"""The FastAPI application: `create_app()` (what `miner serve` runs through uvicorn).

Routes validate, call `miner` and shape the answer; this module only wires them together with
the process state, error handlers, body limit, metrics and the job worker.
"""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.body_limit import BodySizeLimit
from api.metrics import ApiMetrics, MetricsMiddleware
from api.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers, problem_responses
from api.rate_limit import TokenBucketLimiter
from api.routers import analyze, feedback, health, jobs, maps, pain_points, projects
from api.settings import ApiSettings
from api.state import ApiState
from miner.classifier_pool import ClassifierPool
from miner.encode.base import Encoder
from miner.store import open_database

log = logging.getLogger("api")
V1_PROBLEMS = problem_responses(401, 404, 422, 429)
MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around an upload's bytes
DESCRIPTION = """
Journey Miner: Hebrew and English customer feedback -> journey stage, touchpoint, sentiment
and emotion per opinion unit -> pain points -> the emotion and pain-point rows of a map.

Every `/v1` endpoint needs `Authorization: Bearer <key>` (`miner keys create --workspace NAME`).
Errors are `application/problem+json` (type, title, status, detail).
"""


def build_state(settings: ApiSettings, encoder: Encoder | None = None) -> ApiState:
    sessions = open_database(settings.miner.database_url)
    return ApiState(
        settings=settings,
        sessions=sessions,
        classifiers=ClassifierPool(settings.miner, sessions, encoder=encoder),
        limiter=TokenBucketLimiter(settings.rate_per_minute, settings.rate_burst),
        metrics=ApiMetrics(),
    )


def _problem_media_types(schema: dict) -> dict:
    """Error responses are documented as application/problem+json, as they are sent."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for code, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if code[0] in "45" and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    return schema


def create_app(
    settings: ApiSettings | None = None,
    *,
    encoder: Encoder | None = None,
    start_worker: bool | None = None,
) -> FastAPI:
    """The API over the configured database; `encoder` lets tests share a loaded one."""
    settings = settings or ApiSettings.from_env()
    state = build_state(settings, encoder)
    run_worker = settings.run_worker if start_worker is None else start_worker

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        threading.Thread(target=state.load_models, name="miner-model-load", daemon=True).start()
        if run_worker:
            state.start_worker()
        yield
        state.stop_worker()

    app = FastAPI(
        title="Journey Miner API",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        responses=problem_responses(500),
    )
    app.state.miner = state
    install_problem_handlers(app)
    v1 = (projects, jobs, feedback, pain_points, analyze, maps)
    for router in (module.router for module in v1):
        app.include_router(router, responses=V1_PROBLEMS)
    app.include_router(health.router)
    _install_optional_routers(app)
    app.add_middleware(BodySizeLimit, limit=settings.max_upload_bytes + MULTIPART_OVERHEAD)
    app.add_middleware(MetricsMiddleware, metrics=state.metrics)

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = _problem_media_types(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi
    return app


def _install_optional_routers(app: FastAPI) -> None:
    """Routers over steps built separately (pain points, map) and the analyst pages."""
    from api.web import install_web  # the analyst pages at / and their files at /static

    install_web(app)
