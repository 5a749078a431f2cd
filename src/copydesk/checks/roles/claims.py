"""Role claims: each mention giving a person a role, with the country (or body) the role
belongs to.

A claim's country is stated ("Chinese Foreign Minister"), else stated for the holder
elsewhere, else the article's main country unless the sentence names another, else the
holder's nationality. A title held at another time ("former U.S. Treasury Secretary X")
claims nothing: such mentions are collected apart, with their country stated or their
story's (held_at_another_time).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass, replace
from typing import TypeVar

from ...model import Article, Mention
from ...normalize import name_key
from ...patterns import (
    CORPORATE_TITLES,
    TEAM_TITLES,
    TitleLexicon,
    body_initials,
    ends_with_title,
    is_body_title,
    unqualified,
)
from ...resolve import Resolution
from ...rules import RuleSet


@dataclass(frozen=True)
class Claim:
    """A mention that gives a person a role."""

    mention: Mention
    holder: str  # canonical name of the person
    title: str
    country: str | None  # stated, else inferred (see collect_claims)
    date: dt.date | None
    article_country: str | None = None  # the country the article is mostly about
    stated_country: str | None = None  # stated, here or with the same holder elsewhere
    body: bool = False  # a body's role ("ecb president"): it has no country
    written_title: str | None = None  # a body's title as written, for the house list
    title_country: bool = False  # placed by the one country its title has elsewhere, nothing else

    @property
    def role(self) -> tuple[str, str | None]:
        return (self.title, self.country)

    @property
    def country_written(self) -> bool:
        """The claim's own words state its country ("Greek Finance Minister X")."""
        return self.mention.role is not None and self.mention.role.qualifier is not None

    @property
    def role_name(self) -> str:
        """The role as findings name it: a body's in the claim's own words ("Texas Gov.",
        "IMF Managing Director": its key may be cut short or by initials), a country's
        title with its country ("Foreign Minister of Morvania")."""
        written = self.mention.role
        if self.body and written is not None and written.title == self.written_title:
            return written.text
        return role_name(self.title, self.country)

    @property
    def key(self) -> tuple[str, int]:
        """Where the claim is: its article and the mention's start."""
        return (self.mention.article, self.mention.start)


ClaimKeys = set[tuple[str, int]]


def collect_claims(
    resolution: Resolution,
    mentions: Mapping[str, Sequence[Mention]],
    articles: Mapping[str, Article],
    lexicon: TitleLexicon,
) -> list[Claim]:
    """Every present-tense role claim, with the country it belongs to: stated; else
    stated for the same holder and title elsewhere; else the article's main country,
    unless the claim's sentence names another; else the holder's nationality (the
    country their other titles are stated with). A company title ("President") takes
    the story's country only for a holder given a country's office elsewhere."""
    role_mentions = [m for ms in mentions.values() for m in ms if m.role is not None and m.role.current]
    holders = {(m.article, m.start): holder_of(m, resolution) for m in role_mentions}
    countries = _holder_countries(role_mentions, holders)
    nationality = _nationalities(role_mentions, holders)
    title_countries = _title_countries(role_mentions)
    bodies = _holder_bodies(role_mentions, holders, lexicon)
    usual_bodies = _usual_bodies(role_mentions, lexicon)
    held_titles: dict[str, set[str]] = defaultdict(set)  # holder -> titles given with a country or body
    for m in role_mentions:
        if m.role is not None and not unqualified(m.role):
            held_titles[holders[(m.article, m.start)]].add(m.role.title)
    with_roles = {m.article for m in role_mentions}  # the only articles whose main country is asked for
    mains = {path: main_country(ms, lexicon) for path, ms in mentions.items() if path in with_roles}
    claims = []
    story_country: dict[tuple[str, int], str] = {}  # a company title's claim -> its story's country
    for m in role_mentions:
        assert m.role is not None
        holder = holders[(m.article, m.start)]
        article = articles.get(m.article)
        date = article.date if article else None
        if article is not None and _looks_back(article.text, m.role.start, date, max(m.end, m.role.start + len(m.role.text))):
            continue  # "in 1987 President X": a past holder named in passing, no claim
        main = mains.get(m.article)
        title, qualifier = m.role.title, m.role.qualifier
        if qualifier is None and (holder, title) in bodies:
            title = bodies[(holder, title)]  # "President Trichet" where he is "ECB President" elsewhere
        elif unqualified(m.role) and (holder, title) not in countries:
            # "Speaker X", never given a country's: whose is not said, but for a holder of
            # other roles, none this one (swapped in: no speaker of anything), the speaker
            # the archive follows
            held = held_titles.get(holder, set())
            if (usual := usual_bodies.get(title)) is None or not held or any(ends_with_title(t, title) for t in held):
                continue
            title = usual
        if is_body_title(title, lexicon):
            initials = body_initials(title, lexicon)
            claims.append(Claim(m, holder, initials, None, date, main, None, body=True, written_title=title))
            continue  # a body's role belongs to no country
        in_story = _story_country(m, main, mentions[m.article], article, lexicon)
        if title in COMPANY_TITLES:
            # companies have presidents too: the story's country says nothing of whose
            country = qualifier or countries.get((holder, title)) or nationality.get(holder)
            if country is None and in_story is not None:
                story_country[(m.article, m.start)] = in_story
        else:
            country = (
                qualifier
                or countries.get((holder, m.role.title))
                or in_story
                or _usual_country(title, nationality.get(holder), title_countries)
            )
        stated = qualifier or countries.get((holder, m.role.title))
        if stated is None and country in lexicon.states:
            country = lexicon.states[country]  # a story about England: the UK's minister
        claims.append(Claim(m, holder, title, country, date, main, stated))
    claims = _officeholders_in_story_country(claims, story_country, lexicon)
    return _title_country_for_unplaced(_one_country_per_holder(claims), _offices(role_mentions, holders))


def _officeholders_in_story_country(
    claims: list[Claim], story_country: Mapping[tuple[str, int], str], lexicon: TitleLexicon
) -> list[Claim]:
    """A company title ("President X") left unplaced takes its story's country when its
    holder is given a country's office elsewhere (a minister, a shadow secretary): a
    politician's presidency is a country's, not a firm's, so a name swapped in from
    another country's politics is compared with that country's president. A holder with
    no country's office (a firm's president) stays unplaced."""
    officeholders = {c.holder for c in claims if c.country and not c.body and c.title not in COMPANY_TITLES}
    out = []
    for c in claims:
        country = story_country.get((c.mention.article, c.mention.start))
        if country is not None and c.holder in officeholders:
            c = replace(c, country=lexicon.states.get(country, country))
        out.append(c)
    return out


def _one_country_per_holder(claims: list[Claim]) -> list[Claim]:
    """A holder's unstated claims of a title take the country most of their claims of
    it have (inferred article by article, they would scatter over the countries each
    story is about, splitting one holder's support). When no country is clearly the
    most, the stories are where the holder went, not whose the title is (a newsroom's
    own secretary of state in Brussels, then in Tokyo): the claims stay unplaced."""
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for c in claims:
        if c.country:
            votes[(c.holder, c.title)][c.country] += 2 if c.stated_country else 1
    out = []
    for c in claims:
        vote = votes.get((c.holder, c.title))
        if c.stated_country is None and vote and c.country != (best := clearly_most(vote)):
            c = replace(c, country=best)
        out.append(c)
    return out


_Key = TypeVar("_Key")


def clearly_most(counts: Counter[_Key]) -> _Key | None:
    """The key counted clearly most often (half as often again as the next), if any."""
    top = counts.most_common(2)
    if not top or (len(top) > 1 and top[1][1] * 3 > top[0][1] * 2):
        return None
    return top[0][0]


def _title_country_for_unplaced(claims: list[Claim], offices: Mapping[str, AbstractSet[str]]) -> list[Claim]:
    """A claim nothing places takes the country of its title's other claims
    (_title_country): a newsroom leaves its own country's titles unstated ("Shadow
    Chancellor X"), and a holder whose other titles are stated gets that country while
    one whose titles never are gets none, so the two could not be compared. A body's
    title is left unplaced. So placed, a claim is flagged
    against a claim placed otherwise only when its story names the other holder
    (Roles.names_the_other) or it falls amid the other holder's dated claims: in an
    undated archive a predecessor settled in a new role looks just like a swapped name.
    Two claims so placed compare as two unplaced ones."""
    countries: dict[str, Counter[str | None]] = defaultdict(Counter)  # title -> its claims by country, None unplaced
    for c in claims:
        if not c.body:
            countries[c.title][c.country] += 1
    return [
        replace(c, country=country, title_country=True)
        if c.country is None and not c.body and (country := _title_country(c, countries, offices)) is not None
        else c
        for c in claims
    ]


def _offices(role_mentions: Sequence[Mention], holders: Mapping[tuple[str, int], str]) -> dict[str, set[str]]:
    """The titles each holder is given, but a firm's or a team's ("Acme Chief Executive")."""
    offices: dict[str, set[str]] = defaultdict(set)
    for m in role_mentions:
        assert m.role is not None
        if not any(ends_with_title(m.role.title, t) for t in CORPORATE_TITLES | TEAM_TITLES):
            offices[holders[(m.article, m.start)]].add(m.role.title)
    return offices


def _title_country(
    c: Claim, countries: Mapping[str, Counter[str | None]], offices: Mapping[str, AbstractSet[str]]
) -> str | None:
    """The country an unplaced claim takes from its title's other claims: the one every
    placed claim has. A company's title ("President X") takes it only for a holder given
    another office elsewhere, none a firm's or a team's (a speaker, a vice president given
    the president's title), and then only the country clearly most of all its claims
    have, the unplaced counted too: a newsroom's own president placed by the odd "U.S.
    President", against a foreign one named now and then; where its own president is
    never placed, the foreign one's is no country for the others."""
    counts = countries[c.title]
    if c.title not in COMPANY_TITLES:
        placed = [country for country in counts if country]
        return placed[0] if len(placed) == 1 else None
    return clearly_most(counts) if offices.get(c.holder, set()) - {c.title} else None


# Titles a company's officer has too ("President Shuichi Takayama" of a company): their
# country is taken only from the holder, never from the story.
COMPANY_TITLES = frozenset(["president", "vice president"])


# A year written just before a title: "in 1987 President X", "as far back as 2007 Premier X";
# or just after the name and title: "restored by President X in 1990", "X, Venezuela's oil
# minister from 1992".
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


_LOOK_BACK_CHARS = 60


_YEAR_AFTER_RE = re.compile(r"^[\s,]*(?:in|since|until|from|between)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?(1[89]\d\d|20\d\d)\b")


def _looks_back(text: str, title_start: int, date: dt.date | None, name_end: int | None = None) -> bool:
    """A year before the article's own (or any year, undated) shortly before the title, in
    the same sentence, or right after the claim (`name_end`, the end of the name or of a
    title after it: "in 1990"): the sentence recalls a past holder."""
    before = text[max(0, title_start - _LOOK_BACK_CHARS) : title_start]
    before = re.split(r"[.!?;\n]", before)[-1]
    years = [int(y) for y in _YEAR_RE.findall(before)]
    if name_end is not None and (after := _YEAR_AFTER_RE.match(text[name_end : name_end + _LOOK_BACK_CHARS])):
        years.append(int(after.group(1)))
    if date is None:
        return bool(years)
    return any(y < date.year for y in years)


def _story_country(
    m: Mention, main: str | None, ms: Sequence[Mention], article: Article | None, lexicon: TitleLexicon
) -> str | None:
    """The country a claim with none stated takes from its story: the article's `main`
    country, unless the claim's sentence names another ("Foreign Minister X flew to
    Lisbon" says nothing of X's country either)."""
    named = _sentence_countries(ms, m, article, lexicon)
    return main if not named - {main} else None


def _sentence_countries(
    ms: Sequence[Mention], m: Mention, article: Article | None, lexicon: TitleLexicon
) -> set[str]:
    """The countries named in the claim's sentence, but for a named publication's ("told
    Spanish daily El Diario"): where the interview appeared says nothing of whose
    minister gave it."""
    if article is None or m.role is None:
        return set()
    text = article.text
    start = max(text.rfind(". ", 0, m.role.start), text.rfind("\n", 0, m.role.start)) + 1
    ends = [i for i in (text.find(". ", m.end), text.find("\n", m.end)) if i != -1]
    end = min(ends) if ends else len(text)
    return {
        c for o in ms
        if start <= o.start < end and o.label in ("GPE", "NORP") and (c := lexicon.country(o.text))
        and not (o.label == "NORP" and _MEDIA_RE.match(text, o.end))
    }


# The words after a nationality that make it a named publication's ("Spanish daily El
# Diario"). Not a broadcaster's: "said on German television" is most often a minister
# at home (measured: the wider rule made one false finding on clean reuters/).
_MEDIA_RE = re.compile(r"[ \t]+(?:daily|weekly|newspaper|paper|magazine)[ \t]+[A-Z]")


def _holder_countries(role_mentions: Sequence[Mention], holders: Mapping[tuple[str, int], str]) -> dict[tuple[str, str], str]:
    """The country a holder's title is stated with elsewhere ("German Chancellor Angela
    Merkel"), for the mentions that leave it out ("Chancellor Angela Merkel")."""
    stated: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for m in role_mentions:
        if m.role is not None and m.role.qualifier:
            stated[(holders[(m.article, m.start)], m.role.title)][m.role.qualifier] += 1
    return {key: c.most_common(1)[0][0] for key, c in stated.items()}


def _holder_bodies(
    role_mentions: Sequence[Mention], holders: Mapping[tuple[str, int], str], lexicon: TitleLexicon
) -> dict[tuple[str, str], str]:
    """(holder, bare title) -> the body title of theirs ending in it, most often given
    (in two mentions or more): "president" -> "ecb president" for a holder called "ECB
    President X" elsewhere; never for a holder the bare title is given with a country
    ("French President X": "President X" is France's)."""
    found: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    national: set[tuple[str, str]] = set()
    for m in role_mentions:
        if m.role is None:
            continue
        holder = holders[(m.article, m.start)]
        if m.role.qualifier:
            national.add((holder, m.role.title))
        elif is_body_title(m.role.title, lexicon):
            words = m.role.title.split()
            for k in range(1, len(words)):
                found[(holder, " ".join(words[k:]))][m.role.title] += 1
    return {
        key: title for key, counts in found.items()
        if key not in national and (top := counts.most_common(1)[0])[1] >= 2 and (title := top[0])
    }


# A body's role given in this many articles or more is one the archive follows story
# after story (its own house's speaker, its own head of state): another body's is named
# so in a story or two.
MIN_FOLLOWED_ROLE_ARTICLES = 5


def _usual_bodies(role_mentions: Sequence[Mention], lexicon: TitleLexicon) -> dict[str, str]:
    """Bare title -> the body title ending in it that the archive follows: given in
    clearly more articles than any other body's (clearly_most), and in
    MIN_FOLLOWED_ROLE_ARTICLES or more. A newsroom writes "Speaker X" for its own
    house's speaker and "Gov. X" for its own state's governor; but "Chairman X" and
    "Coach X" are of the firm or team the story is about, whichever the archive follows."""
    articles_of: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m in role_mentions:
        if m.role is None or m.role.qualifier or not is_body_title(m.role.title, lexicon):
            continue
        words = m.role.title.split()
        bare = next(t for k in range(1, len(words)) if (t := " ".join(words[k:])) in lexicon.phrases)
        if bare not in CORPORATE_TITLES | TEAM_TITLES:
            articles_of[bare][m.role.title].add(m.article)
    usual = {}
    for bare, by_body in articles_of.items():
        top = clearly_most(Counter({body: len(articles) for body, articles in by_body.items()}))
        if top is not None and len(by_body[top]) >= MIN_FOLLOWED_ROLE_ARTICLES:
            usual[bare] = top
    return usual


def _nationalities(role_mentions: Sequence[Mention], holders: Mapping[tuple[str, int], str]) -> dict[str, str]:
    """The country a holder's titles are stated with, when two thirds of them are one
    country's."""
    stated: dict[str, Counter[str]] = defaultdict(Counter)
    for m in role_mentions:
        if m.role is not None and m.role.qualifier:
            stated[holders[(m.article, m.start)]][m.role.qualifier] += 1
    # most of them: one swapped title must not cost a holder their country
    return {h: top for h, c in stated.items() if (top := c.most_common(1)[0][0]) and c[top] * 3 >= sum(c.values()) * 2}


def _title_countries(role_mentions: Sequence[Mention]) -> dict[str, Counter[str]]:
    """The countries each title is stated with, and how often."""
    stated: dict[str, Counter[str]] = defaultdict(Counter)
    for m in role_mentions:
        if m.role is not None and m.role.qualifier:
            stated[m.role.title][m.role.qualifier] += 1
    return stated


# A title stated with one country in this share of its mentions with a country, and in
# at least USUAL_MIN of them, is that country's, as far as the archive knows
USUAL_SHARE = 0.8


USUAL_MIN = 5


def _usual_country(title: str, own: str | None, stated: Mapping[str, Counter[str]]) -> str | None:
    """The country of a claim nothing but its holder's nationality places: that
    nationality, unless the archive states the title with another country nearly always
    and never with theirs ("Chancellor X" of a French politician is the chancellor the
    archive's stories name: a swapped name brings its own country, hiding the swap)."""
    counts = stated.get(title)
    if own is None or not counts or counts[own]:
        return own
    usual, n = counts.most_common(1)[0]
    return usual if n >= USUAL_MIN and n >= USUAL_SHARE * sum(counts.values()) else own


def main_country(ms: Sequence[Mention], lexicon: TitleLexicon) -> str | None:
    """The country named clearly most often in an article, and in two paragraphs or
    more: one paragraph quoting "French President X" and Paris leaves a story of a
    newsroom that never names its own country no story of France's."""
    named = [(c, o.line) for o in ms if o.label in ("GPE", "NORP") and (c := lexicon.country(o.text))]
    counts = Counter(c for c, _ in named)
    best = clearly_most(counts)
    return best if best is not None and len({line for c, line in named if c == best}) >= 2 else None


def held_at_another_time(
    resolution: Resolution,
    mentions: Mapping[str, Sequence[Mention]],
    articles: Mapping[str, Article],
    rules: RuleSet,
    lexicon: TitleLexicon,
    single: set[str],
) -> list[tuple[Mention, str, str, bool]]:
    """Every mention giving a country's title held at another time ("former U.S.
    Treasury Secretary X"), with its holder, the country and whether it is stated. A
    title with no country stated ("incoming President X") is the story's main country's
    when the sentence names no other, a country's title (not a body's) the archive
    states for the holder nowhere, current or not: so placed, a president of the story's
    country."""
    held = [
        (m, holder_of(m, resolution)) for ms in mentions.values() for m in ms
        if m.role is not None and not m.role.current and m.role.title not in single
    ]
    held = [(m, h) for m, h in held if h.casefold() not in rules.ignore_entities]
    stated = {
        (holder_of(m, resolution), m.role.title) for ms in mentions.values() for m in ms
        if m.role is not None and m.role.qualifier
    }
    out: list[tuple[Mention, str, str, bool]] = []
    mains: dict[str, str | None] = {}
    for m, holder in held:
        assert m.role is not None
        if m.role.qualifier is not None:
            out.append((m, holder, m.role.qualifier, True))
        elif not is_body_title(m.role.title, lexicon) and (holder, m.role.title) not in stated:
            if m.article not in mains:
                mains[m.article] = main_country(mentions[m.article], lexicon)
            in_story = _story_country(m, mains[m.article], mentions[m.article], articles.get(m.article), lexicon)
            if in_story is not None:
                out.append((m, holder, lexicon.states.get(in_story, in_story), False))
    return out


def holder_of(m: Mention, resolution: Resolution) -> str:
    """Who a mention given a title names: its entity's canonical name, else its own
    words (a mention the grouping left out)."""
    return resolution.entity_of.get((m.article, m.start)) or " ".join(name_key(m.text).tokens).title()


# Words a title keeps in lower case: "Secretary of State", "Minister of the Interior"
_SMALL_WORDS = frozenset(["of", "the", "and", "for"])


def role_name(title: str, country: str | None) -> str:
    """The role as findings name it: "Foreign Minister of Morvania"."""
    words = " ".join(
        w.upper() if w in ("pm", "ceo") else w if w in _SMALL_WORDS else w.capitalize() for w in title.split()
    )
    return f"{words} of {country}" if country else words
