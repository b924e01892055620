"""The browser executor: a plain Python package with no Django imports."""
