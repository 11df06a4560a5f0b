"""Relaxing red lines: which constraint ids ``drop=`` and ``--drop`` may name.

Red lines and conditions bind agreements and may be given up (relaxed);
feasibility rules say what cannot happen at all and never are
(``docs/architecture.md``, "Relaxing red lines").
"""
from __future__ import annotations


def check_drop(constraints, drop, flag: str = "drop") -> tuple[str, ...]:
    """``drop`` (an id or ids) as a tuple of relaxable constraint ids, or a
    ValueError naming the relaxable ones (with a did-you-mean).

    Red lines and conditions can be dropped (relaxed); feasibility rules
    cannot. The one check behind ``drop=`` and ``--drop`` (``flag``)."""
    from negotiation.scenario.structure import did_you_mean

    drop = (drop,) if isinstance(drop, str) else tuple(drop)
    relaxable = [c.id for c in constraints if c.relaxable]
    for cid in drop:
        if cid not in relaxable:
            raise ValueError(f"{flag} {cid}: not a red line or condition of this scenario "
                             f"(relaxable: {', '.join(relaxable) or 'none'})"
                             + did_you_mean(cid, relaxable))
    return drop
