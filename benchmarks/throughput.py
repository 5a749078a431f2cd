"""Extraction throughput against spaCy's own limit (run by hand).

    python benchmarks/throughput.py [--shared ../shared] [--articles 500] [--jobs 1]

Reads N BBC articles, then in this one process measures, in words per second:

1. baseline: raw `nlp.pipe` over the same texts, with the same model and components
   copydesk loads (ner only), the same batch size and processes;
2. copydesk: `Extractor.extract` (spaCy plus title, credit and byline patterns and the
   mention objects), then the recovery pass over the whole set. With --jobs N it runs
   its own pool of N forked workers, which send back mentions where spaCy's n_process
   sends back whole Docs: it can beat the baseline.

Prints both rates and the ratio copydesk/raw. Target (issue 5): >= 0.9.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable

import common
from copydesk.extract import Extractor, unwrap
from copydesk.nlp import load_model
from copydesk.pipeline import extract_all, read_articles
from copydesk.rules import load_rules

TARGET = 0.9


def main() -> int:
    parser = common.parser(__doc__)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=1, help="spaCy processes (n_process)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the three runs; each one's best is kept")
    args = parser.parse_args()
    bbc = common.corpus_folder(args.shared, "bbc")
    if bbc is None:
        return 2
    files = [str(p) for t in common.TOPICS for p in sorted((bbc / t).glob("*.txt"))[: args.articles // len(common.TOPICS)]]
    rules = load_rules()
    articles, _ = read_articles(files, rules)
    words = sum(len(a.text.split()) for a in articles.values())
    nlp = load_model(rules.settings.model)
    print(f"{len(articles)} articles, {words:,} words; model {nlp.meta['name']} {nlp.meta['version']}, "
          f"components {nlp.pipe_names}, jobs {args.jobs}")

    texts = [unwrap(a.text) for a in articles.values()]
    extractor = Extractor(nlp, rules)
    ordered = list(articles.values())
    raw, mine, full = best_of_rounds(args.repeat, [
        lambda: sum(len(d.ents) for d in nlp.pipe(texts, batch_size=64, n_process=args.jobs)),
        lambda: sum(len(ms) for ms in extractor.extract(ordered, n_process=args.jobs)),
        lambda: len(extract_all(articles, rules, nlp, jobs=args.jobs)),
    ])

    print(f"raw nlp.pipe:                      {words / raw:9,.0f} words/s  ({raw:.1f} s)")
    print(f"copydesk extract:                  {words / mine:9,.0f} words/s  ({mine:.1f} s)  ratio {raw / mine:.2f}")
    print(f"copydesk extract + recovery pass:  {words / full:9,.0f} words/s  ({full:.1f} s)  ratio {raw / full:.2f}"
          f"  (target >= {TARGET})")
    return 0


def best_of_rounds(rounds: int, runs: list[Callable[[], object]]) -> list[float]:
    """Each run's best time over `rounds` rounds of all of them, one after another: the
    machine's load drifts over minutes, and runs taken in turn see the same drift (run
    each twice in a row, as this did, and the ratio moved by 0.2 from one run to the next)."""
    best = [float("inf")] * len(runs)
    for _ in range(rounds):
        for i, run in enumerate(runs):
            started = time.perf_counter()
            run()
            best[i] = min(best[i], time.perf_counter() - started)
    return best


if __name__ == "__main__":
    sys.exit(main())
