"""Where a check runs: the repository of the checked articles, its own rules folder, the
cache file, and what the baseline's paths are relative to.

Worked out once per command from the checked paths (the first one decides) and passed
down, so no stage asks for the repository again, and no finding walks up for `.git`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_RULES = "rules"  # a repository's own rules folder, at its top


def git_root(paths: Sequence[str | Path], cwd: Path | None = None) -> Path | None:
    """The top of the git repository holding the first path (or `cwd`), if any."""
    cwd = cwd or Path.cwd()
    start = (cwd / Path(paths[0])).resolve() if paths else cwd.resolve()
    return next((d for d in (start, *start.parents) if (d / ".git").exists()), None)


@dataclass(frozen=True)
class Workspace:
    cwd: Path  # the folder the command runs in
    root: Path | None  # the top of the git repository of the first checked path, if any
    rules_dir: Path | None  # the repository's own rules folder, layered over the built-in one

    @property
    def top(self) -> Path:
        """The repository's top, else the current folder: where the cache lives, and what
        a baseline's paths are relative to (suppress.baseline_path)."""
        return self.root or self.cwd

    @property
    def cache_file(self) -> Path:
        from .cache import cache_path

        return cache_path(self.top)


def workspace(paths: Sequence[str | Path], cwd: Path | None = None) -> Workspace:
    """The workspace of a command given `paths` (of the current folder when none)."""
    cwd = cwd or Path.cwd()
    root = git_root(paths, cwd)
    return Workspace(cwd=cwd, root=root, rules_dir=_repository_rules_dir(root, cwd))


def _repository_rules_dir(root: Path | None, cwd: Path) -> Path | None:
    """`rules/` at the top of the repository, else `rules/` in the current folder; None
    when there is none (or it is the built-in one, as in copydesk's own checkout)."""
    from .rules import default_rules_dir

    candidates = ([root / REPO_RULES] if root else []) + [cwd / REPO_RULES]
    for folder in candidates:
        if folder.is_dir() and folder.resolve() != default_rules_dir().resolve():
            return folder
    return None

