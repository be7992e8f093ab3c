"""A story and its republications, written for these tests (no third-party text)."""

from __future__ import annotations

STORY = [
    "The regional water authority will spend 140 million euros over five years to replace "
    "ageing pipes after a summer of leaks and emergency repairs, its chair said on Monday.",
    "About a fifth of the drinking water that leaves the treatment plants is lost before it "
    "reaches a tap, according to figures the authority published alongside the plan.",
    '"We have patched this network for too long," said chair Elena Marsh, adding that the '
    "first contracts would be signed before the end of the year and work would start in spring.",
    "Households will see bills rise by about three percent a year over the period, the "
    "authority said, less than an earlier draft had proposed after objections from councils.",
    "Opposition members on the regional council said the plan came too late and asked for an "
    "independent review of how the leaks had been reported over the last decade.",
    "The authority said it would also install 12,000 smart meters in the northern districts, "
    "where losses are highest, and publish monthly figures on its website.",
]
BODY = "\n\n".join(STORY)

REPUBLISHED = "\n\n".join(["By Staff Reporter", *STORY, "Share this article"])
EDITED = BODY.replace("said", "says").replace("ageing", "aging").replace("140", "145")
TEASER = "\n\n".join([STORY[0], "Read the full story on our website."])
UPDATED_BELOW = "\n\n".join(
    [*STORY, "Update: the council voted on Tuesday evening to hold the review next month."]
)
UPDATED_ABOVE = "\n\n".join(["Update: the council will hold a review next month.", *STORY])

OTHER_STORY = "\n\n".join(
    [
        "The city's main football stadium will close for two seasons from next summer while its "
        "roof and stands are rebuilt, the club confirmed after a board meeting on Thursday.",
        "Home matches will move to the athletics ground on the east side of the city, which "
        "holds about half as many spectators, and season tickets will be cut in price.",
        '"It is a painful two years, but the stadium we come back to will last fifty more," '
        "said the club's president, who thanked supporters for their patience.",
        "The rebuild is expected to cost 90 million euros, shared between the club, the city "
        "and a regional sports fund, with work starting the week after the final home game.",
    ]
)
FURNITURE = (
    "The Valley Courier is an independent newspaper covering the valley since 1921. Our "
    "journalists follow the editors' code; write to the readers' editor with any complaint."
)
THIRD_STORY = "\n\n".join(
    [
        "A ferry carrying 300 passengers ran aground on a sandbank near the harbour entrance on "
        "Sunday evening, and all on board were taken ashore by lifeboats within three hours.",
        "The coastguard said nobody was hurt. Investigators will examine whether low tide and a "
        "failed engine had pushed the vessel off the marked channel during the crossing.",
        '"The crew kept everyone calm and warm," said one passenger, a teacher travelling home '
        "with her two children, who praised the volunteers waiting on the quay with blankets.",
        "The operator cancelled Monday's sailings and said a replacement ship would run from "
        "Tuesday, once divers had checked the hull and the tide allowed the ferry to be towed.",
    ]
)
