"""map.json / map.csv / map.html of the hand-made project: layout, escaping, Hebrew direction."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from journey_map_data import SCRIPT, add_project

from miner.journey_map import MAP_CACHE, build_journey_map, map_csv, map_html, write_map_outputs
from miner.journey_map.render_csv import LANES
from miner.store import open_database

VOID = {"meta", "br", "hr", "img", "input", "link"}
SVG_LEAVES = {"line", "polyline"}


@pytest.fixture(scope="module")
def journey(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('render') / 'm.db'}"
    sessions = open_database(url)
    with sessions.begin() as session:
        made = add_project(session)
    MAP_CACHE.clear()
    with sessions() as session:
        yield sessions, made, build_journey_map(session, made.project_id)
    sessions.kw["bind"].dispose()


class _Checker(HTMLParser):
    """Collects tags and checks they nest (a well-formedness check for the page we write)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.starts, self.data = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.data.append(data)


def _parse(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == [] and checker.stack == [], (checker.errors, checker.stack)
    return checker


def test_csv_is_a_stage_per_column_and_a_lane_per_row(journey):
    _, made, m = journey
    rows = list(csv.reader(io.StringIO(map_csv(m))))
    assert rows[0] == ["lane", *(s.key for s in m.stages)]
    assert [r[0] for r in rows[1:]] == [name for name, _ in LANES]
    lane = {r[0]: r[1:] for r in rows[1:]}
    post = [s.key for s in m.stages].index("post_purchase")
    assert lane["units"][post] == "5" and lane["records"][post] == "4"
    assert lane["unit_share"][post] == "0.5"
    assert lane["mean_sentiment"][post] == "-0.31"
    assert lane["negative_share"][post] == "0.6"
    assert lane["dominant_emotion"][post] == "joy"
    assert (
        lane["pain_points"][post]
        == f"Late delivery / משלוח מאחר (2) | Rude agent {SCRIPT} / נציג גס (1)"
    )
    assert (
        lane["touchpoints"][post]
        == "Delivery / shipping (4, critical) | Customer service (1, complementary)"
    )
    assert lane["nps"][post] == "-25" and lane["nps_n"][post] == "4"
    assert lane["csat"][post] == "33.33" and lane["csat_n"][post] == "3"
    assert lane["nps"][0] == "" and lane["nps_n"][0] == "0"  # awareness: no scores


def test_written_files(journey, tmp_path):
    sessions, made, m = journey
    with sessions() as session:
        paths = write_map_outputs(session, made.project_id, tmp_path)
    assert set(paths) == {"map_json", "map_csv", "map_html"}
    raw = paths["map_csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Hebrew right
    assert "משלוח מאחר" in raw.decode("utf-8-sig")
    data = json.loads(paths["map_json"].read_text(encoding="utf-8"))
    assert data == m.to_dict()
    assert [s["key"] for s in data["stages"]][-1] == "unknown"
    _parse(paths["map_html"].read_text(encoding="utf-8"))


def test_html_is_well_formed_self_contained_and_escaped(journey):
    _, _, m = journey
    page = map_html(m)
    checker = _parse(page)
    assert "<script" not in page.lower()  # the unit text and the label are escaped
    assert "&lt;script&gt;" in page
    assert any(SCRIPT in d for d in checker.data)  # ...and read back as the original text
    tags = {tag for tag, _ in checker.starts}
    assert not tags & {"script", "link", "img", "iframe"}
    assert not re.search(r"(src|href)=", page)  # no external assets
    html_attrs = checker.starts[0][1]
    assert checker.starts[0][0] == "html" and html_attrs == {"lang": "en", "dir": "ltr"}
    assert '<th scope="col" data-stage="post_purchase">Post-purchase experience</th>' in page


def test_html_draws_the_emotion_curve(journey):
    _, _, m = journey
    checker = _parse(map_html(m))
    polylines = [a for t, a in checker.starts if t == "polyline"]
    assert len(polylines) == 1
    points = [tuple(map(float, p.split(","))) for p in polylines[0]["points"].split()]
    with_units = [s for s in m.stages if s.volume.units]
    assert len(points) == len(with_units) == 5  # awareness, advocacy: no units, no point
    xs = [x for x, _ in points]
    assert xs == sorted(xs)  # left to right in the English page
    ys = dict(zip([s.key for s in with_units], [y for _, y in points], strict=True))
    # higher sentiment is higher up (smaller y): 0.15, 0.1, 0.0, -0.31, -0.4
    assert ys["purchase"] < ys["consideration"] < ys["unknown"] < ys["post_purchase"]
    assert ys["post_purchase"] < ys["loyalty"]
    dots = [a for t, a in checker.starts if t == "line" and a.get("class") == "point"]
    assert [d["data-stage"] for d in dots] == [s.key for s in with_units]


def test_hebrew_interface_is_right_to_left(journey):
    _, _, m = journey
    page = map_html(m, lang="he")
    checker = _parse(page)
    assert checker.starts[0][1] == {"lang": "he", "dir": "rtl"}
    assert "חוויה לאחר רכישה" in page and "נקודות כאב" in page
    assert "משלוח מאחר" in page  # the pain point's Hebrew label
    quotes = [a for t, a in checker.starts if t == "blockquote"]
    assert quotes and all(a["dir"] == "auto" for a in quotes)
    labels = [a for t, a in checker.starts if t == "bdi"]
    assert labels and all(a.get("dir") == "auto" for a in labels[:1])
    polyline = next(a for t, a in checker.starts if t == "polyline")
    xs = [float(p.split(",")[0]) for p in polyline["points"].split()]
    assert xs == sorted(xs, reverse=True)  # the first stage on the right
    with pytest.raises(ValueError, match="lang"):
        map_html(m, lang="fr")
