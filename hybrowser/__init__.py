"""hybrowser: a desktop browser for a city's economic bulletin."""

__version__ = "0.1.0"
