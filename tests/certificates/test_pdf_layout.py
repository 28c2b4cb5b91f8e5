"""The certificate's layout holds with real content, and the PDF is tagged for screen readers.

Worst cases (a two-line title, twelve long objectives, 60-character names with accents, in
Arabic and in CJK, the REVOKED notice) each render on one page; the page is rasterised, the QR
code decoded (zxing-cpp) and no text box (pypdfium2's text rectangles) crosses the QR code's
box. The structure tree is read with pypdf."""

from __future__ import annotations

import io
import re

import pypdfium2
import pytest
import zxingcpp
from django.utils import timezone
from pypdf import PdfReader

from certificates.models import Certificate
from certificates.rendering import certificate_pdf, layout, verification_url
from tests.certificates.pdf_setup import drawn_both_ways, structure

pytestmark = pytest.mark.usefixtures("media")

SCALE = 3  # 216 dpi
OBJECTIVE = (
    "Plan a conversation about limits with a person in crisis, using the peer values of mutuality and choice"
)
NAMES = {
    "accents": "Maria-Fernanda de los Ángeles Núñez-Øverström Çelik-Żółkiewsk",
    "arabic": "محمد عبد الرحمن الحسيني بن عبد الله العلوي الهاشمي القرشي ال",
    "cjk": "王小明李华張偉佐藤太郎김민준山田花子陳大文林美玲黃志強周杰倫王小明李华張偉佐藤太郎김민준山田花子陳大文林美玲黃志強周杰倫王小明李华張偉佐藤太",
}
LONG_TITLE = (
    "Working alongside people in crisis: boundaries, safety planning, trauma-informed "
    "conversations and the peer values in everyday practice"
)


def worst_case(organisation, name: str, *, revoked: bool) -> Certificate:
    return Certificate.objects.create(
        code=f"GW-{len(Certificate.objects.all()) + 2:04d}-2345-6789-ABCD",
        learner_name=name,
        module_title=LONG_TITLE,
        cpd_hours="12.5",
        cpd_category="trauma",
        cpd_category_label="Trauma-informed practice",
        objectives=[f"{OBJECTIVE} ({n})." for n in range(1, 13)],
        delivery_format="Blended: online modules with a facilitated group session",
        provider=organisation.organisation_name,
        signatory_name=organisation.signatory_name,
        signatory_role=organisation.signatory_role,
        accreditation_statement=organisation.accreditation_statement * 2,
        revision_number=12,
        expires_on=timezone.localdate().replace(year=timezone.localdate().year + 2),
        revoked_at=timezone.now() if revoked else None,
        revoked_reason="Completed on someone else's account, as the learner told us." if revoked else "",
    )


def test_the_fullest_regular_layout_also_fits(organisation):
    """The most the regular layout takes before the compact one: six objectives of 80 characters,
    a 70-character title, a 40-character name."""
    certificate = worst_case(organisation, "Ángela María Nuñez-Øverström Çelik-Żółk", revoked=False)
    certificate.module_title = LONG_TITLE[:70]
    certificate.objectives = [f"{OBJECTIVE[:74]} ({n})." for n in range(1, 7)]
    certificate.save()
    assert layout(certificate) == "regular"
    pdf = certificate_pdf(certificate)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    page = pypdfium2.PdfDocument(pdf)[0]
    code, box = qr_box(page)
    assert code.text == verification_url(certificate)
    assert not [text for text, rect in text_boxes(page) if overlaps(rect, box)]


def qr_box(page) -> tuple[zxingcpp.Barcode, tuple[float, float, float, float]]:
    """The decoded QR code and its box in PDF points (left, bottom, right, top)."""
    (code,) = zxingcpp.read_barcodes(page.render(scale=SCALE).to_pil())
    corners = [
        code.position.top_left,
        code.position.top_right,
        code.position.bottom_left,
        code.position.bottom_right,
    ]
    height = page.get_height()
    xs = [point.x / SCALE for point in corners]
    ys = [height - point.y / SCALE for point in corners]
    return code, (min(xs), min(ys), max(xs), max(ys))


def text_boxes(page) -> list[tuple[str, tuple[float, float, float, float]]]:
    text = page.get_textpage()
    boxes = []
    for n in range(text.count_rects()):
        box = text.get_rect(n)
        boxes.append((text.get_text_bounded(*box).strip(), box))
    return boxes


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("script", list(NAMES))
def test_worst_case_content_fits_one_page_with_a_clear_scannable_qr_code(organisation, script):
    certificate = worst_case(organisation, NAMES[script], revoked=script != "arabic")
    assert len(certificate.learner_name) >= 60
    pdf = certificate_pdf(certificate)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1

    page = pypdfium2.PdfDocument(pdf)[0]
    code, box = qr_box(page)
    assert code.format == zxingcpp.BarcodeFormat.QRCode
    assert code.text == verification_url(certificate)
    boxes = text_boxes(page)
    all_text = " ".join(text for text, _ in boxes)
    assert "(12)." in all_text and certificate.code in all_text  # the last objective and the code
    if certificate.revoked_at:
        assert "REVOKED" in all_text
    quiet = (box[0] - 4, box[1] - 4, box[2] + 4, box[3] + 4)  # the QR's quiet zone, roughly
    crossing = [text for text, rect in boxes if overlaps(rect, quiet)]
    assert not crossing, crossing


def test_names_in_every_script_are_printed_with_embedded_fonts(organisation):
    for script, name in NAMES.items():
        certificate = worst_case(organisation, name, revoked=False)
        pdf = certificate_pdf(certificate)
        page = pypdfium2.PdfDocument(pdf)[0]
        text = page.get_textpage().get_text_range()
        assert name[:12] in text or script == "arabic", script  # Arabic is extracted in visual order
        for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descendant["/FontDescriptor"].get_object())


def test_the_pdf_is_tagged_pdf_a_3a_and_pdf_ua_1_with_language_and_alternative_text(certificate):
    reader = PdfReader(io.BytesIO(certificate_pdf(certificate)))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-gb"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part="3"', xmp) and re.search(r'pdfaid:conformance="A"', xmp)
    assert re.search(r'pdfuaid:part="1"', xmp)
    assert "Certificate of completion: Boundaries in peer work, Dee Okafor" in xmp  # dc:title

    tags = structure(catalog["/StructTreeRoot"]["/K"], [])
    kinds = [kind for kind, _ in tags]
    assert kinds[0] == "/Document"
    assert kinds.index("/H1") < kinds.index("/H2")  # reading order: title, then objectives
    assert "/L" in kinds and "/LI" in kinds
    figures = [alt for kind, alt in tags if kind == "/Figure"]
    assert len(figures) == 3  # logo, signature, QR code: each with its alternative text
    assert "Logo of Harbour Peer Network" in figures
    assert "Signature of Morgan Reyes" in figures
    assert f"QR code linking to the verification page, {verification_url(certificate)}" in figures


@pytest.mark.parametrize(("script", "revoked"), [("accents", False), ("arabic", True)])
def test_the_templates_own_defaults_draw_what_weasyprints_full_html_stylesheet_draws(
    organisation, monkeypatch, script, revoked
):
    certificate = worst_case(organisation, NAMES[script], revoked=revoked)
    ours, weasyprints = drawn_both_ways(lambda: certificate_pdf(certificate), monkeypatch)
    assert ours == weasyprints
    regular = Certificate.objects.get(pk=certificate.pk)
    regular.objectives = regular.objectives[:2]
    regular.module_title = "Boundaries in peer work"
    ours, weasyprints = drawn_both_ways(lambda: certificate_pdf(regular), monkeypatch)
    assert ours == weasyprints
