"""Hostile input: sizes and shapes that must stay bounded (issue 13's list): a YAML alias
bomb in front matter or in a rule file, a credit line of thousands of names, an article
of tens of thousands of distinct names. Times and memory are measured by
benchmarks/hostile.py; here, that each is refused with one line or read in bounded
pieces, with every offset still right."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from conftest import write
from copydesk.extract import MODEL_BATCH_CHARS, MODEL_PIECE_CHARS, _batches, model_pieces
from copydesk.ingest import ArticleError, read_article
from copydesk.pipeline import check_paths
from copydesk.rules import RuleError, RuleSet, parse_rule_file


def alias_bomb(levels: int = 9) -> list[str]:
    lines = ['l0: &l0 ["ha","ha","ha","ha","ha","ha","ha","ha","ha"]']
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 9) + "]")
    return lines


def test_front_matter_alias_bomb_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.md", "\n".join(["---", *alias_bomb(), "title: *l8", "---", "Body.", ""]))
    with pytest.raises(ArticleError, match=r"bomb\.md:3: bad front matter: YAML aliases \(\*l0\) are not read"):
        read_article(str(path), [])


def test_rule_file_alias_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    path = write(tmp_path, "ignore.yaml", "\n".join([*alias_bomb(), "ignore:", "  entities: *l8", ""]))
    with pytest.raises(RuleError, match=r"ignore\.yaml:\d+: invalid YAML: its aliases expand"):
        parse_rule_file(path)


def test_rule_file_with_an_ordinary_alias_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "ignore.yaml", "ignore:\n  lines: &furniture [Share this, Read more]\n  entities: *furniture\n")
    _, parsed = parse_rule_file(path)
    assert parsed.ignore is not None and list(parsed.ignore.entities) == ["Share this", "Read more"]


def test_a_long_article_is_read_in_pieces_that_join_back_to_it() -> None:
    paragraph = "Mayor Ada Vell of Karsova said on Monday the ferry would run twice a day. " * 20
    text = "\n\n".join([paragraph] * 40)
    pieces = model_pieces(text)
    assert "".join(pieces) == text
    assert len(pieces) > 1 and all(len(p) <= MODEL_PIECE_CHARS for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])  # cut where a paragraph ends


def test_a_paragraph_longer_than_a_piece_is_cut_between_names() -> None:
    credits = "Reporting by " + ", ".join(f"Ada Vell{n}" for n in range(5000)) + "\n"
    pieces = model_pieces(credits)
    assert "".join(pieces) == credits
    assert all(len(p) <= MODEL_PIECE_CHARS for p in pieces)
    assert all(p.endswith(", ") for p in pieces[:-1])


def test_batches_hold_a_bounded_number_of_characters() -> None:
    texts = ["x" * 30_000] * 7 + ["y" * 10] * 100
    batches = list(_batches(iter(texts), 64))
    assert [t for b in batches for t in b] == texts
    assert all(sum(map(len, b)) <= MODEL_BATCH_CHARS or len(b) == 1 for b in batches)
    assert all(len(b) <= 64 for b in batches)


def test_names_in_every_piece_of_a_long_article_are_found_where_they_are(
    tmp_path: Path, nlp: Language, default_rules: RuleSet
) -> None:
    filler = "The council met again on Monday to talk about the ferry and the harbour road. " * 12
    people = [f"{given} {surname}" for given in ("Tomasz", "Ingrid", "Halvard", "Oksana", "Pieter", "Marta")
              for surname in ("Wierzbicki", "Brandvold", "Korvstad", "Lindqvist", "Marwood", "Akiyama", "Dunmore",
                              "Vestby", "Kordahl", "Quaddle")]
    paragraphs = [f"{filler}Councillor {name} spoke last." for name in people]
    text = "Ferry plan\n\n" + "\n\n".join(paragraphs) + "\n"
    path = write(tmp_path, "long.txt", text)
    pieces = model_pieces(text)
    assert len(pieces) > 2
    result = check_paths([str(path)], default_rules, lambda: nlp)
    found = [m for m in result.mentions[str(path)] if m.label == "PERSON"]
    assert all(text[m.start : m.end] == m.text for m in found)
    named = {p for p in people if any(m.text.endswith(p) for m in found)}  # "Councillor Ada Vell" too
    assert len(named) >= 0.9 * len(people)
    last_piece = len(text) - len(pieces[-1])
    assert any(m.start >= last_piece and m.text.endswith(people[-1]) for m in found)  # at its offsets
