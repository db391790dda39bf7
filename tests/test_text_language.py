"""detect_language on short feedback texts."""

from __future__ import annotations

import pytest

from miner.text import detect_language


@pytest.mark.parametrize(
    "text",
    [
        "great app",
        "meh",
        "ok",
        "OK",
        "love it!!",
        "worst service ever",
        "app keeps crashing",
        "Good",
        "terrible",
        "not bad at all",
        "thx 🙏",
        "The delivery was late but support was great",
        "Ordered from שופרסל, the delivery was late",  # one Hebrew name in English text
        "call me at [PHONE] please, the courier never came",
    ],
)
def test_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "שירות מעולה",
        "המשלוח איחר",
        "הזמנתי באמזון דרך ה-app",
        "קניתי iPhone",
        "קניתי iPhone 15 Pro Max",
        "קניתי ב-Best Buy וזה הגיע מהר",
        "השירות היה great",
        "התקשרו אליי [PHONE] עכשיו",
        "מומלץ!! 👍 https://www.example.com/great-service-thanks @best_shop",
        'צה"ל ק"מ',
    ],
)
def test_hebrew(text: str) -> None:
    assert detect_language(text) == "he"


@pytest.mark.parametrize(
    "text",
    [
        "המשלוח הגיע מהר, really impressed",
        "אחלה אפליקציה, highly recommend",
        "the app keeps crashing כל הזמן ואין מענה",
        "שירות לקוחות גרוע, worst experience ever",
    ],
)
def test_mixed(text: str) -> None:
    assert detect_language(text) == "mixed"


@pytest.mark.parametrize(
    "text",
    [
        "Отличное приложение, всё работает",  # Russian
        "تطبيق رائع وخدمة ممتازة",  # Arabic
        "Très bon produit, livraison rapide",  # French
        "Das Produkt ist wirklich gut",
        "Il prodotto è arrivato rotto",
        "Excelente servicio",
        "😍😍😍",  # emoji only: no letters
        "👍🏽 10/10 !!!",
        "",
        "   ",
        "[PHONE]",
        "https://example.com",
    ],
)
def test_other(text: str) -> None:
    assert detect_language(text) == "other"


def test_deterministic() -> None:
    texts = ["great app", "Très bon produit", "המשלוח הגיע מהר, really impressed"]
    assert [detect_language(t) for t in texts] == [detect_language(t) for t in texts]
