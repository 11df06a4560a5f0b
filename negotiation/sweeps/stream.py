"""Long sweeps lose nothing.

* Results stream to ``FILE.partial`` (CSV with a ``variant`` column), one
  append per finished chunk, flushed and synced: a killed sweep keeps every
  chunk it finished. A half-written last line (killed mid-write) is dropped
  on reading.
* ``FILE.partial.json`` fingerprints the sweep (scenario hash, design,
  measures): a resume only reuses rows of the same sweep, identified by their
  variant number in the deterministic design, so no row is missing or doubled.
* The output file is written to a temporary file and moved into place with
  :func:`os.replace`, so it is never half-written; ``FILE.meta.json`` records
  the seed, the package version and the sha256 of the scenario's YAML.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from pathlib import Path

import pandas as pd

INDEX = "variant"


def scenario_hash(scenario) -> str:
    return hashlib.sha256(scenario.to_yaml().encode("utf-8")).hexdigest()


class ResultFile:
    """The output CSV of a sweep, its partial stream and its metadata."""

    def __init__(self, out, fingerprint: dict):
        self.path = Path(out)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.partial_meta = self.path.with_name(self.path.name + ".partial.json")
        self.meta = self.path.with_name(self.path.name + ".meta.json")
        self.fingerprint = fingerprint

    # -- resuming ------------------------------------------------------------
    def finished(self) -> pd.DataFrame | None:
        """The complete output of this very sweep, if it is already on disk."""
        if not (self.path.exists() and self.meta.exists()):
            return None
        meta = json.loads(self.meta.read_text())
        if meta.get("fingerprint") != self.fingerprint:
            return None
        return read_csv_text(self.path.read_text())

    def done(self) -> pd.DataFrame | None:
        """Rows already streamed by an earlier run of the same sweep."""
        if not self.partial.exists():
            return None
        if not self.partial_meta.exists() or \
                json.loads(self.partial_meta.read_text()) != self.fingerprint:
            raise ValueError(f"{self.partial} belongs to a different sweep (other scenario, "
                             "design or measures); remove it or run without --resume")
        return read_csv_text(self.partial.read_text())

    # -- streaming -----------------------------------------------------------
    def start(self, columns: list[str], keep: bool) -> None:
        """Begin (or, with ``keep``, continue) the partial stream."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if keep and self.partial.exists():
            _drop_torn_tail(self.partial)
            return
        _atomic_write(self.partial_meta, json.dumps(self.fingerprint, indent=1))
        with open(self.partial, "w", encoding="utf-8", newline="") as f:
            f.write(",".join([INDEX, *columns]) + "\n")
            _sync(f)

    def append(self, rows: pd.DataFrame) -> None:
        text = rows.to_csv(header=False)
        with open(self.partial, "a", encoding="utf-8", newline="") as f:
            f.write(text)
            _sync(f)

    def finish(self, meta: dict) -> pd.DataFrame:
        """Move the complete table into place; return it as written."""
        table = read_csv_text(self.partial.read_text())
        table = table[~table.index.duplicated(keep="first")].sort_index()
        text = table.to_csv()
        _atomic_write(self.path, text)
        _atomic_write(self.meta, json.dumps({**meta, "fingerprint": self.fingerprint},
                                            indent=1, default=str))
        for leftover in (self.partial, self.partial_meta):
            leftover.unlink(missing_ok=True)
        return read_csv_text(text)


def read_csv_text(text: str) -> pd.DataFrame:
    """A streamed or final table; a torn last line (no newline) is dropped."""
    complete = text[:text.rfind("\n") + 1]
    table = pd.read_csv(io.StringIO(complete), index_col=INDEX)
    return table[~table.index.duplicated(keep="first")]


def _drop_torn_tail(path: Path) -> None:
    text = path.read_text()
    if text and not text.endswith("\n"):
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text[:text.rfind("\n") + 1])
            _sync(f)


def _sync(f) -> None:
    f.flush()
    os.fsync(f.fileno())


def _umask_mode() -> int:
    """The mode a new file gets under the current umask (0o666 & ~umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _umask_mode())  # mkstemp makes 0600; an output file respects the umask
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            _sync(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
