"""Yao, Ren, Liao, Liu 2025 (arXiv:2502.04667): explicit CoT training and two-hop generalisation."""
