"""Rule kinds: each rule kind's module is a pure function (resolution, mentions, rules) -> findings;
roles/ holds what role_conflict works from (its claims, the archive's roles, the house list's verdicts)."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from ..model import Article, Finding, Mention
from ..resolve import Resolution
from ..rules import RuleSet
from . import name_variant, role_conflict, substitution

Check = Callable[[Resolution, Mapping[str, Sequence[Mention]], Mapping[str, Article], RuleSet], list[Finding]]

CHECKS: dict[str, Check] = {
    "name-variant": name_variant.check,
    "role-conflict": role_conflict.check,
    "substitution": substitution.check,
}



def run_checks(
    resolution: Resolution,
    mentions: Mapping[str, Sequence[Mention]],
    articles: Mapping[str, Article],
    rules: RuleSet,
) -> list[Finding]:
    findings: list[Finding] = []
    for name, check in CHECKS.items():
        override = rules.severity_of(name)
        if override == "off":
            continue
        found = check(resolution, mentions, articles, rules)
        if override is not None:
            found = [replace(f, severity=override) for f in found]
        findings += found
    return sorted(findings, key=Finding.sort_key)
