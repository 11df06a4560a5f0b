"""The user's model: immutable, validated dataclasses.

A :class:`Scenario` is what the user wrote, resolved: every name checked,
every rule parsed, every number an arithmetic expression of parameters
(:class:`Quantity`). Parameter values live in one place,
``Scenario.parameters``; :meth:`Scenario.with_parameters` returns a new
scenario with other values, which is what sweeps are built on.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from negotiation.scenario.drop import check_drop as check_drop  # its home was here
from negotiation.scenario.expr import Arith, Num, Rule, arith_names, evaluate_arith
from negotiation.scenario.frozen import FrozenDict, freeze


@dataclass(frozen=True)
class Quantity:
    """A number as written: a literal, a parameter name or an expression."""

    expr: Arith
    text: str = field(default="", compare=False)

    @classmethod
    def of(cls, value: float) -> Quantity:
        return cls(Num(float(value)), repr(float(value)))

    def value(self, parameters: Mapping[str, float]) -> float:
        return evaluate_arith(self.expr, parameters)

    @property
    def names(self) -> set[str]:
        return arith_names(self.expr)

    def to_data(self) -> float | str:
        if isinstance(self.expr, Num):
            return self.expr.value
        return self.text or str(self.expr)


@dataclass(frozen=True)
class Parameter:
    """A named number of the scenario: its value, range and distribution."""

    name: str
    value: float
    range: tuple[float, float] | None = None
    description: str = ""
    distribution: FrozenDict | None = None  # e.g. {"uniform": [lo, hi]}

    def to_data(self) -> Any:
        if self.range is None and not self.description and self.distribution is None:
            return self.value
        data: dict[str, Any] = {"value": self.value}
        if self.range is not None:
            data["range"] = list(self.range)
        if self.description:
            data["description"] = self.description
        if self.distribution is not None:
            data["distribution"] = dict(self.distribution)
        return data


PARTY_QUANTITIES = ("power", "batna", "audience_cost")  # the numbers of a Party


@dataclass(frozen=True)
class Ratifies:
    """A party's ``ratifies`` block: not at the table, it must approve
    ``party``'s agreements where ``when`` holds (None: every package), and
    approves those that meet its batna (``docs/concepts/two-level-games.md``)."""

    party: str
    when: Rule | None = None
    when_text: str = field(default="", compare=False)


@dataclass(frozen=True)
class Party:
    """A party: its name, power, batna, audience cost and what it ratifies."""

    id: str
    name: str
    description: str = ""
    power: Quantity = Quantity.of(1.0)
    batna: Quantity = Quantity.of(0.0)
    audience_cost: Quantity = Quantity.of(0.0)
    # {"p_win", "war_cost", "stake"} -> Quantity when the batna comes from a
    # crisis model (batna = stake * p_win - war_cost); None otherwise
    crisis: FrozenDict | None = None
    ratifies: Ratifies | None = None  # a ratifier of another party (two-level games)
    discount: Quantity | None = None  # per round, in (0, 1]; None: not declared


@dataclass(frozen=True)
class Option:
    """One option of an issue, with its label and (ordered issues) its number."""

    id: str
    label: str = ""
    description: str = ""
    value: float | None = None  # the number an option of an ordered issue stands for

    @property
    def shown(self) -> str:
        """What reports print for the option: its label, else its value, else its id."""
        return self.label or (self.id if self.value is None else f"{self.value:g}")


@dataclass(frozen=True)
class Issue:
    """An issue: its options, its status quo and who controls it."""

    id: str
    options: tuple[Option, ...]
    status_quo: str
    name: str = ""
    description: str = ""
    controlled_by: str | None = None
    one_way: bool = False
    public: bool = True
    offered_by: str | None = None  # can revoke (move back to the status quo) on its own
    ordered: bool = False  # numeric: every option has a value, increasing as written

    # Cached (the issue is frozen): code that checks every option of an
    # issue against its options must stay linear in their number.
    @cached_property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {option: k for k, option in enumerate(self.option_ids)}

    def has_option(self, option) -> bool:
        """Whether ``option`` names one of the issue's options (in constant time)."""
        try:
            return option in self._positions
        except TypeError:  # not a name at all (unhashable)
            return False

    def index(self, option: str) -> int:
        """Position of ``option`` among the issue's options (ValueError if absent)."""
        try:
            return self._positions[option]
        except KeyError:
            raise ValueError(f"{option!r} is not an option of issue {self.id!r}") from None


@dataclass(frozen=True)
class Adjustment:
    """Add ``add`` to the utility of every package where ``when`` holds."""

    when: Rule
    add: Quantity
    when_text: str = field(default="", compare=False)
    public: bool | None = None  # None: public when every issue of `when` is (tables.py)


@dataclass(frozen=True)
class Additive:
    """Cardinal additive utility: sum of weight x score, plus adjustments."""

    weights: FrozenDict  # issue -> Quantity (raw; normalised in the game)
    scores: FrozenDict  # issue -> FrozenDict(option -> Quantity)
    adjustments: tuple[Adjustment, ...] = ()
    # False: weights as declared, utility capped at 1 (GENIUS); True: divided by their sum
    normalise: bool = True
    cardinal = True


@dataclass(frozen=True)
class Ranking:
    """Ordinal preference: levels best first; a level is a tuple of patterns
    that tie; a pattern is a tuple of (issue, option) pairs (issues left out
    match anything). The first level whose pattern matches ranks the state."""

    levels: tuple[tuple[tuple[tuple[str, str], ...], ...], ...]
    cardinal = False


@dataclass(frozen=True)
class Priorities:
    """Option prioritisation (Fang, Hipel & Kilgour 1993): rules, most
    important first; a state scores sum 2^(n-k) over the rules k it meets."""

    rules: tuple[Rule, ...]
    texts: tuple[str, ...] = field(default=(), compare=False)
    cardinal = False


Preference = Additive | Ranking | Priorities

CONSTRAINT_KINDS = ("red_line", "condition", "feasibility")


@dataclass(frozen=True)
class Constraint:
    """A rule on packages, of kind feasibility, red_line or condition."""

    id: str
    kind: str
    rule: Rule
    owner: str | None = None
    rule_text: str = field(default="", compare=False)
    source: str | None = None
    note: str = ""
    # the author's answer to the consistency check: why the owner's own
    # utilities may rate a package across the line above its batna
    posture: str = ""

    @property
    def relaxable(self) -> bool:
        """Red lines and conditions bind agreements and may be relaxed."""
        return self.kind != "feasibility"


@dataclass(frozen=True)
class OfframpSpec:
    """The scenario's ``offramp`` block: who backs down, and what backing down
    means (a rule). The off-ramps found are :class:`negotiation.solvers.offramps.Offramp`."""

    party: str
    requires: Rule
    requires_text: str = field(default="", compare=False)
    # "strict": backing down must show no visible loss (the golden bridge);
    # "cost": a visible loss is allowed at the price of the audience cost
    face: str = "strict"


COMPILED_CACHE = "_compiled_games"  # where negotiation.inputs keeps compiled games


@dataclass(frozen=True)
class Scenario:
    """A validated negotiation scenario (format ``negotiation/1``)."""

    title: str
    parties: FrozenDict  # id -> Party, in file order
    issues: FrozenDict  # id -> Issue, in file order
    preferences: FrozenDict  # party id -> Preference
    parameters: FrozenDict = field(default_factory=FrozenDict)  # name -> Parameter
    constraints: tuple[Constraint, ...] = ()
    offramp: OfframpSpec | None = None
    description: str = ""
    as_of: str | None = None
    sources: FrozenDict = field(default_factory=FrozenDict)  # id -> mapping
    format: str = "negotiation/1"
    path: str | None = field(default=None, compare=False)
    war: Any = None  # negotiation.scenario.war.War: the no-deal outcome is chosen, not assumed
    # party -> the parameter names it alone knows (its type)
    private: FrozenDict = field(default_factory=FrozenDict)
    # what the loader assumed where the file is silent (scenario.notes.Note)
    notes: tuple = field(default=(), compare=False, repr=False)
    # side -> the party ids on it, as declared (undeclared parties sit alone)
    sides: FrozenDict = field(default_factory=FrozenDict)
    # False: ``status_quo: none`` (each issue's first option is only a placeholder)
    has_status_quo: bool = True

    def __getstate__(self) -> dict:
        # the compiled games cached on a scenario (negotiation.inputs) stay in
        # this process: a pickled scenario (a sweep sent to workers) is light
        return {k: v for k, v in self.__dict__.items() if k != COMPILED_CACHE}

    def __repr__(self) -> str:
        # short: typing a scenario's name in a notebook must not dump the file
        return (f"<Scenario {self.title!r}: {len(self.parties)} parties, {len(self.issues)} "
                f"issues, {len(self.constraints)} constraints, {len(self.parameters)} "
                f"parameters{', from ' + self.path if self.path else ''}>")

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.title}**", "",
                 f"- parties: {', '.join(self.parties)}",
                 f"- issues: {', '.join(self.issues)}",
                 f"- constraints: {len(self.constraints)}; parameters: "
                 f"{', '.join(self.parameters) or 'none'}"]
        return "\n".join(lines)

    # -- parameters ---------------------------------------------------
    @property
    def values(self) -> dict[str, float]:
        """Current parameter values by name."""
        return {name: p.value for name, p in self.parameters.items()}

    def value(self, quantity: Quantity) -> float:
        return quantity.value(self.values)

    def with_parameters(self, **values: float) -> Scenario:
        """A new scenario with some parameters set to other values.

        Unknown names and values outside a parameter's declared range raise
        :class:`ValueError`; the result is validated like a loaded file.
        """
        from negotiation.scenario.validate import check_parameter_value, require_valid_quantities

        params = dict(self.parameters)
        for name, value in values.items():
            if name not in params:
                from negotiation.scenario.structure import did_you_mean

                raise ValueError(f"unknown parameter {name!r} (declared: "
                                 f"{', '.join(params) or 'none'})" + did_you_mean(name, params))
            check_parameter_value(params[name], value)
            params[name] = dataclasses.replace(params[name], value=float(value))
        new = dataclasses.replace(self, parameters=freeze(params))
        require_valid_quantities(new)
        return new

    # -- structure ----------------------------------------------------
    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(self.parties)

    @property
    def issue_ids(self) -> tuple[str, ...]:
        return tuple(self.issues)

    @property
    def status_quo(self) -> dict[str, str]:
        return {i.id: i.status_quo for i in self.issues.values()}

    @property
    def relaxable_constraints(self) -> tuple[Constraint, ...]:
        return tuple(c for c in self.constraints if c.relaxable)

    def constraint(self, cid: str) -> Constraint:
        for c in self.constraints:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def quantities(self) -> Iterator[tuple[str, Quantity]]:
        """Every number of the scenario with a dotted path naming it."""
        for p in self.parties.values():
            for attr in PARTY_QUANTITIES:
                if attr == "batna" and self.war is not None:
                    continue  # the war block sets every batna
                yield f"parties.{p.id}.{attr}", getattr(p, attr)
            if p.discount is not None:
                yield f"parties.{p.id}.discount", p.discount
        for pid, pref in self.preferences.items():
            if isinstance(pref, Additive):
                for issue, q in pref.weights.items():
                    yield f"preferences.{pid}.weights.{issue}", q
                for issue, table in pref.scores.items():
                    for option, q in table.items():
                        yield f"preferences.{pid}.scores.{issue}.{option}", q
                for k, adj in enumerate(pref.adjustments):
                    yield f"preferences.{pid}.adjustments.{k}.add", adj.add
        if self.war is not None:
            yield from self.war.quantities()

    @property
    def private_parameters(self) -> dict[str, str]:
        """Parameter name -> the party that alone knows its value (its type)."""
        return {name: party for party, names in self.private.items() for name in names}

    def cardinal(self, party: str) -> bool:
        return self.preferences[party].cardinal

    def to_data(self) -> dict[str, Any]:
        from negotiation.scenario.dump import scenario_to_data

        return scenario_to_data(self)

    def to_yaml(self) -> str:
        """The scenario as YAML text that loads back to an equal scenario."""
        from negotiation.scenario.dump import scenario_to_yaml

        return scenario_to_yaml(self)

    # -- other formats (negotiation.formats; docs/how-to/import.md) ----------
    def to_genius(self, folder, strict: bool = True):
        """Write a GENIUS domain and one profile per party into ``folder``;
        see :func:`negotiation.formats.genius_write.write_genius`."""
        from negotiation.formats.genius_write import write_genius

        return write_genius(self, folder, strict=strict)

    def to_gmcr(self, path, strict: bool = True, coalitions=()):
        """Write a GMCR+ ``.gmcr`` file; see
        :func:`negotiation.formats.gmcr_write.write_gmcr`."""
        from negotiation.formats.gmcr_write import write_gmcr

        return write_gmcr(self, path, strict=strict, coalitions=coalitions)
