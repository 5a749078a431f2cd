"""The check page: one HTML page with inline style and script, served with a
Content-Security-Policy as strict as the HTML report's (only its own script runs, by
hash), plus connect-src 'self' for its calls to the API. The page itself holds no
article text: the draft and the findings are put in by its script as text, never markup.
"""
from __future__ import annotations

import base64
import hashlib
from functools import cache, lru_cache
from pathlib import Path

from .. import __version__
from ..formats.html import _asset as report_asset

HERE = Path(__file__).parent


@cache
def _asset(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def page() -> tuple[str, str]:
    """(the page's HTML, its Content-Security-Policy)."""
    import jinja2

    script = _asset("page.js")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    html = env.from_string(_asset("page.html.j2")).render(
        version=__version__, style=report_asset("report.css") + _asset("page.css"), script=script
    )
    return html, script_policy(script)


def script_policy(script: str) -> str:
    """The Content-Security-Policy of a served page whose only script is `script` (inline)."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; connect-src 'self'; "
        "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
    )
