"""The one PDF pipeline of the certificates app: certificates, CPD transcripts and ZIP exports.

HTML from a Django template, styled by a stylesheet parsed once per template, written by
WeasyPrint as a tagged, archival PDF: PDF/A-3a (PDF/A-3 at level A, "accessible": tagged, with
Unicode text) which WeasyPrint writes with its structure tree, and declared PDF/UA-1 as well
(``pdfuaid:part`` 1 added to the same XMP packet by ``declare_pdf_ua``): the document language
(``/Lang`` from the template's ``lang``), its title shown as the window title, every image with
alternative text, headings, lists and paragraphs in reading order. Fonts are embedded, subset
(DejaVu from Debian's ``fonts-dejavu-core``, Noto from ``fonts-noto-core``/``fonts-noto-cjk``
for the scripts DejaVu lacks), found through fontconfig.

WeasyPrint fetches nothing from the network: ``LocalFilesFetcher`` serves only files from the
media and static storages, through two private URL schemes, and refuses every other URL.
"""

from __future__ import annotations

import base64
import gc
import mimetypes
import threading
from contextlib import contextmanager
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import get_template, render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_VARIANT = "pdf/a-3a"
PDF_UA_PART = "1"
MEDIA_SCHEME = "gw-media:"
STATIC_SCHEME = "gw-static:"
PNG_DATA = "data:image/png;base64,"


class LocalFilesFetcher(URLFetcher):
    """Serve ``gw-media:<name>`` from the default storage, ``gw-static:<path>`` from the static
    files and base64 PNG ``data:`` URLs (the QR code); refuse anything else (http, https,
    file…), so a PDF never reaches out."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith(PNG_DATA):
            body = base64.b64decode(url.removeprefix(PNG_DATA))
            return URLFetcherResponse(url, body, {"Content-Type": "image/png"})
        if url.startswith(MEDIA_SCHEME):
            with default_storage.open(url.removeprefix(MEDIA_SCHEME), "rb") as file:
                body = file.read()
        elif url.startswith(STATIC_SCHEME):
            body = _static_bytes(url.removeprefix(STATIC_SCHEME))
        else:
            raise ValueError(f"PDFs load only media and static files, not {url[:80]!r}.")
        content_type = mimetypes.guess_type(url.split(":", 1)[1])[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def _static_bytes(path: str) -> bytes:
    found = finders.find(path)  # the source folders (development, tests)
    if found:
        with open(found, "rb") as file:
            return file.read()
    with staticfiles_storage.open(path, "rb") as file:  # collected static files (production)
        return file.read()


def media_url(name: str) -> str:
    """The URL a PDF template uses for a file in the default (media) storage."""
    return f"{MEDIA_SCHEME}{name}"


def static_url(path: str) -> str:
    """The URL a PDF template uses for a static file."""
    return f"{STATIC_SCHEME}{path}"


def stylesheet(template_name: str) -> CSS:
    """The stylesheet ``template_name``, parsed once per process: it is read-only, so sharing it is
    safe and saves re-parsing on every PDF. Re-read on every render under DEBUG, so edits show at once."""
    return _parse_stylesheet(template_name) if settings.DEBUG else _cached_stylesheet(template_name)


def _parse_stylesheet(template_name: str) -> CSS:
    return CSS(string=get_template(template_name).template.source, url_fetcher=LocalFilesFetcher())


_cached_stylesheet = lru_cache(maxsize=8)(_parse_stylesheet)


DEFAULTS_STYLESHEET = "certificates/pdf/defaults.css"


class PrintHTML(HTML):
    """A PDF template's HTML, cascaded with the browser defaults it uses (``defaults.css``)
    instead of WeasyPrint's stylesheet for all of HTML: a few rules to match against each element
    rather than a few hundred, and no page-margin boxes to style, for the same drawing."""

    def _ua_stylesheets(self, forms=False):
        return [stylesheet(DEFAULTS_STYLESHEET)]


def declare_pdf_ua(document, pdf) -> None:
    """A WeasyPrint finisher: claim PDF/UA-1 beside PDF/A-3a in the document's one XMP packet.
    WeasyPrint writes one variant's identification; the tagging PDF/UA needs is PDF/A-3a's."""
    reference = pdf.catalog.get("Metadata")
    if reference is None:
        return
    if isinstance(reference, bytes):
        reference = reference.decode()
    stream = pdf.objects[int(reference.split()[0])]
    content = b"".join(stream.stream)
    marker = b'pdfaid:part="3"'
    if marker in content and b"pdfuaid" not in content:
        declared = marker + b' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="%s"' % (
            PDF_UA_PART.encode()
        )
        stream.stream = [content.replace(marker, declared, 1)]


def render_pdf(
    template_name: str, context: dict, stylesheet_name: str, *, identifier: bytes | None = None
) -> bytes:
    """``template_name`` rendered with ``context`` in the site's language, as tagged PDF/A-3a
    (and PDF/UA-1) bytes."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, {"language_code": settings.LANGUAGE_CODE, **context})
    document = PrintHTML(string=html, url_fetcher=LocalFilesFetcher())
    with cyclic_gc_paused():
        return document.write_pdf(
            font_config=font_configuration(),
            cache=image_cache(),
            stylesheets=[stylesheet(stylesheet_name)],
            pdf_variant=PDF_VARIANT,
            pdf_identifier=identifier,
            finisher=declare_pdf_ua,
        )


_per_thread = threading.local()


def font_configuration() -> FontConfiguration:
    """This thread's fontconfig and Pango font map, kept between renders: a new one for every
    PDF would find, open and measure the same few fonts again each time. Pango's font map is not
    shared between threads, so each thread (a gunicorn thread, a task worker) keeps its own."""
    config = getattr(_per_thread, "font_config", None)
    if config is None:
        config = _per_thread.font_config = FontConfiguration()
    return config


IMAGE_CACHE_ENTRIES = 200


def image_cache() -> dict:
    """This thread's decoded images (the organisation's logo and signature, a QR code), kept between
    renders so that a run of certificates decodes the logo once. Emptied, between renders only,
    once it holds more than a few certificates' worth, so a worker's memory stays flat."""
    cache = getattr(_per_thread, "images", None)
    if cache is None or len(cache) > IMAGE_CACHE_ENTRIES:
        cache = _per_thread.images = {}
    return cache


@contextmanager
def cyclic_gc_paused():
    """Hold Python's cyclic garbage collector while WeasyPrint lays out a page.

    A render allocates a few hundred thousand short-lived objects, which sets off many
    collections; each older-generation one walks every object the process holds (Django, Wagtail,
    the URL and template caches), so they cost a render a quarter of its time. Reference counting
    still frees the render's objects as it goes; the collector resumes afterwards and gathers any
    cycles left at its next turn. A pause inside a pause leaves the collector as it found it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
