"""The shipped IPTC topic model on clear stories written for these tests."""

from __future__ import annotations

import pytest

from tests.samples import WIRE_TEXT
from worker.steps.classify import LinearTopics, TopicConfig
from worker.steps.classify.topics import read_card

TOPICS = LinearTopics(TopicConfig())

STORIES = {
    "medtop:15000000": "Late winner sends Rovers top of the league\nA stoppage-time header from "
    "the substitute striker gave Rovers a 2-1 win over City on Saturday, lifting them to the top "
    "of the table with four matches left. The goalkeeper had saved a penalty before half-time, "
    "and the coach praised his players' fitness in the final minutes of the match.",
    "medtop:16000000": "Shelling kills six as ceasefire collapses\nArtillery fire hit two "
    "villages near the front line overnight, killing six civilians, officials said, a day after "
    "a ceasefire brokered by neighbouring states broke down. The army said it had repelled an "
    "attack by rebel fighters and troops were reinforcing positions along the border.",
    "medtop:03000000": "Earthquake leaves hundreds homeless\nA magnitude 6.4 earthquake struck "
    "the mountain province before dawn, collapsing houses and a school and leaving hundreds of "
    "families homeless. Rescue teams searched the rubble for survivors as aftershocks shook the "
    "region, and the emergency service said the death toll was expected to rise.",
    "medtop:11000000": "Opposition wins snap election\nThe opposition alliance won a majority in "
    "parliament in Sunday's snap election, ending the prime minister's nine years in power. Voter "
    "turnout was 71 percent. The alliance leader promised to form a coalition government within "
    "a week and to put the constitutional reform to a referendum.",
    "medtop:04000000": "Central bank raises interest rates to fight inflation\nThe central bank "
    "raised its benchmark interest rate by half a percentage point on Thursday, its third increase "
    "this year, as inflation reached 7 percent. Shares fell on the stock exchange and the currency "
    "strengthened against the dollar, while economists warned of slower growth.",
}


@pytest.mark.parametrize(("code", "story"), STORIES.items())
def test_a_clear_story_gets_its_desk_as_primary_topic(code: str, story: str) -> None:
    topics = TOPICS.topics(story)
    assert topics, "the model abstained"
    assert topics[0].code == code
    assert topics[0].label == read_card(TopicConfig().model_dir).labels[code]


def test_topics_are_sorted_by_score_and_within_the_configured_limits() -> None:
    config = TopicConfig(max_topics=2, also_score=0.0, min_score=0.0)
    topics = LinearTopics(config).topics(STORIES["medtop:16000000"])
    assert len(topics) == 2
    assert topics[0].score >= topics[1].score


def test_a_full_ranking_gives_the_same_topics_as_the_configured_one() -> None:
    config = TopicConfig(max_topics=2, also_score=0.0, min_score=0.0)
    classifier = LinearTopics(config)
    story = STORIES["medtop:04000000"]
    ranked = classifier.ranked(story, 17)
    assert len(ranked) == 17
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    assert classifier.chosen(ranked) == classifier.topics(story)
    assert len(classifier.chosen(ranked)) == 2
    for config in (TopicConfig(), TopicConfig(min_score=1.0)):  # the default and an unsure one
        classifier = LinearTopics(config)
        for story in STORIES.values():
            assert classifier.chosen(classifier.ranked(story, 17)) == classifier.topics(story)
    assert LinearTopics(TopicConfig(min_score=1.0)).topics(story) == []


def test_the_shipped_model_can_predict_all_seventeen_top_level_topics() -> None:
    labels = set(TOPICS.model.labels())
    assert labels == {f"medtop:{n:02d}000000" for n in range(1, 18)}


def test_an_unsure_model_gives_no_topics() -> None:
    strict = LinearTopics(TopicConfig(min_score=1.0))
    assert strict.topics(WIRE_TEXT) == []


def test_a_french_story_gets_its_desk_too() -> None:
    story = (
        "Le XV de France bat l'Irlande et prend la tête du Tournoi\nLes Bleus se sont imposés "
        "27 à 19 samedi au Stade de France, grâce à deux essais en seconde période. Le sélectionneur "
        "a salué la défense de son équipe, tandis que l'ouvreur a réussi cinq pénalités. Le match "
        "suivant aura lieu à Cardiff contre le pays de Galles."
    )
    topics = TOPICS.topics(story)
    assert topics
    assert topics[0].code == "medtop:15000000"


def test_gibberish_with_one_known_word_gets_no_topic() -> None:
    assert TOPICS.topics("qwzx plorb vantic drulm skeev fobnar glimt trosk election") == []


def test_the_model_sees_a_bounded_prefix_with_its_lead_counted_twice() -> None:
    from worker.steps.classify.topics import topic_words

    config = TopicConfig(max_chars=200, lead_words=2)
    assert topic_words("Storm hits coast; 3 ports shut", config) == [
        "storm",
        "hits",
        "coast",
        "ports",
        "shut",
        "storm",
        "hits",
    ]
    assert "tail" not in topic_words("word " * 60 + "tail", config)  # beyond 200 characters
