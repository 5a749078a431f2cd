"""Match weights: how strongly each piece of evidence says that two spellings, equal
but for one name part, name one person (or organisation).

The model's form is Fellegi-Sunter's, as in record linkage (Splink): each comparison
falls into a level, each level carries a weight log2(m / u), where m is how often the
level is seen when the two spellings name one person and u how often when they name two,
and the weights add up. A pair is a variant when its total reaches
`settings.name_variant.min_weight`.

- edit: what kind of edit turns one spelling of the part into the other. Typists swap
  neighbouring letters, double or drop one, hit a neighbouring key; different people's
  names differ by whole syllables. A fixed table of priors (a typo model, the same for
  every archive).
- names: whether the two spellings of the part are themselves common names or words
  (wordfreq): "Simth" is nobody's name, "Davis" and "Davies" are two families'.
- agree: how rare the parts that agree are: "Toshack" agreeing says more than "John";
  a one-word name has none, which counts against it.
- company: how many other names the two spellings' articles share, weighed by what this
  archive shows. m from pairs of articles naming one spelling (one person, as a rule),
  u from articles of different people who share a given name; smoothed towards a prior
  so a small archive still gets sensible weights. For a person named in full, no more
  than FULL_NAME_MIN_COMPANY against: shared company is evidence, not a gate.
- same article: one article spelling a name two ways is almost always a slip.
- affiliation: both spellings' articles say where the person works (affiliation.py) and
  never the same place: two people ("Ann Ode, an analyst at Vexbank" against "Home
  Secretary Anne Ode"). Only against; a shared workplace adds nothing, as injected and
  real slips keep the person's context.
"""
from __future__ import annotations

import itertools
import marshal
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jellyfish

from .affiliation import Statement, same_place
from .normalize import phonetic, word_prior

VOWELS = frozenset("aeiouy")
# QWERTY neighbours: a slip of the finger, not a different name.
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")

# Edit kind -> weight (log2 m/u). A typo model: how much likelier the edit is as a slip
# than as the difference between two real names. Chosen by reasoning about typing and
# transliteration, not fitted to a corpus.
EDIT_WEIGHTS: dict[str, float] = {
    "swapped letters": 4.0,  # "Simth" / "Smith"
    "doubled letter": 2.5,  # "Emmin" / "Emin", "Bennet" / "Bennett"
    "dropped letter": 2.0,  # "Winsor" / "Windsor"
    "keyboard slip": 2.0,  # "Glazer" / "Glaxer"
    "vowel change": 1.5,  # "Ebbirs" / "Ebbers"
    "sound-alike letter": 1.5,  # "Kapra" / "Capra", "Glaser" / "Glazer"
    "other letter": 0.0,  # "Nick" / "Mick"
    "sound-alike spelling": 1.0,  # two edits, same sound: "Jamy" / "Jamie"
    "two edits": -1.0,
}
SAME_ARTICLE_WEIGHT = 6.0
# Two parts of a person's name each one slip off ("Frederic Forsythe" / "Frederick
# Forsyth"): both edits' weights count, less this, as two slips in one name are about
# eight times rarer than one (log2 8; by reasoning, not fitted).
TWO_SLIPS_WEIGHT = -3.0
# The same letters with a hyphen for a space, or a particle dropped: one name, however
# the rest of the evidence goes ("Kilroy Silk" / "Kilroy-Silk").
SAME_FORM_WEIGHT = 10.0
# A one-word name ("Corus" / "Chorus"): no other part agrees. Any value from -0.5 to -2
# gave the same figures on train-labeled and wire-labeled (4 false findings fewer on
# train, 2 on clean bbc/, no label lost); -1 by reasoning, between.
ONE_WORD_WEIGHT = -1.0
# A surname standing alone, compared with a full name's: no given name agrees, and
# several people may share a surname.
SURNAME_ALONE_WEIGHT = -2.5
# A person named in full, all parts but one the same: that their articles share no
# names is weak evidence of two people (one person is named in stories about many
# things: a chess player in a sports story, then in a business one), so
# company weighs at most this much against. Chosen on train-labeled among the archive's
# own weight (-2.2 there), -1.5, -1, -0.5 and 0 (F1 .959, .962, .963, .964, .963; 0 also
# joins a pair of different people) and kept on wire-labeled, untouched (F1 .923, .923,
# .923, .925, .925); clean bbc/ 59 false findings, 60 at -0.5.
FULL_NAME_MIN_COMPANY = -0.5
# Affiliations stated for both spellings, none the same (affiliation.same_place): log2
# m/u measured on train-labeled, given both are stated (m: a full name's first article
# against its others; u: two names sharing a given name), m = 2/94 and u = 845/1437 when
# both have organisations, m = 8/94 and u = 519/1437 when one side has only titles.
# Kept on wire-labeled, untouched (there -4.6 and -3.9).
ORGS_DIFFER_WEIGHT = -4.8
STATED_DIFFER_WEIGHT = -2.1
# Zipf thresholds (wordfreq): below KNOWN a token is rare in general text, below TYPO it
# is not seen at all (a slip, or a rare foreign name).
TYPO_ZIPF = 1.0
RARE_ZIPF = 2.0
KNOWN_ZIPF = 3.0
# A word a letter from a surname is its slip when seen nowhere, or when it is no common
# word or name itself (under KNOWN_ZIPF) and much rarer than the surname: "Whitfeld"
# beside "Whitfield", a typo the web repeats, zipf 1.0 against 3.0.
SLIP_MARGIN_ZIPF = 1.0


def rare_beside(word: str, surname: str) -> bool:
    """Is `word` rare enough beside `surname` to be taken for its slip?"""
    prior = word_prior(word)
    return prior < TYPO_ZIPF or prior < min(KNOWN_ZIPF, word_prior(surname) - SLIP_MARGIN_ZIPF)

# Company: shared other names, in buckets; m and u priors (pseudo-counts of this weight)
# that the archive's own pairs refine.
COMPANY_BUCKETS = (0, 1, 2, 3, 5, 8)
_PRIOR_M = (0.30, 0.17, 0.13, 0.15, 0.12, 0.13)
_PRIOR_U = (0.72, 0.16, 0.06, 0.04, 0.015, 0.005)
PRIOR_PAIRS = 40
MAX_SAMPLES = 4000


def edit_kind(x: str, y: str, distance: int | None = None) -> str | None:
    """How one spelling of a name part becomes the other, or None when they are too far
    apart to be one name (more than two edits). `distance`: their Damerau-Levenshtein
    distance, when the caller has it already."""
    d = jellyfish.damerau_levenshtein_distance(x, y) if distance is None else distance
    if d == 0 or d > 2:
        return None
    if d == 2:
        return "sound-alike spelling" if phonetic(x) == phonetic(y) else "two edits"
    if len(x) == len(y):
        i = next(k for k in range(len(x)) if x[k] != y[k])
        if i + 1 < len(x) and x[i] == y[i + 1] and x[i + 1] == y[i]:
            return "swapped letters"
        a, b = x[i], y[i]
        if a in VOWELS and b in VOWELS:
            return "vowel change"
        if phonetic(x) == phonetic(y):
            return "sound-alike letter"
        if _neighbours(a, b):
            return "keyboard slip"
        return "other letter"
    longer, shorter = (x, y) if len(x) > len(y) else (y, x)
    i = next((k for k in range(len(shorter)) if longer[k] != shorter[k]), len(shorter))
    extra = longer[i]
    if (i > 0 and longer[i - 1] == extra) or (i + 1 < len(longer) and longer[i + 1] == extra):
        return "doubled letter"
    return "dropped letter"


@lru_cache(maxsize=1)
def _keyboard() -> dict[str, set[str]]:
    near: dict[str, set[str]] = {}
    for r, row in enumerate(_KEYBOARD_ROWS):
        for c, ch in enumerate(row):
            cells = [(r, c - 1), (r, c + 1), (r - 1, c), (r - 1, c + 1), (r + 1, c - 1), (r + 1, c)]
            near[ch] = {_KEYBOARD_ROWS[i][j] for i, j in cells if 0 <= i < 3 and 0 <= j < len(_KEYBOARD_ROWS[i])}
    return near


def _neighbours(a: str, b: str) -> bool:
    return b in _keyboard().get(a, ())


def names_weight(x: str, y: str) -> float:
    """Are the two spellings of the part both real names (two people), or is the rarer
    one seen nowhere (a slip)?"""
    rarer, commoner = sorted((word_prior(x), word_prior(y)))
    if rarer >= KNOWN_ZIPF:
        return -3.0
    if rarer < TYPO_ZIPF:
        return 3.0
    if rarer < RARE_ZIPF:
        return 1.5 + (1.0 if commoner >= 3.5 else 0.0)
    return 0.0


def agree_weight(tokens: Sequence[str]) -> float:
    """The parts both spellings share: the rarer the rarest, the stronger the match."""
    rarest = min((word_prior(t) for t in tokens), default=7.0)
    if rarest < RARE_ZIPF:
        return 2.0
    if rarest < KNOWN_ZIPF:
        return 1.0
    if rarest < 4.0:
        return 0.5
    return 0.0


def affiliation_weight(a: AbstractSet[Statement], b: AbstractSet[Statement]) -> float:
    """Evidence against one person when both spellings' workplaces or titles are stated
    and none could be the same; 0 otherwise."""
    if not a or not b or any(same_place(x, y) for x in a for y in b):
        return 0.0
    orgs = any(kind == "org" for kind, _ in a) and any(kind == "org" for kind, _ in b)
    return ORGS_DIFFER_WEIGHT if orgs else STATED_DIFFER_WEIGHT


def bucket(shared: int) -> int:
    """The company level of `shared` other names."""
    return max(i for i, low in enumerate(COMPANY_BUCKETS) if shared >= low)


@dataclass(frozen=True)
class CompanyWeights:
    """log2(m/u) per company level, with the counts they came from (for the evidence)."""

    weights: tuple[float, ...]
    same_person_pairs: int
    different_pairs: int

    def weight(self, shared: int) -> float:
        return self.weights[bucket(shared)]


PRIOR_COMPANY = CompanyWeights(tuple(round(math.log2(m / u), 2) for m, u in zip(_PRIOR_M, _PRIOR_U, strict=True)), 0, 0)


def estimate_company(
    articles_of: Mapping[str, Sequence[str]],
    context: Mapping[str, frozenset[str]],
) -> CompanyWeights:
    """Company weights from this archive. `articles_of`: full person names (keys, whose
    last token is the surname and first the given name) -> their articles, in order.

    m: a name's first article against its others (one person, as a rule: the same full
    name in two articles); u: an article of one name against the articles of another
    name with the same given name (two people, as a rule). Both are sampled
    deterministically and smoothed towards the prior with PRIOR_PAIRS pseudo-pairs."""
    names = sorted(k for k in articles_of if " " in k)
    same = [0] * len(COMPANY_BUCKETS)
    different = [0] * len(COMPANY_BUCKETS)
    for key in _spread(names, MAX_SAMPLES):
        arts = articles_of[key]
        if len(arts) >= 2:
            same[bucket(_shared(key, key, arts[:1], arts[1:], context))] += 1
    by_given: dict[str, list[str]] = {}
    for key in names:
        by_given.setdefault(key.split()[0], []).append(key)
    pairs = [(a, b) for group in by_given.values() for a, b in itertools.pairwise(group) if a.split()[-1] != b.split()[-1]]
    for a, b in _spread(pairs, MAX_SAMPLES):
        different[bucket(_shared(a, b, articles_of[a][:1], articles_of[b], context))] += 1
    n_same, n_diff = sum(same), sum(different)
    weights = []
    for i in range(len(COMPANY_BUCKETS)):
        m = (same[i] + PRIOR_PAIRS * _PRIOR_M[i]) / (n_same + PRIOR_PAIRS)
        u = (different[i] + PRIOR_PAIRS * _PRIOR_U[i]) / (n_diff + PRIOR_PAIRS)
        weights.append(round(math.log2(m / u), 2))
    # more shared names never count for less: keep the weights non-decreasing
    for i in range(1, len(weights)):
        weights[i] = max(weights[i], weights[i - 1])
    return CompanyWeights(tuple(weights), n_same, n_diff)


def _spread(items: Sequence, limit: int) -> Sequence:  # type: ignore[type-arg]
    """At most `limit` items taken evenly through `items` (deterministic)."""
    if len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def _shared(a: str, b: str, arts_a: Sequence[str], arts_b: Sequence[str], context: Mapping[str, frozenset[str]]) -> int:
    own = set(a.split()) | set(b.split()) | {a, b}
    left = frozenset().union(*(context.get(x, frozenset()) for x in arts_a))
    right = frozenset().union(*(context.get(x, frozenset()) for x in arts_b if x not in arts_a))
    return len((left & right) - own)


# -- which spelling looks like a name ---------------------------------------------------

# Letter statistics settle after a few tens of thousands of words; more only costs time.
_LEXICON_WORDS = 50_000


@lru_cache(maxsize=1)
def _trigrams() -> tuple[Counter[str], Counter[str]]:
    """Letter trigram and bigram counts over wordfreq's commonest English words (names
    included), one count per word: what the letters of a word or name usually do."""
    from .word_frequency import top_english_words

    padded = [f"^{w}$" for w in top_english_words(_LEXICON_WORDS) if w.isascii() and w.isalpha()]
    tri = Counter(w[i : i + 3] for w in padded for i in range(len(w) - 2))
    bi: Counter[str] = Counter()  # each letter pair as the start of a trigram
    for trigram, n in tri.items():
        bi[trigram[:2]] += n
    return tri, bi


# The slips whose letters tell which spelling is the slip: swapping two letters or
# changing a vowel makes an unusual sequence ("Xijnu", "Velimnu"). A dropped, doubled
# or sound-alike letter leaves both spellings plausible ("Heilman"/"Heilmann",
# "Knightly"/"Knightley"): on labelled pairs the letters chose right 92 times and wrong
# 7 for the first two kinds (train-labeled; wire-labeled 49 and 5), 13 and 7 for the
# rest (wire 7 and 5).
_SHAPE_TELLS = frozenset({"swapped letters", "vowel change"})


def shape_contrast(token: str, than: str) -> float:
    """How much more usual the token's letters are than the other's where the two differ
    (log2): the rarest letter-given-two-before among the trigrams only one of them has.
    Parts both share ("Xij" in "Xijun"/"Xijnu") say nothing about which is the slip; 0
    when the edit between them is not one whose letters tell (_SHAPE_TELLS)."""
    if not _plain_letters(token) or not _plain_letters(than) or edit_kind(token, than) not in _SHAPE_TELLS:
        return 0.0
    own, other = _letter_trigrams(token), _letter_trigrams(than)
    mine = [t for t in own if t not in other]
    theirs = [t for t in other if t not in own]
    return round(_rarest(mine) - _rarest(theirs), 2)


def _plain_letters(token: str) -> bool:
    return token.isascii() and token.replace("-", "").replace("'", "").isalpha()


def _letter_trigrams(token: str) -> list[str]:
    padded = f"^{token}$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


def _rarest(trigrams: Sequence[str]) -> float:
    """The lowest log2 probability of a trigram's last letter given its first two."""
    tri, bi = _trigrams()
    return min((math.log2((tri.get(t, 0) + 0.1) / (bi.get(t[:2], 0) + 2.7)) for t in trigrams), default=0.0)


class ArchiveLetters:
    """What the letters of this archive's own names usually do: letter trigram counts over
    its distinct name parts (one count a part). English words' letters say little of a
    Greek, Japanese or Polish name; the archive's other names, from the same countries,
    say more ("Xulan" against "Xluan" among "Xulong", "Xuming"). Built when first
    asked, from the archive's name parts (`tokens`)."""

    def __init__(self, tokens: Iterable[str]) -> None:
        self._tokens = tokens
        self._counts: tuple[Counter[str], Counter[str], frozenset[str]] | None = None
        self._model: LetterModel | None = None

    def _built(self) -> tuple[Counter[str], Counter[str], frozenset[str]]:
        if self._counts is None:
            parts = frozenset(t for t in self._tokens if _plain_letters(t))
            # the parts padded and joined, counted in one pass (twice as fast as part by
            # part); the trigrams across two parts ("n$^") are never asked for
            joined = "".join(f"^{t}$" for t in parts)
            tri = Counter(map("".join, zip(joined, joined[1:], joined[2:], strict=False)))
            bi: Counter[str] = Counter()
            for trigram, n in tri.items():
                bi[trigram[:2]] += n
            self._counts = (tri, bi, parts)
        return self._counts

    def contrast(self, token: str, than: str) -> float:
        """shape_contrast asked of the archive's names other than these two (a part does
        not vouch for itself), for the edits whose letters tell (_SHAPE_TELLS)."""
        if not _plain_letters(token) or not _plain_letters(than) or edit_kind(token, than) not in _SHAPE_TELLS:
            return 0.0
        tri, bi, parts = self._built()
        own, other = _letter_trigrams(token), _letter_trigrams(than)
        left_out = Counter(g for t in (token, than) if t in parts for g in _letter_trigrams(t))

        def rarest(trigrams: Sequence[str]) -> float:
            return min(
                (math.log2((tri[t] - left_out[t] + 0.1) / (bi[t[:2]] - _pairs(left_out, t[:2]) + 2.7)) for t in trigrams),
                default=0.0,
            )

        return round(rarest([t for t in own if t not in other]) - rarest([t for t in other if t not in own]), 2)

    def odds(self, token: str, than: str) -> float:
        """slip_odds with this archive's names' letter model (built when first asked)."""
        if self._model is None:
            self._model = LetterModel(self._built()[2])
        return slip_odds(token, than, self._model)


def _pairs(trigrams: Counter[str], pair: str) -> int:
    return sum(n for t, n in trigrams.items() if t[:2] == pair)


# -- which spelling is the likelier name, letters and slip together ---------------------

# Each letter given the three before it: enough to know a name's endings and syllables
# ("-ski", "-ssi-"), few enough that an archive of a few thousand names fills them.
LETTER_ORDER = 4
# Pseudo-counts a context's estimate is pulled by towards the shorter context's (Dirichlet
# smoothing: counts alone, so a part can be left out of its own evidence). By reasoning: a
# context seen twice counts as much as the shorter one; 1 and 4 gave the same verdicts.
LETTER_PRIOR = 2.0
# A letter added by a slip had to be chosen among the alphabet's 26, a letter dropped did
# not: a dropped letter is that much likelier (log2 26) than the same letter added, which
# offsets what the added letter costs the longer spelling in its letters' likelihood. A
# doubled letter's twin is no choice: dropped and added alike (_has_the_dropped_letter).
ADDED_LETTER_BITS = math.log2(26)
# How many distinct name parts an archive needs for its letters to count as much as
# English words' do: by reasoning, about as many as the letter contexts its names use (a
# few thousand archives' names fill most); a fixture's handful of names counts for little.
LETTERS_KNOWN = 1000
# Padding: the start of a name, as many as the order's context; "$" its end.
_START = "^" * (LETTER_ORDER - 1)


class LetterModel:
    """A letter n-gram model of name parts (order LETTER_ORDER, Dirichlet-smoothed down to
    one letter in 28): how likely a string is as a name, letter by letter, with each count
    one per distinct part. Counts only, so a part's own counts can be taken out
    (`left_out`) when it is the one being judged."""

    def __init__(self, parts: Iterable[str]) -> None:
        self._parts = frozenset(parts)
        joined = "".join(f"{_START}{p}$" for p in sorted(self._parts))
        # the longest grams counted in one pass; each shorter one is the tail of one of them
        # (the padding puts a longest gram before every letter), a third of the time
        longest = Counter(map("".join, zip(*(joined[i:] for i in range(LETTER_ORDER)), strict=False)))
        self._grams: Counter[str] = Counter(longest)
        for n in range(1, LETTER_ORDER):
            for gram, count in longest.items():
                self._grams[gram[-n:]] += count
        # a context's count: the letters that follow it (never a start's padding)
        self._contexts: Counter[str] = Counter()
        for gram, count in self._grams.items():
            if not gram.endswith("^"):
                self._contexts[gram[:-1]] += count

    @classmethod
    def from_counts(cls, grams: Counter[str], contexts: Counter[str]) -> LetterModel:
        """A model of counts kept before, whose parts are not kept: none can be left out."""
        model = cls(())
        model._grams, model._contexts = grams, contexts
        return model

    def __len__(self) -> int:
        return len(self._parts)

    def __contains__(self, part: object) -> bool:
        return part in self._parts

    def log2p(self, token: str, without: Iterable[str] = ()) -> float:
        """log2 of the token's likelihood as a name part, by the model less the counts of
        the parts `without` (those that must not vouch for themselves)."""
        out = sum((_grams(p) for p in set(without) if p in self._parts), Counter[str]())
        padded = f"{_START}{token}$"
        total = 0.0
        for i in range(LETTER_ORDER - 1, len(padded)):
            p = 1 / 28
            for n in range(LETTER_ORDER):
                gram, context = padded[i - n : i + 1], padded[i - n : i]
                seen = self._grams[gram] - out[gram]
                p = (seen + LETTER_PRIOR * p) / (self._contexts[context] - out[f"\0{context}"] + LETTER_PRIOR)
            total += math.log2(p)
        return total


def _grams(token: str) -> Counter[str]:
    """The counts one part adds to a LetterModel (its contexts under a leading NUL)."""
    padded = f"{_START}{token}$"
    out: Counter[str] = Counter()
    for i in range(LETTER_ORDER - 1, len(padded)):
        for n in range(LETTER_ORDER):
            out[padded[i - n : i + 1]] += 1
            out[f"\0{padded[i - n : i]}"] += 1
    return out


# The layout of the English letter model's kept counts: a new one when its make changes.
_LETTERS_LAYOUT = f"copydesk english letters 1: order {LETTER_ORDER}, words {_LEXICON_WORDS}".encode()


@lru_cache(maxsize=1)
def _english_letters() -> LetterModel:
    """The letter model of wordfreq's commonest English words (names included). Making
    it takes most of a second, a third of a fresh hook process's time: its counts are
    kept in the user's cache folder as the word indexes are (word_frequency.kept_or_made),
    and read back in a few milliseconds."""
    from .word_frequency import english_table_file, kept_file, kept_or_made, top_english_words

    def read(path: Path) -> LetterModel:
        grams, contexts = marshal.loads(path.read_bytes())
        return LetterModel.from_counts(Counter(grams), Counter(contexts))

    def make() -> LetterModel:
        return LetterModel(w for w in top_english_words(_LEXICON_WORDS) if w.isascii() and w.isalpha())

    source = english_table_file()
    kept = kept_file("english-letters", [str(source)], _LETTERS_LAYOUT, "marshal") if source else None
    return kept_or_made(kept, read, make, lambda model: marshal.dumps((dict(model._grams), dict(model._contexts))))


def slip_odds(token: str, than: str, archive: LetterModel) -> float:
    """How much likelier (log2) it is that `token` is the name and `than` a slip of it
    than the other way round (a noisy channel, as spelling correctors weigh it): each
    spelling's likelihood as a name, by the letters of English words and names and by
    the letters of this archive's other names, each half the say (the archive's less
    when it has few other names, LETTERS_KNOWN); plus, for a letter dropped or
    added (not a doubled letter's twin), what choosing the added letter costs a slip
    (ADDED_LETTER_BITS). Neither spelling vouches for itself in the archive's model."""
    if not _plain_letters(token) or not _plain_letters(than):
        return 0.0
    own = archive.log2p(token, (token, than)) - archive.log2p(than, (token, than))
    english = _english_letters().log2p(token) - _english_letters().log2p(than)
    others = len(archive) - sum(part in archive for part in {token, than})
    weight = others / (others + LETTERS_KNOWN)  # a few names' letters say little
    slip = 0.0
    if edit_kind(token, than) == "dropped letter":
        slip = ADDED_LETTER_BITS if len(token) > len(than) else -ADDED_LETTER_BITS
    return round((weight * own + english) / 2 + slip, 2)
