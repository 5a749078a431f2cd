"""Title Case headlines: the labelled sets as another newsroom would write them (run by hand).

    python benchmarks/headlines.py [--shared ../shared] [--sets train,wire] [--out reports/eval]

Line 1 of every BBC and Reuters article is its headline, in sentence case ("Weak dollar
hits profits"). Archives that write headlines in Title Case ("Weak Dollar Hits Profits")
give the model runs of capitalised words to take for names. This copies each labelled
set to a temporary folder with line 1 in Title Case (nothing else changed: the labels
still point at the same lines and columns) and scores it as evaluate.py does, so the
table compares with evaluate.py's rows for the same sets.
"""
from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

import common
from copydesk.nlp import load_model
from copydesk.rules import load_rules
from evaluate import Evaluation, table

SETS = {"train": ("train-labeled", "bbc"), "wire": ("wire-labeled", "reuters")}
SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or per the to up via vs with".split())


def title_case(line: str) -> str:
    """Every word capitalised but the small ones after the first; the rest of each word as it was."""
    def cap(m: re.Match[str]) -> str:
        w = m.group()
        return w if m.start() > 0 and w.lower() in SMALL_WORDS else w[0].upper() + w[1:]

    return re.sub(r"[^\W\d_][\w'’-]*", cap, line)


def title_case_copy(folder: Path, target: Path) -> None:
    shutil.copytree(folder, target)
    for path in target.rglob("*.txt"):
        head, sep, rest = path.read_text(encoding="utf-8").partition("\n")
        path.write_text(title_case(head) + sep + rest, encoding="utf-8")


def main() -> int:
    parser = common.parser(__doc__)
    parser.add_argument("--sets", default="train,wire", help=f"comma-separated, of {', '.join(SETS)}")
    parser.add_argument("--out", type=Path, default=Path("reports/eval"))
    parser.add_argument("--docs", type=Path, default=Path.home() / ".cache" / "copydesk-eval")
    args = parser.parse_args()
    corpus = common.corpus_folder(args.shared)
    if corpus is None:
        return 2
    copy = Path(tempfile.mkdtemp(prefix="copydesk-titlecase-"))
    rules = load_rules()
    evaluation = Evaluation(copy, args.shared / "tools" / "score.py", args.out, rules,
                            load_model(rules.settings.model), args.docs)
    rows = []
    try:
        for name in [s.strip() for s in args.sets.split(",") if s.strip()]:
            folder, sub = SETS[name]
            title_case_copy(corpus / folder, copy / folder)
            rows.append(evaluation._split(f"{name}-titlecase", copy / folder, sub))
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
