"""Parameter sweeps, Monte Carlo, Sobol and Morris sensitivity; local or Dask.

The public face of :mod:`negotiation.sweeps`:

* :func:`sweep` evaluates measures over a design of variants (grid, random,
  sobol, morris) and returns a DataFrame, a row per variant;
* :func:`sensitivity` gives Sobol or Morris indices (SALib) of one measure;
* :func:`tornado` moves one input at a time over its declared range;
* :func:`measure` registers a new named measure: one small function of a
  scenario; :func:`utility_at`, :func:`package_at` and
  :func:`equilibria_count` build parameterised ones;
* :func:`local_cluster` starts the Dask LocalCluster a sweep would start, to
  keep it for several sweeps.

Variants are never re-read from YAML: parameters are set on the immutable
scenario (:meth:`Scenario.with_parameters`, :func:`with_field` for any other
number), and the ZOPA-based measures are computed for blocks of variants at
once from the acceptable packages, enumerated once per sweep.
"""
from negotiation.scenario.override import with_field, with_values
from negotiation.sweeps.core import sweep
from negotiation.sweeps.measures import (
    Measure,
    equilibria_count,
    family,
    measure,
    package_at,
    resolve,
    utility_at,
)
from negotiation.sweeps.runner import local_cluster
from negotiation.sweeps.sensitivity import indices, sensitivity, tornado

__all__ = ["Measure", "equilibria_count", "family", "indices", "local_cluster", "measure",
           "package_at", "resolve", "sensitivity", "sweep", "tornado", "utility_at",
           "with_field", "with_values"]
