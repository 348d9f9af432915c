"""What a reader sees: the claims' metadata index behind ``seqtheory list``, the generated Markdown pages and README
tables, the coverage of each paper and the static HTML site of a run.  Reads the claim model and run records; runs
no claim."""
