"""Settling a finding through `copydesk serve`: POST /api/settle on a real server process,
and the check page's buttons in a real headless Chromium. Each test settles a name of
its own (the union leader, the grain board's two Jons, the ferry captain), so the rule
edits of one do not touch another's findings.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import write
from test_server import SCENARIO, Server, make_repo, serving

HOUSE = """\
# The newsroom's house list (reviewed by the night desk).
entities:
  - name: Tomasz Nowak         # harbour master
    kind: person
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    repo = make_repo(tmp_path_factory.mktemp("settling"))
    for name in ("dockers-1.txt", "dockers-2.txt", "dockers-3.txt", "dockers-4.txt"):
        shutil.copy(SCENARIO / name, repo / "arch" / name)
    arch = repo / "arch"
    write(arch, "board.txt", "Grain board elects new chair\n\nThe grain board elected Jon Eriksen as its chair on Tuesday. "
                             "His deputy, Jon Eriksson,\nwill run the board's office in Tromsvik. Eriksen thanked the members.\n")
    write(arch, "board-2.txt", "Grain board meets\n\nJon Eriksen opened the meeting of the grain board on Friday.\n")
    for i, spelling in enumerate(("Petra Lindqvist", "Petra Lindqvist", "Petra Lindqvst")):
        write(arch, f"ferry-{i}.txt", f"Ferry news {i}\n\nCaptain {spelling} of Northline Ferries took the night crossing {i} "
                                      "times this week. The Baltic Dockers Union said crews were tired.\n")
    write(repo / "rules", "house.yaml", HOUSE)
    with serving(repo) as running:
        yield running


def findings(server: Server) -> list[tuple[str, str, str]]:
    return [(Path(f["file"]).name, f["found"], f["expected"]) for f in server.get("/api/findings").json()["findings"]]


def copydesk(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env_path = str(Path(__file__).parents[1] / "src")
    return subprocess.run([sys.executable, "-m", "copydesk", *args], cwd=repo, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": env_path, "HOME": str(repo)})


def archive_finding(server: Server, found: str) -> dict[str, Any]:
    return next(f for f in server.get("/api/findings").json()["findings"] if f["found"] == found)


# -- the API -------------------------------------------------------------------------------------


def test_different_people_adds_both_to_the_house_list_and_the_finding_goes(server: Server) -> None:
    assert ("board.txt", "Jon Eriksson", "Jon Eriksen") in findings(server)
    answer = server.post("/api/settle", json={"action": "distinct", "finding": archive_finding(server, "Jon Eriksson")})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["file"] == "rules/house.yaml"
    assert body["message"] == "rules/house.yaml: 'Jon Eriksson', 'Jon Eriksen' added to the house list as people of their own"
    house = (server.repo / "rules" / "house.yaml").read_text(encoding="utf-8")
    assert house.startswith(HOUSE)  # the file's comments and entries as they were, the new ones after
    assert "  - name: Jon Eriksson\n" in house and "  - name: Jon Eriksen\n" in house
    assert not [f for f in findings(server) if "Eriks" in f[1]]
    assert body["archive"]["findings"] == len(findings(server))


def test_accept_writes_the_baseline_the_cli_reads_and_the_server_stops_showing_it(server: Server) -> None:
    finding = archive_finding(server, "Petra Lindqvst")
    answer = server.post("/api/settle", json={"action": "accept", "finding": finding})
    assert answer.status_code == 200, answer.text
    assert answer.json()["file"] == "copydesk-baseline.json"
    baseline = json.loads((server.repo / "copydesk-baseline.json").read_text(encoding="utf-8"))
    assert baseline["copydesk_baseline"] == 1
    assert {"rule": "name-variant", "file": "arch/ferry-2.txt", "found": "Petra Lindqvst", "expected": "Petra Lindqvist",
            "entity": "Petra Lindqvist", "count": 1} in baseline["findings"]
    assert not [f for f in findings(server) if f[1] == "Petra Lindqvst"]
    # the same finding named again is no longer there
    again = server.post("/api/settle", json={"action": "accept", "finding": finding})
    assert again.status_code == 409 and "check again" in again.json()["error"]
    # `copydesk check --baseline` agrees: the accepted finding is not reported, and the
    # server's findings, checked again after each settle, are the CLI's with these rules
    report = server.repo.parent / f"{server.repo.name}-report.json"
    cli = copydesk(server.repo, "check", "arch", "--baseline", "copydesk-baseline.json", "-f", "json", "-o", str(report))
    assert cli.returncode in (0, 1), cli.stderr
    assert "1 known finding(s) not reported" in cli.stdout
    rows = json.loads(report.read_text(encoding="utf-8"))
    rows = rows["findings"] if isinstance(rows, dict) else rows
    served = server.get("/api/findings").json()["findings"]
    assert sorted((f["file"], f["line"], f["column"], f["found"], f["expected"]) for f in rows) == sorted(
        (f["file"], f["line"], f["column"], f["found"], f["expected"]) for f in served
    )


def test_a_drafts_own_finding_cannot_be_accepted_into_the_baseline(server: Server) -> None:
    draft = "Grain board\n\nJon Eriksenn chaired the grain board on Monday.\n"  # misspelt whether or not the Jons are settled
    finding = next(f for f in server.post("/api/check", json={"text": draft, "name": "deal.txt"}).json()["findings"]
                   if f["file"] == "(draft)/deal.txt")
    answer = server.post("/api/settle", json={"action": "accept", "finding": finding, "draft": {"text": draft, "name": "deal.txt"}})
    assert answer.status_code == 422
    assert "copydesk-disable-next-line name-variant" in answer.json()["error"]


def test_settling_is_guarded_like_every_other_write(server: Server) -> None:
    import httpx

    body = {"action": "accept", "finding": {"rule": "name-variant", "file": "arch/x.txt", "line": 1, "column": 1, "found": "X"}}
    assert httpx.post(server.base + "/api/settle", json=body).status_code == 401
    assert server.post("/api/settle", json=body, headers={"Origin": "http://evil.example"}).status_code == 403
    assert server.post("/api/settle", json={**body, "action": "delete"}).status_code == 422
    assert "/api/settle" in server.get("/openapi.json").json()["paths"]


# -- the page in a real browser --------------------------------------------------------------------


def test_this_spelling_is_right_on_the_page_teaches_the_house_list_and_the_finding_goes(server: Server, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    draft = "Port deal signed\n\nUnion leader Marta Kowalzcyk said on Thursday the deal was fair.\n"
    browser.get(f"{server.base}/?token={server.record['token']}")
    wait = WebDriverWait(browser, 60)
    wait.until(ready.element_to_be_clickable((By.ID, "check")))
    browser.find_element(By.ID, "name").clear()
    browser.find_element(By.ID, "name").send_keys("deal.txt")
    browser.find_element(By.ID, "text").send_keys(draft)
    browser.find_element(By.ID, "check").click()
    mark = wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "#draft mark.sev-error")))
    assert mark.text == "Marta Kowalzcyk"
    item = next(i for i in browser.find_elements(By.CSS_SELECTOR, "#findings li") if "line 3, column 14" in i.text)
    labels = [b.text for b in item.find_elements(By.CSS_SELECTOR, ".settle button")]
    assert labels == ["This spelling is right", "\u201cMarta Kowalczyk\u201d is right", "Different people"]  # no accept in a draft
    item.find_element(By.CSS_SELECTOR, "button.settle-right").click()
    wait.until(lambda b: b.find_element(By.ID, "settled").text.startswith("Settled: "))
    said = browser.find_element(By.ID, "settled").text
    assert said == ("Settled: rules/house.yaml: 'Marta Kowalzcyk' added to the house list with misspellings "
                    "'Marta Kowalczyk', 'Marta Kowalczik'")
    # the page checked the draft again at once: its spelling is now the house's, and unmarked
    wait.until(lambda b: not b.find_elements(By.CSS_SELECTOR, "#draft mark"))
    assert "Union leader Marta Kowalzcyk said" in browser.find_element(By.ID, "draft").text
    assert any("dockers-1.txt" in i.text and "not the house spelling 'Marta Kowalzcyk'" in i.text
               for i in browser.find_elements(By.CSS_SELECTOR, "#findings li"))
    # the rules file gained the entry, kept what it held, and validates
    house = (server.repo / "rules" / "house.yaml").read_text(encoding="utf-8")
    assert house.startswith(HOUSE)
    assert "  - name: Marta Kowalzcyk\n    misspellings: [Marta Kowalczyk, Marta Kowalczik]\n" in house
    validated = copydesk(server.repo, "rules", "validate")
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.strip() == f"{server.repo / 'rules' / 'house.yaml'}: ok"
    # and the same draft through the API: no finding of its own
    answer = server.post("/api/check", json={"text": draft, "name": "deal.txt"}).json()
    assert [f for f in answer["findings"] if f["file"] == "(draft)/deal.txt"] == []
