"""The three flavours of the demo shop, as data: one code base, small per-variant differences.

`redesigned` keeps behaviour and every asserted text but churns the markup (class names, ids,
test ids, some interactive labels, element order), which is what self-healing has to survive.
`regressed` keeps the original markup but breaks one behaviour, which healing must not hide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

VARIANT_NAMES: tuple[str, ...] = ("original", "redesigned", "regressed")


@dataclass(frozen=True)
class Variant:
    """How one variant names, labels and orders things."""

    name: str
    redesigned: bool = False
    cart_add_broken: bool = False
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    test_ids: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def label(self, text: str) -> str:
        """The text an interactive element shows in this variant."""
        return self.labels.get(text, text)

    def cls(self, *names: str) -> str:
        """Class attribute value; the redesign uses generated names like CSS-in-JS output."""
        return " ".join(self._rename(n) for n in names)

    def id(self, name: str) -> str:
        return self._rename(name)

    def tid(self, name: str) -> str:
        """data-testid value."""
        return self.test_ids.get(name, name)

    def _rename(self, name: str) -> str:
        if not self.redesigned:
            return name
        # Deterministic so the redesign is stable across restarts, opaque so no
        # locator can recover the old name by string manipulation.
        digest = hashlib.sha1(name.encode()).hexdigest()[:6]
        return f"sc-{digest}"


_REDESIGN_LABELS = MappingProxyType(
    {
        "Sign in": "Log in",
        "Create account": "Create my account",
        "Email": "Email address",
        "Full name": "Your name",
        "Place order": "Place your order",
        "Apply coupon": "Apply code",
    }
)

_REDESIGN_TEST_IDS = MappingProxyType(
    {
        "cart-count": "header-basket-qty",
        "customer-number": "profile-customer-id",
        "order-number": "confirmation-order-ref",
        "product-list": "catalog-grid",
        "product-row": "catalog-card",
        "cart-row": "basket-line",
        "cart-subtotal": "basket-subtotal",
        "cart-total": "basket-grand-total",
        "coupon-message": "promo-feedback",
        "recommendations": "personalised-picks",
        "newsletter": "footer-signup",
        "flash": "toast",
    }
)

VARIANTS: Mapping[str, Variant] = MappingProxyType(
    {
        "original": Variant(name="original"),
        "redesigned": Variant(
            name="redesigned",
            redesigned=True,
            labels=_REDESIGN_LABELS,
            test_ids=_REDESIGN_TEST_IDS,
        ),
        "regressed": Variant(name="regressed", cart_add_broken=True),
    }
)


def get_variant(name: str) -> Variant:
    try:
        return VARIANTS[name]
    except KeyError:
        choices = ", ".join(VARIANT_NAMES)
        raise ValueError(
            f"unknown demo variant {name!r} (choose from {choices})"
        ) from None
