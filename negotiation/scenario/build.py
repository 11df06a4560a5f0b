"""Semantic pass of the loader: plain data -> Scenario.

Resolves every name (parties, issues, options, parameters, sources), parses
rules and expressions, and checks what the JSON Schema cannot. Problems are
added to the collector with the path of the item; nothing is raised for a
problem in the file.
"""
from __future__ import annotations

import numpy as np

from negotiation.scenario.expr import (BinOp, ExprError, Num, evaluate_rule, iter_compares, parse_arith,
                   parse_rule)
from negotiation.scenario.model import (Additive, Adjustment, Constraint, Issue, Offramp, Option,
                    Parameter, Party, Priorities, Quantity, Ranking, Scenario, freeze)
from negotiation.scenario.space import all_packages, space_size
from negotiation.scenario.structure import did_you_mean

RANKING_LIMIT = 2**20  # states a ranking may have to cover


def unknown_option(option: str, issue: str, option_ids) -> str:
    """The message for an option that the issue does not have."""
    return (f"unknown option {option!r} for issue {issue!r} (options: {', '.join(option_ids)})"
            f"{did_you_mean(option, option_ids)}")


class _Builder:
    def __init__(self, data: dict, problems):
        self.data = data
        self.problems = problems
        self.parameters: dict[str, Parameter] = {}
        self.parties: dict[str, Party] = {}
        self.issues: dict[str, Issue] = {}

    def add(self, path, message, column=None):
        self.problems.add(path, message, column)

    @property
    def parameter_values(self) -> dict[str, float]:
        """Declared parameter values by name (as :attr:`Scenario.values`)."""
        return {name: p.value for name, p in self.parameters.items()}

    # -- numbers --------------------------------------------------------
    def quantity(self, path, raw, default: float | None = None) -> Quantity:
        if raw is None and default is not None:
            return Quantity.of(default)
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            return Quantity.of(default or 0.0)  # the schema pass has reported the type
        if not isinstance(raw, str):
            return Quantity(Num(float(raw)), repr(float(raw)))
        try:
            expr = parse_arith(raw)
        except ExprError as exc:
            self.add(path, f"{exc} (expected a number or an arithmetic expression of "
                           "parameters)", exc.column)
            return Quantity.of(default or 0.0)
        quantity = Quantity(expr, raw)
        unknown = [n for n in sorted(quantity.names) if n not in self.parameters]
        for name in unknown:
            self.add(path, f"unknown parameter {name!r} (declared: "
                           f"{', '.join(self.parameters) or 'none'})"
                           f"{did_you_mean(name, self.parameters)}")
        if not unknown:
            try:
                quantity.value(self.parameter_values)
            except ExprError as exc:
                self.add(path, str(exc))
        return quantity

    def nonnegative(self, path, quantity: Quantity, what: str, strict=False) -> None:
        try:
            value = quantity.value(self.parameter_values)
        except (ExprError, KeyError):
            return
        if value < 0 or (strict and value == 0):
            bound = "positive" if strict else "zero or more"
            self.add(path, f"{what} is {value:g} (expected {bound})")

    # -- parameters ------------------------------------------------------
    def build_parameters(self):
        for name, raw in (self.data.get("parameters") or {}).items():
            path = ("parameters", name)
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                self.parameters[name] = Parameter(name, float(raw))
                continue
            if not isinstance(raw, dict) or not isinstance(raw.get("value"), (int, float)):
                continue  # reported by the schema
            value = float(raw["value"])
            rng = raw.get("range")
            if rng is not None:
                lo, hi = (float(v) for v in rng)
                if lo > hi:
                    self.add(path + ("range",), f"range [{lo:g}, {hi:g}] is empty "
                                               "(expected [low, high] with low <= high)")
                elif not lo <= value <= hi:
                    self.add(path + ("value",), f"value {value:g} is outside the declared "
                                                f"range [{lo:g}, {hi:g}]")
                rng = (lo, hi)
            dist = raw.get("distribution")
            if dist is not None:
                self.check_distribution(path + ("distribution",), dist)
            self.parameters[name] = Parameter(name, value, rng, raw.get("description", ""),
                                              freeze(dist) if dist else None)

    def check_distribution(self, path, dist: dict):
        arity = {"uniform": 2, "normal": 2, "triangular": 3, "beta": 2}
        for kind, args in dist.items():
            if len(args) != arity[kind]:
                self.add(path + (kind,), f"{kind} takes {arity[kind]} numbers, "
                                         f"found {len(args)}")
            elif kind == "uniform" and args[0] > args[1]:
                self.add(path + (kind,), "uniform [low, high] needs low <= high")
            elif kind == "normal" and args[1] <= 0:
                self.add(path + (kind,), "normal [mean, sd] needs sd > 0")
            elif kind == "triangular" and not args[0] <= args[1] <= args[2]:
                self.add(path + (kind,), "triangular [low, mode, high] needs low <= mode <= high")
            elif kind == "beta" and min(args) <= 0:
                self.add(path + (kind,), "beta [a, b] needs a > 0 and b > 0")

    # -- parties and issues ---------------------------------------------------
    def build_parties(self):
        for pid, raw in (self.data.get("parties") or {}).items():
            raw = raw or {}
            path = ("parties", pid)
            power = self.quantity(path + ("power",), raw.get("power"), 1.0)
            self.nonnegative(path + ("power",), power, "power", strict=True)
            audience = self.quantity(path + ("audience_cost",), raw.get("audience_cost"), 0.0)
            self.nonnegative(path + ("audience_cost",), audience, "audience_cost")
            batna, crisis = self.batna(path, raw)
            self.parties[pid] = Party(
                pid, raw.get("name") or pid, raw.get("description", ""), power,
                batna, audience, crisis)

    def batna(self, path, raw):
        """The batna as written, or from ``crisis``: stake * p_win - war_cost."""
        if raw.get("crisis") is None:
            return self.quantity(path + ("batna",), raw.get("batna"), 0.0), None
        if raw.get("batna") is not None:
            self.add(path + ("crisis",), "give either batna or crisis, not both (crisis "
                                         "sets batna = stake * p_win - war_cost)")
        cpath = path + ("crisis",)
        crisis = {k: self.quantity(cpath + (k,), raw["crisis"].get(k), default)
                  for k, default in (("p_win", None), ("war_cost", None), ("stake", 1.0))}
        self.nonnegative(cpath + ("war_cost",), crisis["war_cost"], "war_cost")
        self.nonnegative(cpath + ("stake",), crisis["stake"], "stake", strict=True)
        self.probability(cpath + ("p_win",), crisis["p_win"])
        expr = BinOp("-", BinOp("*", crisis["stake"].expr, crisis["p_win"].expr),
                     crisis["war_cost"].expr)
        stake, p_win, war_cost = (crisis[k].to_data() for k in ("stake", "p_win", "war_cost"))
        text = f"({stake}) * ({p_win}) - ({war_cost})"
        return Quantity(expr, text), freeze(crisis)

    def probability(self, path, quantity: Quantity) -> None:
        try:
            value = quantity.value(self.parameter_values)
        except (ExprError, KeyError):
            return
        if not 0.0 <= value <= 1.0:
            self.add(path, f"p_win is {value:g} (expected a probability in [0, 1])")

    def party_ref(self, path, pid) -> bool:
        if pid in self.parties:
            return True
        self.add(path, f"unknown party {pid!r} (parties: {', '.join(self.parties)})"
                       f"{did_you_mean(pid, self.parties)}")
        return False

    def build_issues(self):
        for iid, raw in (self.data.get("issues") or {}).items():
            path = ("issues", iid)
            options = self.options(path + ("options",), raw.get("options"))
            if not options:
                continue
            ids = [o.id for o in options]
            status_quo = raw.get("status_quo", ids[0])
            if status_quo not in ids:
                self.add(path + ("status_quo",), unknown_option(status_quo, iid, ids))
                status_quo = ids[0]
            controller = raw.get("controlled_by")
            if controller is not None and not self.party_ref(path + ("controlled_by",), controller):
                controller = None
            self.issues[iid] = Issue(iid, tuple(options), status_quo, raw.get("name", ""),
                                     raw.get("description", ""), controller,
                                     bool(raw.get("one_way", False)), bool(raw.get("public", True)))

    def options(self, path, raw) -> list[Option]:
        if isinstance(raw, dict):
            options = [Option(k, (v or {}).get("label", ""), (v or {}).get("description", ""))
                       for k, v in raw.items()]
        else:
            options = [Option(str(k)) for k in raw or []]
        seen = set()
        for k, option in enumerate(options):
            if option.id in seen:
                self.add(path + (k,), f"duplicate option {option.id!r}")
            seen.add(option.id)
        return options if len(seen) == len(options) else []

    # -- rules ------------------------------------------------------------
    def rule(self, path, text):
        try:
            rule = parse_rule(text)
        except ExprError as exc:
            self.add(path, f"{exc} (expected a rule such as 'issue == option' or "
                           "'a in [x, y] -> b != z')", exc.column)
            return None
        ok = True
        for cmp in iter_compares(rule):
            issue = self.issues.get(cmp.issue)
            if issue is None:
                if cmp.issue in (self.data.get("issues") or {}):
                    return None  # the issue itself is broken and reported
                self.add(path, f"unknown issue {cmp.issue!r} (issues: "
                               f"{', '.join(self.issues)}){did_you_mean(cmp.issue, self.issues)}",
                         cmp.column)
                ok = False
                continue
            for option in cmp.options:
                if option not in issue.option_ids:
                    self.add(path, unknown_option(option, cmp.issue, issue.option_ids),
                             cmp.column)
                    ok = False
        return rule if ok else None

    def pattern(self, path, raw: dict):
        pairs = []
        for issue_id, option in raw.items():
            issue = self.issues.get(issue_id)
            if issue is None:
                self.add(path + (issue_id,), f"unknown issue {issue_id!r}"
                                             f"{did_you_mean(issue_id, self.issues)}")
                return None
            if option not in issue.option_ids:
                self.add(path + (issue_id,), unknown_option(option, issue_id, issue.option_ids))
                return None
            pairs.append((issue_id, option))
        return tuple(pairs)

    # -- preferences -----------------------------------------------------
    def build_preferences(self) -> dict:
        raw_prefs = self.data.get("preferences") or {}
        prefs = {}
        for pid, raw in raw_prefs.items():
            path = ("preferences", pid)
            if not self.party_ref(path, pid):
                continue
            if "weights" in raw:
                prefs[pid] = self.additive(path, raw)
            elif "ranking" in raw:
                prefs[pid] = self.ranking(path, raw["ranking"])
            elif "priorities" in raw:
                rules = [self.rule(path + ("priorities", k), r)
                         for k, r in enumerate(raw["priorities"])]
                if all(r is not None for r in rules):
                    prefs[pid] = Priorities(tuple(rules), tuple(raw["priorities"]))
        for pid in self.parties:
            if pid not in raw_prefs:
                self.add(("preferences",), f"party {pid!r} has no preferences "
                                           "(expected weights/scores, ranking or priorities)")
        return prefs

    def additive(self, path, raw) -> Additive:
        weights, scores = {}, {}
        for iid, w in raw["weights"].items():
            wpath = path + ("weights", iid)
            if self.issue_ref(wpath, iid):
                weights[iid] = self.quantity(wpath, w)
                self.nonnegative(wpath, weights[iid], "weight")
        total = self.weight_total(weights)
        if weights and total is not None and total <= 0:
            self.add(path + ("weights",), "all weights are zero (expected at least one "
                                          "positive weight)")
        for iid, table in raw["scores"].items():
            spath = path + ("scores", iid)
            if not self.issue_ref(spath, iid):
                continue
            issue = self.issues[iid]
            row = {}
            for option, s in table.items():
                if option not in issue.option_ids:
                    self.add(spath + (option,), unknown_option(option, iid, issue.option_ids))
                    continue
                row[option] = self.quantity(spath + (option,), s)
            scores[iid] = freeze(row)
        for iid in weights:
            missing = [o for o in self.issues[iid].option_ids if o not in scores.get(iid, {})]
            if missing:
                self.add(path + ("scores", iid) if iid in raw["scores"] else path + ("weights", iid),
                         f"issue {iid!r} has a weight but no score for option(s) "
                         f"{', '.join(missing)} (expected a score for every option)")
        adjustments = []
        for k, adj in enumerate(raw.get("adjustments") or []):
            apath = path + ("adjustments", k)
            rule = self.rule(apath + ("when",), adj["when"])
            add = self.quantity(apath + ("add",), adj["add"])
            if rule is not None:
                adjustments.append(Adjustment(rule, add, adj["when"]))
        return Additive(freeze(weights), freeze(scores), tuple(adjustments))

    def weight_total(self, weights) -> float | None:
        try:
            return sum(q.value(self.parameter_values)
                       for q in weights.values())
        except (ExprError, KeyError):
            return None

    def issue_ref(self, path, iid) -> bool:
        if iid in self.issues:
            return True
        if iid not in (self.data.get("issues") or {}):
            self.add(path, f"unknown issue {iid!r} (issues: {', '.join(self.issues)})"
                           f"{did_you_mean(iid, self.issues)}")
        return False

    def ranking(self, path, raw) -> Ranking | None:
        levels = []
        for k, entry in enumerate(raw):
            epath = path + ("ranking", k)
            entries = entry if isinstance(entry, list) else [entry]
            paths = [epath + (j,) for j in range(len(entries))] if isinstance(entry, list) else [epath]
            patterns = [self.pattern(p, e) for p, e in zip(paths, entries)]
            if any(p is None for p in patterns):
                return None
            levels.append(tuple(patterns))
        return Ranking(tuple(levels))

    # -- constraints and offramp -----------------------------------------
    def build_constraints(self) -> list[Constraint]:
        constraints, seen = [], {}
        sources = self.data.get("sources") or {}
        for k, raw in enumerate(self.data.get("constraints") or []):
            path = ("constraints", k)
            cid = raw["id"]
            if cid in seen:
                self.add(path + ("id",), f"duplicate constraint id {cid!r} (first at "
                                         f"constraints[{seen[cid]}])")
            seen.setdefault(cid, k)
            owner = raw.get("owner")
            if owner is None and raw["kind"] != "feasibility":
                self.add(path, f"a {raw['kind']} needs an 'owner' (the party that states it)")
            elif owner is not None:
                self.party_ref(path + ("owner",), owner)
            source = raw.get("source")
            if source is not None and source not in sources:
                self.add(path + ("source",), f"unknown source {source!r} (sources: "
                                             f"{', '.join(sources) or 'none'})"
                                             f"{did_you_mean(source, sources)}")
            rule = self.rule(path + ("rule",), raw["rule"])
            if rule is not None:
                constraints.append(Constraint(cid, raw["kind"], rule, owner, raw["rule"],
                                              source, raw.get("note", "")))
        return constraints

    def build_offramp(self):
        raw = self.data.get("offramp")
        if raw is None:
            return None
        ok = self.party_ref(("offramp", "for"), raw["for"])
        rule = self.rule(("offramp", "requires"), raw["requires"])
        if ok and rule is not None:
            return Offramp(raw["for"], rule, raw["requires"])
        return None


def _check_status_quo(builder: _Builder, constraints) -> None:
    columns = {i: np.array([issue.index(issue.status_quo)]) for i, issue in builder.issues.items()}
    index = _option_index(builder.issues.values())
    for c in constraints:
        if c.kind == "feasibility" and not evaluate_rule(c.rule, columns, index)[0]:
            builder.add(("constraints", _constraint_position(builder, c.id), "rule"),
                        f"the status quo breaks this feasibility rule ({c.rule_text}); "
                        "expected every issue's status_quo to form a feasible state")


def _option_index(issues) -> dict[str, dict[str, int]]:
    """issue -> option -> index, as :func:`evaluate_rule` takes it."""
    return {issue.id: {o: k for k, o in enumerate(issue.option_ids)} for issue in issues}


def _constraint_position(builder: _Builder, cid: str) -> int:
    for k, raw in enumerate(builder.data.get("constraints") or []):
        if raw.get("id") == cid:
            return k
    return 0


def _check_rankings(builder: _Builder, prefs: dict, constraints) -> None:
    rankings = {pid: p for pid, p in prefs.items() if isinstance(p, Ranking)}
    if not rankings:
        return
    issues = list(builder.issues.values())
    n_options = [len(i.options) for i in issues]
    if space_size(n_options) > RANKING_LIMIT:
        for pid in rankings:
            builder.add(("preferences", pid, "ranking"),
                        f"a ranking must cover every feasible state, and this scenario has "
                        f"{space_size(n_options)} states (expected at most {RANKING_LIMIT}; "
                        "use weights/scores or priorities for large models)")
        return
    packages = all_packages(n_options)
    columns = {issue.id: packages[:, k] for k, issue in enumerate(issues)}
    index = _option_index(issues)
    feasible = np.ones(len(packages), dtype=bool)
    for c in constraints:
        if c.kind == "feasibility":
            feasible &= evaluate_rule(c.rule, columns, index)
    for pid, ranking in rankings.items():
        _check_one_ranking(builder, pid, ranking, columns, index, feasible, issues, packages)


def _check_one_ranking(builder, pid, ranking, columns, index, feasible, issues, packages):
    ranked = np.zeros(len(feasible), dtype=bool)
    for k, level in enumerate(ranking.levels):
        hit = np.zeros(len(feasible), dtype=bool)
        for pattern in level:
            match = feasible.copy()
            for issue, option in pattern:
                match &= columns[issue] == index[issue][option]
            hit |= match
        if not (hit & ~ranked).any():
            builder.add(("preferences", pid, "ranking", k),
                        "this entry matches no feasible state that is not already ranked "
                        "above it (a repeated or impossible state)")
        ranked |= hit
    missing = np.flatnonzero(feasible & ~ranked)
    if missing.size:
        shown = "; ".join(
            "{" + ", ".join(f"{i.id}: {i.option_ids[packages[m, j]]}" for j, i in enumerate(issues)) + "}"
            for m in missing[:3])
        more = f" and {missing.size - 3} more" if missing.size > 3 else ""
        builder.add(("preferences", pid, "ranking"),
                    f"{missing.size} feasible state(s) are not ranked: {shown}{more} "
                    "(expected every feasible state to match an entry)")


def build_scenario(data: dict, problems, path: str | None = None) -> Scenario | None:
    """Build a Scenario from schema-valid data, adding problems as found."""
    builder = _Builder(data, problems)
    builder.build_parameters()
    builder.build_parties()
    builder.build_issues()
    prefs = builder.build_preferences()
    constraints = builder.build_constraints()
    offramp = builder.build_offramp()
    if not problems:
        _check_status_quo(builder, constraints)
        _check_rankings(builder, prefs, constraints)
    if problems:
        return None
    as_of = data.get("as_of")
    return Scenario(
        title=data["title"], parties=freeze(builder.parties), issues=freeze(builder.issues),
        preferences=freeze(prefs), parameters=freeze(builder.parameters),
        constraints=tuple(constraints), offramp=offramp,
        description=(data.get("description") or "").strip(),
        as_of=str(as_of) if as_of is not None else None,
        sources=freeze({k: (v if isinstance(v, str) else freeze(v))
                        for k, v in (data.get("sources") or {}).items()}),
        format=data.get("format", "negotiation/1"), path=path)

