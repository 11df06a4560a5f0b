"""Why talks fail: crisis bargaining with war as the outside option.

Fearon's bargaining range, the risk-return trade-off of an offer under
private information, and audience costs over a public standoff. Definitions
and references: :mod:`.crisis` and ``docs/concepts/crisis-bargaining.md``.
"""
from __future__ import annotations

from negotiation.solvers.conflict.crisis import audience_standoff, bargaining_range, crisis_offer
from negotiation.solvers.conflict.results import AudienceStandoff, BargainingRange, CrisisOffer

__all__ = ["AudienceStandoff", "BargainingRange", "CrisisOffer", "audience_standoff",
           "bargaining_range", "crisis_offer"]
