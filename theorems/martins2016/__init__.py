"""Martins & Astudillo 2016 (arXiv:1602.02068): sparsemax as a projection, its Jacobian."""
