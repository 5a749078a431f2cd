"""Resolution cost as the corpus grows (run by hand; needs nothing from ../shared).

    python benchmarks/resolution.py [--sizes 10000 100000 1000000] [--seed 1]

Builds synthetic corpora of N mentions: articles of 40 mentions, each about a "story"
whose cast of people and organisations recurs across the story's articles (so names
keep company, as in news), drawn from invented given names and surnames, with the
variants real copy has: surnames alone after the full name, 2% of full names with one
part misspelt (a letter dropped, doubled, swapped or replaced), organisations with and
without "Ltd". The number of distinct names grows with N. Then times resolve() and the
name-variant check, and prints the growth factor per 10x mentions (a linear method
gives 10x). Targets (issue 5): <= 12x per 10x, and 10^6 mentions in <= 60 s here.
"""
from __future__ import annotations

import argparse
import random
import sys
import time

from copydesk.checks import name_variant
from copydesk.model import Mention
from copydesk.resolve import resolve
from copydesk.rules import load_rules

MENTIONS_PER_ARTICLE = 40
ARTICLES_PER_STORY = 6
CAST = 12  # names per story
GROWTH_TARGET = 12.0
MILLION_TARGET_S = 60.0

SYLLABLES = ["ka", "ro", "mi", "ten", "bar", "li", "so", "vek", "dan", "or", "ul", "mar", "is", "to", "ven",
             "ha", "gel", "rin", "pa", "mos", "tu", "ber", "sa", "nor", "ji", "lo", "wen", "di", "kas", "fel"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rules = load_rules()
    previous: float | None = None
    print(f"{'mentions':>10} {'articles':>9} {'names':>8} {'resolve s':>10} {'check s':>8} {'growth':>7}")
    for n in args.sizes:
        corpus, names = synthetic_corpus(n, random.Random(args.seed))
        started = time.perf_counter()
        resolution = resolve(corpus, rules)
        resolved = time.perf_counter() - started
        started = time.perf_counter()
        name_variant.check(resolution, corpus, {}, rules)
        checked = time.perf_counter() - started
        total = resolved + checked
        growth = f"{total / previous:6.1f}x" if previous else "      -"
        print(f"{n:>10,} {len(corpus):>9,} {names:>8,} {resolved:>10.1f} {checked:>8.1f} {growth}")
        previous = total
        if n >= 1_000_000:
            print(f"10^6 mentions: {total:.1f} s (target <= {MILLION_TARGET_S:.0f} s)")
    print(f"growth target per 10x mentions: <= {GROWTH_TARGET:.0f}x")
    return 0


def synthetic_corpus(n_mentions: int, rng: random.Random) -> tuple[dict[str, list[Mention]], int]:
    n_articles = max(n_mentions // MENTIONS_PER_ARTICLE, 1)
    n_names = max(n_articles * 2, 100)  # distinct people and organisations grow with the corpus
    people = [(_word(rng, 2), _word(rng, rng.choice((2, 3)))) for _ in range(n_names)]
    orgs = [f"{_word(rng, 2)} {rng.choice(['Holdings', 'Bank', 'Motors', 'Group', 'Press'])}" for _ in range(n_names // 4)]
    corpus: dict[str, list[Mention]] = {}
    for story in range(max(n_articles // ARTICLES_PER_STORY, 1)):
        cast = [rng.choice(people) for _ in range(CAST)]
        firms = [rng.choice(orgs) for _ in range(3)]
        for k in range(ARTICLES_PER_STORY):
            path = f"story-{story}/article-{k}.txt"
            corpus[path] = _article(path, cast, firms, rng)
    return corpus, n_names


def _article(path: str, cast: list[tuple[str, str]], firms: list[str], rng: random.Random) -> list[Mention]:
    texts: list[tuple[str, str]] = []
    while len(texts) < MENTIONS_PER_ARTICLE:
        roll = rng.random()
        if roll < 0.15:
            texts.append((rng.choice(firms) + rng.choice(["", " Ltd"]), "ORG"))
            continue
        given, surname = rng.choice(cast)
        if rng.random() < 0.02:
            surname = _misspell(surname, rng)
        texts.append((f"{given} {surname}", "PERSON"))
        if roll < 0.6:
            texts.append((surname, "PERSON"))  # "Mr Surname" later in the story
    mentions, offset = [], 0
    for line, (text, label) in enumerate(texts[:MENTIONS_PER_ARTICLE], start=1):
        mentions.append(Mention(path, offset, offset + len(text), line, 1, text, label, "ner"))
        offset += len(text) + 50
    return mentions


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def _misspell(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "double", "swap", "replace"])
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    return word[:i] + rng.choice("aeioulnrst") + word[i + 1 :]


if __name__ == "__main__":
    sys.exit(main())
