"""Subcommands of the command line, one module each (discovered by cli.py).

A module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``. A module that also defines ``section(scenario, args)``
(returning a :class:`negotiation.report.Section` or None) and
``SECTION_ORDER`` contributes that section to ``negotiation run``.
"""
