"""Issues and their options."""
from __future__ import annotations

from negotiation.scenario.model import Issue, Option
from negotiation.scenario.semantic.context import Context, unknown_option


def build_issues(ctx: Context) -> None:
    for iid, raw in (ctx.data.get("issues") or {}).items():
        path = ("issues", iid)
        options = _options(ctx, path + ("options",), raw.get("options"))
        if not options:
            continue
        ids = [o.id for o in options]
        status_quo = raw.get("status_quo", ids[0])
        if status_quo not in set(ids):
            ctx.add(path + ("status_quo",), unknown_option(status_quo, iid, ids))
            status_quo = ids[0]
        controller = _party(ctx, path, raw, "controlled_by")
        offerer = _party(ctx, path, raw, "offered_by")
        if controller is not None and offerer is not None:
            ctx.add(path + ("offered_by",), "give controlled_by or offered_by, not both (an "
                                            "offer is moved forward by agreement and revoked "
                                            "by its maker; a controlled issue moves freely)")
        ctx.issues[iid] = Issue(iid, tuple(options), status_quo, raw.get("name", ""),
                                raw.get("description", ""), controller,
                                bool(raw.get("one_way", False)), bool(raw.get("public", True)),
                                offerer)


def _party(ctx: Context, path, raw, key: str) -> str | None:
    """The party named at ``key``, or None if absent or unknown (reported)."""
    pid = raw.get(key)
    if pid is not None and not ctx.party_ref(path + (key,), pid):
        return None
    return pid


def _options(ctx: Context, path, raw) -> list[Option]:
    if isinstance(raw, dict):
        options = [Option(k, (v or {}).get("label", ""), (v or {}).get("description", ""))
                   for k, v in raw.items()]
    else:
        options = [Option(str(k)) for k in raw or []]
    seen = set()
    for k, option in enumerate(options):
        if option.id in seen:
            ctx.add(path + (k,), f"duplicate option {option.id!r}")
        seen.add(option.id)
    return options if len(seen) == len(options) else []
