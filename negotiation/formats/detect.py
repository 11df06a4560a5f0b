"""Which reader a path needs, by its content and extension.

* a **folder** holding a GENIUS domain XML (root ``negotiation_template``)
  is a GENIUS domain; one holding GeniusWeb JSON profiles is a GeniusWeb
  profile set;
* a ``.gmcr`` file is a GMCR+ conflict;
* an ``.xml`` file is a GENIUS domain (its profiles beside it) or a GENIUS
  profile (read with its folder);
* a ``.json`` file is a GMCR+ conflict if it has ``decisionMakers``, a
  GeniusWeb profile if it has ``LinearAdditiveUtilitySpace``; any other
  JSON is read as a YAML scenario (JSON is YAML), as it always was;
* anything else is a YAML scenario (:func:`negotiation.scenario.load`).

:func:`load_foreign` is what :func:`negotiation.load` calls for a folder or
one of these extensions; :func:`import_source` is the same with the notes of
the mapping, for ``negotiation import``.
"""
from __future__ import annotations

import os
import warnings
from pathlib import Path

from negotiation.formats.common import Imported, fail
from negotiation.formats.genius_read import DOMAIN_ROOT, PROFILE_ROOT, read_genius
from negotiation.formats.geniusweb_read import is_profile, read_geniusweb
from negotiation.formats.gmcr_read import parse_json, read_gmcr
from negotiation.formats.xmlsafe import parse_xml
from negotiation.scenario.load import loads, read_file
from negotiation.scenario.model import Scenario

FOREIGN_SUFFIXES = (".xml", ".gmcr", ".json")
KINDS = ("genius", "geniusweb", "gmcr")


def detect_format(path: str | os.PathLike) -> str | None:
    """The foreign format of a path, or None for a YAML scenario.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    str or None
        ``"genius"``, ``"geniusweb"``, ``"gmcr"``, or None.

    Raises
    ------
    ScenarioError
        An ``.xml`` or ``.json`` file that does not parse.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "c.json").write_text('{"decisionMakers": [], "options": []}')
    ...     _ = (Path(folder) / "s.json").write_text('{"title": "t"}')
    ...     detect_format(Path(folder) / "c.json"), detect_format(Path(folder) / "s.json")
    ('gmcr', None)
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        return _folder_format(path)
    if suffix == ".gmcr":
        return "gmcr"
    if suffix == ".xml":
        return "genius"
    if suffix == ".json":
        value = parse_json(path)
        if isinstance(value, dict) and "decisionMakers" in value:
            return "gmcr"
        if is_profile(value):
            return "geniusweb"
    return None


def _folder_format(folder: Path) -> str | None:
    for path in sorted(folder.glob("*.xml")):
        try:
            if path.is_file() and parse_xml(path).root.tag in (DOMAIN_ROOT, PROFILE_ROOT):
                return "genius"
        except ValueError:
            continue
    for path in sorted(folder.glob("*.json")):
        try:
            if path.is_file() and is_profile(parse_json(path)):
                return "geniusweb"
        except ValueError:
            continue
    return None


def import_source(source: str | os.PathLike, kind: str | None = None) -> Imported:
    """Read a foreign file or folder, with the notes of its mapping.

    Parameters
    ----------
    source : str or os.PathLike
        A GENIUS domain folder or XML, a GeniusWeb profile folder or JSON,
        or a GMCR+ ``.gmcr`` file.
    kind : str, optional
        Force the format (``genius``, ``geniusweb``, ``gmcr``) instead of
        detecting it.

    Returns
    -------
    Imported

    Raises
    ------
    ScenarioError
        A path that is none of these, or a file with problems.

    Examples
    --------
    >>> try:
    ...     import_source("README.md")
    ... except Exception as error:
    ...     print(error)
    README.md:1:1: not a GENIUS domain, GeniusWeb profile or GMCR+ file ...
    """
    kind = kind or detect_format(source)
    if kind == "genius":
        return read_genius(source)
    if kind == "geniusweb":
        return read_geniusweb(source)
    if kind == "gmcr":
        return read_gmcr(source)
    raise fail(str(source), "not a GENIUS domain, GeniusWeb profile or GMCR+ file (expected "
                            "a GENIUS domain folder or XML, a folder of GeniusWeb JSON "
                            "profiles, or a .gmcr file)")


def load_foreign(path: str | os.PathLike) -> Scenario:
    """The scenario of a folder or a ``.xml``/``.gmcr``/``.json`` file.

    What the file holds but the scenario does not model is reported as a
    :class:`UserWarning` (and in the comments of ``negotiation import``).
    A folder that is no domain, and JSON that is neither GMCR+ nor
    GeniusWeb, are read as before: a folder is refused as not a file, JSON
    is read as a YAML scenario.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    Scenario

    Examples
    --------
    >>> import negotiation, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = negotiation.load("prisoners").to_gmcr(Path(folder) / "pd.gmcr")
    ...     load_foreign(Path(folder) / "pd.gmcr").party_ids
    ('p1', 'p2')
    """
    kind = detect_format(path)
    if kind is None:
        return loads(read_file(Path(path)), filename=str(path))
    done = import_source(path, kind)
    for item in done.not_modelled:
        warnings.warn(f"{path}: {item}", UserWarning, stacklevel=3)
    return done.scenario
