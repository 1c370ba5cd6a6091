"""The fitted join-or-new model of the story clusterer (see reprise.stories.decide)."""

from .decide import Model

# Fitted by eval/fit_story_decision.py (logistic regression, L2 1e-4, numpy Newton steps) on simulated online runs
# following the gold: the first half in time of the UCI headline stream (gold `story`) and the 220 RPM2 articles
# (gold `topic`), and on the same-language SemEval-2022 pairs (same story: Overall <= 2), each of the three weighing
# the same. Thresholds chosen on the same fitting data (docs/evaluation.md, Stories). No time feature: see decide.py.
MODEL = Model(weights={"body": 3.8004, "head": 2.8981, "head_body": 4.7379, "names": 0.9559, "name_share": 1.4062,
                       "number_share": 0.4096, "headline": -0.6607, "headline_body": 1.4359, "headline_head": 1.4359,
                       "headline_names": 0.1095, "headline_name_share": 0.0225, "story_size": -0.1536,
                       "background": -2.3997},
              intercept=-4.4428, threshold=0.25, headline_threshold=0.04)

# The same fit with every article embedded (`--embeddings`, multilingual-e5-small; reprise.embeddings) and the closeness
# of its embedding to the story's (and again for bare headlines) as features: eval/fit_story_decision.py --embeddings.
MODEL_EMBEDDING = Model(weights={"body": 1.2209, "head": 0.5374, "head_body": 0.6921, "names": 0.8085, "name_share": 0.8885,
                                 "number_share": 0.1836, "headline": -1.3886, "headline_body": 1.3161,
                                 "headline_head": 1.3161, "headline_names": -0.9594, "headline_name_share": 0.0086,
                                 "story_size": -0.8045, "background": -4.0211, "embedding": 8.3596,
                                 "headline_embedding": 3.4008},
                        intercept=-2.3213, threshold=0.12, headline_threshold=0.05)
