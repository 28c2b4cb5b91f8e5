"""PDF download URLs, mounted under /certificates/."""

from django.urls import path

from . import pdf_views

urlpatterns: list = [
    path("<str:code>/certificate.pdf", pdf_views.certificate_pdf, name="certificate_pdf"),
]
