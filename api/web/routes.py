"""Routes of the analyst pages and their static files.

Pages are shells: the key lives in the browser's sessionStorage, so the server never knows who
is looking and renders no data; each page's script fetches it from /v1 with the key. The
server renders the interface text in the asked-for language and direction, so a page reads
right (and right to left) before any script runs.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.web.i18n import LANG_COOKIE, LANGUAGES, direction, request_language, strings

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
templates = Jinja2Templates(directory=WEB_DIR / "templates")  # autoescapes .html templates

# Scripts and styles only from this server: even a missed escape could not run injected code.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

web_router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=64)
def _static_version(name: str, mtime: float) -> str:
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:10]


def static_url(name: str) -> str:
    """`/static/<name>?v=<content hash>`, so a changed file is never served from a stale cache."""
    path = STATIC_DIR / name
    return f"/static/{name}?v={_static_version(name, path.stat().st_mtime)}"


def _page(request: Request, template: str, page: str, project_id: int | None = None):
    lang = request_language(request)
    response = templates.TemplateResponse(
        request,
        template,
        {
            "lang": lang,
            "dir": direction(lang),
            "t": strings(lang),
            "languages": LANGUAGES,
            "page": page,
            "project_id": project_id,
            "static_url": static_url,
        },
        headers=PAGE_HEADERS,
    )
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


@web_router.get("/", response_class=HTMLResponse)
def sign_in_page(request: Request):
    return _page(request, "signin.html", "signin")


@web_router.get("/projects", response_class=HTMLResponse)
def projects_page(request: Request):
    return _page(request, "projects.html", "projects")


@web_router.get("/projects/{project_id}", response_class=HTMLResponse)
def project_page(request: Request, project_id: int):
    return _page(request, "project.html", "upload", project_id)


@web_router.get("/projects/{project_id}/map", response_class=HTMLResponse)
def map_page(request: Request, project_id: int):
    return _page(request, "map.html", "map", project_id)


@web_router.get("/projects/{project_id}/pain-points", response_class=HTMLResponse)
def pain_points_page(request: Request, project_id: int):
    return _page(request, "pain_points.html", "pain_points", project_id)


@web_router.get("/projects/{project_id}/explorer", response_class=HTMLResponse)
def explorer_page(request: Request, project_id: int):
    return _page(request, "explorer.html", "explorer", project_id)


def install_web(app: FastAPI) -> None:
    """Mount the analyst pages at `/` and their files at `/static` on the API's app."""
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
