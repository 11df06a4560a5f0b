"""``negotiation run --brief`` and ``--sections``: a shorter report from the
same sections.

``--brief`` keeps the summary whole and, of every other section, its answer
in a sentence or two (the JSON of each section is unchanged); ``--sections``
keeps the sections named by their JSON keys.
"""
from __future__ import annotations

from negotiation.commands import UsageError
from negotiation.commands._common import parse_name_list
from negotiation.report import Section, Table, package_text
from negotiation.scenario.structure import did_you_mean

# notes that may open a section before its answer
_PREAMBLES = ("Given up", "Relaxed")


def requested_sections(text: str | None, known: list[str]) -> list[str] | None:
    """The section keys of ``--sections a,b,...`` (None: all of them),
    checked against ``known``.

    >>> requested_sections("summary, solve", ["summary", "solve", "stability"])
    ['summary', 'solve']
    >>> requested_sections("stabilty", ["summary", "stability"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    negotiation.commands.UsageError: ... 'stabilty'; did you mean 'stability'? (sections: ...)
    """
    if text is None:
        return None
    names = list(dict.fromkeys(parse_name_list(text)))
    if not names:
        raise UsageError(f"--sections {text!r}: name at least one section "
                         f"(sections: {', '.join(known)})")
    for name in names:
        if name not in known:
            raise UsageError(f"--sections: unknown section {name!r}{did_you_mean(name, known)} "
                             f"(sections: {', '.join(known)})")
    return names


def _first_answer(section: Section) -> list[str | Table]:
    prose = [b for b in section.blocks if isinstance(b, str)]
    answer = [b for b in prose if not b.startswith(_PREAMBLES)]
    first: list[str | Table] = [*(answer or prose or ["(no answer in words: see the full "
                                                       "report)"])[:1]]
    return first


def _solve(section: Section, status_quo: dict) -> list[str | Table]:
    solutions = section.data.get("solutions") or {}
    name, best = next(((n, s) for n, s in solutions.items() if s), (None, None))
    if name is None or best is None:
        return _first_answer(section)
    utilities = ", ".join(f"{p} {u:.3f}" for p, u in best["utilities"].items())
    return [f"{name.replace('_', ' ').capitalize()} solution: "
            f"{package_text(best['package'], status_quo)} ({utilities})."]


def _offramps(section: Section, status_quo: dict) -> list[str | Table]:
    blocks = _first_answer(section)
    found = section.data.get("offramps") or []
    if found:
        best = found[0]
        blocks.append(f"Best off-ramp (by {section.data.get('rank_by', 'nash')}): "
                      f"{package_text(best['package'], status_quo)}.")
    return blocks


def _scenario(section: Section, status_quo: dict) -> list[str | Table]:
    data = section.data
    if "parties" not in data:
        return _first_answer(section)
    return [f"{len(data['parties'])} parties ({', '.join(data['parties'])}), "
            f"{len(data['issues'])} issues, {data['packages']:,} possible packages, "
            f"{len(data['constraints'])} constraints."]


_BRIEF = {"scenario": _scenario, "solve": _solve, "offramps": _offramps}


def brief(section: Section, status_quo: dict) -> Section:
    """``section`` reduced to its answer: the whole summary; the scenario's
    size; the first bargaining solution (Nash); the count and the best
    off-ramp; otherwise the section's first sentence of results.

    >>> s = Section("redlines", "Red lines", ["Given up: x.", "They hold.", "More."], {"k": 1})
    >>> brief(s, {}).blocks, brief(s, {}).data
    (['They hold.'], {'k': 1})
    """
    if section.key == "summary" or section.data.get("available") is False:
        return section
    blocks = _BRIEF.get(section.key, lambda s, _: _first_answer(s))(section, status_quo)
    return Section(section.key, section.heading, blocks, section.data)
