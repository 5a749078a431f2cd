"""name-variant: one person or organisation spelt several ways.

Anti-pattern: "Reporting by Hamira Pamuk" in one story, "Humeyra Pamuk" in the others.
Best practice: one spelling everywhere, the house list's when it has one.

The right spelling is the house list's (a name near a house name is a misspelling of it,
even alone in one article), else the one used in more articles (not more
mentions: a misspelling repeated fifteen times in one story must not outvote it), else,
on a tie, the one whose differing part is a common name where the other's is not, runs
as names' letters do where the other's does not, or is a name or word of another
language English news names people of where the other is not; where none of these
speaks, when both spellings are written only in the same articles, the one their writer
mostly uses; else the one whose part is found in more articles, runs as the letters of
the archive's other names do where the other does not, or has a letter the other lacks
(a slip drops a letter more often than it adds one), asked of both spellings alike
(which came first says nothing). When nothing decides, every
spelling is flagged and the editor chooses.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

import jellyfish

from ..evidence import KNOWN_ZIPF, ArchiveLetters, edit_kind, shape_contrast
from ..forms import FORM_RULE, form_parts
from ..house import HouseList, HouseMatch
from ..model import Article, Entity, Finding, Mention, Place, Severity
from ..names import names_of
from ..normalize import NameKey, name_key, word_prior, world_prior
from ..patterns import TitleLexicon, make_mention
from ..resolve import Resolution, token_support
from ..rules import RuleSet
from ..slips import SHORT_PART
from ..stories import Stories
from . import common_names

RULE = "name-variant"
# A spelling is taken as right over a variant it ties with on articles only when it is
# a word this much more frequent in general text ("Davenport" 3.4 vs "Davenpotr" 0;
# wordfreq Zipf, log10: 0.5 is three times as frequent). Chosen on train-labeled among
# 1.0, 0.75, 0.5, 0.25 (F1 .946, .947, .950, .949) and kept on wire-labeled, untouched
# (.906, .909, .912, .912); wire's own choice, 0.5, is the same.
PRIOR_MARGIN = 0.5
# A name this rare in general text is no evidence of being the right spelling (wordfreq
# Zipf 1: seen about once in 10^8 words; a slip is usually seen nowhere).
MIN_PRIOR_FOR_RIGHT = 1.0
# On a tie, a spelling whose letters run as words and names do is taken as right over
# one whose letters, where the two differ, are this much rarer (log2;
# evidence.shape_contrast): "Clunes" over "Clnues".
SHAPE_MARGIN = 2.0
# The same, asked last, of the letters of the archive's own names (evidence.ArchiveLetters).
# Chosen on train-labeled among 1, 2 and 3 (17 false findings each, recall the same: 2 by
# reasoning, as SHAPE_MARGIN) and kept on wire-labeled, untouched (false 20, 21, 22;
# recall .930, .933, .933: at 1 one tie decided wrong).
ARCHIVE_SHAPE_MARGIN = 2.0
# When nothing else decides a tie, the spelling whose letters and slip are this much
# likelier (log2 odds, evidence.slip_odds: sixteen times) is taken as right. Chosen on
# train-labeled among 2, 3 and 4: on its labelled pairs the verdicts are right 194 and
# wrong 18 times, 180 and 10, 167 and 4; its figures differ by one label (false findings
# 13, 13, 14). 4, as a wrong verdict makes the right spelling an error: at 3 a real
# French "-ain" name of clean bbc/ is taken for the slip of its "-ian" misspelling. Kept
# on wire-labeled, untouched (false findings 19 -> 18, recall the same).
SLIP_ODDS_MARGIN = 4.0
# The slips whose direction a name's letters tell (evidence.edit_kind). Not a doubled
# letter: the letters say too little of which spelling doubles it (on train-labeled's
# labels right 20 times and wrong 6 at the margin, wire-labeled 18 and 5), and a wrong
# verdict loses the slip's finding and makes the right spelling's an error. Not a
# change no slip makes ("other letter", "two edits"): two names, not a name and its slip.
_LETTERS_TELL = frozenset(
    {"swapped letters", "vowel change", "dropped letter", "keyboard slip", "sound-alike letter", "sound-alike spelling"}
)
# Within the articles both spellings share, the writer's usage decides when one spelling
# has this many times the other's mentions (_writers_usage). By reasoning: one slip
# against a name written right twice. 1.5, 2 and 3 gave the same figures on
# train-labeled (false findings 22 -> 18 with the rule) and on wire-labeled (unchanged).
USAGE_MARGIN = 2
# A name part another language knows this much better than English (Zipf, log10: ten
# times as often) is of that language (_spelt_as_its_language). By reasoning: half that
# (PRIOR_MARGIN) tells the spelling once the name's language is known.
FOREIGN_NAME = 1.0
# A spelling named right after another spelling of the same name and a word that sets
# them against each other ("Jan Kowal, not Jan Kowall"; "corrects to Jan Kowal from Jan
# Kowall") is quoted as the wrong form on purpose: a correction note, not a slip.
_SET_AGAINST = re.compile(r"[\s,;:(]+(?:not|rather than|instead of|from)\s+[\"'\u2018\u201c]?$", re.IGNORECASE)
# How far back a correction's other spelling is looked for (a long name, a quote and "not").
_QUOTE_WINDOW = 80


def check(
    resolution: Resolution,
    mentions: Mapping[str, Sequence[Mention]],
    articles: Mapping[str, Article],
    rules: RuleSet,
) -> list[Finding]:
    house = HouseList(rules)
    # versions of one story are looked for among the articles of names spelt two ways
    # only: reading every article's text again would cost a large archive minutes
    spelt_apart = {m.article for e in resolution.entities if len(e.spellings) >= 2 for m in e.mentions}
    stories = Stories({path: articles[path] for path in sorted(spelt_apart) if path in articles})
    # a name part's support is counted in articles, in a full run as in a scope's check
    # (given the archive's: resolve.Resolution.support), so a hook finds what a full run does
    support = resolution.support if resolution.support is not None else token_support(names_of(mentions))
    letters = ArchiveLetters(support)
    findings: list[Finding] = []
    for entity in resolution.entities:
        if any(s.casefold() in rules.ignore_entities for s in entity.spellings):
            continue
        match = _house_entry(entity, house) if house else None
        if match is not None:
            findings += _house_findings(entity, match)
        elif len(entity.spellings) >= 2:
            settings = rules.settings.name_variant
            quoted = _quoted_as_wrong(entity, articles)
            findings += [
                f for f in _entity_findings(entity, settings.dominance, support, stories, letters, settings.form_severity)
                if f.place not in quoted
            ]
    findings += misspelt_titles(mentions, articles, TitleLexicon.from_rules(rules))
    return findings + common_names.check(resolution, support, {f.place for f in findings})


# A capitalised word just before a name, on the same line.
_WORD_BEFORE = re.compile(r"([A-Z][a-z]+)[ \t]+$")
# How far back from a name the word before it is looked for.
_TITLE_WINDOW = 40


def misspelt_titles(
    mentions: Mapping[str, Sequence[Mention]], articles: Mapping[str, Article], lexicon: TitleLexicon
) -> list[Finding]:
    """A title or honorific misspelt just before a person's name ("Speakor Ana Ruiz"):
    a slip seen nowhere in general text, a letter from one of the rules' titles
    (TitleLexicon.misspelt; extract keeps it out of the name)."""
    out = []
    for path, found in mentions.items():
        article = articles.get(path)
        if article is None:
            continue
        for m in found:
            if m.label != "PERSON":
                continue
            before = _WORD_BEFORE.search(article.text, max(0, m.start - _TITLE_WINDOW), m.start)
            title = lexicon.misspelt(before.group(1)) if before else None
            if before is None or title is None:
                continue
            word = make_mention(article, before.start(1), before.end(1), "TITLE", m.source)
            expected = title.capitalize()
            out.append(
                Finding.on(
                    word,
                    RULE,
                    "error",
                    expected=expected,
                    entity=expected,
                    message=f"'{word.text}' looks like a misspelling of the title '{expected}' (before '{m.text}')",
                    evidence={"rule": "title-misspelt", "title": title, "name": m.text},
                )
            )
    return out


def _quoted_as_wrong(entity: Entity, articles: Mapping[str, Article]) -> set[Place]:
    """The mentions (file, line, column) that a correction note sets against another
    spelling of the name just before them (_SET_AGAINST): the wrong form quoted on
    purpose, to be left alone."""
    quoted = set()
    for spelling, mentions in entity.spellings.items():
        others = [s.casefold() for s in entity.spellings if s != spelling]
        for m in mentions:
            article = articles.get(m.article)
            if article is None:
                continue
            before = article.text[max(0, m.start - _QUOTE_WINDOW) : m.start]
            link = _SET_AGAINST.search(before)
            if link is None:
                continue
            head = before[: link.start()].rstrip("\"'\u2019\u201d").casefold()
            if any(head.endswith(other) for other in others):
                quoted.add(m.place)
    return quoted


def _house_entry(entity: Entity, house: HouseList) -> HouseMatch | None:
    """How this entity names a house entry, when one of its spellings is that entry's
    name, alias, listed misspelling or near spelling (best match first)."""
    matches = [m for s in entity.spellings if (m := house.match(s)) is not None]
    rank = {"right": 0, "misspelt": 1, "near": 2}
    return min(matches, key=lambda m: (rank[m.how], m.both_known)) if matches else None


def _house_findings(entity: Entity, match: HouseMatch) -> list[Finding]:
    """Every spelling that is not one of the entry's right forms is wrong; only a
    warning when the one link to the entry is a near spelling that is itself a common
    name ("Owen Davies" near a listed "Owen Davis" may be another man)."""
    entry = match.entity
    severity: Severity = "warning" if match.how == "near" and match.both_known else "error"
    right = {name_key(f, entry.label).key for f in (entry.name, *entry.aliases)}
    house_tokens = {t for f in (entry.name, *entry.aliases) for t in name_key(f, entry.label).tokens}
    summary = _summary(entity)
    related = _files(entity)
    out = []
    right_spellings = [s for s in entity.spellings if name_key(s, entry.label).key in right]
    right_tokens = house_tokens | _tokens(entity, right_spellings)
    for spelling in entity.spellings:
        if spelling in right_spellings:
            continue
        for m in _misspelt_mentions(entity, spelling, right_tokens):
            out.append(
                Finding.on(
                    m,
                    RULE,
                    severity,
                    expected=_expected_form(m, entry.name, entity.label),
                    entity=entry.name,
                    message=f"'{m.text}' is not the house spelling '{entry.name}' (spellings: {summary})",
                    evidence={**entity.evidence.get(spelling, {}), "house": entry.name},
                    related=related,
                )
            )
    return out


def _entity_findings(
    entity: Entity,
    dominance: float,
    support: Mapping[str, int],
    stories: Stories,
    letters: ArchiveLetters,
    form_severity: str = "warning",
) -> list[Finding]:
    anchor = entity.canonical
    verdicts = {s: _which_is_right(entity, s, dominance, support, stories, letters) for s in entity.spellings if s != anchor}
    verdicts = {s: verdict or _centre_of_slips(entity, s, verdicts) for s, verdict in verdicts.items()}
    if len(verdicts) == 1 and set(verdicts.values()) == {"variant"}:
        (variant,) = verdicts
        return _flag(entity, [(anchor, variant)], form_severity)
    flagged = [(s, anchor if verdict == "anchor" else "") for s, verdict in verdicts.items()]
    if any(expected == "" for _, expected in flagged):
        flagged.append((anchor, ""))  # nothing decides: the anchor is as suspect as the rest
    return _flag(entity, flagged, form_severity)


def _centre_of_slips(entity: Entity, variant: str, verdicts: Mapping[str, Verdict]) -> Verdict:
    """The anchor, for a variant nothing else decides, when another spelling already
    found a slip of the anchor is nearer the anchor than this variant: three spellings
    where one lies between the others ("Tervanen" between "Tervanan" and "Tervannen")
    are two slips of the one between, not one slip of an end and two of the other."""
    anchor, near = entity.canonical.casefold(), variant.casefold()
    for other, verdict in verdicts.items():
        if verdict == "anchor" and other != variant:
            slip = other.casefold()
            if jellyfish.damerau_levenshtein_distance(slip, anchor) < jellyfish.damerau_levenshtein_distance(slip, near):
                return "anchor"
    return None


def _flag(entity: Entity, flagged: list[tuple[str, str]], form_severity: str) -> list[Finding]:
    """Findings on the mentions of each (spelling, expected) pair."""
    anchor = entity.canonical
    shared = _shares_article(entity)
    summary = _summary(entity)
    related = _files(entity)
    out = []
    # only written differently (a hyphen, a space, a particle): a house-style matter
    form_only = all(entity.evidence.get(s, {}).get("rule") == FORM_RULE for s in entity.spellings if s != anchor)
    # a spelling flagged with an expected form is wrong; one nothing decides may be right
    candidates = set(entity.spellings) - {s for s, expected in flagged if expected}
    for spelling, expected in flagged:
        severity = form_severity if form_only else "error" if expected or shared else "warning"
        mentions = _misspelt_mentions(entity, spelling, _tokens(entity, candidates - {spelling}))
        if not expected:  # nothing decides: the full names say it; each surname after them would repeat it
            mentions = [m for m in mentions if name_key(m.text, entity.label).is_full] or mentions
        for m in mentions:
            out.append(
                Finding.on(
                    m,
                    RULE,
                    severity,  # type: ignore[arg-type]
                    expected=_expected_form(m, expected, entity.label),
                    entity=expected or anchor,
                    message=_message(m.text, expected, summary, form_only),
                    # the weights of the pair: the spelling's own, or (for the anchor) its match's
                    evidence=entity.evidence.get(spelling) or entity.evidence.get(expected) or {},
                    related=related,
                )
            )
    return out


def _misspelt_mentions(entity: Entity, spelling: str, right_tokens: Iterable[str]) -> list[Mention]:
    """The spelling's mentions that carry the misspelt part: with "Fraesr Kemp" the full
    name is wrong, but a later "Kemp" alone is right. `right_tokens`: the parts of the
    spellings taken as right (a flagged spelling's parts are no evidence: "Marchtti"
    alone after "Helena Marchtti" is as wrong as the full name)."""
    right = set(right_tokens)
    given = name_key(spelling, entity.label).given
    return [
        m for m in entity.spellings[spelling]
        if (key := name_key(m.text, entity.label)).is_full
        or not (set(key.tokens) <= right or key.tokens == (given,))  # "Steve" alone: a first name, as quoted
    ]


def _tokens(entity: Entity, spellings: Iterable[str]) -> set[str]:
    """The parts of these spellings, hyphenated parts also apart ("Kilroy" of "Kilroy-Silk")."""
    keys = [name_key(s, entity.label).tokens for s in spellings]
    return {t for tokens in keys for t in (*tokens, *form_parts(tokens))}


Verdict = Literal["anchor", "variant"] | None


def _which_is_right(
    entity: Entity, variant: str, dominance: float, support: Mapping[str, int], stories: Stories, letters: ArchiveLetters
) -> Verdict:
    """Which of the entity's anchor spelling and this variant is the right one, if
    anything says so: more stories (two versions of one count once); else, on a tie, the
    evidence about the part they spell differently, asked of both sides alike (whichever
    came first)."""
    anchor = entity.canonical
    anchor_articles, variant_articles = _stories(entity, anchor, stories), _stories(entity, variant, stories)
    if anchor_articles != variant_articles:
        # more stories decide, by at least `dominance` times (settings.name_variant)
        if anchor_articles >= dominance * variant_articles:
            return "anchor"
        return "variant" if variant_articles >= dominance * anchor_articles else None
    evidence = entity.evidence.get(variant, {})
    tokens, also = evidence.get("tokens"), evidence.get("tokens2")
    pairs = [tuple(p) for p in (tokens, also) if isinstance(p, list) and len(p) == 2]
    # the writer's own usage, in the articles both spellings share, where nothing known
    # of the spellings themselves (a name or word against none) says otherwise
    usage = _writers_usage(entity, anchor, variant)
    if usage is not None and not any(_part_verdict(v, a, support, letters, _known_is_right) for v, a in pairs):
        return usage
    if not (isinstance(tokens, list) and len(tokens) == 2):
        return None
    support = _counted_in_stories(entity, support, stories)
    if not (isinstance(also, list) and len(also) == 2):
        rest = [t for t in name_key(variant, entity.label).tokens if t != tokens[0]]
        return (
            _spelt_as_its_language(tokens[0], tokens[1], rest)
            or _part_verdict(tokens[0], tokens[1], support, letters, _part_is_right)
            or _likelier_name(tokens[0], tokens[1], letters)
        )
    # two misspelt parts (compare._compare_two_parts) decide when both say the same: with
    # one undecided ("Sidney"/"Sydney", two known names), the spelling right in the other
    # part may be wrong in this one (both spellings may be), so the editor chooses. A
    # given name's count in the archive is no evidence here: it counts every person of
    # that name ("Frederic" of other men against "Frederick")
    given = name_key(variant, entity.label).given
    verdicts = {_part_verdict(v, a, {} if v == given else support, letters, _part_is_right) for v, a in (tokens, also)}
    return verdicts.pop() if len(verdicts) == 1 else None


def _counted_in_stories(entity: Entity, support: Mapping[str, int], stories: Stories) -> Mapping[str, int]:
    """The archive's count of each of the entity's name parts in articles, less the
    second versions of one story among the entity's own articles: a part the story's two
    versions both spell so ("Poiter" in a story kept twice) is one piece of evidence, not
    two. Asked of the entity's articles only, so a hook's check, which knows those and
    the archive's counts, counts as a full run does."""
    articles: dict[str, set[str]] = {}
    for spelling, mentions in entity.spellings.items():
        for token in name_key(spelling, entity.label).tokens:
            articles.setdefault(token, set()).update(m.article for m in mentions)
    repeats = {token: len(arts) - stories.count(arts) for token, arts in articles.items()}
    if not any(repeats.values()):
        return support
    return {**support, **{t: max(support.get(t, 0) - n, 1) for t, n in repeats.items() if n}}


def _spelt_as_its_language(variant_token: str, anchor_token: str, rest: Sequence[str]) -> Verdict:
    """Of a name whose other parts (`rest`) are of another language than English (each
    known in one of normalize.WORLD_LANGUAGES some ten times as often as in English: an
    Italian "Farina Elia"), the spelling of the part that language knows better than
    English does ("Silvia") against one English knows as well or better ("Sylvia"):
    asked of both spellings before any other tell, since English's word counts would
    take the English spelling for the commoner name."""
    if min(map(len, (*rest, variant_token, anchor_token)), default=0) < SHORT_PART:
        return None  # a short part is more often a word than a name ("Ed" is Italian's "and")
    if not rest or any(_foreignness(t) < FOREIGN_NAME for t in rest):
        return None
    anchor, variant = _foreignness(anchor_token), _foreignness(variant_token)
    if anchor >= PRIOR_MARGIN > variant and world_prior(anchor_token) >= MIN_PRIOR_FOR_RIGHT:
        return "anchor"
    if variant >= PRIOR_MARGIN > anchor and world_prior(variant_token) >= MIN_PRIOR_FOR_RIGHT:
        return "variant"
    return None


def _foreignness(token: str) -> float:
    """How much better (Zipf, log10) another language of WORLD_LANGUAGES knows the token
    than English does."""
    return world_prior(token) - word_prior(token)


def _writers_usage(entity: Entity, anchor: str, variant: str) -> Verdict:
    """When both spellings are only ever written in the same articles, the one their
    writer uses at least USAGE_MARGIN times as often: five mentions of one spelling and a
    sixth of another in one story are the writer's name for the person and a slip of the
    hand. Across articles mentions are no evidence (a story repeats its own slip); within
    one they are the writer's habit against a one-off. Short of that, the full name's
    spelling against a surname standing alone: the full name introduces the person, as
    the sources give it; the surname alone is typed again each time after it (of the
    corpora's hand-checked real slips within one article, the surname alone's)."""
    anchor_mentions, variant_mentions = entity.spellings[anchor], entity.spellings[variant]
    if {m.article for m in anchor_mentions} != {m.article for m in variant_mentions}:
        return None
    tokens = entity.evidence.get(variant, {}).get("tokens")
    if isinstance(tokens, list) and len(tokens) == 2:
        # only the mentions that write the part spelt two ways: "Mr Kowal" after
        # "Jan Kowal" and "Jon Kowal" is the writer's usage of neither given name
        variant_mentions = _writing(entity, variant_mentions, str(tokens[0]))
        anchor_mentions = _writing(entity, anchor_mentions, str(tokens[1]))
    if not (anchor_mentions and variant_mentions):
        return None  # a part the mentions do not write as the evidence does: nothing to count
    if len(anchor_mentions) >= USAGE_MARGIN * len(variant_mentions):
        return "anchor"
    if len(variant_mentions) >= USAGE_MARGIN * len(anchor_mentions):
        return "variant"
    anchor_full, variant_full = (name_key(s, entity.label).is_full for s in (anchor, variant))
    if entity.label != "PERSON" or anchor_full == variant_full:
        return None
    return "anchor" if anchor_full else "variant"


def _writing(entity: Entity, mentions: Sequence[Mention], part: str) -> list[Mention]:
    """The mentions whose name has this part (hyphenated parts apart too)."""
    return [m for m in mentions if part in _tokens(entity, [m.text])]


PartTest = Callable[[str, str, Mapping[str, int], ArchiveLetters], bool]


def _part_verdict(
    variant_token: str, anchor_token: str, support: Mapping[str, int], letters: ArchiveLetters, test: PartTest
) -> Verdict:
    if test(anchor_token, variant_token, support, letters):
        return "anchor"
    if test(variant_token, anchor_token, support, letters):
        return "variant"
    return None


def _part_is_right(token: str, other: str, support: Mapping[str, int], letters: ArchiveLetters) -> bool:
    """Is this spelling of a name part the right one against the other, by what is
    known of the spellings (_known_is_right) or what the archive says (_archive_is_right)?"""
    return _known_is_right(token, other, support, letters) or _archive_is_right(token, other, support, letters)


def _known_is_right(token: str, other: str, support: Mapping[str, int], letters: ArchiveLetters) -> bool:
    """A known name or word against one seen nowhere; letters that run as names do
    against a slip's. Of a short part ("Bub") and the same letters with one more
    ("Bubb"), the longer: a three-letter string is more often a word or an abbreviation
    than a name, so its frequency says nothing of a name, and a slip drops a letter more
    often than it adds one (_has_the_dropped_letter)."""
    if min(len(token), len(other)) < SHORT_PART:
        return len(token) > len(other)
    if _clearly_commoner(word_prior(token), word_prior(other)):
        return True
    if _reads_as_a_name(token, other):
        return True
    return _clearly_commoner(world_prior(token), world_prior(other))  # a name of another language English news names people of ("Moedas"/"Moeddas")


def _archive_is_right(token: str, other: str, support: Mapping[str, int], letters: ArchiveLetters) -> bool:
    """The part found in more of the archive's articles; letters that run as the
    archive's other names do; else the one with a letter the other lacks."""
    if min(len(token), len(other)) < SHORT_PART:
        return False  # _known_is_right's to decide
    if support.get(token, 0) != support.get(other, 0):
        return support.get(token, 0) > support.get(other, 0)
    if word_prior(other) < MIN_PRIOR_FOR_RIGHT and letters.contrast(token, other) >= ARCHIVE_SHAPE_MARGIN:
        return True  # its letters run as this archive's other names do ("Xulan" among "Xulong", "Xuming"; not "Xluan")
    return _has_the_dropped_letter(token, other)


def _likelier_name(variant_token: str, anchor_token: str, letters: ArchiveLetters) -> Verdict:
    """Asked last, when nothing else decides: the spelling that is the likelier name with
    the other its slip (evidence.slip_odds: both spellings' letters, as names and words
    and this archive's other names run, and which slip the edit takes), by at least
    SLIP_ODDS_MARGIN either way. Only of a slip whose letters tell (_LETTERS_TELL), and
    not of a short part (_known_is_right's to decide)."""
    if min(len(variant_token), len(anchor_token)) < SHORT_PART or edit_kind(variant_token, anchor_token) not in _LETTERS_TELL:
        return None
    odds = letters.odds(anchor_token, variant_token)
    if odds >= SLIP_ODDS_MARGIN:
        return "anchor"
    return "variant" if odds <= -SLIP_ODDS_MARGIN else None


def _clearly_commoner(prior: float, other_prior: float) -> bool:
    """A spelling known (Zipf `prior`: in English text, or in the languages English news
    names people of, normalize.world_prior) far more than the other, which is no common
    word: of two common words or names ("Patron", "Parton") the commoner is no likelier
    this name."""
    return prior >= MIN_PRIOR_FOR_RIGHT and prior - other_prior >= PRIOR_MARGIN and other_prior < KNOWN_ZIPF


def _has_the_dropped_letter(token: str, other: str) -> bool:
    """The token has a letter the other lacks, one that is not a doubled letter's twin:
    a slip leaves a letter out more often than it adds one ("Korchemy" for
    "Korchemny"). Of the hand-checked real misspellings in the corpora's natural.json,
    25 of 33 such pairs had the longer spelling right; a doubled letter is dropped and
    added about as often (8 and 8), so it decides nothing."""
    return len(token) > len(other) and edit_kind(token, other) == "dropped letter"


def _stories(entity: Entity, spelling: str, stories: Stories) -> int:
    return stories.count(m.article for m in entity.spellings[spelling])


def _reads_as_a_name(token: str, than: str) -> bool:
    """Do the token's letters run as names do, where the other's do not (shape_contrast)?
    Only against a spelling that is no known word or name: a slip that makes a word
    ("Boating" for "Boateng") has usual letters by being one, and of two known
    spellings ("Yanukovich", "Yanukovych") the letters cannot tell the slip."""
    return word_prior(than) < MIN_PRIOR_FOR_RIGHT and shape_contrast(token, than) >= SHAPE_MARGIN


def _expected_form(m: Mention, expected: str, label: str) -> str:
    """The expected text for this mention: the surname alone for a surname mention."""
    if not expected:
        return ""
    found_key = name_key(m.text, label)
    expected_key = name_key(expected, label)
    found_parts, expected_parts = form_parts(found_key.tokens), form_parts(expected_key.tokens)
    if len(expected_parts) > len(found_parts) >= 2 and expected_parts[1:] == found_parts:
        return expected.split(None, 1)[1]  # a double-barrelled surname alone: "Moss-Varga"
    if len(found_key.tokens) == 1 and len(expected_key.tokens) > 1:
        words = expected.split()
        return words[-1] if found_key.surname != expected_key.given else words[0]
    if _short_given_name(m.text, found_key, expected, expected_key):
        return m.text.split()[0] + " " + expected.split(None, 1)[1]  # "Ben Ormann": the writer's "Ben" stays
    return expected


def _short_given_name(found: str, found_key: NameKey, expected: str, expected_key: NameKey) -> bool:
    """Is the found name's given name a short form of the expected one's ("Ben" of
    "Benedikt": a syllable or more left off, not a letter dropped), with a slip in
    another part, each name written word for word as its key (no honorific, no hyphen)?"""
    return (
        len(found.split()) == len(found_key.tokens) == len(expected_key.tokens) == len(expected.split()) >= 2
        and found_key.tokens[1:] != expected_key.tokens[1:]
        and len(expected_key.given) - len(found_key.given) >= 2
        and expected_key.given.startswith(found_key.given)
    )


def _files(entity: Entity) -> tuple[str, ...]:
    return tuple(sorted({m.article for m in entity.mentions}))


def _shares_article(entity: Entity) -> bool:
    seen: dict[str, str] = {}
    for spelling, mentions in entity.spellings.items():
        for m in mentions:
            if seen.setdefault(m.article, spelling) != spelling:
                return True
    return False


def _summary(entity: Entity) -> str:
    parts = []
    for spelling, mentions in sorted(entity.spellings.items(), key=lambda kv: (-len(kv[1]), kv[0])):  # ties by name, not by article order
        files = sorted({m.article for m in mentions})
        where = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        parts.append(f"'{spelling}' {len(mentions)}x in {where}")
    return "; ".join(parts)


def _message(found: str, expected: str, summary: str, form_only: bool = False) -> str:
    if form_only:
        if expected:
            return f"'{found}' is written '{expected}' elsewhere (a hyphen, space or particle; spellings: {summary})"
        return f"'{found}' is one of several ways this name is written (a hyphen, space or particle; spellings: {summary})"
    if expected:
        return f"'{found}' looks like a misspelling of '{expected}' (spellings: {summary})"
    return f"'{found}' is one of several spellings of one name, none clearly right (spellings: {summary})"
