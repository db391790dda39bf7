"""The analyst pages without a browser: pages and static files served by the real app, the
interface language and direction, the i18n files, escaping, and the front-end's own rules
(no HTML parsing of data in scripts, logical CSS only)."""

from __future__ import annotations

import json
import re

import anyio
import pytest
from fastapi.testclient import TestClient

from api.web.i18n import I18N_DIR, LANGUAGES, strings
from api.web.routes import STATIC_DIR, templates

PAGES = [
    "/",
    "/projects",
    "/projects/7",
    "/projects/7/map",
    "/projects/7/pain-points",
    "/projects/7/explorer",
]
# Load anyio's file helpers now, not first inside the server's thread, where pytest's assertion
# rewriting of the import can hit a CPython 3.11 AST bug ("recursion depth mismatch").
anyio.open_file  # noqa: B018
SCRIPTS = sorted(p.name for p in STATIC_DIR.glob("*.js"))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from api.app import create_app

    data_dir = tmp_path_factory.mktemp("miner-web")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MINER_DATA_DIR", str(data_dir))
        patch.delenv("MINER_DATABASE_URL", raising=False)
        patch.setenv("MINER_API_WORKER", "0")
        with TestClient(create_app()) as test_client:
            yield test_client


def _html_lang_dir(html: str) -> tuple[str, str]:
    match = re.search(r'<html lang="(\w+)" dir="(\w+)">', html)
    assert match, html[:200]
    return match.group(1), match.group(2)


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_in_english_by_default(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert _html_lang_dir(response.text) == ("en", "ltr")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Every script and the stylesheet the page names is served.
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', response.text):
        assert client.get(asset).status_code == 200, asset


@pytest.mark.parametrize("path", PAGES)
def test_pages_in_hebrew_are_right_to_left(client, path):
    response = client.get(path, params={"lang": "he"})
    assert response.status_code == 200
    assert _html_lang_dir(response.text) == ("he", "rtl")
    assert "מפתח API" in response.text or "דילוג לתוכן" in response.text
    # ?lang= sticks: it sets the cookie the language toggle sets.
    assert "miner_lang=he" in response.headers["set-cookie"]


def test_language_from_cookie_and_accept_language(tmp_path, client):
    client.cookies.set("miner_lang", "he")
    try:
        assert _html_lang_dir(client.get("/projects").text) == ("he", "rtl")
    finally:
        client.cookies.clear()
    hebrew = client.get("/projects", headers={"Accept-Language": "he-IL,he;q=0.9,en;q=0.5"})
    assert _html_lang_dir(hebrew.text) == ("he", "rtl")
    assert _html_lang_dir(client.get("/projects", params={"lang": "xx"}).text) == ("en", "ltr")


def test_map_page_has_filters_exports_and_a_labelled_dialog(client):
    html = client.get("/projects/3/map").text
    for name in ("date_from", "date_to", "source", "segment", "language"):
        assert f'name="{name}"' in html
    for kind in ("html", "svg", "png", "csv"):
        assert f'data-export="{kind}"' in html
    assert '<dialog id="pain-point-dialog" aria-labelledby="pp-dialog-title">' in html
    # Every input has a label pointing at it.
    for input_id in re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html):
        assert f'for="{input_id}"' in html, input_id


def test_static_files_are_served_with_their_types(client):
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
    for name in SCRIPTS:
        response = client.get(f"/static/{name}")
        assert response.status_code == 200
        assert "javascript" in response.headers["content-type"]
    he = client.get("/static/i18n/he.json")
    assert he.json()["nav_map"] == "מפת מסע"
    assert client.get("/static/../routes.py").status_code == 404


def test_pages_are_not_in_the_api_schema(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert not any(p == "/" or p.startswith("/projects") for p in paths)


def test_i18n_files_have_the_same_keys_and_no_empty_text():
    he, en = strings("he"), strings("en")
    assert set(he) == set(en)
    assert all(isinstance(v, str) and v.strip() for v in [*he.values(), *en.values()])
    assert sorted(p.stem for p in I18N_DIR.glob("*.json")) == sorted(LANGUAGES)
    # Placeholders match, so a translated message never loses a number.
    for key in en:
        assert set(re.findall(r"{\w+}", en[key])) == set(re.findall(r"{\w+}", he[key])), key
    assert re.search(r"[\u0590-\u05FF]", he["map_title"])


def test_every_interface_string_the_pages_use_exists():
    en = strings("en")
    used: set[str] = set()
    for template in (STATIC_DIR.parent / "templates").glob("*.html"):
        used |= set(re.findall(r"\bt\.(\w+)", template.read_text(encoding="utf-8")))
    for script in STATIC_DIR.glob("*.js"):
        # Literal keys only: `t('status_' + status)` builds keys the data decides.
        used |= set(re.findall(r"\bt\('(\w+)'\)", script.read_text(encoding="utf-8")))
        used |= set(re.findall(r"\bt\('(\w+)', \{", script.read_text(encoding="utf-8")))
    missing = sorted(used - set(en))
    assert not missing, f"strings used but not in en.json/he.json: {missing}"


def test_templates_escape_text_and_cannot_break_out_of_the_strings_block():
    hostile = '</script><script>alert(1)</script><img src=x onerror=alert(2)> "quoted"'
    poisoned = {key: hostile for key in strings("en")}
    html = templates.get_template("map.html").render(
        lang="en", dir="ltr", t=poisoned, languages=LANGUAGES, page="map", project_id=1,
        static_url=lambda name: f"/static/{name}",
    )  # fmt: skip
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # as text, escaped
    block = re.search(
        r'<script id="i18n-strings" type="application/json">(.*?)</script>', html, re.S
    )
    assert json.loads(block.group(1))["map_title"] == hostile  # the JSON survives intact


def test_scripts_never_parse_data_as_html():
    for name in SCRIPTS:
        source = (STATIC_DIR / name).read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in source, f"{name} uses {sink}"


def test_scripts_load_nothing_from_other_sites():
    for path in [*STATIC_DIR.glob("*.js"), STATIC_DIR / "style.css"]:
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", path.read_text("utf-8")), path


def test_stylesheet_uses_logical_properties_only():
    css = (STATIC_DIR / "style.css").read_text(encoding="utf-8")
    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:"
        r"|text-align:\s*(?:left|right)|float:\s*(?:left|right)",
        css,
    )
    assert physical == []


def test_strings_cover_every_value_the_api_sends():
    """Keys built from data (`status_` + a job's status...) exist for every value it can take."""
    from miner.jobs import STEP_SPAN
    from miner.projects import default_taxonomy

    en = strings("en")
    keys = [f"status_{s}" for s in ("queued", "running", "succeeded", "failed")]
    keys += [f"step_{step}" for step in [*STEP_SPAN, "done"]]
    keys += [f"importance_{i}" for i in ("critical", "complementary", "redundant")]
    keys += [f"lang_{code}" for code in ("he", "en", "mixed", "other")]
    taxonomy = default_taxonomy()
    keys += [f"{task}_{key}" for task in ("sentiment", "emotion") for key in taxonomy.keys(task)]
    assert [k for k in keys if k not in en] == []


PAIN_POINT_CALL = re.compile(
    r"M\.api\((base\(\)|pp\(\w+\))(?: \+ '([^']*)')?"
    r"(?:, \{ method: '(\w+)'(?:, json: \{ ([^}]*) \})?)?"
)


def test_pain_point_calls_match_the_api(client):
    """Every pain-point call resources.js makes is a path and method the API serves, with
    body fields its request schema has (the pages were first written against guessed shapes)."""
    source = (STATIC_DIR / "resources.js").read_text(encoding="utf-8")
    schema = client.get("/openapi.json").json()
    calls = []
    for start, rest, method, body in PAIN_POINT_CALL.findall(source):
        if start == "base()" and not rest.startswith("/pain-points"):
            continue  # the unit calls
        prefix = "/v1/projects/{project_id}"
        if start != "base()":
            prefix += "/pain-points/{pain_point_id}"
        path, verb = prefix + (rest or ""), (method or "get").lower()
        calls.append((verb, path))
        assert verb in schema["paths"].get(path, {}), f"{verb.upper()} {path} is not served"
        fields = set(re.findall(r"(\w+):", body or ""))
        if fields:
            ref = schema["paths"][path][verb]["requestBody"]["content"]["application/json"]
            name = ref["schema"]["$ref"].rsplit("/", 1)[1]
            known = set(schema["components"]["schemas"][name]["properties"])
            assert fields <= known, f"{verb.upper()} {path} sends {fields - known}"
    served = {
        (verb, path)
        for path, ops in schema["paths"].items()
        if path.startswith("/v1/projects/{project_id}/pain-points")
        for verb in ops
    }
    assert served <= set(calls), f"pain-point calls the pages never make: {served - set(calls)}"
