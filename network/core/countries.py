"""Turn a country as people write it ("Czech Republic", "USA", "es") into its
ISO 3166-1 alpha-2 code."""

import re
import unicodedata

from django_countries import countries

from network.core.search import normalise

# Names in common use that django-countries does not know as names.
ALIASES = {
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "uk": "GB",
    "great britain": "GB",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "republic of the congo": "CG",
    "congo": "CG",
    "republic of korea": "KR",
    "south korea": "KR",
    "north korea": "KP",
    "moldova": "MD",
    "republic of moldova": "MD",
    "russia": "RU",
    "syria": "SY",
    "tanzania": "TZ",
    "united republic of tanzania": "TZ",
    "turkey": "TR",
    "turkiye": "TR",
    "vietnam": "VN",
    "viet nam": "VN",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "iran": "IR",
    "islamic republic of iran": "IR",
    "plurinational state of bolivia": "BO",
    "bolivarian republic of venezuela": "VE",
    "palestine": "PS",
    "state of palestine": "PS",
    "the gambia": "GM",
    "gambia": "GM",
    "eswatini": "SZ",
    "swaziland": "SZ",
    "cabo verde": "CV",
    "cape verde": "CV",
    "north macedonia": "MK",
    "macedonia": "MK",
    "the netherlands": "NL",
    "timor-leste": "TL",
    "east timor": "TL",
    "brunei": "BN",
    "micronesia": "FM",
}


def country_code(value):
    """The alpha-2 code for a name or an alpha-2/alpha-3 code, or None."""
    text = (value or "").strip()
    if not text:
        return None
    if len(text) == 2 and text.isalpha() and text.upper() in countries:
        return text.upper()
    if len(text) == 3 and text.isalpha():
        code = countries.alpha2(text.upper())
        if code:
            return code
    key = normalise(text).replace("’", "'")
    if key in ALIASES:
        return ALIASES[key]
    code = countries.by_name(text) or countries.by_name(_strip_accents(text))
    if not code and text.count(",") == 1:
        # ISO 3166-1 writes some names inverted: "Korea, Republic of",
        # "Congo, The Democratic Republic of the".
        head, tail = (part.strip() for part in text.split(","))
        tail = re.sub(r"^the\s+", "", tail, flags=re.IGNORECASE)
        if head and tail:
            return country_code(f"{tail} {head}")
    return code or None


def _strip_accents(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
