"""The map as CSV: a stage per column, a row (lane) per measure. UTF-8 with a BOM (Excel).

Lanes (first column `lane`): stage names, volume, shares, the emotion row, the pain-point row,
touchpoints and scores; lists inside a cell are separated by " | ".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from miner.journey_map.model import JourneyMap, StageColumn


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _pain_points(stage: StageColumn) -> str:
    return " | ".join(
        f"{pp.label_en or pp.id}" + (f" / {pp.label_he}" if pp.label_he else "") + f" ({pp.units})"
        for pp in stage.pain_points
    )


def _touchpoints(stage: StageColumn) -> str:
    return " | ".join(
        f"{tp.name_en} ({tp.units}, {tp.importance or '-'})" for tp in stage.touchpoints
    )


LANES: list[tuple[str, Callable[[StageColumn], object]]] = [
    ("name_en", lambda s: s.name_en),
    ("name_he", lambda s: s.name_he),
    ("units", lambda s: s.volume.units),
    ("records", lambda s: s.volume.records),
    ("unit_share", lambda s: _num(s.volume.unit_share)),
    ("record_share", lambda s: _num(s.volume.record_share)),
    ("mean_sentiment", lambda s: _num(s.emotion.mean_sentiment)),
    ("negative_share", lambda s: _num(s.emotion.sentiment_shares.get("negative"))),
    ("neutral_share", lambda s: _num(s.emotion.sentiment_shares.get("neutral"))),
    ("positive_share", lambda s: _num(s.emotion.sentiment_shares.get("positive"))),
    ("dominant_emotion", lambda s: s.emotion.dominant_emotion or ""),
    ("dominant_emotion_share", lambda s: _num(s.emotion.dominant_emotion_share)),
    ("pain_points", _pain_points),
    ("pain_point_ids", lambda s: " | ".join(pp.id for pp in s.pain_points)),
    ("touchpoints", _touchpoints),
    ("nps", lambda s: _num(s.scores.nps)),
    ("nps_n", lambda s: s.scores.nps_n),
    ("csat", lambda s: _num(s.scores.csat)),
    ("csat_n", lambda s: s.scores.csat_n),
]


def map_csv(journey_map: JourneyMap) -> str:
    """The CSV text (no BOM; `write_map_csv` adds it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["lane", *(s.key for s in journey_map.stages)])
    for lane, value in LANES:
        writer.writerow([lane, *(value(s) for s in journey_map.stages)])
    return out.getvalue()


def write_map_csv(journey_map: JourneyMap, path: Path) -> Path:
    path.write_text(map_csv(journey_map), encoding="utf-8-sig", newline="")
    return path
