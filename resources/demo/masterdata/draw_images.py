"""Draws the demo instruction diagrams (run once; the PNGs are committed). Needs Pillow."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).parent / "images"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def canvas(title: str) -> tuple[Image.Image, ImageDraw.ImageDraw, ImageFont.FreeTypeFont]:
    image = Image.new("RGB", (800, 500), "#f4f4f4")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 26)
    draw.text((24, 16), title, fill="#222", font=font)
    return image, draw, ImageFont.truetype(FONT, 20)


def rack_loading() -> Image.Image:
    image, draw, small = canvas("Rack loading: 24 cases, camera opening up")
    draw.rectangle((60, 80, 740, 100), fill="#777")
    for row in range(2):
        for col in range(6):
            x, y = 90 + col * 110, 130 + row * 170
            draw.line((x + 40, 100 if row == 0 else 270, x + 40, y), fill="#777", width=4)
            draw.rounded_rectangle((x, y, x + 80, y + 140), radius=14, outline="#333", width=3)
            draw.rounded_rectangle((x + 10, y + 10, x + 36, y + 44), radius=6, outline="#333", width=2)
            draw.ellipse((x + 34, y - 6, x + 46, y + 6), fill="#c00")
    draw.text((60, 460), "red dot = contact point on the inside rim", fill="#333", font=small)
    return image


def bath_check() -> Image.Image:
    image, draw, small = canvas("Anodizing bath 1: check before lowering")
    draw.rectangle((120, 150, 680, 430), outline="#333", width=4)
    draw.rectangle((124, 200, 676, 426), fill="#cfe0ea")
    for x in range(160, 660, 60):
        draw.ellipse((x, 380, x + 10, 390), outline="#557", width=2)
    draw.text((140, 110), "18–22 °C", fill="#222", font=small)
    draw.text((420, 110), "agitation ON", fill="#222", font=small)
    draw.text((140, 440), "rectifier: REMOTE", fill="#222", font=small)
    return image


def rectifier_ramp() -> Image.Image:
    image, draw, small = canvas("Rectifier program A15: ramp 90 s to 15 V, hold 35 min")
    draw.line((80, 420, 760, 420), fill="#333", width=2)
    draw.line((80, 420, 80, 90), fill="#333", width=2)
    draw.line((80, 420, 200, 150, 740, 150), fill="#1f4e79", width=4)
    draw.text((90, 430), "0", fill="#333", font=small)
    draw.text((190, 430), "90 s", fill="#333", font=small)
    draw.text((680, 430), "35 min", fill="#333", font=small)
    draw.text((20, 140), "15 V", fill="#333", font=small)
    return image


def thickness_gauge() -> Image.Image:
    image, draw, small = canvas("Film thickness: measure back face, centre")
    draw.rounded_rectangle((250, 80, 470, 470), radius=30, outline="#333", width=4)
    draw.ellipse((345, 260, 375, 290), fill="#c00")
    draw.line((375, 275, 600, 275), fill="#c00", width=3)
    draw.text((610, 262), "probe here", fill="#222", font=small)
    draw.text((520, 380), "limits 13–17 µm", fill="#222", font=small)
    return image


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, draw in (("rack-loading", rack_loading), ("bath-check", bath_check),
                       ("rectifier-ramp", rectifier_ramp), ("thickness-gauge", thickness_gauge)):
        draw().save(HERE / f"{name}.png", optimize=True)


if __name__ == "__main__":
    main()
