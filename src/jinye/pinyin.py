"""Pinyin initials (拼音首字母) for finding shops and SKUs by what a clerk types on a phone:
'红塔山(硬经典)' is found by 'hts' or 'htsyjd'.

Stored beside the text they come from (``Retailer.search_initials``, ``Sku.search_initials``)
and refreshed whenever it is written, because pypinyin takes about 0.4 ms per short name: a
department's few thousand shops would cost seconds per search if computed on the fly.
"""

from pypinyin import Style, lazy_pinyin


def initials(*texts: str) -> str:
    """The lower-case initials of every Han character of ``texts``, letters and digits kept
    as typed (lower case), everything else dropped; one space between the texts."""
    parts = []
    for text in texts:
        syllables = lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="default")
        parts.append("".join(c for c in "".join(syllables).lower() if c.isascii() and c.isalnum()))
    return " ".join(p for p in parts if p)


def looks_like_initials(query: str) -> bool:
    """Whether a typed query could be pinyin initials: at least two ASCII letters and digits,
    one of them a letter (黄鹤楼1916 → hhl1916; a number alone is a licence or a phone)."""
    return (
        len(query) >= 2 and query.isascii() and query.isalnum() and any(c.isalpha() for c in query)
    )
