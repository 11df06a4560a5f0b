"""Hypothesis strategy: small random cardinal scenarios written as YAML text.

Shared by the off-ramp and red-line tests. Scores are multiples of 0.1 and
batnas multiples of 0.05, so ties and exact batna hits happen often: the
edge cases the solvers must get right.
"""
from __future__ import annotations

from hypothesis import strategies as st


def _rule(draw, issues):
    """A rule of one of the forms the scenarios use."""
    i = draw(st.sampled_from(sorted(issues)))
    o = draw(st.sampled_from(issues[i]))
    form = draw(st.sampled_from(["eq", "ne", "implies", "in"]))
    if form == "eq":
        return f"{i} == {o}"
    if form == "ne":
        return f"{i} != {o}"
    if form == "in":
        return f"{i} in [{', '.join(issues[i][:2])}]"
    j = draw(st.sampled_from(sorted(issues)))
    p = draw(st.sampled_from(issues[j]))
    return f"{i} != {o} -> {j} == {p}"


@st.composite
def scenario_yaml(draw, max_parties=3, max_issues=3, max_constraints=4):
    n_parties = draw(st.integers(2, max_parties))
    parties = [f"p{k}" for k in range(n_parties)]
    n_issues = draw(st.integers(2, max_issues))
    issues = {f"i{k}": [f"o{k}{m}" for m in range(draw(st.integers(2, 3)))]
              for k in range(n_issues)}
    lines = ["format: negotiation/1", "title: random", "parameters:",
             "  shift: {value: 0.0, range: [-0.3, 0.3]}", "parties:"]
    for p in parties:
        batna = draw(st.integers(0, 14)) * 0.05
        cost = draw(st.sampled_from([0.0, 0.0, 0.1, 0.2]))
        shifted = draw(st.booleans())
        b = f'"{batna:.2f} + shift"' if shifted else f"{batna:.2f}"
        lines.append(f"  {p}: {{batna: {b}, audience_cost: {cost}}}")
    lines.append("issues:")
    for i, opts in issues.items():
        ctrl = draw(st.sampled_from(parties + [None]))
        public = draw(st.booleans())
        extra = f", controlled_by: {ctrl}" if ctrl else ""
        lines.append(f"  {i}: {{options: [{', '.join(opts)}], status_quo: {opts[0]}, "
                     f"public: {str(public).lower()}{extra}}}")
    lines.append("preferences:")
    for p in parties:
        lines.append(f"  {p}:")
        weights = ", ".join(f"{i}: {draw(st.integers(1, 5))}" for i in issues)
        lines.append(f"    weights: {{{weights}}}")
        lines.append("    scores:")
        for i, opts in issues.items():
            scores = ", ".join(f"{o}: {draw(st.integers(0, 10)) / 10}" for o in opts)
            lines.append(f"      {i}: {{{scores}}}")
    constraints = []
    for k in range(draw(st.integers(0, max_constraints))):
        kind = draw(st.sampled_from(["red_line", "red_line", "condition"]))
        owner = draw(st.sampled_from(parties))
        constraints.append(f"  - {{id: c{k}, owner: {owner}, kind: {kind}, "
                           f"rule: \"{_rule(draw, issues)}\"}}")
    if draw(st.booleans()):  # a feasibility rule that the status quo meets
        i = draw(st.sampled_from(sorted(issues)))
        o = draw(st.sampled_from(issues[i][1:]))
        constraints.append(f"  - {{id: f0, kind: feasibility, rule: \"{i} != {o}\"}}")
    if constraints:
        lines.append("constraints:")
        lines.extend(constraints)
    target = draw(st.sampled_from(parties))
    i = draw(st.sampled_from(sorted(issues)))
    lines.append(f"offramp: {{for: {target}, requires: \"{i} != {issues[i][0]}\"}}")
    return "\n".join(lines) + "\n"
