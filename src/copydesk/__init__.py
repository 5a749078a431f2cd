"""copydesk: check a newsroom's articles against each other before publication."""
from __future__ import annotations

from . import spacy_import

__version__ = "0.1.0"

spacy_import.install()  # spaCy, when imported, without its command line (spacy_import.py)
