"""The bottom layer: small helpers every app uses. Nothing here imports ``courses``,
``assessments``, ``certificates`` or ``lms``; each of those may import from here.

- ``clock``: the organisation's "today" and the day an instant falls on, in its time zone;
- ``numbers``: integers from forms and query strings, ASCII digits only;
- ``links``: absolute URLs, built from the page's own site or the configured base address;
- ``organisation``: the organisation's settings (name, signatory…), cached per request;
- ``spreadsheets``: text a spreadsheet shows rather than runs;
- ``converters``: the ``<id:…>`` path converter.
"""
