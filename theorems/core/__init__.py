"""The claim model: :class:`~seqtheory.theorems.core.claim.Claim`, its parameter
:class:`~seqtheory.theorems.core.domain.Domain`, the relations between a closed form and a numeric side, and the
bibliographic records (papers, results, sources).  Nothing here runs a batch of claims (that is
:mod:`seqtheory.theorems.run`) or writes a report (:mod:`seqtheory.report`)."""
