"""Huang, Wang, Lee 2025 (arXiv:2502.21212): CoT = multi-step GD, no CoT = one step; one module per result."""
