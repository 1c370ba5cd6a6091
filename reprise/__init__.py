"""reprise: read the news the way a desk editor reads the wires."""

__version__ = "0.1.0"
