"""Choose a name-variant setting on one training set and check it on the other, both ways
(run by hand; needs ../shared).

    python benchmarks/sweep.py [--setting min_weight] [--values 1.0 1.5 2.0 2.5 3.0]
                               [--docs DIR] [--shared ../shared]

Each set (train-labeled: BBC; wire-labeled: Reuters) is read and extracted once; then,
for each value, resolve and the checks run and shared/tools/score.py scores the report.
The value chosen on one set is reported with its figures on the other, the way a
threshold has to be chosen when the sets it will meet are unseen. The choice: the
strictest value (fewest findings, so fewest false alarms for an editor) whose F1 is
within --tolerance of the best F1 on that set; by default the best F1 itself, the
strictest value on a tie (a stricter value that costs F1 on these sets drops true
findings, not false ones).
"""
from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import common
from copydesk.checks import run_checks
from copydesk.nlp import load_model
from copydesk.pipeline import extract_all, read_articles
from copydesk.report import ReportFormat, write_report
from copydesk.resolve import resolve
from copydesk.rules import RuleSet, load_rules
from copydesk.suppress import unsuppressed

SETS = {"train": ("train-labeled", "bbc"), "wire": ("wire-labeled", "reuters")}


def main() -> int:
    parser = common.parser(__doc__)
    parser.add_argument("--setting", default="min_weight", help="a number under settings.name_variant")
    parser.add_argument("--values", type=float, nargs="+", default=[1.0, 1.5, 2.0, 2.5, 3.0])
    parser.add_argument("--tolerance", type=float, default=0.0, help="F1 this close to the best counts as as good")
    parser.add_argument("--docs", type=Path, default=Path.home() / ".cache" / "copydesk-eval")
    args = parser.parse_args()
    corpus = common.corpus_folder(args.shared)
    if corpus is None:
        return 2
    rules = load_rules()
    nlp = load_model(rules.settings.model)
    out = Path(tempfile.mkdtemp(prefix="copydesk-sweep-"))
    f1: dict[str, dict[float, str]] = {}
    scores: dict[str, dict[float, float]] = {}
    for name, (folder, sub) in SETS.items():
        docs = common.StoredDocs(nlp, args.docs / f"{name}.pickle")
        articles, _ = read_articles([str(corpus / folder / sub)], rules)
        mentions = extract_all(articles, rules, docs.loader)
        docs.save()
        f1[name], scores[name] = {}, {}
        for value in args.values:
            changed = _with(rules, args.setting, value)
            findings = unsuppressed(run_checks(resolve(mentions, changed), mentions, articles, changed), articles)
            report = out / f"{name}-{value}.csv"
            write_report(findings, report, ReportFormat.csv)
            line = _score(args.shared / "tools" / "score.py", corpus / folder, report)
            f1[name][value] = line
            scores[name][value] = float(re.search(r"f1=([\d.]+)", line).group(1))  # type: ignore[union-attr]
            print(f"{name} {args.setting}={value}: {line}", flush=True)
    print()
    for chosen_on, other in (("train", "wire"), ("wire", "train")):
        top = max(scores[chosen_on].values())
        best = max(v for v in args.values if scores[chosen_on][v] >= top - args.tolerance)
        print(f"chosen on {chosen_on}: {args.setting}={best} ({f1[chosen_on][best]})")
        print(f"   the same on {other}, untouched: {f1[other][best]}")
    return 0


def _with(rules: RuleSet, setting: str, value: float) -> RuleSet:
    name_variant = rules.settings.name_variant.model_copy(update={setting: value})
    return dataclasses.replace(rules, settings=rules.settings.model_copy(update={"name_variant": name_variant}))


def _score(score: Path, folder: Path, report: Path) -> str:
    cmd = [sys.executable, str(score), "--labels", str(folder / "labels.json"), "--root", str(folder),
           "--report", str(report), "--natural", str(folder / "natural.json")]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]


if __name__ == "__main__":
    sys.exit(main())
