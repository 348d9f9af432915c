"""The DP-with-CoT machinery behind ren2024/dp: the ring-buffer scan against the list solver, and the LIS profile
as exactly the information the rest of the chain of thought needs (sufficient and necessary)."""

from itertools import product

import numpy as np
import pytest

from seqtheory.simulate import dp


def _continuation_outputs(prefix, suffix):
    """The CoT outputs on ``suffix`` after ``prefix`` (the dp values the model emits after the prefix)."""
    return dp.lis_direct(list(prefix) + list(suffix))[len(prefix):]


@pytest.mark.parametrize("T,q", [(3, 3), (4, 2), (2, 4)])
def test_profile_is_exactly_what_the_rest_needs(T, q):
    prefixes = list(product(range(q), repeat=T))
    profiles = {p: dp.lis_profile(p, q) for p in prefixes}
    suffixes = [s for L in (1, 2) for s in product(range(q), repeat=L)]
    rng = np.random.default_rng(0)
    for _ in range(300):
        a, b = (prefixes[i] for i in rng.integers(0, len(prefixes), 2))
        same = [_continuation_outputs(a, s) == _continuation_outputs(b, s) for s in suffixes]
        if profiles[a] == profiles[b]:
            assert all(same), (a, b)  # sufficient: equal profiles, equal futures
        else:
            assert not all(same[:q]), (a, b)  # necessary: a one-token continuation tells them apart
    assert len(set(profiles.values())) == dp.lis_state_classes(T, q)


def test_ring_buffer_scan_matches_list_solver_and_counts():
    rng = np.random.default_rng(3)
    for T, m in [(1, 1), (5, 1), (7, 7), (40, 3), (100, 12)]:
        a = rng.standard_normal(T)
        cot, reads = dp.local_cot_mamba(a, m)
        mem = dp.Window(m)
        assert cot == dp.local_cot(a, m, mem) == dp.local_direct(a, m)
        assert reads == mem.reads == sum(min(i, m) for i in range(T))


def test_ring_buffer_rejects_bad_input():
    with pytest.raises(ValueError, match="m"):
        dp.local_cot_mamba([1.0, 2.0], 0)
    with pytest.raises(TypeError, match="m"):
        dp.local_cot_mamba([1.0, 2.0], True)
    with pytest.raises(ValueError, match="a"):
        dp.local_cot_mamba([[1.0]], 2)
