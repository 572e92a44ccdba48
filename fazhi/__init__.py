"""fazhi: a knowledge graph of Chinese government annual reports on rule-of-law construction.

>>> from fazhi import __version__
>>> isinstance(__version__, str)
True
"""

__version__ = "0.1.0"
