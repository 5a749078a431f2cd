"""The check page's screenshot in README (run by hand): serves a copy of examples/ and
checks a draft that misspells the examples' union leader, in Debian's headless Chromium.

    python docs/screenshot.py [--out docs/img/serve-page.png]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[1]
DRAFT = (
    "Dock talks resume as union softens stance\n\n"
    "By Hamida Ozturan\n\n"
    "HALVIK, Karsova (Meridian) - The Halvik Dockworkers' Union said on Friday its members "
    "would return to talks with Halvik Container Terminals. Its general secretary, Marta "
    "Kowalcyzk, said the backlog could be cleared within a fortnight. Viktor Halloran of "
    "the port operator welcomed the move. Kowalcyzk <b>thanked</b> the mediator.\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "serve-page.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="copydesk-shot-") as tmp:
        repo = Path(tmp)
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        shutil.copytree(ROOT / "examples", repo / "examples")
        server = subprocess.Popen(
            [sys.executable, "-m", "copydesk", "serve", "examples", "--port", "0", "--no-watch"], cwd=repo,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            record = repo / ".copydesk" / "server.json"
            for _ in range(600):
                if record.exists():
                    break
                time.sleep(0.1)
            info = json.loads(record.read_text())
            shoot(f"http://127.0.0.1:{info['port']}/?token={info['token']}", args.out)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"wrote {args.out}")
    return 0


def shoot(url: str, out: Path) -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1500"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver")), options=options)
    try:
        driver.get(url)
        wait = WebDriverWait(driver, 300)
        wait.until(lambda d: d.find_element(By.ID, "check").is_enabled())
        driver.find_element(By.ID, "text").send_keys(DRAFT)
        driver.find_element(By.ID, "check").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#findings li"))
        time.sleep(0.5)
        out.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(out))
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
