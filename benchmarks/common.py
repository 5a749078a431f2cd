"""What the scripts in benchmarks/ share: the ../shared corpora and their command line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

TOPICS = ("business", "entertainment", "politics", "sport", "tech")
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"


def parser(doc: str | None) -> argparse.ArgumentParser:
    """A parser with --shared, the folder beside the project holding corpus/ and tools/."""
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    return p


def corpus_folder(shared: Path, *parts: str) -> Path | None:
    """shared/corpus/PARTS, or None after saying on stderr that it is missing."""
    folder = shared.joinpath("corpus", *parts)
    if not folder.is_dir():
        print(f"{Path(sys.argv[0]).name}: {folder} not found: the shared corpora are needed (pass --shared)", file=sys.stderr)
        return None
    return folder
