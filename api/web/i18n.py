"""Interface strings of the analyst pages, in Hebrew and English, from `static/i18n/*.json`.

The same files are served to the browser, so the pages' server-rendered text and the text their
scripts draw come from one place. Which language a request gets: `?lang=`, else the
`miner_lang` cookie (set by the language toggle), else the browser's Accept-Language.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from starlette.requests import Request

I18N_DIR = Path(__file__).parent / "static" / "i18n"
LANGUAGES = ("en", "he")
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"he"})
LANG_COOKIE = "miner_lang"


@lru_cache(maxsize=len(LANGUAGES))
def strings(lang: str) -> dict[str, str]:
    """The interface strings of `lang` (a flat key -> text mapping)."""
    if lang not in LANGUAGES:
        raise ValueError(f"interface language must be one of {LANGUAGES}, not {lang!r}")
    return json.loads((I18N_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def _from_accept_language(header: str) -> str | None:
    """The first supported language in an Accept-Language header (q-values in order given)."""
    for part in header.split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code == "iw":  # the old code for Hebrew, still sent by some systems
            code = "he"
        if code in LANGUAGES:
            return code
    return None


def request_language(request: Request) -> str:
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return _from_accept_language(request.headers.get("accept-language", "")) or DEFAULT_LANGUAGE
