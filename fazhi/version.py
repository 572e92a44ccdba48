"""fazhi's version, in one place: the package, ``pyproject.toml`` and ``fazhi --version`` read it."""

__version__ = "0.5.0"
