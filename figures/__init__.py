"""Paper figures: one module per figure with ``compute(params, seed) -> dict[str, np.ndarray]`` (pure) and
``plot(data) -> matplotlib.figure.Figure`` (reads only the data).  :mod:`seqtheory.figures.output` writes the image,
the data and a provenance JSON side by side; the ``seqtheory figures`` command (:mod:`seqtheory.cli`) runs them."""
