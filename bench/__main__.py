"""``python -m bench``: run every benchmark, write bench/results.json and print the table."""

from bench.runner import main

raise SystemExit(main())
