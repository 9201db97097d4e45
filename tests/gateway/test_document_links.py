"""Signed document links: round trip, opacity, tampering, expiry, another deployment's key."""

from __future__ import annotations

import base64
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.port import DocumentFormat, DocumentKind, DocumentRef
from gateway.documents.links import (
    DEFAULT_TTL_SECONDS,
    LinkError,
    LinkExpired,
    SignedLinks,
)
from resolvers.viewer import Viewer

SECRET = "a-test-secret-of-at-least-32-characters"
MEMBER = Viewer("azur", "10000001", frozenset({"member"}))
CHILD = Viewer("azur", "10000001", frozenset({"beneficiary"}), beneficiary_id="10000001-03")
EXPORT = DocumentRef(
    DocumentKind.PAYMENTS_EXPORT,
    format=DocumentFormat.CSV,
    since=date(2026, 1, 1),
    until=date(2026, 6, 30),
    beneficiary_id="10000001-03",
)


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("viewer", [MEMBER, CHILD])
@pytest.mark.parametrize(
    "ref",
    [
        EXPORT,
        DocumentRef(DocumentKind.PAYMENT_STATEMENT, "P10000001-000"),
        DocumentRef(DocumentKind.LETTER, "LET10000001-00"),
        DocumentRef(DocumentKind.ATTESTATION),
    ],
)
def test_round_trip(viewer: Viewer, ref: DocumentRef) -> None:
    clock = Clock()
    links = SignedLinks(SECRET, clock=clock)
    url = links.link(viewer, ref)
    assert url.startswith("/documents/")
    grant = links.verify(url.removeprefix("/documents/"))
    assert grant.viewer == viewer
    assert grant.ref == ref
    assert grant.expires_at == clock.now + DEFAULT_TTL_SECONDS


def test_the_token_reveals_nothing() -> None:
    token = SignedLinks(SECRET).token(MEMBER, EXPORT)
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    for visible in (b"10000001", b"azur", b"payments_export", b"2026"):
        assert visible not in raw
    assert len(token) < 300
    assert token.replace("-", "").replace("_", "").isalnum()  # URL-safe, no padding


def test_two_links_to_the_same_document_differ() -> None:
    links = SignedLinks(SECRET)
    assert links.token(MEMBER, EXPORT) != links.token(MEMBER, EXPORT)


def test_expiry_is_told_apart() -> None:
    clock = Clock()
    links = SignedLinks(SECRET, ttl_seconds=300, clock=clock)
    token = links.token(MEMBER, EXPORT)
    clock.now += 299
    links.verify(token)
    clock.now += 1
    with pytest.raises(LinkExpired):
        links.verify(token)


def test_another_secret_is_refused() -> None:
    token = SignedLinks("another-deployment-secret-0123456789").token(MEMBER, EXPORT)
    with pytest.raises(LinkError) as caught:
        SignedLinks(SECRET).verify(token)
    assert not isinstance(caught.value, LinkExpired)


@given(position=st.integers(min_value=0, max_value=10_000), flip=st.integers(1, 255))
def test_any_changed_byte_is_refused(position: int, flip: int) -> None:
    links = SignedLinks(SECRET)
    raw = bytearray(base64.urlsafe_b64decode(_padded(links.token(MEMBER, EXPORT))))
    raw[position % len(raw)] ^= flip
    tampered = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    with pytest.raises(LinkError):
        links.verify(tampered)


@pytest.mark.parametrize("token", ["", "x", "not base64 !", "A" * 2000, "AAAA" * 20])
def test_garbage_is_refused(token: str) -> None:
    with pytest.raises(LinkError):
        SignedLinks(SECRET).verify(token)


def test_bad_construction() -> None:
    with pytest.raises(ValueError):
        SignedLinks("")
    with pytest.raises(ValueError):
        SignedLinks(SECRET, ttl_seconds=0)


def _padded(token: str) -> str:
    return token + "=" * (-len(token) % 4)


def test_one_spelling_per_token() -> None:
    """base64's spare bits in the last character would give the same bytes: refused."""
    links = SignedLinks(SECRET)
    token = links.token(MEMBER, EXPORT)
    respelled = [
        token[:-1] + c
        for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        if c != token[-1] and _padded(token[:-1] + c) != _padded(token)
    ]
    for candidate in respelled:
        with pytest.raises(LinkError):
            links.verify(candidate)
