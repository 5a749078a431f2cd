"""What the archive knows of roles, learnt from its claims: who holds which role (title
and country, or body) in the most articles and when, each holder's stated nationality,
the people each article names, and the titles several people hold at once (two holders
each given a role in several articles over overlapping periods: learnt from the
archive's dated claims, not listed).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...model import Mention
from ...normalize import name_key
from ...patterns import TEAM_TITLES, TITLE_PREFIXES, TitleLexicon
from .claims import Claim, role_name

# Articles in which a holder must hold their other role to be settled in it.
MIN_SETTLED_ARTICLES = 1
# Articles in which each of two holders must be given one role, over the same period,
# for the role to be one several people hold at once.
MIN_CONCURRENT_ARTICLES = 2
# Articles that must name a holder in full for a claim amid another holder's to be a
# swap: a past holder named in passing ("President Reagan") is no swap. Chosen on
# wire-labeled (2 finds two more swaps than 3, no false finding), checked on the clean
# reuters/ (no new finding); BBC copy has no dates, where the rule does not apply. A claim
# that states its country needs none (role_conflict._beyond_doubt).
MIN_KNOWN_ARTICLES = 2
# A holder given another role, as its leading holder, in this many times as many articles
# as this one is followed in that role: a few claims of this one are slips, not a second
# office held at the same time (a president called "Vice President" twice).
FOLLOWED_ELSEWHERE_FACTOR = 10
# Articles stating one country with a holder's titles for it to be their nationality.
MIN_NATIONALITY_ARTICLES = 3

# Words that make a title its holder's deputy's: "deputy finance minister", "vice president".
DEPUTY_WORDS = frozenset(["deputy", "vice", "assistant"])


def deputy_of(title: str) -> str | None:
    """The title whose deputy's `title` is ("deputy finance minister" -> "finance
    minister"), or None when it is no deputy's."""
    words = title.split()
    if not set(words) & DEPUTY_WORDS:
        return None
    return " ".join(w for w in words if w not in DEPUTY_WORDS)


@dataclass
class Roles:
    """Who holds which role (title and country) for the most articles, and when."""

    support: dict[tuple[str, str | None], dict[str, int]]
    dates: dict[tuple[str, tuple[str, str | None]], list[dt.date]]
    settled: dict[str, set[tuple[str, str | None]]]
    named_in: Mapping[tuple[str, str], int] = dataclasses.field(default_factory=dict)
    nationality: Mapping[str, str] = dataclasses.field(default_factory=dict)
    nationality_count: Mapping[str, int] = dataclasses.field(default_factory=dict)
    people: Mapping[str, Counter[tuple[str, ...]]] = dataclasses.field(default_factory=dict)  # article -> names of people
    claimed: Mapping[str, list[tuple[tuple[str, str | None], dt.date | None]]] = dataclasses.field(default_factory=dict)
    country_names: Mapping[str, frozenset[str]] | None = None  # country -> the words of its names
    unions: frozenset[str] = frozenset()  # unions of states: their titles tell no nationality
    written: Mapping[tuple[str, str | None], str] = dataclasses.field(default_factory=dict)  # role -> as its claims name it most

    def name(self, role: tuple[str, str | None]) -> str:
        """A role as findings name it: as its claims most often do (Claim.role_name)."""
        return self.written.get(role) or role_name(*role)

    def known(self, holder: str) -> bool:
        """Named in full in MIN_KNOWN_ARTICLES articles or more: someone the archive
        follows, not a past figure named in passing."""
        tokens = name_key(holder).tokens
        return len(tokens) >= 2 and self.named_in.get((tokens[0], tokens[-1]), 0) >= MIN_KNOWN_ARTICLES

    @classmethod
    def of(
        cls,
        claims: Sequence[Claim],
        mentions: Mapping[str, Sequence[Mention]] | None = None,
        country_names: Mapping[str, frozenset[str]] | None = None,
        unions: frozenset[str] = frozenset(),
    ) -> Roles:
        by_role: dict[tuple[str, str | None], list[Claim]] = defaultdict(list)
        dates: dict[tuple[str, tuple[str, str | None]], list[dt.date]] = defaultdict(list)
        for c in claims:
            by_role[c.role].append(c)
            if c.date:
                dates[(c.holder, c.role)].append(c.date)
        support = {role: _support(group) for role, group in by_role.items()}
        first: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
        ties: list[tuple[tuple[str, str | None], list[str]]] = []
        for role, counts in support.items():
            top = max(counts.values())
            leaders = [h for h, n in counts.items() if n == top]
            if len(leaders) == 1:
                first[leaders[0]].add(role)
            else:
                ties.append((role, leaders))
        settled: dict[str, set[tuple[str, str | None]]] = defaultdict(set, {h: set(r) for h, r in first.items()})
        for role, leaders in ties:
            # on a tie, a holder settled in another role is the likelier swapped name
            unsettled = [h for h in leaders if not first.get(h)]
            if len(unsettled) == 1:
                settled[unsettled[0]].add(role)
        people = _people_named(mentions or {})
        written = {role: Counter(c.role_name for c in group).most_common(1)[0][0] for role, group in by_role.items()}
        return cls(
            support, {k: sorted(v) for k, v in dates.items()}, settled, _named_in(people), *_stated_nationality(claims),
            people, _claimed(claims), country_names, unions, written,
        )

    def names_the_other(self, a: Claim, b: Claim) -> bool:
        """`a`'s story names `b`'s holder elsewhere and never `a`'s again: the story is
        about `b`, and the one mention giving `a` the role is a slip of the name (a holder
        the story is about is named again: "Mr Ruiz said")."""
        mine, theirs = name_key(a.holder).tokens, name_key(b.holder).tokens
        if not mine or not theirs or mine[-1] == theirs[-1]:
            return False
        named = self.people.get(a.mention.article, Counter())
        return _times_named(named, theirs) >= 1 and _times_named(named, mine) <= 1

    def spliced(self, a: Claim, b: Claim) -> bool:
        """`a`'s name is someone else's full name, one the archive follows, followed by
        the end of `b`'s ("Lena Vik Haugen" for "Ola Haugen", Lena Vik named in full
        elsewhere): a name pasted over part of the holder's, not a third person."""
        mine, theirs = name_key(a.holder).tokens, name_key(b.holder).tokens
        for k in range(2, len(mine)):
            head, tail = mine[:k], mine[k:]
            if (
                len(tail) < len(theirs)
                and theirs[-len(tail):] == tail
                and not set(head) & set(theirs)
                and self.named_in.get((head[0], head[-1]), 0) >= MIN_KNOWN_ARTICLES
            ):
                return True
        return False

    def deputy_later(self, c: Claim) -> bool:
        """`c`'s holder is given the deputy's form of `c`'s title ("deputy finance
        minister" for "finance minister"), of the same country, elsewhere: dated no
        earlier than `c`, or either undated. A deputy may be promoted, but a holder is not
        made their own deputy after: the deputy's name was read as the holder's."""
        for (title, country), date in self.claimed.get(c.holder, ()):
            if (
                deputy_of(title) == c.title
                and (country == c.country or country is None or c.country is None)
                and (date is None or c.date is None or date >= c.date)
            ):
                return True
        return False

    def own_deputy(self, c: Claim, window_days: int) -> tuple[str, str | None] | None:
        """The role whose deputy's title `c` gives ("German Deputy Finance Minister"),
        when `c`'s holder is given that very role in MIN_CONCURRENT_ARTICLES articles or
        more within `window_days` of `c`'s date, one of them no later: no one is made
        their own deputy, so the deputy's name slipped to the minister's. A deputy's
        claims all before the role's are a promotion; undated stories cannot tell when,
        so dated claims only."""
        main_title = deputy_of(c.title)
        if c.date is None or main_title is None:
            return None
        main = (main_title, c.country)
        near = [d for d in self.dates.get((c.holder, main), []) if abs((d - c.date).days) <= window_days]
        if len(near) >= MIN_CONCURRENT_ARTICLES and min(near) <= c.date:
            return main
        return None

    def nationality_articles(self, holder: str) -> int:
        """Articles stating the holder's nationality with their titles."""
        return self.nationality_count.get(holder, 0)

    def foreign(self, c: Claim) -> bool:
        """`c` states a country other than the one its holder's titles are stated with
        everywhere else ("British Finance Minister" for a French president): a name from
        another country's story, not a successor. A union's titles (Country.union) are
        held by its members' nationals: no other country's."""
        return self.foreign_to(c.holder, c.mention.role.qualifier if c.mention.role else None)

    def foreign_to(self, holder: str, country: str | None) -> bool:
        """Is `country` another than the one the holder's titles are stated with (and
        neither a union)?"""
        own = self.nationality.get(holder)
        return country is not None and own is not None and country != own and not {country, own} & self.unions

    def followed_elsewhere(self, holder: str, role: tuple[str, str | None]) -> bool:
        """Is `holder` the leading holder of another role, given it in FOLLOWED_ELSEWHERE_FACTOR
        times as many articles as `role`?"""
        n = self.support.get(role, {}).get(holder, 0)
        return any(
            other != role and self.support[other].get(holder, 0) >= FOLLOWED_ELSEWHERE_FACTOR * n
            for other in self.settled.get(holder, ())
        )

    def brackets(self, a: Claim, b: Claim, max_gap_days: int) -> bool:
        """`b`'s holder is given the role (in MIN_CONCURRENT_ARTICLES articles or more)
        both before and after `a`'s date, within `max_gap_days`: `a` falls inside their
        period, where no one took over. Only for a claim whose role is certain (its
        country stated, or a body's): an inferred country may be the wrong one."""
        stated = a.body or a.country_written
        if a.date is None or not stated or self.support[b.role].get(b.holder, 0) < MIN_CONCURRENT_ARTICLES:
            return False
        return on_both_sides(self.dates.get((b.holder, b.role), []), a.date, within_days=max_gap_days)

    def elsewhere(self, c: Claim, max_gap_days: int) -> tuple[str, str | None] | None:
        """Another role `c`'s holder is settled in, around `c`'s date when both are
        dated: the usual source of a swapped name. A title in other words ("trade minister", "trade and industry
        minister") is the same role."""
        need = MIN_SETTLED_ARTICLES
        # the role they hold in the most articles first: a one-off (itself maybe a swap) last
        mine = self.settled.get(c.holder, ())
        for role in sorted(mine, key=lambda r: (-self.support[r][c.holder], r[0], r[1] or "")):
            if role == c.role or self.support[role][c.holder] < need or same_role(role, c.role, self.country_names):
                continue
            dates = self.dates.get((c.holder, role))
            if c.date is None or not dates:
                return role
            if (dates[0] - c.date).days <= max_gap_days and (c.date - dates[-1]).days <= max_gap_days:
                return role
        return None

    def surrounds(self, c: Claim, role: tuple[str, str | None]) -> bool:
        """`c`'s holder holds `role` both before and after `c`'s date: they cannot have
        moved to `c`'s role in between."""
        return c.date is not None and on_both_sides(self.dates.get((c.holder, role), []), c.date)


def on_both_sides(dates: Sequence[dt.date], date: dt.date, within_days: int | None = None, same_day: bool = False) -> bool:
    """Does one of `dates` come before `date` and one after, within `within_days` of it
    when given? A date on the same day counts as either side when `same_day`."""
    nearest = 0 if same_day else 1
    farthest = within_days if within_days is not None else 1 << 30
    return any(nearest <= (date - d).days <= farthest for d in dates) and any(
        nearest <= (d - date).days <= farthest for d in dates
    )


def period(dates: Sequence[dt.date]) -> str:
    """Sorted dates as a finding's message gives them: "2024-03-04 to 2024-05-30"."""
    return f"{dates[0].isoformat()} to {dates[-1].isoformat()}" if dates else "undated"


def country_words(lexicon: TitleLexicon) -> dict[str, frozenset[str]]:
    """Country -> the words of its name and aliases ("european", "commission", "eu")."""
    words: dict[str, set[str]] = defaultdict(set)
    for alias, country in lexicon.countries.items():
        words[country].update(alias.split())
    return {c: frozenset(w) for c, w in words.items()}


def _stated_nationality(claims: Sequence[Claim]) -> tuple[dict[str, str], dict[str, int]]:
    """Holder -> the one country their titles are stated with here and there, in
    MIN_NATIONALITY_ARTICLES articles or more, any other in one article only (a swapped
    title's: a name swapped in several times must keep its country)."""
    stated: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for c in claims:
        if c.mention.role is not None and c.mention.role.qualifier and not c.body:
            stated[c.holder][c.mention.role.qualifier].add(c.mention.article)
    out, counts = {}, {}
    for holder, by_country in stated.items():
        ranked = sorted(by_country.items(), key=lambda kv: -len(kv[1]))
        top, rest = ranked[0], ranked[1:]
        if len(top[1]) >= MIN_NATIONALITY_ARTICLES and all(len(a) == 1 for _, a in rest):
            out[holder], counts[holder] = top[0], len(top[1])
    return out, counts


def _named_in(people: Mapping[str, Counter[tuple[str, ...]]]) -> dict[tuple[str, str], int]:
    """(first name, surname) -> how many articles name a person so (`people`: each
    article's names of people, _people_named)."""
    named: Counter[tuple[str, str]] = Counter()
    for names in people.values():
        named.update({(tokens[0], tokens[-1]) for tokens in names if len(tokens) >= 2})
    return dict(named)


def _claimed(claims: Sequence[Claim]) -> dict[str, list[tuple[tuple[str, str | None], dt.date | None]]]:
    """Holder -> the role and date of each of their claims."""
    out: dict[str, list[tuple[tuple[str, str | None], dt.date | None]]] = defaultdict(list)
    for c in claims:
        out[c.holder].append((c.role, c.date))
    return out


def _people_named(mentions: Mapping[str, Sequence[Mention]]) -> dict[str, Counter[tuple[str, ...]]]:
    """Article -> how many of its mentions of people are written each way (name parts)."""
    return {path: Counter(name_key(m.text).tokens for m in ms if m.label == "PERSON") for path, ms in mentions.items()}


def _times_named(named: Counter[tuple[str, ...]], holder: tuple[str, ...]) -> int:
    """Mentions naming `holder` in full or in part ("Ruiz", "Ana Ruiz", not "Eva Ruiz")."""
    parts = set(holder)
    return sum(n for tokens, n in named.items() if tokens and set(tokens) <= parts and tokens[-1] == holder[-1])


def _support(group: Sequence[Claim]) -> dict[str, int]:
    articles: dict[str, set[str]] = defaultdict(set)
    for c in group:
        articles[c.holder].add(c.mention.article)
    return {h: len(a) for h, a in articles.items()}


def same_role(
    other: tuple[str, str | None], claimed: tuple[str, str | None], names: Mapping[str, frozenset[str]] | None = None
) -> bool:
    """Is a holder's `other` role the role `claimed`, in other words? One title's words
    within the other's, in the same country, or one of them a body's: a body's title
    claimed once ("Commission President") names a country's role the holder has
    ("President" of the EU, one of whose `names` is "European Commission"), but not one
    of a country the body's words do not name ("President" of France): the holder of
    that is the likelier swapped name. A country's title claimed once ("Scotland
    manager") is another role than a body's the holder has ("Chelsea manager"); two
    staff titles of one country's team ("Scotland manager", "Scotland coach") are one
    job (TEAM_TITLES). A body by its initials is that body ("BOJ Governor", "Bank of
    Japan Governor"): said of one holder's roles, two bodies of the same initials are no
    risk."""
    if other[1] == claimed[1] and _by_initials(other[0], claimed[0]):
        return True
    wo, wc = set(other[0].split()), set(claimed[0].split())
    if (wo ^ wc) & set(TITLE_PREFIXES):
        return False
    if other[1] == claimed[1]:
        return wo <= wc or wc <= wo or (other[1] is not None and {other[0], claimed[0]} <= TEAM_TITLES)
    if claimed[1] is None:
        return wo <= wc and (names is None or other[1] is None or wc - wo <= names.get(other[1], frozenset()))
    if other[1] is None:
        return wo <= wc
    return False


def _by_initials(x: str, y: str) -> bool:
    """Two titles of one head ("governor"), one body written as the initials of the
    other's name, every word of it counted ("boj", "bank of japan")."""
    wx, wy = x.split(), y.split()
    shared = 0
    while shared < min(len(wx), len(wy)) and wx[-1 - shared] == wy[-1 - shared]:
        shared += 1
    short, long = sorted((wx[: len(wx) - shared], wy[: len(wy) - shared]), key=len)
    return shared > 0 and len(short) == 1 and len(long) >= 2 and short[0] == "".join(w[0] for w in long)


def titled_together(group: Sequence[Claim]) -> set[frozenset[str]]:
    """Pairs of holders one article gives the same title, one of them without stating
    the country: that article tells them apart ("President Biden ... President Xi"),
    so they hold different roles, or one succeeded the other."""
    by_article: dict[str, dict[str, bool]] = defaultdict(dict)
    for c in group:
        stated = by_article[c.mention.article].get(c.holder, True)
        by_article[c.mention.article][c.holder] = stated and c.stated_country is not None
    return {
        frozenset((x, y))
        for holders in by_article.values()
        for x in holders
        for y in holders
        # one article giving one country's title to two people, both stated, tells
        # nothing apart: one of the two is the mistake
        if x != y and not (holders[x] and holders[y])
    }


def concurrent_holders(group: Sequence[Claim], same_time_days: int) -> set[frozenset[str]]:
    """Pairs of holders the archive keeps giving one role over the same period: each in
    MIN_CONCURRENT_ARTICLES or more articles, their dated claims overlapping in time and
    not one holder's before the other's. Learnt, not listed: a title with concurrent
    holders (vice premier, commissioner, senator) shows it in the archive's own claims."""
    spans: dict[tuple[str, str | None], dict[str, list[dt.date]]] = defaultdict(lambda: defaultdict(list))
    articles: dict[tuple[str, str | None], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for c in group:
        articles[c.role][c.holder].add(c.mention.article)
        if c.date:
            spans[c.role][c.holder].append(c.date)
    pairs: set[frozenset[str]] = set()
    for role, by_holder in spans.items():
        regular = {h: sorted(d) for h, d in by_holder.items() if len(articles[role][h]) >= MIN_CONCURRENT_ARTICLES}
        for x, dx in regular.items():
            for y, dy in regular.items():
                if x < y and _overlap(dx, dy, same_time_days):
                    pairs.add(frozenset((x, y)))
    return pairs


def _overlap(dx: Sequence[dt.date], dy: Sequence[dt.date], same_time_days: int) -> bool:
    """Two holders' claims interleave: each is claimed within the other's period."""
    def within(d: dt.date, ds: Sequence[dt.date]) -> bool:
        return ds[0] - dt.timedelta(days=same_time_days) <= d <= ds[-1] + dt.timedelta(days=same_time_days)
    return any(within(d, dy) for d in dx) and any(within(d, dx) for d in dy) and not (
        dx[-1] < dy[0] or dy[-1] < dx[0]
    )
