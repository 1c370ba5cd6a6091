"""The fitted join-or-new model of the story clusterer (see reprise.stories.decide)."""

from .decide import Model

# Fitted by eval/fit_story_decision.py (logistic regression, L2 1e-4, numpy Newton steps) on simulated online runs
# following the gold: the first half in time of the UCI headline stream (gold `story`) and the 220 RPM2 articles
# (gold `topic`), and on the same-language SemEval-2022 pairs (same story: Overall <= 2), each of the three weighing
# the same. Thresholds chosen on the same fitting data (docs/evaluation.md, Stories).
MODEL = Model(weights={"body": 3.8173, "head": 2.8134, "head_body": 4.4589, "names": 0.7288, "name_share": 1.5609,
                       "number_share": 0.4301, "gap_days": -12.2894, "undated": -0.5715, "headline": 0.5715,
                       "headline_body": 0.5519, "headline_head": 0.5519, "story_size": -0.2511, "background": -2.0817},
              intercept=-3.7068, threshold=0.2, headline_threshold=0.1)
