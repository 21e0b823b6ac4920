"""Read access to a store the command line made."""

import pytest

import marsad


def test_search_events_articles_actors_stats(sample_store):
    store = marsad.Store(sample_store)
    stats = store.stats()
    assert stats["articles"] == 100
    r = store.search("المغرب", limit=5)
    assert r["total"] > 0 and 0 < len(r["hits"]) <= 5
    assert {"actor", "type", "outlet", "month"} <= set(r["facets"])
    page2 = store.search("المغرب", limit=5, offset=5)
    assert {h["id"] for h in page2["hits"]}.isdisjoint({h["id"] for h in r["hits"]})
    seed = store.article("seed-000")
    assert seed["outlet"] == "Arabi21" and seed["analysis"]["schema"] == marsad.SCHEMA
    assert seed["text"].startswith(seed["analysis"]["sentences"][0]["text"][:10])
    assert store.article("no-such-article") is None
    events = store.events(actor="ISR", limit=10)
    assert events and all("ISR" in (e["source"] or "") + (e["target"] or "") for e in events)
    mentions = store.events(actor="ISR", mentions=True, limit=10)
    assert mentions and "trigger_start" in mentions[0]
    actors = store.actors(kind="country", top=5)
    assert len(actors) == 5 and actors[0]["mentions"] >= actors[-1]["mentions"]
    assert store.search("", from_="2022-07-01", to="2022-07-31")["total"] >= 1


def test_bad_requests_and_missing_stores_raise(sample_store, tmp_path):
    store = marsad.Store(sample_store)
    with pytest.raises(marsad.MarsadError):
        store.events(from_="July")
    with pytest.raises(marsad.MarsadError, match="no store"):
        marsad.Store(tmp_path / "nothing-here")
