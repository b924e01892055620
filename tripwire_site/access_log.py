"""gunicorn's access log without credentials: `?token=` (how <img> and <a> tags authenticate
artifact downloads) is logged as `token=••••`, and an Authorization header never is."""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

# Query parameters that carry a credential, in the request line, the query and the referrer.
_CREDENTIAL = re.compile(
    r"(?i)((?:^|[?&;])(?:token|access_token|api_key|key)=)[^&;#\s]*"
)
MASK = "\u2022\u2022\u2022\u2022"


def redact(text: str) -> str:
    return _CREDENTIAL.sub(lambda m: m.group(1) + MASK, text)


class RedactingLogger(Logger):  # type: ignore[misc]
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in list(atoms):
            value = atoms[key]
            if not isinstance(value, str):
                continue
            if key in ("{authorization}i", "{cookie}i", "{x-api-key}i"):
                atoms[key] = MASK
            else:
                atoms[key] = redact(value)
        return atoms
