"""Subcommands of the command line, one module each (discovered here).

A module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``. A module that also defines ``section(scenario, args)``
(returning a :class:`negotiation.report.Section` or None) and
``SECTION_ORDER`` contributes that section to ``negotiation run``.
"""
from __future__ import annotations

import pkgutil
from importlib import import_module


class UsageError(ValueError):
    """A command-line argument that cannot be used."""


def command_modules():
    """Every command module, in the order ``--help`` lists them."""
    mods = [import_module(f"{__name__}.{m.name}")
            for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
    mods = [m for m in mods if hasattr(m, "NAME")]
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 50), m.NAME))
