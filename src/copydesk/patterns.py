"""Names, titles and credits in plain text, without the model.

The words that make a title a role, the title lexicon of the rules, credit lines, bylines
and author blurbs, and a span trimmed to the name it holds. extract.py runs these beside
spaCy; the recovery pass and the checks use them on text alone, and so can a process
that has not imported spaCy (a hook's, while the model loads in another: model_process.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

import jellyfish

from .casing import model_text
from .model import Article, Mention, Role
from .rules import RuleSet

NAME_LABELS = ("PERSON", "ORG")


PLACE_LABELS = ("GPE", "NORP")


HONORIFICS = frozenset(
    "mr mrs ms miss dr sir dame lord lady prof professor rev reverend sen senator rep gen general "
    "col colonel capt captain sgt sheikh mr. mrs. ms. dr. prof. gen. col. capt. sgt. rev. sen. rep.".split()
)


# Words before a title that change what it claims: "former minister" is no current holder.
NOT_CURRENT = frozenset(
    "former ex ex- then then- late future would-be outgoing incoming acting interim designate "
    "previous predecessor successor".split()
)


# Words before "for"/"as" and a title that make it a role sought, not held.
SOUGHT = frozenset("candidate candidates nominee nominated contender bid race run running frontrunner favourite favorite".split())


# Words before a title that describe the holder, not the role: "new Italian Prime
# Minister", "Socialist Prime Minister", "technocrat Prime Minister".
DESCRIPTIVE = frozenset("new newly current veteran embattled beleaguered socialist conservative technocrat".split())
# Words that name a party when capitalised ("Conservative leader"), describe otherwise.
PARTY_WORDS = frozenset("conservative socialist liberal communist democratic republican green labour".split())


# Words that make a different role of a title: "shadow chancellor" is not the chancellor.
TITLE_PREFIXES = frozenset("shadow deputy vice assistant junior associate".split())


# Titles that only identify a role together with a qualifier: "BBC chairman", not "chairman".
NEEDS_QUALIFIER = frozenset(
    ["leader", "coach", "manager", "captain", "chairman", "chief executive", "director general",
     "governor", "mayor", "secretary general", "speaker", "party leader", "managing director",
     # a chamber's or a service's: "Majority Leader X" alone may lead either house
     "majority leader", "minority leader", "chief of staff"]
)


def unqualified(role: Role) -> bool:
    """A title that names a role only with its body or place, given without it ("Speaker
    X", "Gov. X"): a claim only where the holder's other claims say whose."""
    return role.qualifier is None and role.title in NEEDS_QUALIFIER


# The titles of a company's officers: every company has one.
CORPORATE_TITLES = frozenset(["chief executive", "chairman", "managing director"])


def ends_with_title(title: str, bare: str) -> bool:
    """Is `title` the bare title, or a body's ("acme chairman" of "chairman")?"""
    return title == bare or title.endswith(f" {bare}")


# A sports team's staff titles: one person given two of them for one team ("England
# manager" in most stories, "England coach" in one; a Davis Cup captain who coaches)
# holds one job in other words, where a swapped name comes from another team's.
TEAM_TITLES = frozenset(["coach", "manager", "captain"])


# Unqualified, these name a national office only when capitalised ("President Bush").
CAPITALISED_ONLY = frozenset(["president", "vice president", "chancellor", "prime minister"])


GENERIC_TITLE_HEADS = ("secretary", "minister", "commissioner")


# A title word shorter than this is not looked for misspelt before a name
# (TitleLexicon.misspelt): it has too many words a letter away ("Pope": "Pole", "Pipe").
MISSPELT_TITLE_MIN = 5


CREDIT_RE = re.compile(
    r"\b(?:(?:additional|further)\s+)?(?:reporting|writing|editing|written|edited|compiled|"
    r"reported|photos?|graphics?)\s+by\s+",
    re.IGNORECASE,
)


# A photo credit: "Photo: Jane Doe/Reuters", "Photograph: Jane Doe for The Times",
# "(AP Photo/Jane Doe)", "Credit...Jane Doe".
PHOTO_CREDIT_RE = re.compile(
    r"\b(?:(?:photo(?:graph)?s?|pictures?|images?|credit)[ \t]*:|photo[ \t]*/|credits?(?:\.{2,}|…))[ \t]*",
    re.IGNORECASE,
)


_PHOTO_WORDS = frozenset("photo photos photograph image images picture pictures".split())


# A caption's "Jane Doe/AP": a name, a slash and the agency (blanked when it was furniture:
# "/Getty Images", "/AFP via Getty Images"), ending the line or the bracket, or before a
# gap of blanked furniture ("Jane Doe/AP hide caption toggle caption Jane Doe/AP").
NAME_SLASH_AGENCY_RE = re.compile(
    r"(?P<name>[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){1,3})[ \t]?/[ \t]?"
    r"(?:[A-Z][\w&.-]*(?:[ \t]+[A-Z][\w&.-]*){0,3})?(?:[ \t]+via)?(?:[ \t]*\)?[ \t]*$|[ \t]{3,})",
    re.MULTILINE,
)


# A credit opening a caption, just after its blanked furniture ("Enlarge this image toggle
# caption Jane Doe/AP President X speaks"; three spaces or more, as no typist leaves
# them): the caption's own words may follow the agency. Its slash tells it; "Jane Doe for
# NPR" is left, as a Title Case title after a blanked front-matter key reads the same
# ("Quist Set for Return").
_CREDIT_AFTER_NAME = re.compile(r"[ \t]?/")
CAPTION_START_CREDIT_RE = re.compile(
    rf"(?<=[ \t]{{3}})(?P<name>[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){{1,3}})(?={_CREDIT_AFTER_NAME.pattern})"
)


BYLINE_LINES = 15  # a "By ..." line further down is prose, not a byline


BYLINE_RE = re.compile(r"^\s*By\s+(?=[A-Z])", re.MULTILINE)


NAME_WORD = r"[A-Z][\w'’.-]*"


NAME_RUN_RE = re.compile(rf"{NAME_WORD}(?:[ \t]+(?:(?:de|van|von|der|da|al|bin|el|la|le|du)[ \t]+)?{NAME_WORD}){{0,3}}")


# A sentence ending inside a run of capitalised words: a word of three letters or more
# and its full stop ("Glazer." of "Malcom Glazer. Mr Glazer"; "Mr." and "J." are no end).
SENTENCE_END_IN_RUN = re.compile(r"(?<=[^\W\d_]{3})\.\s+")


LIST_SEP_RE = re.compile(r"\s*(?:,|&|\band\b)\s*")


BIO_RE = re.compile(
    rf"^[ \t]*(?P<name>{NAME_WORD}(?:[ \t]+{NAME_WORD}){{1,3}})[ \t]+(?:is|was)[ \t]+(?:a|an|the)[ \t]+"
    r"[^.\n]{0,80}?\b(?:correspondent|reporter|journalist|editor|writer|columnist|photographer|"
    r"producer|analyst|contributor|bureau chief)\b",
    re.MULTILINE,
)


# A broadcast transcript's label for the newsroom's own voice: "JANE DOE, BYLINE:".
SPEAKER_CREDIT_RE = re.compile(
    r"^[ \t]*(?P<name>[A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]*){1,3}),[ \t]*(?:BYLINE|HOST|ANCHOR|CORRESPONDENT)[ \t]*:",
    re.MULTILINE,
)


# A US newsroom's credit line, the names first: "NPR's Jane Doe and John Roe contributed
# to this report", "Jane Doe contributed reporting from Salem" (a line of its own).
CONTRIBUTED_RE = re.compile(
    rf"^[ \t]*(?:{NAME_WORD}['’]s[ \t]+)?(?P<names>{NAME_WORD}(?:(?:[ \t]+|[ \t]*(?:,|&|\band\b)[ \t]*){NAME_WORD}){{1,11}})"
    r"[ \t]+contributed[ \t]+(?:to[ \t]+this[ \t]+(?:report|story)|(?:additional[ \t]+)?reporting)\b",
    re.MULTILINE,
)


STANDALONE_NAME_RE = re.compile(rf"^[ \t]*(?P<name>{NAME_WORD}(?:[ \t]+{NAME_WORD}){{1,2}})[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class TitleLexicon:
    """Titles from the rules, as lower-case phrases mapped to their canonical title."""

    phrases: dict[str, str]
    countries: dict[str, str]  # alias (casefolded) -> country name
    states: dict[str, str] = field(default_factory=dict)  # nation -> the state it is part of
    unions: frozenset[str] = frozenset()  # unions of states (Country.union)

    @classmethod
    def from_rules(cls, rules: RuleSet) -> TitleLexicon:
        phrases: dict[str, str] = {}
        for title in rules.titles:
            for phrase in (title.title, *title.synonyms):
                phrases[phrase] = title.title
        countries: dict[str, str] = {}
        for country in rules.countries:
            for alias in (country.name, *country.aliases):
                countries.setdefault(alias.casefold(), country.name)
        states = {c.name: c.part_of for c in rules.countries if c.part_of}
        return cls(phrases, countries, states, frozenset(c.name for c in rules.countries if c.union))

    def country(self, text: str) -> str | None:
        return self.countries.get(_without_possessive(text.strip()).casefold())

    @cached_property
    def title_words(self) -> frozenset[str]:
        """The one-word titles and honorifics a slip of which is looked for before a name
        (misspelt), of MISSPELT_TITLE_MIN letters or more."""
        words = {p for p in self.phrases if " " not in p} | set(HONORIFICS) | set(GENERIC_TITLE_HEADS)
        return frozenset(w for w in words if w.isalpha() and len(w) >= MISSPELT_TITLE_MIN)

    def misspelt(self, word: str) -> str | None:
        """The title or honorific ("speaker") that a capitalised word before a name is a
        slip of ("Speakor"), or None: one letter added, dropped, changed or two swapped,
        the first letter kept, and the word seen nowhere in general text, English or a
        language English news names people of (a name or a word is no slip)."""
        if not (word[:1].isupper() and word[1:].islower() and word.isalpha() and len(word) >= MISSPELT_TITLE_MIN - 1):
            return None
        folded = word.lower()
        near = [t for t in self.title_words if t[0] == folded[0] and abs(len(t) - len(folded)) <= 1 and t != folded]
        near = [t for t in near if jellyfish.damerau_levenshtein_distance(t, folded) == 1]
        if len(near) != 1:
            return None  # none, or two titles a letter away: which one is not said
        from .evidence import TYPO_ZIPF  # here: both import normalize, which imports this module
        from .normalize import world_prior

        return near[0] if world_prior(folded) < TYPO_ZIPF else None


def make_mention(article: Article, start: int, end: int, label: str, source: str, role: Role | None = None) -> Mention:
    line, column = article.position(start)
    return Mention(article.path, start, end, line, column, article.text[start:end], label, source, role)


def body_title(body: str, title: str) -> str:
    """The title of a body's role, as one, the body keyed as an organisation's name is:
    "BBC's chairman" -> "bbc chairman", "Goldman Sachs Group Inc chief executive" ->
    "goldman sachs chief executive"."""
    from .normalize import name_key  # here: normalize imports this module

    key = name_key(_without_possessive(body), "ORG").key
    return f"{key or _without_possessive(body).lower()} {title}"


def body_initials(title: str, lexicon: TitleLexicon) -> str:
    """A body's title with the body by its initials, as it is often written:
    "international monetary fund managing director" -> "imf managing director"; a body
    of two words, or with "of" or "and" in it, is left whole ("Bank of Japan" and "Bank of
    Jamaica")."""
    words = title.split()
    for k in range(1, len(words)):
        if " ".join(words[k:]) in lexicon.phrases:
            while k > 0 and words[k - 1] in TITLE_PREFIXES:
                k -= 1  # "shadow", "deputy" belong to the title, not the body's name
            body = [w for part in words[:k] for w in part.split("-")]
            # three words or more: "European Council" and "European Commission" are not both "ec"
            if len(body) > 2 and not set(body) & {"of", "and", "for", "the", "&"}:
                return f"{''.join(w[0] for w in body)} {' '.join(words[k:])}"
            return title
    return title


def is_body_title(title: str, lexicon: TitleLexicon) -> bool:
    """A body's role ("ecb president", "bbc chairman"), not a country's: a known title
    preceded by words that are not prefixes."""
    words = title.split()
    while words and words[0] in TITLE_PREFIXES:
        words = words[1:]
    if " ".join(words) in lexicon.phrases:
        return False
    return any(" ".join(words[k:]) in lexicon.phrases for k in range(1, len(words)))


def _without_possessive(text: str) -> str:
    return re.sub(r"['’]s$", "", text)


_NAME_PARTICLES = frozenset("de van von der da al bin el la le du di dos das del".split())


def credit_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, source) of names in credit lines, bylines and author blurbs."""
    found: list[tuple[int, int, str]] = []
    for m in CREDIT_RE.finditer(text):
        found += [(s, e, "credit") for s, e in _name_list(text, m.end())]
    for m in PHOTO_CREDIT_RE.finditer(text):
        found += [(s, e, "credit") for s, e in _name_list(text, m.end())]
    for m in (*NAME_SLASH_AGENCY_RE.finditer(text), *CAPTION_START_CREDIT_RE.finditer(text)):
        if m.group("name").split()[-1].lower() in _PHOTO_WORDS:
            continue  # "AP Photo/Jane Doe", "Getty Images/iStockphoto": the agency comes first
        start = _after_a_sentence(text, m.start("name"), m.end("name"))
        if start is not None and not any(s <= start < e for s, e, _ in found):
            found.append((start, m.end("name"), "credit"))
    found += _credits_repeated(text, found)
    for m in BYLINE_RE.finditer(text):
        if text.count("\n", 0, m.start()) < BYLINE_LINES:
            found += [(s, e, "credit") for s, e in _name_list(text, m.end())]
    found += [(m.start("name"), m.end("name"), "credit") for m in SPEAKER_CREDIT_RE.finditer(text)]
    for m in CONTRIBUTED_RE.finditer(text):
        found += [(s, e, "credit") for s, e in _name_list(text, m.start("names")) if e <= m.end("names") and not _agency(text[s:e])]
    found += [(m.start("name"), m.end("name"), "bio") for m in BIO_RE.finditer(text)]
    credited = {text[s:e].split()[-1] for s, e, _ in found}
    for m in STANDALONE_NAME_RE.finditer(text):
        # an author box: the name alone on a line, with a surname credited in the article
        words = m.group("name").split()
        if words[-1] in credited and words[0] != "By":
            found.append((m.start("name"), m.end("name"), "credit"))
    return found


_AGENCY_FIRST_WORDS = frozenset("the a an".split())
_AGENCY_LAST_WORDS = frozenset("press news staff service services wire wires bureau agency".split())


def _agency(name: str) -> bool:
    """"The Associated Press", "Tribune News Service": a newsroom credited, not a person."""
    words = name.lower().split()
    return words[0] in _AGENCY_FIRST_WORDS or words[-1] in _AGENCY_LAST_WORDS


def _after_a_sentence(text: str, start: int, end: int) -> int | None:
    """Where a credit's name starts when a caption's sentence ends inside the words taken
    ("...on Monday. Jane Doe/AP"): after its stop; None when no two words are left."""
    stops = list(SENTENCE_END_IN_RUN.finditer(text, start, end))
    if not stops:
        return start
    after = stops[-1].end()
    return after if len(text[after:end].split()) >= 2 else None


def _credits_repeated(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A photographer's credit written again with its slash ("toggle caption Jane Doe/AP
    Jane Doe/AP The senator..."): a credit too, where it was not found by its place."""
    names = {text[s:e] for s, e, source in found if source == "credit" and _CREDIT_AFTER_NAME.match(text, e)}
    repeated: list[tuple[int, int, str]] = []
    for name in names:
        for m in re.finditer(rf"(?<![\w'’.-]){re.escape(name)}(?={_CREDIT_AFTER_NAME.pattern})", text):
            if not any(s <= m.start() < e for s, e, _ in (*found, *repeated)):
                repeated.append((m.start(), m.end(), "credit"))
    return repeated


def _name_list(text: str, pos: int) -> Iterator[tuple[int, int]]:
    """Names in "A, B and C in Washington; ..." starting at `pos`, up to the list's end."""
    limit = min(len(text), pos + 300)
    while pos < limit:
        m = NAME_RUN_RE.match(text, pos, limit)
        if not m:
            return
        start, end = m.start(), m.end()
        words = m.group().split()
        if len(words) >= 2:
            yield start, end - (1 if text[end - 1] == "." and len(words[-1]) > 2 else 0)
        pos = end
        sep = LIST_SEP_RE.match(text, pos, limit)
        if not sep:
            return
        pos = sep.end()


# A capitalised word as names are written: "Saarmann", "Jean-Philippe", "O'Neil".
CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*")

_LEADING_NOISE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


_TRAILING_NOISE = re.compile(r"(?:['’]s?|[\s,.;:!?\"“”()\[\]-])+$")


def clean_name_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a mention to the name: no line break, leading "the", honorific, or possessive."""
    span = text[start:end]
    newline = span.find("\n")
    if newline != -1 and not _wrapped_name(span, newline):
        # a span across a line break ("Simon Lewis\nSHANGHAI") keeps its first line
        end = start + newline
        span = text[start:end]
    while True:
        m = _LEADING_NOISE.match(span)
        word = span.split(None, 1)[0].lower() if len(span.split(None, 1)) > 1 else ""
        if m:
            cut = m.end()
        elif word in HONORIFICS:
            cut = len(word)
        else:
            break
        start += cut
        span = text[start:end]
        while span[:1].isspace():
            start += 1
            span = span[1:]
    m = _TRAILING_NOISE.search(span)
    if m and m.start() > 0:
        end = start + m.start()
    return start, end


def clean_person_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A person's name trimmed as any name is (clean_name_span), and from words before
    it that are not: capitals run into it, and whatever comes before an honorific
    ("Commenting Mr Maclin" is "Maclin")."""
    start, end = clean_name_span(text, start, end)
    start = _after_shouted_words(text, start, end)
    words = list(re.finditer(r"\S+", text[start:end]))
    inner = [w for w in words[1:-1] if w.group().lower() in HONORIFICS]
    if inner:
        start += words[words.index(inner[-1]) + 1].start()
    while (m := _POST_NOMINAL_END.search(text, start, end)) is not None and m.start() > start:
        end = m.start()  # "Guy Mansfield QC", "Ann Lowe MP OBE": the letters after are no name
    start = _after_a_description(text, start, end)
    return start, _before_the_sentence_goes_on(text, start, end)


def _after_a_description(text: str, start: int, end: int) -> int:
    """Where a person's name starts when the model ran a description into it: one
    name, a lower-case word, then a name of two words or more to the end of the span (a
    club and a position before a player, "Tallin midfielder Ove Saarmann"). Two words
    before are more likely a person's name and a verb ("Ove Saarmann told Ilse
    Brandvold"): the span is left to end before the lower-case word."""
    words = list(re.finditer(r"\S+", text[start:end]))
    for i, w in enumerate(words[1:], 1):
        word = w.group()
        if not word.islower():
            continue
        before, after = words[:i], words[i + 1 :]
        if (
            word.isalpha()
            and word not in _NAME_PARTICLES
            and len(before) == 1
            and len(after) >= 2
            and all(CAPITALISED_WORD.fullmatch(x.group()) for x in (*before, *after))
        ):
            return start + after[0].start()
        break
    return start


def _before_the_sentence_goes_on(text: str, start: int, end: int) -> int:
    """Where a name the model tagged too long ends: before a spaced dash, a colon, a
    bracket or a quotation mark, a lower-case word that is no name particle, or a word
    that begins with a digit after two words or more, which no person's name has: a
    score, a year or an edition ("Li Keqiang - set", "Angela Merkel: split", "Xia Bin
    told", "Ana Ruiz 6-3 7-5", "Tom Brek Rally 2005"; "Luis de Guindos" and "Ali
    al-Naimi" stay whole). One word and a number is more often a work's title, a
    sequel's number part of it ("Spider-Man 2"), and is left whole."""
    words = list(re.finditer(r"[^\s:;(\"]+|[:;(\"]", text[start:end]))
    for i, w in enumerate(words[1:], 1):
        word = w.group()
        particle = word in _NAME_PARTICLES or word.split("-")[0] in _NAME_PARTICLES
        if word in ("-", "–", "—", ":", ";", "(", '"') or (word[:1].islower() and not particle) or (word[:1].isdigit() and i >= 2):
            return start + words[i - 1].end()
    return end


# Letters after a name for an office, a profession or an honour (a closed class of
# English usage, not names): "QC", "MP", "OBE".
POST_NOMINALS = frozenset("QC KC MP MEP MSP MLA TD OBE MBE CBE KBE DBE GBE PhD".split())


_POST_NOMINAL_END = re.compile(rf"[\s,]+(?:{'|'.join(sorted(POST_NOMINALS))})$")


_SHOUTED_WORD = re.compile(r"[A-Z]{3,}\s+(?=[A-Z][a-z])")


def _after_shouted_words(text: str, start: int, end: int) -> int:
    """Where a person's name starts after capitals run into it: a subhead set in
    capitals on the paragraph's line ("BE BOLD George Magnus, senior adviser"). Words
    of three capitals or more only: "DJ Shadow" and initials stay."""
    while (m := _SHOUTED_WORD.match(text, start, end)) is not None:
        start = m.end()
    return start


def _wrapped_name(span: str, newline: int) -> bool:
    """A name hard-wrapped in a paragraph ("Jakob\nReinholt"), not a name followed by a
    dateline or a heading on the next line."""
    rest = span[newline + 1 :]
    return "\n" not in rest and rest[:1].isupper() and not rest.split()[0].isupper()


def unwrap(text: str) -> str:
    """The text the model reads: headlines in Title Case or capitals put in sentence case
    (casing.py: "Blames Kowalski" is no name), then single line breaks inside a paragraph
    made spaces, so a title or name wrapped across lines is still one phrase to the
    model. A paragraph that ends with no stop (a headline, a photo caption: "Jane
    Doe/AP") is given one, so the model does not read it on into the next paragraph's
    first name. Offsets do not change."""
    return _OPEN_PARAGRAPH_END.sub(".", _joined_lines(model_text(text)))


def _joined_lines(text: str) -> str:
    """Each line break inside a paragraph a space; a line of spaces (a blanked front
    matter's, a boilerplate line's) breaks paragraphs as an empty one does."""
    lines = text.split("\n")
    written = [bool(line.strip()) for line in lines]
    return "".join(
        line + (" " if written[i] and written[i + 1] else "\n") for i, line in enumerate(lines[:-1])
    ) + lines[-1]


# The line break after a paragraph's last word, when no stop ends it and a blank line follows;
# or the blank just after that word, when spaces end its line (a front-matter title, its
# closing quote blanked).
_OPEN_PARAGRAPH_END = re.compile(r"(?<=[\w)\]])(?:\n(?=[ \t]*\n)|[ \t](?=[ \t]*\n[ \t]*\n))")


def looks_like_name(text: str) -> bool:
    """A name starts with a capital or digit and is not a shouted heading or a lone initial."""
    if len(text) < 2 or not (text[0].isupper() or text[0].isdigit()):
        return False
    letters = [c for c in text if c.isalpha()]
    return bool(letters)
