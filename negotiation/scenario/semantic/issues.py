"""Issues and their options; the status quo, or its declared absence.

An **ordered numeric issue** (``ordered: true``) is one whose options stand
for numbers: every option carries a ``value`` and the values increase
strictly in the written order (an integer range of a GENIUS domain, a
discretised price). The order is what ``one_way`` already reads; the values
are what reports print.

A scenario that declares ``status_quo: none`` has no status quo: no issue may
name one, and what is defined against it (who controls an issue and the moves
of the graph model, an offer its maker can revoke, audience costs) cannot be
declared (:func:`status_quo_conflicts`). Every issue's first option then
fills the place as a placeholder that no analysis reads as the status quo.
"""
from __future__ import annotations

from negotiation.scenario.model import Issue, Option
from negotiation.scenario.semantic.context import Context, unknown_option

NO_STATUS_QUO = "none"  # the value of the top-level status_quo key that declares none
# keys that only make sense against a status quo, and why
NEEDS_STATUS_QUO = {
    "controlled_by": "the moves of the graph model start from the status quo",
    "offered_by": "an offer is revoked back to the status quo",
}


def declares_no_status_quo(data: dict) -> bool:
    """Whether the file says ``status_quo: none`` at its top level."""
    return data.get("status_quo") == NO_STATUS_QUO


def build_issues(ctx: Context) -> None:
    none = declares_no_status_quo(ctx.data)
    for iid, raw in (ctx.data.get("issues") or {}).items():
        path = ("issues", iid)
        options = _options(ctx, path + ("options",), raw.get("options"))
        if not options:
            continue
        ids = [o.id for o in options]
        if none:
            status_quo = _placeholder(ctx, path, raw, ids)
        else:
            status_quo = raw.get("status_quo", ids[0])
            if status_quo not in set(ids):
                ctx.add(path + ("status_quo",), unknown_option(status_quo, iid, ids))
                status_quo = ids[0]
        ordered = bool(raw.get("ordered", False))
        if ordered:
            _check_ordered(ctx, path + ("options",), options)
        controller = _party(ctx, path, raw, "controlled_by")
        offerer = _party(ctx, path, raw, "offered_by")
        if controller is not None and offerer is not None:
            ctx.add(path + ("offered_by",), "give controlled_by or offered_by, not both (an "
                                            "offer is moved forward by agreement and revoked "
                                            "by its maker; a controlled issue moves freely)")
        ctx.issues[iid] = Issue(iid, tuple(options), status_quo, raw.get("name", ""),
                                raw.get("description", ""), controller,
                                bool(raw.get("one_way", False)), bool(raw.get("public", True)),
                                offerer, ordered)


def _placeholder(ctx: Context, path, raw, ids) -> str:
    """The first option, standing in where the scenario declares no status quo;
    an issue that names one, or a key that needs one, is a problem."""
    if "status_quo" in raw:
        ctx.add(path + ("status_quo",), "the scenario declares status_quo: none, so no "
                                        "issue has a status quo (remove this key, or the "
                                        "top-level status_quo: none)")
    for key, why in NEEDS_STATUS_QUO.items():
        if raw.get(key) is not None:
            ctx.add(path + (key,), f"{key} needs a status quo ({why}), and the scenario "
                                   "declares status_quo: none")
    return ids[0]


def status_quo_conflicts(ctx: Context) -> None:
    """With ``status_quo: none``: the party and war keys defined against a
    status quo are problems (issue keys are checked with the issues)."""
    if not declares_no_status_quo(ctx.data):
        return
    for pid, raw in (ctx.data.get("parties") or {}).items():
        if isinstance(raw, dict) and raw.get("audience_cost") not in (None, 0):
            ctx.add(("parties", pid, "audience_cost"),
                    "an audience cost is paid for a visible loss against the status quo, "
                    "and the scenario declares status_quo: none")
    if ctx.data.get("war") is not None:
        ctx.add(("war",), "a war is fought from the standoff at the status quo (issues an "
                          "outcome leaves out keep it), and the scenario declares "
                          "status_quo: none")


def _check_ordered(ctx: Context, path, options: list[Option]) -> None:
    """Every option of an ordered issue has a value, increasing strictly."""
    missing = [o.id for o in options if o.value is None]
    if missing:
        ctx.add(path, f"an ordered issue needs a value for every option; missing for "
                      f"{', '.join(missing)} (write {missing[0]}: {{value: NUMBER}})")
        return
    for before, after in zip(options, options[1:]):
        assert before.value is not None and after.value is not None
        if after.value <= before.value:
            ctx.add(path + (after.id,), f"value {after.value:g} of {after.id!r} does not "
                                        f"exceed {before.value:g} of {before.id!r} (an "
                                        "ordered issue's values increase in the order "
                                        "written)")


def _party(ctx: Context, path, raw, key: str) -> str | None:
    """The party named at ``key``, or None if absent or unknown (reported)."""
    pid = raw.get(key)
    if pid is not None and not ctx.party_ref(path + (key,), pid):
        return None
    return pid


def _options(ctx: Context, path, raw) -> list[Option]:
    if isinstance(raw, dict):
        options = [Option(k, (v or {}).get("label", ""), (v or {}).get("description", ""),
                          _value((v or {}).get("value")))
                   for k, v in raw.items()]
    else:
        options = [Option(str(k)) for k in raw or []]
    seen = set()
    for k, option in enumerate(options):
        if option.id in seen:
            ctx.add(path + (k,), f"duplicate option {option.id!r}")
        seen.add(option.id)
    return options if len(seen) == len(options) else []


def _value(raw) -> float | None:
    """An option's value (the schema has checked it is a number)."""
    return float(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None
