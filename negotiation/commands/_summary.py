"""The first section of ``negotiation run``: the findings in plain words.

It only reads the ``data`` of the sections already computed, so it cannot
disagree with them; every sentence points to the section with the numbers.
"""
from __future__ import annotations

from negotiation.report import Section, package_text


def _zopa_line(data: dict) -> str | None:
    zopa = data.get("zopa")
    if not zopa:
        return None
    if zopa.get("size"):
        return f"A deal exists: {zopa['size']} package(s) leave every party above its batna."
    if zopa.get("exists"):
        return ("A deal exists: some package leaves every party above its batna "
                "(the space is too large to count them).")
    return f"No deal exists at these parameters. {zopa.get('explanation', '')}".strip()


def _offramp_line(data: dict, status_quo: dict) -> str | None:
    off = data.get("offramps")
    if not off or "exists" not in off:
        return None
    if not off["exists"] and off.get("face_costing_count"):
        return (f"No golden bridge for {off['for']}: {off['face_costing_count']} deal(s) let "
                f"it back down ({off['requires']}) and beat its batna, but only at a visible "
                "loss (negotiation offramps --face cost lists them).")
    if not off["exists"]:
        return (f"No off-ramp for {off['for']}: no deal lets it back down "
                f"({off['requires']}) and still beat its batna.")
    best = off["offramps"][0]
    face = ("without losing face" if not best.get("paid_audience_cost")
            else "but only by paying its audience cost")
    count = f"{off['count']} off-ramp(s)" if off.get("count") is not None else "off-ramps exist"
    return (f"{off['for']} can back down {face}: {count}. The best by "
            f"{off.get('rank_by', 'nash')}: {package_text(best['package'], status_quo)}.")


def _redline_lines(data: dict) -> list[str]:
    red = data.get("redlines")
    if not red or "jointly_feasible" not in red:
        return []
    lines = []
    binding = [r["id"] for r in red["red_lines"] if r["binding"]]
    postures = [r["id"] for r in red["red_lines"] if not r["credible"]]
    if red["jointly_feasible"]:
        lines.append("The red lines hold together" +
                     (f"; binding (they cost the best deal something): {', '.join(binding)}."
                      if binding else "; none of them costs the best deal anything."))
    else:
        options = " or ".join("{" + ", ".join(m) + "}" for m in red["minimal_relaxations"])
        lines.append("The red lines cannot all hold with every batna" +
                     (f"; the smallest sets that would have to give: {options}." if options
                      else "; relaxing them would not help."))
    if postures:
        lines.append(f"Not credible (some crossing deal the others would accept beats the "
                     f"owner's batna): {', '.join(postures)}.")
    check = red.get("consistency")
    unexplained = [c["id"] for c in (check or {}).get("lines", [])
                   if c["flagged"] and not c["explained"]]
    if unexplained:
        lines.append(f"The weights say these red lines are postures (their owners would cross "
                     f"them for some deal): {', '.join(unexplained)}; is that what you mean?")
    return lines


def _crisis_line(data: dict) -> str | None:
    crisis = data.get("crisis")
    if not crisis or "war_probability" not in crisis:
        return None
    if crisis["no_deal"] != "war" and not crisis["war_probability"]:
        return "No deal means the standoff, not war, and no offer risks a war."
    no_deal = "war" if crisis["no_deal"] == "war" else "the standoff"
    offer = ("its best offer risks" if crisis.get("offer") else
             "no offer can succeed, and the no-deal outcome follows with")
    return (f"No deal means {no_deal}; with {crisis['proposer']} proposing, {offer} a "
            f"probability of war of {crisis['war_probability']:.3f}.")


def _stability_line(data: dict) -> str | None:
    stab = data.get("stability")
    if not stab or "equilibria" not in stab:
        return None
    counts = ", ".join(f"{c} {len(v)}" for c, v in stab["equilibria"].items())
    return (f"Stable outcomes when each party moves on its own issues "
            f"({stab['states']} states): {counts}.")


def summary_section(scenario, sections: list[Section]) -> Section:
    data = {s.key: s.data for s in sections}
    lines = [_zopa_line(data), _offramp_line(data, scenario.status_quo), _crisis_line(data),
             *_redline_lines(data), _stability_line(data)]
    lines = [line for line in lines if line]
    return Section("summary", "Summary", ["\n".join(f"- {line}" for line in lines)],
                   {"findings": lines})
