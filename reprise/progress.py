"""A progress bar on the terminal (stderr), only when it is one: pipes, logs and captured output stay clean."""

from __future__ import annotations

import sys


def progress_bar(enabled: bool, unit: str = " items"):
    """A tqdm bar, or None when not `enabled` or when stderr is not a terminal."""
    if not enabled or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True)
