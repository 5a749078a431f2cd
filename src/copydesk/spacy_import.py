"""spaCy imported without its command line.

spacy/__init__.py imports `spacy.cli.info` for the one function `spacy.info`, and with it
the package `spacy.cli`: every `spacy` command, typer, weasel, requests. That is a third
of importing spaCy (about 0.25 s), paid by every fresh process that checks an article,
the pre-commit hook among them. (spaCy made this import lazy once, explosion/spaCy#12962;
the versions since import it again.)

`install()` (copydesk/__init__.py calls it) puts a finder first on sys.meta_path that
wraps spaCy's own loader: while spacy/__init__.py runs, `spacy.cli` is a bare package
over spaCy's own folder (a submodule of it imports as ever) and `spacy.info` a function
that imports the real one when called. Once spaCy is in, both stand-ins are gone, so a
later `import spacy.cli` imports the whole command line as usual. Nothing else of spaCy
changes; if spaCy is imported before copydesk, nothing changes at all.

`english_stop_words()` reads spaCy's English stop words without importing spaCy: the
recovery pass needs them in a hook's process, which leaves spaCy to model_process.py.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types
from collections.abc import Sequence
from typing import Any

_STAND_INS = ("spacy.cli", "spacy.cli.info")


def install() -> None:
    """Import spaCy without its command line from now on (unless it is imported already)."""
    if "spacy" not in sys.modules and not any(isinstance(f, _SpacyFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _SpacyFinder())


class _SpacyFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Sequence[str] | None = None, target: types.ModuleType | None = None) -> Any:
        if name != "spacy":
            return None
        sys.meta_path.remove(self)  # once: spaCy is found by the finders after this one
        spec = importlib.util.find_spec(name)
        if spec is None or not isinstance(spec.loader, importlib.abc.Loader) or not spec.submodule_search_locations:
            return spec
        spec.loader = _WithoutCommandLine(spec.loader, list(spec.submodule_search_locations))
        return spec


class _WithoutCommandLine(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader, folders: list[str]) -> None:
        self.loader = loader
        self.folders = folders

    def __getattr__(self, name: str) -> Any:  # get_source, get_resource_reader...: spaCy's own loader answers
        return getattr(self.loader, name)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        cli = types.ModuleType("spacy.cli")
        cli.__path__ = [os.path.join(folder, "cli") for folder in self.folders]
        info = types.ModuleType("spacy.cli.info")
        info.info = _info  # type: ignore[attr-defined]
        cli.info = info  # type: ignore[attr-defined]
        sys.modules.update({"spacy.cli": cli, "spacy.cli.info": info})
        try:
            self.loader.exec_module(module)
        finally:
            for name in _STAND_INS:
                if sys.modules.get(name) in (cli, info):
                    del sys.modules[name]
            if module.__dict__.get("cli") is cli:
                del module.cli


def _info(*args: Any, **kwargs: Any) -> Any:
    """spacy.info: the real one, imported now."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def english_stop_words() -> frozenset[str]:
    """spaCy's English stop words (spacy/lang/en/stop_words.py). While spaCy is not
    imported, that one module is run from spaCy's folder on its own (it imports nothing),
    not through spacy/__init__.py, which imports all of spaCy."""
    module = sys.modules.get("spacy.lang.en.stop_words")
    # PathFinder, not importlib.util.find_spec: _SpacyFinder must still see spaCy's own import
    spec = importlib.machinery.PathFinder.find_spec("spacy") if module is None else None
    if module is None and spec is not None and spec.submodule_search_locations:
        path = os.path.join(list(spec.submodule_search_locations)[0], "lang", "en", "stop_words.py")
        own = importlib.util.spec_from_file_location("copydesk._spacy_english_stop_words", path)
        if own is not None and own.loader is not None and os.path.isfile(path):
            module = importlib.util.module_from_spec(own)
            own.loader.exec_module(module)
    if module is None:  # no such file: spaCy's import finds it, or says what is wrong
        from spacy.lang.en.stop_words import STOP_WORDS

        return frozenset(STOP_WORDS)
    return frozenset(module.STOP_WORDS)
