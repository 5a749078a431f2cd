"""Smaller archives: each part of a labelled set checked as an archive of its own (run by hand).

    python benchmarks/parts.py [--shared ../shared] [--sets train,wire] [--out reports/eval/parts]

Another newsroom's archive may be a tenth of train-labeled's size. Evidence that the
archive itself supplies (the weights estimated on it, a name's other stories, the
company of names its articles keep) is then thinner, and a method that leans on the
archive's size scores worse there than on the whole set. This checks each part alone:
train-labeled by topic (five parts of about 260 articles), wire-labeled by story group
(sixteen parts of about 45 stories), and scores each part against the labels of its own
files with the shared tools/score.py.

The table has a row per part and a pooled row per set (true and false findings and labels
hit summed over the parts). A label whose right spelling is only in another part cannot
be found from its own part, so recall here is a lower bound; precision is the figure to
compare with evaluate.py's for the whole set.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import common
from copydesk.nlp import load_model
from copydesk.rules import load_rules
from evaluate import LABELLED, Evaluation, Row, chosen_sets, copies_parser, slug, table


def parts_of(folder: Path, sub: str) -> list[Path]:
    return sorted(p for p in (folder / sub).iterdir() if p.is_dir())


def own_labels(labels: list[dict], part: str) -> list[dict]:
    return [lab for lab in labels if lab["file"].startswith(part + "/")]


def counts(score_output: str) -> tuple[int, int, int, int]:
    """(true findings, false findings, labels hit, labels) from score.py's output."""
    tp, fp = (int(x) for x in re.search(r"\btp=(\d+) fp=(\d+)", score_output).groups())  # type: ignore[union-attr]
    last = dict(re.findall(r"(\w+)=([\d.]+)", score_output.strip().splitlines()[-1]))
    hit = int(re.search(r"labels_hit=(\d+)", score_output).group(1))  # type: ignore[union-attr]
    return tp, fp, hit, int(last["labels"])


def main() -> int:
    parser = copies_parser(__doc__)
    parser.set_defaults(out=Path("reports/eval/parts"))
    args = parser.parse_args()
    corpus = common.corpus_folder(args.shared)
    if corpus is None:
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    rules = load_rules()
    evaluation = Evaluation(corpus, args.shared / "tools" / "score.py", args.out, rules,
                            load_model(rules.settings.model), args.docs)
    rows: list[Row] = []
    try:
        for name in chosen_sets(args):
            rows += score_parts(evaluation, name, corpus / LABELLED[name][0], LABELLED[name][1])
    finally:
        shutil.rmtree(evaluation.tmp, ignore_errors=True)
    print()
    print(table(rows))
    return 0


def score_parts(evaluation: Evaluation, name: str, folder: Path, sub: str) -> list[Row]:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    rows, total = [], [0, 0, 0, 0]
    for part in parts_of(folder, sub):
        relative = f"{sub}/{part.name}"
        part_labels = evaluation.tmp / f"{name}-{part.name}-labels.json"
        part_labels.write_text(json.dumps(own_labels(labels, relative)), encoding="utf-8")
        row = evaluation._labelled(
            f"{name} {part.name}", [part], folder, part_labels,
            [folder / "natural.json"], [folder / "must_not_flag.json"], docs=name,
        )
        for i, n in enumerate(counts((evaluation.out / f"{slug(row.name)}.score.txt").read_text(encoding="utf-8"))):
            total[i] += n
        rows.append(row)
    tp, fp, hit, wanted = total
    pooled = Row(f"{name} (parts pooled)", sum(r.articles for r in rows), fp=fp)
    pooled.precision = tp / max(tp + fp, 1)
    pooled.recall = hit / max(wanted, 1)
    pooled.f1 = 2 * pooled.precision * pooled.recall / max(pooled.precision + pooled.recall, 1e-9)
    return rows + [pooled]


if __name__ == "__main__":
    sys.exit(main())
