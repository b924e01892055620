"""Where Tripwire's server may send requests of its own: standalone API checks, generation's
fetches and crawl, chat webhooks, log backends and tracker mirrors.

Testing internal staging apps is what Tripwire is for, so loopback and private networks are
reachable by default. Refused by default: link-local addresses (169.254.0.0/16, fe80::/10, where
cloud metadata services answer), the well-known metadata endpoints, and Tripwire's own address
(the host and port of `TRIPWIRE_PUBLIC_BASE_URL`), so a member cannot make the server read itself or its host's
credentials. `TRIPWIRE_OUTBOUND_DENY` refuses more; `TRIPWIRE_OUTBOUND_ALLOW`, when set, is the
only list allowed (the defaults still apply unless an allow entry names them).

Entries are CIDRs or addresses (`10.0.0.0/8`, `192.168.1.7`, `fd00::/8`), host names
(`staging.example.com`) or domain suffixes (`.example.com`), each optionally with `:port`.
Addresses are checked after DNS resolution and again on the connected socket, on every redirect,
so a name that resolves differently on the second lookup gains nothing.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from core.exceptions import TripwireError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

LINK_LOCAL: tuple[Network, ...] = (
    ipaddress.ip_network("169.254.0.0/16"),
    ipaddress.ip_network("fe80::/10"),
)
METADATA_HOSTS = frozenset(
    {"metadata.google.internal", "metadata.goog", "metadata", "instance-data"}
)
METADATA_ADDRESSES: tuple[Network, ...] = (
    ipaddress.ip_network("fd00:ec2::254/128"),  # AWS over IPv6
    ipaddress.ip_network("100.100.100.200/32"),  # Alibaba Cloud
)


class OutboundRefused(TripwireError):
    """A request Tripwire's server will not send; the detail says which rule refused it."""

    status_code = 400
    type = "outbound_refused"


@dataclass(frozen=True)
class Rule:
    network: Network | None = None
    host: str | None = None  # exact name, or a suffix starting with "."
    port: int | None = None

    @classmethod
    def parse(cls, text: str) -> Rule:
        entry = text.strip().lower()
        if not entry:
            raise ValueError("an empty entry")
        port: int | None = None
        if entry.startswith("["):  # [v6]:port
            inner, _, rest = entry[1:].partition("]")
            entry = inner
            if rest.startswith(":"):
                port = int(rest[1:])
        elif entry.count(":") == 1:
            entry, _, digits = entry.partition(":")
            port = int(digits)
        try:
            return cls(network=ipaddress.ip_network(entry, strict=False), port=port)
        except ValueError:
            pass
        if not entry.replace("-", "").replace(".", "").replace("_", "").isalnum():
            raise ValueError(f"{text!r} is neither an address, a CIDR nor a host name")
        return cls(host=entry, port=port)

    def matches(self, host: str, port: int, address: Address | None) -> bool:
        if self.port is not None and self.port != port:
            return False
        if self.network is not None:
            return address is not None and address in self.network
        name = host.lower().rstrip(".")
        assert self.host is not None
        if self.host.startswith("."):
            return name.endswith(self.host) or name == self.host[1:]
        return name == self.host


def parse_rules(entries: list[str]) -> tuple[Rule, ...]:
    return tuple(Rule.parse(entry) for entry in entries if entry.strip())


@dataclass(frozen=True)
class Policy:
    allow: tuple[Rule, ...]
    deny: tuple[Rule, ...]
    own: tuple[tuple[str, int], ...]  # Tripwire's own (host, port), by name

    def refusal(self, host: str, port: int, address: Address | None) -> str | None:
        """Why a request to `host:port` at `address` is refused, or None."""
        where = f"{host}:{port}" + (
            f" ({address})" if address and str(address) != host else ""
        )
        if any(rule.matches(host, port, address) for rule in self.deny):
            return f"{where} is in TRIPWIRE_OUTBOUND_DENY"
        if any(rule.matches(host, port, address) for rule in self.allow):
            return None
        if self.allow:
            return f"{where} is not in TRIPWIRE_OUTBOUND_ALLOW"
        if address is not None and any(address in net for net in LINK_LOCAL):
            return f"{where} is a link-local address (cloud metadata lives there)"
        if host.lower().rstrip(".") in METADATA_HOSTS or (
            address is not None and any(address in net for net in METADATA_ADDRESSES)
        ):
            return f"{where} is a cloud metadata endpoint"
        if self._is_own(host, port, address):
            return f"{where} is this Tripwire server"
        return None

    def _is_own(self, host: str, port: int, address: Address | None) -> bool:
        for own_host, own_port in self.own:
            if own_port != port:
                continue
            if own_host == host.lower():
                return True
            own_addresses = _resolve_quietly(own_host, own_port)
            if address is not None and address in own_addresses:
                return True
            if (
                address is not None
                and address.is_loopback
                and any(a.is_loopback for a in own_addresses)
            ):
                return True
        return False


def _resolve_quietly(host: str, port: int) -> set[Address]:
    try:
        return set(resolve(host, port))
    except OSError:
        return set()


def resolve(host: str, port: int) -> list[Address]:
    found: list[Address] = []
    for *_, sockaddr in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP):
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if address not in found:
            found.append(address)
    return found


@functools.lru_cache(maxsize=8)
def _policy_for(
    allow: tuple[str, ...], deny: tuple[str, ...], public_url: str
) -> Policy:
    own: list[tuple[str, int]] = []
    parts = urlsplit(public_url)
    if parts.hostname:
        default = 443 if parts.scheme == "https" else 80
        own.append((parts.hostname.lower(), parts.port or default))
    return Policy(
        allow=parse_rules(list(allow)), deny=parse_rules(list(deny)), own=tuple(own)
    )


def policy() -> Policy:
    return _policy_for(
        tuple(settings.OUTBOUND_ALLOW),
        tuple(settings.OUTBOUND_DENY),
        str(settings.PUBLIC_BASE_URL),
    )


def check_url(url: str) -> None:
    """Refuse a URL before a browser opens it (the crawl): every address its host resolves to."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    _check(host, port)


def _check(host: str, port: int) -> None:
    rules = policy()
    try:
        literal: Address | None = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    addresses: list[Address] = [literal] if literal else []
    if literal is None:
        reason = rules.refusal(host, port, None)
        if reason:
            raise OutboundRefused(f"Refused by the outbound policy: {reason}.")
        try:
            addresses = resolve(host, port)
        except OSError:
            return  # the request itself will fail to connect and say so
    for address in addresses:
        reason = rules.refusal(host, port, address)
        if reason:
            raise OutboundRefused(f"Refused by the outbound policy: {reason}.")


class _Checked:
    """A urllib3 connection that checks the policy before connecting and on the socket."""

    host: str
    port: int

    def _new_conn(self) -> socket.socket:
        _check(self.host, self.port)
        sock: socket.socket = super()._new_conn()  # type: ignore[misc]
        peer = ipaddress.ip_address(str(sock.getpeername()[0]).split("%")[0])
        reason = policy().refusal(self.host, self.port, peer)
        if reason:
            sock.close()
            raise OutboundRefused(f"Refused by the outbound policy: {reason}.")
        return sock


class _CheckedHTTPConnection(_Checked, HTTPConnection):
    pass


class _CheckedHTTPSConnection(_Checked, HTTPSConnection):
    pass


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _CheckedHTTPPool,
            "https": _CheckedHTTPSPool,
        }


def outbound_session() -> requests.Session:
    """A requests session bound by the outbound policy, redirects included. It ignores proxy
    environment variables: a proxy would hide the address the policy must see."""
    session = requests.Session()
    session.trust_env = False
    adapter = _CheckedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
