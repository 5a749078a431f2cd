"""What the scripts in benchmarks/ share: the ../shared corpora and their command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

TOPICS = ("business", "entertainment", "politics", "sport", "tech")
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"


def parser(doc: str | None) -> argparse.ArgumentParser:
    """A parser with --shared, the folder beside the project holding corpus/ and tools/."""
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    return p


def corpus_folder(shared: Path, *parts: str) -> Path | None:
    """shared/corpus/PARTS, or None after saying on stderr that it is missing."""
    folder = shared.joinpath("corpus", *parts)
    if not folder.is_dir():
        print(f"{Path(sys.argv[0]).name}: {folder} not found: the shared corpora are needed (pass --shared)", file=sys.stderr)
        return None
    return folder


class StoredDocs:
    """A spaCy model whose results are kept on disk by text, so an evaluation rerun after
    a change to the later stages (patterns, recovery, resolution, checks) pays for spaCy
    only on texts it has not seen. For evaluation scripts only: copydesk's own cache
    keys on its version, not on the code being changed.

    Pass `store.loader` where copydesk takes a model (it is called on first need)."""

    def __init__(self, nlp: Language, path: Path) -> None:  # noqa: F821
        import pickle

        self.nlp = nlp
        self.path = path
        self.docs: dict[str, bytes] = pickle.loads(path.read_bytes()) if path.is_file() else {}
        self.added = 0

    def loader(self) -> StoredDocs:
        return self

    @property
    def vocab(self):  # type: ignore[no-untyped-def]
        return self.nlp.vocab

    @property
    def max_length(self) -> int:
        return self.nlp.max_length

    @max_length.setter
    def max_length(self, value: int) -> None:
        self.nlp.max_length = value

    def make_doc(self, text: str):  # type: ignore[no-untyped-def]
        return self.nlp.make_doc(text)

    def __call__(self, text: str):  # type: ignore[no-untyped-def]
        return next(self.pipe([text]))

    def pipe(self, texts, batch_size: int = 64, n_process: int = 1):  # type: ignore[no-untyped-def]
        import hashlib

        from spacy.tokens import Doc

        texts = list(texts)
        keys = [hashlib.sha1(t.encode("utf-8", "surrogatepass")).hexdigest() for t in texts]
        todo = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in self.docs]
        for (k, _), doc in zip(todo, self.nlp.pipe([t for _, t in todo], batch_size=batch_size, n_process=n_process), strict=True):
            self.docs[k] = doc.to_bytes(exclude=["tensor", "user_data"])
            self.added += 1
        for k in keys:
            yield Doc(self.nlp.vocab).from_bytes(self.docs[k])

    def save(self) -> None:
        import pickle

        if self.added:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(self.docs))
            tmp.replace(self.path)
            self.added = 0
