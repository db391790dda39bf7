"""What the API keeps outside HTTP: the 0002 migration agrees with the models, `miner keys`,
job claiming, and label corrections joining the next training (the `miner train` hook)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fixtures_models import CountingEncoder
from typer.testing import CliRunner

from miner.cli import app
from miner.corpus import CORPUS_DIR, load_corpus
from miner.corrections import correction_training_rows
from miner.jobs import claim_next_job, create_job
from miner.store import open_database
from miner.store.api_keys import verify_api_key
from miner.store.schema import Base, Import, LabelCorrection, Project, Record, Unit
from miner.taxonomy import TASKS, load_taxonomy
from miner.train import train_heads


def test_migrations_match_the_models_exactly(database_url):
    sessions = open_database(database_url)
    with sessions.kw["bind"].connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_keys_create_prints_the_key_last_and_stores_its_hash(miner_env):
    runner = CliRunner()
    result = runner.invoke(app, ["keys", "create", "--workspace", "acme", "--name", "crm"])
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    assert key.startswith("jm_")
    url = f"sqlite:///{miner_env / 'miner.db'}"
    with open_database(url)() as session:
        assert verify_api_key(session, key).workspace == "acme"
    listed = runner.invoke(app, ["keys", "list"])
    assert "acme" in listed.output and key.split("_", 2)[2] not in listed.output
    prefix = key.split("_")[1]
    assert runner.invoke(app, ["keys", "revoke", prefix]).exit_code == 0
    with open_database(url)() as session:
        assert verify_api_key(session, key) is None
    assert runner.invoke(app, ["keys", "create", "--workspace", "  "]).exit_code == 2
    assert runner.invoke(app, ["serve", "--help"]).exit_code == 0


def test_a_job_is_claimed_once(database_url):
    sessions = open_database(database_url)
    with sessions.begin() as session:
        project = Project(workspace="w", name="p")
        session.add(project)
        session.flush()
        first = create_job(session, project.id, file_name="a.csv", payload=b"x").id
        second = create_job(session, project.id, file_name="b.csv", payload=b"y").id
    claimed = {claim_next_job(sessions), claim_next_job(sessions)}
    assert claimed == {first, second}
    assert claim_next_job(sessions) is None


def _unit_with_corrections(sessions, text: str, language: str, corrections: list[tuple]):
    with sessions.begin() as session:
        project = session.query(Project).first() or Project(workspace="w", name="p")
        session.add(project)
        session.flush()
        imp = Import(project_id=project.id, file_name="f", file_sha256=text[:60], report={})
        session.add(imp)
        session.flush()
        record = Record(
            project_id=project.id, import_id=imp.id, record_key=text, row=1, text=text,
            language=language,
        )  # fmt: skip
        record.units = [Unit(idx=0, text=text, start=0, end=len(text), language=language)]
        session.add(record)
        session.flush()
        for field, value in corrections:
            session.add(
                LabelCorrection(unit_id=record.units[0].id, field=field, value=value, actor="t")
            )


def test_corrections_become_training_rows(database_url):
    sessions = open_database(database_url)
    _unit_with_corrections(
        sessions,
        "השליח זרק את החבילה",
        "he",
        [("touchpoint", "product"), ("touchpoint", "delivery")],
    )
    _unit_with_corrections(sessions, "my own stage", "en", [("stage", "not_in_taxonomy")])
    _unit_with_corrections(
        sessions, "great support", "en", [("emotion", "joy"), ("stage", "loyalty")]
    )
    with sessions() as session:
        rows = correction_training_rows(session, load_taxonomy())
    assert len(rows) == 2  # a label the heads do not know is skipped
    first = rows.iloc[0]
    assert first["text"] == "השליח זרק את החבילה" and first["lang"] == "he"
    assert first["touchpoint"] == "delivery"  # the newest correction wins
    assert pd.isna(first["stage"]) and pd.isna(first["sentiment"])
    assert rows.iloc[1][["emotion", "stage"]].tolist() == ["joy", "loyalty"]


def test_training_uses_corrections_only_for_the_tasks_they_label(tmp_path):
    """`train_heads(extra=...)`: a row labels only its corrected tasks; the version changes."""
    taxonomy = load_taxonomy()
    corpus = load_corpus(CORPUS_DIR, taxonomy)
    sample = pd.concat([corpus[corpus["split"] == s].head(150) for s in ("train", "dev", "test")])
    small = tmp_path / "corpus"
    small.mkdir()
    with (small / "part.jsonl").open("w", encoding="utf-8") as fh:
        for row in sample.drop(columns=["file", "split"]).to_dict("records"):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    encoder = CountingEncoder()
    plain = train_heads(encoder, tmp_path / "plain", corpus_dir=small, taxonomy=taxonomy)
    extra = pd.DataFrame(
        [
            {"id": "c1", "source_id": "c1", "text": "correction only for touchpoint",
             "lang": "en", "file": "label_corrections", "stage": None,
             "touchpoint": "billing", "sentiment": None, "emotion": None},
        ]
    )  # fmt: skip
    with_extra = train_heads(
        encoder, tmp_path / "extra", corpus_dir=small, taxonomy=taxonomy, extra=extra
    )
    assert with_extra.version.startswith(plain.version + "+corrections.1.")
    meta = json.loads((tmp_path / "extra" / "heads.json").read_text())
    assert meta["version"] == with_extra.version
    assert sum(meta["corpus_counts"]["train"].values()) == (sample["split"] == "train").sum() + 1
    for task in TASKS:
        assert None not in meta["labels"][task]
    arrays = np.load(tmp_path / "extra" / "heads.npz")
    assert np.isfinite(arrays["touchpoint_coef"]).all()
