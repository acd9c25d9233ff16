"""Arabic formats Django leaves to the English defaults (a date time in US
order, "Dec. 7, 2026, 5 p.m."): day, month, year, as the Arabic date, and a
24-hour clock. Django's own ar module gives the rest (numbers, dates)."""

DATETIME_FORMAT = "j F، Y، H:i"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday, as in Morocco's calendars
