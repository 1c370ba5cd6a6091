"""reprise: read the news the way a desk editor reads the wires.

The Python API (`reprise.run`, `list_stories`, `story`, `table`, `clean_text`, `shared_passages`, `deduplicate`,
`align_files`) is in
`reprise.api`, loaded on first use so that the command line starts fast.
"""

__version__ = "0.1.0"

_API = ("run", "list_stories", "story", "table", "clean_text", "shared_passages", "deduplicate", "align_files")
__all__ = list(_API)


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'reprise' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
