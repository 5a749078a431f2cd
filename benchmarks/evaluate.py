"""Quality evaluation on the shared corpora (run by hand; not part of the test suite).

    python benchmarks/evaluate.py [--shared ../shared] [--per-topic 60] [--out reports/eval]

1. seeds: the two hand-labelled articles; recall must be 1.0, nothing on must_not_flag.
2. dev-labeled: 60 BBC articles with injected errors: precision, recall, F1 (score.py).
3. clean BBC: the first N articles of each topic that are not in the dev split: every
   finding there is a false alarm unless it is one of the corpus's real inconsistencies,
   so findings per 100 articles is the number to keep low; the findings are listed.

Each report is written with the same code as `copydesk check`, then scored by the
shared tools/score.py, whose last line is printed.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import common
from copydesk.nlp import load_model
from copydesk.pipeline import check_paths
from copydesk.report import ReportFormat, summary, write_report
from copydesk.rules import load_rules



def main() -> int:
    parser = common.parser(__doc__)
    parser.add_argument("--per-topic", type=int, default=60, help="clean BBC articles per topic (5 topics)")
    parser.add_argument("--out", type=Path, default=Path("reports/eval"))
    args = parser.parse_args()
    corpus = common.corpus_folder(args.shared)
    if corpus is None:
        return 2
    rules = load_rules()
    nlp = load_model(rules.settings.model)
    score = args.shared / "tools" / "score.py"

    seeds = corpus / "seeds"
    report = _check([str(seeds)], rules, nlp, args.out / "seeds.csv")
    _score(score, seeds / "labels.json", seeds, report, ["--negatives", str(seeds / "must_not_flag.json")])

    dev = corpus / "dev-labeled"
    report = _check([str(dev / "bbc")], rules, nlp, args.out / "dev.csv")
    _score(score, dev / "labels.json", dev, report,
           ["--natural", str(dev / "natural.json"), "--negatives", str(dev / "must_not_flag.json")])

    clean = clean_bbc(corpus, args.per_topic)
    started = time.monotonic()
    result = check_paths([str(p) for p in clean], rules, nlp)
    elapsed = time.monotonic() - started
    write_report(result.findings, args.out / "bbc-clean.csv", ReportFormat.csv)
    per_100 = 100 * len(result.findings) / max(len(clean), 1)
    print(f"\n== clean BBC: {len(clean)} articles, {len(result.findings)} findings "
          f"= {per_100:.1f} per 100 articles ({elapsed:.1f}s)")
    print(summary(result.findings, len(result.articles), max_entities=50))
    return 0


def clean_bbc(corpus: Path, per_topic: int) -> list[Path]:
    """The first `per_topic` articles of each topic, leaving out the dev split's."""
    manifest = json.loads((corpus / "dev-labeled" / "manifest.json").read_text(encoding="utf-8"))
    in_dev = {str(Path(f)) for f in manifest["files"]}
    chosen = []
    for topic in common.TOPICS:
        files = sorted((corpus / "bbc" / topic).glob("*.txt"))
        chosen += [f for f in files if f"bbc/{topic}/{f.name}" not in in_dev][:per_topic]
    return chosen


def _check(paths: list[str], rules, nlp, out: Path) -> Path:  # type: ignore[no-untyped-def]
    result = check_paths(paths, rules, nlp)
    write_report(result.findings, out, ReportFormat.csv)
    return out


def _score(score: Path, labels: Path, root: Path, report: Path, extra: list[str]) -> None:
    print(f"\n== {root.name}: {report}")
    cmd = [sys.executable, str(score), "--labels", str(labels), "--root", str(root), "--report", str(report), *extra]
    print(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.rstrip())


if __name__ == "__main__":
    sys.exit(main())
