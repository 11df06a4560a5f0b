"""The figures of a section: PNG files for ``--out DIR``, inline SVG for
``negotiation run --html``.

A section draws its figure only when one of them asks for it, so that a plain
text report never loads matplotlib.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from negotiation.commands._common import output_dir
from negotiation.report import Section


def wants_figures(args) -> bool:
    """Whether the command line asked for figures (``--out DIR`` or ``--html FILE``).

    >>> import argparse
    >>> wants_figures(argparse.Namespace(out=None)), wants_figures(argparse.Namespace(html="r"))
    (False, True)
    """
    return getattr(args, "out", None) is not None or getattr(args, "html", None) is not None


def attach_figure(section: Section, args, name: str, caption: str,
                  draw: Callable[[], Any], dpi: int = 120) -> None:
    """Draw ``draw()`` if figures are wanted: saved as ``DIR/NAME.png`` for
    ``--out DIR`` (the section says where, and its data carries the path under
    ``figure``), kept on ``section.figures`` for the HTML report.

    >>> import argparse
    >>> s = Section("k", "K")
    >>> attach_figure(s, argparse.Namespace(out=None), "f", "a figure", lambda: 1 / 0)
    >>> s.figures, s.blocks
    ([], [])
    """
    if not wants_figures(args):
        return
    figure = draw()
    out = getattr(args, "out", None)
    if out is not None:
        path = output_dir(out) / f"{name}.png"
        figure.savefig(path, dpi=dpi)
        section.blocks.append(f"Figure written to {path}.")
        section.data["figure"] = str(path)
    if getattr(args, "html", None) is not None:
        from negotiation.report_html import Plot

        section.figures.append(Plot(name, caption, figure))
