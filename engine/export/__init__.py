"""Export a suite as a standalone `@playwright/test` spec: suite and cached actions in, TypeScript out."""

from engine.export.compiler import CacheLookup, ExportedSpec, compile_suite, lookup_from

__all__ = ["CacheLookup", "ExportedSpec", "compile_suite", "lookup_from"]
