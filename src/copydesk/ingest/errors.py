"""The one error ingest raises for a bad input file, and how an OSError is said."""
from __future__ import annotations


class ArticleError(Exception):
    """A file that cannot be read as an article; the message is one line naming the file."""


def reason(err: OSError) -> str:
    text = err.strerror or str(err)
    return text[:1].lower() + text[1:]

