"""Party-and-state tags: a legislator's seat, said each time a US newsroom names them.

"Sen. Jane Doe, R-Ariz.", "Rep. Jane Doe (D-Ohio)", "Jane Doe, a Democrat of Ohio": the
title claims nothing (a state has two senators and dozens of representatives), but the
tag is the person's own, the same in story after story. A name given another's tag in
one story, while the archive tags it otherwise in several, is a name put in someone
else's seat ("Sen. John Roe, R-Ariz." where Roe is D-Nev. everywhere else): flagged as
a role conflict, with the person the archive gives that tag to. A person whose tag
changes (a party switched, a seat in another state) is tagged anew in every story
after the change, so an odd tag is flagged only where the usual one is given both
before and after it, or in one story of an undated archive.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass

from ...model import Article, Finding, Mention, Place
from ...normalize import name_key
from ...resolve import Resolution
from .archive import on_both_sides, period
from .claims import holder_of

RULE = "role-conflict"
# Articles giving a name its usual tag for another tag, given it once, to be a slip:
# two against one could be a change the archive is only starting to show.
MIN_USUAL_TAG_ARTICLES = 3
# Against its usual tag's articles, how many another tag may be given in and still be
# slips: one in three (a name put in the same seat in two stories, when the usual tag
# is dated on both sides of each: a switch puts every new tag after the old).
MAX_ODD_TAG_SHARE = 1 / 3

_PARTIES = {"d": "D", "r": "R", "i": "I", "democrat": "D", "republican": "R", "independent": "I"}
# ", R-Ariz." / " (D-N.Y.)" / ", D-Ohio,": AP's party and state, the state abbreviated
# (a full stop) or short and followed by a comma or bracket ("D-Day veterans" is none)
_AP_TAG = re.compile(
    r"[ \t]*(?:,|\()[ \t]*(?P<party>[DRI])-(?P<state>[A-Z][A-Za-z]*\.?(?:[A-Z][a-z]?\.)*)"
    r"(?:(?<=\.)(?=[\s,)]|$)|(?=[ \t]*[,)]))"
)
# ", a Democrat of Ohio," / ", Republican of New Mexico": the party and the state in words
_WORDS_TAG = re.compile(
    r"[ \t]*,[ \t]*(?:an?[ \t]+)?(?P<party>Democrat|Republican|Independent)[ \t]+(?:from|of)[ \t]+"
    r"(?P<state>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)(?=[ \t]*[,.)]|[ \t]+(?:who|and|said)\b)"
)


@dataclass(frozen=True)
class Tag:
    party: str  # "D", "R", "I"
    state: str  # as keyed: "ariz", "ny", "new mexico"
    text: str  # as written: "R-Ariz."


def tag_after(text: str, end: int) -> Tag | None:
    """The party-and-state tag right after a name ending at `end`, if any."""
    for pattern in (_AP_TAG, _WORDS_TAG):
        if m := pattern.match(text, end):
            state = m.group("state").replace(".", "").lower()
            return Tag(_PARTIES[m.group("party").lower()], state, m.group().strip(" \t,("))
    return None


def tag_findings(
    resolution: Resolution,
    mentions: Mapping[str, Sequence[Mention]],
    articles: Mapping[str, Article],
    flagged: set[Place],
) -> list[Finding]:
    """A role-conflict finding on each full name given a tag other than the one the
    archive gives it in MIN_USUAL_TAG_ARTICLES or more, in one article or, dated, in a
    few (MAX_ODD_TAG_SHARE), each with the usual tag on both sides of it; none on a
    mention already flagged (`flagged`: places)."""
    tagged: dict[str, dict[tuple[str, str], list[tuple[Mention, Tag, dt.date | None]]]] = defaultdict(lambda: defaultdict(list))
    for path, ms in mentions.items():
        article = articles.get(path)
        if article is None:
            continue
        for m in ms:
            if m.label == "PERSON" and (tag := tag_after(article.text, m.end)) is not None:
                tagged[holder_of(m, resolution)][(tag.party, tag.state)].append((m, tag, article.date))
    # each holder's articles by tag: what every count below is taken from
    articles_of = {
        holder: {key: {m.article for m, _, _ in uses} for key, uses in by_tag.items()} for holder, by_tag in tagged.items()
    }
    holders_of = _holders_of_each_tag(articles_of)
    findings = []
    for holder, by_tag in tagged.items():
        if len(by_tag) < 2:
            continue
        counts = {key: len(tag_articles) for key, tag_articles in articles_of[holder].items()}
        usual = max(counts, key=lambda key: (counts[key], key))
        if counts[usual] < MIN_USUAL_TAG_ARTICLES:
            continue
        usual_dates = [d for _, _, d in by_tag[usual] if d is not None]
        usual_tag = by_tag[usual][0][1]
        for key, uses in by_tag.items():
            if key == usual or counts[key] > max(1, MAX_ODD_TAG_SHARE * counts[usual]):
                continue
            if counts[key] > 1 and any(d is None for _, _, d in uses):
                continue  # undated, a tag given twice may be a change as well as slips
            for m, tag, date in uses:
                if m.place in flagged or len(name_key(m.text).tokens) < 2:
                    continue
                if date is not None and not on_both_sides(usual_dates, date):
                    continue  # the tag changed then, or the usual one is undated
                findings.append(_finding(m, holder, tag, usual_tag, articles_of[holder][usual], usual_dates, holders_of.get(key)))
    return findings


def _holders_of_each_tag(articles_of: Mapping[str, Mapping[tuple[str, str], AbstractSet[str]]]) -> dict[tuple[str, str], tuple[str, int]]:
    """Who the archive gives each tag to most (in the most articles), and in how many."""
    best: dict[tuple[str, str], tuple[str, int]] = {}
    for holder, by_tag in articles_of.items():
        for key, tag_articles in by_tag.items():
            n = len(tag_articles)
            if key not in best or (n, holder) > (best[key][1], best[key][0]):
                best[key] = (holder, n)
    return best


def _finding(
    m: Mention,
    holder: str,
    tag: Tag,
    usual: Tag,
    usual_articles: AbstractSet[str],
    usual_dates: Sequence[dt.date],
    tag_holder: tuple[str, int] | None,
) -> Finding:
    other = tag_holder if tag_holder is not None and tag_holder[0] != holder else None
    message = (
        f"'{m.text}' is tagged {tag.text} here but {usual.text} in {len(usual_articles)} other article(s)"
        f" ({period(sorted(usual_dates))})"
        + (f"; {tag.text} is '{other[0]}' in {other[1]} article(s)" if other else "")
    )
    return Finding.on(
        m,
        RULE,
        "error" if usual_dates else "warning",
        expected=other[0] if other else "",
        entity=f"{tag.text} seat",
        message=message,
        evidence={"tag": tag.text, "holder": holder, "holder_tag": usual.text, "holder_tag_articles": len(usual_articles),
                  "tag_holder": other[0] if other else "", "tag_holder_articles": other[1] if other else 0},
        related=tuple(sorted(usual_articles)),
    )
