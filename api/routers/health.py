"""Liveness, readiness and Prometheus metrics (no key needed)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import State

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process answers."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Not ready: see `checks`"}})
def readyz(state: State) -> JSONResponse:
    """Ready when the database answers and the classifier is loaded."""
    checks = {
        "database": "ok" if state.database_ready() else "unreachable",
        "model": "ok" if state.model_ready else (state.model_error or "loading"),
    }
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status_code=200 if ready else 503,
    )


@router.get("/metrics", response_class=JSONResponse, include_in_schema=False)
def metrics(state: State):
    """Prometheus text exposition: requests by route, latency, jobs."""
    state.refresh_job_gauge()
    return state.metrics.render()
