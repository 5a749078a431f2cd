"""stories: which articles are versions of one story."""
from __future__ import annotations

from copydesk.model import Article
from copydesk.stories import Stories

BODY = (
    "The ferry link to the northern islands was restored on Monday after a week of storms. "
    "The harbour master said the first crossing left at six in the morning with forty passengers. "
    "A councillor thanked the crews who had worked through the weekend to repair the pier. "
)


def test_a_re_edited_version_is_one_story_and_a_story_on_the_same_subject_is_not() -> None:
    articles = {
        "a.txt": Article("a.txt", "Ferry link restored\n\n" + BODY),
        "b.txt": Article("b.txt", "Ferry link restored\n\n" + BODY + "Fares will not rise this year, the operator said."),
        "c.txt": Article("c.txt", "Storms close harbour\n\nStorms closed the harbour on Tuesday and all crossings "
                         "to the northern islands were cancelled until the wind dropped, the operator said."),
    }
    stories = Stories(articles)
    assert stories.story("b.txt") == stories.story("a.txt")
    assert stories.story("c.txt") != stories.story("a.txt")
    assert stories.count(["a.txt", "b.txt", "c.txt"]) == 2
    assert stories.count(["elsewhere.txt"]) == 1  # an article it was not given is its own story
