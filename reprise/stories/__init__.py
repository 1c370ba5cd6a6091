"""Stories: articles grouped as they arrive, with stable ids (issue 5; Miranda et al. 2018).

* `sentences`  sentences with offsets, and which of them are new to a story
* `state`      one open story in memory: its centroid, entities, outlets, sentences seen
* `index`      candidate stories for an article: an inverted index over lemmas and names
* `cluster`    the online decision, join or new, in memory (used by `reprise run` and the evaluation)
* `assign`     the clusterer against the store: open stories loaded on start, rows written per batch
* `describe`   label, entities and 3-sentence summary of a story
* `read`       stories out of the store (CLI, export, web)
"""
