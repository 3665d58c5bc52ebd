"""Text the rules can read: full-width digits and signs as ASCII, aligned character for character."""

from __future__ import annotations

# Full-width forms become ASCII one character for one, so an offset in the normalized
# text is the same offset in the original and every quote is cut from the original.
_ONE_FOR_ONE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "％": "%",
        "．": ".",
        "－": "-",
        "～": "~",
        "〜": "~",
        "―": "—",
        "‒": "–",
        "（": "(",
        "）": ")",
        "：": ":",
        "！": "!",
        "？": "?",
        "；": ";",
        "，": ",",
        "\u3000": " ",
        "\u00a0": " ",
    }
)


def normalize(text: str) -> str:
    """Same length as `text`: full-width digits, signs and punctuation as ASCII."""
    normalized = text.translate(_ONE_FOR_ONE)
    assert len(normalized) == len(text)
    return normalized
