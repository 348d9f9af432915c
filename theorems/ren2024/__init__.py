"""Ren, Li, Liu 2024 (arXiv:2410.03810): Mamba's COPY bottleneck and DP with CoT."""
