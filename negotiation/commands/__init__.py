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


def command_names() -> list[str]:
    """The command names (a command's module is named after it), without
    importing any command."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def command_modules(names=None):
    """The command modules (every one, or those ``names``), in the order
    ``--help`` lists them."""
    mods = [import_module(f"{__name__}.{name}") for name in (names or command_names())]
    mods = [m for m in mods if hasattr(m, "NAME")]
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 50), m.NAME))
