"""Bringing people in: inviting one person or importing many from a CSV, the invitation email
with its set-password link, and accepting, resending or revoking an invitation."""
