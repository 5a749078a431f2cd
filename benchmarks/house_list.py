"""What a large house list costs a check (run by hand; issue 15).

    python benchmarks/house_list.py [--shared ../shared] [--articles 2000] [--people 10000] [--jobs 1] [--store FILE]

Generates a house list of made-up people (three terms each, over real titles and
countries, so the role check's index has crowded roles to search), writes it as a rules/
file the way `copydesk house import` does, and checks the first N BBC articles (N/5 of
each topic) with and without it:

1. the articles are read and extracted once (extraction does not depend on the house
   list: its cache fingerprint leaves entities out);
2. resolve + checks are timed with the built-in rules, then with the large list layered
   over them, the list's load (YAML, validation) and its index counted in.

Prints each time, and the ratios with/without for the checking stages and for a whole
check (extraction included). Skips, saying so, when the shared BBC corpus is missing.
"""
from __future__ import annotations

import pickle
import random
import sys
import tempfile
import time
from pathlib import Path

import common
from copydesk.checks import run_checks
from copydesk.house import HouseList
from copydesk.house_import import render_house_list
from copydesk.nlp import load_model
from copydesk.pipeline import extract_all, read_articles
from copydesk.resolve import resolve
from copydesk.rules import HouseEntity, RuleSet, load_rules

TITLES = ("prime minister", "president", "foreign minister", "finance minister", "defence minister", "interior minister")
COUNTRIES = ("United Kingdom", "United States", "France", "Germany", "China", "Russia", "Japan", "Italy", "Spain", "India")


def made_up_house_list(people: int, seed: int = 15) -> list[HouseEntity]:
    """`people` made-up names (two invented words), each with an alias and three terms."""
    rng = random.Random(seed)
    syllables = "ka lo mi ra ve to su ne bi da ho pe li an or el ul is wen tar gol".split()
    out: list[HouseEntity] = []
    seen: set[str] = set()
    while len(out) < people:
        name = " ".join("".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(2))
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        roles = []
        for _ in range(3):
            year = rng.randint(1950, 2020)
            start = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.7 else str(year)
            roles.append({"title": rng.choice(TITLES), "of": rng.choice(COUNTRIES), "from": start, "to": str(year + rng.randint(1, 5))})
        entry = {"name": name, "id": f"Q{900000000 + len(out)}", "aliases": [name.split()[1]], "roles": roles}
        out.append(HouseEntity.model_validate(entry))
    return out


def main() -> int:
    parser = common.parser(__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=1, help="extraction processes")
    parser.add_argument("--store", type=Path, help="keep the extracted articles in this file (pickle) for the next run")
    args = parser.parse_args()
    bbc = common.corpus_folder(args.shared, "bbc")
    if bbc is None:
        print("house_list.py: skipped: no BBC corpus to check", file=sys.stderr)
        return 0
    per_topic = args.articles // len(common.TOPICS)
    files = [str(p) for t in common.TOPICS for p in sorted((bbc / t).glob("*.txt"))[:per_topic]]

    plain = load_rules()
    articles, mentions, extraction = extracted(files, plain, args.jobs, args.store)
    print(f"{len(articles)} articles read and extracted once: {extraction:.1f} s")

    without = timed_check(plain, articles, mentions)
    with tempfile.TemporaryDirectory() as tmp:
        people = made_up_house_list(args.people)
        (Path(tmp) / "officeholders.yaml").write_text(render_house_list(people, "made up"), encoding="utf-8")
        started = time.perf_counter()
        large = load_rules([tmp])
        loading = time.perf_counter() - started
    started = time.perf_counter()
    HouseList(large)  # the index, built once; the checks' own HouseList() calls reuse it
    indexing = time.perf_counter() - started
    with_list = timed_check(large, articles, mentions)
    terms = sum(len(p.roles) for p in people)

    print(f"house list: {len(people):,} made-up people, {terms:,} terms: load {loading:.1f} s, index {indexing:.1f} s")
    print(f"resolve + checks without the list: {without:6.1f} s")
    print(f"resolve + checks with the list:    {with_list:6.1f} s  (+ load and index {loading + indexing:.1f} s)")
    checks_ratio = (with_list + loading + indexing) / without
    whole_ratio = (extraction + with_list + loading + indexing) / (extraction + without)
    print(f"ratio with/without: checking stages {checks_ratio:.2f}, whole check (extraction included) {whole_ratio:.2f}")
    return 0


def extracted(files: list[str], rules: RuleSet, jobs: int, store: Path | None) -> tuple[dict, dict, float]:  # type: ignore[type-arg]
    """Articles, their mentions and the seconds reading and extracting them took (kept in
    `store`, when given, for a rerun after a change to the later stages)."""
    if store is not None and store.is_file():
        stored = pickle.loads(store.read_bytes())
        if stored["files"] == files:
            return stored["articles"], stored["mentions"], stored["seconds"]
    started = time.perf_counter()
    articles, _ = read_articles(files, rules)
    mentions = dict(extract_all(articles, rules, load_model(rules.settings.model), jobs=jobs))
    seconds = time.perf_counter() - started
    if store is not None:
        store.write_bytes(pickle.dumps({"files": files, "articles": articles, "mentions": mentions, "seconds": seconds}))
    return articles, mentions, seconds


def timed_check(rules: RuleSet, articles: dict, mentions: dict) -> float:  # type: ignore[type-arg]
    started = time.perf_counter()
    findings = run_checks(resolve(mentions, rules), mentions, articles, rules)
    elapsed = time.perf_counter() - started
    print(f"  {len(findings)} findings", file=sys.stderr)
    return elapsed


if __name__ == "__main__":
    sys.exit(main())
