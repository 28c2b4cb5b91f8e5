"""Two-step sign-in (issue 10, item 2): a code from an authenticator app after the password.

Built on django-otp: a TOTP device per person, and a static device holding their ten
single-use recovery codes. ``policy`` says who must use it, ``devices`` enrols and checks
codes, ``gate`` holds a signed-in person at the code or set-up page until they are verified.
"""
