"""Fuzz ingest + extract on random bytes with atheris (coverage-guided, libFuzzer).

    pip install atheris
    python fuzz/fuzz_ingest.py -max_total_time=600          # 10 minutes
    python fuzz/fuzz_ingest.py -runs=100000 CORPUS_DIR      # a number of inputs

Each input's first byte picks the reader (.txt, .md, .html); the rest is the file. The
file is read with `read_article` and, when it reads, extracted with the real spaCy model
and the recovery pass, and every mention's name is normalised. An `ArticleError` is the
expected answer to bad input; any other exception, or a mention whose text or position
does not match the article, is a crash: libFuzzer stops and writes the input to
crash-<hash>. Each crash found is fixed in src/ and kept as a regression test in
tests/test_bad_input.py. The seeds are the project's own examples/ (copied to a
temporary folder, so the fuzzer's new inputs never land in the repository), unless
corpus folders are given.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["copydesk"]):
    from copydesk.extract import Extractor, TitleLexicon
    from copydesk.ingest import ArticleError, read_article
    from copydesk.nlp import load_model
    from copydesk.normalize import name_key
    from copydesk.recover import article_surnames, recover
    from copydesk.rules import load_rules

SUFFIXES = (".txt", ".md", ".html")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

RULES = load_rules()
EXTRACTOR = Extractor(load_model(RULES.settings.model), RULES)
LEXICON = TitleLexicon.from_rules(RULES)
WORK = Path(tempfile.mkdtemp(prefix="copydesk-fuzz-"))


def check_one(data: bytes) -> None:
    """Read, extract and recover one input; raise on anything but an ArticleError."""
    suffix = SUFFIXES[data[0] % len(SUFFIXES)] if data else ".txt"
    path = WORK / f"input{suffix}"
    path.write_bytes(data[1:])
    try:
        article = read_article(str(path), RULES.boilerplate)
    except ArticleError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc), f"bad message: {exc!r}"
        return
    mentions = next(EXTRACTOR.extract([article]))
    mentions = recover(article, mentions, article_surnames(mentions), LEXICON)
    for m in mentions:
        assert article.text[m.start : m.end] == m.text, (m, article.text[m.start : m.end])
        assert (m.line, m.column) == article.position(m.start) and m.line >= 1 and m.column >= 1, m
        name_key(m.text, m.label)


def seed_folder() -> str:
    """The examples as seeds, each with a leading byte that picks its own reader."""
    seeds = Path(tempfile.mkdtemp(prefix="copydesk-fuzz-seeds-"))
    for f in sorted(EXAMPLES.iterdir()):
        if f.suffix in SUFFIXES:
            (seeds / f.name).write_bytes(bytes([SUFFIXES.index(f.suffix)]) + f.read_bytes())
    return str(seeds)


def main() -> None:
    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):
        argv.append(seed_folder())
    atheris.Setup(argv, check_one)
    try:
        atheris.Fuzz()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
