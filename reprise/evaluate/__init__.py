"""Evaluation against gold data: one module per stage, each with its `reprise evaluate` verb."""
