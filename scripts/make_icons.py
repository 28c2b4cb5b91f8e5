"""Draw the web app's icons (static/icons/) from the favicon's shapes, with Pillow, offline.

Run once when the mark changes: ``.venv/bin/python scripts/make_icons.py``; the PNGs are committed.
"""

from pathlib import Path

from PIL import Image, ImageDraw

TEAL = (31, 95, 91, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
SCALE = 4  # draw large, then shrink: smooth edges without an anti-aliasing pass


def cubic(p0, p1, p2, p3, steps=400):
    for i in range(steps + 1):
        t = i / steps
        yield tuple(
            (1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t**2 * c + t**3 * d
            for a, b, c, d in zip(p0, p1, p2, p3, strict=True)
        )


# The favicon's arc, "M6 22c4-7 8-10 10-10s6 3 10 10", on its 32-unit grid.
ARC = [*cubic((6, 22), (10, 15), (14, 12), (16, 12)), *cubic((16, 12), (18, 12), (22, 15), (26, 22))]


def icon(size: int, maskable: bool) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:  # full bleed; the mark kept inside the central safe zone
        draw.rectangle((0, 0, big, big), fill=TEAL)
        unit, offset = big * 0.7 / 32, big * 0.15
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 7 / 32, fill=TEAL)
        unit, offset = big / 32, 0
    points = [(offset + x * unit, offset + y * unit) for x, y in ARC]
    radius = 1.5 * unit  # a round pen stamped along the arc: round caps, no seams at the joins
    for x, y in points:
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (180, 192, 512):
        icon(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
