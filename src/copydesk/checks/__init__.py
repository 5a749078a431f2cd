"""Rule kinds: each module is a pure function (resolution, mentions, rules) -> findings."""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

from ..model import Article, Finding, Mention
from ..resolve import Resolution
from ..rules import RuleSet
from . import name_variant, role_conflict

Check = Callable[[Resolution, Mapping[str, Sequence[Mention]], Mapping[str, Article], RuleSet], list[Finding]]

CHECKS: dict[str, Check] = {
    "name-variant": name_variant.check,
    "role-conflict": role_conflict.check,
}


def run_checks(
    resolution: Resolution,
    mentions: Mapping[str, Sequence[Mention]],
    articles: Mapping[str, Article],
    rules: RuleSet,
) -> list[Finding]:
    findings: list[Finding] = []
    for check in CHECKS.values():
        findings += check(resolution, mentions, articles, rules)
    return sorted(findings, key=Finding.sort_key)
