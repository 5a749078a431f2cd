"""substitution: house style, a word always written one way (Vale's substitution rules).

Anti-pattern: "Kiev" in a newsroom that writes "Kyiv".
Best practice: the house form, given in the rule's `replace`.

Each rule's `find` is matched as whole words in the article text (boilerplate lines
already blanked); text already in the house form is not flagged.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import Article, Finding, Mention
from ..resolve import Resolution
from ..rules import RuleSet, Substitution

RULE = "substitution"


def check(
    resolution: Resolution,
    mentions: Mapping[str, Sequence[Mention]],
    articles: Mapping[str, Article],
    rules: RuleSet,
) -> list[Finding]:
    findings: list[Finding] = []
    for sub in rules.substitutions:
        pattern = sub.pattern()
        for article in articles.values():
            for match in pattern.finditer(article.text):
                expected = match.expand(sub.replace) if sub.regex else sub.replace
                if sub.ignore_case and match.group()[:1].isupper() and expected[:1].islower():
                    expected = expected[:1].upper() + expected[1:]  # "E-mail" at a sentence's start: "Email"
                if match.group() == expected:
                    continue
                findings.append(_finding(article, match.start(), match.group(), expected, sub))
    return findings


def _finding(article: Article, offset: int, found: str, expected: str, sub: Substitution) -> Finding:
    line, column = article.position(offset)
    return Finding(
        rule=RULE,
        severity=sub.severity,
        file=article.path,
        line=line,
        column=column,
        found=found,
        expected=expected,
        entity=sub.replace if not sub.regex else expected,
        message=sub.message or f"house style: write '{expected}', not '{found}'",
        evidence={"find": sub.find},
    )
