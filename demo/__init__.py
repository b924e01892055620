"""The demo shop that ships with Tripwire (standard library only; see docs/demo-app.md)."""

from demo.server import DemoHandle, start_demo

__all__ = ["DemoHandle", "start_demo"]
