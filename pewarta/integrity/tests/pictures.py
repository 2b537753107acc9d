"""Made-up photos for the photo-reuse tests: a colour field, a few shapes, sensor noise."""

import io

import numpy as np
from PIL import Image, ImageDraw, ImageOps


def picture(seed: int, size=(640, 480)) -> Image.Image:
    rng = np.random.default_rng(seed)
    width, height = size
    field = rng.integers(0, 256, (4, 5, 3), dtype=np.uint8)
    image = Image.fromarray(field).resize(size, Image.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(4, 9))):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        x1 = x0 + int(rng.integers(width // 10, width // 2))
        y1 = y0 + int(rng.integers(height // 10, height // 2))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)([x0, y0, x1, y1], fill=colour)
    noise = rng.normal(0, 10, (height, width, 3))
    pixels = np.clip(np.asarray(image, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels)


def jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=quality)
    return out.getvalue()


def copies(image: Image.Image) -> dict[str, Image.Image]:
    """The four kinds of copy issue 15 names."""
    width, height = image.size
    return {
        "resized": image.resize((width // 2, height // 2), Image.LANCZOS),
        "jpeg60": Image.open(io.BytesIO(jpeg(image, 60))),
        "cropped": image.crop((int(width * 0.1), int(height * 0.1), width, height)),
        "mirrored": ImageOps.mirror(image),
    }  # fmt: skip
