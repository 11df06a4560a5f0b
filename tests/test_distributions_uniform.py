"""The uniform distribution's CDF, closed-form, against scipy.stats."""
from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from negotiation.scenario.distributions import cdf, inverse_cdf

finite = st.floats(-10, 10, allow_nan=False)


@given(finite, st.floats(1e-6, 5), st.lists(st.floats(-20, 20, allow_nan=False), min_size=1,
                                           max_size=20))
def test_the_uniform_cdf_is_scipys(low, width, ts):
    high = low + width
    ours = cdf({"uniform": [low, high]}, ts)
    theirs = stats.uniform.cdf(ts, low, high - low)
    assert np.allclose(ours, theirs, rtol=0, atol=1e-12)


@given(finite, st.floats(1e-3, 5), st.floats(0.001, 0.999))
def test_the_uniform_cdf_inverts_its_draws(low, width, u):
    x = inverse_cdf("uniform", [low, low + width], np.array([u]))
    assert np.allclose(cdf({"uniform": [low, low + width]}, x), u, atol=1e-9)


def test_a_point_mass_uniform_is_a_step():
    assert cdf({"uniform": [0.3, 0.3]}, [0.29, 0.3, 0.31]).tolist() == [0.0, 1.0, 1.0]
