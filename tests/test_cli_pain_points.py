"""`miner mine` writes pain points; `miner pain-points ...` edits them, end to end on the
sample dump with the real encoder."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from miner.cli import app
from miner.cluster.model import DETAIL_KEYS

SAMPLES = Path(__file__).resolve().parent.parent / "corpora" / "samples"
pytestmark = pytest.mark.slow
runner = CliRunner()
PROJECT = ["--project", "feedback_dump"]


@pytest.fixture(scope="module")
def mined(tmp_path_factory):
    base = tmp_path_factory.mktemp("pp-cli")
    env = {"MINER_DATA_DIR": str(base / "data"), "MINER_DATABASE_URL": ""}
    result = runner.invoke(
        app, ["mine", str(SAMPLES / "feedback_dump.csv"), "-o", str(base / "out")], env=env
    )
    assert result.exit_code == 0, result.output
    return env, base / "out"


def _run(env, *args):
    result = runner.invoke(app, list(args), env=env)
    return result


def _list(env, *extra):
    result = _run(env, "pain-points", "list", *PROJECT, "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_mine_writes_pain_points_json_and_csv_columns(mined):
    env, out = mined
    data = json.loads((out / "pain_points.json").read_text(encoding="utf-8"))
    assert len(data) >= 4
    for item in data:
        assert list(item) == ["id", "label_en", "label_he", *DETAIL_KEYS]
        assert item["id"].startswith("pp-") and item["size"] >= 5
        assert item["label_en"] or item["label_he"]
        assert 3 <= len(item["quotes"]) <= 5 and 0 < item["share"] <= 1
        assert item["trend"]["months"] and isinstance(item["growing"], bool)
        assert -1 <= item["sentiment_mean"] < 0 and item["stages"][0]["count"] >= 1
    bilingual = [i for i in data if {q["language"] for q in i["quotes"]} >= {"he", "en"}]
    assert len(bilingual) >= len(data) // 2  # the sample mixes both languages in one problem
    units = pd.read_csv(out / "units.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    records = pd.read_csv(
        out / "records.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    negatives = units[units["sentiment"] == "negative"]
    assert (negatives["pain_point"] != "").mean() >= 0.9
    assert (units[units["sentiment"] != "negative"]["pain_point"] == "").all()
    assert set(units["pain_point"]) - {""} == {i["id"] for i in data}
    assert records["pain_points"].str.len().gt(0).any()


def test_pain_point_edits_end_to_end(mined):
    env, out = mined
    items = _list(env)
    first, second, third = items[0]["id"], items[1]["id"], items[2]["id"]

    result = _run(
        env,
        "pain-points",
        "rename",
        first,
        *PROJECT,
        "--en",
        "Refund delays",
        "--he",
        "עיכוב בהחזר",
        "--actor",
        "dana",
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(_run(env, "pain-points", "show", first, *PROJECT, "--json").stdout)
    assert (shown["label_en"], shown["label_he"]) == ("Refund delays", "עיכוב בהחזר")
    unit_ids = [u["unit_id"] for u in shown["units"]]

    result = _run(
        env,
        "pain-points",
        "split",
        first,
        *PROJECT,
        "--units",
        ",".join(map(str, unit_ids[:3])),
        "--actor",
        "dana",
    )
    assert result.exit_code == 0, result.output
    split_id = result.stdout.strip()
    assert split_id.startswith("pp-")

    result = _run(env, "pain-points", "move", str(unit_ids[5]), second, *PROJECT)
    assert result.exit_code == 0, result.output
    result = _run(env, "pain-points", "dismiss", third, *PROJECT)
    assert result.exit_code == 0, result.output
    result = _run(env, "pain-points", "merge", split_id, "--into", second, *PROJECT)
    assert result.exit_code == 0, result.output

    result = _run(env, "pain-points", "recluster", *PROJECT, "--json", "-o", str(out))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["mapping"][first] == first and report["mapping"][second] == second
    everything = {i["id"]: i for i in _list(env, "--all")}
    assert everything[first]["label_en"] == "Refund delays"
    assert everything[third]["status"] == "dismissed"
    assert everything[split_id]["status"] == "merged"
    assert everything[split_id]["merged_into"] == second
    moved = json.loads(_run(env, "pain-points", "show", second, *PROJECT, "--json").stdout)
    placed = {u["unit_id"]: u["assigned_by"] for u in moved["units"]}
    assert placed[unit_ids[5]] == "analyst" and all(placed[u] == "analyst" for u in unit_ids[:3])
    written = {i["id"] for i in json.loads((out / "pain_points.json").read_text("utf-8"))}
    assert third not in written and split_id not in written and first in written

    table = _run(env, "pain-points", "list", *PROJECT)
    assert table.exit_code == 0 and "Refund" in table.stdout  # rich may wrap the label


def test_bad_ids_and_projects_fail_clearly(mined):
    env, _ = mined
    result = _run(env, "pain-points", "rename", "pp-nope", *PROJECT, "--en", "x")
    assert result.exit_code == 2 and "pp-nope" in result.output
    result = _run(env, "pain-points", "list", "--project", "no-such-project")
    assert result.exit_code == 2 and "no-such-project" in result.output
    result = _run(env, "pain-points", "split", "pp-nope", *PROJECT, "--units", "a,b")
    assert result.exit_code == 2 and "--units" in result.output
