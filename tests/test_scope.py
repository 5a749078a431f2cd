"""A check of changed articles (check_paths(..., changed=...), the hook) against a full run:
it resolves only the articles a finding on the changed ones can rest on (scope.py), and
must report exactly the findings of a full run that involve them (pipeline.involving).

Whole-pipeline tests run the project's examples/ and a small newsroom written here; the
last tests build mentions by hand (conftest.Corpus) to probe the scope's limits.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import Corpus, write
from copydesk import kept_names, scope
from copydesk.blocking import deletions
from copydesk.forms import form_keys, form_parts
from copydesk.model import Finding
from copydesk.names import ArticleNames, names_of
from copydesk.normalize import NameKey, phonetic
from copydesk.pipeline import ArchiveWeights, CheckResult, KeptNames, PreparedNames, check_changed, check_paths, involving
from copydesk.rules import RuleSet
from copydesk.scope import Places, ScopeIndex, _near, loosest, needed_articles, needed_scope

EXAMPLES = Path(__file__).parents[1] / "examples"

# A newsroom with made-up people: a misspelt union leader (quay-4 spells him
# "Dunmoore", three stories "Dunmore"), a foreign minister named wrongly in one of four
# stories of one week (fleet-4; fleet-5 gives that name its own role), and a story about
# nothing else (bakery).
NEWSROOM = {
    "quay-1.txt": (
        "Harbour crews walk out\n\n"
        "Pavel Dunmore, who leads the Coastline Workers Guild, said on Monday that crews\n"
        "at the port would stop work. Harbour master Oskar Brennholt urged both sides to keep talking.\n"
        "Dunmore said talks with Saltmarsh Shipping had failed.\n"
    ),
    "quay-2.txt": (
        "Ferry talks resume\n\n"
        "Talks between Saltmarsh Shipping and the Coastline Workers Guild resumed on Tuesday.\n"
        "Pavel Dunmore told reporters the offer was still too low.\n"
        "The port would stay open, said Oskar Brennholt.\n"
    ),
    "quay-3.txt": (
        "Strike called off\n\n"
        "The Coastline Workers Guild called off its strike after Saltmarsh Shipping raised its offer.\n"
        '"It is a fair deal," said Pavel Dunmore. Mr Dunmore thanked Oskar Brennholt for his patience.\n'
    ),
    "quay-4.txt": (
        "Crews weigh new offer\n\n"
        "Pavel Dunmoore, who leads the Coastline Workers Guild, met Saltmarsh Shipping managers on Wednesday.\n"
        "Oskar Brennholt chaired the meeting. Mr Dunmoore said members would vote on Friday.\n"
    ),
    "fleet-1.md": (
        "---\ntitle: Fishing fleet gets new quotas\ndate: 2024-05-06\n---\n"
        "Foreign Minister Edda Vosk announced the new quotas on Monday.\n"
        "Vosk said the fleet had waited long enough.\n"
    ),
    "fleet-2.md": (
        "---\ntitle: Quota talks continue\ndate: 2024-05-07\n---\n"
        "Foreign Minister Edda Vosk met trawler owners on Tuesday to discuss the quotas.\n"
    ),
    "fleet-3.md": (
        "---\ntitle: Quota deal signed\ndate: 2024-05-09\n---\n"
        "Foreign Minister Edda Vosk signed the quota agreement on Thursday.\n"
    ),
    "fleet-4.md": (
        "---\ntitle: Skippers cheer deal\ndate: 2024-05-10\n---\n"
        "Skippers gathered at the harbour on Friday to mark the new quotas.\n"
        "Foreign Minister Lorne Hibbet welcomed the agreement.\n"
    ),
    "fleet-5.md": (  # Hibbet's own role: what makes fleet-4's "Foreign Minister" a swap
        "---\ntitle: Cannery opens\ndate: 2024-05-08\n---\n"
        "Trade Minister Lorne Hibbet opened a cannery on Wednesday.\n"
    ),
    "bakery.txt": (
        "Bakery wins county prize\n\n"
        "A bakery in Wexley has won the county prize for its rye bread.\n"
        "Jonas Petteri, who opened the shop in 2019, said the recipe came from his grandmother.\n"
    ),
}

Row = tuple[str, int, int, str, str]


def rows(findings: Sequence[Finding]) -> set[Row]:
    """What a finding says and where: (file, line, column, rule, expected)."""
    return {(f.file, f.line, f.column, f.rule, f.expected) for f in findings}


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("newsroom")
    for name, text in NEWSROOM.items():
        write(folder, name, text)
    return folder


@pytest.fixture(scope="module")
def newsroom_run(newsroom: Path, nlp: Language, default_rules: RuleSet) -> CheckResult:
    result = check_paths([str(newsroom)], default_rules, nlp)
    assert not result.problems
    return result


@pytest.fixture(scope="module")
def examples_run(nlp: Language, house_rules: RuleSet) -> CheckResult:
    result = check_paths([str(EXAMPLES)], house_rules, nlp)
    assert not result.problems
    return result


# -- the written newsroom is what it says it is ------------------------------------------------


def test_newsroom_full_run_finds_the_misspelling_and_the_role_conflict(newsroom: Path, newsroom_run: CheckResult) -> None:
    # guards the equivalence tests below: they compare something, not two empty sets
    assert rows(newsroom_run.findings) == {
        (str(newsroom / "quay-4.txt"), 3, 1, "name-variant", "Pavel Dunmore"),
        (str(newsroom / "quay-4.txt"), 4, 41, "name-variant", "Dunmore"),
        (str(newsroom / "fleet-4.md"), 6, 18, "role-conflict", "Edda Vosk"),
    }


# -- equivalence: a changed-article check = the full run's findings involving it --------------------


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir() if p.name != "README.md"))
def test_changed_check_equals_full_run_on_the_examples(
    name: str, examples_run: CheckResult, nlp: Language, house_rules: RuleSet
) -> None:
    changed = str(EXAMPLES / name)
    assert changed in examples_run.articles
    scoped = check_paths([str(EXAMPLES)], house_rules, nlp, changed=[changed])
    assert rows(scoped.findings) == rows(involving(examples_run.findings, [changed]))


@pytest.mark.parametrize("name", sorted(NEWSROOM))
def test_changed_check_equals_full_run_on_the_newsroom(
    name: str, newsroom: Path, newsroom_run: CheckResult, nlp: Language, default_rules: RuleSet
) -> None:
    changed = str(newsroom / name)
    scoped = check_paths([str(newsroom)], default_rules, nlp, changed=[changed])
    assert rows(scoped.findings) == rows(involving(newsroom_run.findings, [changed]))


def test_several_changed_articles_at_once(
    newsroom: Path, newsroom_run: CheckResult, nlp: Language, default_rules: RuleSet
) -> None:
    changed = [str(newsroom / "quay-2.txt"), str(newsroom / "fleet-4.md"), str(newsroom / "bakery.txt")]
    scoped = check_paths([str(newsroom)], default_rules, nlp, changed=changed)
    assert rows(scoped.findings) == rows(involving(newsroom_run.findings, changed)) != set()


def test_changed_path_typed_another_way_is_the_same_article(
    newsroom: Path, newsroom_run: CheckResult, nlp: Language, default_rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the folder absolute, the changed file relative to the working directory
    monkeypatch.chdir(newsroom)
    scoped = check_paths([str(newsroom)], default_rules, nlp, changed=["./quay-4.txt"])
    assert rows(scoped.findings) == rows(involving(newsroom_run.findings, [str(newsroom / "quay-4.txt")])) != set()


# -- what the scope holds ---------------------------------------------------------------------------------


def test_unrelated_article_is_checked_alone(newsroom: Path, nlp: Language, default_rules: RuleSet) -> None:
    bakery = str(newsroom / "bakery.txt")
    scoped = check_paths([str(newsroom)], default_rules, nlp, changed=[bakery])
    assert set(scoped.articles) == set(scoped.mentions) == {bakery}
    assert scoped.read == len(NEWSROOM)  # every article was read; one was resolved
    assert scoped.findings == []


def test_unrelated_article_is_left_out_of_another_articles_scope(newsroom: Path, newsroom_run: CheckResult, default_rules: RuleSet) -> None:
    keep = needed_articles(names_of(newsroom_run.mentions), [str(newsroom / "quay-1.txt")], default_rules.settings.name_variant)
    assert keep == {str(newsroom / f"quay-{i}.txt") for i in range(1, 5)}


def test_role_scope_holds_the_articles_giving_the_same_title(newsroom: Path, newsroom_run: CheckResult, default_rules: RuleSet) -> None:
    keep = needed_articles(names_of(newsroom_run.mentions), [str(newsroom / "fleet-4.md")], default_rules.settings.name_variant)
    assert keep == {str(newsroom / f"fleet-{i}.md") for i in range(1, 6)}  # fleet-5: Hibbet's other title


# -- findings in unchanged articles that rest on a changed one ------------------------------------------


@pytest.mark.parametrize("name", ["quay-1.txt", "quay-2.txt", "quay-3.txt"])
def test_misspelling_elsewhere_of_a_name_in_the_changed_article_is_reported(
    name: str, newsroom: Path, nlp: Language, default_rules: RuleSet
) -> None:
    # quay-N spells "Pavel Dunmore" right; quay-4, unchanged, misspells it: a commit of
    # quay-N must show the misspelling, which rests on quay-N's spelling
    changed = str(newsroom / name)
    scoped = check_paths([str(newsroom)], default_rules, nlp, changed=[changed])
    quay4 = str(newsroom / "quay-4.txt")
    assert {(f.file, f.found, f.expected) for f in scoped.findings} == {
        (quay4, "Pavel Dunmoore", "Pavel Dunmore"),
        (quay4, "Dunmoore", "Dunmore"),
    }
    assert all(changed in f.related for f in scoped.findings)


@pytest.mark.parametrize("name", ["fleet-1.md", "fleet-2.md", "fleet-3.md"])
def test_role_conflict_elsewhere_with_the_holder_the_changed_article_gives_is_reported(
    name: str, newsroom: Path, nlp: Language, default_rules: RuleSet
) -> None:
    # README, --changed: findings "resting on it: the right spelling or the other role
    # holder it gives". fleet-4 names Lorne Hibbet foreign minister in the week fleet-1,
    # -2 and -3 all give the role to Edda Vosk: each of the three is what the finding
    # on fleet-4 rests on, so a check of any one of them must report it
    changed = str(newsroom / name)
    scoped = check_paths([str(newsroom)], default_rules, nlp, changed=[changed])
    assert rows(scoped.findings) == {(str(newsroom / "fleet-4.md"), 6, 18, "role-conflict", "Edda Vosk")}


# -- the scope's limits, on hand-made mentions ---------------------------------------------------------------


def scoped_and_full(corpus: Corpus, rules: RuleSet, changed: str) -> tuple[set[Row], set[Row]]:
    """Findings involving `changed`: checked as the hook and the server check it (only
    its scope's articles, and of them only the names its findings can rest on), and
    resolving everything."""
    full = involving(corpus.findings(rules), [changed])
    scoped = check_changed(corpus.articles, corpus.mentions, rules, [changed]).findings
    return rows(scoped), rows(full)


def test_credits_of_one_reporter_in_another_article_are_resolved_as_in_a_full_run(
    corpus: Corpus, default_rules: RuleSet
) -> None:
    # b.txt credits "Daniel Mertens" and "Dan Mertens": one reporter (resolve groups
    # credits of one article sharing surname and initial), so "Dan Mertens" is flagged
    # against the name a.txt (changed) credits too: the finding rests on a.txt. Their
    # given names are no near spelling of each other; the scope must still hold both.
    corpus.add("a.txt", "Daniel Mertens", source="credit")
    corpus.add("b.txt", "Daniel Mertens", source="credit")
    corpus.add("b.txt", "Dan Mertens", source="credit")
    corpus.add("c.txt", "Daniel Mertens", source="credit")
    scoped, full = scoped_and_full(corpus, default_rules, "a.txt")
    assert {(r[0], r[4]) for r in full} == {("b.txt", "Daniel Mertens")}
    assert scoped == full


def _story(corpus: Corpus, article: str, name: str, company: Sequence[tuple[str, str]]) -> None:
    corpus.add(article, name)
    for text, label in company:
        corpus.add(article, text, label=label)


# Three casts of other names: neighbouring articles share one, which lets resolve
# compare their spellings across articles (they weigh more than min_weight).
CAST_X = [("Oda Prell", "PERSON"), ("Quillon Freight", "ORG")]
CAST_Y = [("Bram Tessel", "PERSON"), ("Harlow Cement", "ORG")]
CAST_Z = [("Nell Upton", "PERSON"), ("Grist Mills", "ORG")]


def test_two_step_chain_of_spellings_is_resolved_as_in_a_full_run(corpus: Corpus, default_rules: RuleSet) -> None:
    # Vorla (changed, 1 article) ~ Vorna (2) ~ Vorne (3): the scope's documented two steps
    _story(corpus, "a.txt", "Ilse Vorla", CAST_X)
    for i in range(2):
        _story(corpus, f"b{i}.txt", "Ilse Vorna", CAST_X + CAST_Y)
    for i in range(3):
        _story(corpus, f"c{i}.txt", "Ilse Vorne", CAST_Y)
    scoped, full = scoped_and_full(corpus, default_rules, "a.txt")
    assert scoped == full


def test_three_step_chain_of_spellings_is_resolved_as_in_a_full_run(corpus: Corpus, default_rules: RuleSet) -> None:
    # Each spelling is one consonant from the next and two from the one after (too far:
    # they neither sound alike nor are similar enough): Tarvik (a.txt, changed) ~ Tarvin
    # (2 articles) ~ Tasvin (3) ~ Tasmin (4). A full run makes Tasmin the anchor,
    # attaches Tasvin to it, so Tarvin anchors its own entity and Tarvik is flagged as
    # its misspelling. Without the d articles (three steps out) Tasvin is the anchor,
    # takes Tarvin, and Tarvik is left alone: unflagged.
    _story(corpus, "a.txt", "Ilse Tarvik", CAST_X)
    for i in range(2):
        _story(corpus, f"b{i}.txt", "Ilse Tarvin", CAST_X + CAST_Y)
    for i in range(3):
        _story(corpus, f"c{i}.txt", "Ilse Tasvin", CAST_Y + CAST_Z)
    for i in range(4):
        _story(corpus, f"d{i}.txt", "Ilse Tasmin", CAST_Z)
    scoped, full = scoped_and_full(corpus, default_rules, "a.txt")
    assert {(r[0], r[4]) for r in full} == {("a.txt", "Ilse Tarvin")}  # the full run's finding
    assert scoped == full


def test_holder_settled_in_another_role_is_judged_as_in_a_full_run(corpus: Corpus, default_rules: RuleSet) -> None:
    # gil.md (changed) and ruiz.md each name a different foreign minister in the same
    # week: a tie. Gil is finance minister in two other stories, but Maria Costa holds
    # that role in three, so in a full run Gil is settled in no role: no evidence of a
    # swap on either side, no finding. A scope with Gil's finance stories but not
    # Costa's would make Gil "settled" as finance minister and flag him.
    week = dt.date(2024, 3, 4)
    corpus.add("gil.md", "Pedro Gil", role=("foreign minister", None), date=week)
    corpus.add("ruiz.md", "Ana Ruiz", role=("foreign minister", None), date=week)
    for i in range(2):
        corpus.add(f"gil-finance-{i}.md", "Pedro Gil", role=("finance minister", None), date=week)
    for i in range(3):
        corpus.add(f"costa-{i}.md", "Maria Costa", role=("finance minister", None), date=week)
    scoped, full = scoped_and_full(corpus, default_rules, "gil.md")
    assert full == set()
    assert scoped == full


def test_a_kept_index_extended_with_one_article_gives_the_scope_a_fresh_one_gives(
    newsroom_run: CheckResult, default_rules: RuleSet
) -> None:
    """The server indexes the archive's names once and adds a draft's per check (ScopeIndex.extended)."""
    settings = default_rules.settings.name_variant
    mentions = newsroom_run.mentions
    last = sorted(mentions)[-1]
    rest = {p: ms for p, ms in mentions.items() if p != last}
    kept = ScopeIndex.build(names_of(rest), settings)
    before = ({k: set(ps) for k, ps in kept.articles_of.items()}, placed(kept.places))
    extended = kept.extended(names_of({last: mentions[last]}), settings)
    fresh = ScopeIndex.build(names_of(mentions), settings)
    assert extended.articles_of == fresh.articles_of
    assert placed(extended.places) == placed(fresh.places)
    for path in mentions:
        assert needed_articles(names_of(mentions), [path], settings, extended) == needed_articles(names_of(mentions), [path], settings)
    assert (kept.articles_of, placed(kept.places)) == before  # the kept index is left as it was


def placed(places: Places) -> list[dict[object, set[object]]]:
    """What `places` holds, each place's names as a set (their order is of no account)."""
    return [{place: set(held) for place, held in table.items()} for table in (places.shared, places.surnames, places.by_deletion)]


def test_a_tie_is_decided_on_the_archives_counts_not_the_scopes(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Anna Marvalen" once, "Anna Marvalan" once: the part "Marvalen" is also in two
    # organisations' names the scope of the changed story leaves out; a full run decides
    # the tie by them, so the check of the changed story must too
    for article in ("a.txt", "b.txt"):
        corpus.add_company(article)
    corpus.add("a.txt", "Anna Marvalen")
    corpus.add("b.txt", "Anna Marvalan")
    for article in ("c.txt", "d.txt"):
        corpus.add(article, "Marvalen Trust", label="ORG")
    full = sorted((f.file, f.found, f.expected) for f in corpus.findings(default_rules) if f.file == "b.txt")
    assert full == [("b.txt", "Anna Marvalan", "Anna Marvalen")]
    scoped = check_changed(corpus.articles, corpus.mentions, default_rules, ["b.txt"])
    assert "c.txt" not in scoped.mentions  # outside the scope
    assert sorted((f.file, f.found, f.expected) for f in scoped.findings) == full


def test_a_kept_index_taken_down_and_extended_gives_the_scope_a_fresh_one_gives(
    newsroom_run: CheckResult, default_rules: RuleSet
) -> None:
    """An article edited since the server read its archive: taken out (ScopeIndex.without)
    and put back with its new names, through the kept index's worked-out neighbours."""
    settings = default_rules.settings.name_variant
    mentions = newsroom_run.mentions
    quay = "quay-4.txt"
    edited = {p: ms for p, ms in mentions.items() if not p.endswith(quay)}
    path = next(p for p in mentions if p.endswith(quay))
    edited[path] = [m for m in mentions[path] if "Dunmoore" not in m.text]  # the misspelling mended away
    kept = ScopeIndex.build(names_of(mentions), settings)
    assert kept.neighbours is not None
    kept.neighbours.work_out_all()
    changed = kept.without([path]).extended(names_of({path: edited[path]}), settings)
    for p in edited:
        assert needed_scope(names_of(edited), [p], settings, changed) == needed_scope(names_of(edited), [p], settings)


# made-up one-word names under one letter, more than scope._FEW, many one edit from
# each other ("Valdaok"/"Vandaok"), some two, sounding alike ("Valdocke") or not
# ("Vallenhorstberger"/"Vallenhorstbergil"), one a full name's surname's
ONE_WORD = [f"Va{b}{c}{d}ok" for b in "lnrst" for c in "dgkm" for d in "aeiou"][:60] + [
    "Valdocke", "Varnokke", "Vanmock", "Vallenhorstberger", "Vallenhorstbergil",
]


def test_the_variants_an_index_works_out_for_one_word_names_are_every_near_name(corpus: Corpus, default_rules: RuleSet) -> None:
    for i, name in enumerate(ONE_WORD):
        corpus.add(f"{i % 7}.txt", name, label="ORG" if i % 2 else "PERSON")
    corpus.add("8.txt", "Ilse Valdok")
    assert_every_near_name(corpus, default_rules)


# made-up names written with a hyphen, a particle or apart, and slips of them
WRITTEN_APART = [
    "Ilse Valdok-Marr", "Ilse Valdok Marr", "Ilse Valdok Mar", "Isle Valdok Marr", "Ilse Vadlok-Marr", "Valdok-Marr",
    "Valdok Marr", "Valdock-Marr", "Marr", "Ilse van Valdok", "Ilse Valdok", "Ilze van Valdok", "Lena de la Ruvera",
    "Lena Ruvera", "Lena de la Rivera", "Lena Ruvera-Valdok", "Lena Ruvera Valdok", "Lena Ruvera Valdock",
]


def test_the_variants_an_index_works_out_for_names_written_apart_are_every_near_name(corpus: Corpus, default_rules: RuleSet) -> None:
    for i, name in enumerate(WRITTEN_APART):
        corpus.add(f"{i % 5}.txt", name, label="ORG" if i % 4 == 3 else "PERSON")
    assert_every_near_name(corpus, default_rules)


def assert_every_near_name(corpus: Corpus, default_rules: RuleSet) -> None:
    """Each name's variants the index works out are every name near it (_near) that it
    would compare (share_a_place), found pair by pair."""
    settings = default_rules.settings.name_variant
    index = ScopeIndex.build(names_of(corpus.mentions), settings)
    assert index.neighbours is not None
    limits = loosest(settings)
    keys = list(index.articles_of)
    for key in keys:
        every_near = {o for o in keys if o != key and share_a_place(key, o) and _near(key, o, limits)}
        assert set(index.variants_of(key, limits, index.neighbours)) == every_near, key.key
    assert sum(len(index.variants_of(k, limits, index.neighbours)) for k in keys) > len(keys)  # near names there are


def share_a_place(a: NameKey, b: NameKey) -> bool:
    """The names an index compares, pair by pair: as written or by their form parts (a
    hyphen or a particle), one of each alike (alike_pair)."""
    return any(alike_pair(x, y) for x in shapes(a) for y in shapes(b))


def shapes(key: NameKey) -> list[NameKey]:
    parts = form_parts(key.tokens)
    return [key, NameKey(parts)] if parts != key.tokens and len(parts) >= 2 else [key]


def alike_pair(a: NameKey, b: NameKey) -> bool:
    """Written with the same letters; with surnames one letter from a common spelling; or
    as many parts, all equal but one, that one beginning with the same letter, the same
    two swapped, or sounding alike."""
    if set(form_keys(a.tokens)) & set(form_keys(b.tokens)) or deletions(a.surname) & deletions(b.surname):
        return True
    if len(a.tokens) != len(b.tokens):
        return False
    differ = [(x, y) for x, y in zip(a.tokens, b.tokens, strict=True) if x != y]
    return len(differ) == 1 and any(
        f(differ[0][0]) == f(differ[0][1]) for f in (lambda t: t[:1], lambda t: sorted(t[:2]), phonetic)
    )


def test_the_support_of_weights_with_articles_replaced_is_counted_as_anew(corpus: Corpus) -> None:
    corpus.add("a.txt", "Marta Kowalczyk")
    corpus.add("a.txt", "Baltic Dockers Union", label="ORG")
    corpus.add("b.txt", "Marta Kowalczyk")
    corpus.add("c.txt", "Tomasz Nowak")
    corpus.add("draft.txt", "Tomasz Nowak")
    corpus.add("draft.txt", "Kowalczyk")
    before = {p: ms for p, ms in corpus.mentions.items() if p != "draft.txt"}
    after = {**before, "a.txt": before["a.txt"][:1], "draft.txt": corpus.mentions["draft.txt"]}
    replaced = names_of({"a.txt": before["a.txt"]}), names_of({p: after[p] for p in ("a.txt", "draft.txt")})
    weighed = ArchiveWeights.of(names_of(before)).with_articles(*replaced)
    assert weighed.support == ArchiveWeights.of(names_of(after)).support
    assert weighed.support["kowalczyk"] == 3 and "dockers" not in weighed.support


def test_an_index_updated_to_changed_articles_scopes_as_a_fresh_one_and_keeps_its_neighbours(
    newsroom_run: CheckResult, default_rules: RuleSet
) -> None:
    """The server's reload: the index of the archive before, made the index of after."""
    settings = default_rules.settings.name_variant
    before = newsroom_run.mentions
    quay, bakery = (next(p for p in before if p.endswith(name)) for name in ("quay-4.txt", "bakery.txt"))
    after = {p: list(ms) for p, ms in before.items() if p != bakery}  # equal lists, not the same ones
    after[quay] = [m for m in before[quay] if "Dunmoore" not in m.text]
    after["new.txt"] = [dataclasses.replace(m, article="new.txt") for m in before[quay]]
    kept = ScopeIndex.build(names_of(before), settings)
    updated = kept.updated(before, after, settings)
    assert updated.neighbours is kept.neighbours
    assert set(updated.articles_of) == set(ScopeIndex.build(names_of(after), settings).articles_of)
    for p in after:
        assert needed_scope(names_of(after), [p], settings, updated) == needed_scope(names_of(after), [p], settings)
    assert kept.updated(before, before, settings) is kept  # nothing changed


def test_an_index_updated_with_more_new_names_than_the_limit_is_built_afresh(corpus: Corpus, default_rules: RuleSet) -> None:
    settings = default_rules.settings.name_variant
    corpus.add("a.txt", "Marta Kowalczyk")
    before = {"a.txt": corpus.mentions["a.txt"]}
    letters = "bdfklmnprstvz"
    surnames = [f"{a}{v}{b}{w}k".title() for a in letters for v in "aeiou" for b in letters for w in "aeiou"]
    corpus.add_many("b.txt", [f"Ida {s}" for s in surnames[: scope.MAX_ADDED_NAMES + 1]])
    kept = ScopeIndex.build(names_of(before), settings)
    assert kept.updated(before, {**before, "c.txt": corpus.mentions["b.txt"][:10]}, settings).neighbours is kept.neighbours
    updated = kept.updated(before, corpus.mentions, settings)
    assert updated.neighbours is not kept.neighbours and updated.added.count() == 0
    assert updated.articles_of == ScopeIndex.build(names_of(corpus.mentions), settings).articles_of


def test_slip_of_a_name_written_apart_meets_the_hyphenated_name_elsewhere(corpus: Corpus, default_rules: RuleSet) -> None:
    # "Mrata Lewin Kowal" (changed) against "Marta Lewin-Kowal" in three other stories:
    # resolve weighs them part by part (same_count_of_parts), so the scope must hold them
    _story(corpus, "a.txt", "Mrata Lewin Kowal", CAST_X)
    for i in range(3):
        _story(corpus, f"b{i}.txt", "Marta Lewin-Kowal", CAST_X)
    scoped, full = scoped_and_full(corpus, default_rules, "a.txt")
    assert {(r[0], r[4]) for r in full} == {("a.txt", "Marta Lewin-Kowal")}
    assert scoped == full


def test_names_prepared_while_the_model_reads_give_the_scope_and_weights_of_the_whole_archive(
    newsroom_run: CheckResult, default_rules: RuleSet
) -> None:
    """A hook's check works out the index and the weights of the names the cache holds
    while the model reads the changed article (PreparedNames), then completes them with
    that article's names and those the recovery pass changed: as if worked out at once."""
    settings = default_rules.settings.name_variant
    mentions = newsroom_run.mentions
    quay, bakery = (next(p for p in mentions if p.endswith(name)) for name in ("quay-4.txt", "bakery.txt"))
    held = names_of({p: ms for p, ms in mentions.items() if p != bakery})  # the model reads the bakery story
    after = {p: list(ms) for p, ms in mentions.items()}
    after[quay] = [m for m in mentions[quay] if "Dunmoore" not in m.text]  # its recovery redone since
    whole = names_of(after)
    archive, weights = PreparedNames.of(held, settings).completed(whole, settings)
    assert weights == ArchiveWeights.of(whole)
    for p in after:
        assert needed_scope(whole, [p], settings, archive.index) == needed_scope(whole, [p], settings)


def test_names_kept_by_the_last_run_give_the_scope_and_weights_of_the_archive_as_it_is_now(
    newsroom_run: CheckResult, default_rules: RuleSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last run's names worked out (kept_names.py) are read back with the articles
    whose names changed since worked out anew: one edited, one gone, one new, and the
    article the model reads now; a damaged or foreign file is worked out anew."""
    monkeypatch.setattr(kept_names, "REBUILD_SHARE", 1.0)  # a newsroom of eight: any change is a large share
    settings = default_rules.settings.name_variant
    mentions = newsroom_run.mentions
    quay, bakery, fleet = (next(p for p in mentions if p.endswith(name)) for name in ("quay-4.txt", "bakery.txt", "fleet-1.md"))
    before = names_of({p: ms for p, ms in mentions.items() if p != fleet})
    kept = KeptNames(tmp_path / "names-index.msgpack", "stamp")
    kept_names.keep_archive_names(kept.path, kept_names.archive_names(before, settings, None, ""), kept.stamp, settings)

    now = {p: list(ms) for p, ms in mentions.items() if p != quay.replace("quay-4", "quay-1")}  # one gone, fleet-1 new
    now[quay] = [m for m in mentions[quay] if "Dunmoore" not in m.text]  # edited
    whole = names_of(now)
    held = {p: names for p, names in whole.items() if p != bakery}  # the model reads the bakery story

    def check(expected_worked_out: int, whole: dict[str, ArticleNames] = whole) -> kept_names.ArchiveNames:
        archive, weights = PreparedNames.of(held, settings, kept).completed(whole, settings)
        assert weights == ArchiveWeights.of(whole) and archive.worked_out == expected_worked_out
        for p in whole:
            assert needed_scope(whole, [p], settings, archive.index) == needed_scope(whole, [p], settings)
        return archive

    check(5)  # read: quay-1 (gone), quay-4 and fleet-1, then the bakery story out and in again

    # kept as the archive is: the company weights worked out while the model reads the
    # bakery story hold while its names are the last run's; edited, it is weighed anew
    kept_names.keep_archive_names(kept.path, kept_names.archive_names(whole, settings, None, ""), kept.stamp, settings)
    archive = check(2)
    assert archive.guess is not None and archive.company_weights() is archive.guess.weights
    edited = whole | names_of({bakery: [m for m in mentions[bakery] if "Petteri" not in m.text]})
    archive = check(2, edited)
    assert archive.guess is not None and archive.company_weights() is not archive.guess.weights
    kept.path.write_bytes(kept.path.read_bytes()[:-40])
    check(len(held) + 1)  # damaged: all worked out, then the bakery story in
    kept_names.keep_archive_names(kept.path, kept_names.archive_names(before, settings, None, ""), "another", settings)
    check(len(held) + 1)  # kept under other rules or another copydesk


@pytest.mark.parametrize(
    ("changed", "archive", "expected"),
    [
        # the given name and the surname each one slip off
        ("Ilze Tarvinek", "Ilse Tarvinen", "Ilse Tarvinen"),
        # the given name's short form and the surname one slip off: the writer's short given name kept
        ("Ben Ormann", "Benedikt Orrmann", "Ben Orrmann"),
        # a surname alone, a letter dropped
        ("Grabowki", "Grabowski", "Grabowski"),
    ],
)
def test_a_slip_the_changed_article_makes_is_resolved_as_in_a_full_run(
    changed: str, archive: str, expected: str, corpus: Corpus, default_rules: RuleSet
) -> None:
    _story(corpus, "a.txt", changed, CAST_X)
    for i in range(3):
        _story(corpus, f"b{i}.txt", archive, CAST_X)
    scoped, full = scoped_and_full(corpus, default_rules, "a.txt")
    assert {(r[0], r[4]) for r in full} == {("a.txt", expected)}  # the full run's finding, its expected name
    assert scoped == full
