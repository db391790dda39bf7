"""Storage: SQLAlchemy models, Alembic migrations, and the reads/writes the pipeline needs."""

from miner.store.database import create_db_engine, open_database, upgrade_schema
from miner.store.imports import (
    ImportOutcome,
    ProjectSummary,
    find_import,
    get_or_create_project,
    list_projects,
    store_import,
    stored_texts,
)

__all__ = [
    "ImportOutcome",
    "ProjectSummary",
    "create_db_engine",
    "find_import",
    "get_or_create_project",
    "list_projects",
    "open_database",
    "store_import",
    "stored_texts",
    "upgrade_schema",
]
