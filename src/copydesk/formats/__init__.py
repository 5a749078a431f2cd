"""Report formats beyond the CSV/JSON of report.py: one module per format.

html.py: one self-contained page for editors; sarif.py: SARIF 2.1.0 for code-review
tools; github.py: GitHub Actions workflow annotations.
"""
from __future__ import annotations

from ..model import Finding


def message_with_expected(f: Finding) -> str:
    """The finding's message, naming the expected form when the message does not."""
    if f.expected and f.expected not in f.message:
        return f"{f.message} (expected: '{f.expected}')"
    return f.message
