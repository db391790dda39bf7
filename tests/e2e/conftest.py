"""Browser-test harness: the real app under uvicorn, and Debian's chromium driven by Playwright.

The app runs in a subprocess (`uvicorn api.app:create_app --factory`) on a free port with its
own MINER_DATA_DIR (SQLite) and an API key made with `miner keys create`. Chromium is the one
from Debian's package (`/usr/bin/chromium`; `.ci/run` installs it): no browser download, flags
for a closed network. Without chromium or playwright, the browser tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "out" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
VIEWPORT = {"width": 1366, "height": 768}  # a laptop screen
SERVER_START_S = 90


@dataclass(frozen=True)
class LiveServer:
    url: str
    key: str
    data_dir: Path
    log: Path

    def api(self) -> httpx.Client:
        """A client of the same server, signed in with the same key (to check what was stored)."""
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.key}"}, timeout=30
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINER_")}
    env.update(MINER_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    return env


def _create_key(env: dict[str, str], workspace: str) -> str:
    """A key made by the CLI command the README documents (it prints the key last)."""
    from miner.cli import app

    result = CliRunner().invoke(app, ["keys", "create", "--workspace", workspace], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if path is None:
        pytest.skip(
            "Debian's chromium is not installed: apt-get install -y --no-install-recommends "
            "chromium (.ci/run installs it when missing)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[dev]'")
    return path


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, chromium_path) -> LiveServer:
    data_dir = tmp_path_factory.mktemp("miner-e2e")
    env = _server_env(data_dir)
    key = _create_key(env, "e2e")
    port = _free_port()
    log = data_dir / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(url, process, log)
        yield LiveServer(url, key, data_dir, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail(f"the app did not answer /healthz in {SERVER_START_S}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def script_errors() -> list[str]:
    """Script and console errors seen by `page` (a CSP violation or a failed call shows up)."""
    return []


@pytest.fixture(scope="module")
def page(browser, script_errors):
    """One tab for the whole scenario: the key lives in its sessionStorage."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    tab.on("pageerror", lambda exc: script_errors.append(f"page error: {exc}"))
    tab.on(
        "console",
        lambda msg: script_errors.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshot():
    """screenshot(page, name): a full-page PNG under out/screenshots/ (gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(tab, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    take.directory = SCREENSHOTS
    return take
