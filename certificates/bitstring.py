"""W3C Bitstring Status List, the pure parts: where each certificate's bit sits, and the list's
encoding (``encodedList``: multibase ``u`` + base64url without padding of the GZIP-compressed
bitstring; bit 0 is the most significant bit of the first byte).

Each list holds ``LIST_SIZE`` (131,072, the specification's minimum, for herd privacy) entries.
A certificate's place follows from its primary key: list ``(pk - 1) // LIST_SIZE + 1``, and
within it an odd-multiplier affine permutation of ``(pk - 1) % LIST_SIZE``, so consecutive
certificates do not sit side by side, no two certificates share a bit, and no allocation
query or lock is needed.
"""

from __future__ import annotations

import base64
import gzip

LIST_SIZE = 131_072  # 2**17 bits, 16 KiB
_STRIDE = 40_503  # odd, so multiplying by it permutes the residues modulo a power of two
_OFFSET = 23_117


def position(pk: int) -> tuple[int, int]:
    """``(list number, index)`` of the certificate with primary key ``pk``."""
    slot = pk - 1
    return slot // LIST_SIZE + 1, (slot % LIST_SIZE * _STRIDE + _OFFSET) % LIST_SIZE


def empty() -> bytearray:
    return bytearray(LIST_SIZE // 8)


def set_bit(bits: bytearray, index: int) -> None:
    bits[index // 8] |= 0x80 >> (index % 8)


def is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def encode(bits: bytes) -> str:
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()
