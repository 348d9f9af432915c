"""Wang 2024 (arXiv:2411.09111): the cost side of sparse attention for CoT (sliding windows)."""
