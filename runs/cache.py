"""The action cache as a database table, so every worker (and the CLI) replays what any of them learnt."""

from __future__ import annotations

from django.db.models import F

from engine.cache import CachedAction, CacheKey
from runs.bridge import DbThread
from runs.models import ActionCacheEntry


class DbActionCache:
    """Reads and writes go through `db` (the engine's thread may not touch the ORM itself)."""

    def __init__(self, db: DbThread | None = None) -> None:
        self.db = db

    def get(self, key: CacheKey) -> CachedAction | None:
        return self.db.call(self._get, key) if self.db else self._get(key)

    def put(self, key: CacheKey, action: CachedAction) -> None:
        if self.db:
            self.db.call(self._put, key, action)
        else:
            self._put(key, action)

    @staticmethod
    def _get(key: CacheKey) -> CachedAction | None:
        digest = key.digest()
        entry = ActionCacheEntry.objects.filter(key=digest).only("action").first()
        if entry is None:
            return None
        ActionCacheEntry.objects.filter(key=digest).update(hits=F("hits") + 1)
        return CachedAction.from_dict(entry.action)

    @staticmethod
    def _put(key: CacheKey, action: CachedAction) -> None:
        digest = key.digest()
        data = action.to_dict()
        current = ActionCacheEntry.objects.filter(key=digest).values_list(
            "action", flat=True
        )
        existing = current.first()
        if existing is None:
            ActionCacheEntry.objects.get_or_create(
                key=digest,
                defaults={
                    "suite_id": key.suite_id,
                    "case_id": key.case_id,
                    "step_id": key.step_id,
                    "text": key.step_text,
                    "url_path": key.url_path,
                    "action": data,
                    "tier": action.tier,
                },
            )
        elif existing != data:
            # A rewrite of an existing entry is a heal: the recorded locators stopped working.
            ActionCacheEntry.objects.filter(key=digest).update(
                action=data, tier=action.tier, heals=F("heals") + 1
            )
