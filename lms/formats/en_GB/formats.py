"""British English: the same formats as ``lms.formats.en``, so every English reader sees one."""

from lms.formats.en.formats import *  # noqa: F403
