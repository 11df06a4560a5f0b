"""XML read safely, with the line of every element.

GENIUS files are XML, and XML can be hostile: an entity-expansion bomb
(the "billion laughs", a few hundred bytes that expand to gigabytes) or an
external entity (``<!ENTITY x SYSTEM "file:///etc/passwd">``, which a naive
parser reads into the document). Files are read with :mod:`defusedxml`,
which refuses entity declarations and external references of any kind, and
at most :data:`~negotiation.scenario.limits.MAX_BYTES` of a file is ever
read (as for YAML). Every refusal and every syntax error is a
:class:`~negotiation.scenario.ScenarioError` at the file's line and column.

:class:`XmlDoc` keeps the line where each element starts, so that problems
found later (a negative weight, an unknown value) point at their line.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml  # type: ignore[import-untyped]
from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]

from negotiation.formats.common import fail
from negotiation.scenario.load import read_file


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that notes the line each element starts at."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.parser: DefusedXMLParser | None = None

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


class XmlDoc:
    """A parsed XML file: its root element and the line of each element.

    Attributes
    ----------
    root : xml.etree.ElementTree.Element
    filename : str
    """

    def __init__(self, root: ET.Element, lines: dict[int, int], filename: str):
        self.root = root
        self._lines = lines
        self.filename = filename
        self._keep = list(root.iter())  # ids stay valid while the elements live

    def line(self, element: ET.Element | None) -> int:
        """The line where ``element`` starts (1 if unknown)."""
        return self._lines.get(id(element), 1) if element is not None else 1


def parse_xml_bytes(raw: bytes, filename: str) -> XmlDoc:
    """Parse XML bytes safely (no entities, no external references).

    Parameters
    ----------
    raw : bytes
        The document.
    filename : str
        The name problems are reported under.

    Returns
    -------
    XmlDoc

    Raises
    ------
    ScenarioError
        The document does not parse, or declares entities or external
        references (refused, never expanded or fetched).

    Examples
    --------
    >>> doc = parse_xml_bytes(b"<a>\\n  <b x='1'/>\\n</a>", "t.xml")
    >>> b = doc.root.find("b")
    >>> b.get("x"), doc.line(b)
    ('1', 2)
    >>> bomb = b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'
    >>> try:
    ...     parse_xml_bytes(bomb, "bomb.xml")
    ... except Exception as error:
    ...     print(error)
    bomb.xml:1:... entity declarations are refused (entity 'e'; ...)
    """
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder)
    builder.parser = parser
    try:
        parser.feed(raw)
        root = parser.close()
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (1, 0))
        raise fail(filename, f"not well-formed XML: {_reason(exc)}", line, column + 1) from None
    except defusedxml.DefusedXmlException as exc:
        raise _refused(filename, parser, exc) from None
    return XmlDoc(root, builder.lines, filename)


def _reason(exc: ET.ParseError) -> str:
    text = str(exc)
    return text.split(":")[0] if ":" in text else text


def _refused(filename: str, parser: DefusedXMLParser, exc: Exception):
    expat = parser.parser
    line, column = expat.CurrentLineNumber, expat.CurrentColumnNumber + 1
    if isinstance(exc, defusedxml.EntitiesForbidden):
        what = f"entity declarations are refused (entity {exc.name!r}; " \
               "an entity can expand without bound or read other files)"
    elif isinstance(exc, defusedxml.ExternalReferenceForbidden):
        what = "external references are refused (the file may not read other files or URLs)"
    else:
        what = f"refused: {type(exc).__name__}"
    return fail(filename, what, line, column)


def parse_xml(path: Path) -> XmlDoc:
    """Parse an XML file safely (see :func:`parse_xml_bytes`); at most
    ``MAX_BYTES`` are read, and paths that are not regular files are refused.

    Parameters
    ----------
    path : Path

    Returns
    -------
    XmlDoc

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "d.xml"
    ...     _ = path.write_text("<negotiation_template/>")
    ...     parse_xml(path).root.tag
    'negotiation_template'
    """
    return parse_xml_bytes(read_file(Path(path)), str(path))
