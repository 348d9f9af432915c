"""Gu & Dao 2023 (arXiv:2312.00752): the selective scan (Mamba-1, S6) in its equivalent forms."""
