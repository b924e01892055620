"""Secret masking (text, data, trace zips) and the action cache's key and JSON round trip."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from urllib.parse import quote_plus

from engine.cache import (
    CachedAction,
    CacheKey,
    Locator,
    MemoryActionCache,
    RecordedAction,
)
from engine.masking import MASK, Masker, scrub_zip

SECRET = 'Pa$$ w0rd"&<x>@1'


def masker() -> Masker:
    m = Masker()
    m.add(SECRET)
    m.add("ab")  # too short to mask anything meaningful
    return m


def test_mask_replaces_every_spelling_of_a_secret() -> None:
    m = masker()
    spellings = [
        SECRET,
        quote_plus(SECRET),
        json.dumps(SECRET)[1:-1],
        "Pa$$ w0rd&quot;&amp;&lt;x&gt;@1",
    ]
    for text in spellings:
        assert m.mask(f"before {text} after") == f"before {MASK} after"
    assert m.mask("ab stays") == "ab stays"


def test_mask_data_walks_nested_structures() -> None:
    data = {"a": [SECRET, {"b": f"x{SECRET}y"}], "n": 3, SECRET: None}
    masked = masker().mask_data(data)
    assert masked == {"a": [MASK, {"b": f"x{MASK}y"}], "n": 3, MASK: None}


def test_longer_secret_containing_a_shorter_one_is_masked_whole() -> None:
    m = Masker()
    m.add("secret")
    m.add("secret-extended")
    assert m.mask("secret-extended") == MASK


def test_scrub_zip_rewrites_every_entry(tmp_path: Path) -> None:
    path = tmp_path / "trace.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("trace.trace", json.dumps({"params": {"value": SECRET}}))
        z.writestr("trace.network", f"postData=user%40x&pw={quote_plus(SECRET)}")
        z.writestr("resources/page.html", f"<p>{SECRET}</p>")
        z.writestr("image.png", b"\x89PNG\x00\x01")
    replaced = scrub_zip(path, masker())
    assert replaced == 3
    with zipfile.ZipFile(path) as z:
        blob = b"".join(z.read(n) for n in z.namelist())
        assert z.read("image.png") == b"\x89PNG\x00\x01"
    for form in (SECRET, quote_plus(SECRET), json.dumps(SECRET)[1:-1]):
        assert form.encode() not in blob
    assert MASK.encode() in blob


def _key(**overrides: str) -> CacheKey:
    values = {
        "suite_id": "shop",
        "case_id": "signup",
        "step_id": "s2",
        "step_text": "Enter  ${email}   into \u2018Email\u2019",
        "url_path": "/signup",
    }
    values.update(overrides)
    return CacheKey.for_step(**values)


def test_cache_key_normalises_text_and_hashes_stably() -> None:
    key = _key()
    assert key.step_text == "Enter ${email} into 'Email'"
    assert key.digest() == _key(step_text='Enter ${email} into "Email"').digest()
    assert len(key.digest()) == 64
    assert key.digest() != _key(url_path="/login").digest()
    assert key.digest() != _key(step_id="s3").digest()


def test_cache_key_drops_record_ids_from_the_path() -> None:
    assert _key(url_path="/orders/ORD-123456").url_path == "/orders/*"
    assert _key(url_path="/products/trail-boots").url_path == "/products/trail-boots"


def test_cached_action_round_trips_through_json() -> None:
    action = CachedAction(
        actions=(
            RecordedAction(
                "fill",
                value="${email}",
                locators=(
                    Locator("role", "Email", role="textbox"),
                    Locator("label", "Email"),
                    Locator("css", "#email"),
                ),
                target='textbox "Email"',
            ),
            RecordedAction(
                "click",
                locators=(
                    Locator(
                        "test_id",
                        "add",
                        attr="data-test",
                        row_text="Trail Boots",
                        row_tag="li",
                    ),
                ),
            ),
            RecordedAction("press", key="Enter"),
        ),
        tier="grammar",
    )
    assert CachedAction.from_json(action.to_json()) == action
    assert CachedAction.from_dict(json.loads(json.dumps(action.to_dict()))) == action
    assert "${email}" in action.to_json()


def test_memory_cache_stores_by_digest() -> None:
    cache = MemoryActionCache()
    entry = CachedAction(actions=(RecordedAction("goto", value="/signup"),))
    cache.put(_key(), entry)
    assert cache.get(_key(step_text="Enter ${email} into 'Email'")) == entry
    assert cache.get(_key(step_id="s9")) is None
    assert len(cache) == 1
