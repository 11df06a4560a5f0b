"""Text for a terminal: how wide it is, and paragraphs wrapped to fit.

Kept apart from :mod:`negotiation.report` so that a command printing a few
lines (``validate``, ``new``) loads neither the report nor the results.
"""
from __future__ import annotations

import shutil
import textwrap

DEFAULT_WIDTH = 100  # columns when COLUMNS is not set and the output is not a terminal
MIN_WIDTH = 40


def terminal_width() -> int:
    """The width text reports fit: ``COLUMNS``, else the terminal's, else 100."""
    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def wrap_prose(text: str, width: int) -> str:
    """Every line of ``text`` wrapped to ``width``, continuation lines indented
    under the line's own text (a numbered item hangs under its first word)."""
    out = []
    for line in text.splitlines() or [""]:
        if len(line) <= width:
            out.append(line)
            continue
        body = line.lstrip()
        hang = len(line) - len(body)
        marker = body.split(" ", 1)[0]
        if marker[:-1].isdigit() and marker.endswith("."):  # "1. ..." hangs under its text
            hang += len(marker) + 1
        out.extend(textwrap.wrap(line, width, subsequent_indent=" " * hang,
                                 break_on_hyphens=False))
    return "\n".join(out)
