"""Peak memory of a check over a 100k-article archive built from the BBC articles (run by hand).

    python benchmarks/memory.py [--shared ../shared] [--articles 100000] [--work DIR] [--jobs 2]

Builds the archive in WORK (a temporary folder unless given; kept when given, so a
second run skips the build): copies of the 2,225 BBC articles under
WORK/archive/copyNN/TOPIC/, until there are N files. Extracting 10^5 distinct articles
would take over an hour on two cores, so the copies share their extraction through the
cache (keyed by the text's hash): the cache is filled from the first copy. Every copy is
still read, its mentions loaded, resolved and checked: what this measures is the memory
of a check over 10^5 articles, with 45 times the mentions of one copy.

Then, each as its own `copydesk check` process (peak RSS from the kernel, `wait4`):

1. baseline: the first copy alone (2,225 articles);
2. the whole archive (in a new WORK, this run also adds every copy's file row to the cache);
3. the whole archive again, everything from the cache.

Prints articles, wall time, peak RSS and the ratio to the baseline. Target (issue 5):
<= 1.5 GB over 100k articles.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

TARGET_BYTES = 1.5 * 1024**3


def build_archive(bbc: Path, archive: Path, count: int) -> int:
    """Copies of the BBC articles under `archive`, `count` files in all (a real copy
    each: hard links would be one file to copydesk)."""
    sources = [p for t in common.TOPICS for p in sorted((bbc / t).glob("*.txt"))]
    made = sum(1 for _ in archive.rglob("*.txt")) if archive.is_dir() else 0
    if made == count:
        return made
    shutil.rmtree(archive, ignore_errors=True)
    for i in range(count):
        src = sources[i % len(sources)]
        dest = archive / f"copy{i // len(sources):02d}" / src.parent.name / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    return count


def measured_check(work: Path, target: str, jobs: int) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in bytes and exit code of `copydesk check TARGET`."""
    command = [sys.executable, "-m", "copydesk", "check", target, "-q", "--jobs", str(jobs), "-o", "reports/memory.csv"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=work, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"memory.py: {' '.join(command)} exited {process.returncode}")
    return wall, usage.ru_maxrss * 1024, process.returncode  # ru_maxrss is in KiB on Linux


def main() -> int:
    parser = common.parser(__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--work", type=Path, help="folder for the archive and its cache (kept)")
    parser.add_argument("--jobs", type=int, default=2, help="spaCy processes while filling the cache")
    args = parser.parse_args()
    bbc = common.corpus_folder(args.shared, "bbc")
    if bbc is None:
        return 2
    with tempfile.TemporaryDirectory(prefix="copydesk-memory-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        count = build_archive(bbc, work / "archive", args.articles)
        print(f"archive: {count} articles in {work / 'archive'} ({time.perf_counter() - started:.1f} s)")
        wall, _, _ = measured_check(work, "archive/copy00", args.jobs)
        print(f"cache filled from archive/copy00 in {wall:.1f} s")
        runs = [
            ("baseline: archive/copy00", "archive/copy00"),
            ("archive, run 1", "archive"),
            ("archive, run 2", "archive"),
        ]
        base_rss = peak = 0
        print(f"{'run':<28} {'wall s':>8} {'peak RSS MB':>12} {'x baseline':>11}")
        for label, target in runs:
            wall, rss, _ = measured_check(work, target, 1)
            base_rss = base_rss or rss
            print(f"{label:<28} {wall:8.1f} {rss / 1024**2:12.0f} {rss / base_rss:11.2f}")
            peak = max(peak, rss)
        verdict = "meets" if peak <= TARGET_BYTES else "misses"
        print(f"peak RSS over {count} articles: {peak / 1024**3:.2f} GB; {verdict} the target of {TARGET_BYTES / 1024**3:.1f} GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
