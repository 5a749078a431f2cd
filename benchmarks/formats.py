"""Other formats: the labelled sets as Markdown with front matter and as scraped HTML pages (run by hand).

    python benchmarks/formats.py [--shared ../shared] [--sets train,wire] [--formats md,html] [--out reports/eval]

Another newsroom keeps its articles as Markdown with YAML front matter (title, date,
author), writes headlines in Title Case and puts photo captions between paragraphs; a
scraped archive is HTML pages with navigation, a figure and a footer around the story.
This rewrites each labelled set both ways, moving the labels (and natural.json and
must_not_flag.json) to where their text now is, and scores the copies as evaluate.py
scores the originals, so the rows compare with evaluate.py's for the same sets:

- md: front matter `title` (the headline in Title Case), `date` (from the `Date:` line),
  `author` (the names of the `By` line, which leaves the body); the headline as a `#`
  heading; a photo caption with a photographer's credit after the first paragraph.
- md-title: the same, the headline in the front matter only (its labels on that line).
- html: the same page furniture as a news site's (title, author and date in meta tags,
  navigation, `<h1>`, a byline paragraph, one `<p>` per paragraph, a `<figure>` with its
  caption, a "most read" list, a footer), one source line per paragraph, so a finding's
  line is a paragraph's line.

The photographers are made-up names, the same few throughout (a credit a newsroom
repeats), so a finding on one is a false finding.
"""
from __future__ import annotations

import html
import json
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from evaluate import LABELLED, chosen_sets, copies_parser, score_copies
from headlines import title_case

FORMATS = ("md", "md-title", "html")
SUFFIXES = {"md": ".md", "md-title": ".md", "html": ".html"}
PHOTOGRAPHERS = ("Tavin Oduya", "Renske Albrecht", "Maelis Kordahl", "Jorun Vestby", "Idris Makonde", "Oksana Perl")
CAPTIONS = (
    "Photo: {name}/Reuters",
    "Enlarge this image toggle caption {name}/AP",
    "The scene on Tuesday. (Photo by {name}/Getty Images)",
    "Image caption: Officials met behind closed doors. {name}/AFP",
)
_DATE_LINE = re.compile(r"^Date:\s*(?P<date>\d{4}-\d{2}-\d{2})\s*$")
_BY_LINE = re.compile(r"^By\s+(?P<names>.+)$")


@dataclass
class Moved:
    """Where each line of the original went: line -> (new line, column shift)."""

    lines: dict[int, tuple[int, int]] = field(default_factory=dict)

    def move(self, label: dict) -> dict:
        line = label.get("line")
        if line is None or line not in self.lines:
            return label
        new_line, shift = self.lines[line]
        out = {**label, "line": new_line}
        if label.get("column") is not None:
            out["column"] = label["column"] + shift
        return out


@dataclass
class Story:
    """A plain-text article's parts: headline, date, byline names and the other lines."""

    lines: list[str]
    date: str | None
    byline: tuple[int, str] | None  # (line, names)
    first_paragraph: int  # the line after which the caption goes

    @classmethod
    def read(cls, text: str) -> Story:
        lines = text.split("\n")
        date = byline = None
        first = len(lines)
        for i, ln in enumerate(lines[1:], 2):
            if (m := _DATE_LINE.match(ln)) and date is None:
                date = m["date"]
            elif (m := _BY_LINE.match(ln)) and byline is None and i <= 6:
                byline = (i, m["names"])
            elif ln.strip() and first == len(lines):
                first = i
        return cls(lines, date, byline, first)

    def caption(self, path: str) -> str:
        n = zlib.crc32(path.encode())
        return CAPTIONS[n % len(CAPTIONS)].format(name=PHOTOGRAPHERS[(n // 7) % len(PHOTOGRAPHERS)])


def to_markdown(story: Story, path: str, heading: bool = True) -> tuple[str, Moved]:
    """The story as Markdown; its headline in the front matter and again as a heading,
    or, not `heading`, in the front matter alone."""
    headline = title_case(story.lines[0])
    author = story.byline[1] if story.byline else None
    front = [
        "---",
        f"title: {json.dumps(headline, ensure_ascii=False)}",
        f"date: {story.date}" if story.date else "# no date",
        f"author: {json.dumps(author)}" if author else "# no author",
        "---",
        "",
    ]
    moved = Moved()
    if heading:
        out = [*front, f"# {headline}"]
        moved.lines[1] = (len(out), 2)
    else:
        out = front[:-1]
        moved.lines[1] = (2, len('title: "'))
    if story.byline:
        moved.lines[story.byline[0]] = (4, len('author: "') - len("By "))
    for i, ln in enumerate(story.lines[1:], 2):
        if story.byline and i == story.byline[0] or _DATE_LINE.match(ln):
            out.append("")
            continue
        out.append(ln)
        moved.lines[i] = (len(out), 0)
        if i == story.first_paragraph:
            out += ["", story.caption(path)]
    return "\n".join(out), moved


def to_html(story: Story, path: str) -> tuple[str, Moved]:
    headline = title_case(story.lines[0])
    author = story.byline[1] if story.byline else ""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(headline)} | The Example Chronicle</title>",
        f'<meta name="author" content="{html.escape(author)}">',
        f'<meta property="article:published_time" content="{story.date or ""}">',
        "</head><body>",
        '<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/business">Business</a> '
        '| <a href="/sport">Sport</a> | <a href="/login">Sign in</a></nav>',
        "<main><article>",
        f"<h1>{html.escape(headline)}</h1>",
    ]
    moved = Moved()
    moved.lines[1] = (len(out), len("<h1>"))
    for i, ln in enumerate(story.lines[1:], 2):
        if not ln.strip():
            out.append("")
            continue
        tag = '<p class="byline">' if story.byline and i == story.byline[0] else "<p>"
        out.append(f"{tag}{html.escape(ln, quote=False)}</p>")
        moved.lines[i] = (len(out), len(tag))
        if i == story.first_paragraph:
            caption = html.escape(story.caption(path), quote=False)
            out.append(f'<figure><img src="/img/{zlib.crc32(path.encode())}.jpg" alt=""><figcaption>{caption}</figcaption></figure>')
    out += [
        "</article></main>",
        '<aside><h2>Most read</h2><ul><li><a href="/a1">Markets slide as oil price jumps</a></li>'
        '<li><a href="/a2">Council approves new budget</a></li></ul></aside>',
        "<footer><p>&copy; 2026 The Example Chronicle. All rights reserved. "
        '<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></p></footer>',
        "</body></html>",
    ]
    return "\n".join(out), moved


def convert(folder: Path, target: Path, fmt: str) -> None:
    """Rewrite every article of a labelled set in `fmt`, with its label files moved along."""
    writers = {"md": to_markdown, "md-title": lambda story, rel: to_markdown(story, rel, heading=False), "html": to_html}
    writer = writers[fmt]
    moves: dict[str, Moved] = {}
    for path in sorted(folder.rglob("*.txt")):
        rel = path.relative_to(folder).as_posix()
        text, moved = writer(Story.read(path.read_text(encoding="utf-8")), rel)
        out = (target / rel).with_suffix(SUFFIXES[fmt])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        moves[rel] = moved
    for name in ("labels.json", "natural.json", "must_not_flag.json"):
        source = folder / name
        if source.exists():
            labels = json.loads(source.read_text(encoding="utf-8"))
            (target / name).write_text(json.dumps([_moved(lab, moves, fmt) for lab in labels]), encoding="utf-8")


def _moved(label: dict, moves: dict[str, Moved], fmt: str) -> dict:
    rel = next((r for r in moves if label.get("file", "").endswith(r)), None)
    if rel is None:
        return label
    out = moves[rel].move(label)
    return {**out, "file": re.sub(r"\.txt$", SUFFIXES[fmt], label["file"])}


def main() -> int:
    parser = copies_parser(__doc__)
    parser.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated, of {', '.join(FORMATS)}")
    args = parser.parse_args()

    def copies(corpus: Path, copy: Path) -> Iterator[tuple[str, Path, str]]:
        for name in chosen_sets(args):
            folder, sub = LABELLED[name]
            for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
                convert(corpus / folder, copy / f"{folder}-{fmt}", fmt)
                yield f"{name}-{fmt}", copy / f"{folder}-{fmt}", sub

    return score_copies(args, "copydesk-formats-", copies)


if __name__ == "__main__":
    sys.exit(main())
