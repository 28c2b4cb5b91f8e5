"""Benchmarks: ``make bench`` (or ``python -m bench``) measures each figure against its target.

Every module in this package except ``runner`` and ``settings`` is imported after Django is set up;
a module adds figures with the ``bench.runner.benchmark`` decorator (see ``bench/quizzes.py``).
"""
