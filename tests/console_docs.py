"""The console blocks of a documentation page, and the check that a command
still prints what the page pastes (lines in order, `...` for lines left out)."""
from __future__ import annotations

from pathlib import Path


def console_blocks(page: Path) -> list[tuple[str, list[str]]]:
    """(command, pasted lines) of every ```console block of ``page``."""
    blocks, lines, k = [], page.read_text(encoding="utf-8").splitlines(), 0
    while k < len(lines):
        if lines[k].strip() == "```console":
            end = lines.index("```", k + 1)
            assert lines[k + 1].startswith("$ negotiation "), lines[k + 1]
            blocks.append((lines[k + 1][2:], lines[k + 2:end]))
            k = end
        k += 1
    return blocks


def shown_in_order(pasted: list[str], actual: list[str]) -> bool:
    """Every pasted line but `...` appears in ``actual``, in the same order."""
    remaining = iter(actual)
    return all(any(line == a for a in remaining) for line in pasted if line.strip() != "...")
