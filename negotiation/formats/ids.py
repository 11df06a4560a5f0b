"""Names from other formats turned into the ids of the scenario format.

An **id** of the scenario format is letters, digits and underscores, not
starting with a digit (``docs/scenario-format.md``). Foreign files name
things freely: ``19'' LCD``, ``60 GB``, ``Dell``, ``Height (m)``, ``Zürich``.
:func:`make_id` turns such a name into an id by a fixed rule, and
:class:`IdMaker` keeps the ids of one namespace unique; the importers keep
the original name as the option's ``label`` (or the issue's or party's
``name``) wherever it differs from the id.

The rule, applied in order:

1. letters are reduced to ASCII where Unicode gives a base letter
   (``é`` -> ``e``); other characters become ``_``;
2. runs of ``_`` collapse to one, and ``_`` at either end is dropped;
3. an id starting with a digit gets the prefix ``v_`` (``60 GB`` ->
   ``v_60_GB``); an empty one becomes ``v``;
4. a name taken already in the namespace gets ``_2``, ``_3``, ... appended.
"""
from __future__ import annotations

import re
import unicodedata

_NOT_ID = re.compile(r"[^A-Za-z0-9_]+")
_UNDERSCORES = re.compile(r"_+")
ID_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def make_id(name: str) -> str:
    """A valid id for ``name`` (not yet made unique).

    Parameters
    ----------
    name : str
        A name as a foreign file writes it.

    Returns
    -------
    str
        Letters, digits and underscores, not starting with a digit.

    Examples
    --------
    >>> make_id("19'' LCD"), make_id("60 GB"), make_id("Dell")
    ('v_19_LCD', 'v_60_GB', 'Dell')
    >>> make_id("Height (m)"), make_id("Zürich"), make_id("  "), make_id("a__b")
    ('Height_m', 'Zurich', 'v', 'a_b')
    """
    ascii_text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = _UNDERSCORES.sub("_", _NOT_ID.sub("_", ascii_text)).strip("_")
    if not text:
        return "v"
    return f"v_{text}" if text[0].isdigit() else text


def is_id(name: str) -> bool:
    """Whether ``name`` is already a valid id.

    Parameters
    ----------
    name : str

    Returns
    -------
    bool

    Examples
    --------
    >>> is_id("no"), is_id("60 GB"), is_id("_x1")
    (True, False, True)
    """
    return bool(ID_PATTERN.match(name))


class IdMaker:
    """Unique ids for the names of one namespace (the options of an issue,
    the issues of a domain, the parties of a scenario).

    Parameters
    ----------
    reserved : iterable of str
        Ids that are taken from the start.

    Examples
    --------
    >>> ids = IdMaker()
    >>> ids("60 GB"), ids("60-GB"), ids("60 GB!")
    ('v_60_GB', 'v_60_GB_2', 'v_60_GB_3')
    >>> ids.original("v_60_GB_2")
    '60-GB'
    """

    def __init__(self, reserved=()):
        self.taken: set[str] = set(reserved)
        self.names: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        """The id of a new ``name`` in this namespace (unique)."""
        base = make_id(name)
        candidate, k = base, 2
        while candidate in self.taken:
            candidate, k = f"{base}_{k}", k + 1
        self.taken.add(candidate)
        self.names[candidate] = name
        return candidate

    def original(self, ident: str) -> str:
        """The name an id was made from."""
        return self.names[ident]


def label_for(ident: str, name: str) -> str:
    """The label to keep for a name: the name, unless it is the id itself.

    Parameters
    ----------
    ident : str
        The id made from ``name``.
    name : str
        The original name.

    Returns
    -------
    str
        ``""`` when nothing would be gained by a label.

    Examples
    --------
    >>> label_for("Dell", "Dell"), label_for("v_60_GB", "60 GB")
    ('', '60 GB')
    """
    return "" if ident == name else name


def kept_ids(written: list[str], names: list[str]) -> list[str]:
    """The ids a file keeps (``id`` attributes of an export), where they are
    all valid and distinct; else ids made from the names.

    Examples
    --------
    >>> kept_ids(["", ""], ["19'' LCD", "60 GB"]), kept_ids(["a", "b"], ["A", "B"])
    (['v_19_LCD', 'v_60_GB'], ['a', 'b'])
    """
    chosen = [w or make_id(n) for w, n in zip(written, names)]
    if all(is_id(c) for c in chosen) and len(set(chosen)) == len(chosen) and any(written):
        return chosen
    maker = IdMaker()
    return [maker(n) for n in names]
