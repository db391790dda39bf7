"""The map as one self-contained HTML page: no scripts, no external files.

Stages are columns (right to left in the Hebrew interface, `lang="he"`), lanes are rows: volume,
the emotion curve (inline SVG), sentiment, emotions, pain points with counts and quotes,
touchpoints with their importance, NPS and CSAT. Every text that comes from users or analysts
(quotes, pain-point labels, the project's name) is escaped by Jinja2's autoescaping and marked
`dir="auto"`, so Hebrew and English both read in their own direction.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from miner.journey_map.build import default_taxonomy
from miner.journey_map.model import JourneyMap, PainPointCell, StageColumn, TouchpointCell
from miner.taxonomy import Taxonomy

LANGUAGES = ("en", "he")
TEXTS = {
    "en": {
        "title": "Customer journey map",
        "stage": "Stage",
        "volume": "Volume",
        "units": "units",
        "records": "records",
        "of_feedback": "of feedback",
        "curve": "Emotion curve",
        "sentiment": "Sentiment",
        "negative": "negative",
        "neutral": "neutral",
        "positive": "positive",
        "emotion": "Emotions",
        "pain_points": "Pain points",
        "touchpoints": "Touchpoints",
        "critical": "critical",
        "complementary": "complementary",
        "redundant": "redundant",
        "model": "model",
        "filters": "filters",
    },
    "he": {
        "title": "מפת מסע לקוח",
        "stage": "שלב",
        "volume": "היקף",
        "units": "יחידות",
        "records": "רשומות",
        "of_feedback": "מהמשוב",
        "curve": "עקומת רגש",
        "sentiment": "סנטימנט",
        "negative": "שלילי",
        "neutral": "ניטרלי",
        "positive": "חיובי",
        "emotion": "רגשות",
        "pain_points": "נקודות כאב",
        "touchpoints": "נקודות מגע",
        "critical": "קריטית",
        "complementary": "משלימה",
        "redundant": "מיותרת",
        "model": "מודל",
        "filters": "סינון",
    },
}
CURVE_WIDTH_PER_STAGE, CURVE_HEIGHT = 100, 130


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("miner.journey_map", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=False,
        lstrip_blocks=False,
    )


def _y(score: float) -> float:
    """Sentiment in [-1, 1] -> SVG y (top is +1), with a margin for the dots."""
    return round(CURVE_HEIGHT / 2 - score * (CURVE_HEIGHT / 2 - 12), 2)


def emotion_curve_svg(stages: tuple[StageColumn, ...], rtl: bool, label: str) -> Markup:
    """The mean sentiment of each stage as a polyline over the stage columns.

    The SVG stretches to the table's width (preserveAspectRatio="none"), so x is in stage units
    (100 per column) and strokes do not scale; dots are zero-length round-capped lines, which
    stay round however the drawing is stretched. Right to left, the first stage is on the right.
    """
    n = max(len(stages), 1)
    width = n * CURVE_WIDTH_PER_STAGE
    points = []
    for i, stage in enumerate(stages):
        if stage.emotion.mean_sentiment is None:
            continue
        slot = n - 1 - i if rtl else i
        x = slot * CURVE_WIDTH_PER_STAGE + CURVE_WIDTH_PER_STAGE / 2
        points.append((x, _y(stage.emotion.mean_sentiment), stage))
    parts = [
        f'<svg class="curve" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {width} {CURVE_HEIGHT}" preserveAspectRatio="none" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="0" y1="{_y(0)}" x2="{width}" y2="{_y(0)}" stroke="#9aa5b1" '
        'stroke-dasharray="4 4" vector-effect="non-scaling-stroke"/>',
    ]
    if len(points) > 1:
        coords = " ".join(f"{x},{y}" for x, y, _ in points)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="#334e68" stroke-width="2.5" '
            'vector-effect="non-scaling-stroke"/>'
        )
    for x, y, stage in points:
        score = stage.emotion.mean_sentiment or 0.0
        color = "#d64545" if score < -0.2 else "#3ebd93" if score > 0.2 else "#9aa5b1"
        parts.append(
            f'<line class="point" data-stage="{escape(stage.key)}" x1="{x}" y1="{y}" x2="{x}" '
            f'y2="{y}" stroke="{color}" stroke-width="12" stroke-linecap="round" '
            f'vector-effect="non-scaling-stroke"><title>{escape(stage.name_en)}: {score:+.2f}'
            "</title></line>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def map_html(journey_map: JourneyMap, lang: str = "en", taxonomy: Taxonomy | None = None) -> str:
    """The page; `lang="he"` gives the Hebrew interface (right to left, Hebrew names)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    taxonomy = taxonomy or default_taxonomy()
    hebrew = lang == "he"
    texts = TEXTS[lang]

    def stage_name(stage: StageColumn) -> str:
        return (stage.name_he if hebrew else "") or stage.name_en

    def touchpoint_name(tp: TouchpointCell) -> str:
        return (tp.name_he if hebrew else "") or tp.name_en

    def emotion_name(key: str) -> str:
        label = taxonomy.label("emotion", key)
        if label is None:
            return key
        return (label.name_he if hebrew else "") or label.name_en

    def pain_label(pp: PainPointCell) -> str:
        return (pp.label_he if hebrew else pp.label_en) or pp.label_en or pp.label_he or pp.id

    filters = journey_map.filters
    shown = ", ".join(
        f"{name}={value if isinstance(value, str) else ','.join(map(str, value))}"
        if not hasattr(value, "isoformat")
        else f"{name}={value.isoformat()}"
        for name, value in vars(filters).items()
        if value is not None
    )
    return (
        _environment()
        .get_template("map.html.j2")
        .render(
            m=journey_map,
            stages=journey_map.stages,
            lang=lang,
            dir="rtl" if hebrew else "ltr",
            t=texts,
            filters=shown,
            curve=emotion_curve_svg(journey_map.stages, hebrew, texts["curve"]),
            stage_name=stage_name,
            touchpoint_name=touchpoint_name,
            emotion_name=emotion_name,
            pain_label=pain_label,
            fmt_share=lambda v: "-" if v is None else f"{100 * v:.0f}%",
            fmt_pct=lambda v: "-" if v is None else f"{v:.0f}%",
            fmt_score=lambda v: "-" if v is None else f"{v:+.2f}",
            fmt_nps=lambda v: "-" if v is None else f"{v:+.0f}",
            pct=lambda v: round(100 * (v or 0.0), 2),
        )
    )


def write_map_html(
    journey_map: JourneyMap, path: Path, lang: str = "en", taxonomy: Taxonomy | None = None
) -> Path:
    path.write_text(map_html(journey_map, lang, taxonomy), encoding="utf-8")
    return path
