"""The stages of the loader's semantic pass (:func:`negotiation.scenario.build.build_scenario`).

One module per part of the file: :mod:`.parties` (parameters and parties),
:mod:`.issues`, :mod:`.preferences`, :mod:`.constraints` (and the offramp),
with :mod:`.numbers` and :mod:`.rules` for the values they all hold, and
:mod:`.checks` for what only the whole scenario can show. Each stage adds
its problems to the shared :class:`~.context.Context`.
"""
