"""The pipeline as a command runs it: rules loaded (a bad rule file is a usage error),
the model loaded when first needed, the cache or a cluster, skipped articles said."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..workspace import Workspace, workspace
from .output import _fail, _progress_printer, _said_skipped, _warn

if TYPE_CHECKING:
    from spacy.language import Language

    from ..cache import ExtractionCache
    from ..distribute import Cluster
    from ..model_process import ModelProcess
    from ..pipeline import CheckResult
    from ..rules import RuleSet


def _run(
    paths: Sequence[str],
    rules: RuleSet,
    model_name: str,
    quiet: bool,
    use_cache: bool,
    jobs: int,
    changed: Sequence[str] | None = None,
    scheduler: str | None = None,
    where: Workspace | None = None,
    model: ModelProcess | None = None,
) -> CheckResult:
    """The pipeline as a command runs it: with the cache or a cluster, a progress bar,
    and every skipped article and warning said on stderr. `where`: the workspace the
    command worked out (else that of the paths); `model`: a process to load the model in
    (model_process_for), which the caller ends."""
    cluster = _connect(scheduler, model_name, jobs, quiet) if scheduler else None
    if model is not None:
        model.load(model_name, rules)
    from ..nlp import ModelError
    from ..pipeline import check_paths

    use_cache = use_cache and not cluster
    cache = None
    try:
        cache = _open_cache(where or workspace(paths or changed or []), rules, model_name) if use_cache else None
        result = check_paths(
            paths, rules, model or _model_loader(model_name), progress=_progress_printer(quiet), cache=cache,
            changed=changed, jobs=jobs, cluster=cluster,
        )
    except ModelError as exc:
        raise _fail(str(exc)) from None
    finally:
        if cache:
            cache.prune()
            cache.close()
        if cluster:
            cluster.close()
    _said_skipped(result.problems, result.warnings)
    if not result.articles and result.problems:
        raise _fail("no readable article in the given paths")
    return result


def _connect(scheduler: str, model_name: str, jobs: int, quiet: bool) -> Cluster:
    from ..distribute import ClusterError, connect, describe

    try:
        cluster = connect(scheduler, model_name, workers=max(jobs, 2))
    except ClusterError as exc:
        raise _fail(str(exc)) from None
    if not quiet:
        typer.echo(f"copydesk: reading, extracting and grouping on {describe(cluster)}", err=True)
    return cluster


def model_process_for(changed: Sequence[str] | None, jobs: int, scheduler: str | None) -> ModelProcess | None:
    """For a check of changed articles (the hook) in one process, the model in a process
    of its own (model_process.py), started before the rules are read or anything of the
    pipeline imported: spaCy and the model load on another core meanwhile. None where
    that does not pay."""
    from ..model_process import ModelProcess, worthwhile

    return ModelProcess() if changed is not None and jobs == 1 and not scheduler and worthwhile() else None


def _model_loader(name: str) -> Callable[[], Language]:
    """Loads the model when first needed: a run whose articles are all cached needs none."""
    from ..nlp import load_model

    return lambda: load_model(name)


def _open_cache(where: Workspace, rules: RuleSet, model_name: str) -> ExtractionCache:
    from ..cache import ExtractionCache, fingerprint
    from ..nlp import model_identity

    return ExtractionCache(where.cache_file, fingerprint(rules, model_identity(model_name)), warn=_warn)


def _load_rules(rules_dirs: list[Path] | None, paths: Sequence[str], where: Workspace | None = None) -> RuleSet:
    """The built-in rules, the repository's own rules folder over them, then --rules."""
    from ..rules import RuleError, load_rules

    repository_rules = (where or workspace(paths)).rules_dir
    try:
        return load_rules(([repository_rules] if repository_rules else []) + list(rules_dirs or ()))
    except RuleError as exc:
        raise _fail(str(exc)) from None
