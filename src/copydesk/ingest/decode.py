"""A file's bytes, within the size limit, and their decoding into text whose offsets and
line numbers are the file's."""
from __future__ import annotations

import codecs
import os

from .errors import ArticleError, reason

# Larger files are skipped (settings.max_article_mb): an article is 5-100 KB, a scraped
# page a few hundred; a file of many MB is a dump or a mistake, and would hold spaCy for
# minutes and gigabytes.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024  # the default of settings.max_article_mb


def read_bytes(path: str, max_bytes: int) -> bytes:
    if os.path.isdir(path):
        raise ArticleError(f"{path}: is a directory, not an article")
    try:
        with open(path, "rb") as f:
            raw = f.read(max_bytes + 1)  # never more: the file may be huge, or growing
    except OSError as err:
        raise ArticleError(f"{path}: cannot read: {reason(err)}") from None
    if len(raw) > max_bytes:
        raise ArticleError(
            f"{path}: larger than {_amount(max_bytes)} ({_amount(_size(path, len(raw)))}):"
            " not an article (settings.max_article_mb)"
        )
    return raw


def _amount(n: int) -> str:
    """'2 MB', '50.3 MB'; under a megabyte, bytes."""
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def _size(path: str, at_least: int) -> int:
    try:
        return max(os.stat(path).st_size, at_least)
    except OSError:
        return at_least


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts with UTF-16-LE's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(path: str, raw: bytes, fallback: str | None = None) -> str:
    """Bytes -> text. "\\r" becomes a space, so offsets and line numbers stay the file's."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding).replace("\r", " ")
            except UnicodeDecodeError:
                raise ArticleError(f"{path}: not {encoding.upper()} text despite its BOM") from None
    if b"\0" in raw:
        raise ArticleError(f"{path}: binary file, not an article")
    try:
        return raw.decode("utf-8-sig").replace("\r", " ")
    except UnicodeDecodeError as err:
        if fallback:
            try:
                return raw.decode(fallback).replace("\r", " ")
            except (UnicodeDecodeError, LookupError):
                pass
        line = raw.count(b"\n", 0, err.start) + 1
        raise ArticleError(
            f"{path}: not UTF-8 text (byte 0x{raw[err.start]:02X} at line {line})"
        ) from None
