"""An import killed half-way (SIGKILL while records are being written) leaves nothing behind;
running it again stores it whole."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select

from miner.store import open_database
from miner.store.schema import Import, Record, Unit

pytestmark = pytest.mark.slow

# The driver imports a file with a progress callback that announces the first stored batch
# and then stalls, so the test can kill the process while the transaction is open.
DRIVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from miner.pipeline import import_file
    from miner.settings import MinerSettings
    from miner.store import open_database

    url, path = sys.argv[1], Path(sys.argv[2])
    stall = sys.argv[3] == "stall"

    def progress(step, done, total):
        if step == "store" and 0 < done < total:
            print(f"stored-batch {done}", flush=True)
            if stall:
                time.sleep(120)

    sessions = open_database(url)
    outcome, _ = import_file(
        sessions, path, project="killed", settings=MinerSettings(database_url=url),
        progress=progress,
    )
    print(f"done {outcome.records_added}", flush=True)
    """
)


def _write_dump(path, n: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "date", "rating", "text"])
        for i in range(n):
            text = (
                f"ההזמנה {i} הגיעה באיחור אבל השליח היה נחמד"
                if i % 2
                else f"Order {i} arrived late but the courier was kind"
            )
            writer.writerow([f"k{i}", "2026-06-01", 3, text])


def _counts(url: str) -> tuple[int, int, int]:
    sessions = open_database(url)
    with sessions() as s:
        return (
            s.scalar(select(func.count(Import.id))),
            s.scalar(select(func.count(Record.id))),
            s.scalar(select(func.count(Unit.id))),
        )


def _run_driver(tmp_path, url, dump, mode):
    script = tmp_path / "driver.py"
    script.write_text(DRIVER, encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(script), url, str(dump), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def test_killed_import_leaves_nothing_and_rerun_completes(tmp_path, database_url):
    dump = tmp_path / "big.csv"
    _write_dump(dump, 1300)  # more than one write batch (500)

    proc = _run_driver(tmp_path, database_url, dump, "stall")
    first = proc.stdout.readline()
    assert first.startswith("stored-batch"), proc.stderr.read()
    # Records are flushed into the open transaction at this point.
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    assert _counts(database_url) == (0, 0, 0)

    proc = _run_driver(tmp_path, database_url, dump, "run")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "done 1300" in out
    imports, records, units = _counts(database_url)
    assert (imports, records) == (1, 1300)
    assert units == 2600  # each record splits at "but" / "אבל"
