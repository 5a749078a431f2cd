"""The model in a process of its own, for a check of a few changed articles (the hook).

A fresh process spends about a third of such a check importing spaCy and loading the
model, and most of the rest reading the archive's names from the cache and indexing
them. The two need nothing of each other until the changed articles' mentions are
wanted, so a forked process loads the model on another core while this one reads the
archive, then extracts the articles it is sent. Nothing here imports spaCy: the parent
forks before it does.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .extract import Extractor
    from .model import Article, Mention
    from .rules import RuleSet

Extracted = tuple[list["list[Mention] | None"], list[str]]  # each article's mentions (None: skipped), problems


@dataclass(frozen=True)
class _ModelFailed:
    """The child's answer when the model cannot be loaded: ModelError's one line."""

    message: str


def worthwhile() -> bool:
    """A second process helps only where it gets a core of its own. It is forked (it
    shares the rules already read, as extract.py's workers share the model), which is
    safe only while this process runs no other thread: a lock one held would stay held
    in the child."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores > 1


class ModelProcess:
    """A forked process that imports spaCy at once, then loads the model it is told to
    (`load`: the rules are read meanwhile) and extracts, with an Extractor of those
    rules, each batch of articles it is sent. Should the process die, a batch is
    extracted here, with the model loaded here: the check never depends on it."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_end,), daemon=True)
        self._process.start()
        child_end.close()
        self._setup: tuple[str, RuleSet] | None = None  # the model's name and the rules, once told
        self._gone = False  # the process died (or was ended): extracted here from then on
        self._here: Extractor | None = None  # the extractor of this process then, loaded when needed
        self._sent: list[Article] = []

    @classmethod
    def loading(cls, model_name: str, rules: RuleSet) -> ModelProcess:
        """A process started and told at once which model to load, with which rules."""
        process = cls()
        process.load(model_name, rules)
        return process

    def load(self, model_name: str, rules: RuleSet) -> None:
        """The model to load, and the rules its patterns are built from."""
        self._setup = (model_name, rules)
        self._tell(self._setup)

    def send(self, articles: Sequence[Article]) -> None:
        """The articles to extract next: the process reads them while this one goes on
        (their mentions come from `receive`)."""
        self._sent = list(articles)
        self._tell(self._sent)

    def receive(self) -> Extracted:
        """The mentions of each article last sent, in order, and a line per article
        skipped. Raises ModelError when the model cannot be loaded."""
        from .nlp import ModelError

        if not self._gone:
            try:
                reply: Extracted | _ModelFailed = self._conn.recv()
            except (EOFError, OSError):  # the process died: extracted here
                self.close()
            else:
                if isinstance(reply, _ModelFailed):
                    raise ModelError(reply.message)
                return reply
        return _extract_with(self._extractor_here(), self._sent)

    def extract(self, articles: Sequence[Article]) -> Extracted:
        self.send(articles)
        return self.receive()

    def close(self) -> None:
        """Ends the process (it may still be loading the model: nothing was asked of it)."""
        self._gone = True
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._conn.close()

    def _tell(self, message: object) -> None:
        if not self._gone:
            try:
                self._conn.send(message)
            except OSError:  # the process died: extracted here
                self.close()

    def _extractor_here(self) -> Extractor:
        from .extract import Extractor
        from .nlp import load_model

        if self._setup is None:
            raise RuntimeError("ModelProcess.load was not called")
        if self._here is None:
            model_name, rules = self._setup
            self._here = Extractor(load_model(model_name), rules)
        return self._here


def _extract_with(extractor: Extractor, articles: Sequence[Article]) -> Extracted:
    found = list(extractor.extract(articles))
    problems, extractor.problems = extractor.problems, []
    return found, problems


def _serve(conn: Connection) -> None:
    """The child: spaCy imported, the model loaded once named, then each batch received
    extracted, until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent ends this one
    from .extract import Extractor  # spaCy, imported while the parent reads the rules
    from .nlp import ModelError, load_model

    try:
        model_name, rules = conn.recv()
        extractor: Extractor | _ModelFailed
        try:
            extractor = Extractor(load_model(model_name), rules)
        except ModelError as exc:
            extractor = _ModelFailed(str(exc))
        while (articles := conn.recv()) is not None:
            conn.send(extractor if isinstance(extractor, _ModelFailed) else _extract_with(extractor, articles))
    except EOFError:  # the parent is gone
        pass
