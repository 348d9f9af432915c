"""Ren & Liu 2025 (arXiv:2504.18929): low entropy and dynamic sparsity in Transformers."""
