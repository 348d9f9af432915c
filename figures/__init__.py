"""Paper figures: one module per figure with ``compute(params, seed) -> dict[str, np.ndarray]`` (pure) and
``plot(data) -> matplotlib.figure.Figure`` (reads only the data).  :mod:`figures.output` writes the image,
the data and a provenance JSON side by side; :mod:`figures.cli` is the ``seqtheory`` command."""
