"""Field types shared by the record models: slugs, ISO dates, contact fields, official keys.

The validators keep the value as written (after trimming) rather than a normalised form: a
website stays ``https://www.gifhorn.de`` and does not grow a trailing slash, so a file, the
graph and an export of it say the same thing and a second load sees nothing changed.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, HttpUrl, TypeAdapter
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX_LENGTH = 80

_SLUG_RE = re.compile(SLUG_PATTERN)
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_GERMAN_DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()/.\-]*$")
_URL_ADAPTER: TypeAdapter[HttpUrl] = TypeAdapter(HttpUrl)
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_EMAIL_LOCAL_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-]+$")
_DOMAIN_LABEL_RE = re.compile(r"^(?!-)[A-Za-z0-9äöüÄÖÜß\-]{1,63}(?<!-)$")


def _check_slug(value: str) -> str:
    if len(value) > SLUG_MAX_LENGTH:
        raise PydanticCustomError(
            "slug_too_long",
            "id is {length} characters long, at most {limit} are allowed",
            {"length": len(value), "limit": SLUG_MAX_LENGTH},
        )
    if not _SLUG_RE.match(value):
        raise PydanticCustomError(
            "slug",
            "'{value}' is not a slug: use lower-case letters, digits and single hyphens, "
            "e.g. 'kvhs-gifhorn'",
            {"value": value},
        )
    return value


def _strict_str(value: Any) -> Any:
    """Reject numbers and booleans where text is expected (YAML turns ``2018`` into an int)."""
    if isinstance(value, bool | int | float):
        raise PydanticCustomError(
            "string_expected",
            "expected text, got the {type} {value} (quote it in YAML)",
            {"type": type(value).__name__, "value": repr(value)},
        )
    return value


def _parse_iso_date(value: Any) -> Any:
    """Accept a ``date``, an ISO string ``YYYY-MM-DD`` or a German ``TT.MM.JJJJ`` (as
    planners type dates in spreadsheets); nothing else (no timestamps)."""
    if isinstance(value, str) and (german := _GERMAN_DATE_RE.match(value.strip())):
        day, month, year = (int(part) for part in german.groups())
        try:
            return date(year, month, day)
        except ValueError as exc:
            raise PydanticCustomError(
                "iso_date", "'{value}' is not a valid calendar date", {"value": value}
            ) from exc
    if isinstance(value, datetime):
        if value.hour or value.minute or value.second or value.microsecond:
            raise PydanticCustomError(
                "iso_date", "expected a date like 2018-06-01, got a date and time", {}
            )
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE_RE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise PydanticCustomError(
                "iso_date", "'{value}' is not a valid calendar date", {"value": value}
            ) from exc
    raise PydanticCustomError(
        "iso_date",
        "expected an ISO date like 2018-06-01 (or 01.06.2018), got {value}",
        {"value": repr(value)},
    )


def _check_email(value: str) -> str:
    """A pragmatic syntax check of an e-mail address (no DNS look-up: loads run offline)."""
    local, _, domain = value.rpartition("@")
    ok = bool(_EMAIL_RE.match(value)) and bool(_EMAIL_LOCAL_RE.match(local))
    ok = ok and ".." not in local and not local.startswith(".") and not local.endswith(".")
    labels = domain.split(".")
    ok = ok and len(labels[-1]) >= 2 and all(_DOMAIN_LABEL_RE.match(label) for label in labels)
    if not ok:
        raise PydanticCustomError(
            "email", "'{value}' is not a valid e-mail address", {"value": value}
        )
    return value


def _check_url(value: str) -> str:
    """An absolute http(s) URL with a host; the value is kept as written."""
    if not value.lower().startswith(("http://", "https://")):
        raise PydanticCustomError(
            "url",
            "'{value}' is not a web address: it must start with http:// or https://",
            {"value": value},
        )
    try:
        parsed = _URL_ADAPTER.validate_python(value)
    except ValueError as exc:
        raise PydanticCustomError(
            "url", "'{value}' is not a valid web address", {"value": value}
        ) from exc
    if not parsed.host or "." not in parsed.host:
        raise PydanticCustomError("url", "'{value}' has no valid host name", {"value": value})
    return value


def _check_phone(value: str) -> str:
    """Digits with the usual separators (``+49 5371 82-0``, ``(05371) 82 123``), 5-20 digits."""
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE_RE.match(value) or not 5 <= digits <= 20:
        raise PydanticCustomError(
            "phone",
            "'{value}' is not a phone number: use digits, spaces, +, -, /, () only",
            {"value": value},
        )
    return value


Text = Annotated[str, BeforeValidator(_strict_str), Field(min_length=1)]
"""Non-empty text; numbers and booleans are refused rather than silently converted."""

NAME_MAX = 200
"""The longest name or title: the shipped data's longest is 71 characters (an offering of
the Diakonie); a name pasted with a whole text behind it is refused instead of filling
every list and map label it appears in."""

Name = Annotated[str, BeforeValidator(_strict_str), Field(min_length=1, max_length=NAME_MAX)]
"""A record's name or title: non-empty text of at most ``NAME_MAX`` characters."""

Slug = Annotated[str, BeforeValidator(_strict_str), AfterValidator(_check_slug)]
"""A stable, human-readable id: ``^[a-z0-9]+(-[a-z0-9]+)*$``, at most 80 characters."""

IsoDate = Annotated[date, BeforeValidator(_parse_iso_date)]
"""A calendar date written as ``2018-06-01`` (a YAML date or an ISO string)."""

_PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _partial_date(value: Any) -> Any:
    """``2017``, ``2017-06`` or ``2017-06-01``: a date known to the year, month or day.

    Kept as that text, so its precision is kept too (a founding "im Juni 2017" is not the
    1st of June). A YAML date or a year typed as a number is accepted as well."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and (match := _PARTIAL_DATE_RE.match(value.strip())):
        year, month, day = (int(part) if part else 1 for part in match.groups())
        try:
            date(year, month, day)
        except ValueError as exc:
            raise PydanticCustomError(
                "partial_date", "'{value}' is not a valid date", {"value": value}
            ) from exc
        return value.strip()
    raise PydanticCustomError(
        "partial_date",
        "expected a year, year-month or date like 2017, 2017-06 or 2017-06-01, got {value}",
        {"value": repr(value)},
    )


PartialDate = Annotated[str, BeforeValidator(_partial_date)]
"""A date known to the year (``2017``), month (``2017-06``) or day (``2017-06-01``)."""

Email = Annotated[str, BeforeValidator(_strict_str), AfterValidator(_check_email)]
Url = Annotated[str, BeforeValidator(_strict_str), AfterValidator(_check_url)]
Phone = Annotated[str, BeforeValidator(_strict_str), AfterValidator(_check_phone)]


def _pattern(regex: str, explanation: str, german: str) -> AfterValidator:
    """A check by ``regex``; ``german`` explains it in the German message
    (``domain.wording``), ``explanation`` in the English one."""
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.match(value):
            raise PydanticCustomError(
                "pattern",
                "'{value}' {explanation}",
                {"value": value, "explanation": explanation, "german": german},
            )
        return value

    return AfterValidator(check)


Ags = Annotated[
    str,
    BeforeValidator(_strict_str),
    _pattern(
        r"^(\d{5}|\d{8})$",
        "is not an official municipality key: 8 digits, 5 for a county",
        "ist kein Gemeindeschlüssel: 8 Ziffern, 5 für einen Landkreis",
    ),
]
"""The official municipality key (Amtlicher Gemeindeschlüssel): 8 digits, 5 for a county."""

IsoLanguageCode = Annotated[
    str,
    BeforeValidator(_strict_str),
    _pattern(
        r"^[a-z]{2}$",
        "is not an ISO 639-1 language code (two lower-case letters: 'ar')",
        "ist kein Sprachkürzel nach ISO 639-1 (zwei Kleinbuchstaben, z. B. 'ar')",
    ),
]
IsoCountryCode = Annotated[
    str,
    BeforeValidator(_strict_str),
    _pattern(
        r"^[a-z]{2}$",
        "is not an ISO 3166-1 country code (two lower-case letters: 'sy')",
        "ist kein Länderkürzel nach ISO 3166-1 (zwei Kleinbuchstaben, z. B. 'sy')",
    ),
]


def _number(value: Any) -> Any:
    """Refuse booleans; read a German decimal comma (``0,25``) as a point in text cells."""
    if isinstance(value, bool):
        raise PydanticCustomError(
            "number_expected", "expected a number, got the boolean {value}", {"value": value}
        )
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"-?\d+,\d+", text):
            return text.replace(",", ".")
        return text
    return value


Count = Annotated[int, BeforeValidator(_number), Field(ge=0)]
"""A whole number >= 0 (capacity, population, residents)."""

Year = Annotated[int, BeforeValidator(_number), Field(ge=1800, le=2200)]
"""A calendar year."""

Amount = Annotated[float, BeforeValidator(_number), Field(ge=0, allow_inf_nan=False)]
"""An amount of money in EUR, >= 0."""

Share = Annotated[float, BeforeValidator(_number), Field(gt=0, le=1, allow_inf_nan=False)]
"""A proportion in (0, 1]."""
