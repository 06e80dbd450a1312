"""The spiders' ``-a`` arguments, read and checked once, each error saying what to do."""

from __future__ import annotations

from datetime import date


class ArgumentError(ValueError):
    pass


def split_urls(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def whole_number(name: str, value: str | int, meaning: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0:
        raise ArgumentError(f"-a {name}={value!r} is not a whole number of 0 or more. {meaning}")
    return number


def day(name: str, value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentError(
            f"-a {name}={value!r} is not a date. Give it as YYYY-MM-DD, e.g. -a {name}=2023-04-19."
        ) from None


def flag(name: str, value: str | int | bool) -> bool:
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ArgumentError(f"-a {name}={value!r} is neither 1 nor 0. Use -a {name}=1 to turn it on.")


def choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ArgumentError(f"-a {name}={value!r} is not one of {', '.join(choices)}.")
    return value
