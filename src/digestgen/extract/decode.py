"""Bytes of a scraped file to text, whatever the encoding, never failing.

Order of trust: a byte-order mark; strict UTF-8 (most files, and the fast path);
UTF-16 without a mark when every other byte is NUL; then charset-normalizer's best
guess among the encodings Chinese posts come in. When nothing decodes cleanly, the
bytes are read as UTF-8 with replacement characters and a warning names the file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import charset_normalizer

from digestgen.errors import Problem, line_col_of_offset

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings a guess may settle on: the ones Chinese and English posts are saved in.
_LIKELY = (
    "utf_8",
    "gb18030",
    "gbk",
    "gb2312",
    "big5",
    "big5hkscs",
    "utf_16",
    "utf_16_le",
    "utf_16_be",
    "cp1252",
    "latin_1",
    "ascii",
    "hz",
    "iso2022_jp",
    "euc_jp",
    "shift_jis",
    "euc_kr",
    "cp949",
)
_GUESS_BYTES = 200_000  # enough to judge; guessing on a whole 10 MB file is slow


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text read from bytes, and how."""

    text: str
    encoding: str
    problems: tuple[Problem, ...] = ()


def decode_bytes(data: bytes, path: str) -> Decoded:
    """The text of a file's bytes; newlines normalised to ``\\n``."""
    decoded = _decode(data, path)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return Decoded(text, decoded.encoding, decoded.problems)


def _decode(data: bytes, path: str) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _lenient(data, encoding, path)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _lenient(data, utf16, path)
    guess = _guess(data)
    if guess:
        try:
            return Decoded(data.decode(guess), guess)
        except (UnicodeDecodeError, LookupError):
            return _lenient(data, guess, path)
    return _lenient(data, "utf-8", path)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _guess(data: bytes) -> str | None:
    """charset-normalizer's best encoding, when it is a likely one and decodes the whole file."""
    best = charset_normalizer.from_bytes(data[:_GUESS_BYTES], cp_isolation=list(_LIKELY)).best()
    if best is None:
        return None
    encoding = best.encoding
    if _mostly_utf8(data) and encoding != "utf_8":
        return None  # a UTF-8 file with a few broken bytes: replacement is better than mojibake
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return encoding


def _mostly_utf8(data: bytes) -> bool:
    text = data[:_GUESS_BYTES].decode("utf-8", errors="replace")
    return text.count("\ufffd") <= max(3, len(text) // 200)


def _lenient(data: bytes, encoding: str, path: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    try:
        data.decode(encoding)
    except UnicodeDecodeError as err:
        line, col = line_col_of_offset(data, err.start) if encoding.startswith("utf-8") else (0, 0)
        message = (
            f"bytes at offset {err.start} are not valid {encoding}; read with replacement characters (\ufffd), "
            "check the file's encoding"
        )
        return Decoded(text, encoding, (Problem(path, line, col, message, "warning"),))
    return Decoded(text, encoding)
