"""Hostile input: time and memory of a check on inputs shaped to blow up (run by hand).

    python benchmarks/hostile.py

Each input is checked by a fresh `copydesk check --no-cache` process; its wall time and
peak memory are printed, with its seconds per megabyte as a ratio of an ordinary
article's of about the same size, measured in the same run (near 1: time near-linear in
the input's size). The inputs, all made up here:

- ordinary: paragraphs of prose naming a few people, 1.3 MB;
- alias bomb: Markdown whose 400-byte front matter nests YAML aliases nine deep (refused);
- credit line: "Reporting by" and 20,000 names on one line, 320 KB;
- distinct names: 30,000 different people, one paragraph each, 1.3 MB.
"""
from __future__ import annotations

import os
import random
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _name(rng: random.Random) -> str:
    word = lambda n: "".join(rng.choice(string.ascii_lowercase) for _ in range(n)).capitalize()  # noqa: E731
    return f"{word(6)} {word(8)}"


def inputs(folder: Path) -> dict[str, Path]:
    rng = random.Random(7)
    prose = ("Mayor Ada Vell of Karsova said on Monday that the ferry would run twice a day from May, "
             "and Councillor Ivo Brandt, who opposed the plan, said he would ask for a second vote. ")
    files = {
        "ordinary": "Ferry plan\n\n" + "\n\n".join([prose * 4] * 1700),
        "alias bomb": "\n".join(["---", 'l0: &l0 ["ha","ha","ha","ha","ha","ha","ha","ha","ha"]',
                                 *(f"l{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 9)),
                                 "title: *l8", "---", "Body.", ""]),
        "credit line": "Story\n\nReporting by " + ", ".join(_name(rng) for _ in range(20_000)) + "\n",
        "distinct names": "Names\n\n" + "\n\n".join(f"{_name(rng)} said the plan would work." for _ in range(30_000)),
    }
    paths = {}
    for label, text in files.items():
        path = folder / (label.replace(" ", "-") + (".md" if label == "alias bomb" else ".txt"))
        path.write_text(text, encoding="utf-8")
        paths[label] = path
    return paths


def measure(path: Path, out: Path) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of one check of `path` in a fresh process."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "copydesk", "check", "--no-cache", "--quiet", str(path), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.monotonic() - started, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="copydesk-hostile-") as tmp:
        folder = Path(tmp)
        rows = []
        for label, path in inputs(folder).items():
            seconds, peak, code = measure(path, folder / "report.csv")
            rows.append((label, path.stat().st_size / 1e6, seconds, peak, code))
            print(f"{label}: {seconds:.1f} s, {peak:.0f} MB, exit {code}", flush=True)
    base = rows[0][2] / rows[0][1]
    print("\n| input | MB | seconds | s/MB vs ordinary | peak MB | exit |")
    print("|---|---|---|---|---|---|")
    for label, mb, seconds, peak, code in rows:
        ratio = f"{seconds / mb / base:.2f}" if mb >= 0.01 else "-"  # a 400-byte file: its time is the start-up
        print(f"| {label} | {mb:.2f} | {seconds:.1f} | {ratio} | {peak:.0f} | {code} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
