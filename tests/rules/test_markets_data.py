"""The shipped capital-market assumptions: sourced, a valid covariance matrix."""

from __future__ import annotations

import numpy as np

from trimtab.rules.markets import load_markets


def test_sources_and_a_positive_semidefinite_covariance() -> None:
    m = load_markets()
    assert "Capital Market Assumptions" in m.source
    cov = np.array([[float(x) for x in row] for row in m.covariance])
    assert np.allclose(cov, cov.T)
    assert np.linalg.eigvalsh(cov).min() > -1e-12
    vol = np.sqrt(np.diag(cov))
    assert ((vol > 0) & (vol < 0.5)).all()
    assert (np.abs(cov / np.outer(vol, vol)) <= 1 + 1e-12).all()
    assert m.risk_aversion > 0
