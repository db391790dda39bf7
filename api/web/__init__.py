"""The analyst web pages: server-rendered shells (Jinja2) whose little vanilla JavaScript calls
the /v1 JSON API with the analyst's key. `install_web(app)` mounts the pages and static files.
"""

from api.web.routes import install_web, web_router

__all__ = ["install_web", "web_router"]
