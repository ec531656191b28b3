"""Fixtures for the browser suite: the real `ieum serve --demo` server and a headless Chromium.

The server runs once per session on a fresh SQLite file in a temporary folder, listening on
127.0.0.1 only; it is stopped by its PID at the end. Each test gets its own browser, so cookies
and language never leak from one test to another.
"""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from helpers import ROOT, Site

BINARY = ROOT / ".build" / "debug" / "ieum"
HEALTH_TIMEOUT_SECONDS = 120
# Talk to 127.0.0.1 directly, whatever proxy the environment names.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Server:
    base_url: str
    pid: int
    log: Path
    database: Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with DIRECT.open(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout):
        return False


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # SIGTERM to this PID only
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


class Mailbox:
    """The mails a real SMTP server (Tests/smtp-peer, aiosmtpd) received from `ieum serve`."""

    def __init__(self, directory: Path, port: int):
        self.directory = directory
        self.port = port

    def all(self) -> list[dict]:
        return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(self.directory.glob("[0-9]*.json"))]

    def wait_for(self, to: str, subject: str, timeout: float = 45) -> dict:
        """The first mail to `to` whose subject contains `subject`, waiting for the sender job."""
        deadline = time.monotonic() + timeout
        while True:
            for mail in self.all():
                if to.lower() in [a.lower() for a in mail["to"]] and subject in mail["subject"]:
                    return mail
            if time.monotonic() > deadline:
                seen = [(m["to"], m["subject"]) for m in self.all()]
                raise AssertionError(f"no mail to {to} with '{subject}' within {timeout} s; received: {seen}")
            time.sleep(0.25)


@pytest.fixture(scope="session")
def mailbox(tmp_path_factory):
    directory = tmp_path_factory.mktemp("mailbox")
    peer = ROOT / "Tests" / "smtp-peer" / "smtp_peer.py"
    process = subprocess.Popen([sys.executable, str(peer), "--dir", str(directory), "--mode", "plain"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = process.stdout.readline().strip()
        if not line.startswith("READY "):
            raise RuntimeError(f"the SMTP peer did not start: {line!r}")
        yield Mailbox(directory, int(line.split()[1]))
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def server(tmp_path_factory, mailbox):
    if not BINARY.exists():
        subprocess.run(["swift", "build", "--product", "ieum"], cwd=ROOT, check=True, stdin=subprocess.DEVNULL)
    workdir = tmp_path_factory.mktemp("ieum-server")
    data_dir = workdir / "data"
    data_dir.mkdir()
    port = _free_port()
    env = dict(os.environ)
    env.pop("IEUM_TEST_DATABASE_URL", None)
    # IEUM_BROWSER_DATABASE_URL: serve a database that already holds the demo (CI's move to
    # PostgreSQL, issue 19) with plain `ieum serve` instead of loading the demo into a new file.
    existing = os.environ.get("IEUM_BROWSER_DATABASE_URL", "")
    env.update(
        DATABASE_URL=existing or str(workdir / "browser.sqlite"),
        PORT=str(port),
        HOST="127.0.0.1",
        IEUM_DATA_DIR=str(data_dir),
        # Mail goes to the test SMTP server, with absolute links, and the sender job runs every second.
        IEUM_SMTP_HOST="127.0.0.1",
        IEUM_SMTP_PORT=str(mailbox.port),
        IEUM_SMTP_FROM="noreply@ieum.test",
        IEUM_SMTP_TLS="none",
        IEUM_BASE_URL=f"http://127.0.0.1:{port}",
        IEUM_JOBS_INTERVAL="1",
    )
    log = ROOT / "artifacts" / "browser-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    base_url = f"http://127.0.0.1:{port}"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            [str(BINARY), "serve"] + ([] if existing else ["--demo"]), cwd=workdir, env=env,
            stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
        while not _healthy(base_url + "/healthz"):
            if process.poll() is not None:
                raise RuntimeError(f"ieum serve --demo exited with {process.returncode}:\n{_tail(log)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"GET /healthz was not 200 within {HEALTH_TIMEOUT_SECONDS} s:\n{_tail(log)}")
            time.sleep(0.25)
        yield Server(base_url=base_url, pid=process.pid, log=log, database=workdir / "browser.sqlite")
    finally:
        _stop(process)


def _chrome_options() -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1280,800", "--lang=ko-KR"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    options.add_experimental_option("prefs", {"intl.accept_languages": "ko-KR,ko"})
    # Performance log: HTTP status of each page; browser log: CSP and script errors.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return options


@pytest.fixture
def driver():
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=_chrome_options())
    browser.set_page_load_timeout(60)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def site(server, driver) -> Site:
    return Site(server.base_url, driver)
