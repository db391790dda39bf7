"""redact_pii: every placeholder type and format, and look-alikes that must survive."""

from __future__ import annotations

import pytest

from miner.text import redact_pii
from miner.text.pii import israeli_id_valid, luhn_valid


@pytest.mark.parametrize(
    "phone",
    [
        "050-1234567",
        "0501234567",
        "050 123 4567",
        "050-123-4567",
        "050.123.45.67",
        "054 - 1234567",
        "(050) 1234567",
        "+972-50-123-4567",
        "+972501234567",
        "+972 50 123 4567",
        "+972 (0)50 123 4567",
        "00972-50-1234567",
        "972-50-123-4567",
        "972501234567",
        "02-6251234",
        "03-1234567",
        "(03) 123-4567",
        "04 8123456",
        "077-1234567",
        "072 123 4567",
        "+972-3-1234567",
        "1-800-123-456",
        "+44 20 7946 0958",
        "+1 (212) 555-0147",
        "+1-212-555-0147",
        "(212) 555-0147",
    ],
)
def test_phone_formats_redacted_in_hebrew_and_english(phone: str) -> None:
    assert redact_pii(f"call me at {phone} tomorrow") == (
        "call me at [PHONE] tomorrow",
        {"PHONE": 1},
    )
    assert redact_pii(f"תתקשרו אליי {phone} בבקשה") == ("תתקשרו אליי [PHONE] בבקשה", {"PHONE": 1})


def test_phone_glued_to_hebrew_prefix_and_punctuation() -> None:
    text = "התקשרו ל0501234567 או ל-03-1234567. טל:050-7654321, תודה"
    assert redact_pii(text) == (
        "התקשרו ל[PHONE] או ל-[PHONE]. טל:[PHONE], תודה",
        {"PHONE": 3},
    )


def test_two_phones_side_by_side_stay_two() -> None:
    assert redact_pii("050-1234567 03-1234567") == ("[PHONE] [PHONE]", {"PHONE": 2})


@pytest.mark.parametrize(
    "card",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111111",
        "5105 1051 0510 5100",
        "3782 822463 10005",  # Amex grouping
        "378282246310005",
        "4580123456789015",
        "6011 0009 9013 9424",
    ],
)
def test_card_numbers_passing_luhn_redacted(card: str) -> None:
    assert redact_pii(f"my card {card} was charged twice") == (
        "my card [CARD] was charged twice",
        {"CARD": 1},
    )
    assert redact_pii(f"חייבו את הכרטיס {card} פעמיים") == (
        "חייבו את הכרטיס [CARD] פעמיים",
        {"CARD": 1},
    )


def test_card_before_phone_and_id() -> None:
    text = "card 4111 1111 1111 1111, phone 0501234567, ת.ז. 123456782"
    assert redact_pii(text) == (
        "card [CARD], phone [PHONE], ת.ז. [ID_NUMBER]",
        {"CARD": 1, "PHONE": 1, "ID_NUMBER": 1},
    )


@pytest.mark.parametrize("number", ["123456782", "204578629", "012345674"])
def test_nine_digit_israeli_id_with_valid_check_digit(number: str) -> None:
    assert israeli_id_valid(number)
    assert redact_pii(f"מספר תעודת הזהות שלי {number} תודה") == (
        "מספר תעודת הזהות שלי [ID_NUMBER] תודה",
        {"ID_NUMBER": 1},
    )
    assert redact_pii(f"my number is {number}.") == ("my number is [ID_NUMBER].", {"ID_NUMBER": 1})


def test_short_id_redacted_only_after_an_id_word() -> None:
    # 12345674 is 012345674 left-padded: a valid ID, but only believed next to "ת"ז" / "ID".
    assert redact_pii('ת"ז 12345674') == ('ת"ז [ID_NUMBER]', {"ID_NUMBER": 1})
    assert redact_pii("ID: 1234566") == ("ID: [ID_NUMBER]", {"ID_NUMBER": 1})
    assert redact_pii("paid 12345674 points") == ("paid 12345674 points", {})


def test_id_inside_longer_digit_run_kept() -> None:
    for text in ("ref 12 123456782", "ref 123456782-12", "1123456782", "123456782 99 1"):
        assert redact_pii(text) == (text, {})


@pytest.mark.parametrize(
    "email", ["john.doe@gmail.com", "dana+shop@walla.co.il", "A_B-9@sub.example.org"]
)
def test_emails(email: str) -> None:
    assert redact_pii(f"write to {email}, thanks") == ("write to [EMAIL], thanks", {"EMAIL": 1})
    assert redact_pii(f"שלחתי ל{email}") == ("שלחתי ל[EMAIL]", {"EMAIL": 1})


def test_counts_per_type() -> None:
    text = "a@b.com c@d.io 050-1234567 03-1234567 02-6251234 4111111111111111"
    _, counts = redact_pii(text)
    assert counts == {"EMAIL": 2, "PHONE": 3, "CARD": 1}


@pytest.mark.parametrize(
    "text",
    [
        "order 4111 1111 1111 1112 never arrived",  # fails Luhn
        "הזמנה מספר 4111111111111112",
        "it cost ₪1,299 and then $49.99 more",
        'מחיר 1,299.90 ש"ח',
        "delivered 12/05/2026 at 14:30:15",
        "on 2026-05-12 and 03.12.2025 9:30, 05.12.2025 12:30",
        "version v2.3.1 and 10.0.19045",
        "a 15% discount, 99.5% uptime",
        "flight LY 315 and LY315",
        "tracking RR123456785IL 1Z999AA10123456784 9400111899223856214782",
        "order 123456789 is late",  # 9 digits, invalid check digit
        "5 stars, 10/10, 2 items, 30 minutes, 1234",
        "order #123456782",
        "ip 192.168.100.200",
        "see https://shop.example.com/order/123456782?phone=0501234567",
    ],
)
def test_look_alikes_kept(text: str) -> None:
    assert redact_pii(text) == (text, {})


def test_checksums() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert israeli_id_valid("123456782")
    assert not israeli_id_valid("123456789")
    assert not israeli_id_valid("000000000")
    assert not israeli_id_valid("1234")
