"""Write a project's map as `map.json`, `map.csv` and `map.html` (the `miner mine` outputs)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from miner.journey_map.build import build_journey_map
from miner.journey_map.model import JourneyMap
from miner.journey_map.render_csv import write_map_csv
from miner.journey_map.render_html import write_map_html


def map_json(journey_map: JourneyMap) -> str:
    return json.dumps(journey_map.to_dict(), ensure_ascii=False, indent=2)


def write_map_outputs(
    session: Session,
    project_id: int,
    outdir: Path,
    model_version: str | None = None,
    lang: str = "en",
) -> dict[str, Path]:
    """Build the project's map and write the three files; returns their paths by name."""
    journey_map = build_journey_map(session, project_id, model_version=model_version)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = {"map_json": outdir / "map.json", "map_csv": outdir / "map.csv"}
    paths["map_json"].write_text(map_json(journey_map), encoding="utf-8")
    write_map_csv(journey_map, paths["map_csv"])
    paths["map_html"] = write_map_html(journey_map, outdir / "map.html", lang)
    return paths
