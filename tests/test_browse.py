"""`copydesk serve`: browsing the archive. The reader view's API (`GET /api/article`)
refuses every path outside the served paths (`..`, encoded or not, absolute paths, symbolic
links leading out) and answers 404 for a file that is no article of the archive; the
archive page, in real headless Chromium, lists the findings, filters them, searches the
entities and opens an article in the reader view with its mentions marked.

One real server process (as in test_server.py) over made-up articles: the misspelt union
leader, an article full of markup, a house-style substitution, and around the archive a
secret file, a link to it and a linked folder outside.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import ARTICLES
from copydesk.ingest.files import file_identity
from copydesk.server.browse import Refused, locate
from test_server import Server, make_repo, serving

SECRET = "SECRET-PAYLOAD-7Q2 the contents no request may see"
# markup that must stay text, and a character outside the BMP before the misspelt name:
# the page must place marks by characters, as the server counts them
HOSTILE = (
    "Harbour \U0001f6a2 notes\n\n"
    '<script>window.pwned = 1</script> Union leader Marta Kowalczik <img src=x onerror="window.pwned = 2"> '
    "met Tomasz Nowak.\n"
)
HOSTILE_AT = f"arch/hostile.txt:3:{HOSTILE.splitlines()[2].index('Marta Kowalczik') + 1}"  # the finding's file:line:column
FERRY = (
    "Ferry route reopens\n\nNorthline Ferries restarted the Kiev route on Monday, harbour master Tomasz Nowak said.\n"
    "Gdynia mayor Ewa Lindqvist welcomed the news.\n"
)
SWAPPED = "Quay repairs\n\nTomasz Nowak said the quay would reopen in spring.\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    repo = make_repo(tmp_path_factory.mktemp("browse"))
    arch = repo / "arch"
    for name in ("dockers-1.txt", "dockers-2.txt", "dockers-3.txt", "dockers-4.txt"):
        shutil.copy(ARTICLES / "misspelt-in-one-article" / name, arch / name)
    (arch / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (arch / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (arch / "swapped.txt").write_text(SWAPPED, encoding="utf-8")
    (arch / "notes.csv").write_text("not,an,article\n", encoding="utf-8")
    (arch / ".hidden.txt").write_text("Hidden draft\n\nTomasz Nowak.\n", encoding="utf-8")
    (repo / "secret.txt").write_text(SECRET, encoding="utf-8")
    (repo / "private").mkdir()
    (repo / "private" / "story.txt").write_text(SECRET, encoding="utf-8")
    (arch / "leak.txt").symlink_to("../secret.txt")
    (arch / "elsewhere").symlink_to("../private", target_is_directory=True)
    (repo / "rules").mkdir()
    (repo / "rules" / "style.yaml").write_text("substitutions:\n  - {find: Kiev, replace: Kyiv, severity: warning}\n", encoding="utf-8")
    with serving(repo) as running:
        yield running


def article(server: Server, path: str) -> httpx.Response:
    return server.get("/api/article", params={"path": path})


# -- the reader view's API ------------------------------------------------------------------


def test_an_archive_article_comes_with_its_text_its_mentions_and_its_findings(server: Server) -> None:
    answer = article(server, "arch/dockers-4.txt")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    text = body["text"]
    assert body["path"] == "arch/dockers-4.txt" and body["title"] == "Dockers weigh new offer"
    assert text == (server.repo / "arch" / "dockers-4.txt").read_text(encoding="utf-8")  # as ingest read it
    for m in body["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    marta = [m for m in body["mentions"] if m["entity"] == "Marta Kowalczyk"]
    assert {m["text"] for m in marta} == {"Marta Kowalczik", "Kowalczik"} and len(marta) == 3
    findings = body["findings"]
    assert [(f["rule"], f["found"], f["expected"], f["line"]) for f in findings] == [
        ("name-variant", "Marta Kowalczik", "Marta Kowalczyk", 3), ("name-variant", "Kowalczik", "Kowalczyk", 4),
        ("name-variant", "Kowalczik", "Kowalczyk", 5),
    ]
    for f in findings:
        assert text[f["offset"]:].startswith(f["found"])
        assert {"arch/dockers-1.txt", "arch/dockers-2.txt", "arch/dockers-3.txt"} <= set(f["related"])
        assert "arch/dockers-4.txt" not in f["related"]
    # the same findings as the archive's list gives for that file
    listed = [f for f in server.get("/api/findings").json()["findings"] if f["file"] == "arch/dockers-4.txt"]
    assert [(f["line"], f["column"], f["found"]) for f in listed] == [(f["line"], f["column"], f["found"]) for f in findings]


def test_an_article_is_found_by_its_absolute_path_too(server: Server) -> None:
    answer = article(server, str(server.repo / "arch" / "dockers-1.txt"))
    assert answer.status_code == 200 and answer.json()["path"] == "arch/dockers-1.txt"


def test_offsets_count_characters_past_one_outside_the_bmp(server: Server) -> None:
    body = article(server, "arch/hostile.txt").json()
    [finding] = body["findings"]
    assert body["text"][finding["offset"]:finding["offset"] + len("Marta Kowalczik")] == "Marta Kowalczik"


def test_the_mentions_are_of_people_and_organisations_with_their_roles(server: Server) -> None:
    hostile = article(server, "arch/hostile.txt").json()["mentions"]
    assert [(m["text"], m["label"], m["entity"]) for m in hostile] == [
        ("Marta Kowalczik", "PERSON", "Marta Kowalczyk"), ("Tomasz Nowak", "PERSON", "Tomasz Nowak")
    ]  # not "Harbour", a place-like name kept only for roles
    ferry = article(server, "arch/ferry.txt").json()["mentions"]
    assert ("Ewa Lindqvist", "Gdynia mayor") in {(m["text"], m["role"]) for m in ferry}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("../secret.txt", 403),
        ("arch/../secret.txt", 403),
        ("arch/../arch/dockers-1.txt", 403),  # '..' is never followed, even back inside
        ("arch\\..\\secret.txt", 403),
        ("/etc/passwd", 403),
        ("secret.txt", 403),  # in the repository, outside the served folder
        ("arch/leak.txt", 403),  # a link inside the archive to a file outside
        ("arch/elsewhere/story.txt", 403),  # a linked folder leading outside
        ("arch/notes.csv", 404),  # under the served folder, but no article
        ("arch/.hidden.txt", 404),  # hidden files are never read
        ("arch/missing.txt", 404),
        ("arch/dockers-1.txt\0", 404),
        ("", 404),
    ],
)
def test_a_path_outside_the_served_paths_or_outside_the_archive_is_refused(server: Server, path: str, status: int) -> None:
    answer = article(server, path)
    assert answer.status_code == status, answer.text
    assert list(answer.json()) == ["error"] and "SECRET" not in answer.text


@pytest.mark.parametrize(
    "query",
    ["arch/%2e%2e/secret.txt", "%2e%2e%2fsecret.txt", "arch%2f%2E%2E%2f%2E%2E%2fetc%2fpasswd", "%2Fetc%2Fpasswd", "arch/leak%2etxt"],
)
def test_an_encoded_traversal_is_refused(server: Server, query: str) -> None:
    answer = httpx.get(f"{server.base}/api/article?path={query}", headers=server.auth)
    assert answer.status_code == 403 and "SECRET" not in answer.text


def test_a_double_encoded_traversal_names_no_article(server: Server) -> None:
    answer = httpx.get(f"{server.base}/api/article?path=arch/%252e%252e/secret.txt", headers=server.auth)
    assert answer.status_code == 404 and "SECRET" not in answer.text


def test_an_archive_article_swapped_for_a_link_to_outside_is_refused_at_once(server: Server) -> None:
    """The archive still holds the article loaded before the swap (the reload comes later):
    where the path leads is checked on every request."""
    swapped = server.repo / "arch" / "swapped.txt"
    assert article(server, "arch/swapped.txt").status_code == 200
    swapped.unlink()
    swapped.symlink_to("../secret.txt")
    answer = article(server, "arch/swapped.txt")
    assert answer.status_code == 403 and "SECRET" not in answer.text


def test_the_reader_view_needs_the_token(server: Server) -> None:
    assert httpx.get(f"{server.base}/api/article", params={"path": "arch/dockers-1.txt"}).status_code == 401
    assert httpx.get(f"{server.base}/archive").status_code == 401


def test_the_openapi_schema_has_the_reader_view(server: Server) -> None:
    assert "/api/article" in server.get("/openapi.json").json()["paths"]


def test_the_findings_can_be_filtered_by_severity_rule_entity_and_file(server: Server) -> None:
    everything = server.get("/api/findings").json()["findings"]

    def where(**filters: Any) -> list[str]:
        answer = server.get("/api/findings", params=filters)
        assert answer.status_code == 200, answer.text
        return [f"{f['file']}:{f['line']}" for f in answer.json()["findings"]]

    assert where() == [f"{f['file']}:{f['line']}" for f in everything]
    assert where(severity="warning") == where(rule="substitution") == ["arch/ferry.txt:3"]
    assert where(severity=["warning", "error"]) == where()
    assert where(file="arch/hostile.txt") == where(file=str(server.repo / "arch" / "hostile.txt")) == ["arch/hostile.txt:3"]
    assert where(entity="marta kowalczyk", file=["arch/dockers-4.txt", "arch/hostile.txt"]) == [
        "arch/dockers-4.txt:3", "arch/dockers-4.txt:4", "arch/dockers-4.txt:5", "arch/hostile.txt:3"]
    assert where(rule="role-conflict") == [] and where(entity="Nobody") == []


# -- locate(), the rule itself ------------------------------------------------------------------


def test_locate_checks_where_the_path_leads_now_not_what_was_loaded(tmp_path: Path) -> None:
    arch = tmp_path / "arch"
    arch.mkdir()
    story = arch / "story.txt"
    story.write_text("x", encoding="utf-8")
    (tmp_path / "outside.txt").write_text(SECRET, encoding="utf-8")
    loaded = {file_identity(str(story)): str(story)}
    assert locate(str(story), [str(arch)], loaded) == str(story)
    story.unlink()
    story.symlink_to(tmp_path / "outside.txt")
    with pytest.raises(Refused) as refused:
        locate(str(story), [str(arch)], loaded)
    assert refused.value.status == 403


def test_locate_knows_the_folder_a_glob_or_a_single_file_serves(tmp_path: Path) -> None:
    arch = tmp_path / "arch"
    (arch / "2026").mkdir(parents=True)
    story, other = arch / "2026" / "story.md", arch / "other.md"
    story.write_text("x", encoding="utf-8")
    other.write_text("x", encoding="utf-8")
    loaded = {file_identity(str(p)): str(p) for p in (story, other)}
    assert locate(str(story), [str(arch / "**" / "*.md")], loaded) == str(story)
    assert locate(str(story), [str(story)], loaded) == str(story)
    with pytest.raises(Refused) as refused:
        locate(str(other), [str(story)], loaded)  # served alone: its neighbour is outside
    assert refused.value.status == 403


# -- the archive page in a real browser ---------------------------------------------------------


def open_archive(server: Server, browser: Any, hash_part: str = "") -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server.base}/?token={server.record['token']}")  # the printed address sets the cookie
    browser.get(f"{server.base}/archive{hash_part}")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda b: b.find_element(By.ID, "status").get_attribute("class") == "ready")
    return wait


def shown_findings(browser: Any) -> list[str]:
    """The file:line:column of each finding row shown (read in one go: the page may
    re-render the rows meanwhile)."""
    return list(browser.execute_script(
        "return Array.from(document.querySelectorAll('#findings tr.finding'))"
        ".filter((row) => !row.hidden).map((row) => row.querySelector('td.where a').textContent)"
    ))


def test_the_archive_page_has_a_content_security_policy_as_strict_as_the_check_pages(server: Server) -> None:
    page = server.get("/archive")
    policy = page.headers["content-security-policy"]
    check_policy = server.get("/").headers["content-security-policy"]
    assert re.sub(r"'sha256-[^']+'", "HASH", policy) == re.sub(r"'sha256-[^']+'", "HASH", check_policy)
    [script] = re.findall(r"<script>(.*?)</script>", page.text, flags=re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    assert f"script-src 'sha256-{digest}'" in policy and "connect-src 'self'" in policy
    assert "http://" not in page.text and "https://" not in page.text and " src=" not in page.text


def test_the_archive_page_lists_every_finding_and_the_filters_narrow_them(server: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    open_archive(server, browser)
    everything = server.get("/api/findings").json()["findings"]
    assert {f["rule"] for f in everything} == {"name-variant", "substitution"}
    assert sorted(shown_findings(browser)) == sorted(f"{f['file']}:{f['line']}:{f['column']}" for f in everything)
    shown = browser.find_element(By.ID, "shown")
    assert shown.text == f"{len(everything)} of {len(everything)} finding(s) shown"

    browser.find_element(By.CSS_SELECTOR, 'input[name="rule"][value="name-variant"]').click()  # untick it
    assert shown_findings(browser) == ["arch/ferry.txt:3:33"]  # the substitution alone
    browser.find_element(By.CSS_SELECTOR, 'input[name="rule"][value="name-variant"]').click()
    browser.find_element(By.CSS_SELECTOR, 'input[name="severity"][value="error"]').click()
    assert shown_findings(browser) == ["arch/ferry.txt:3:33"]  # the only warning
    browser.find_element(By.CSS_SELECTOR, 'input[name="severity"][value="error"]').click()

    browser.find_element(By.ID, "file-filter").send_keys("hostile")
    assert shown_findings(browser) == [HOSTILE_AT]
    browser.find_element(By.ID, "file-filter").clear()
    browser.find_element(By.ID, "file-filter").send_keys(" ")  # an input event after clear()
    assert len(shown_findings(browser)) == len(everything)

    ferry = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#findings tr.finding") if "ferry" in r.text)
    ferry.find_element(By.CSS_SELECTOR, "button.entity-name").click()  # only this entity's findings
    assert browser.find_element(By.ID, "entity-filter").get_attribute("value") == "Kyiv"
    assert shown_findings(browser) == ["arch/ferry.txt:3:33"]


def test_the_entities_table_is_searched_by_name_and_spelling(server: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    open_archive(server, browser)
    entities = server.get("/api/entities").json()["entities"]

    def names() -> list[str]:
        return [row.find_element(By.CSS_SELECTOR, "td.name").text.split("\n")[0]
                for row in browser.find_elements(By.CSS_SELECTOR, "#entities tr.entity")]

    assert len(names()) == len(entities)
    browser.find_element(By.ID, "entity-search").send_keys("kowalczik")  # a spelling, not the name
    assert names() == ["Marta Kowalczyk"]
    row = browser.find_element(By.CSS_SELECTOR, "#entities tr.entity")
    assert "flagged: Marta Kowalczik" in row.text and "Marta Kowalczik (4)" in row.text
    assert browser.find_element(By.ID, "entities-shown").text == f"1 of {len(entities)} entities match."
    browser.find_element(By.ID, "entity-search").clear()
    browser.find_element(By.ID, "entity-search").send_keys("northline")
    assert names() == ["Northline Ferries"]


def test_a_finding_opens_the_reader_view_with_the_mentions_marked_and_the_markup_as_text(server: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready

    wait = open_archive(server, browser)
    browser.find_element(By.LINK_TEXT, HOSTILE_AT).click()
    mark = wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "#article mark.sev-error")))
    assert mark.text == "Marta Kowalczik" and "current" in mark.get_attribute("class")
    assert "Marta Kowalczyk" in mark.get_attribute("title")
    assert not browser.find_element(By.ID, "lists").is_displayed()
    assert browser.find_element(By.ID, "reader-path").text == "arch/hostile.txt"
    mentions = {m.text: m.get_attribute("title") for m in browser.find_elements(By.CSS_SELECTOR, "#article mark.mention")}
    assert mentions == {"Tomasz Nowak": "Tomasz Nowak (person)"}
    shown = browser.find_element(By.ID, "article").text
    assert '<script>window.pwned = 1</script> Union leader Marta Kowalczik <img src=x onerror="window.pwned = 2"> met' in shown
    assert browser.find_elements(By.CSS_SELECTOR, "#article script, #article img") == []
    assert browser.execute_script("return window.pwned === undefined")

    # the other articles the finding rests on open in turn, the entity's mentions marked
    browser.find_element(By.CSS_SELECTOR, "#article-findings .related").find_element(By.LINK_TEXT, "arch/dockers-1.txt").click()
    wait.until(lambda b: b.find_element(By.ID, "reader-path").text == "arch/dockers-1.txt")
    focus = wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "#article mark.mention.focus")))
    assert focus.text == "Marta Kowalczyk"
    assert browser.find_element(By.CSS_SELECTOR, "#article-findings").text == "No findings in this article."

    browser.find_element(By.ID, "back").click()
    wait.until(lambda b: b.find_element(By.ID, "lists").is_displayed())
    assert not browser.find_element(By.ID, "reader").is_displayed()


def test_the_reader_view_says_why_it_will_not_open_a_path_outside(server: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    wait = open_archive(server, browser, "#read=arch%2Fleak.txt")
    wait.until(lambda b: b.find_element(By.ID, "reader-meta").get_attribute("class") == "failed")
    assert "outside the served paths" in browser.find_element(By.ID, "reader-meta").text
    assert "SECRET" not in browser.page_source


def test_the_check_pages_findings_link_to_the_articles_involved(server: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server.base}/?token={server.record['token']}")
    wait = WebDriverWait(browser, 30)
    assert browser.find_element(By.LINK_TEXT, "Browse the archive").get_attribute("href") == f"{server.base}/archive"
    wait.until(ready.element_to_be_clickable((By.ID, "check")))
    browser.find_element(By.ID, "text").send_keys("Port deal signed\n\nUnion leader Marta Kowalzcyk said the deal was fair.\n")
    browser.find_element(By.ID, "check").click()
    wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "#draft mark.sev-error")))
    own = next(i for i in browser.find_elements(By.CSS_SELECTOR, "#findings li") if "line 3, column 14" in i.text)
    links = {a.text: a.get_attribute("href") for a in own.find_elements(By.CSS_SELECTOR, "a.reader")}
    assert {"arch/dockers-1.txt", "arch/dockers-4.txt"} <= set(links) and not any("(draft)" in t for t in links)
    browser.get(links["arch/dockers-1.txt"])
    focus = wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "#article mark.mention.focus")))
    assert focus.text == "Marta Kowalczyk"
    assert browser.find_element(By.ID, "reader-path").text == "arch/dockers-1.txt"


def test_the_archive_page_follows_a_change_on_disk(server: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    wait = open_archive(server, browser)
    before = len(shown_findings(browser))
    (server.repo / "arch" / "late.txt").write_text("Late story\n\nUnion leader Marta Kowalzcyk met Tomasz Nowak.\n", encoding="utf-8")
    wait.until(lambda b: "arch/late.txt:3:14" in shown_findings(b))
    assert len(shown_findings(browser)) == before + 1
    marta = next(e for e in server.get("/api/entities").json()["entities"] if e["name"] == "Marta Kowalczyk")
    assert "arch/late.txt" in marta["files"]  # the entities follow the reload too
    os.unlink(server.repo / "arch" / "late.txt")
    started = time.monotonic()
    wait.until(lambda b: "arch/late.txt:3:14" not in shown_findings(b))
    assert time.monotonic() - started < 30
    assert browser.find_element(By.ID, "status").text.startswith("Archive ready")
