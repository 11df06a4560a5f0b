"""YAML syntax errors in plain words, each with the fix.

PyYAML reports what its parser expected (``expected <block end>, but found
'<block mapping start>'``); a person writing a scenario needs to hear what is
wrong with the line and how to mend it. :func:`plain_words` translates the
mistakes people make most: a tab in the indentation, a line indented out of
step with the lines above, an unquoted ``': '`` or ``','`` in a value, a quote
that is not closed, a list item among the keys of a mapping, a line without
its ``':'``. Anything else keeps PyYAML's words (see
:func:`negotiation.scenario.yamlparse.read_events`).
"""
from __future__ import annotations

import re

import yaml

_FLOW = {"}": ("{ }", "{note: \"a: b\", count: 2}"), "]": ("[ ]", "[one, \"two, three\"]")}
_UNEXPECTED = re.compile(r"^expected ',' or '(?P<close>[}\]])', but got '(?P<got>[^']*)'$")


def plain_words(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    """What is wrong and how to fix it, or None for an error not translated.

    Parameters
    ----------
    exc : yaml.MarkedYAMLError
        The error PyYAML raised while reading ``text``.
    text : str
        The YAML text it read (to look at the lines the error points to).

    Returns
    -------
    str or None

    Examples
    --------
    >>> import yaml
    >>> def error(text):
    ...     try:
    ...         yaml.safe_load(text)
    ...     except yaml.MarkedYAMLError as exc:
    ...         return plain_words(exc, text)
    >>> print(error("a:\\n\\tb: 1\\n"))
    a tab character in the indentation: YAML indents with spaces only (replace the tab with spaces)
    >>> print(error("name: Borova's steel: subsidies\\n"))
    a second ': ' on this line, inside a value: put the value in quotes (name: "a: b")
    >>> print(error("w: {a: 1, note: see: above}\\n"))  # doctest: +NORMALIZE_WHITESPACE
    inside the { } opened at line 1, a value that holds ': ' or ', ' must be in quotes
    ({note: "a: b", count: 2}); entries are separated by ', ', and every '{' needs its '}'
    """
    problem, context = exc.problem or "", exc.context or ""
    lines = text.splitlines() + [""]
    mark, start = exc.problem_mark, exc.context_mark
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    started = f" (the block started at line {start.line + 1})" if start is not None else ""
    if problem.startswith("found character '\\t'"):
        return ("a tab character in the indentation: YAML indents with spaces only "
                "(replace the tab with spaces)")
    if problem == "mapping values are not allowed here" and mark is not None:
        return _colon_in_value(line, mark.column)
    if problem.startswith("expected <block end>, but found"):
        return _out_of_step(problem, lines, mark, start, started)
    flow = _UNEXPECTED.match(problem)
    if flow and "flow" in context and start is not None:
        unclosed = mark is not None and mark.line > start.line and \
            _opens_more(lines[start.line], flow["close"])
        return _flow(flow["close"], "<stream end>" if unclosed else flow["got"], start.line + 1)
    if "quoted scalar" in context and start is not None:
        return (f"the quote opened at line {start.line + 1} is never closed: close it "
                "(a quoted value ends with the same quote on its line)")
    if problem == "could not find expected ':'":
        return ("a line without ':' where a key was expected: write 'key: value', or, if the "
                "line continues the value above, put that whole value in quotes")
    return None


def _colon_in_value(line: str, column: int) -> str:
    if ": " in line[:column] or line[:column].rstrip().endswith(":"):
        return ("a second ': ' on this line, inside a value: put the value in quotes "
                "(name: \"a: b\")")
    return ("this key cannot start here: it is indented deeper than the keys above it, or the "
            "line above lacks its ':' and runs on into this one (line up the keys of one "
            "mapping in the same column)")


def _out_of_step(problem: str, lines: list[str], mark, start, started: str) -> str:
    if problem.endswith("'-'"):
        return (f"a list item ('- ') among the keys of a mapping{started}: a list is the value "
                "of a key of its own ('key:', then its items indented below it); if this line "
                "is a key, remove the '- '")
    if problem.endswith("'<scalar>'") and mark is not None:
        opened = _unclosed_quote(lines, start.line if start is not None else mark.line,
                                 mark.line)
        if opened is not None:
            return (f"the quote opened at line {opened} is not closed on its line, so the "
                    "value runs on to here: close the quote")
        if any(q in lines[mark.line][:mark.column] for q in "\"'"):
            return ("a quoted value ends before the line does: write a quote inside '...' as "
                    "'' (two), inside \"...\" as \\\", or quote the value with the other kind "
                    "of quote")
    return (f"this line is indented out of step with the lines above it{started}: the keys "
            "of one mapping, and the '- ' items of one list, start in the same column "
            "(indent with spaces, deeper for what a key holds)")


def _unclosed_quote(lines: list[str], first: int, last: int) -> int | None:
    """The first line in [first, last) with an odd number of double quotes."""
    for k in range(first, min(last, len(lines))):
        if lines[k].replace('\\"', "").count('"') % 2:
            return k + 1
    return None


def _opens_more(line: str, close: str) -> bool:
    """The line opens more brackets of the kind ``close`` closes than it closes."""
    return line.count(_FLOW[close][0][0]) > line.count(close)


def _flow(close: str, got: str, opened: int) -> str:
    brackets, example = _FLOW[close]
    if got == "<stream end>":
        return (f"the '{brackets[0]}' opened at line {opened} is not closed on its line: add "
                f"'{close}' at the end of line {opened}")
    return (f"inside the {brackets} opened at line {opened}, a value that holds ': ' or ', ' "
            f"must be in quotes ({example}); entries are separated by ', ', and every "
            f"'{brackets[0]}' needs its '{close}'")
