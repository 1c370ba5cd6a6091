"""The online story clusterer (Miranda et al. 2018): one article at a time, join a story or start one.

For each article: the candidate stories are the open stories that share its most weighted lemmas
or its names (`StoryIndex`, at most `index.CANDIDATES`), and, when articles are embedded, the open
stories nearest to it by embedding that have no article in its language (`NearestStories`: a story
told in another language, which shares no word with it; not for a bare headline, whose language is a
guess from a few words), within `window` of its publication time
(no limit when either side is undated); each candidate gets a probability of being the article's
story from features of the article against the story's centroid (`decide`: lemma TF-IDF of head
and body, names, numbers, headline or full text, story size; time only through the window). The most probable
candidate wins if it reaches the model's threshold (lower for a bare headline), otherwise the article starts a new story.
Strong evidence comes first: an article linked to stories by a duplicate or a substantial reuse
link joins the story of its strongest link; another story it links to is merged with that one when
the model, shown the smaller story whole against the larger, would join them (the older id survives).

Everything is decided in a fixed order, ties broken by id, so the same input gives the same stories.
The model is fitted by eval/fit_story_decision.py (docs/evaluation.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import decide
from .index import StoryIndex, WindowIdf
from .model import MODEL
from .nearest import NearestStories
from .state import Item, Story, filed_terms, story_id

WINDOW = timedelta(days=3)


@dataclass
class Decision:
    story_id: str
    reason: str  # new, similar, duplicate, reuse
    score: float
    new_sentences: list[tuple[int, int]]
    merged: list[str] = field(default_factory=list)  # stories this article's links merged into story_id


class StoryClusterer:
    def __init__(self, model: decide.Model = MODEL, window: timedelta | None = WINDOW):
        self.model = model
        self.window = window
        self.stories: dict[str, Story] = {}
        self.of: dict[str, str] = {}  # article id -> id of its open story
        self.index = StoryIndex()
        self.nearest = NearestStories()  # by embedding, when articles have one
        self.idf = WindowIdf()
        self.created = 0
        self.activity = 0

    # -- deciding ---------------------------------------------------------------------------

    def add(self, it: Item, linked: list[tuple[str, str]] = ()) -> Decision:
        """Assign one article. `linked`: (story id, "duplicate" | "reuse") of the open stories its strong
        links lead to, strongest first."""
        self.activity += 1
        self.idf.add(it.profile)
        live = [(sid, reason) for sid, reason in linked if sid in self.stories]
        if live:
            strongest = self.stories[live[0][0]]
            group = [strongest] + [self.stories[sid] for sid, _ in live[1:] if self._alike(self.stories[sid], strongest)]
            target = min(group, key=lambda s: (s.created, s.id))
            reason = next(r for sid, r in live if sid == target.id)
            merged = sorted((s.id for s in group if s is not target), key=lambda sid: (self.stories[sid].created, sid))
            for sid in merged:
                self._merge(target, self.stories[sid])
            return self._join(target, it, reason, 1.0, merged)
        best, best_score = self.choose(it, self.candidates(it))
        if best is not None:
            return self._join(best, it, "similar", best_score, [])
        story = self.open(Story(story_id(it.id), self.created))
        return self._join(story, it, "new", 1.0, [])

    def candidates(self, it: Item) -> list[tuple[Story, dict[str, float]]]:
        """The candidate stories within the window, best indexed first, with the model's features of each."""
        article = decide.Article(it.profile, self.idf, it.headline)
        ids = self.index.candidates(it.profile, self.idf)
        if it.profile.embedding is not None and not it.headline:  # stories with no article in its language
            ids += [sid for sid in self.nearest.nearest(it.profile.embedding)
                    if sid not in ids and it.profile.lang not in self.stories[sid].langs]
        out = []
        for sid in ids:
            story = self.stories[sid]
            gap = _gap(it.published, story)
            if gap is None or self.window is None or gap <= self.window:
                out.append((story, decide.features(article, story, self.idf)))
        return out

    def choose(self, it: Item, scored: list[tuple[Story, dict[str, float]]]) -> tuple[Story | None, float]:
        """The most probable candidate if it reaches the model's bar (earlier candidate on ties), else None."""
        best, best_p, bar = None, -1.0, 1.0
        for story, feats in scored:
            p = self.model.probability(feats)
            if p > best_p:
                best, best_p, bar = story, p, self.model.bar(feats)
        return (best, best_p) if best_p >= bar else (None, best_p)

    def _alike(self, a: Story, b: Story) -> bool:
        """Whether two stories an article is linked to tell one story: the smaller, taken whole, would join
        the larger. (Wire formulas copied between unrelated reports would otherwise merge whole stories.)"""
        small, large = sorted((a, b), key=lambda s: (len(s.members), s.created, s.id))
        feats = decide.features(decide.Article(small.view(), self.idf), large, self.idf)
        return self.model.probability(feats) >= self.model.bar(feats)

    def _join(self, story: Story, it: Item, reason: str, score: float, merged: list[str]) -> Decision:
        new = story.add(it)
        story.activity = self.activity
        self.of[it.id] = story.id
        self.index.extend(story.id, filed_terms(it.profile.body, it.profile.names))
        self.nearest.set(story.id, story.embedding)
        return Decision(story.id, reason, round(score, 4), new, merged)

    def _merge(self, target: Story, other: Story) -> None:
        target.absorb(other)
        for m in other.members:
            self.of[m.id] = target.id
        self.index.drop(other.id)
        self.nearest.drop(other.id)
        del self.stories[other.id]
        self.index.file(target)
        self.nearest.set(target.id, target.embedding)

    # -- what is open -------------------------------------------------------------------------

    def open(self, story: Story, counted: bool = False) -> Story:
        """Make a story a candidate. `counted`: its articles are already in (a story loaded from the
        store), so their terms go into the document frequencies too."""
        self.stories[story.id] = story
        self.created = max(self.created, story.created + 1)
        self.activity = max(self.activity, story.activity)
        for m in story.members:
            self.of[m.id] = story.id
            if counted:
                self.idf.add(m.profile)
        self.index.file(story)
        self.nearest.set(story.id, story.embedding)
        return story

    def evict(self, watermark: datetime | None) -> list[str]:
        """Close the stories last seen more than `window` before `watermark` (undated ones stay open)."""
        if watermark is None or self.window is None:
            return []
        closed = sorted(sid for sid, s in self.stories.items()
                        if s.last_seen is not None and s.last_seen < watermark - self.window)
        for sid in closed:
            story = self.stories.pop(sid)
            self.index.drop(sid)
            self.nearest.drop(sid)
            for m in story.members:
                self.of.pop(m.id, None)
                self.idf.remove(m.profile)
        return closed


def _gap(when: datetime | None, story: Story) -> timedelta | None:
    """Time between an article and a story's span (zero inside it), None when either is undated."""
    if when is None or story.first_seen is None:
        return None
    if when < story.first_seen:
        return story.first_seen - when
    if when > story.last_seen:
        return when - story.last_seen
    return timedelta(0)
