"""Other formats, in and out: GENIUS / ANAC domains, GeniusWeb profiles, GMCR+ files.

An importer turns a foreign file into the plain data of the scenario format
and hands it, as commented YAML text, to :func:`negotiation.scenario.loads`,
so every problem is reported as for a YAML file and the YAML that
``negotiation import`` writes loads unchanged. :func:`negotiation.load`
reads these formats too (by content and extension, :mod:`.detect`).

Modules, one concept each:

* :mod:`.ids`: names such as ``19'' LCD`` turned into ids, the original kept
  as a label;
* :mod:`.xmlsafe`: XML without entities or external references, with lines;
* :mod:`.genius_xml`, :mod:`.genius_read`: a GENIUS domain and its profiles;
* :mod:`.geniusweb_read`: GeniusWeb JSON profiles;
* :mod:`.gmcr_states`, :mod:`.gmcr_read`: a GMCR+ ``.gmcr`` conflict;
* :mod:`.export`, :mod:`.genius_write`, :mod:`.gmcr_write`: the way back
  (``Scenario.to_genius``, ``Scenario.to_gmcr``), saying what cannot be
  expressed;
* :mod:`.common`, :mod:`.detect`: what the readers share; which reader a path
  needs.

The mappings and what each format cannot express: ``docs/how-to/import.md``.
"""
from negotiation.formats.common import Imported
from negotiation.formats.detect import detect_format, import_source
from negotiation.formats.export import Exported, NotExpressible
from negotiation.formats.genius_read import read_genius
from negotiation.formats.genius_write import write_genius
from negotiation.formats.geniusweb_read import read_geniusweb
from negotiation.formats.gmcr_read import read_gmcr
from negotiation.formats.gmcr_write import write_gmcr

__all__ = ["Exported", "Imported", "NotExpressible", "detect_format", "import_source",
           "read_genius", "read_geniusweb", "read_gmcr", "write_genius", "write_gmcr"]
