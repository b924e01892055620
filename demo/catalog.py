"""The fixed product catalogue: stable names and prices so suites can assert totals."""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("footwear", "Footwear"),
    ("bags", "Bags"),
    ("accessories", "Accessories"),
)


@dataclass(frozen=True)
class Product:
    slug: str
    name: str
    price_cents: int
    category: str
    blurb: str


PRODUCTS: tuple[Product, ...] = (
    Product(
        "canvas-sneakers",
        "Canvas Sneakers",
        5900,
        "footwear",
        "Light everyday sneakers.",
    ),
    Product(
        "trail-boots",
        "Trail Boots",
        12900,
        "footwear",
        "Waterproof boots for long hikes.",
    ),
    Product(
        "leather-backpack", "Leather Backpack", 14900, "bags", "A 20 litre backpack."
    ),
    Product("tote-bag", "Tote Bag", 2450, "bags", "Organic cotton, fits a laptop."),
    Product("wool-scarf", "Wool Scarf", 3500, "accessories", "Merino wool, one size."),
    Product(
        "classic-sunglasses", "Classic Sunglasses", 7999, "accessories", "UV400 lenses."
    ),
)

_BY_SLUG = {p.slug: p for p in PRODUCTS}

GIFT_WRAP_CENTS = 500
SHIPPING_OPTIONS: tuple[tuple[str, str, int], ...] = (
    ("standard", "Standard (free)", 0),
    ("express", "Express ($9.99)", 999),
)
COUNTRIES: tuple[tuple[str, str], ...] = (
    ("US", "United States"),
    ("DE", "Germany"),
    ("FR", "France"),
)


def find_product(slug: str) -> Product | None:
    return _BY_SLUG.get(slug)


def shipping_cents(option: str) -> int:
    for value, _label, cents in SHIPPING_OPTIONS:
        if value == option:
            return cents
    return 0


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) / 100:,.2f}"


def percent_off(subtotal_cents: int, percent: int) -> int:
    """Discount in cents, rounded half up; the cart script uses the same integer formula."""
    return (subtotal_cents * percent + 50) // 100
