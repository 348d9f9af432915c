"""The figure modules ``seqtheory figures`` knows, imported on first use."""

from __future__ import annotations

import importlib
from types import ModuleType

FIGURE_MODULES: dict[str, str] = {
    "one_step_loss": "seqtheory.figures.one_step_loss",
    "wishart_moments": "seqtheory.figures.wishart_moments",
    "cot_loss": "seqtheory.figures.cot_loss",
    "cot_dynamics": "seqtheory.figures.cot_dynamics",
    "cot_ood": "seqtheory.figures.cot_ood",
    "attention_kernels": "seqtheory.figures.attention_kernels",
    "mamba_copy": "seqtheory.figures.mamba_copy",
    "copy_training": "seqtheory.figures.copy_training",
    "two_hop": "seqtheory.figures.two_hop",
    "entropy_width": "seqtheory.figures.entropy_width",
}


def load(name: str) -> ModuleType:
    if name not in FIGURE_MODULES:
        raise ValueError(f"unknown figure {name!r}; known figures: {', '.join(FIGURE_MODULES)}")
    return importlib.import_module(FIGURE_MODULES[name])


def names() -> list[str]:
    return list(FIGURE_MODULES)
