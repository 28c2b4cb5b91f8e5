"""The outbox: every email Groundwork sends, recorded, delivered at most once and retried.

A bottom-layer app that imports no other app of ours: callers render their email and hand it
over with ``outbox.delivery.send``; the outbox never knows what an email is about.
"""
