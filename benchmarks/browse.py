"""The archive page's speed on a real archive (run by hand).

    python benchmarks/browse.py [--shared ../shared] [--articles 2000]

Copies N BBC articles into a temporary git repository (as serve.py does), starts
`copydesk serve` on 127.0.0.1 and a free port, waits until it is ready, then times:

- the API: `GET /api/findings`, `GET /api/entities` (first call, then again), and
  `GET /api/article` (the first call builds the snapshot's index; then 20 articles);
- the page in Debian's headless Chromium: from opening /archive to every finding and
  the first entity rows drawn; a search in the entities table; opening a finding in the
  reader view with its mentions marked.
"""
from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

import common
from hook import archive_repo
from serve import start, stop, wait


def main() -> int:
    parser = common.parser(__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repo", type=Path, help="a folder kept between runs (its cache makes the next start warm)")
    args = parser.parse_args()
    bbc = common.corpus_folder(args.shared, "bbc")
    if bbc is None:
        return 2
    with tempfile.TemporaryDirectory(prefix="copydesk-browse-") as tmp:
        repo = args.repo or Path(tmp)
        archive = archive_repo(bbc, repo, args.articles)
        server, record = start(repo)
        try:
            base = f"http://127.0.0.1:{record['port']}"
            client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {record['token']}"}, timeout=120)
            wait(lambda: _phase(client) == "ready", 1800)
            print(f"archive: {len(archive)} articles")
            api(client)
            page(base, record["token"])
        finally:
            stop(server)
    return 0


def _phase(client: httpx.Client) -> str:
    try:
        return str(client.get("/api/status").json().get("phase"))
    except httpx.TransportError:
        return ""


def timed(client: httpx.Client, route: str, **params: Any) -> tuple[httpx.Response, float]:
    started = time.perf_counter()
    answer = client.get(route, params=params)
    answer.raise_for_status()
    return answer, (time.perf_counter() - started) * 1000


def api(client: httpx.Client) -> None:
    status = sorted(timed(client, "/api/status")[1] for _ in range(20))
    print(f"GET /api/status (the baseline: no work): p50 {statistics.median(status):.0f} ms")
    findings, ms = timed(client, "/api/findings")
    rows = findings.json()["findings"]
    print(f"GET /api/findings: {len(rows)} findings, {len(findings.content) / 1e6:.1f} MB, {ms:.0f} ms")
    for when in ("first", "again"):
        entities, ms = timed(client, "/api/entities")
        print(f"GET /api/entities ({when}): {len(entities.json()['entities'])} entities, {len(entities.content) / 1e6:.1f} MB, {ms:.0f} ms")
    files = sorted({f["file"] for f in rows}) or [client.get("/api/entities").json()["entities"][0]["files"][0]]
    _, first = timed(client, "/api/article", path=files[0])
    times = sorted(timed(client, "/api/article", path=p)[1] for p in random.Random(1).choices(files, k=20))
    print(f"GET /api/article: first {first:.0f} ms (builds the index), then p50 {statistics.median(times):.0f} ms, max {times[-1]:.0f} ms")


def page(base: str, token: str) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1200"):
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    try:
        wait_for = WebDriverWait(browser, 300)
        browser.get(f"{base}/?token={token}")
        started = time.perf_counter()
        browser.get(f"{base}/archive")
        wait_for.until(lambda b: b.find_element(By.ID, "status").get_attribute("class") == "ready")
        rows = len(browser.find_elements(By.CSS_SELECTOR, "#findings tr.finding"))
        print(f"the archive page, opened to drawn ({rows} finding rows): {(time.perf_counter() - started) * 1000:.0f} ms")
        started = time.perf_counter()
        browser.find_element(By.ID, "entity-search").send_keys("a")
        print(f"an entity search (one keystroke, the table redrawn): {(time.perf_counter() - started) * 1000:.0f} ms")
        links = browser.find_elements(By.CSS_SELECTOR, "#findings td.where a")
        if links:
            started = time.perf_counter()
            browser.execute_script("arguments[0].click()", links[0])  # the sticky filters may cover it
            wait_for.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#article mark"))
            print(f"a finding opened in the reader view, marked: {(time.perf_counter() - started) * 1000:.0f} ms")
    finally:
        browser.quit()


if __name__ == "__main__":
    sys.exit(main())
