"""Immutable mappings: what a validated scenario holds its tables in."""
from __future__ import annotations

from collections.abc import Mapping


class FrozenDict(dict):
    """A dict that cannot be changed after construction (and pickles)."""

    def _readonly(self, *args, **kwargs):
        raise TypeError("scenario data is immutable; use Scenario.with_parameters")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _readonly
    __ior__ = _readonly

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self.items()))

    def __reduce__(self):
        return (FrozenDict, (dict(self),))


def freeze(mapping: Mapping | None) -> FrozenDict:
    return FrozenDict(mapping or {})
