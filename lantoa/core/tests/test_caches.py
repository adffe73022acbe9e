"""The file cache culls now and then, not on every write."""

from lantoa.core.caches import FileBasedCache


def test_writes_list_the_folder_only_when_they_cull(tmp_path, monkeypatch):
    cache = FileBasedCache(tmp_path, {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    listings = []
    list_files = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or list_files())

    monkeypatch.setattr("lantoa.core.caches.random.randrange", lambda _n: 1)  # no cull
    for number in range(30):
        cache.set(f"page-{number}", number)
    assert listings == []
    assert len(list_files()) == 30

    monkeypatch.setattr("lantoa.core.caches.random.randrange", lambda _n: 0)  # cull now
    cache.set("one-more", 1)
    assert len(list_files()) == 16  # half of the 30 removed, then the new entry
    assert cache.get("one-more") == 1
