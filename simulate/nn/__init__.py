"""Hand-written numpy model kernels: attention (dense, linear, sparse), a small transformer, optimisers.

Every kernel has a loop reference and a vectorised implementation, and a hand-written backward
(vector–Jacobian product) checked by central differences in float64 (tests/test_nn_*.py).
Shapes: queries (..., n_q, d), keys (..., n_k, d), values (..., n_k, d_v); leading axes are batch/heads.
"""
