"""`copydesk init`: a commented starter rules/ folder for an article repository."""
from __future__ import annotations

from pathlib import Path

from .atomic import write_atomically

TEMPLATES = Path(__file__).parent / "templates"


class StarterError(Exception):
    """The starter cannot be written; the message names the file."""


def write_starter(folder: Path, force: bool = False) -> list[Path]:
    """Write the starter rule files into `folder`; existing ones only with `force`."""
    templates = sorted(TEMPLATES.glob("*.yaml"))
    targets = [folder / t.name for t in templates]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise StarterError(f"{existing[0]}: exists; use --force to overwrite the starter files")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for template, target in zip(templates, targets, strict=True):
            write_atomically(target, template.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StarterError(f"{exc.filename or folder}: cannot write: {exc.strerror or exc}") from None
    return targets
