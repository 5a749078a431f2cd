"""Extract who is mentioned: spaCy NER plus patterns for titles, credits and bios.

Patterns work on token text and entity labels only (the pipeline runs ner alone), so
extraction stays as fast as the model itself. What works on plain text alone (credit
lines, the title lexicon, trimming a span to a name) is in patterns.py.
"""
from __future__ import annotations

import multiprocessing
import re
import signal
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .affiliation import mark
from .casing import shouted_lines
from .model import Article, Mention, Role, failure
from .patterns import (
    CAPITALISED_ONLY,
    CAPITALISED_WORD,
    DESCRIPTIVE,
    GENERIC_TITLE_HEADS,
    NAME_LABELS,
    NEEDS_QUALIFIER,
    NOT_CURRENT,
    PARTY_WORDS,
    PLACE_LABELS,
    POST_NOMINALS,
    SOUGHT,
    TITLE_PREFIXES,
    TitleLexicon,
    body_title,
    clean_name_span,
    clean_person_span,
    credit_names,
    looks_like_name,
    make_mention,
    unqualified,
    unwrap,
)
from .rules import RuleSet
from .spans import SpanIndex

# The extractor forked workers inherit (set by the parent just before it forks them).
_POOL_EXTRACTOR: Extractor | None = None


def _extract_batch(articles: list[Article]) -> tuple[list[list[Mention] | None], list[str]]:
    """Runs in a worker process: one batch through the inherited extractor."""
    assert _POOL_EXTRACTOR is not None
    found = list(_POOL_EXTRACTOR.extract(articles))
    problems, _POOL_EXTRACTOR.problems = _POOL_EXTRACTOR.problems, []
    return found, problems


def _leave_sigint_to_the_parent() -> None:
    """Ctrl-C in a terminal reaches every process of the group: the parent ends the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# The model reads a long article in pieces of at most this many characters, cut where
# a paragraph ends: spaCy needs about 3 KB of memory a character of one text (a 1.3 MB
# article took 4.4 GB), and no name spans a paragraph break.
MODEL_PIECE_CHARS = 20_000
_PARAGRAPH_END = re.compile(r"\n\s*\n")


def model_pieces(text: str) -> list[str]:
    """`text` cut after paragraph ends into pieces the model reads one at a time; joined
    they are `text` again. One piece for any article of ordinary length; a paragraph
    longer than a piece stays whole."""
    if len(text) <= MODEL_PIECE_CHARS:
        return [text]
    pieces: list[str] = []
    start = last = 0  # the piece's start; the end of the last paragraph seen
    for end in [m.end() for m in _PARAGRAPH_END.finditer(text)] + [len(text)]:
        if end - start > MODEL_PIECE_CHARS and last > start:
            pieces.append(text[start:last])
            start = last
        last = end
    pieces.append(text[start:])
    return [part for piece in pieces for part in _paragraph_pieces(piece)]


# Inside a paragraph longer than a piece (a credit line of thousands of names), the
# least harmful places to cut, best first.
_WEAKER_ENDS = (re.compile(r"\n"), re.compile(r"[.;!?]\s"), re.compile(r",\s"), re.compile(r"\s"))


def _paragraph_pieces(text: str) -> list[str]:
    pieces = []
    while len(text) > MODEL_PIECE_CHARS:
        window = text[: MODEL_PIECE_CHARS]
        cut = next((m.end() for end in _WEAKER_ENDS for m in [_last(end, window)] if m), MODEL_PIECE_CHARS)
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text]


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match in the second half of `text`."""
    matches = list(pattern.finditer(text, len(text) // 2))
    return matches[-1] if matches else None


# The model's memory grows with the characters of a batch, not its count of texts:
# a batch holds at most this many (about 300 MB of the model's working memory).
MODEL_BATCH_CHARS = 100_000


def _batches(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    """`texts` in batches of at most `size` texts and MODEL_BATCH_CHARS characters (a
    text longer than that alone)."""
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and (len(batch) == size or chars + len(text) > MODEL_BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield batch


def _joined(docs: Iterable[Doc], counts: deque[int]) -> Iterator[Doc]:
    """One Doc per article from the Docs of its pieces (`counts`: pieces per article,
    filled as the pieces are read)."""
    stream = iter(docs)
    for first in stream:
        n = counts.popleft()
        parts = [first, *(next(stream) for _ in range(n - 1))]
        yield parts[0] if n == 1 else Doc.from_docs(parts, ensure_whitespace=False)


def _abbreviated(nlp: Language, phrases: Iterable[str]) -> list[Doc]:
    """Phrases with an abbreviation ("gov."), as the tokenizer reads it before a name: one
    token ("Gov. Ana Ruiz"), where the phrase alone is read as a word and a full stop."""
    return [Doc(nlp.vocab, words=p.split()) for p in phrases if "." in p]


class Extractor:
    """Holds the model and the pattern matchers built from the rules; reused across articles."""

    def __init__(self, nlp: Language, rules: RuleSet) -> None:
        self.nlp = nlp
        # spaCy refuses texts over max_length (1,000,000 characters); ingest already
        # refuses files over the size limit, and a file has no more characters than bytes
        nlp.max_length = max(nlp.max_length, rules.settings.max_article_bytes + 1)
        self.lexicon = TitleLexicon.from_rules(rules)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("TITLE", [*map(nlp.make_doc, self.lexicon.phrases), *_abbreviated(nlp, self.lexicon.phrases)])
        self.problems: list[str] = []  # one line per article skipped (extract)

    def extract(
        self, articles: Sequence[Article], batch_size: int = 64, n_process: int = 1
    ) -> Generator[list[Mention] | None, None, None]:
        """Each article's mentions, in order; None for an article that could not be
        analysed, with a line saying why in `self.problems`: the others go on."""
        if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
            yield from self._extract_in_processes(articles, batch_size, n_process)
            return
        counts: deque[int] = deque()

        def pieces() -> Iterator[str]:
            for article in articles:
                parts = model_pieces(unwrap(article.text))
                counts.append(len(parts))
                yield from parts

        read = (doc for batch in _batches(pieces(), batch_size)
                for doc in self.nlp.pipe(batch, batch_size=len(batch), n_process=n_process))
        docs = _joined(read, counts)
        done = 0
        try:
            for article, doc in zip(articles, docs, strict=True):
                yield self._mentions_or_none(article, doc)
                done += 1
        except Exception:  # noqa: BLE001 - spaCy failed on a text of the batch: the rest one at a time, to skip only that one
            for article in articles[done:]:
                yield self._mentions_or_none(article, None)

    def _extract_in_processes(
        self, articles: Sequence[Article], batch_size: int, n_process: int
    ) -> Generator[list[Mention] | None, None, None]:
        """Batches extracted by forked workers that share this extractor's loaded model;
        only articles go out and mentions come back (spaCy's own n_process sends Docs
        back, and an interrupted run of it waits forever for its workers). Leaving the
        pool (finished, closed or interrupted) ends the workers."""
        global _POOL_EXTRACTOR
        _POOL_EXTRACTOR = self
        batches = [list(articles[i : i + batch_size]) for i in range(0, len(articles), batch_size)]
        context = multiprocessing.get_context("fork")
        with context.Pool(n_process, initializer=_leave_sigint_to_the_parent) as pool:
            for found, problems in pool.imap(_extract_batch, batches):
                self.problems += problems
                yield from found

    def _mentions_or_none(self, article: Article, doc: Doc | None) -> list[Mention] | None:
        try:
            if doc is None:
                parts = model_pieces(unwrap(article.text))
                doc = next(_joined((self.nlp(p) for p in parts), deque([len(parts)])))
            return self.mentions(article, doc)
        except Exception as exc:  # noqa: BLE001 - an article spaCy or a pattern fails on is skipped and said; the others go on
            self.problems.append(failure(article.path, "names could not be extracted", exc))
            return None

    def mentions(self, article: Article, doc: Doc) -> list[Mention]:
        found: dict[tuple[int, int], Mention] = {}
        on_the_models_names: dict[tuple[int, int], Role] = {}
        for m in self._pattern_mentions(article, doc):
            if m.role is not None and (not m.role.current or unqualified(m.role)):
                on_the_models_names.setdefault((m.start, m.end), m.role)
            else:
                found.setdefault((m.start, m.end), m)
        taken = SpanIndex(list(found))
        headlines = _Headlines(article.text)
        for ent in doc.ents:
            label = self._label(ent)
            if label in NAME_LABELS + PLACE_LABELS:
                named = self._from_span(article, ent, label, "ner")
                if named and ent.label_ in NAME_LABELS:
                    named = headlines.trimmed(article, named)
                if named and not taken.overlaps(named.start, named.end):
                    found[(named.start, named.end)] = named
                    taken.add(named.start, named.end)
        for span, role in on_the_models_names.items():
            # a title held at another time, or one whose body is unsaid, finds no name
            # the model missed: it goes on the model's own mention of the name, if any
            named = found.get(span)
            if named is not None and named.label == "PERSON" and named.role is None:
                found[span] = replace(named, role=role)
        return mark(article.text, sorted(found.values(), key=lambda m: m.start))

    def _label(self, ent: Span) -> str:
        """The model's label, but for names it plainly misread."""
        if ent.label_ in THING_LABELS and _speaker_written_as_a_name(ent, self.lexicon):
            return "PERSON"  # "Halvard Qiust, an economist at Fjordbank, said": a work of art
        if ent.label_ == "ORG" and _with_post_nominal(ent.text):
            return "PERSON"  # "Guy Mansfield QC" tagged an organisation for its letters
        if ent.label_ in ("GPE", "NORP") and _written_as_an_unfamiliar_name(ent.text, self.lexicon):
            # "Marta Kowalcyzk" tagged a place or a nationality: an unfamiliar name,
            # compared as a person where it is written as one (an organisation written
            # so is, resolve.py)
            return "ORG"
        return ent.label_

    # -- patterns -------------------------------------------------------------------

    def _pattern_mentions(self, article: Article, doc: Doc) -> Iterator[Mention]:
        yield from self._titled_names(article, doc)
        for start, end, source in credit_names(article.text):
            yield make_mention(article, start, end, "PERSON", source)

    def _titled_names(self, article: Article, doc: Doc) -> Iterator[Mention]:
        for title in self._title_spans(doc):
            role = self._role(doc, title)
            if role is None:
                continue
            end = title.end
            placed = self._place_after(doc, title.end)
            if placed is not None:
                country, end = placed
                if not country or (role.qualifier is not None and role.qualifier != country):
                    continue  # "finance minister in Bavaria": a state's, not the country's
                role = replace(role, qualifier=country)
            name = _name_after(doc, end, self.lexicon)
            if name is None and not unqualified(role):
                # a bare title after a name is a role of something said next or not at
                # all ("X, Chairman of Acme", "X, Leader of the Commons"): no claim
                name = _appositive_name(doc, _first_token(doc, role.start, title.end_char)) or _name_after_comma(doc, end)
            if name is None:
                continue
            m = self._from_span(article, name, "PERSON", "title", role)
            if m:
                yield m

    def _place_after(self, doc: Doc, i: int) -> tuple[str, int] | None:
        """The place a title is said to be of or in just after it ("Prime Minister of
        Japan X", "X, finance minister in Bavaria"), and where it ends: the country, or ""
        for a place that is no country (a state's or a city's office); None when no place
        follows."""
        if i + 1 >= len(doc) or doc[i].lower_ not in ("of", "in") or not doc[i + 1].is_title:
            return None
        ent = _entity_at(doc, i + 1)
        if ent is not None and ent.start == i + 1:
            if ent.label_ not in ("GPE", "LOC"):
                return None  # a person's or a body's name: "the minister in Ana Ruiz's cabinet"
            end = ent.end
        else:
            end = i + 1
            while end < len(doc) and not doc[end].ent_type_ and (
                doc[end].is_title or (doc[end].text == "-" and end + 1 < len(doc) and doc[end + 1].is_title)
            ):
                end += 1
            if end == i + 1:
                return None
        if doc[end - 1].text in ("'s", "’s") or (end < len(doc) and doc[end].text in ("'s", "’s")):
            return "", end  # "director-general of South Korea's finance ministry": the ministry's
        place = doc[i + 1 : end]
        return self.lexicon.country(place.text) or "", end

    def _title_spans(self, doc: Doc) -> list[Span]:
        spans = [doc[s:e] for _, s, e in self.matcher(doc)]
        spans += _generic_titles(doc, self.lexicon)
        spans = [s for s in spans if not _inside_other_name(doc, s)]
        # keep the longest title at each place: "Foreign Minister" over "Minister"
        spans.sort(key=lambda s: (s.start, -len(s)))
        kept: list[Span] = []
        for span in spans:
            if kept and span.start < kept[-1].end:
                continue
            kept.append(span)
        return kept

    def _role(self, doc: Doc, title: Span) -> Role | None:
        """The title with its qualifier ("Chinese", "BBC") and prefixes ("shadow")."""
        words = [t.lower_ for t in title]
        canonical = self.lexicon.phrases.get(" ".join(words), " ".join(words))
        start = title.start
        qualifier: str | None = None
        # walk left over prefixes and one qualifier: "former British shadow home secretary"
        i, canonical, start = _prefixes(doc, title.start - 1, canonical, start)
        if canonical not in NEEDS_QUALIFIER:
            i = _skip_descriptive(doc, i)  # "conservative leader": a party's, not a country's
        qual = _qualifier_before(doc, i)
        if qual is not None and qual.start > 0 and doc[qual.start - 1].text == "/" and not doc[qual.start - 1].whitespace_:
            qual = None  # "Jane Doe/AP President X speaks": a caption's agency, not the title's body
        if qual is not None and qual.label_ == "PERSON" and qual[-1].text in ("'s", "’s") and canonical not in NEEDS_QUALIFIER:
            # "Merkel's Finance Minister": her government's, whose country is told
            # elsewhere (a firm's "chief executive" keeps the name, read as the firm's below)
            qual = None
        if qual is not None and qual.label_ == "PERSON" and _name_after(doc, title.end) is not None:
            qual = Span(doc, qual.start, qual.end, label="ORG")  # "Lib Dem leader Ana Ruiz": a party the model took for a person
        if qual is not None and qual.text.lower().rstrip("-") in NOT_CURRENT | {"ex"}:
            qual = None  # "Outgoing Prime Minister", "Then-Premier": a word of time, held then (below)
        if qual is not None and not qual.label_:
            qual = _named_elsewhere(doc, qual)  # "new ECB President": ECB an organisation elsewhere in the story
        if qual is not None and not qual.label_:
            qual = _name_not_word(qual)  # "Eurogroup chairman": a body's name, no English word
        if qual is not None and not qual.label_ and canonical in NEEDS_QUALIFIER:
            qual = _party_named(doc, qual)  # "Conservative leader Ana Ruiz": the party's
        if qual is not None and qual.label_ == "NORP" and not self.lexicon.country(qual.text):
            qual = _with_body_before(doc, qual, self.lexicon)  # "Liberal Democrat leader", tagged "Liberal" ORG + "Democrat" NORP
        if qual is not None:
            country = self.lexicon.country(qual.text)
            if (country or qual.label_ == "NORP") and _body_before(doc, qual.start - 1):
                return None  # "Toyota's North American President": the firm's, in that country
            if country:
                qualifier = country
            elif qual.label_ == "NORP" and canonical not in NEEDS_QUALIFIER:
                qual = None  # "Socialist Prime Minister": a party's member, the country's office
            elif qual.label_ in ("ORG", "NORP", "GPE"):
                # a body, not a country: "BBC chairman", "Tory leader", "ECB President"
                canonical = body_title(qual.text, canonical)
            else:
                return None  # "Committee chairman": which committee is not said
        if qual is not None:
            start = qual.start
            i = qual.start - 1 if canonical in NEEDS_QUALIFIER else _skip_descriptive(doc, qual.start - 1)
        i, canonical, start = _prefixes(doc, i, canonical, start)
        if i >= 1 and doc[i].text == "-":
            i -= 1  # "Ex-Foreign Minister" is tokenised "Ex", "-", "Foreign"
        # held at another time: no claim on the role, but whose titles the person held
        # (the country stated, or the story's: role_conflict)
        held_then = i >= 0 and doc[i].lower_.rstrip("-") in NOT_CURRENT | {"ex"}
        if not held_then and i >= 1 and doc[i].lower_ in ("for", "as") and doc[i - 1].lower_ in SOUGHT:
            return None  # "the candidate for Fed chair": not (yet) the holder
        # "Speaker X", "Gov. X": whose speaker or governor, the holder's other claims may
        # say (roles/claims.py); lower case ("coach X"), held then or after another
        # capitalised word ("Lt. Gov. X": another office), no claim
        if qualifier is None and canonical in NEEDS_QUALIFIER and (
            held_then or not all(t.is_title for t in title) or _after_a_capitalised_word(doc, start)
        ):
            return None
        if qualifier is None and canonical in CAPITALISED_ONLY and not title[0].is_title:
            return None  # "club president Jane Doe": a body's president, not a head of state
        return Role(canonical, qualifier, doc[start:title.end].text, doc[start].idx, current=not held_then)

    def _from_span(self, article: Article, span: Span, label: str, source: str, role: Role | None = None) -> Mention | None:
        if label == "PERSON":
            start, end = clean_person_span(article.text, span.start_char, span.end_char)
            start = self._after_misspelt_title(article.text, start, end)
        else:
            start, end = clean_name_span(article.text, span.start_char, span.end_char)
        if end <= start:
            return None
        if label in NAME_LABELS and not looks_like_name(article.text[start:end]):
            return None
        if source == "ner" and "," in article.text[start:end]:
            return None  # "Brent Cockbain, Shane Williams" tagged as one ORG: a list, not a name
        return make_mention(article, start, end, label, source, role)

    def _after_misspelt_title(self, text: str, start: int, end: int) -> int:
        """Where a person's name starts after a slip of a title the model ran into it
        ("Speakor Ana Ruiz": TitleLexicon.misspelt), so the name is keyed as the person's
        (checks.name_variant flags the title)."""
        words = list(re.finditer(r"\S+", text[start:end]))
        if len(words) >= 2 and self.lexicon.misspelt(words[0].group()) is not None:
            return start + words[1].start()
        return start


class _Headlines:
    """An article's Title Case and capitals lines, and the capitalised words of the rest.

    A headline's words the casing pass left capitalised (rare words the story does not
    write: "Mocks Quist Walkout") can join a name; a name in a headline is trimmed to
    the words the story itself writes capitalised ("Quist")."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._body_words: frozenset[str] | None = None
        self._shouted: set[int] | None = None

    def trimmed(self, article: Article, m: Mention) -> Mention:
        words = list(_NAME_WORD_RE.finditer(m.text))
        if len(words) < 2 or self.text.count("\n", 0, m.start) not in self.shouted:
            return m
        known = [w.group() in self.body_words for w in words]
        if all(known) or not any(known):
            return m  # all the story's names, or a name only the headline gives
        run = max(_runs(known), key=lambda r: r[1] - r[0])
        start, end = m.start + words[run[0]].start(), m.start + words[run[1] - 1].end()
        return make_mention(article, start, end, m.label, m.source, m.role)

    @property
    def shouted(self) -> set[int]:
        """The indexes of the text's headline-like lines (casing.shouted_lines)."""
        if self._shouted is None:
            self._shouted = shouted_lines(self.text.split("\n"))
        return self._shouted

    @property
    def body_words(self) -> frozenset[str]:
        if self._body_words is None:
            body = [ln for i, ln in enumerate(self.text.split("\n")) if i not in self.shouted]
            self._body_words = frozenset(w for ln in body for w in _NAME_WORD_RE.findall(ln) if w[:1].isupper())
        return self._body_words


_NAME_WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*")


def _runs(flags: list[bool]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of True in `flags`."""
    start = None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            yield start, i
            start = None


def _prefixes(doc: Doc, i: int, canonical: str, start: int) -> tuple[int, str, int]:
    """Walk left from token `i` over prefixes that make another role of a title ("Deputy",
    "Vice-"): the next token to look at, the title with them, where it now starts."""
    while i >= 0:
        if doc[i].lower_ in TITLE_PREFIXES:
            j = i
        elif doc[i].text == "-" and i > 0 and doc[i - 1].lower_ in TITLE_PREFIXES:
            j = i - 1  # "Vice-President" is tokenised "Vice", "-", "President"
        else:
            break
        canonical = f"{doc[j].lower_} {canonical}"
        start = j
        i = j - 1
    return i, canonical, start


def _named_elsewhere(doc: Doc, qual: Span) -> Span:
    """Initials before a title that the model tags an organisation, a place or a group
    elsewhere in the story ("new ECB President X", ECB untagged there): labelled so. A
    word it never tags ("Committee chairman") stays unlabelled: which body is not said.
    Only initials: a capitalised word may be a nickname ("Blues boss" for a club called
    otherwise elsewhere), another name for a body the archive knows by its own."""
    labels = {e.label_ for e in doc.ents if e.text == qual.text and e.label_ in ("ORG", "GPE", "NORP")}
    if not labels or not qual.text.isupper() or len(qual.text) < 2:
        return qual
    return Span(doc, qual.start, qual.end, label="ORG" if "ORG" in labels else sorted(labels)[0])


# How much commoner than a known word (normalize.KNOWN_WORD_ZIPF) a capitalised word
# before a title may be and still be read as a body's name: a club or town named after a
# word ("Wasps coach") is rarer in text than the words that say which body is meant
# nowhere ("Committee chairman", "Club president", Zipf 5 and more). Chosen on
# train-labeled among 0, 0.5 and 1 (role-swap 39, 41, 41 of 45: the least that finds
# them), checked on wire-labeled.
BODY_NAME_MARGIN = 0.5


def _name_not_word(qual: Span) -> Span:
    """One capitalised word before a title that is no known English word ("Eurogroup
    chairman", "Brentford boss"): a body's name the model left untagged, labelled an
    organisation. A word ("Committee chairman", "Club president") stays unlabelled: which
    committee is not said."""
    if len(qual) != 1 or not qual[0].is_alpha or _common_word(qual.text, BODY_NAME_MARGIN):
        return qual
    return Span(qual.doc, qual.start, qual.end, label="ORG")


def _party_named(doc: Doc, qual: Span) -> Span:
    """A party's word ("Conservative", "Socialist"), capitalised, just before a title
    that needs a body ("leader"): the party's name the model left untagged, labelled an
    organisation ("Greek conservative leader" stays a description)."""
    if len(qual) != 1 or qual[0].lower_ not in PARTY_WORDS or not qual[0].is_title:
        return qual
    return Span(doc, qual.start, qual.end, label="ORG")


def _with_body_before(doc: Doc, qual: Span, lexicon: TitleLexicon) -> Span:
    """A group's name the model cut short, a capitalised word just before it ("Liberal
    Democrat leader": "Democrat" tagged alone, "Liberal" untagged or an organisation):
    one body, the whole name. Not a country ("French Socialist leader"), nor a word that
    qualifies the title ("Former", "Deputy")."""
    i = qual.start - 1
    if i < 0:
        return qual
    tok = doc[i]
    ent = _entity_at(doc, i)
    if (
        not tok.is_title
        or tok.is_stop
        or tok.lower_ in NOT_CURRENT | DESCRIPTIVE | TITLE_PREFIXES
        or lexicon.country(tok.text)
        or (ent is not None and (ent.label_ != "ORG" or ent.end != qual.start))
    ):
        return qual
    return Span(doc, ent.start if ent is not None else i, qual.end, label="ORG")


def _body_before(doc: Doc, i: int) -> bool:
    """An organisation (or its possessive) just before token `i + 1`."""
    if i >= 1 and doc[i].text in ("'s", "’s"):
        i -= 1
    ent = _entity_at(doc, i) if i >= 0 else None
    return ent is not None and ent.label_ == "ORG" and ent.end == i + 1


def _skip_descriptive(doc: Doc, i: int) -> int:
    while i >= 0 and doc[i].lower_ in DESCRIPTIVE:
        i -= 1
    return i


def _inside_other_name(doc: Doc, title: Span) -> bool:
    """A title word that is part of an organisation's or event's name: "Premier League",
    "President's Cup" (the model tags "Harbour Master Rune Dahl" an ORG too, so the word
    after the title must be one that heads such names)."""
    if title.end >= len(doc):
        return False
    ent = _entity_at(doc, title.end - 1)
    after = doc[title.end]
    return (
        ent is not None
        and ent.label_ not in ("PERSON", "GPE", "NORP")
        and ent.end > title.end
        and after.lower_ in _NAME_HEADS
    )


# Words that head the name of an organisation, a competition or a place, not a person.
_NAME_HEADS = frozenset(
    "league cup trophy award awards prize club council party bank fund foundation hotel school "
    "college university committee association union group house hall stadium games series tour".split()
)


def _generic_titles(doc: Doc, lexicon: TitleLexicon | None = None) -> list[Span]:
    """Capitalised phrases ending in Secretary/Minister/Commissioner: "Work and Pensions Secretary"."""
    spans = []
    for tok in doc:
        if tok.lower_ in GENERIC_TITLE_HEADS and tok.is_title:
            i = tok.i - 1
            while i >= 0 and (doc[i].is_title or (doc[i].lower_ == "and" and i > 0 and doc[i - 1].is_title)):
                if doc[i].ent_type_ in ("PERSON", "GPE", "NORP") or (doc[i].is_stop and doc[i].lower_ != "and"):
                    break
                if doc[i].lower_ == "and" and _a_name(doc[i - 1]):
                    break  # "Shirakawa and Finance Minister": a name's "and", whatever the model tags it
                if doc[i].lower_ in TITLE_PREFIXES | NOT_CURRENT | DESCRIPTIVE:
                    break  # "Deputy", "Former": walked over by _role, not part of the title
                if lexicon is not None and lexicon.country(doc[i].text):
                    break  # "Slovak Prime Minister": the country is the qualifier
                i -= 1
            while i + 1 < tok.i and doc[i + 1].lower_ == "and":
                i += 1  # "Ana Ruiz and Economy Minister Rui Sa": the "and" joins two people
            if i + 1 < tok.i:
                spans.append(doc[i + 1 : tok.i + 1])
        elif tok.lower_ in GENERIC_TITLE_HEADS and tok.is_lower and (start := _lower_title_start(doc, tok.i)) is not None:
            spans.append(doc[start : tok.i + 1])
    return spans


def _a_name(token: Token) -> bool:
    """A capitalised word before a title's "and" that is no common word ("Shirakawa",
    not "Pensions" or "Fiscal"): a person's name, two people joined."""
    return not _common_word(token.text)


def _common_word(word: str, margin: float = 0.0) -> bool:
    """Is `word` a known English word (normalize.KNOWN_WORD_ZIPF), `margin` Zipf more
    common than the least known one?"""
    from .normalize import KNOWN_WORD_ZIPF, word_prior  # normalize reads extract's honorifics

    return word_prior(word.lower()) >= KNOWN_WORD_ZIPF + margin


def _lower_title_start(doc: Doc, head: int) -> int | None:
    """Where a title written in lower case starts, when a country or body comes just
    before it: "EU economic and monetary affairs commissioner", "Irish health minister".
    Without one, "the new transport minister" may be anyone's."""
    i = head - 1
    while i >= 0 and doc[i].is_lower and doc[i].is_alpha and (not doc[i].is_stop or doc[i].lower_ == "and"):
        if doc[i].lower_ in TITLE_PREFIXES | NOT_CURRENT | DESCRIPTIVE or doc[i].ent_type_:
            break
        i -= 1
    start = i + 1
    if start == head:
        return _body_name_start(doc, head)
    if doc[start].lower_ == "and" or head - start > 4:
        return None
    if i >= 1 and doc[i].text in ("'s", "’s"):
        i -= 1
    ent = _entity_at(doc, i) if i >= 0 else None
    return start if ent is not None and ent.end == i + 1 and ent.label_ in ("GPE", "NORP", "ORG") else None


def _body_name_start(doc: Doc, head: int) -> int | None:
    """Where an organisation's capitalised name starts that ends just before a title head
    in lower case: "Home Office minister" is the title "Home Office Minister" is."""
    ent = _entity_at(doc, head - 1) if head >= 1 else None
    if ent is None or ent.label_ != "ORG" or ent.end != head:
        return None
    start = head
    while start > ent.start and doc[start - 1].is_title and not doc[start - 1].is_stop:
        start -= 1
    return start if start < head else None


def _qualifier_before(doc: Doc, i: int) -> Span | None:
    """A country or body just before a title: "Chinese", "China's", "U.S.", "BBC", "Tory"."""
    if i < 0:
        return None
    tok = doc[i]
    if tok.text in ("'s", "’s") and i > 0:
        ent = _entity_at(doc, i - 1)
        if ent is not None:
            return Span(doc, ent.start, i + 1, label=ent.label_)
        return doc[i - 1 : i + 1]
    ent = _entity_at(doc, i)
    place = i if ent is None else ent.start if ent.label_ == "GPE" and ent.end == i + 1 else None
    if place is not None and (body := _body_of_place(doc, place)) is not None:
        return Span(doc, body, i + 1, label="ORG")
    if ent is not None and ent.label_ in ("GPE", "NORP", "ORG") and ent.end == i + 1:
        j = i
        while j > ent.start and (doc[j - 1].is_title or doc[j - 1].is_upper or doc[j - 1].lower_ in ("of", "and", "for")):
            j -= 1
        while j < i and doc[j].lower_ in ("of", "and", "for"):
            j += 1
        return Span(doc, j, ent.end, label=ent.label_)
    if ent is not None and ent.end == i + 1:
        # another kind of name ends here ("Toyota North America President"): the whole
        # of it, not its last word ("America") read as a country
        return Span(doc, ent.start, ent.end, label=ent.label_)
    if (tok.is_title or tok.is_upper) and not tok.is_stop:
        return doc[i : i + 1]
    return None


def _body_of_place(doc: Doc, place: int) -> int | None:
    """Where a body's name starts that ends with the place at token `place` ("Bank of
    Japan", "Reserve Bank of India") when the model tagged only the place: capitalised
    words and "of" just before it. A title is the body's then, not the country's (after
    a dateline the model often misses "Bank of Japan" and keeps "Japan")."""
    if place < 2 or doc[place - 1].lower_ != "of" or not (doc[place].is_title or doc[place].is_upper):
        return None
    start = place - 1
    while start >= 1 and doc[start - 1].is_title and not doc[start - 1].is_stop and not doc[start - 1].ent_type_:
        if doc[start - 1].lower_ in GENERIC_TITLE_HEADS or doc[start - 1].lower_ in ("president", "chancellor", "governor"):
            return None  # "Minister of Finance": a title's own words
        start -= 1
    return start if start < place - 1 else None


def _first_token(doc: Doc, start_char: int, end_char: int) -> int:
    """The index of the first token of the characters start_char..end_char, which begin
    and end on token boundaries (a role's title)."""
    span = doc.char_span(start_char, end_char)
    if span is None:  # (not on token boundaries; the article is skipped and said)
        raise ValueError(f"characters {start_char}..{end_char} are not whole tokens")
    return int(span.start)


def _appositive_name(doc: Doc, title_start: int) -> Span | None:
    """The person a title (starting at token `title_start`) describes after a comma:
    "Chen Jining, the Party Secretary of Shanghai", "Ana Ruiz, Foreign Minister, said"."""
    i = title_start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].text != ",":
        return None
    ent = _entity_at(doc, i - 1)
    return ent if ent is not None and ent.label_ == "PERSON" and ent.end == i else None


def _name_after_comma(doc: Doc, i: int) -> Span | None:
    """The person a title describes in an apposition after it: "the new Morvanian
    president, Lene Arvik, said" (a PERSON between two commas)."""
    if i + 1 >= len(doc) or doc[i].text != ",":
        return None
    ent = _entity_at(doc, i + 1)
    if ent is None or ent.label_ != "PERSON" or ent.start != i + 1 or ent.end >= len(doc):
        return None
    return ent if doc[ent.end].text == "," else None


def _entity_at(doc: Doc, i: int) -> Span | None:
    tok = doc[i]
    if not tok.ent_type_:
        return None
    for ent in doc.ents:
        if ent.start <= i < ent.end:
            return ent
    return None


def _name_after(doc: Doc, i: int, lexicon: TitleLexicon | None = None) -> Span | None:
    """The person named right after a title: a PERSON entity or a run of capitalised
    words; with the `lexicon`, a place or nationality the model made of an unfamiliar
    name ("U.S. President Wendell Okafor": a place, to the model)."""
    if i >= len(doc):
        return None
    tok = doc[i]
    if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B":
        ent = _entity_at(doc, i)
        if ent is not None:
            return ent
    if lexicon is not None and tok.ent_type_ in ("GPE", "NORP") and tok.ent_iob_ == "B":
        ent = _entity_at(doc, i)
        if ent is not None and _written_as_an_unfamiliar_name(ent.text, lexicon):
            return ent
    end = i
    hyphens = 0  # "Sven-Goran" is one name word in three tokens
    while end < len(doc) and end - i < 3 + 2 * hyphens and doc[end].is_title and doc[end].is_alpha and "\n" not in doc[end].whitespace_:
        if doc[end].ent_type_ in ("GPE", "NORP", "DATE") or doc[end].lower_ in _NOT_NAME_WORDS:
            break
        end += 1
        if (  # "Sven-Goran": a hyphen and a capitalised word go on with the name
            end + 1 < len(doc) and not doc[end - 1].whitespace_ and doc[end].text == "-"
            and not doc[end].whitespace_ and doc[end + 1].is_title and hyphens < 2
        ):
            end += 1
            hyphens += 1
            continue
        if doc[end - 1].whitespace_ != " ":
            break
    if end > i and end - i >= 1:
        return doc[i:end]
    return None


_NOT_NAME_WORDS = frozenset(
    "the a an and of in on at for to with said says has have had was is will would said "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


# -- credits and author blurbs ---------------------------------------------------------


# -- cleaning --------------------------------------------------------------------------


def _written_as_an_unfamiliar_name(text: str, lexicon: TitleLexicon) -> bool:
    """Two or three capitalised words, no country among them, the last one no known
    word (a place's is: "Falls", "York", "Aires" are; a misspelt surname is not)."""
    words = text.split()
    return (
        2 <= len(words) <= 3
        and all(CAPITALISED_WORD.fullmatch(w) for w in words)
        and not any(lexicon.country(w) for w in (*words, text))
        and not _common_word(words[-1])
    )


# The model's labels for things, which it gives a speaker's unfamiliar name now and then.
THING_LABELS = frozenset(["WORK_OF_ART", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "LANGUAGE"])
# Speaking just after a span, an appositive between: ", an economist at Fjordbank, said".
_SPEAKS = re.compile(r"\s*(?:,[^,\"“”\n]{3,80},\s*)?(?:said|says|told|added)\b")


def _after_a_capitalised_word(doc: Doc, i: int) -> bool:
    """Does a capitalised word, or a short one's abbreviation ("Lt."), come just before
    token `i`? A longer word and a full stop end a sentence ("in Salem. Gov. X")."""
    if i < 1:
        return False
    if doc[i - 1].text == "." and i > 1 and not doc[i - 2].whitespace_:
        return doc[i - 2].is_title and len(doc[i - 2]) <= 3
    return doc[i - 1].is_title


def _speaker_written_as_a_name(ent: Span, lexicon: TitleLexicon) -> bool:
    """An unfamiliar name that speaks ("Halvard Qiust, an economist at Fjordbank, said"): a
    person's, as places and works do not speak ("Silicon Valley said" ends in a known
    word; a place speaking for its government is a country's name, a capital or a seat,
    all in the lexicon)."""
    return _written_as_an_unfamiliar_name(ent.text, lexicon) and _SPEAKS.match(ent.doc.text, ent.end_char) is not None


def _with_post_nominal(span: str) -> bool:
    """A span of two or three capitalised words and letters after them ("Guy Mansfield QC")."""
    words = span.split()
    return 3 <= len(words) <= 4 and words[-1] in POST_NOMINALS and all(w[:1].isupper() for w in words[:-1])


