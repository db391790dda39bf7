"""FastAPI dependencies: the process state, a database session, the caller's key, a project."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.problems import Problem
from api.state import ApiState
from miner.projects import get_project
from miner.store.api_keys import ApiKeyIdentity, verify_api_key
from miner.store.schema import Project

bearer = HTTPBearer(
    auto_error=False,
    description="An API key from `miner keys create --workspace NAME`.",
)


def get_state(request: Request) -> ApiState:
    return request.app.state.miner


State = Annotated[ApiState, Depends(get_state)]


def get_session(state: State) -> Iterator[Session]:
    with state.sessions() as session:
        yield session


DbSession = Annotated[Session, Depends(get_session)]


def current_key(
    state: State,
    session: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> ApiKeyIdentity:
    """The verified key of the request (401 otherwise), within its rate limit (429 otherwise)."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Problem(401, "send an API key as 'Authorization: Bearer <key>'", headers=challenge)
    identity = verify_api_key(session, credentials.credentials)
    if identity is None:
        raise Problem(401, "the API key is not valid (unknown or revoked)", headers=challenge)
    wait = state.limiter.take(identity.key_id)
    if wait > 0:
        retry = state.limiter.retry_after(wait)
        raise Problem(
            429,
            f"rate limit of this key exceeded; retry in {retry} s",
            headers={"Retry-After": retry},
        )
    return identity


Key = Annotated[ApiKeyIdentity, Depends(current_key)]


def workspace_project(
    key: Key, session: DbSession, project_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> Project:
    """The path's project when it belongs to the caller's workspace; 404 otherwise."""
    project = get_project(session, key.workspace, project_id)
    if project is None:
        raise Problem(404, f"project {project_id} not found")
    return project


WorkspaceProject = Annotated[Project, Depends(workspace_project)]
