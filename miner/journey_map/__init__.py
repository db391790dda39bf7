"""The journey map: per stage, volume, the emotion row, the pain-point row, touchpoints and
NPS/CSAT, from a project's stored units (`build_journey_map`); the same rows for a CX
platform's own stages (`populate_map`); and the map as JSON, CSV and self-contained HTML.
"""

from miner.journey_map.build import MapError, build_journey_map, latest_model_version
from miner.journey_map.cache import MAP_CACHE, data_version
from miner.journey_map.memory import AnnotatedUnit
from miner.journey_map.model import (
    DEFINITIONS,
    EmotionRow,
    JourneyMap,
    MapFilters,
    PainPointCell,
    Quote,
    Scores,
    StageColumn,
    TouchpointCell,
    Volume,
)
from miner.journey_map.outputs import map_json, write_map_outputs
from miner.journey_map.populate import (
    PlatformStage,
    PlatformTouchpoint,
    PopulatedMap,
    platform_stages_from_dicts,
    populate_map,
)
from miner.journey_map.render_csv import map_csv, write_map_csv
from miner.journey_map.render_html import map_html, write_map_html

__all__ = [
    "DEFINITIONS",
    "AnnotatedUnit",
    "PlatformStage",
    "PlatformTouchpoint",
    "PopulatedMap",
    "MAP_CACHE",
    "EmotionRow",
    "JourneyMap",
    "MapError",
    "MapFilters",
    "PainPointCell",
    "Quote",
    "Scores",
    "StageColumn",
    "TouchpointCell",
    "Volume",
    "build_journey_map",
    "data_version",
    "latest_model_version",
    "map_csv",
    "map_html",
    "map_json",
    "platform_stages_from_dicts",
    "populate_map",
    "write_map_csv",
    "write_map_html",
    "write_map_outputs",
]
