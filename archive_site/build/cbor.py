"""CBOR (RFC 8949), as much of it as Pagefind's index files use: integers, strings, arrays, false, true, null.

Pagefind writes its filter and meta indexes in CBOR; :mod:`archive_site.build.search`
reads them, sorts what Pagefind leaves in a random order, and writes them back.
Encoding uses the shortest form of every head, as Pagefind's encoder does, so a
value read and written again gives the same bytes.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def decode(data: bytes) -> Any:
    """The one value ``data`` holds; raises ValueError (or IndexError when it is cut short) otherwise."""
    value, end = _item(data, 0)
    if end != len(data):
        raise ValueError(f"{len(data) - end} bytes after the value")
    return value


def _item(data: bytes, at: int) -> tuple[Any, int]:
    """The item at byte ``at`` and where it ends: integers, byte and text strings, arrays, false, true, null."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info not in simple:
            raise ValueError(f"CBOR simple value or float {info} at byte {at - 1}")
        return simple[info], at
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError(f"CBOR indefinite or reserved length at byte {at - 1}")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        chunk = data[at : at + argument]
        if len(chunk) != argument:
            raise ValueError("CBOR string runs past the end")
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _item(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR major type {major} at byte {at - 1}")


def encode(value: Any) -> bytes:
    """Shortest-form CBOR, as Pagefind's encoder writes it."""
    if value is None or isinstance(value, bool):
        return bytes([0xF6 if value is None else 0xF5 if value else 0xF4])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    raise TypeError(f"cannot encode {type(value).__name__} as CBOR")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError(f"{argument} is too large for CBOR")
