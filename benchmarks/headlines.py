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
from collections.abc import Iterator
from pathlib import Path

from evaluate import LABELLED, chosen_sets, copies_parser, score_copies

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
    args = copies_parser(__doc__).parse_args()

    def copies(corpus: Path, copy: Path) -> Iterator[tuple[str, Path, str]]:
        for name in chosen_sets(args):
            folder, sub = LABELLED[name]
            title_case_copy(corpus / folder, copy / folder)
            yield f"{name}-titlecase", copy / folder, sub

    return score_copies(args, "copydesk-titlecase-", copies)


if __name__ == "__main__":
    sys.exit(main())
