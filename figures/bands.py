"""Seed bands for the trained-model figures: the mean over seeds as a line, min–max as a shaded band."""

from __future__ import annotations

import numpy as np


def seed_band(ax, x, runs, label: str, style: str) -> None:
    """``runs``: (seeds, len(x)) values; plots their mean against x and shades their min–max."""
    runs = np.asarray(runs)
    line, = ax.plot(x, runs.mean(axis=0), style, label=label)
    ax.fill_between(x, runs.min(axis=0), runs.max(axis=0), color=line.get_color(), alpha=0.2)
