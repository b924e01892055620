"""`python -m demo`: serve the demo shop in the foreground."""

from __future__ import annotations

import argparse
from pathlib import Path

from demo.server import serve
from demo.variants import VARIANT_NAMES


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m demo", description="Serve the demo shop."
    )
    parser.add_argument("--port", type=int, default=8500, help="0 picks a free port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--variant", choices=VARIANT_NAMES, default="original")
    parser.add_argument(
        "--log-file",
        type=Path,
        default=None,
        help="also append server log lines to this file",
    )
    args = parser.parse_args(argv)
    serve(variant=args.variant, port=args.port, host=args.host, log_file=args.log_file)


if __name__ == "__main__":
    main()
