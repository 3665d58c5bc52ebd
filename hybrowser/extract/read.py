"""Read a bulletin's text file: UTF-8 (with or without BOM) or GB18030/GBK detected, bad input refused."""

from __future__ import annotations

import stat
from pathlib import Path

#: Larger than any bulletin (the longest 统计公报 run to ~100,000 characters); a bigger file is not one.
MAX_BYTES = 2 * 1024 * 1024


class ImportInputError(Exception):
    """A file that cannot be imported; the message is one line naming the file and the problem."""


def read_bulletin_text(path: Path) -> tuple[str, str]:
    """(text, encoding name) of a text file; raises ImportInputError for anything that is not one."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImportInputError(f"{path}: no such file") from None
    except OSError as error:
        raise ImportInputError(f"{path}: cannot read ({error.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ImportInputError(f"{path}: is a directory, not a text file")
    if not stat.S_ISREG(info.st_mode):
        raise ImportInputError(f"{path}: is not a regular file")
    if info.st_size > MAX_BYTES:
        raise ImportInputError(
            f"{path}: {info.st_size / 1e6:.1f} MB is too large for a bulletin "
            f"(at most {MAX_BYTES // 2**20} MB)"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportInputError(f"{path}: cannot read ({error.strerror})") from None
    return decode_bulletin(data, str(path))


def decode_bulletin(data: bytes, name: str) -> tuple[str, str]:
    """Decode the bytes of a bulletin; raises ImportInputError for binary or undecodable data."""
    if not data.strip():
        raise ImportInputError(f"{name}: the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportInputError(f"{name}: a binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return _decoded(data[3:], "utf-8", name), "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _decoded(data, "utf-8", name), "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "gbk", "big5", "utf_16"]).best()
    if best is None:
        raise ImportInputError(f"{name}: the text's encoding cannot be read (not UTF-8 or GB18030)")
    encoding = "gb18030" if best.encoding in ("gbk", "gb2312") else best.encoding
    return _decoded(data, encoding, name), encoding


def _decoded(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ImportInputError(f"{name}: the text's encoding cannot be read as {encoding}") from None
    if not text.strip():
        raise ImportInputError(f"{name}: the file is empty")
    # Control characters other than line breaks and tabs mean binary data decoded by chance.
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t")
    if controls > len(text) // 100:
        raise ImportInputError(f"{name}: a binary file, not text")
    return text
