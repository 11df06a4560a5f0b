"""What every importer shares: its problems, its result, its commented YAML.

An importer reads a foreign file into the **plain data** of the scenario
format (the dicts and lists a YAML file holds), writes that data as YAML
text headed by comments (where it came from, how it was mapped, what was
not modelled), and loads the text with :func:`negotiation.scenario.loads`.
So an imported scenario is checked exactly as a YAML file is, and the YAML
that ``negotiation import`` writes loads unchanged to the same scenario.

Problems of the foreign file itself (XML that does not parse, a negative
weight, a reference to a missing option) are collected by :class:`Findings`
and raised as one :class:`~negotiation.scenario.ScenarioError`, each as
``FILE:LINE:COLUMN: path: message`` (line 1, column 1 where the parser
does not know the place).
"""
from __future__ import annotations

import dataclasses
import os
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from negotiation.scenario.load import Problem, ScenarioError, loads
from negotiation.scenario.model import Scenario

COMMENT_WIDTH = 92


class Findings:
    """The problems found in one foreign file (or folder).

    Parameters
    ----------
    filename : str
        The name problems are reported under.

    Examples
    --------
    >>> found = Findings("domain.xml")
    >>> found.add("weight -0.2 is negative", line=7, path="weights.price")
    >>> try:
    ...     found.raise_if_any()
    ... except ScenarioError as error:
    ...     print(error)
    domain.xml:7:1: weights.price: weight -0.2 is negative
    """

    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[Problem] = []

    def add(self, message: str, line: int | None = 1, column: int | None = 1,
            path: str = "", file: str | None = None) -> None:
        """Record one problem (at ``line``/``column`` of ``file``, default the
        findings' file)."""
        self.problems.append(Problem(file or self.filename, line or 1, column or 1, path,
                                     message))

    def raise_if_any(self) -> None:
        """Raise every problem recorded, as one ScenarioError."""
        if self.problems:
            raise ScenarioError(list(self.problems))

    def __bool__(self) -> bool:
        return bool(self.problems)


def fail(filename: str, message: str, line: int = 1, column: int = 1,
         path: str = "") -> ScenarioError:
    """One problem as a ScenarioError, to ``raise``.

    Parameters
    ----------
    filename, message : str
    line, column : int
    path : str
        The place in the file, as a dotted path, where known.

    Returns
    -------
    ScenarioError

    Examples
    --------
    >>> print(fail("x.gmcr", "option 7 does not exist", path="decisionMakers[0].options[1]"))
    x.gmcr:1:1: decisionMakers[0].options[1]: option 7 does not exist
    """
    return ScenarioError([Problem(filename, line, column, path, message)])


@dataclass(frozen=True)
class Imported:
    """A scenario read from a foreign format, with how it was mapped.

    Attributes
    ----------
    scenario : Scenario
        The scenario, exactly as its YAML text loads.
    yaml : str
        The commented YAML text (``negotiation import`` writes it).
    source : str
        The file or folder read.
    kind : str
        ``"genius"``, ``"geniusweb"`` or ``"gmcr"``.
    notes : tuple of str
        How things were mapped (also the comments at the head of ``yaml``).
    not_modelled : tuple of str
        What the file holds that the scenario does not model (also in the
        comments, and printed by ``negotiation import``).
    coalitions : tuple of tuple of str
        Coalitions the file declares (GMCR+), for ``stability(coalitions=)``
        and ``negotiation stability --coalition``.
    """

    scenario: Scenario
    yaml: str
    source: str
    kind: str
    notes: tuple[str, ...] = ()
    not_modelled: tuple[str, ...] = ()
    coalitions: tuple[tuple[str, ...], ...] = field(default=())


def comment_block(title: str, lines) -> list[str]:
    """YAML comment lines: a title, then each line wrapped as a bullet.

    Parameters
    ----------
    title : str
    lines : iterable of str

    Returns
    -------
    list of str

    Examples
    --------
    >>> comment_block("Mapping:", ["weights kept as written"])
    ['# Mapping:', '#   - weights kept as written']
    """
    out = [f"# {title}"]
    for line in lines:
        wrapped = textwrap.wrap(line, COMMENT_WIDTH - 6) or [""]
        out.append(f"#   - {wrapped[0]}")
        out.extend(f"#     {rest}" for rest in wrapped[1:])
    return out


class _Dumper(yaml.SafeDumper):
    """Safe YAML, with short lists and mappings of plain values on one line."""

    def represent_list(self, data):
        flow = all(isinstance(x, (str, int, float)) for x in data) and len(data) <= 12
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


    def represent_dict(self, data):
        flow = all(isinstance(x, (str, int, float)) or x is None for x in data.values()) \
            and 0 < len(data) <= 12
        return self.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(list, _Dumper.represent_list)
_Dumper.add_representer(dict, _Dumper.represent_dict)


def render(data: dict, header: list[str]) -> str:
    """The YAML text of plain scenario data, after the comment ``header``.

    Parameters
    ----------
    data : dict
        Plain scenario data (format ``negotiation/1``).
    header : list of str
        Comment lines (each starting with ``#``).

    Returns
    -------
    str

    Examples
    --------
    >>> print(render({"title": "t", "issues": {"x": {"options": ["no", "yes"]}}},
    ...              ["# from x"]), end="")
    # from x
    title: t
    issues:
      x:
        options: ['no', 'yes']
    """
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)
    return "\n".join(header) + "\n" + body


def finish(data: dict, source: str | os.PathLike, kind: str, notes=(), not_modelled=(),
           coalitions=(), origin: str = "") -> Imported:
    """Render ``data`` with its comments, load it, and wrap the result.

    A problem the scenario checks find in the converted data is reported
    under ``SOURCE [converted]`` with the line of the converted YAML.

    Parameters
    ----------
    data : dict
        Plain scenario data.
    source : str or Path
        The file or folder read.
    kind : str
        The foreign format.
    notes, not_modelled : iterable of str
        How things were mapped; what the scenario does not model.
    coalitions : iterable of tuple of str
        Declared coalitions.
    origin : str
        One line saying what was read (the first comment).

    Returns
    -------
    Imported

    Examples
    --------
    >>> data = {"format": "negotiation/1", "title": "t", "parties": {"a": {}},
    ...         "issues": {"x": {"options": ["no", "yes"]}},
    ...         "preferences": {"a": {"ranking": [{"x": "yes"}, {"x": "no"}]}}}
    >>> done = finish(data, "t.gmcr", "gmcr", notes=["one option, one issue"])
    >>> done.scenario.issue_ids, done.yaml.splitlines()[0]
    (('x',), '# Imported from t.gmcr (gmcr); loads as it stands.')
    """
    notes, not_modelled = tuple(notes), tuple(not_modelled)
    first = f"Imported from {origin or Path(source).name} ({kind}); loads as it stands."
    header = ["# " + line for line in textwrap.wrap(first, COMMENT_WIDTH - 2)]
    if notes:
        header += comment_block("How it was mapped:", notes)
    if not_modelled:
        header += comment_block("In the file but not modelled here:", not_modelled)
    text = render(data, header)
    scenario = loads(text, filename=f"{source} [converted]")
    scenario = dataclasses.replace(scenario, path=str(source))
    return Imported(scenario, text, str(source), kind, notes, not_modelled,
                    tuple(tuple(c) for c in coalitions))


def number_text(value: float) -> str:
    """A float as the shortest text that reads back to it (for notes).

    Examples
    --------
    >>> number_text(1.0), number_text(0.1 + 0.2)
    ('1', '0.30000000000000004')
    """
    return repr(float(value)) if value != int(value) else str(int(value))
