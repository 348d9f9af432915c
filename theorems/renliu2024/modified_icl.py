"""Ren & Liu 2024 (arXiv:2310.13220), §5: do the attention modifications inspired by contrastive learning improve
in-context learning?  Observations on trained layers (:mod:`seqtheory.simulate.contrastive_icl`; the exact
identities "modified layer = one GD step of the modified dual loss" are ``renliu2024/modified/*``; derivation and
numbers: ``docs/attention_sparsemax_dual.md``, § "Modified attention, trained").

The abstract calls the modifications "potential" improvements; the text's experiments (§6) were not reached, so
the task (in-context linear regression, d = 4, N = 16), the model (one masked softmax attention layer read at the
query) and the settings are this toolkit's reconstruction.  Each replica trains the base layer, the layer with
negative samples (β = 1) and the layer with augmented views x + tanh(xU) from one initialisation on one prompt
stream, and scores them on shared fresh prompts: the effects are paired.

The regularised modification is not trained: by ``renliu2024/modified/regularised`` it scales the attention update
by c_k(ηλ) > 0, which a trained W_V absorbs — it changes no error the layer can reach.

Directions: from the calibration replicas (root seed 1000, 10 replicas; never a check seed), both modifications
lower the error — negative samples by 0.101 on average (0.006–0.155: the base layer lands in a poorer basin, error
0.55–0.58, in 6 of 10, which the negative-sample layer avoids: 0.40–0.44 in all 10), augmentation by 0.073
(0.059–0.088, in either basin).  The claims state those directions; the check replicas decide them.
Regime gate: the base layer learns in context (mean error ≤ 0.6 × that of predicting 0).
"""

from __future__ import annotations

from seqtheory.simulate import contrastive_icl
from seqtheory.theorems.core.experiment import claimed_effect
from seqtheory.theorems.experiments import RENLIU_MODIFIED, base_layer_learns_in_context
from seqtheory.theorems.papers import RENLIU2024

SOURCE = ("the abstract: 'drawing inspiration from existing representation learning methods especially contrastive "
          "learning, we propose potential modifications for the attention layer'; the modifications' form, the "
          "task and the training are the toolkit's reconstruction (§5's and §6's text were not reached)")
METHOD = (f"{RENLIU_MODIFIED.replicas} replicas × (base, negative samples, augmented) trainings from one "
          f"initialisation, squared error on {contrastive_icl.EVAL_PROMPTS} shared fresh prompts")


def negative_gain(run: dict) -> float:
    """Base error − negative-sample error of one replica (paired: same initialisation, prompts, evaluation)."""
    return run["base_error"] - run["negative_error"]


def augmented_gain(run: dict) -> float:
    """Base error − augmented error of one replica (paired)."""
    return run["base_error"] - run["augmented_error"]


def _detail(runs) -> str:
    return ("per replica squared error base / negative samples / augmented: " + "; ".join(
        f"{r['base_error']:.3f}/{r['negative_error']:.3f}/{r['augmented_error']:.3f}" for r in runs.runs)
        + f" (predicting 0: {runs.column('trivial').mean():.3f})")


CLAIMS = (
    claimed_effect(
        RENLIU_MODIFIED, negative_gain, base_layer_learns_in_context, _detail,
        id="renliu2024/modified-icl/negative-samples", stance="supports", paper=RENLIU2024,
        where="§5 (modifications inspired by contrastive learning: negative samples), trained", source=SOURCE,
        statement=f"Trained on in-context linear regression with the same initialisation, data and budget "
                  f"({contrastive_icl.STEPS} Adam steps), the attention layer with negative pairs (k_i, v_{{i+1}}) at "
                  f"β = {contrastive_icl.BETA:g} predicts the query with a lower squared error than the unmodified "
                  "layer: the mean paired gain exceeds half the calibrated gain (one-sided t-test, α = 0.05).",
        negative_control_text="no gain: negative samples leave the in-context error unchanged (0)",
        method=METHOD,
    ),
    claimed_effect(
        RENLIU_MODIFIED, augmented_gain, base_layer_learns_in_context, _detail,
        id="renliu2024/modified-icl/augmented", stance="supports", paper=RENLIU2024,
        where="§5 (modifications inspired by contrastive learning: data augmentation), trained", source=SOURCE,
        statement=f"Trained the same way ({contrastive_icl.STEPS} Adam steps, same initialisation and data), the "
                  "layer whose keys and values are taken from augmented views g(x) = x + tanh(xU) (U trained, "
                  "starting at 0) predicts the query with a lower squared error than the unmodified layer: the mean "
                  "paired gain exceeds half the calibrated gain (one-sided t-test, α = 0.05).",
        negative_control_text="no gain: augmented views leave the in-context error unchanged (0)",
        method=METHOD,
    ),
)
