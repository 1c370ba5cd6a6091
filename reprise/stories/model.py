"""The fitted join-or-new model of the story clusterer (see reprise.stories.decide)."""

from .decide import Model

# Fitted by eval/fit_story_decision.py (logistic regression, L2 1e-4, numpy Newton steps) on simulated online runs
# following the gold: the first half in time of the UCI headline stream (gold `story`) and the 220 RPM2 articles
# (gold `topic`), each weighing the same. Thresholds chosen on the same fitting data (docs/evaluation.md, Stories).
MODEL = Model(weights={"body": 5.98, "head": 8.32, "head_body": 6.12, "names": 3.72, "name_share": -0.04,
                       "number_share": 0.28, "gap_days": -14.89, "undated": -2.18, "short": 2.18, "short_body": -3.13,
                       "short_head": -3.13, "story_size": -0.09},
              intercept=-6.98, threshold=0.2, short_threshold=0.1)
