"""`copydesk serve`: the check page shows why each finding of a draft was made. Beside the
finding: the spellings of the name with their counts and articles, the match weights in
the HTML report's words, and the rest of the evidence (a role's other holder and dates).
The marks are placed by characters, as the server counts them, past an emoji. The archive
page, opened with the printed token, sets the cookie as the check page does.

One real server process (as in test_server.py) over made-up articles: the misspelt union
leader and a foreign minister three articles name, and the page in real headless Chromium.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from conftest import ARTICLES
from copydesk.formats.html import weights_line
from copydesk.server.explain import evidence_notes
from test_server import DRAFT, Server, make_repo, serving

# characters outside the BMP (two UTF-16 units each) before the misspelt name
EMOJI_DRAFT = "Port deal \U0001f6a2\U0001f389 signed\n\nUnion leader \U0001f600 Marta Kowalzcyk said the deal was fair.\n"
# another Foreign Minister the week the archive's Ana Ruiz holds the post
MINISTER_DRAFT = (ARTICLES / "role-same-week" / "gil.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    repo = make_repo(tmp_path_factory.mktemp("page"))
    for name in ("dockers-1.txt", "dockers-2.txt", "dockers-3.txt", "dockers-4.txt"):
        shutil.copy(ARTICLES / "misspelt-in-one-article" / name, repo / "arch" / name)
    for name in ("ruiz-1.md", "ruiz-2.md", "ruiz-3.md"):
        shutil.copy(ARTICLES / "role-same-week" / name, repo / "arch" / name)
    with serving(repo) as running:
        yield running


def draft_findings(server: Server, text: str, name: str) -> list[dict[str, Any]]:
    answer = server.post("/api/check", json={"text": text, "name": name})
    assert answer.status_code == 200, answer.text
    return [f for f in answer.json()["findings"] if f["file"] == f"(draft)/{name}"]


# -- the API: the evidence as data ----------------------------------------------------------


def test_a_drafts_misspelling_comes_with_the_spellings_their_counts_and_articles(server: Server) -> None:
    (f,) = draft_findings(server, DRAFT, "deal.txt")
    assert f["spellings"] == [
        {"spelling": "Marta Kowalczyk", "mentions": 5,
         "articles": ["arch/dockers-1.txt", "arch/dockers-2.txt", "arch/dockers-3.txt"], "found": False},
        {"spelling": "Marta Kowalczik", "mentions": 3, "articles": ["arch/dockers-4.txt"], "found": False},
        {"spelling": "Marta Kowalzcyk", "mentions": 1, "articles": ["(draft)/deal.txt"], "found": True},
    ]
    # the counts are the ones the message sums up
    assert "'Marta Kowalczyk' 5x in arch/dockers-1.txt, arch/dockers-2.txt, arch/dockers-3.txt" in f["message"]


def test_a_drafts_misspelling_comes_with_its_weights_in_the_html_reports_words(server: Server) -> None:
    (f,) = draft_findings(server, DRAFT, "deal.txt")
    assert set(f["evidence"]["weights"]) == {"edit", "names", "agree", "company"}
    assert f["why"] == weights_line(f["evidence"])
    assert f["why"].startswith("weights: edit +4.0 (swapped letters), names +3.0, ")
    assert f["why"].endswith(f"= {f['evidence']['weight']:.1f}")


def test_a_role_conflict_names_the_other_holder_and_their_dates(server: Server) -> None:
    conflicts = [f for f in draft_findings(server, MINISTER_DRAFT, "gil.md") if f["rule"] == "role-conflict"]
    assert conflicts, "the draft's Foreign Minister should conflict with the archive's"
    f = conflicts[0]
    assert f["spellings"] == [] and f["why"] == ""  # no spellings or weights: a role, not a name
    other = next(n for n in f["notes"] if n.startswith("other holder:"))
    assert "'Ana Ruiz' in arch/ruiz-" in other and "2024-03-04 to 2024-03-07" in other
    assert f["notes"] == evidence_notes(f["evidence"])


def test_evidence_notes_say_the_house_entry_and_nothing_for_bare_weights() -> None:
    assert evidence_notes({"house": "Marta Kowalczyk", "weights": {"edit": 4.0}}) == ["house list: 'Marta Kowalczyk'"]
    assert evidence_notes({"weights": {"edit": 4.0}, "weight": 4.0}) == []


# -- the token in the archive page's address --------------------------------------------------


def test_the_archive_page_opened_with_the_token_sets_the_cookie_and_drops_it_from_the_address(server: Server) -> None:
    first = httpx.get(f"{server.base}/archive", params={"token": server.record["token"]}, timeout=30)
    assert first.status_code == 303
    assert first.headers["location"] == "/archive"
    assert "HttpOnly" in first.headers["set-cookie"] and "SameSite=Strict" in first.headers["set-cookie"]
    with httpx.Client(base_url=server.base, cookies=first.cookies) as browser:
        assert browser.get("/archive").status_code == 200
        assert browser.get("/api/findings").status_code == 200


def test_a_wrong_token_in_the_archive_pages_address_sets_no_cookie(server: Server) -> None:
    answer = httpx.get(f"{server.base}/archive", params={"token": "not-the-token"}, timeout=30)
    assert answer.status_code == 401
    assert "set-cookie" not in answer.headers


# -- the page in a real browser ------------------------------------------------------------------


def open_check_page(server: Server, browser: Any) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server.base}/?token={server.record['token']}")
    wait = WebDriverWait(browser, 30)
    wait.until(ready.element_to_be_clickable((By.ID, "check")))
    return wait


def check_draft(server: Server, browser: Any, text: str) -> Any:
    """The draft pasted (set whole: send_keys cannot type outside the BMP) and checked;
    returns the draft's marked finding."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready

    wait = open_check_page(server, browser)
    browser.execute_script("document.getElementById('text').value = arguments[0]", text)
    browser.find_element(By.ID, "check").click()
    return wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "#draft mark.sev-error")))


def test_the_page_shows_the_spellings_and_the_weights_beside_the_finding(server: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    check_draft(server, browser, DRAFT)
    item = next(i for i in browser.find_elements(By.CSS_SELECTOR, "#findings li") if "Marta Kowalzcyk" in i.text
                and "line 3" in i.text)
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in item.find_elements(By.CSS_SELECTOR, ".evidence table.spellings tbody tr")]
    assert rows == [
        ["Marta Kowalczyk", "5", "arch/dockers-1.txt, arch/dockers-2.txt, arch/dockers-3.txt"],
        ["Marta Kowalczik", "3", "arch/dockers-4.txt"],
        ["Marta Kowalzcyk", "1", "this draft"],
    ]
    assert item.find_element(By.CSS_SELECTOR, ".evidence tr.found td.spelling").text == "Marta Kowalzcyk"
    assert item.find_element(By.CSS_SELECTOR, ".evidence tr.right td.spelling").text == "Marta Kowalczyk"
    why = item.find_element(By.CSS_SELECTOR, ".evidence .why").text
    assert why.startswith("weights: edit +4.0 (swapped letters), names +3.0, agree +0.5, company ")
    # each article of a spelling opens in the reader view with the name's mentions marked
    link = item.find_element(By.CSS_SELECTOR, ".evidence td.articles a")
    assert link.text == "arch/dockers-1.txt"
    assert link.get_attribute("href").endswith("/archive#read=arch%2Fdockers-1.txt&entity=Marta+Kowalczyk")
    assert link.get_attribute("target") == "_blank"


def test_the_page_shows_a_role_conflicts_other_holder(server: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    wait = open_check_page(server, browser)
    browser.execute_script("document.getElementById('text').value = arguments[0]", MINISTER_DRAFT)
    browser.find_element(By.ID, "name").clear()
    browser.find_element(By.ID, "name").send_keys("gil.md")
    browser.find_element(By.ID, "check").click()
    wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "#draft mark")))
    notes = WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#findings .evidence .notes li"))
    assert any(n.text.startswith("other holder: 'Ana Ruiz' in arch/ruiz-") for n in notes)


def test_a_mark_after_an_emoji_covers_exactly_the_name(server: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    mark = check_draft(server, browser, EMOJI_DRAFT)
    assert mark.text == "Marta Kowalzcyk"
    shown = browser.find_element(By.ID, "draft").text
    assert shown == EMOJI_DRAFT.rstrip("\n")  # nothing lost or doubled around the mark


def test_the_archive_page_opened_with_the_token_works_on_its_own(server: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server.base}/archive")
    browser.delete_all_cookies()  # no cookie from the check page
    browser.get(f"{server.base}/archive?token={server.record['token']}#read=arch%2Fdockers-4.txt")
    assert "token" not in browser.current_url
    assert browser.current_url.endswith("/archive#read=arch%2Fdockers-4.txt")  # the reader view's address stays
    marked = WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#article mark.sev-error"))
    assert marked[0].text == "Marta Kowalczik"
