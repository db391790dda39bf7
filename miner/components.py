"""Build the configured pipeline components (encoder, classifier) from the settings."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from miner.classify import JourneyClassifier
from miner.encode import CachedEncoder, MemoryEncodingCache, SqlEncodingCache, load_encoder
from miner.settings import MinerSettings
from miner.taxonomy import Taxonomy

HEADS_DIR_NAME = "journey-heads"


def heads_dir(settings: MinerSettings) -> Path:
    return settings.models_dir / HEADS_DIR_NAME


def build_encoder(
    settings: MinerSettings, sessions: sessionmaker[Session] | None = None
) -> CachedEncoder:
    """The configured encoder behind the encoding cache (in the database when one is given)."""
    cache = SqlEncodingCache(sessions) if sessions is not None else MemoryEncodingCache()
    return CachedEncoder(load_encoder(settings.encoder), cache)


def build_classifier(
    settings: MinerSettings,
    sessions: sessionmaker[Session] | None = None,
    taxonomy: Taxonomy | None = None,
) -> JourneyClassifier:
    directory = heads_dir(settings)
    if not (directory / "heads.json").is_file():
        raise FileNotFoundError(f"no trained heads in {directory}: run `miner train`")
    return JourneyClassifier.load(directory, build_encoder(settings, sessions), taxonomy)
