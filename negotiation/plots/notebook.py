"""Figures shown in Jupyter without pyplot.

The figures of :mod:`negotiation.plots` are built as
:class:`matplotlib.figure.Figure` objects, outside pyplot's global state, so
that a script or a server can draw them without a GUI backend. IPython shows
such a figure as an image only if a display formatter for ``Figure`` is
registered; matplotlib registers one when pyplot starts its inline backend,
which a notebook that never imports pyplot does not do, and the figure then
prints as ``<Figure size 460x420 with 1 Axes>``. :func:`enable_notebook_display`
registers a PNG formatter (importing :mod:`negotiation.plots` calls it), unless
one is registered already.
"""
from __future__ import annotations

import io
import sys


def figure_png(fig) -> bytes:
    """The figure as PNG bytes, cropped to what is drawn (as IPython shows figures).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_png(Figure(figsize=(1, 1)))[:4]
    b'\\x89PNG'
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def enable_notebook_display(shell=None) -> bool:
    """Let IPython (Jupyter) display a matplotlib ``Figure`` as an image.

    Parameters
    ----------
    shell : IPython shell, optional
        The shell to register with; by default the running one, if IPython
        is already imported and running (it is never imported here).

    Returns
    -------
    bool
        True if figures display as images in ``shell`` (registered now, or
        already); False when there is no shell (a plain Python process).

    Examples
    --------
    Outside IPython there is nothing to register:

    >>> enable_notebook_display()
    False
    """
    if shell is None:
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
        if shell is None:
            return False
    from matplotlib.figure import Figure

    formatters = shell.display_formatter.formatters
    for mime in ("image/png", "image/svg+xml", "application/pdf", "image/jpeg"):
        try:
            formatters[mime].lookup_by_type(Figure)
            return True  # matplotlib's inline backend (or the user) has chosen a format
        except (KeyError, TypeError):
            continue
    formatters["image/png"].for_type(Figure, figure_png)
    return True
