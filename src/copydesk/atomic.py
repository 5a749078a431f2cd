"""Writing a file so that a reader never sees half of it (reports, baselines, rule files).

Its own module, apart from the report writers, so a stage that writes a file (a baseline)
needs no report code.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str, bom: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename: a reader never sees half a report.
    `bom` starts the file with a UTF-8 byte order mark, which Excel needs to read UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
