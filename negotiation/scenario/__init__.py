"""The user's model: the scenario format, its loader and its schema."""
from negotiation.scenario.load import Problem, ScenarioError, bundled_names, load, loads
from negotiation.scenario.model import (
    Additive,
    Constraint,
    Issue,
    OfframpSpec,
    Option,
    Parameter,
    Party,
    Priorities,
    Quantity,
    Ranking,
    Scenario,
)
from negotiation.scenario.schema import scenario_schema

__all__ = ["Additive", "Constraint", "Issue", "OfframpSpec", "Option", "Parameter", "Party",
           "Priorities", "Problem", "Quantity", "Ranking", "Scenario", "ScenarioError",
           "bundled_names", "load", "loads", "scenario_schema"]
