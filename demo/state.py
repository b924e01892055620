"""All demo state, in memory, behind one lock.

Every read returns a copy and every write is a method here, so request threads never
share a mutable object outside the lock.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import secrets
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import Any

from demo.catalog import (
    GIFT_WRAP_CENTS,
    Product,
    find_product,
    percent_off,
    shipping_cents,
)

# Enough work to be a real hash, little enough that sign-up stays fast in tests.
_PBKDF2_ITERATIONS = 60_000
# Cookieless clients (curl, health probes) get a fresh session per request: cap the total.
_MAX_VISITORS = 5_000
MAX_QUANTITY = 99


class EmailTakenError(Exception):
    """An account with this email already exists."""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, _PBKDF2_ITERATIONS)
    return f"pbkdf2_sha256${_PBKDF2_ITERATIONS}${salt.hex()}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        _algo, iterations, salt_hex, digest_hex = encoded.split("$")
        salt = bytes.fromhex(salt_hex)
        rounds = int(iterations)
    except ValueError:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, rounds)
    return hmac.compare_digest(digest.hex(), digest_hex)


@dataclass
class User:
    email: str
    full_name: str
    password_hash: str
    customer_number: str
    newsletter: bool = False
    avatar: str | None = None


@dataclass
class Session:
    user_email: str | None = None
    cart: dict[str, int] = field(default_factory=dict)
    gift_wrap: bool = False
    shipping: str = "standard"
    coupon: str | None = None
    coupon_percent: int = 0
    flashes: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class CartLine:
    product: Product
    quantity: int

    @property
    def line_cents(self) -> int:
        return self.product.price_cents * self.quantity


@dataclass(frozen=True)
class Cart:
    """A priced snapshot of a session's cart."""

    lines: tuple[CartLine, ...]
    gift_wrap: bool
    shipping: str
    coupon: str | None
    coupon_percent: int

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def subtotal_cents(self) -> int:
        return sum(line.line_cents for line in self.lines)

    @property
    def discount_cents(self) -> int:
        return percent_off(self.subtotal_cents, self.coupon_percent)

    @property
    def shipping_cents(self) -> int:
        return shipping_cents(self.shipping)

    @property
    def gift_wrap_cents(self) -> int:
        return GIFT_WRAP_CENTS if self.gift_wrap else 0

    @property
    def total_cents(self) -> int:
        return (
            self.subtotal_cents
            - self.discount_cents
            + self.shipping_cents
            + self.gift_wrap_cents
        )


@dataclass(frozen=True)
class Order:
    id: str
    user_email: str
    full_name: str
    lines: tuple[CartLine, ...]
    total_cents: int
    address: str
    city: str
    zip_code: str
    country: str


class Store:
    """Users, per-cookie visitor state, orders and request statistics of one running demo."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reset_unlocked()

    def _reset_unlocked(self) -> None:
        self._users: dict[str, User] = {}
        self._by_cookie: OrderedDict[str, Session] = OrderedDict()
        self._orders: dict[str, Order] = {}
        self._signups: list[str] = []
        self._logins = 0
        self._subscribers: list[str] = []
        self._hits: Counter[str] = Counter()

    def reset(self) -> None:
        with self._lock:
            self._reset_unlocked()

    # -- visitor state, keyed by the session cookie --------------------------------------

    def ensure_session(self, session_id: str | None) -> tuple[str, bool]:
        """Return a valid session id and whether it was just created."""
        with self._lock:
            if session_id and session_id in self._by_cookie:
                self._by_cookie.move_to_end(session_id)
                return session_id, False
            new_id = secrets.token_urlsafe(24)
            self._by_cookie[new_id] = Session()
            while len(self._by_cookie) > _MAX_VISITORS:
                self._by_cookie.popitem(last=False)
            return new_id, True

    def _session(self, session_id: str) -> Session:
        # A session evicted or reset mid-request is recreated empty rather than failing.
        return self._by_cookie.setdefault(session_id, Session())

    def current_user(self, session_id: str) -> User | None:
        with self._lock:
            email = self._session(session_id).user_email
            user = self._users.get(email) if email else None
            return copy.copy(user) if user else None

    def log_in(self, session_id: str, email: str) -> None:
        with self._lock:
            self._session(session_id).user_email = email

    def log_out(self, session_id: str) -> None:
        with self._lock:
            self._session(session_id).user_email = None

    def flash(self, session_id: str, kind: str, text: str) -> None:
        with self._lock:
            self._session(session_id).flashes.append((kind, text))

    def pop_flashes(self, session_id: str) -> list[tuple[str, str]]:
        with self._lock:
            session = self._session(session_id)
            flashes, session.flashes = session.flashes, []
            return flashes

    # -- accounts -------------------------------------------------------------------------

    def email_taken(self, email: str) -> bool:
        with self._lock:
            return email.lower() in self._users

    def register(self, *, email: str, full_name: str, password: str) -> User:
        password_hash = hash_password(password)  # slow: outside the lock
        key = email.lower()
        with self._lock:
            if key in self._users:
                raise EmailTakenError(email)
            taken = {u.customer_number for u in self._users.values()}
            number = f"C-{secrets.randbelow(90_000) + 10_000}"
            while number in taken:
                number = f"C-{secrets.randbelow(90_000) + 10_000}"
            user = User(
                email=key,
                full_name=full_name,
                password_hash=password_hash,
                customer_number=number,
            )
            self._users[key] = user
            self._signups.append(email)
            return copy.copy(user)

    def authenticate(self, email: str, password: str) -> User | None:
        """The user if the credentials match; counts successful logins for the stats."""
        key = email.strip().lower()
        with self._lock:
            user = self._users.get(key)
            encoded = user.password_hash if user else None
        if encoded is None or not verify_password(password, encoded):
            return None
        with self._lock:
            self._logins += 1
            found = self._users.get(key)
            return copy.copy(found) if found else None

    def set_newsletter(self, email: str, *, subscribed: bool) -> None:
        with self._lock:
            if email in self._users:
                self._users[email].newsletter = subscribed

    def set_avatar(self, email: str, file_name: str) -> None:
        with self._lock:
            if email in self._users:
                self._users[email].avatar = file_name

    def subscribe(self, email: str) -> None:
        with self._lock:
            self._subscribers.append(email)

    # -- cart and orders ------------------------------------------------------------------

    def cart(self, session_id: str) -> Cart:
        with self._lock:
            return self._cart_unlocked(self._session(session_id))

    @staticmethod
    def _cart_unlocked(session: Session) -> Cart:
        lines = []
        for slug, quantity in session.cart.items():
            product = find_product(slug)
            if product is not None:
                lines.append(CartLine(product, quantity))
        return Cart(
            lines=tuple(lines),
            gift_wrap=session.gift_wrap,
            shipping=session.shipping,
            coupon=session.coupon,
            coupon_percent=session.coupon_percent,
        )

    def cart_add(self, session_id: str, slug: str, quantity: int) -> None:
        with self._lock:
            cart = self._session(session_id).cart
            cart[slug] = min(cart.get(slug, 0) + quantity, MAX_QUANTITY)

    def cart_remove(self, session_id: str, slug: str) -> bool:
        with self._lock:
            return self._session(session_id).cart.pop(slug, None) is not None

    def cart_options(
        self,
        session_id: str,
        *,
        gift_wrap: bool | None = None,
        shipping: str | None = None,
    ) -> Cart:
        with self._lock:
            session = self._session(session_id)
            if gift_wrap is not None:
                session.gift_wrap = gift_wrap
            if shipping is not None:
                session.shipping = shipping
            return self._cart_unlocked(session)

    def apply_coupon(self, session_id: str, code: str, percent: int) -> Cart:
        with self._lock:
            session = self._session(session_id)
            session.coupon = code
            session.coupon_percent = percent
            return self._cart_unlocked(session)

    def place_order(
        self, session_id: str, *, address: str, city: str, zip_code: str, country: str
    ) -> Order | None:
        """Turn the cart into an order and empty it; None when the cart is empty."""
        with self._lock:
            session = self._session(session_id)
            user = self._users.get(session.user_email or "")
            cart = self._cart_unlocked(session)
            if user is None or not cart.lines:
                return None
            order_id = f"ORD-{secrets.randbelow(900_000) + 100_000}"
            while order_id in self._orders:
                order_id = f"ORD-{secrets.randbelow(900_000) + 100_000}"
            order = Order(
                id=order_id,
                user_email=user.email,
                full_name=user.full_name,
                lines=cart.lines,
                total_cents=cart.total_cents,
                address=address,
                city=city,
                zip_code=zip_code,
                country=country,
            )
            self._orders[order_id] = order
            session.cart.clear()
            session.coupon = None
            session.coupon_percent = 0
            session.gift_wrap = False
            session.shipping = "standard"
            return order

    def order(self, order_id: str) -> Order | None:
        with self._lock:
            return self._orders.get(order_id)

    def orders_for(self, email: str) -> list[Order]:
        with self._lock:
            return [o for o in self._orders.values() if o.user_email == email]

    # -- statistics -----------------------------------------------------------------------

    def record_hit(self, path: str) -> None:
        with self._lock:
            self._hits[path] += 1

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {
                "signups": list(self._signups),
                "logins": self._logins,
                "orders": list(self._orders),
                "hits": dict(self._hits),
                "newsletter": list(self._subscribers),
            }
