"""`copydesk serve`: a real server process on a free port, over real HTTP, and its page in
a real headless Chromium.

One server per module (started with `python -m copydesk serve ... --port 0`, its port and
token read from the .copydesk/server.json it writes) over a small archive of made-up
articles: the misspelt-union-leader scenario. A second, larger archive shows the status
while loading.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from spacy.language import Language

from conftest import ARTICLES
from copydesk.cli.serve import _bind
from copydesk.pipeline import check_paths
from copydesk.rules import load_rules

SCENARIO = ARTICLES / "misspelt-in-one-article"
START_LIMIT_S = 60.0
# a new article misspelling the union leader the archive spells "Marta Kowalczyk", with
# markup that must stay text on the page
DRAFT = (
    "Port deal signed\n\n"
    "Union leader Marta Kowalzcyk said on Thursday the deal was fair. Tomasz Nowak agreed.\n"
    '<script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2">\n'
)


@dataclass
class Server:
    process: subprocess.Popen[str]
    repo: Path
    record: dict[str, Any]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.record['port']}"

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.record['token']}"}

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.get(self.base + path, headers={**self.auth, **kwargs.pop("headers", {})}, timeout=30, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.post(self.base + path, headers={**self.auth, **kwargs.pop("headers", {})}, timeout=60, **kwargs)


def start_server(repo: Path, *args: str, folder: str = "arch") -> Server:
    """`copydesk serve FOLDER` in `repo` (a git repository) on a free port; returns once
    its server.json names this process."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "copydesk", "serve", folder, "--port", "0", *args],
        cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    record_file = repo / ".copydesk" / "server.json"
    deadline = time.monotonic() + START_LIMIT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"copydesk serve ended with {process.returncode}: {said_by(process)}")
        if record_file.exists():
            record = json.loads(record_file.read_text(encoding="utf-8"))
            if record.get("pid") == process.pid:
                return Server(process, repo, record)
        time.sleep(0.05)
    process.kill()
    raise AssertionError("copydesk serve wrote no .copydesk/server.json in time")


def wait_ready(server: Server) -> dict[str, Any]:
    deadline = time.monotonic() + START_LIMIT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:  # ended: say how and why, not "did not load in time" a minute later
            raise AssertionError(f"copydesk serve ended with {server.process.returncode}: {said_by(server.process)}")
        try:
            status = server.get("/api/status").json()
        except httpx.TransportError:  # not listening yet
            time.sleep(0.05)
            continue
        assert status["phase"] != "failed", status
        if status["phase"] == "ready":
            return status
        time.sleep(0.1)
    server.process.kill()
    raise AssertionError(f"the archive did not load in time; the server said: {said_by(server.process)}")


def said_by(process: subprocess.Popen[str]) -> str:
    """What a server process wrote to stderr (once it has ended: killed or on its own)."""
    process.wait()
    return process.stderr.read() if process.stderr else ""


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@contextmanager
def serving(repo: Path, *args: str) -> Iterator[Server]:
    """A server on `repo`, started, loaded, and stopped after."""
    running = start_server(repo, *args)
    try:
        wait_ready(running)
        yield running
    finally:
        stop(running)


def make_repo(folder: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    (folder / "arch").mkdir()
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    repo = make_repo(tmp_path_factory.mktemp("newsroom"))
    for name in ("dockers-1.txt", "dockers-2.txt", "dockers-3.txt", "dockers-4.txt"):
        shutil.copy(SCENARIO / name, repo / "arch" / name)
    with serving(repo) as running:
        yield running


# -- the API -----------------------------------------------------------------------------


def test_a_draft_misspelling_an_archive_name_gets_the_finding_with_the_expected_form(server: Server) -> None:
    answer = server.post("/api/check", json={"text": DRAFT, "name": "deal.txt", "date": "2026-12-01"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["draft"] == {"name": "(draft)/deal.txt", "date": "2026-12-01"}
    mine = [f for f in body["findings"] if f["file"] == "(draft)/deal.txt"]
    assert [(f["rule"], f["found"], f["expected"], f["line"], f["column"]) for f in mine] == [
        ("name-variant", "Marta Kowalzcyk", "Marta Kowalczyk", 3, 14)
    ]
    assert DRAFT[mine[0]["offset"]:].startswith("Marta Kowalzcyk")
    # the JSON report's fields, and the evidence
    assert {"rule", "severity", "file", "line", "column", "found", "expected", "entity", "message", "evidence"} <= set(mine[0])


def test_a_draft_is_checked_as_check_changed_checks_a_changed_article(server: Server, nlp: Language, tmp_path: Path) -> None:
    draft = tmp_path / "deal.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    expected = check_paths([str(server.repo / "arch")], load_rules(), nlp, changed=[str(draft)]).findings
    answer = server.post("/api/check", json={"text": DRAFT, "name": "deal.txt"}).json()

    def rows(findings: list[Any]) -> list[tuple[Any, ...]]:
        return sorted((Path(f["file"]).name, f["line"], f["column"], f["rule"], f["found"], f["expected"], f["message"]
                       .replace(str(draft), "DRAFT").replace("(draft)/deal.txt", "DRAFT").replace(str(server.repo) + "/", ""))
                      for f in findings)

    assert rows(answer["findings"]) == rows([vars(f) for f in expected])
    assert len(answer["findings"]) > 1  # the archive's own misspellings rest on the draft's, too


def test_a_draft_spelling_the_names_right_gets_no_finding_of_its_own(server: Server) -> None:
    answer = server.post("/api/check", json={"text": "Quiet day\n\nMarta Kowalczyk met Tomasz Nowak.\n"}).json()
    assert [f for f in answer["findings"] if f["file"] == "(draft)/draft.txt"] == []
    # as with check --changed: the archive's misspellings of a name the draft holds involve it
    assert {f["file"] for f in answer["findings"]} == {"arch/dockers-4.txt"}


def test_the_archive_findings_and_entities_are_served(server: Server, nlp: Language) -> None:
    full = check_paths([str(server.repo / "arch")], load_rules(), nlp)
    findings = server.get("/api/findings").json()
    assert findings["articles"] == 4
    assert sorted((f["found"], f["line"]) for f in findings["findings"]) == sorted((f.found, f.line) for f in full.findings)
    assert {f["file"] for f in findings["findings"]} == {"arch/dockers-4.txt"}
    entities = server.get("/api/entities").json()["entities"]
    marta = next(e for e in entities if e["name"] == "Marta Kowalczyk")
    assert marta["kind"] == "person" and "Marta Kowalczik" in marta["misspellings"]


def test_the_openapi_schema_is_served(server: Server) -> None:
    schema = server.get("/openapi.json").json()
    assert {"/api/check", "/api/findings", "/api/entities", "/api/status"} <= set(schema["paths"])


def test_a_draft_in_another_format_is_read_by_its_suffix(server: Server) -> None:
    page = "<html><body><article><p>Union leader Marta Kowalzcyk said the deal was fair.</p></article></body></html>"
    answer = server.post("/api/check", json={"text": page, "name": "deal.html"}).json()
    assert ("Marta Kowalzcyk", "Marta Kowalczyk") in {(f["found"], f["expected"]) for f in answer["findings"]}


def test_a_bad_date_is_one_clear_line(server: Server) -> None:
    answer = server.post("/api/check", json={"text": DRAFT, "date": "next Tuesday"})
    assert answer.status_code == 422 and "next Tuesday" in answer.json()["error"]


# -- security ------------------------------------------------------------------------------


def test_the_token_is_required(server: Server) -> None:
    assert httpx.get(server.base + "/api/status").status_code == 401
    assert httpx.get(server.base + "/api/findings", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert httpx.post(server.base + "/api/check", json={"text": DRAFT}).status_code == 401
    assert httpx.get(server.base + "/").status_code == 401
    assert httpx.get(server.base + "/openapi.json").status_code == 401
    assert server.get("/api/status").status_code == 200


def test_the_token_in_the_printed_address_becomes_a_cookie_and_leaves_the_address(server: Server) -> None:
    first = httpx.get(server.base + "/", params={"token": server.record["token"]})
    assert first.status_code == 303 and first.headers["location"] == "/"
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    with httpx.Client(base_url=server.base, cookies=first.cookies) as browser:
        assert browser.get("/").status_code == 200
        assert browser.get("/api/status").json()["phase"] == "ready"
    assert httpx.get(server.base + "/", params={"token": "wrong"}).status_code == 401


def test_the_token_file_is_private_to_its_owner(server: Server) -> None:
    record = server.repo / ".copydesk" / "server.json"
    assert record.stat().st_mode & 0o077 == 0
    assert server.record["host"] == "127.0.0.1" and server.record["pid"] == server.process.pid


def test_a_request_for_another_host_name_is_refused(server: Server) -> None:
    """DNS rebinding: a page at evil.example, its name pointed at 127.0.0.1, sends its own Host."""
    port = server.record["port"]
    assert server.get("/api/status", headers={"Host": f"evil.example:{port}"}).status_code == 400
    assert server.get("/api/status", headers={"Host": "127.0.0.1:1"}).status_code == 400
    assert server.get("/api/status", headers={"Host": f"localhost:{port}"}).status_code == 200


def test_a_cross_origin_post_is_refused(server: Server) -> None:
    body = {"text": DRAFT}
    assert server.post("/api/check", json=body, headers={"Origin": "http://evil.example"}).status_code == 403
    assert server.post("/api/check", json=body, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert server.post("/api/check", json=body, headers={"Origin": f"http://localhost:{server.record['port']}"}).status_code == 200


def test_an_oversized_body_is_refused_with_413(server: Server) -> None:
    too_big = "x" * (3 * 1024 * 1024)  # settings.max_article_mb is 2
    answer = server.post("/api/check", content=json.dumps({"text": too_big}), headers={"Content-Type": "application/json"})
    assert answer.status_code == 413 and "max_article_mb" in answer.json()["error"]


def test_the_page_has_a_strict_content_security_policy(server: Server) -> None:
    page = server.get("/")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy and "connect-src 'self'" in policy
    assert "unsafe-eval" not in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "http://" not in page.text and "https://" not in page.text and " src=" not in page.text
    assert page.headers["x-frame-options"] == "DENY" and page.headers["referrer-policy"] == "no-referrer"


# -- while loading ---------------------------------------------------------------------------


@dataclass
class Loading:
    server: Server
    seen: list[dict[str, Any]]  # the statuses read while it loaded
    refused: int  # answers of /api/findings and /api/check refused as "still loading"


@pytest.fixture(scope="module")
def loading(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loading]:
    """A server over 150 articles (enough that extracting them takes a while), watched
    from its start until it is ready; each check it runs may take TIME_LIMIT_S."""
    repo = make_repo(tmp_path_factory.mktemp("bigger"))
    for i in range(150):
        (repo / "arch" / f"story-{i:03}.txt").write_text(
            f"Harbour news {i}\n\nUnion leader Marta Kowalczyk met harbour master Tomasz Nowak on day {i}.\n"
            "Northline Ferries said the talks would go on.\n",
            encoding="utf-8",
        )
    running = start_server(repo, "--time-limit", str(TIME_LIMIT_S))
    try:
        seen, refused = [], 0
        while True:
            try:
                status = running.get("/api/status").json()
            except httpx.TransportError:
                time.sleep(0.02)
                continue
            seen.append(status)
            if status["phase"] != "loading":
                break
            for answer in (running.get("/api/findings"), running.post("/api/check", json={"text": DRAFT})):
                if answer.status_code == 200:  # it finished loading meanwhile: then, and only then, an answer
                    assert running.get("/api/status").json()["phase"] == "ready"
                else:
                    assert answer.status_code == 503 and "still loading" in answer.json()["error"]
                    refused += 1
            time.sleep(0.05)
        yield Loading(running, seen, refused)
    finally:
        stop(running)


TIME_LIMIT_S = 0.5


def test_while_the_archive_loads_the_status_says_so_and_nothing_is_served_as_findings(loading: Loading) -> None:
    seen = loading.seen
    assert loading.refused
    assert seen[0]["phase"] == "loading" and seen[0]["archive"]["articles"] is None
    assert seen[-1]["phase"] == "ready" and seen[-1]["archive"]["articles"] == 150
    assert any(s["step"] == "extracting" and 0 < s["done"] < 150 for s in seen), "no progress was shown"


def test_a_slow_check_is_given_up_at_the_time_limit_and_stalls_no_other_request(loading: Loading) -> None:
    server = loading.server
    # long enough that spaCy takes seconds over it: past the time limit
    slow = "Harbour diary\n\n" + "Marta Kowalczyk met Tomasz Nowak and the Northline Ferries board in Gdynia today. " * 2500
    with ThreadPoolExecutor(max_workers=1) as pool:
        started = time.monotonic()
        pending = pool.submit(server.post, "/api/check", json={"text": slow})
        time.sleep(0.1)
        status_took = time.monotonic()
        assert server.get("/api/status").json()["phase"] == "ready"
        assert time.monotonic() - status_took < TIME_LIMIT_S  # answered while the check runs
        answer = pending.result()
    assert answer.status_code == 504 and "longer than 0.5 s" in answer.json()["error"]
    assert time.monotonic() - started < TIME_LIMIT_S + 2


def test_an_article_added_or_deleted_on_disk_shows_up_without_a_restart(loading: Loading) -> None:
    server = loading.server
    added = server.repo / "arch" / "late-story.txt"

    def late(findings: dict[str, Any]) -> list[tuple[str, str]]:
        return [(f["found"], f["expected"]) for f in findings["findings"] if f["file"].endswith("late-story.txt")]

    def eventually(holds: Any) -> dict[str, Any]:
        deadline = time.monotonic() + 30
        while not holds(findings := server.get("/api/findings").json()):
            assert time.monotonic() < deadline, "the archive was not read again"
            time.sleep(0.1)
        return dict(findings)

    refreshes = server.get("/api/status").json()["refreshes"]
    assert late(server.get("/api/findings").json()) == []
    added.write_text("Late story\n\nUnion leader Marta Kowalzcyk met harbour master Tomasz Nowak.\n", encoding="utf-8")
    now = eventually(lambda f: f["articles"] == 151)
    assert late(now) == [("Marta Kowalzcyk", "Marta Kowalczyk")]
    added.unlink()
    eventually(lambda f: f["articles"] == 150 and late(f) == [])
    assert server.get("/api/status").json()["refreshes"] >= refreshes + 2


# -- the page in a real browser ----------------------------------------------------------------




def test_the_page_marks_a_pasted_drafts_misspelling_in_place(server: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server.base}/?token={server.record['token']}")  # the printed address
    assert "token" not in browser.current_url  # it went into a cookie
    wait = WebDriverWait(browser, 30)
    wait.until(ready.element_to_be_clickable((By.ID, "check")))
    browser.find_element(By.ID, "text").send_keys(DRAFT)
    browser.find_element(By.ID, "check").click()
    mark = wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "#draft mark.sev-error")))
    assert mark.text == "Marta Kowalzcyk"
    assert "Marta Kowalczyk" in mark.get_attribute("title")
    draft_shown = browser.find_element(By.ID, "draft").text
    assert draft_shown.startswith("Port deal signed") and "Union leader Marta Kowalzcyk said" in draft_shown
    assert '<script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2">' in draft_shown  # shown as text
    assert browser.execute_script("return window.pwned === undefined")
    items = browser.find_elements(By.CSS_SELECTOR, "#findings li")
    first = next(i for i in items if "Marta Kowalzcyk" in i.text)
    assert first.find_element(By.CSS_SELECTOR, ".expected").text == "Marta Kowalczyk"
    assert "line 3, column 14" in first.text
    assert any("arch/dockers-4.txt" in i.text for i in items)  # the archive's misspellings that rest on it
    assert "finding(s) against 4 article(s)" in browser.find_element(By.ID, "verdict").text


def test_the_page_checks_an_opened_markdown_file_and_takes_its_date_from_the_front_matter(
    server: Server, browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    draft = tmp_path / "deal.md"
    draft.write_text("---\ntitle: Port deal signed\ndate: 2026-11-30\n---\n\nUnion leader Marta Kowalzcyk signed the deal.\n",
                     encoding="utf-8")
    browser.get(f"{server.base}/?token={server.record['token']}")
    wait = WebDriverWait(browser, 30)
    wait.until(ready.element_to_be_clickable((By.ID, "check")))
    browser.find_element(By.ID, "file").send_keys(str(draft))
    wait.until(lambda b: "Marta Kowalzcyk" in b.find_element(By.ID, "text").get_attribute("value"))
    assert browser.find_element(By.ID, "name").get_attribute("value") == "deal.md"
    browser.find_element(By.ID, "check").click()
    mark = wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "#draft mark.sev-error")))
    assert mark.text == "Marta Kowalzcyk"
    assert browser.find_element(By.ID, "date").get_attribute("value") == "2026-11-30"


def test_the_listening_socket_sends_each_answer_at_once() -> None:
    """TCP_NODELAY, which accepted connections inherit: an answer on a kept-alive
    connection is not held back ~40 ms for the client's delayed ACK."""
    listening = _bind("127.0.0.1", 0)
    with listening, socket.create_connection(listening.getsockname()[:2]) as client:
        accepted, _ = listening.accept()
        with accepted:
            assert listening.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        assert client  # the connection was made
