"""Quality evaluation on the shared corpora (run by hand; not part of the test suite).

    python benchmarks/evaluate.py [--shared ../shared] [--sets seeds,dev,train,wire,bbc,reuters]
                                  [--out reports/eval] [--docs DIR]

One table, per set and per kind of label, each figure from the shared tools/score.py:

- seeds: the two hand-labelled articles (recall must be 1.0, nothing on must_not_flag);
- dev: dev-labeled, 60 BBC articles, 42 injected labels (a smoke check);
- train: train-labeled, 1,300 BBC articles, 631 injected labels;
- wire: wire-labeled, 715 Reuters stories, 314 injected labels;
- bbc: the whole clean bbc/ (2,225 articles): false findings per 100 articles (the real
  inconsistencies of natural.json exempt), and recall of the high-confidence real
  inconsistencies of train-labeled and dev-labeled (scored as labels, --no-natural);
- reuters: the clean reuters/ (1,390 stories): recall of wire-labeled's high-confidence
  real inconsistencies, and findings per 100 stories (not all labelled, so an upper bound).

Reports and score.py's full output (every miss and false positive) go to --out.
spaCy's results are kept by text in --docs (a file per set), so a rerun after a change
to the later stages costs only those stages.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import common
from copydesk.nlp import load_model
from copydesk.pipeline import check_paths
from copydesk.report import ReportFormat, write_report
from copydesk.rules import load_rules

SETS = ("seeds", "dev", "train", "wire", "bbc", "reuters")


@dataclass
class Row:
    name: str
    articles: int
    findings: int = 0
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    fp: int = 0
    on_must_not_flag: int | None = None
    kinds: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def cells(self) -> list[str]:
        def f(x: float | None) -> str:
            return "" if x is None else f"{x:.3f}"

        per_100 = 100 * self.fp / max(self.articles, 1)
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items()))
        neg = "" if self.on_must_not_flag is None else str(self.on_must_not_flag)
        return [self.name, str(self.articles), f(self.precision), f(self.recall), f(self.f1),
                str(self.fp), f"{per_100:.2f}", neg, kinds]


def main() -> int:
    parser = common.parser(__doc__)
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of {', '.join(SETS)}")
    parser.add_argument("--out", type=Path, default=Path("reports/eval"))
    parser.add_argument("--docs", type=Path, default=Path.home() / ".cache" / "copydesk-eval",
                        help="folder where spaCy's results are kept between runs")
    args = parser.parse_args()
    corpus = common.corpus_folder(args.shared)
    if corpus is None:
        return 2
    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SETS]
    if unknown:
        parser.error(f"unknown set(s): {', '.join(unknown)}")
    rules = load_rules()
    evaluation = Evaluation(corpus, args.shared / "tools" / "score.py", args.out, rules,
                            load_model(rules.settings.model), args.docs)
    rows: list[Row] = []
    for name in wanted:
        rows += getattr(evaluation, name)()
    print()
    print(table(rows))
    return 0


# The labelled sets other scripts rewrite (headlines.py, formats.py): folder and sub-folder.
LABELLED = {"train": ("train-labeled", "bbc"), "wire": ("wire-labeled", "reuters")}
# (corpus, a temporary folder) -> (row name, rewritten set's folder, its sub-folder) per row
Copies = Callable[[Path, Path], Iterator[tuple[str, Path, str]]]


def copies_parser(doc: str | None) -> argparse.ArgumentParser:
    parser = common.parser(doc)
    parser.add_argument("--sets", default="train,wire", help=f"comma-separated, of {', '.join(LABELLED)}")
    parser.add_argument("--out", type=Path, default=Path("reports/eval"))
    parser.add_argument("--docs", type=Path, default=Path.home() / ".cache" / "copydesk-eval")
    return parser


def score_copies(args: argparse.Namespace, prefix: str, copies: Copies) -> int:
    """Score rewritten copies of labelled sets as the originals are scored; print the table."""
    corpus = common.corpus_folder(args.shared)
    if corpus is None:
        return 2
    copy = Path(tempfile.mkdtemp(prefix=prefix))
    rules = load_rules()
    evaluation = Evaluation(copy, args.shared / "tools" / "score.py", args.out, rules,
                            load_model(rules.settings.model), args.docs)
    try:
        rows = [evaluation._split(name, folder, sub) for name, folder, sub in copies(corpus, copy)]
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    print()
    print(table(rows))
    return 0


def chosen_sets(args: argparse.Namespace) -> list[str]:
    return [s.strip() for s in args.sets.split(",") if s.strip()]


def table(rows: list[Row]) -> str:
    head = ["set", "articles", "P", "R", "F1", "false", "false/100", "must_not_flag", "recall by kind"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)


def slug(name: str) -> str:
    """A row's name as a file name: "bbc real (high)" -> "bbc-real-high"."""
    return re.sub(r"\W+", "-", name).strip("-")


class Evaluation:
    def __init__(self, corpus: Path, score: Path, out: Path, rules, nlp, docs: Path) -> None:  # type: ignore[no-untyped-def]
        self.corpus, self.score_py, self.out, self.rules, self.nlp, self.docs = corpus, score, out, rules, nlp, docs
        self.tmp = Path(tempfile.mkdtemp(prefix="copydesk-eval-"))

    def seeds(self) -> list[Row]:
        seeds = self.corpus / "seeds"
        return [self._labelled("seeds", [seeds], seeds, seeds / "labels.json", [], [seeds / "must_not_flag.json"])]

    def dev(self) -> list[Row]:
        return [self._split("dev", self.corpus / "dev-labeled", "bbc")]

    def train(self) -> list[Row]:
        return [self._split("train", self.corpus / "train-labeled", "bbc")]

    def wire(self) -> list[Row]:
        return [self._split("wire", self.corpus / "wire-labeled", "reuters")]

    def bbc(self) -> list[Row]:
        naturals = [self.corpus / s / "natural.json" for s in ("train-labeled", "dev-labeled")]
        return self._clean("bbc", naturals)

    def reuters(self) -> list[Row]:
        return self._clean("reuters", [self.corpus / "wire-labeled" / "natural.json"])

    # -----------------------------------------------------------------------------

    def _split(self, name: str, folder: Path, sub: str) -> Row:
        return self._labelled(
            name, [folder / sub], folder, folder / "labels.json",
            [folder / "natural.json"], [folder / "must_not_flag.json"],
        )

    def _clean(self, name: str, naturals: list[Path]) -> list[Row]:
        """False findings per 100 clean articles, and recall of the real, high-confidence
        inconsistencies of `naturals` among them."""
        report, count, seconds = self._check(name, [self.corpus / name])
        nothing = self.tmp / "no-labels.json"
        nothing.write_text("[]", encoding="utf-8")
        row = self._score(Row(f"{name} (clean)", count, seconds=seconds), nothing, self.corpus, report, naturals, [])
        row.precision = row.recall = row.f1 = None  # no labels: only the false findings count
        high = [
            lab for path in naturals for lab in json.loads(path.read_text(encoding="utf-8"))
            if lab.get("confidence") == "high" and lab.get("side") != "canonical"
        ]
        labels = self.tmp / f"{name}-natural-high.json"
        labels.write_text(json.dumps(high), encoding="utf-8")
        real = self._score(Row(f"{name} real (high)", count), labels, self.corpus, report, [], [], no_natural=True)
        real.precision = real.f1 = None  # its other findings are not all false: only recall counts
        real.fp = 0
        return [row, real]

    def _labelled(self, name: str, paths: list[Path], root: Path, labels: Path,
                  naturals: list[Path], negatives: list[Path], docs: str | None = None) -> Row:
        report, count, seconds = self._check(name, paths, docs)
        return self._score(Row(name, count, seconds=seconds), labels, root, report, naturals, negatives)

    def _check(self, name: str, paths: list[Path], docs_of: str | None = None) -> tuple[Path, int, float]:
        """Check `paths`; spaCy's results are kept under `docs_of` (default: the row's name)."""
        docs = common.StoredDocs(self.nlp, self.docs / f"{docs_of or name}.pickle")
        started = time.monotonic()
        try:
            result = check_paths([str(p) for p in paths], self.rules, docs.loader)
        finally:
            docs.save()
        seconds = time.monotonic() - started
        report = self.out / f"{slug(name)}.csv"
        write_report(result.findings, report, ReportFormat.csv)
        print(f"== {name}: {len(result.articles)} articles, {len(result.findings)} findings ({seconds:.1f} s) -> {report}",
              flush=True)
        return report, len(result.articles), seconds

    def _score(self, row: Row, labels: Path, root: Path, report: Path, naturals: list[Path],
               negatives: list[Path], no_natural: bool = False) -> Row:
        cmd = [sys.executable, str(self.score_py), "--labels", str(labels), "--root", str(root),
               "--report", str(report), "-v"]
        cmd += ["--no-natural"] if no_natural or not naturals else [a for p in naturals for a in ("--natural", str(p))]
        cmd += [a for p in negatives for a in ("--negatives", str(p))]
        output = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        (self.out / f"{slug(row.name)}.score.txt").write_text(output, encoding="utf-8")
        last = dict(re.findall(r"(\w+)=([\d.]+)", output.strip().splitlines()[-1]))
        row.findings = int(last["findings"])
        row.precision, row.recall, row.f1 = float(last["precision"]), float(last["recall"]), float(last["f1"])
        row.fp = int(re.search(r"\bfp=(\d+)", output).group(1))  # type: ignore[union-attr]
        neg = re.search(r"fp_on_must_not_flag=(\d+)", output)
        row.on_must_not_flag = int(neg.group(1)) if neg else None
        row.kinds = {k: f"{float(v):.2f} ({h})" for k, v, h in re.findall(r"recall\[([\w-]+)\]=([\d.]+) \((\d+/\d+)\)", output)}
        print(f"   {row.name}: {output.strip().splitlines()[-1]}", flush=True)
        return row


if __name__ == "__main__":
    sys.exit(main())
