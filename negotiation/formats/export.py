"""What the exporters share: what they wrote, and what they could not.

An exporter writes a scenario in a foreign format. Some of a scenario
cannot be said there (red lines in GENIUS, cardinal utilities in GMCR+).
Each exporter sorts what it meets into three kinds:

* **refused**: writing would change what the analyses compute (an issue
  with three options in GMCR+, an ordinal ranking in GENIUS): it raises
  :class:`NotExpressible`, listing every reason at once;
* **strict**: lossy, but there is a faithful approximation; with
  ``strict=True`` (the default) it is refused too, with ``strict=False`` it
  is written and listed in :attr:`Exported.lost`;
* **lost**: metadata the format has no place for (a title, sources, the
  status quo of a GMCR+ model): always written without, always listed in
  :attr:`Exported.lost`.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class NotExpressible(ValueError):
    """A scenario the target format cannot express; ``reasons`` lists why.

    Examples
    --------
    >>> print(NotExpressible("GENIUS", ["constraint c1: red lines have no place"]))
    cannot be written as GENIUS:
      - constraint c1: red lines have no place
    """

    def __init__(self, target: str, reasons):
        self.reasons = list(reasons)
        super().__init__(f"cannot be written as {target}:\n"
                         + "\n".join(f"  - {r}" for r in self.reasons))


@dataclass(frozen=True)
class Exported:
    """The files an exporter wrote and what they leave out.

    Attributes
    ----------
    files : tuple of str
        The files written.
    notes : tuple of str
        How things were written.
    lost : tuple of str
        What the files do not hold.
    """

    files: tuple[str, ...]
    notes: tuple[str, ...] = ()
    lost: tuple[str, ...] = field(default=())

    def explain(self) -> str:
        """The files, notes and losses in plain words.

        Examples
        --------
        >>> print(Exported(("a.gmcr",), lost=("the title",)).explain())
        wrote a.gmcr
        not written: the title
        """
        lines = [f"wrote {', '.join(self.files)}"]
        lines += [f"note: {n}" for n in self.notes]
        lines += [f"not written: {item}" for item in self.lost]
        return "\n".join(lines)


class Verdicts:
    """Collects refusals, strict-only refusals and losses while exporting.

    Parameters
    ----------
    target : str
        The format's name, for messages.
    strict : bool
        Whether lossy approximations are refused.

    Examples
    --------
    >>> v = Verdicts("GMCR+", strict=False)
    >>> v.lossy("red line r1 dropped")
    >>> v.check()
    >>> v.lost
    ['red line r1 dropped']
    """

    def __init__(self, target: str, strict: bool):
        self.target, self.strict = target, strict
        self.refused: list[str] = []
        self.lost: list[str] = []
        self.notes: list[str] = []

    def refuse(self, reason: str) -> None:
        """Something the format cannot express at all."""
        self.refused.append(reason)

    def lossy(self, reason: str) -> None:
        """Something approximated: refused when strict, else listed as lost."""
        if self.strict:
            self.refused.append(reason + " (strict=False writes it anyway)")
        else:
            self.lost.append(reason)

    def check(self) -> None:
        """Raise :class:`NotExpressible` if anything was refused."""
        if self.refused:
            raise NotExpressible(self.target, self.refused)

    def result(self, files) -> Exported:
        """The :class:`Exported` record of the files written."""
        return Exported(tuple(str(f) for f in files), tuple(self.notes), tuple(self.lost))
