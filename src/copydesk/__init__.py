"""copydesk: check a newsroom's articles against each other before publication."""
from __future__ import annotations

__version__ = "0.1.0"
