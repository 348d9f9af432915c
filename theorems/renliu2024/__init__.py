"""Ren & Liu 2024 (arXiv:2310.13220): softmax attention as one GD step of a dual model."""
