"""role-conflict: one role given to different people.

Anti-pattern: "Foreign Secretary Gordon Brown" in one story, "Foreign Secretary Jack
Straw" in the others of the same week.
Best practice: the role's holder at the article's date.

With the house list's roles: a dated article that gives a listed role (title and stated
country) to someone other than its holder on that date is an error suggesting the
holder; an undated one, when the name shares a part with one listed holder ("Chen
Gang" for "Qin Gang"), a warning. A claim the house list confirms is never flagged.

Between articles, roles are compared by title and by the country they belong to:
stated ("Chinese Foreign Minister"), else the country named near the mention, else the
article's main country.
Dates matter: far enough apart, a role may have changed hands. Which side is flagged:
the holder named in fewer articles; on a tie, one who elsewhere holds another role (the
swap's usual source); else both.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..extract import TitleLexicon
from ..house import ANY_BODY, Holder, HouseList, held_on
from ..model import Article, Finding, Mention, Role
from ..normalize import name_key
from ..resolve import Resolution
from ..rules import RuleSet

RULE = "role-conflict"
# Share of a holder's claims that may fall on the wrong side of a hand-over.
HANDOVER_STRAGGLERS = 0.25


@dataclass(frozen=True)
class Claim:
    """A mention that gives a person a role."""

    mention: Mention
    holder: str  # canonical name of the person
    title: str
    country: str | None  # stated, here or with the same holder elsewhere
    date: dt.date | None
    article_country: str | None = None  # the country the article is mostly about


def check(
    resolution: Resolution,
    mentions: Mapping[str, Sequence[Mention]],
    articles: Mapping[str, Article],
    rules: RuleSet,
) -> list[Finding]:
    single = {t.title for t in rules.titles if not t.one_holder}
    claims = [
        c for c in collect_claims(resolution, mentions, articles, TitleLexicon.from_rules(rules))
        if c.title not in single and c.holder.casefold() not in rules.ignore_entities
    ]
    findings, confirmed, contradicted = _house_verdicts(claims, HouseList(rules))
    by_title: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if _key(c) not in contradicted:  # a claim the house list rejects is no evidence against others
            by_title[c.title].append(c)
    settled = _settled_roles(by_title)
    for title, group in by_title.items():
        findings += _title_findings(title, group, settled, rules, confirmed)
    return findings


def _key(c: Claim) -> tuple[str, int]:
    return (c.mention.article, c.mention.start)


ClaimKeys = set[tuple[str, int]]


def _house_verdicts(claims: Sequence[Claim], house: HouseList) -> tuple[list[Finding], ClaimKeys, ClaimKeys]:
    """Findings on the claims the house list contradicts; the claims it confirms; the
    claims it contradicts."""
    findings: list[Finding] = []
    confirmed: ClaimKeys = set()
    contradicted: ClaimKeys = set()
    for c in claims:
        holders = house.holders(c.title, c.country)
        if not holders:
            if c.country is None and any(
                house.is_holder(h.entity, c.holder) and (c.date is None or h.role.covers(c.date))
                for h in house.holders(c.title, ANY_BODY)
            ):
                # a country's role with the country unstated: the house list can
                # confirm the holder (of some country), not contradict them
                confirmed.add(_key(c))
            continue
        # the holder's own terms, also under a misspelt name ("Oskar Brenholt" for
        # "Oskar Brennholt": a spelling for name-variant to report, not another person)
        named = house.match(c.holder)
        own_terms = [h for h in holders if house.is_holder(h.entity, c.holder) or (named and named.entity is h.entity)]
        role = role_name(c.title, c.country)
        if c.date is None:
            if own_terms:
                confirmed.add(_key(c))
            elif (alike := _alike(c, holders)) is not None:
                message = (
                    f"{role} is '{c.mention.text}' here (date unknown), who is not in the house list for it; "
                    f"did you mean '{alike.entity.name}' ({_term(alike)})?"
                )
                findings.append(_house_finding(c, alike.entity.name, "warning", message))
                contradicted.add(_key(c))
            continue
        if any(h.role.covers(c.date) for h in own_terms):
            confirmed.add(_key(c))
            continue
        on_date = held_on(holders, c.date)
        if not on_date:
            continue  # the house list does not say who held it then
        names = sorted({h.entity.name for h in on_date})
        right = _alike(c, on_date)
        expected = right.entity.name if right else (names[0] if len(names) == 1 else "")
        own = f"; {'; '.join(_term(h) for h in own_terms)}" if own_terms else ""
        message = (
            f"{role} on {c.date.isoformat()} was {' or '.join(names)}, not '{c.mention.text}' "
            f"(house list: {'; '.join(_term(h) for h in on_date)}{own})"
        )
        findings.append(_house_finding(c, expected, "error", message))
        contradicted.add(_key(c))
    return findings, confirmed, contradicted


def _alike(c: Claim, holders: Sequence[Holder]) -> Holder | None:
    """The one holder whose name shares a part with the claim's ("Qin Gang" for "Chen Gang")."""
    tokens = set(name_key(c.holder).tokens)
    alike = {h.entity.name: h for h in holders if tokens & set(name_key(h.entity.name).tokens)}
    return next(iter(alike.values())) if len(alike) == 1 else None


def _term(h: Holder) -> str:
    start = h.role.start.isoformat() if h.role.start else "?"
    end = h.role.end.isoformat() if h.role.end else "today"
    return f"{h.entity.name} {start} to {end}"


def _house_finding(c: Claim, expected: str, severity: str, message: str) -> Finding:
    return Finding.on(
        c.mention,
        RULE,
        severity,  # type: ignore[arg-type]
        expected=expected,
        entity=role_name(c.title, c.country),
        message=message,
        evidence={"title": c.title, "country": c.country, "house": True},
    )


def collect_claims(
    resolution: Resolution,
    mentions: Mapping[str, Sequence[Mention]],
    articles: Mapping[str, Article],
    lexicon: TitleLexicon,
) -> list[Claim]:
    role_mentions = [m for ms in mentions.values() for m in ms if m.role is not None]
    holders = {
        (m.article, m.start): resolution.entity_of.get((m.article, m.start)) or " ".join(name_key(m.text).tokens).title()
        for m in role_mentions
    }
    countries = _holder_countries(role_mentions, holders)
    claims = []
    for m in role_mentions:
        assert m.role is not None
        holder = holders[(m.article, m.start)]
        article = articles.get(m.article)
        country = m.role.qualifier or countries.get((holder, m.role.title))
        main = main_country(mentions[m.article], lexicon)
        claims.append(Claim(m, holder, m.role.title, country, article.date if article else None, main))
    return claims


def _holder_countries(role_mentions: Sequence[Mention], holders: Mapping[tuple[str, int], str]) -> dict[tuple[str, str], str]:
    """The country a holder's title is stated with elsewhere ("German Chancellor Angela
    Merkel"), for the mentions that leave it out ("Chancellor Angela Merkel")."""
    stated: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for m in role_mentions:
        if m.role is not None and m.role.qualifier:
            stated[(holders[(m.article, m.start)], m.role.title)][m.role.qualifier] += 1
    return {key: c.most_common(1)[0][0] for key, c in stated.items()}


def main_country(ms: Sequence[Mention], lexicon: TitleLexicon) -> str | None:
    """The country named clearly most often in an article, if any."""
    counts = Counter(c for o in ms if o.label in ("GPE", "NORP") and (c := lexicon.country(o.text)))
    top = counts.most_common(2)
    if not top or top[0][1] < 2 or (len(top) > 1 and top[1][1] * 3 > top[0][1] * 2):
        return None
    return top[0][0]


def _compatible(a: Claim, b: Claim) -> bool:
    """Same country: stated on both sides, or, where unstated, the country the article
    is about (none clear: the newsroom's usual country, which may be either)."""
    if a.country and b.country:
        return a.country == b.country
    if a.country or b.country:
        stated, unstated = (a, b) if a.country else (b, a)
        return unstated.article_country in (None, stated.country)
    return a.article_country is None or b.article_country is None or a.article_country == b.article_country


def _settled_roles(by_title: Mapping[str, list[Claim]]) -> dict[str, set[str]]:
    """holder -> titles they hold for the most articles. On a tie, a holder settled in
    another role is the likelier swapped name, so the other holder is settled here."""
    first: dict[str, set[str]] = defaultdict(set)
    ties: list[tuple[str, list[str]]] = []
    for title, group in by_title.items():
        support = _support(group)
        top = max(support.values())
        leaders = [h for h, n in support.items() if n == top]
        if len(leaders) == 1:
            first[leaders[0]].add(title)
        else:
            ties.append((title, leaders))
    settled = defaultdict(set, {h: set(t) for h, t in first.items()})
    for title, leaders in ties:
        unsettled = [h for h in leaders if not first.get(h)]
        if len(unsettled) == 1:
            settled[unsettled[0]].add(title)
    return settled


def _support(group: Sequence[Claim]) -> dict[str, int]:
    articles: dict[str, set[str]] = defaultdict(set)
    for c in group:
        articles[c.holder].add(c.mention.article)
    return {h: len(a) for h, a in articles.items()}


def _title_findings(
    title: str, group: list[Claim], settled: Mapping[str, set[str]], rules: RuleSet, confirmed: ClaimKeys
) -> list[Finding]:
    """Conflicts between articles; claims the house list `confirmed` are never flagged."""
    settings = rules.settings.role_conflict
    together = _titled_together(group)
    flagged: dict[tuple[str, int], tuple[tuple[object, ...], Claim, Claim, str]] = {}
    handed_over: dict[tuple[str, str], bool] = {}
    suspect: dict[tuple[object, ...], bool] = {}
    for a in group:
        if _key(a) in confirmed:
            continue
        for b in group:
            if _same_person(a.holder, b.holder) or not _compatible(a, b) or frozenset((a.holder, b.holder)) in together:
                continue
            gap = _gap_days(a, b)
            if gap is not None and gap > settings.max_gap_days:
                continue
            # both tests look at every claim of the group but depend only on the two
            # holders (and the claims' countries and datedness): once per such pair
            if gap is not None:
                pair = (a.holder, b.holder)
                if pair not in handed_over:
                    handed_over[pair] = _handed_over(a, b, group, settings.same_time_days)
                if handed_over[pair]:
                    continue
            sides = (a.holder, b.holder, a.date is None, b.date is None, a.country, b.country, a.article_country)
            if sides not in suspect:
                suspect[sides] = _is_suspect(a, b, group, settled, title)
            if suspect[sides]:
                severity = "error" if gap is not None and gap <= settings.same_time_days else "warning"
                # the claim the message names: an error's before a warning's, then the
                # nearest in date, then the first in the files: never the articles' order
                rank = (severity != "error", gap if gap is not None else 1 << 30, _key(b))
                key = _key(a)
                if key not in flagged or rank < flagged[key][0]:
                    flagged[key] = (rank, a, b, severity)
    return [_finding(a, b, severity, _articles_of(b, group)) for _, a, b, severity in flagged.values()]


def _articles_of(b: Claim, group: Sequence[Claim]) -> tuple[str, ...]:
    """Every article giving the role to the other holder: the finding rests on them all."""
    return tuple(sorted({c.mention.article for c in group if c.holder == b.holder and _compatible(c, b)}))


def _same_person(x: str, y: str) -> bool:
    """ "Bush", "George Bush" and "George W Bush" hold one role: a surname alone, or the
    same name with a middle initial, is no other person."""
    kx, ky = name_key(x).tokens, name_key(y).tokens
    if kx == ky:
        return True
    if not kx or not ky or kx[-1] != ky[-1]:
        return False
    return len(kx) == 1 or len(ky) == 1 or kx[0] == ky[0]


def _titled_together(group: Sequence[Claim]) -> set[frozenset[str]]:
    """Pairs of holders one article gives the same title: that article tells them apart
    ("President Biden ... President Xi"), so they hold different roles, or one succeeded
    the other."""
    by_article: dict[str, set[str]] = defaultdict(set)
    for c in group:
        by_article[c.mention.article].add(c.holder)
    return {frozenset((x, y)) for holders in by_article.values() for x in holders for y in holders if x != y}


def _is_suspect(a: Claim, b: Claim, group: Sequence[Claim], settled: Mapping[str, set[str]], title: str) -> bool:
    """Is `a` the side of the conflict with `b` to flag?"""
    a_elsewhere = bool(settled.get(a.holder, set()) - {title})
    b_elsewhere = bool(settled.get(b.holder, set()) - {title})
    support = _support([c for c in group if _compatible(c, a) and c.holder in (a.holder, b.holder)])
    if a.date is None and b.date is None and not (a_elsewhere and a.country == b.country):
        # no dates: a succession looks just like a mistake, unless the name is one the
        # corpus gives another role (the usual source of a swapped name)
        return False
    if support[a.holder] != support[b.holder]:
        return support[a.holder] < support[b.holder]
    return a_elsewhere or not b_elsewhere


def _handed_over(a: Claim, b: Claim, group: Sequence[Claim], same_time_days: int) -> bool:
    """The role changed hands: one holder's dated claims come before the other's, but for
    a few stragglers (stories around the change, looking back at it), and the two
    holders' middle dates are further apart than `same_time_days`. A lone swapped name
    amid the other holder's stories is no hand-over: all of its claims are stragglers."""
    dates_a = sorted(c.date for c in group if c.holder == a.holder and c.date)
    dates_b = sorted(c.date for c in group if c.holder == b.holder and c.date)
    if not dates_a or not dates_b:
        return False
    first, second = (dates_a, dates_b) if _median(dates_a) <= _median(dates_b) else (dates_b, dates_a)
    if (_median(second) - _median(first)).days <= same_time_days:
        return False
    late = sum(1 for d in first if d > second[0])
    early = sum(1 for d in second if d < first[-1])
    return late <= HANDOVER_STRAGGLERS * len(first) and early <= HANDOVER_STRAGGLERS * len(second)


def _median(dates: Sequence[dt.date]) -> dt.date:
    return dates[len(dates) // 2]


def _gap_days(a: Claim, b: Claim) -> int | None:
    if a.date is None or b.date is None:
        return None
    return abs((a.date - b.date).days)


def role_name(title: str, country: str | None) -> str:
    words = " ".join(w.upper() if w in ("pm", "ceo") else w.capitalize() for w in title.split())
    return f"{words} of {country}" if country else words


def _finding(a: Claim, b: Claim, severity: str, related: tuple[str, ...]) -> Finding:
    role = role_name(a.title, a.country or b.country)
    when_a = a.date.isoformat() if a.date else "date unknown"
    when_b = b.date.isoformat() if b.date else "date unknown"
    message = (
        f"{role} is '{a.mention.text}' here ({when_a}) but '{b.holder}' in "
        f"{b.mention.article}:{b.mention.line} ({when_b})"
    )
    return Finding.on(
        a.mention,
        RULE,
        severity,  # type: ignore[arg-type]
        expected=b.holder,
        entity=role,
        message=message,
        evidence={"title": a.title, "country": a.country, "other": f"{b.mention.article}:{b.mention.line}"},
        related=related,
    )
