"""`miner mine`, `miner import` and `miner projects` end to end on the bundled sample dumps."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from miner.cli import app
from miner.export import RECORD_COLUMNS, RECORD_LABEL_COLUMNS, UNIT_COLUMNS, UNIT_LABEL_COLUMNS

SAMPLES = Path(__file__).resolve().parent.parent / "corpora" / "samples"

pytestmark = pytest.mark.slow
runner = CliRunner()
TWINS = ["feedback_dump.csv", "feedback_dump_cp1255.csv", "feedback_dump.xlsx"]


@pytest.fixture(scope="module")
def mined(tmp_path_factory):
    """Mine the sample dump and its Windows-1255 and XLSX twins into one data folder."""
    base = tmp_path_factory.mktemp("mine")
    env = {"MINER_DATA_DIR": str(base / "data"), "MINER_DATABASE_URL": ""}
    outputs = {}
    for name in TWINS:
        result = runner.invoke(app, ["mine", str(SAMPLES / name), "-o", str(base / name)], env=env)
        assert result.exit_code == 0, result.output
        outputs[name] = base / name
    return env, outputs, base


def _read(outdir, name):
    return pd.read_csv(outdir / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_output_contract(mined):
    _, outputs, _ = mined
    out = outputs["feedback_dump.csv"]
    assert list(_read(out, "records.csv").columns) == RECORD_COLUMNS + RECORD_LABEL_COLUMNS
    assert list(_read(out, "units.csv").columns) == UNIT_COLUMNS + UNIT_LABEL_COLUMNS
    report = json.loads((out / "ingest_report.json").read_text(encoding="utf-8"))
    assert report["records"] == len(_read(out, "records.csv"))
    reasons = {(b["row"], b["field"]) for b in report["bad_rows"]}
    assert (31, "text") in reasons  # an empty text, by its line in the file
    assert any(b["field"] == "rating" and not b["skipped"] for b in report["bad_rows"])


def test_twins_give_the_same_records(mined):
    _, outputs, _ = mined
    frames = [_read(outputs[name], "records.csv") for name in TWINS]
    for other in frames[1:]:
        # the row column is the line in the file, which differs where CSV texts span lines;
        # pain-point ids are unique per project (the twins are mined as separate projects)
        drop = ["row", "pain_points"]
        pd.testing.assert_frame_equal(frames[0].drop(columns=drop), other.drop(columns=drop))
    units = [_read(outputs[name], "units.csv") for name in TWINS]
    for other in units[1:]:
        pd.testing.assert_frame_equal(
            units[0].drop(columns="pain_point"), other.drop(columns="pain_point")
        )
        # the same pain points, under other ids: the id mapping is one-to-one
        pairs = set(zip(units[0]["pain_point"], other["pain_point"], strict=True))
        assert len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs})


def test_windows_1255_twin_is_correct_hebrew(mined):
    _, outputs, _ = mined
    records = _read(outputs["feedback_dump_cp1255.csv"], "records.csv")
    hebrew = records[records["language"] == "he"]["text"]
    assert len(hebrew) > 100
    assert hebrew.str.contains("משלוח|השליח|הזמנתי").any()
    assert not records["text"].str.contains("Ã|×©|\ufffd").any()  # no mojibake


def test_units_have_offsets_and_labels(mined):
    _, outputs, _ = mined
    records = _read(outputs["feedback_dump.csv"], "records.csv").set_index("id")
    units = _read(outputs["feedback_dump.csv"], "units.csv")
    for row in units.head(200).itertuples():
        text = records.loc[row.record_id, "text"]
        assert text[int(row.start) : int(row.end)] == row.text
    assert set(units["sentiment"]) <= {"negative", "neutral", "positive"}
    scores = units["sentiment_score"].astype(float)
    assert scores.between(-1, 1).all()
    assert {"he", "en"} <= set(units["language"])


def test_pii_is_redacted_before_storage(mined):
    _, outputs, _ = mined
    text = " ".join(_read(outputs["feedback_dump.csv"], "records.csv")["text"])
    assert "@example.com" not in text and "4580 1234 5678 9015" not in text
    assert "[EMAIL]" in text and "[CARD]" in text


def test_remining_adds_nothing(mined):
    env, outputs, base = mined
    result = runner.invoke(
        app, ["mine", str(SAMPLES / TWINS[0]), "-o", str(base / "again")], env=env
    )
    assert result.exit_code == 0, result.output
    assert "already imported" in result.output
    pd.testing.assert_frame_equal(
        _read(outputs[TWINS[0]], "records.csv"), _read(base / "again", "records.csv")
    )


def test_import_and_projects(mined):
    env, _, _ = mined
    result = runner.invoke(
        app, ["import", str(SAMPLES / "survey_he.csv"), "--project", "survey"], env=env
    )
    assert result.exit_code == 0, result.output
    listing = runner.invoke(app, ["projects"], env=env)
    assert "survey" in listing.output and "feedback_dump" in listing.output
    again = runner.invoke(
        app, ["import", str(SAMPLES / "survey_he.csv"), "--project", "survey"], env=env
    )
    assert "nothing added" in again.output


def test_survey_answers_keep_their_question_and_emojis_survive(tmp_path):
    env = {"MINER_DATA_DIR": str(tmp_path / "data"), "MINER_DATABASE_URL": ""}
    result = runner.invoke(
        app, ["mine", str(SAMPLES / "survey_he.csv"), "-o", str(tmp_path / "s")], env=env
    )
    assert result.exit_code == 0, result.output
    survey = _read(tmp_path / "s", "records.csv")
    assert survey["question"].str.contains("מה היינו יכולים לשפר").any()
    result = runner.invoke(
        app, ["mine", str(SAMPLES / "social_mentions.jsonl"), "-o", str(tmp_path / "j")], env=env
    )
    assert result.exit_code == 0, result.output
    social = _read(tmp_path / "j", "units.csv")
    assert social["text"].str.contains("😡|🙏|🔥").any()
    report = json.loads((tmp_path / "j" / "ingest_report.json").read_text(encoding="utf-8"))
    assert [b["row"] for b in report["bad_rows"] if b["skipped"]] == [43]


def test_unreadable_file_gets_one_clear_error(tmp_path):
    bad = tmp_path / "garbage.csv"
    rng = random.Random(7)
    bad.write_bytes(bytes(rng.randrange(256) for _ in range(4000)))  # binary noise
    env = {"MINER_DATA_DIR": str(tmp_path / "data"), "MINER_DATABASE_URL": ""}
    result = runner.invoke(app, ["mine", str(bad), "-o", str(tmp_path / "o")], env=env)
    assert result.exit_code == 2
    assert "garbage.csv" in result.output and "Traceback" not in result.output
    missing = runner.invoke(app, ["import", str(tmp_path / "nope.csv"), "-p", "x"], env=env)
    assert missing.exit_code == 2 and "nope.csv" in missing.output


def test_map_outputs(mined):
    """map.json / map.csv / map.html: stages in taxonomy order, numbers that add up to units.csv."""
    _, outputs, _ = mined
    out = outputs["feedback_dump.csv"]
    units = _read(out, "units.csv")
    data = json.loads((out / "map.json").read_text(encoding="utf-8"))
    keys = [s["key"] for s in data["stages"]]
    assert keys[:6] == [
        "awareness",
        "consideration",
        "purchase",
        "post_purchase",
        "loyalty",
        "advocacy",
    ]
    assert data["totals"]["volume"]["units"] == len(units)
    by_stage = units["stage"].value_counts()
    for stage in data["stages"]:
        assert stage["volume"]["units"] == by_stage.get(stage["key"], 0)
    map_csv = pd.read_csv(out / "map.csv", encoding="utf-8-sig", dtype=str, index_col="lane")
    assert list(map_csv.columns) == keys
    assert int(map_csv.loc["units", "post_purchase"]) == by_stage.get("post_purchase", 0)
    page = (out / "map.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<polyline" in page and "<script" not in page
