"""Small real-looking articles written for these tests (no third-party page content)."""

from __future__ import annotations

WIRE_TEXT = """Harbour cranes stand idle as dock workers strike for a second day

Container ships queue outside the port as the strike continues. (STAFF PHOTO)

Dock workers at the country's largest container port stayed off the job for a second day on Tuesday, leaving more than 40 ships waiting at anchor and freight companies warning of empty shelves within a fortnight.

The union representing 3,200 crane operators and lashers said talks with the port operator had broken down over rostering and a proposed automation plan.

"We are not against new machines, we are against losing our weekends," union secretary Maria Keane told reporters at the gate.

The port operator said it had offered a 4 per cent pay rise and would return to mediation on Thursday.

Trucks line up at the port gates
Freight companies say the queue of ships will take weeks to clear.

Retailers said the timing, weeks before the holiday season, could not be worse.

with Reuters

License this article
Subscribe now for $9.99 a month
"""

WIRE_TITLE = "Harbour cranes stand idle as dock workers strike for a second day"

NEWS_PAGE_HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>City council approves new cycle lanes | The Riverside Courier</title>
<meta property="og:title" content="City council approves new cycle lanes">
<meta name="author" content="Jonas Berg">
<meta property="article:published_time" content="2026-03-14T09:30:00+00:00">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article>
<h1>City council approves new cycle lanes</h1>
<p class="byline">By Jonas Berg</p>
<p>The city council voted 31 to 12 on Thursday night to build protected cycle lanes along
four of the busiest roads in the centre, the largest change to the street plan in two decades.</p>
<p>Construction of the first 6 kilometres is due to start in May and will cost an estimated
18 million, paid in part by a national grant for low-emission transport.</p>
<p>Shop owners on Market Street had campaigned against the plan, saying the loss of 140 parking
spaces would drive customers to out-of-town retail parks.</p>
<p>"Every city that has done this has seen more people on foot and on bikes, and they spend
money too," said councillor Aisha Rahman, who proposed the scheme.</p>
<p>The council said it would review traffic and footfall data a year after the lanes open.</p>
</article></main>
<footer><p>Copyright 2026 The Riverside Courier. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>
"""

FRENCH_TEXT = """Le conseil municipal adopte un plan pour les pistes cyclables

Le conseil municipal a voté jeudi soir la construction de pistes cyclables protégées sur quatre
des axes les plus fréquentés du centre-ville, le plus grand changement depuis vingt ans.

Les travaux doivent commencer en mai et coûteront environ dix-huit millions d'euros, financés en
partie par une subvention nationale pour les transports à faibles émissions.
"""


def wire_article(article_id: str, **fields: object) -> dict[str, object]:
    return {
        "id": article_id,
        "url": f"https://news.example.com/{article_id}",
        "text": WIRE_TEXT,
        **fields,
    }


WHOLE_PAGE_TEXT = """Riverside Courier - News, Sport and Weather for the Valley

Home
News
Sport
Business
Weather
Opinion

Subscribe Sign In

Home > News > Transport

City council approves new cycle lanes

By Jonas Berg

Published: 14 March 2026, 09:30

Cyclists on Market Street during the morning rush. (Photo: Jonas Berg/Riverside Courier)

The city council voted 31 to 12 on Thursday night to build protected cycle lanes along four of the busiest roads in the centre, the largest change to the street plan in two decades.

Construction of the first six kilometres is due to start in May and will cost an estimated 18 million, paid in part by a national grant for low-emission transport.

Related
Bus fares to rise in April
Council elections: who is standing

Shop owners on Market Street had campaigned against the plan, saying the loss of 140 parking spaces would drive customers to out-of-town retail parks.

"Every city that has done this has seen more people on foot and on bikes, and they spend money too," said councillor Aisha Rahman, who proposed the scheme.

She was not worried.

What happens next

The council said it would review traffic and footfall data a year after the lanes open.

Share this article on Facebook
Tweet
Email

Most Read

Valley Rovers Sign Striker From Northern Club In Record Deal The club paid a fee thought to be 2 million for the forward.
Flood Warnings Lifted Across The Valley After Dry Weekend The river fell below the warning level on Sunday night.
New Bakery Opens In The Old Post Office Building Queues formed before dawn for the first loaves.

Sign up for our daily newsletter

Comments

This is long overdue, the roads are a nightmare for anyone on two wheels and I hope it gets built quickly.
Typical council, wasting money on a handful of cyclists while the potholes on Mill Lane go unrepaired for years.

© 2026 Riverside Courier. All rights reserved.
Privacy Policy | Terms of Use | Cookie Settings
"""

WHOLE_PAGE_ARTICLE = [
    "The city council voted 31 to 12 on Thursday night to build protected cycle lanes along four of the busiest roads in the centre, the largest change to the street plan in two decades.",
    "Construction of the first six kilometres is due to start in May and will cost an estimated 18 million, paid in part by a national grant for low-emission transport.",
    "Shop owners on Market Street had campaigned against the plan, saying the loss of 140 parking spaces would drive customers to out-of-town retail parks.",
    '"Every city that has done this has seen more people on foot and on bikes, and they spend money too," said councillor Aisha Rahman, who proposed the scheme.',
    "She was not worried.",
    "What happens next",
    "The council said it would review traffic and footfall data a year after the lanes open.",
]
