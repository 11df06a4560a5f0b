"""Where the bundled scenarios are, without importing the loader."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled_dir() -> Path:
    """The folder of the bundled scenario files (``negotiation/data/scenarios``)."""
    return Path(str(resources.files("negotiation") / "data" / "scenarios"))


def bundled_names() -> list[str]:
    """The bundled scenario names, sorted (``negotiation list``)."""
    return sorted(p.stem for p in bundled_dir().glob("*.yaml"))
