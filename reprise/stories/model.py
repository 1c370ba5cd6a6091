"""The fitted join-or-new model of the story clusterer (see reprise.stories.decide)."""

from .decide import Model

# Fitted by eval/fit_story_decision.py (logistic regression, L2 1e-4, numpy Newton steps) on simulated online runs
# following the gold: the first half in time of the UCI headline stream (gold `story`) and the 220 RPM2 articles
# (gold `topic`), and on the same-language SemEval-2022 pairs (same story: Overall <= 2), each of the three weighing
# the same. Thresholds chosen on the same fitting data (docs/evaluation.md, Stories).
MODEL = Model(weights={"body": 3.7133, "head": 2.806, "head_body": 4.4868, "names": 0.6914, "name_share": 1.7779,
                       "number_share": 0.4145, "gap_days": -12.3545, "undated": -0.5916, "headline": 0.5916,
                       "headline_body": 0.6332, "headline_head": 0.6332, "headline_names": -0.7589,
                       "headline_name_share": -0.1439, "story_size": -0.2581, "background": -2.109},
              intercept=-3.6608, threshold=0.2, headline_threshold=0.1)
