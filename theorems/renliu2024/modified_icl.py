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

Direction: from the calibration replicas (root seed 1000, 10 replicas; never a check seed) augmentation lowers the
error by 0.073 (0.059–0.088 per replica, in either of the base layer's two basins); the claim states that
direction and the check replicas decide it.  Regime gate: the base layer learns in context (mean error ≤ 0.6 × that
of predicting 0).

**Negative samples: a first design withdrawn, a second decided on fresh replicas.**  A claim was first built the
same way on these replicas (gain > half the calibrated gain, 0.101 / 2) and recorded, and its verdict depended on
the seed: the gain was +0.085 [0.056, 0.114], +0.068 [0.038, 0.098] and +0.066 [0.035, 0.098] at check seeds 0, 1, 2
(20 replicas each) — positive at every seed, but above the threshold 0.0505 significantly only at seed 0.  The gain
is bimodal (the base layer lands in a poorer basin, error 0.53–0.61, in 6 of 10 calibration replicas and 8–11 of 20
at the check seeds; the negative-sample layer avoids it, 0.38–0.47 throughout), so ten calibration replicas
overestimated it and the test had about even power at the effect the check seeds show.  Lowering the threshold or
adding replicas after seeing that would have moved the verdict towards a pass, so that claim was withdrawn and the
question moved to replicas nobody had seen: ``renliu2024/modified-icl/negative-samples`` runs on stream 1 of every
seed (:data:`~seqtheory.theorems.experiments.RENLIU_NEGATIVE`, where the design and how the calibration chose it
are written down): 40 calibration replicas; the claim is the direction the paper proposes (a gain > 0, the "no
gain" control rejected by three test tolerances), with 196 replicas per check — the count at which that holds with
probability 0.99 even if the true gain is only the calibration mean's lower 95 % bound.
"""

from __future__ import annotations

from seqtheory.simulate import contrastive_icl
from seqtheory.theorems.core.experiment import claimed_effect
from seqtheory.theorems.experiments import RENLIU_MODIFIED, RENLIU_NEGATIVE, base_layer_learns_in_context
from seqtheory.theorems.papers import RENLIU2024

SOURCE = ("the abstract: 'drawing inspiration from existing representation learning methods especially contrastive "
          "learning, we propose potential modifications for the attention layer'; the modifications' form, the "
          "task and the training are the toolkit's reconstruction (§5's and §6's text were not reached)")
METHOD = (f"{RENLIU_MODIFIED.replicas} replicas × (base, negative samples, augmented) trainings from one "
          f"initialisation, squared error on {contrastive_icl.EVAL_PROMPTS} shared fresh prompts")


def augmented_gain(run: dict) -> float:
    """Base error − augmented error of one replica (paired)."""
    return run["base_error"] - run["augmented_error"]


def negative_gain(run: dict) -> float:
    """Base error − negative-samples error of one replica (paired)."""
    return run["base_error"] - run["negative_error"]


def _pair_detail(runs) -> str:
    base, negative = runs.column("base_error"), runs.column("negative_error")  # (replicas,) each
    poor = base > POOR_BASIN  # (replicas,)
    gain = base - negative  # (replicas,)
    return (f"squared error over {len(base)} replicas: base {base.min():.3f}–{base.max():.3f} (the poorer basin, "
            f"above {POOR_BASIN:g}, in {int(poor.sum())}), negative samples {negative.min():.3f}–"
            f"{negative.max():.3f}; mean gain {gain[poor].mean() if poor.any() else float('nan'):+.3f} where the base "
            f"layer is in the poorer basin, {gain[~poor].mean() if (~poor).any() else float('nan'):+.3f} elsewhere "
            f"(predicting 0: {runs.column('trivial').mean():.3f})")


def _detail(runs) -> str:
    return ("per replica squared error base / negative samples / augmented: " + "; ".join(
        f"{r['base_error']:.3f}/{r['negative_error']:.3f}/{r['augmented_error']:.3f}" for r in runs.runs)
        + f" (predicting 0: {runs.column('trivial').mean():.3f})")


#: A base error above this is the poorer of the base layer's two basins (0.53–0.61 against 0.38–0.47 on the first
#: design's replicas; reported in the detail, used by no verdict).
POOR_BASIN = 0.5

CLAIMS = (
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
    claimed_effect(
        RENLIU_NEGATIVE, negative_gain, base_layer_learns_in_context, _pair_detail,
        id="renliu2024/modified-icl/negative-samples", stance="supports", paper=RENLIU2024,
        where="§5 (modifications inspired by contrastive learning: negative samples), trained", source=SOURCE,
        statement=f"Trained the same way ({contrastive_icl.STEPS} Adam steps, same initialisation and data), the "
                  f"layer whose dual loss also pushes the query away from negative samples (β = "
                  f"{contrastive_icl.BETA:g}) predicts the query with a lower squared error than the unmodified "
                  "layer: the mean paired gain is positive (one-sided t-test, α = 0.05; the paper proposes the "
                  "modification as an improvement and reports no size reachable here), on replicas no earlier "
                  "design had seen.",
        theory=lambda: 0.0,
        negative_control_text="no gain: negative samples leave the in-context error unchanged (0)",
        method=f"{RENLIU_NEGATIVE.replicas} replicas × (base, negative samples) trainings from one initialisation, "
               f"squared error on {contrastive_icl.EVAL_PROMPTS} shared fresh prompts; stream 1 of every seed",
    ),
)
