"""How long an SMS is for the networks: GSM-7 (160 characters in one SMS, 153 per part beyond; the extension
characters count twice) or, as soon as one character is outside GSM-7, Unicode (70, then 67 per part)."""

import math
from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


@dataclass(frozen=True)
class Length:
    characters: int  # as the network counts them (an extension character is 2 in GSM-7)
    segments: int
    unicode: bool
    per_segment: int


def sms_length(text: str) -> Length:
    if is_gsm7(text):
        units = sum(2 if char in GSM7_EXTENSION else 1 for char in text)
        single, multi, unicode = 160, 153, False
    else:
        units = sum(2 if ord(char) > 0xFFFF else 1 for char in text)  # UCS-2: outside the BMP takes two
        single, multi, unicode = 70, 67, True
    if units <= single:
        return Length(units, 1 if units else 0, unicode, single)
    return Length(units, math.ceil(units / multi), unicode, multi)
