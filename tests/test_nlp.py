"""Loading the model (nlp.py): only the components copydesk uses, and the model's own
tokenizer whenever it is not the one its language builds."""
from __future__ import annotations

from pathlib import Path

from spacy.attrs import ORTH
from spacy.language import Language

from copydesk.nlp import load_model


def test_the_packaged_model_tokenizes_as_its_language_does(nlp: Language) -> None:
    doc = nlp("Don't e-mail Ms O'Neill's office at 3km, can't you?")
    assert [t.text for t in doc] == [
        "Do", "n't", "e", "-", "mail", "Ms", "O'Neill", "'s", "office", "at", "3", "km", ",", "ca", "n't", "you", "?",
    ]
    assert nlp.pipe_names == ["ner"]


def test_a_model_with_a_tokenizer_of_its_own_is_read_with_it(nlp: Language, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "model")
    own = load_model(str(tmp_path / "model"))
    own.tokenizer.add_special_case("Newsdesk", [{ORTH: "News"}, {ORTH: "desk"}])
    own.to_disk(tmp_path / "own")

    assert [t.text for t in load_model(str(tmp_path / "model"))("The Newsdesk said")] == ["The", "Newsdesk", "said"]
    assert [t.text for t in load_model(str(tmp_path / "own"))("The Newsdesk said")] == ["The", "News", "desk", "said"]
