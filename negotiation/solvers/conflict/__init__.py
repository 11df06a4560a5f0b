"""Why talks fail: crisis bargaining with war as the outside option.

Fearon's bargaining range, the risk-return trade-off of an offer under
private information (in closed form, :mod:`.fearon`, and on a scenario with a
war block, :mod:`.offer`), audience costs over a public standoff, and
commitment problems when power shifts (:mod:`.commitment`). Definitions
and references: :mod:`.fearon` and ``docs/concepts/crisis-bargaining.md``.
"""
from __future__ import annotations

from negotiation.solvers.conflict.commitment import (
    commitment_by_backward_induction,
    commitment_problem,
    preventive_war,
)
from negotiation.solvers.conflict.commitment_results import (
    CommitmentCheck,
    CommitmentPath,
    CommitmentProblem,
)
from negotiation.solvers.conflict.fearon import audience_standoff, bargaining_range, crisis_offer
from negotiation.solvers.conflict.offer import crisis
from negotiation.solvers.conflict.results import (
    AudienceStandoff,
    BargainingRange,
    Crisis,
    CrisisOffer,
)

__all__ = ["AudienceStandoff", "BargainingRange", "CommitmentCheck", "CommitmentPath",
           "CommitmentProblem", "Crisis", "CrisisOffer", "audience_standoff", "bargaining_range",
           "commitment_by_backward_induction", "commitment_problem", "crisis", "crisis_offer",
           "preventive_war"]
