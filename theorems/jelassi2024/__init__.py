"""Jelassi et al. 2024 (arXiv:2402.01032): the counting bound on copying through a fixed-size state."""
