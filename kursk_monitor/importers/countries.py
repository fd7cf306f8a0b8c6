"""Country names and ISO 3166 numeric codes, as conflict event datasets write them, to alpha-3.

ACLED gives a numeric ISO code (`iso`) and an English name (`country`); UCDP GED gives a name
(Russia is "Russia (Soviet Union)"). The table covers Europe, the former Soviet Union, East Asia
and the Middle East; a row from another country is reported and left out.
"""

from __future__ import annotations

import re

# alpha-3, ISO numeric, names as the datasets spell them
COUNTRIES = (
    ("RUS", 643, ("Russia", "Russia (Soviet Union)", "Russian Federation")),
    ("UKR", 804, ("Ukraine",)),
    ("BLR", 112, ("Belarus",)),
    ("PRK", 408, ("North Korea", "Korea, North", "Democratic People's Republic of Korea")),
    ("KOR", 410, ("South Korea", "Korea, South", "Republic of Korea")),
    ("MDA", 498, ("Moldova",)),
    ("POL", 616, ("Poland",)),
    ("ROU", 642, ("Romania",)),
    ("SVK", 703, ("Slovakia",)),
    ("HUN", 348, ("Hungary",)),
    ("BGR", 100, ("Bulgaria",)),
    ("CZE", 203, ("Czech Republic", "Czechia")),
    ("LTU", 440, ("Lithuania",)),
    ("LVA", 428, ("Latvia",)),
    ("EST", 233, ("Estonia",)),
    ("FIN", 246, ("Finland",)),
    ("DEU", 276, ("Germany",)),
    ("FRA", 250, ("France",)),
    ("GBR", 826, ("United Kingdom",)),
    ("USA", 840, ("United States", "United States of America")),
    ("GEO", 268, ("Georgia",)),
    ("ARM", 51, ("Armenia",)),
    ("AZE", 31, ("Azerbaijan",)),
    ("KAZ", 398, ("Kazakhstan",)),
    ("KGZ", 417, ("Kyrgyzstan",)),
    ("TJK", 762, ("Tajikistan",)),
    ("UZB", 860, ("Uzbekistan",)),
    ("TKM", 795, ("Turkmenistan",)),
    ("MNG", 496, ("Mongolia",)),
    ("CHN", 156, ("China",)),
    ("JPN", 392, ("Japan",)),
    ("TUR", 792, ("Turkey", "Türkiye")),
    ("SYR", 760, ("Syria",)),
    ("IRN", 364, ("Iran",)),
    ("IRQ", 368, ("Iraq",)),
    ("ISR", 376, ("Israel",)),
    ("PSE", 275, ("Palestine",)),
    ("LBN", 422, ("Lebanon",)),
    ("YEM", 887, ("Yemen", "Yemen (North Yemen)")),
    ("AFG", 4, ("Afghanistan",)),
    ("LBY", 434, ("Libya",)),
    ("SDN", 729, ("Sudan",)),
    ("MLI", 466, ("Mali",)),
    ("MMR", 104, ("Myanmar", "Myanmar (Burma)")),
)
BY_NUMBER = {number: alpha for alpha, number, _names in COUNTRIES}
BY_NAME = {name.casefold(): alpha for alpha, _number, names in COUNTRIES for name in names}


def alpha3(name: str, number: str = "") -> str | None:
    """The alpha-3 code for a numeric ISO code or a country name; None when the table lacks it."""
    if number.strip().isdigit() and int(number) in BY_NUMBER:
        return BY_NUMBER[int(number)]
    return BY_NAME.get(name.strip().casefold())


def in_name(actor: str) -> str | None:
    """The country an actor's name places it in, e.g. "Military Forces of Russia (2000-)" → RUS."""
    found = _NAME_PATTERN.search(actor.casefold())
    return BY_NAME[found.group(0)] if found else None


_NAME_PATTERN = re.compile(
    r"\b(?:" + "|".join(re.escape(name) for name in sorted(BY_NAME, key=len, reverse=True)) + r")(?![\w])"
)
