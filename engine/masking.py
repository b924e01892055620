"""Secret masking for everything a run writes: events, reports, logs and trace archives.

A secret is replaced by MASK in every spelling it can take on the way out: as typed, URL-encoded
(form posts, query strings), JSON-escaped (request bodies inside trace JSON) and HTML-escaped.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, quote_plus

MASK = "\u2022\u2022\u2022\u2022"
# Shorter values would blank out ordinary words all over a report and protect nothing.
MIN_SECRET_LENGTH = 3

J = TypeVar("J")


def spellings(secret: str) -> set[str]:
    """Every form in which `secret` can appear in text the browser or Playwright produced."""
    json_once = json.dumps(secret, ensure_ascii=False)[1:-1]
    json_ascii = json.dumps(secret)[1:-1]
    forms = {
        secret,
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
        quote(secret, safe="@"),
        json_once,
        json_ascii,
        json.dumps(json_once, ensure_ascii=False)[1:-1],
        html.escape(secret, quote=True),
        html.escape(secret, quote=False),
    }
    return {f for f in forms if len(f) >= MIN_SECRET_LENGTH}


class Masker:
    """The set of secret values of one run, and the replacements that hide them."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def add(self, value: str | None) -> None:
        if value is None or len(value) < MIN_SECRET_LENGTH or value in self._secrets:
            return
        self._secrets.add(value)
        self._pattern = None

    def add_all(self, values: set[str] | list[str] | tuple[str, ...]) -> None:
        for value in values:
            self.add(value)

    @property
    def secrets(self) -> frozenset[str]:
        return frozenset(self._secrets)

    def _compiled(self) -> re.Pattern[str] | None:
        if not self._secrets:
            return None
        if self._pattern is None:
            forms: set[str] = set()
            for secret in self._secrets:
                forms |= spellings(secret)
            # Longest first so a secret that contains another is masked whole.
            ordered = sorted(forms, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(f) for f in ordered))
        return self._pattern

    def mask(self, text: str) -> str:
        pattern = self._compiled()
        if pattern is None or not text:
            return text
        return pattern.sub(MASK, text)

    def mask_data(self, data: J) -> J:
        """Mask every string in a JSON-like structure (dict keys included)."""
        if isinstance(data, str):
            return self.mask(data)  # type: ignore[return-value]
        if isinstance(data, dict):
            return {self.mask(str(k)): self.mask_data(v) for k, v in data.items()}  # type: ignore[return-value]
        if isinstance(data, list | tuple):
            return [self.mask_data(v) for v in data]  # type: ignore[return-value]
        return data

    def byte_forms(self) -> list[bytes]:
        forms: set[str] = set()
        for secret in self._secrets:
            forms |= spellings(secret)
        return [f.encode("utf-8") for f in sorted(forms, key=len, reverse=True)]


def scrub_zip(path: Path, masker: Masker) -> int:
    """Rewrite a zip (a Playwright trace) with every secret spelling replaced; returns the count.

    Byte-level replacement covers JSON, HTML, form bodies and anything else stored as text; a
    collision with image bytes would need the exact secret byte sequence, which does not happen
    in practice.
    """
    forms = masker.byte_forms()
    if not forms or not path.exists():
        return 0
    mask = MASK.encode("utf-8")
    replaced = 0
    fd, tmp_name = tempfile.mkstemp(prefix=".scrub-", suffix=".zip", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with (
            zipfile.ZipFile(path) as source,
            zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                data = source.read(info)
                for form in forms:
                    count = data.count(form)
                    if count:
                        replaced += count
                        data = data.replace(form, mask)
                target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return replaced
