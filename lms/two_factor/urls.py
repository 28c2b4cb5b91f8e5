from django.urls import path

from lms.two_factor import views

two_factor_patterns = (
    [
        path("", views.security, name="security"),
        path("code/", views.verify, name="verify"),
        path("set-up/", views.enrol, name="enrol"),
        path("turn-off/", views.turn_off, name="turn_off"),
    ],
    "two_factor",
)
