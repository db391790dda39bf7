#!/usr/bin/env python3
"""Build the Journey Miner sample dumps in corpora/samples/.

Everything here was written for this project: "Nuvo" (נובו) is a fictional Israeli
electronics and home-appliances chain, every review, survey answer and post below is
invented, and the personal data (emails, phones, card and ID numbers) is fake but
check-digit-valid so that PII detection can be exercised.

The texts are data (the lists below); ids, dates, sources, segments, ratings and NPS
scores are assigned deterministically from a fixed random seed, so running

    .venv/bin/python corpora/samples/build_samples.py

always rewrites byte-identical files:

    feedback_dump.csv          UTF-8 (no BOM), the main demo dump
    feedback_dump_cp1255.csv   the same text encoded in Windows-1255
    feedback_dump.xlsx         the same rows in one sheet
    survey_he.csv              UTF-8 with BOM, Hebrew-header NPS survey export
    social_mentions.jsonl      social posts, one JSON object per line (one malformed)
    README.md                  what the files are, counts, and the deliberate bad rows
"""
from __future__ import annotations

import csv
import io
import json
import random
import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261031

# --------------------------------------------------------------------------------------
# Check-digit helpers (the fake PII must be valid; the look-alikes must not be)
# --------------------------------------------------------------------------------------


def luhn_ok(s: str) -> bool:
    digits = [int(c) for c in s if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def il_id_ok(s: str) -> bool:
    """Israeli ID (teudat zehut) check digit, padded to 9 digits."""
    s = re.sub(r"\D", "", s)
    if not 5 <= len(s) <= 9:
        return False
    s = s.zfill(9)
    total = 0
    for i, c in enumerate(s):
        x = int(c) * (1 if i % 2 == 0 else 2)
        total += x // 10 + x % 10
    return total % 10 == 0


FAKE_CARDS = ["4580 1234 5678 9015", "5326-1021-4455-6677"]
FAKE_IDS = ["039145610", "204877138"]
NOT_A_CARD = "1234 5678 9012 3456"  # tracking number, fails Luhn
NOT_AN_ID = "304519872"  # customer number, fails the ID check digit
for _c in FAKE_CARDS:
    assert luhn_ok(_c), _c
for _i in FAKE_IDS:
    assert il_id_ok(_i), _i
assert not luhn_ok(NOT_A_CARD)
assert not il_id_ok(NOT_AN_ID)

# --------------------------------------------------------------------------------------
# The feedback texts
# --------------------------------------------------------------------------------------
# Each entry: lang (he/en/mixed), score (1-5, what the text means), src (which sources it
# may come from), tags (pain points / recurring positives), text, and optional:
#   win   date window key (see WINDOWS), seg  forced segment,
#   r     rating override (a rating that disagrees with the text), n  NPS override,
#   key   a name used below to pick rows for duplicates and bad fields.
#
# src codes: A app stores, G google_reviews, R A or G (has a rating), S survey_nps,
#            F facebook/twitter/instagram, N anything but the app stores, X anything.
# tags: LATE late delivery / courier no-show, APP app crashes / logs out after the
#       September update, REFUND refunds taking weeks, PHONE long waits on the phone line,
#       CHARGE double / wrong installment charge, TECH installation technician no-show /
#       rescheduling, POINTS club points expired / not credited; positives: STAFF helpful
#       store staff, TLV fast delivery in Tel Aviv, SALE good prices in sales.

ENTRIES: list[dict] = []


def e(lang, score, src, tags, text, **kw):
    ENTRIES.append(dict(lang=lang, score=score, src=src, tags=tags.split(), text=text, **kw))


# ---- (a) late deliveries / courier no-show ------------------------------------------
e("he", 1, "X", "LATE", "הזמנתי מקרר ב-2 לחודש, הבטיחו משלוח תוך 3 ימי עסקים. עבר שבוע וחצי ואף אחד לא יודע איפה הוא. כל פעם שאני מתקשרת אומרים 'מחר'.")
e("he", 1, "N", "LATE", "השליח לא הגיע. חיכיתי בבית מ8 עד 4, לקחתי יום חופש בשביל זה, ובסוף SMS שהמשלוח נדחה")
e("he", 2, "R", "LATE", "משלוח איחר ב-5 ימים. המוצר עצמו מעולה, אבל ככה לא עובדים")
e("he", 2, "X", "LATE", "נאמר לי שהשליח יגיע בין 12 ל-16, הוא הגיע ב-21:30 בלי להתקשר לפני. ממש לא רציני")
e("he", 1, "F", "LATE", "כבר שלוש פעמים קבעו איתי משלוח ושלוש פעמים השליח לא הופיע!!! מה זה הבדיחה הזאת")
e("he", 1, "R", "LATE", "המשלוח תקוע על 'בדרך אליך' כבר 9 ימים. המעקב באתר לא מתעדכן בכלל")
e("he", 1, "N", "LATE", "מכונת כביסה הייתה אמורה להגיע ביום חמישי, הגיעה ביום שלישי אחרי. בינתיים כביסה אצל אמא שלי. תודה נובו")
e("he", 2, "X", "LATE", "איחור במשלוח לבאר שבע, כרגיל. בפריפריה אנחנו לקוחות סוג ב׳")
e("en", 1, "X", "LATE", "Ordered a TV on the 12th, still not here. Tracking says 'out for delivery' for four days straight.")
e("en", 1, "N", "LATE", "Courier never showed up. No call, no text. Just marked it as \"customer not home\". I was home ALL DAY.")
e("en", 3, "X", "LATE", "delivery was late but the technician was great, fixed the AC in 20 min")
e("en", 1, "F", "LATE", "Third rescheduled delivery. I'm done.", key="dup_en")
e("en", 2, "R", "LATE", "They promised next-day delivery and it took 8 days. Product is fine, the delivery experience is a joke.")
e("en", 1, "F", "LATE", "waited all day for the courier, nobody came. support says 'the driver tried'. tried what exactly?")
e("mixed", 1, "F", "LATE", "המשלוח איחר בשבוע, seriously guys?")
e("mixed", 1, "X", "LATE", "the courier didn't show up again אני כבר לא יודע מה לעשות")
e("mixed", 2, "X", "LATE SALE", "הזמנתי בסייל של הקיץ והמשלוח הגיע אחרי שלושה שבועות. not cool at all", win="summer")

# ---- (b) the app crashes / logs out (grows after the September update, v5.2) ---------
e("en", 3, "A", "APP", "App logged me out twice this week, had to reset password. Annoying but works otherwise.", win="pre")
e("he", 3, "A", "APP", "האפליקציה קרסה לי פעם אחת באמצע הזמנה, אבל בפעם השנייה זה עבר", win="pre")
e("en", 3, "A", "APP", "occasionally crashes when opening the orders page", win="pre")
e("he", 3, "A", "APP", "לפעמים האפליקציה מנתקת אותי ואני צריך להתחבר מחדש", win="pre")
e("he", 1, "A", "APP", "מאז העדכון האחרון האפליקציה קורסת כל פעם שאני נכנס לסל. לא מצליח להזמין כלום", win="upd", key="dup_he_app")
e("he", 1, "A", "APP", "אחרי העדכון של ספטמבר היא מנתקת אותי כל חמש דקות. כל פעם קוד SMS מחדש. מתיש", win="upd")
e("he", 1, "A", "APP", "האפליקציה לא נפתחת מאז העדכון. מסך לבן ונסגרת. אייפון 13", win="upd")
e("he", 1, "A", "APP", "עדכנתי ומאז אין לי גישה לכרטיס המועדון באפליקציה, זה זורק אותי החוצה", win="upd", seg="club_member")
e("he", 1, "A", "APP", "עדכון גרוע. היה בסדר ועכשיו קורס. תחזירו את הגרסה הקודמת", win="upd")
e("he", 1, "X", "APP", "מאז העדכון לא רואה את ההזמנות שלי, וכל פעם שאני מנסה זה מתנתק. ניסיתי למחוק ולהתקין מחדש - כלום", win="upd")
e("he", 1, "F", "APP", "גם אצלי האפליקציה קורסת מאז העדכון, כבר שבועיים. אין תגובה מהתמיכה", win="upd")
e("en", 1, "A", "APP", "Since the September update the app crashes on launch. Pixel 7, Android 15. Uninstalled, reinstalled, same thing.", win="upd")
e("en", 1, "A", "APP", "New version keeps logging me out. Every. Single. Time. I open it.", win="upd")
e("en", 1, "A", "APP", "Great update guys, now I can't even log in. 1 star until it's fixed.", win="upd")
e("en", 2, "A", "APP", "App was fine until the last update. Now it freezes at checkout and kicks me back to the login screen.", win="upd")
e("en", 1, "A", "APP", "crashes when I try to pay in installments after update 5.2", win="upd")
e("en", 2, "A", "APP", "Used to love this app. After the update it forgets my login every day and Face ID stopped working.", win="upd")
e("en", 2, "A", "APP", "The new design is nice, I guess, but it logs me out constantly. What's the point of a pretty app I can't use?", win="upd")
e("en", 1, "A", "APP", "Update 5.2 broke the app on my Samsung. Stuck on the splash screen.", win="upd")
e("mixed", 2, "A", "APP", "the app is ok אבל ההתחברות נופלת כל הזמן מאז העדכון", win="upd")
e("mixed", 1, "A", "APP", "מאז ה-update האפליקציה פשוט crashes כל פעם שאני פותח את הסל", win="upd")
e("mixed", 1, "A", "APP", "Login loop אחרי העדכון. נכנס, נזרק, נכנס, נזרק. please fix", win="upd")
e("mixed", 1, "X", "APP", "עדכנתי את האפליקציה and now it won't open at all. מסך לבן.", win="upd")

# ---- (c) refunds taking weeks --------------------------------------------------------
e("he", 1, "X", "REFUND", "החזרתי אוזניות בסניף עזריאלי לפני חודש וחצי. הזיכוי עדיין לא הגיע לכרטיס. כל פעם אומרים עוד 7 ימי עסקים")
e("he", 1, "X", "REFUND", "ביטלתי הזמנה שעוד לא נשלחה ומחכה להחזר כספי כבר 3 שבועות. זה הכסף שלי!")
e("he", 1, "R", "REFUND", "החזר כספי לוקח נצח. החזרתי מזגן שלא התאים וכבר 40 יום אני רודפת אחריהם")
e("he", 1, "N", "REFUND", "קיבלתי אישור על ההחזר ב-3/8 ועד היום אין זיכוי. הנציגה אמרה שזה \"בטיפול של הנהלת חשבונות\"", win="ref38")
e("he", 3, "X", "REFUND", "ההחזר הגיע בסוף, אחרי חודש. השירות בחנות היה נחמד אבל התהליך איטי מדי")
e("he", 1, "F", "REFUND", "מחכה לזיכוי על מכונת קפה שהגיעה שבורה. ₪1,299 תקועים אצלכם כבר שלושה שבועות")
e("he", 2, "X", "REFUND", "החזרה במקום - 5 דקות. החזר לכרטיס - 5 שבועות. משהו פה לא מסתדר")
e("en", 1, "X", "REFUND", "Returned a vacuum cleaner on July 3rd. Still no refund. Every call: 'it's being processed'.", win="refjul")
e("en", 1, "X", "REFUND", "Refund took 6 weeks. SIX. For a blender.", key="near_en")
e("en", 1, "F", "REFUND", "They're quick to take your money and very slow to give it back. Still waiting on my refund after 25 days.")
e("en", 1, "X", "REFUND", "Cancelled my order the same day and the refund still hasn't shown up on my statement 3 weeks later")
e("en", 3, "G", "REFUND", "Return process at the store was smooth, but the refund took almost a month to hit my card.")
e("en", 1, "F", "REFUND", "If you need to return something, good luck getting your money back before next year.")
e("en", 1, "X", "REFUND", "Been waiting 5 weeks for a refund of ₪2,490. Order 80017732. Nobody answers emails.")
e("mixed", 1, "F", "REFUND", "הזיכוי עדיין לא הגיע, it's been 4 weeks already")
e("mixed", 1, "X", "REFUND", "Refund בטיפול כבר חודש. מה זה בטיפול?? seriously")
e("mixed", 1, "X", "REFUND", "החזרתי את הטלוויזיה and they said 14 days לזיכוי. עברו 30.")

# ---- (d) long waits on the phone line ------------------------------------------------
e("he", 1, "X", "PHONE", "45 דקות בהמתנה למוקד. 45! ובסוף השיחה התנתקה")
e("he", 1, "F", "PHONE", "אי אפשר להשיג אף אחד בטלפון. \"זמן ההמתנה המשוער הוא 38 דקות\". נו באמת")
e("he", 1, "X", "PHONE", "המתנתי שעה לנציג, והוא העביר אותי למחלקה אחרת ששם שוב המתנה. מדהים")
e("he", 3, "X", "PHONE", "השירות בטלפון איטי מאוד, אבל כשסוף סוף עונים הנציגים אדיבים ופותרים")
e("he", 2, "X", "PHONE SALE", "המחיר טוב אבל השירות לקוחות זוועה. חצי שעה על הקו בשביל שאלה פשוטה")
e("he", 1, "R", "PHONE", "מוקד שירות הכי גרוע שנתקלתי בו. מוזיקת ההמתנה כבר מתנגנת לי בראש בלילות")
e("he", 1, "X", "PHONE", "התקשרתי 4 פעמים, כל פעם ניתוק אחרי 20 דקות המתנה. בווטסאפ גם לא עונים")
e("he", 1, "N", "PHONE", "למה אין אפשרות לקבל שיחה חוזרת? לשבת על הקו 40 דק׳ זה לא נורמלי")
e("he", 1, "X", "PHONE", "שעה וחצי בהמתנה לשירות לקוחות כדי לשאול על חשבונית. לא יאמן")
e("en", 1, "X", "PHONE", "On hold for 52 minutes. Then the call dropped. Called back, 40 more minutes.")
e("en", 1, "X", "PHONE", "Customer service is impossible to reach by phone. The chat bot just loops.")
e("en", 1, "F", "PHONE", "Great, another hour on hold. Love the music though.")
e("en", 3, "X", "PHONE", "Support agent was really nice and solved it, but I had to wait 35 minutes to get her.")
e("en", 1, "F", "PHONE", "phone support = 1 hour of elevator music")
e("en", 2, "X", "PHONE", "Why does it take 40 minutes to talk to a human? I just want to change a delivery address.")
e("en", 1, "X", "PHONE", "Called at 9am sharp, I was number 27 in the queue. Gave up after half an hour.")
e("mixed", 1, "X", "PHONE", "חיכיתי על הקו 50 דקות, fifty minutes, בשביל לשמוע 'אין לי מידע על זה'")
e("mixed", 1, "F", "PHONE", "the waiting time במוקד is insane, חצי שעה כל פעם")
e("mixed", 1, "F", "PHONE", "שירות לקוחות? more like שירות המתנה")

# ---- (e) double charge / wrong installment charge -------------------------------------
e("he", 1, "X", "CHARGE", "חייבו אותי פעמיים על אותה הזמנה! ₪3,480 במקום ₪1,740. שלושה ימים שאני מנסה לבטל את החיוב הכפול")
e("he", 1, "X", "CHARGE", "ביקשתי 10 תשלומים ללא ריבית ובפירוט האשראי רואים 12 תשלומים עם ריבית. מי אישר את זה?")
e("he", 1, "X", "CHARGE", "חיוב כפול בכרטיס האשראי, ובשירות אומרים שזה 'רק מסגרת'. זה לא מסגרת, זה ירד לי מהחשבון")
e("he", 1, "R", "CHARGE", "קניתי מזגן ב-6 תשלומים, חייבו את כל הסכום בפעם אחת. כמעט נכנסתי למינוס בגלל זה")
e("he", 2, "X", "CHARGE", "התשלום הראשון ירד פעמיים החודש. מחכה שיסדרו")
e("he", 2, "X", "CHARGE", "הזמנה 80012345 חויבה פעמיים, פעם באפליקציה ופעם באתר. אחרי שבועיים החזירו. לפחות החזירו")
e("he", 1, "F", "CHARGE", "תעשו סדר עם התשלומים. קיבלתי חיוב על עסקה שביטלתי")
e("he", 2, "X", "CHARGE", "בדקתי את פירוט החיובים וראיתי שחייבו אותי גם על דמי משלוח וגם על 'התקנה' שלא הזמנתי")
e("en", 1, "X", "CHARGE", "I was charged twice for the same order. Bank confirms two transactions. Nuvo says only one. Great.")
e("en", 1, "X", "CHARGE", "Asked for 12 interest-free installments, got charged in 3 payments. Nobody can explain why.")
e("en", 1, "R", "CHARGE", "Double charge on my credit card and it took 3 weeks of calls to get it reversed.")
e("en", 2, "X", "CHARGE", "The installment plan on the receipt doesn't match what's on my card statement. Not a good look.")
e("en", 1, "A", "CHARGE", "checkout glitched, hit pay once, got two charges. classic")
e("en", 2, "X", "CHARGE SALE", "Great prices, terrible billing. Got charged the full amount instead of the 10 payments I selected.")
e("mixed", 1, "X", "CHARGE", "חייבו אותי double על אותו מקרר, and customer service says wait 14 business days")
e("mixed", 1, "X", "CHARGE", "בחרתי 10 תשלומים but the charge came as one payment של ₪4,990")
e("mixed", 1, "F", "CHARGE", "Double charge שוב?! זאת כבר הפעם השנייה השנה")

# ---- (f) installation technician no-show / rescheduling --------------------------------
e("he", 1, "X", "TECH", "הטכנאי להתקנת המזגן לא הגיע. אחרי שחיכינו כל היום התקשרו להגיד שיגיע 'בשבוע הבא'", win="summer")
e("he", 1, "X", "TECH", "תיאמו התקנה של מכונת כביסה לשלישי, דחו לחמישי, ואז לראשון. שבוע בלי מכונה עם שלושה ילדים")
e("he", 1, "N", "TECH", "המזגן עומד בסלון בקרטון כבר 10 ימים. הטכנאי דוחה כל פעם. באמצע אוגוסט!!", win="aug")
e("he", 3, "R", "TECH", "הטכנאי הגיע בסוף, עשה עבודה מצוינת ונקייה. חבל רק שזה היה אחרי שתי דחיות")
e("he", 3, "X", "TECH", "אמרו שהמתקין יגיע בין 8 ל-12, הגיע ב-15:00. לפחות עשה עבודה טובה")
e("he", 1, "F", "TECH", "שלוש פעמים קבעו התקנה ושלוש פעמים ביטלו ברגע האחרון. אין מילים")
e("he", 1, "X", "TECH", "ההתקנה נדחתה כי 'אין טכנאי באזור'. אני גר ברחובות, לא בקצה העולם")
e("en", 1, "F", "TECH", "Technician no-show for the AC install. In July. In Israel. You can imagine.", win="jul")
e("en", 1, "X", "TECH", "Installation got rescheduled three times. The fridge is sitting in my hallway.")
e("en", 1, "X", "TECH", "The installer cancelled 30 minutes before the slot. Second time. No apology.")
e("en", 1, "R", "TECH", "technician never came, nobody called, waited from 8 to 5", r=4)
e("en", 3, "X", "TECH", "Installation was rescheduled twice but the guy who finally came was excellent, very professional.")
e("en", 1, "X", "TECH", "Bought a washing machine with “free installation”. Free, yes. Installation, apparently not.")
e("en", 2, "X", "TECH", "They scheduled the installation for a Saturday. Then rescheduled because, well, it's Saturday.")
e("mixed", 1, "F", "TECH", "הטכנאי ביטל שוב. third time this month. אני מתחיל לחשוב שהוא לא קיים")
e("mixed", 1, "X", "TECH", "קבעו לי installation ליום ראשון and nobody showed up. שום הודעה")
e("mixed", 1, "F", "TECH", "the AC is still in the box כי הטכנאי דחה שוב", win="summer")

# ---- (g) club points expired / not credited --------------------------------------------
e("he", 1, "X", "POINTS", "הנקודות במועדון נעלמו לי. היו לי 1,200 נקודות ופתאום 0. אמרו שפג תוקף בלי שום התראה", seg="club_member")
e("he", 1, "X", "POINTS", "קניתי מקרר ב-₪6,990 ולא קיבלתי נקודות מועדון. כבר חודשיים", seg="club_member")
e("he", 2, "A", "POINTS", "נקודות שצברתי בקנייה בסניף לא מופיעות באפליקציה. צריך לשלוח קבלה בווטסאפ??", seg="club_member")
e("he", 1, "F", "POINTS", "מועדון נובו זה בדיחה. הנקודות פגות מהר יותר ממה שאפשר לצבור אותן")
e("he", 1, "X", "POINTS", "ניסיתי לממש נקודות בקופה והמערכת 'לא מצאה' אותן. בשירות אמרו שזה יעודכן בתוך 72 שעות. עבר שבוע", seg="club_member")
e("he", 1, "X", "POINTS", "חבר מועדון 4 שנים. השנה מחקו לי נקודות בגלל 'פג תוקף' בלי להודיע. זה מה שמקבלים על נאמנות", seg="club_member")
e("he", 4, "X", "POINTS", "הנקודות לא נכנסו על הקנייה האחרונה, אבל הנציגה בצ'אט סידרה תוך דקה. כל הכבוד", seg="club_member")
e("he", 1, "X", "POINTS", "צברתי נקודות כל השנה בשביל לקנות שואב רובוטי ובדיוק כשהגעתי לסכום הן פגו. מבאס", seg="club_member")
e("en", 1, "X", "POINTS", "My Nuvo Club points expired without any warning. 900 points gone.", seg="club_member")
e("en", 2, "X", "POINTS", "Points from my last two purchases never showed up in my club account.", seg="club_member")
e("en", 2, "F", "POINTS", "What's the point of the loyalty club if the points expire before you can use them?")
e("en", 1, "X", "POINTS", "Club points not credited for an online order. Support says only store purchases count?? Nowhere does it say that.", seg="club_member")
e("en", 1, "F", "POINTS", "Loyalty program is a scam. Points vanish, nobody can explain.")
e("mixed", 2, "X", "POINTS", "הנקודות של ה-Club לא נכנסו, again", seg="club_member")
e("mixed", 1, "F", "POINTS", "the points expired אתמול ואף אחד לא שלח תזכורת. thanks a lot")
e("mixed", 2, "X", "POINTS", "ה-Nuvo Club points שלי נמחקו, מישהו יכול להסביר למה?", seg="club_member")

# ---- recurring positives: helpful store staff ----------------------------------------
e("he", 5, "N", "STAFF", "סניף עזריאלי - המוכר יוסי היה מקצוען אמיתי, הסביר לי על כל מכונת כביסה בלי לחץ למכור")
e("he", 5, "G", "STAFF", "שירות מעולה בסניף מלחה, הצוות אדיב וסבלני. יצאתי עם בדיוק מה שחיפשתי", key="near_he")
e("he", 5, "N", "STAFF", "הגעתי לסניף בגרנד קניון עם בעיה במחשב נייד, הבחור בדלפק פתר לי תוך 10 דקות. תודה!")
e("he", 5, "N", "STAFF", "המוכרת בראשון לציון ממש עזרה לי לבחור מקרר, אפילו המליצה על דגם זול יותר")
e("he", 5, "G", "STAFF", "הצוות בחנות בפתח תקווה פשוט מקסים. באתי לשאול שאלה ויצאתי עם מבצע טוב")
e("he", 4, "G", "STAFF", "אחלה סניף בבאר שבע, מוכרים שמבינים עניין")
e("he", 5, "G", "STAFF", "סחתיין על השירות בסניף ראשון, הבחור שם תותח")
e("en", 5, "N", "STAFF", "Store staff in Azrieli were super helpful, explained the differences between three TVs without pushing.")
e("en", 5, "G", "STAFF", "The guy at the Haifa store went above and beyond, even helped me carry the box to the car.")
e("en", 5, "G", "STAFF", "Went to the Jerusalem store to compare vacuums. The saleswoman knew everything. Bought on the spot.", key="bad_rating_five")
e("en", 4, "G", "STAFF", "Helpful staff in the store, chaotic website. Go to the store.", key="bad_date")
e("en", 3, "X", "STAFF", "Store experience 10/10. Online experience 3/10.")
e("mixed", 5, "G", "STAFF", "הצוות בסניף עזריאלי אלופים, super helpful and patient")
e("mixed", 5, "N", "STAFF", "the saleswoman בפתח תקווה was amazing, תודה רבה!")

# ---- recurring positives: fast delivery in Tel Aviv ----------------------------------
e("he", 5, "X", "TLV", "הזמנתי בבוקר וקיבלתי בתל אביב באותו ערב. וואו")
e("he", 5, "X", "TLV", "משלוח מהיר בטירוף, הזמנתי בערב והגיע למחרת בבוקר לפלורנטין")
e("he", 5, "F", "TLV", "בתל אביב המשלוחים שלכם פשוט טסים. כל הכבוד לשליחים")
e("he", 5, "X", "TLV", "המשלוח לרמת החייל הגיע תוך 24 שעות, השליח אדיב והתקשר חצי שעה לפני")
e("he", 3, "X", "TLV", "המשלוח לרמת אביב הגיע באותו יום, אבל שכחו את המטען של הלפטופ. חצי שמח")
e("en", 5, "X", "TLV", "Same-day delivery in Tel Aviv actually works. Ordered at 10, had it by 6.")
e("en", 5, "X", "TLV", "Fast delivery to central TLV, courier was polite and called ahead.")
e("en", 5, "X", "TLV", "Next morning delivery to Jaffa, well packed. Impressive.")
e("en", 3, "A", "TLV", "Delivery was lightning fast (Tel Aviv), but the app is a mess.")
e("en", 2, "X", "TLV LATE", "Lived in Tel Aviv: next-day delivery every time. Moved to Beer Sheva: 9 days. Same company.")
e("mixed", 5, "F", "TLV", "המשלוח הגיע מהר, really impressed")
e("mixed", 5, "X", "TLV", "Same day delivery בתל אביב, אין על זה")
e("mixed", 5, "X", "TLV", "הזמנתי אתמול בלילה וזה כבר פה. TLV delivery is on point")

# ---- recurring positives: good prices in sales --------------------------------------
e("he", 5, "X", "SALE", "מחירים הכי טובים שמצאתי בסייל של יולי, השוויתי עם KSP ועם באג ונובו יצאו הכי זולים", win="summer")
e("he", 5, "X", "SALE", "תפסתי מבצע על טלוויזיה 65 אינץ׳ ב-₪2,990. מחיר מטורף")
e("he", 4, "X", "SALE", "המבצעים שלהם שווים באמת, לא 'מבצע' של 10 שקל")
e("he", 3, "X", "SALE", "קניתי בסייל סוף עונה מזגן במחיר שלא האמנתי. ההתקנה הייתה סיפור אחר...", win="lateaug")
e("he", 3, "X", "SALE LATE", "מחיר מעולה בסייל, אבל המשלוח איחר. בסוף שווה בגלל המחיר")
e("en", 5, "X", "SALE", "Got the WM-8012 washing machine for ₪1,899 during the summer sale. Cheaper than Ivory and KSP.", win="summer")
e("en", 5, "X", "SALE", "The sale prices are genuinely good. Checked Zap and Nuvo was the lowest.")
e("en", 3, "X", "SALE", "Prices are great during sales, outside of sales not so much.")
e("en", 5, "X", "SALE", "Bought a robot vacuum in the back-to-school sale, half the price of Amazon with shipping. Happy.", win="lateaug")
e("mixed", 5, "F", "SALE", "המחירים בסייל were insane, קניתי שלוש מתנות")
e("mixed", 3, "X", "SALE", "Good prices במבצע, אבל השירות אחרי זה פחות")
e("mixed", 5, "X", "SALE", "מבצע 1+1 על אוזניות, best deal I've seen this year")

# ---- awareness -------------------------------------------------------------------------
e("he", 4, "F", "", "ראיתי פרסומת שלכם ביוטיוב עם השיר הזה שנתקע בראש. לפחות זה עבד, נכנסתי לאתר")
e("he", 3, "N", "", "חברה מהעבודה המליצה עליכם, אמרה שהמחירים טובים. נראה")
e("he", 3, "F", "", "לא הכרתי את נובו עד שראיתי את השלט הענק באיילון")
e("he", 2, "F", "", "הפרסומות שלכם באינסטגרם קופצות לי כל שתי דקות. די כבר")
e("he", 4, "N", "", "שמעתי עליכם מאחי, הוא קנה אצלכם מקרר לפני שנה ומרוצה")
e("he", 4, "N", "", "הגעתי דרך גוגל כשחיפשתי מייבש כביסה. האתר נראה אמין")
e("en", 4, "F", "", "Saw your ad on Instagram, the one with the dancing fridge. Weird but it worked.")
e("en", 4, "N", "", "My neighbor told me about Nuvo after her dryer got installed the same week.")
e("en", 3, "N", "", "First time hearing about you guys. Found you through a Google search for air conditioners.")
e("en", 3, "F", "", "Your TikTok ads are everywhere lol")
e("en", 4, "N", "", "A colleague recommended Nuvo for office equipment, so we gave it a try.", seg="business")
e("mixed", 3, "F", "", "ראיתי את הקמפיין עם הכדורגלן, honestly didn't know you sold appliances")
e("mixed", 4, "N", "", "Heard about you מחבר שעובד בהייטק, he said the club is worth it")

# ---- consideration ---------------------------------------------------------------------
e("he", 3, "X", "", "השוויתי מחירים בזאפ, אתם לא הכי זולים אבל יש משלוח חינם")
e("he", 3, "F", "", "יש למישהו ניסיון עם מזגן אינוורטר מנובו? מתלבט בינם לבין איבורי")
e("he", 4, "X", "", "האתר נוח להשוואה בין דגמים, אהבתי את הטבלה")
e("he", 5, "X", "", "שאלתי בצ׳אט אם המקרר נכנס בנישה של 70 ס״מ, ענו מהר ומדויק")
e("he", 4, "S", "", "ביקשתי הצעת מחיר לעסק על 15 מחשבים, קיבלתי תוך יום. מחיר סביר", seg="business")
e("he", 4, "G", "", "הלכתי לסניף רק לבדוק ולגעת במוצרים, אף אחד לא לחץ עליי. נעים")
e("he", 2, "X", "", "המחיר באתר שונה מהמחיר בחנות. איזה מהם נכון?")
e("he", 3, "X", "", "אין מספיק ביקורות על המוצרים באתר, קשה להחליט")
e("en", 4, "X", "", "Compared prices with KSP and Bug. Nuvo was 200 shekels more but includes installation.")
e("en", 3, "F", "", "Is the 24-month warranty on the TV included or extra? Website doesn't say clearly.")
e("en", 3, "X", "", "Spent an hour on the website comparing dishwashers. Filters are good, specs are incomplete.")
e("en", 4, "S", "", "The sales rep gave us a quote for the whole office within the day. Competitive.", seg="business")
e("en", 3, "X", "", "Still deciding between you and Amazon. Your return policy is better, Amazon is cheaper.")
e("en", 2, "X", "", "Product pages are missing dimensions half the time. Had to google the model number.")
e("mixed", 4, "G", "", "מתלבט בין ה-LG ל-Samsung, the in-store guy was honest about both")
e("mixed", 4, "X", "", "השוויתי ב-Zap, you're not the cheapest אבל the installation is included")
e("mixed", 3, "F", "", "Price match? ראיתי את אותו מוצר ב-KSP ב-₪150 פחות")

# ---- purchase / checkout / installments -------------------------------------------------
e("he", 5, "X", "", "תהליך ההזמנה באתר פשוט ומהיר. 3 דקות והזמנתי")
e("he", 5, "X", "", "אפשרות 12 תשלומים ללא ריבית זה מה שסגר לי את העסקה")
e("he", 2, "X", "", "הקופה באתר נתקעה פעמיים כשניסיתי לשלם בביט. בסוף שילמתי באשראי")
e("he", 2, "X", "", "לא הצלחתי להזין קוד קופון, כתוב 'קוד לא תקין' למרות שקיבלתי אותו במייל מכם")
e("he", 5, "G", "", "קניתי בסניף, הקופאית הסבירה על התשלומים ועל הנקודות. חוויה טובה")
e("he", 3, "X", "", "חבל שאין אפשרות לאסוף מהסניף ביום של ההזמנה")
e("he", 5, "X", "", "קניתי ב-24 תשלומים, האישור היה מיידי. ממליץ")
e("he", 2, "X", "", "למה הקופה מוסיפה 'דמי טיפול' רק בשלב האחרון??")
e("he", 2, "X", "", "באסה. הזמנתי מקרר ויצא שהוא לא במלאי, אחרי שכבר שילמתי")
e("en", 5, "A", "", "Checkout was smooth, paid with Apple Pay in seconds.")
e("en", 5, "X", "", "Love that I can split into 12 payments without interest.")
e("en", 2, "X", "", "The checkout page kept timing out. Third try worked.")
e("en", 2, "X", "", "Ordering for our company was a pain, no option to add a VAT number at checkout.", seg="business")
e("en", 5, "G", "", "Bought in store, ordered the missing color online for pickup. Worked perfectly.")
e("en", 2, "X", "", "Payment failed 3 times, but the card was fine. Ended up buying at the store.")
e("en", 2, "X", "", "Hidden 'handling fee' appears only on the last page of checkout. Sneaky.")
e("mixed", 4, "X", "", "ה-checkout באתר smooth, אבל למה אין Google Pay?")
e("mixed", 5, "A", "", "Ordered in 2 minutes, 10 תשלומים ללא ריבית. easy")
e("mixed", 2, "X", "", "ניסיתי לשלם עם bit והאתר נתקע on the last step")

# ---- delivery (not late) ------------------------------------------------------------
e("he", 5, "G", "", "המשלוח הגיע בזמן, השליח היה נחמד והעלה את המקרר לקומה רביעית בלי מעלית. אלוף", key="bad_rating_4or5")
e("he", 5, "X", "", "ארזו את הטלוויזיה מצוין, הגיעה בלי שריטה")
e("he", 2, "X", "", "השליח השאיר את החבילה בלובי בלי להודיע. בסוף מצאתי אותה, אבל לא בסדר")
e("he", 5, "X", "", "וואלה הופתעתי לטובה, המשלוח הגיע אחרי יום")
e("en", 5, "X", "", "Delivery arrived on time, guys took the old fridge away too. Great service.")
e("en", 1, "F", "", "The courier left the box outside my door in the rain. It's a laptop.")
e("en", 3, "X", "", "Delivery window was 8 hours wide. Can't you narrow it down a bit?")
e("mixed", 5, "X", "", "המשלוח הגיע on time ואפילו לקחו את המכונה הישנה, good job")

# ---- installation (positive) ---------------------------------------------------------
e("he", 5, "X", "", "הטכנאי שהתקין את המזגן היה מקצוען, נקי ומסודר, הסביר על הכל")
e("he", 5, "X", "", "ההתקנה עברה חלק. הגיעו בזמן, חיברו, בדקו, הלכו. ככה צריך")
e("en", 5, "X", "", "Installer was on time, polite and cleaned up after himself. Rare these days.")
e("en", 5, "X", "", "The AC installation took 3 hours and the result is perfect. Quiet and cold.", win="summer")
e("mixed", 5, "X", "", "טכנאי מעולה, super professional, בא בזמן והסביר הכל")

# ---- using the product -----------------------------------------------------------------
e("he", 5, "X", "", "המקרר שקט וגדול, בדיוק מה שחיפשנו")
e("he", 3, "X", "", "מכונת הכביסה רועשת בסחיטה יותר ממה שציפיתי, אבל מכבסת טוב")
e("he", 2, "X", "", "הטלוויזיה התחילה להבהב אחרי חודשיים. פתחתי קריאת שירות")
e("he", 5, "X", "", "שואב רובוטי מעולה, חוסך לי שעה ביום. ממליצה")
e("he", 5, "X", "", "המזגן מקרר מעולה וחסכוני. בחשבון החשמל רואים את ההבדל")
e("he", 3, "X", "", "הלפטופ שקניתי מתחמם מאוד. נראה שזו בעיה של הדגם, לא שלכם")
e("he", 1, "X", "", "האוזניות התפרקו אחרי 3 שבועות. איכות ירודה")
e("he", 3, "G", "", "המוצר מעולה. השאר פחות", r=5)
e("he", 3, "X", "", "מיקרוגל הגיע עם שריטה בדלת, לא נורא, לא החזרתי")
e("he", 5, "X", "", "חבל על הזמן! הטלוויזיה הכי טובה שהייתה לי")
e("en", 5, "X", "", "The dishwasher is whisper quiet and the dishes come out spotless.")
e("en", 5, "X", "", "TV picture quality is stunning. Zero complaints about the product itself.")
e("en", 2, "X", "", "Washing machine started leaking after 5 weeks. Waiting for a technician under warranty.")
e("en", 4, "X", "", "The air fryer works great but smells like plastic for the first few uses.")
e("en", 3, "X", "", "Coffee machine is fine. Nothing special.")
e("en", 4, "G", "", "Phone arrived with a dead pixel. Exchanged in store, no questions asked.")
e("en", 5, "X", "", "Bought the WM-8012, runs a full cycle in 59 minutes. Love it.")
e("en", 3, "X", "", "The fridge's ice maker broke within a month. Warranty service was slow but they fixed it.")
e("en", 5, "R", "", "recieved my fridge today, definately recomend")
e("mixed", 5, "X", "", "המקרר amazing, שקט לגמרי, totally worth it")
e("mixed", 3, "X", "", "the TV is great אבל השלט נשבר אחרי שבוע")
e("mixed", 4, "X", "", "מכונת הכביסה works fine, רק הדלת קצת קשה לפתיחה")

# ---- billing / invoices ----------------------------------------------------------------
e("he", 2, "X", "", "החשבונית לא הגיעה למייל, והעסק צריך אותה בשביל מע\"מ. ביקשתי 3 פעמים", seg="business")
e("he", 5, "S", "", "קיבלתי חשבונית מס מסודרת מיד אחרי הקנייה. מצוין לעסק", seg="business")
e("en", 4, "X", "", "Invoice had the wrong company name. Fixed after one email, fair enough.", seg="business")
e("en", 2, "A", "", "Can't find my receipts anywhere in the app. Where are they?")
e("mixed", 2, "X", "", "ה-invoice הגיעה בלי מספר עוסק, again. תתקנו את זה", seg="business")

# ---- customer service (chat / WhatsApp / email) -------------------------------------
e("he", 5, "X", "", "הצ׳אט באתר עונה מהר ולעניין. סוף סוף שירות נורמלי")
e("he", 5, "X", "", "פניתי בווטסאפ, ענו תוך 10 דקות ופתרו את הבעיה. תודה לשירן!")
e("he", 1, "X", "", "הנציג היה גס רוח ולא הקשיב בכלל. ביקשתי מנהל ולא קיבלתי")
e("he", 1, "X", "", "כל נציג אומר משהו אחר. אחד אומר שמגיע לי החזר, השני אומר שלא")
e("he", 1, "X", "", "שלחתי מייל לשירות לקוחות לפני 10 ימים. אין תשובה")
e("he", 2, "X", "", "הבוט בצ'אט לא מבין כלום, רק שולח לינקים לשאלות נפוצות")
e("he", 1, "X", "", "חבל על הזמן לדבר איתם, לא עוזרים בכלום. אני ממש מאוכזבת מהשרות")
e("en", 5, "X", "", "WhatsApp support is actually good. Quick replies, real people.")
e("en", 5, "X", "", "The chat agent solved my issue in 5 minutes. Thanks, Dana!")
e("en", 1, "X", "", "Support keeps closing my ticket without solving anything.")
e("en", 1, "X", "", "Rude agent on the phone. Hung up on me when I asked for a supervisor.")
e("en", 2, "X", "", "Emailed support twice, got two different answers. Which one is it?")
e("mixed", 5, "X", "", "הנציגה בצ׳אט was super nice, פתרה הכל תוך דקות")
e("mixed", 3, "X", "", "Support ב-WhatsApp עונה מהר, the phone line not so much")

# ---- returns -----------------------------------------------------------------------------
e("he", 5, "G", "", "החזרתי מוצר בסניף ראשון בלי שאלות מיותרות. שירות טוב")
e("he", 2, "X", "", "מדיניות ההחזרות שלכם לא הוגנת. 14 יום ורק באריזה מקורית סגורה?")
e("he", 1, "X", "", "רצו לגבות ממני 'דמי ביטול' של 5% על מוצר שהגיע פגום. ממש לא")
e("en", 5, "G", "", "Returned a blender in Petah Tikva, took five minutes. Painless.")
e("en", 1, "X", "", "They refused a return because I opened the box. How else would I know it's broken?")
e("mixed", 5, "X", "", "החזרה בסניף was quick and easy, no questions asked")

# ---- loyalty: staying, club, leaving --------------------------------------------------
e("he", 5, "S", "", "אני לקוח של נובו כבר 6 שנים, תמיד חוזר. אף פעם לא אכזבו ברצינות", seg="returning", key="bad_nps")
e("he", 5, "X", "", "ההטבות במועדון שוות, קיבלתי 15% הנחה ביום ההולדת", seg="club_member")
e("he", 1, "X", "LATE", "אחרי הסיפור עם המשלוח, את הטלוויזיה הבאה אני קונה ב-KSP")
e("he", 1, "X", "PHONE", "עברתי לאיבורי. שם לפחות עונים לטלפון אחרי 2 דקות, לא 40")
e("he", 2, "X", "", "עוד קנייה אחת ואני מבטל את המנוי למועדון. לא שווה", seg="club_member")
e("en", 5, "X", "", "Been buying from Nuvo for years. The club discounts keep me coming back.", seg="club_member")
e("en", 1, "X", "LATE", "After this mess I'm moving to Amazon. At least they deliver.")
e("en", 2, "X", "", "Switched to Bug for my last two purchases. Nuvo used to be better.")
e("en", 5, "X", "", "Renewed my club membership, the free shipping alone pays for it.", seg="club_member")
e("mixed", 2, "X", "", "חבר מועדון שנים, but lately the service went downhill", seg="club_member")
e("mixed", 1, "F", "", "I'm done with Nuvo, עוברת ל-KSP")

# ---- advocacy -----------------------------------------------------------------------------
e("he", 5, "S", "", "ממליץ בחום! קניתי פה כבר 3 מוצרים והכל תקתק", n=4)
e("he", 1, "F", "", "תתרחקו. פשוט תתרחקו", key="dup_he")
e("he", 5, "X", "", "סיפרתי לכל המשפחה כמה השירות היה טוב. אמא שלי כבר הזמינה מקרר")
e("he", 1, "X", "", "לא ממליץ לאף אחד. חבל על הזמן")
e("he", 3, "X", "STAFF", "ממליצה על הסניף בבאר שבע, לא על האתר")
e("en", 4, "G", "STAFF", "Highly recommend the Tel Aviv store. Online, meh.")
e("en", 1, "F", "", "Told all my friends to avoid Nuvo. Save yourselves.")
e("en", 5, "R", "", "5 stars, would buy again.")
e("en", 1, "X", "", "Would not recommend. Not after the last two months.")
e("mixed", 5, "X", "", "ממליץ בחום, best service I've had in years")
e("mixed", 2, "F", "", "stay away מהאתר שלהם, תקנו בחנות")

# ---- more of the journey (English) -------------------------------------------------
e("en", 5, "S", "", "Asked the sales team for a bulk quote for 40 laptops. Got it the same day, better than our usual supplier.", seg="business")
e("en", 2, "X", "", "Website search is useless. Typed 'dryer' and got phone cases.")
e("en", 5, "X", "", "Ordered a fridge for my parents in Haifa and paid from Tel Aviv. Easy to set a different delivery address.")
e("en", 4, "G", "", "Honestly one of the best shopping experiences I've had in Israel. Except the parking at Azrieli.")
e("en", 2, "X", "", "The extended warranty is overpriced. Removed it at checkout twice and it was still in the cart.")
e("en", 5, "G", "STAFF", "My mom bought a TV at the Rishon store and the salesman set up her Netflix for her. Above and beyond.")
e("en", 2, "F", "", "Newsletter every single day. Unsubscribed.")
e("en", 5, "X", "", "Used the chat to ask about a dishwasher's noise level, got a real answer with the dB number. Nice.")
e("en", 2, "X", "", "Stock says 'available' online, the store says it's not. Wasted a trip to Malha.")
e("en", 4, "X", "", "Good selection, fair prices, nothing to complain about.")
e("en", 4, "F", "", "Instagram giveaway was fun, didn't win but I did end up buying a kettle lol")

# ---- short / generic / unclear ---------------------------------------------------------
e("he", 5, "R", "", "מעולה")
e("he", 3, "R", "", "בסדר")
e("he", 1, "R", "", "זוועה", r=3)
e("he", 5, "X", "", "אחלה")
e("he", 3, "X", "", "סבבה, כלום מיוחד")
e("he", 3, "X", "", "השירות על הפנים, המוצר אחלה")
e("he", 2, "X", "", "אחי, איך אפשר שהאתר נופל בדיוק ביום המבצע?")
e("en", 3, "R", "", "ok")
e("en", 2, "R", "", "meh")
e("en", 5, "R", "", "Great!", r=1)
e("en", 4, "X", "", "not bad")
e("en", 3, "A", "", "its ok i guess, the app is kinda slow")
e("en", 2, "X", "", "wierd that the price in the app is diffrent from the website")
e("mixed", 4, "A", "", "אחלה app")

# ---- sarcasm -------------------------------------------------------------------------------
e("he", 1, "X", "", "וואו, רק שבועיים לקבל תשובה למייל. שיא חדש")
e("en", 1, "F", "", "Oh wonderful, the website is down during the biggest sale of the year. Shocking.")
e("he", 1, "F", "", "תודה נובו שלימדתם אותי סבלנות. המון סבלנות")
e("en", 1, "F", "PHONE", "10/10 would wait on hold again")

# ---- HTML remnants ---------------------------------------------------------------------
e("en", 2, "G", "STAFF LATE", "Great store &amp; friendly staff.<br>Delivery was another story though.<br><br>Took 9 days.")
e("he", 2, "X", "PHONE", "המוצר מעולה<br>המשלוח פחות<br>השירות בטלפון - חצי שעה המתנה כל פעם, אין מילים")
e("en", 3, "X", "", "Prices &amp; selection are good. App &gt; website. &quot;Free delivery&quot; isn't free under ₪300.")
e("he", 2, "X", "CHARGE", "קניתי מקרר &amp; מקפיא בסניף מלחה.<br/>הכל היה תקין, חוץ מהתשלומים - חייבו אותי פעמיים")
e("mixed", 1, "A", "APP", "The app is nice<br>אבל אחרי העדכון זה קורס<br>please fix", win="upd")
e("en", 5, "X", "", "<p>Technician arrived on time and was very professional.</p>")

# ---- niqqud, geresh/gershayim, curly quotes, RLM ---------------------------------------
e("he", 5, "X", "", "שֵׁרוּת מְצֻיָּן, תּוֹדָה רַבָּה!")
e("he", 5, "X", "", "הַמִּשְׁלוֹחַ הִגִּיעַ בַּזְּמַן")
e("he", 1, "X", "PHONE", "לָמָּה אֵין מַעֲנֶה בַּטֶּלֶפוֹן? חִכִּיתִי שָׁעָה")
e("he", 5, "X", "", "אני ממליצה בחום על נוֹבוֹ – שירות “מעל ומעבר”")
e("he", 2, "X", "", "קיבלתי את ה״מבצע״ – שילמתי יותר מאשר במחיר ה׳רגיל׳ באתר")
e("he", 4, "X", "", "מקרר ב-₪3,290\u200f בלבד, מחיר הוגן. ההובלה ב-₪149 קצת יקרה")
e("he", 2, "X", "", "אמרו לי שהמשלוח ״בדרך״… כבר 5 ימים „בדרך”", key=None)

# ---- multi-line reviews -------------------------------------------------------------
e("en", 3, "R", "APP REFUND STAFF", "Pros:\n- good prices\n- helpful staff in Azrieli\nCons:\n- app logs me out since the update\n- refund for my return took 4 weeks", win="upd")
e("he", 2, "X", "LATE PHONE", "יתרונות: מחיר, מבחר\nחסרונות: משלוח איטי, שירות טלפוני גרוע - 40 דקות המתנה")
e("he", 4, "R", "", "עדכון: אחרי שכתבתי פה ביקורת התקשרו אליי מהשירות וסידרו את הכל.\nמעלה ל-4 כוכבים.")
e("en", 1, "X", "LATE", "Day 1: ordered.\nDay 5: 'shipped'.\nDay 12: still nothing.\nDay 13: writing this review.")
e("mixed", 2, "X", "REFUND", "Update:\nהזיכוי הגיע סוף סוף, after 5 weeks.\nלא קונה שוב.")

# ---- PII as people write it (fake, check-digit-valid), and look-alikes -----------------
e("he", 1, "X", "LATE", "תחזרו אליי בבקשה, אני זמינה ב-052-7654321 אחרי 16:00. הזמנה 80012977 עדיין לא הגיעה", pii="mobile")
e("en", 1, "X", "REFUND", "Still no refund. Contact me at noa.k.levi@example.com or +972 54 123 4567. Order #80014410.", pii="email mobile")
e("he", 1, "X", "CHARGE", f"חייבו אותי פעמיים בכרטיס {FAKE_CARDS[0]}, תבדקו ותחזירו. סכום ₪1,740 פעמיים", pii="card")
e("he", 1, "X", "POINTS", f'ת"ז {FAKE_IDS[0]}, תבדקו במערכת. אני חבר מועדון והנקודות לא נכנסו כבר חודשיים', seg="club_member", pii="id")
e("en", 1, "X", "LATE", "My landline is 03-5551234, the courier keeps calling a wrong number and then marks 'no answer'.", pii="landline")
e("mixed", 1, "X", "TECH", "Call me back please 054-3322110, כבר שבוע מחכה לטכנאי", pii="mobile")
e("en", 1, "X", "CHARGE", f"Charged twice, card {FAKE_CARDS[1]}. Your system 'can't find' the second charge.", pii="card")
e("he", 2, "X", "", "המייל שלי הוא shira.m84@example.net, תשלחו לשם את החשבונית בבקשה. מספר הזמנה 80019321", pii="email")
e("he", 1, "X", "", f"אני רוצה לבטל את העסקה. ת.ז. {FAKE_IDS[1]}, טלפון 050-8123456. אף אחד לא חוזר אליי", pii="id mobile")
e("en", 1, "X", "REFUND", "Refund for order 80015555 (₪1,299, model WM-8012, bought 14/07/2026) still missing. Reach me on 052 555 0199.", win="pii10", pii="mobile")
# look-alikes that are NOT personal data
e("he", 2, "X", "LATE", f"מספר מעקב {NOT_A_CARD}, באתר כתוב שהחבילה 'נמסרה'. לא קיבלתי כלום")
e("en", 3, "X", "", f"Customer no. {NOT_AN_ID} - the AC-12000 model I ordered on 02/09/2026 was swapped for AC-9000. Fixed after a call.")
e("he", 4, "X", "", "קניתי WM-8012 ב-₪1,899 במקום ₪2,399. הזמנה 80013390 הגיעה ב-12/06")

# The over-long pasted complaint (more than 5,000 characters, varied sentences).
LONG_SENTENCES = [
    "אני כותבת את זה כי אין לי כבר כוח לדבר עם אף אחד אצלכם בטלפון.",
    "הזמנתי מכונת כביסה ומייבש בסניף ראשון לציון, המוכר היה נחמד מאוד, את זה אני חייבת להגיד.",
    "אמרו לי שהמשלוח יגיע תוך חמישה ימי עסקים ושההתקנה כלולה במחיר.",
    "ביום שנקבע חיכיתי מהבוקר, והשליח לא הגיע ולא התקשר.",
    "התקשרתי למוקד וחיכיתי על הקו ארבעים דקות עד שמישהו ענה.",
    "הנציגה אמרה שיש עיכוב במחסן ושזה יגיע מחר בטוח.",
    "מחר הגיע והמשלוח לא.",
    "שלחתי הודעה בווטסאפ וקיבלתי תשובה אוטומטית שיחזרו אליי תוך 24 שעות.",
    "אף אחד לא חזר.",
    "בינתיים הכביסה של חמש נפשות נערמת אצלי באמבטיה.",
    "בסוף המכונה הגיעה, אבל בלי המייבש, ואמרו שהמייבש יגיע במשלוח נפרד.",
    "הטכנאי שהיה אמור להתקין את המכונה נקבע ליום אחר ולא הגיע גם אז.",
    "כשהתקשרתי שוב אמרו לי שאין טכנאי פנוי באזור שלי עד שבוע הבא.",
    "ואז ראיתי בפירוט האשראי שחייבו אותי פעמיים על המייבש שעוד לא הגיע.",
    "ביקשתי לבטל את המייבש ולקבל החזר, ואמרו שההחזר לוקח עד 30 ימי עסקים.",
    "שלושים ימי עסקים! על כסף שלקחתם ממני פעמיים!",
    "אני לקוחה שלכם כבר שמונה שנים, חברת מועדון, וקניתי אצלכם כמעט את כל המטבח.",
    "ניסיתי לבדוק את הנקודות באפליקציה, והאפליקציה פשוט מנתקת אותי כל פעם מחדש.",
    "אחותי אמרה לי לעבור ל-KSP ואני מתחילה לחשוב שהיא צודקת.",
    "אני לא מבקשת הרבה, רק שמישהו ייקח אחריות ויגיד לי מתי זה ייגמר.",
    "כל נציג אומר משהו אחר, ואף אחד לא רושם כלום במערכת, אז כל פעם אני מספרת הכל מההתחלה.",
    "אני מעתיקה את התלונה הזאת גם לפייסבוק ולגוגל, אולי שם מישהו יקרא.",
]
LONG_LINKS = ["ושוב,", "ועוד דבר:", "בקיצור,", "ואם זה לא מספיק,", "אז שוב:", "ולמי שעוד קורא:"]


def build_long_text(rng: random.Random) -> str:
    parts, day, i = [], 1, 0
    while sum(len(p) + 1 for p in parts) < 5400:
        s = LONG_SENTENCES[i % len(LONG_SENTENCES)]
        if i and i % len(LONG_SENTENCES) == 0:
            day += rng.randint(2, 5)
            parts.append(f"\n\nיום {day}: {rng.choice(LONG_LINKS)}")
        parts.append(s)
        i += 1
    return " ".join(parts).replace(" \n\n", "\n\n")


# --------------------------------------------------------------------------------------
# Assigning ids, dates, sources, segments, ratings and NPS
# --------------------------------------------------------------------------------------

START = datetime(2026, 5, 1)
END = datetime(2026, 10, 31, 23, 59)
WINDOWS = {
    None: (START, END),
    "pre": (START, datetime(2026, 8, 31, 23, 59)),
    "upd": (datetime(2026, 9, 9), END),  # app version 5.2 shipped on 2026-09-08
    "jul": (datetime(2026, 7, 1), datetime(2026, 7, 31, 23, 59)),
    "aug": (datetime(2026, 8, 10), datetime(2026, 8, 20, 23, 59)),
    "summer": (datetime(2026, 7, 1), datetime(2026, 8, 31, 23, 59)),
    "lateaug": (datetime(2026, 8, 20), datetime(2026, 9, 6, 23, 59)),
    "refjul": (datetime(2026, 7, 25), datetime(2026, 8, 25, 23, 59)),
    "ref38": (datetime(2026, 8, 20), datetime(2026, 9, 10, 23, 59)),
    "pii10": (datetime(2026, 8, 5), datetime(2026, 9, 15, 23, 59)),
}
SOURCE_GROUPS = {
    "A": {"app_store": 1, "google_play": 1},
    "G": {"google_reviews": 1},
    "R": {"app_store": 1, "google_play": 1, "google_reviews": 2},
    "S": {"survey_nps": 1},
    "F": {"facebook": 4, "twitter": 4, "instagram": 3},
    "N": {"google_reviews": 5, "survey_nps": 5, "facebook": 3, "twitter": 3, "instagram": 2},
    "X": {"app_store": 3, "google_play": 3, "google_reviews": 5, "survey_nps": 6,
          "facebook": 3, "twitter": 3, "instagram": 2},
}
RATED = {"app_store", "google_play", "google_reviews"}
SEGMENTS = {"new_customer": 30, "returning": 35, "club_member": 25, "business": 10}
HOURS = list(range(24))
HOUR_W = [1, 1, 0.5, 0.3, 0.3, 0.5, 1, 2, 4, 5, 6, 6, 6, 6, 6, 5, 5, 5, 6, 7, 8, 8, 6, 3]
NPS_BY_SCORE = {1: [0, 1, 2, 2, 3], 2: [3, 4, 5, 5, 6], 3: [6, 7, 7], 4: [8, 8, 9], 5: [9, 10, 10]}
FIELDS = ["review_id", "date", "source", "rating", "nps", "segment", "text"]


def wchoice(rng, weights: dict):
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def rand_dt(rng, win) -> datetime:
    a, b = WINDOWS[win]
    span = (b.date() - a.date()).days
    offset = rng.randint(0, span)
    if win == "upd":  # complaints keep growing after the update: skew towards later dates
        offset = max(offset, rng.randint(0, span))
    day = a.date() + timedelta(days=offset)
    return datetime(day.year, day.month, day.day, rng.choices(HOURS, HOUR_W)[0], rng.randint(0, 59))


def build_rows():
    rng = random.Random(SEED)
    records = []
    for ent in ENTRIES:
        src = wchoice(rng, SOURCE_GROUPS[ent["src"]])
        seg = ent.get("seg") or wchoice(rng, SEGMENTS)
        rating = nps = ""
        if src in RATED:
            rating = ent.get("r") or ent["score"]
            if "r" not in ent and ent["score"] in (2, 3, 4) and rng.random() < 0.12:
                rating = ent["score"] + rng.choice((-1, 1))
        elif src == "survey_nps":
            nps = ent["n"] if "n" in ent else rng.choice(NPS_BY_SCORE[ent["score"]])
        records.append(dict(ent=ent, dt=rand_dt(rng, ent.get("win")), source=src, segment=seg,
                            rating=rating, nps=nps, text=ent["text"], lang=ent["lang"],
                            tags=list(ent["tags"]), problem=None))

    by_key = {r["ent"].get("key"): r for r in records if r["ent"].get("key")}

    # exact duplicates: the same text posted again (same source), minutes to a day later
    for k in ("dup_en", "dup_he", "dup_he_app"):
        o = by_key[k]
        dup = dict(o, dt=o["dt"] + timedelta(minutes=rng.randint(3, 1400)),
                   problem=("exact_duplicate", k))
        o["problem"] = ("duplicated", k)
        records.append(dup)
    # near duplicates: the same review with a small edit, posted on another source
    near_edits = {
        "near_en": ("Refund took 6 weeks. SIX weeks. For a blender!!", "facebook"),
        "near_he": ("שירות מעולה בסניף מלחה, הצוות אדיב וסבלני! יצאתי בדיוק עם מה שחיפשתי", "facebook"),
    }
    for k, (text, src) in near_edits.items():
        o = by_key[k]
        near = dict(o, text=text, source=src, rating="", nps="",
                    dt=o["dt"] + timedelta(hours=rng.randint(2, 30)), problem=("near_duplicate", k))
        o["problem"] = ("near_duplicated", k)
        records.append(near)

    # bad fields on existing rows
    by_key["bad_rating_five"].update(source="google_reviews", rating="five", problem=("bad_rating", "five"))
    by_key["bad_rating_4or5"].update(source="google_reviews", rating="4 or 5?", problem=("bad_rating", "4 or 5?"))
    by_key["bad_date"].update(date_override="2026-02-30 10:00", dt=datetime(2026, 6, 17, 10, 0),
                              problem=("bad_date", "2026-02-30 10:00"))
    by_key["bad_nps"].update(source="survey_nps", rating="", nps=11, problem=("bad_nps", "11"))

    # rows that are bad as a whole (dates chosen so they are scattered through the file)
    def extra(dt, src, seg, rating, nps, text, problem, lang=None, tags=()):
        records.append(dict(ent={}, dt=dt, source=src, segment=seg, rating=rating, nps=nps,
                            text=text, lang=lang, tags=list(tags), problem=problem))

    extra(datetime(2026, 5, 19, 13, 7), "google_play", "new_customer", 5, "", "", ("empty_text", ""))
    extra(datetime(2026, 7, 28, 9, 41), "survey_nps", "returning", "", 8, "", ("empty_text", ""))
    extra(datetime(2026, 10, 6, 21, 15), "google_reviews", "club_member", 1, "", "", ("empty_text", ""))
    extra(datetime(2026, 6, 9, 11, 30), "survey_nps", "business", "", 7, "N/A", ("placeholder_text", "N/A"))
    extra(datetime(2026, 9, 14, 16, 52), "app_store", "new_customer", 3, "", "12345", ("placeholder_text", "12345"))
    extra(datetime(2026, 8, 12, 23, 4), "facebook", "club_member", "", "", build_long_text(rng),
          ("too_long", ""), lang="he", tags=("LATE", "PHONE", "TECH", "CHARGE", "REFUND"))
    extra(datetime(2026, 7, 14, 19, 22), "twitter", "returning", "", "",
          "ordered a fridge, waited 3 weeks, nobody called, never again",
          ("broken_line", ""), lang="en", tags=("LATE",))

    records.sort(key=lambda r: (r["dt"], r["text"]))
    next_id = 20481
    for r in records:
        r["review_id"] = f"NV-{next_id}"
        next_id += rng.randint(1, 4)
        r["date"] = r.get("date_override") or r["dt"].strftime("%Y-%m-%d %H:%M")
    return records


# --------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------


def row_values(r):
    return [r["review_id"], r["date"], r["source"], str(r["rating"]), str(r["nps"]), r["segment"], r["text"]]


def raw_fields(r):
    """The fields as a reader sees them (the broken line splits at every comma)."""
    vals = row_values(r)
    if r["problem"] and r["problem"][0] == "broken_line":
        return ",".join(vals).split(",")
    return vals


def render_csv(records):
    """Return the CSV text and, per record, (record row number, physical line number)."""
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(FIELDS)
    positions = []
    line = 2
    for i, r in enumerate(records):
        before = out.tell()
        if r["problem"] and r["problem"][0] == "broken_line":
            out.write(",".join(row_values(r)) + "\n")  # deliberately unquoted
        else:
            w.writerow(row_values(r))
        written = out.getvalue()[before:]
        positions.append((i + 2, line))
        line += written.count("\n")
    return out.getvalue(), positions


def write_xlsx(records, path: Path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": "Nuvo feedback dump (sample)", "author": "Journey Miner samples",
                       "created": datetime(2026, 11, 1)})
    ws = wb.add_worksheet("feedback")
    bold = wb.add_format({"bold": True})
    dfmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for c, name in enumerate(FIELDS):
        ws.write_string(0, c, name, bold)
    for i, r in enumerate(records, start=1):
        for c, v in enumerate(raw_fields(r)):
            if v == "":
                continue
            name = FIELDS[c] if c < len(FIELDS) else None
            if name == "date":
                try:
                    ws.write_datetime(i, c, datetime.strptime(v, "%Y-%m-%d %H:%M"), dfmt)
                except ValueError:
                    ws.write_string(i, c, v)
            elif name in ("rating", "nps") and v.isdigit():
                ws.write_number(i, c, int(v))
            else:
                ws.write_string(i, c, v)
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 17)
    ws.set_column(2, 2, 15)
    ws.set_column(5, 5, 13)
    ws.set_column(6, 6, 90)
    ws.freeze_panes(1, 0)
    wb.close()


# ---- survey_he.csv ------------------------------------------------------------------------
SURVEY_HEADER = ["מזהה", "תאריך", "ציון NPS", "מה הסיבה העיקרית לציון שנתת?", "מה היינו יכולים לשפר?", "סוג לקוח"]
# (nps, reason, improve, customer type, date window)
NEW, RET, CLUB, BIZ = "לקוח חדש", "לקוח חוזר", "חבר מועדון", "לקוח עסקי"
SURVEY = [
    (9, "המשלוח הגיע מהר והשליח היה אדיב", "שהאפליקציה תהיה יותר יציבה", RET, None),
    (2, "מחכה כבר חודש להחזר כספי", "להחזיר כסף בזמן", RET, None),
    (8, "מחירים טובים במבצעים", "", NEW, None),
    (3, "שירות לקוחות בטלפון - המתנה של 40 דקות", "להוסיף נציגים או שיחה חוזרת", RET, None),
    (1, "הטכנאי לא הגיע פעמיים", "לכבד את הזמן של הלקוחות", NEW, None),
    (10, "צוות מעולה בסניף עזריאלי", "חניה זולה יותר לידכם :)", CLUB, None),
    (2, "האפליקציה קורסת מאז העדכון", "לתקן את האפליקציה!!!", CLUB, "upd"),
    (1, "חיוב כפול באשראי", "לבדוק את מערכת הסליקה", RET, None),
    (9, "Good prices and fast delivery", "Better order tracking", NEW, None),
    (4, "הנקודות במועדון פגו בלי התראה", "לשלוח תזכורת לפני שנקודות פגות", CLUB, None),
    (6, "בסדר, כלום מיוחד", "", RET, None),
    (5, "", "להוריד את דמי המשלוח", NEW, None),
    (8, "התקנה מקצועית ונקייה", "לתאם מועדים מדויקים יותר", RET, None),
    (3, "The app keeps logging me out", "Fix the login", CLUB, "upd"),
    (9, "קניתי בתשלומים בלי ריבית, נוח מאוד", "", NEW, None),
    (3, "המשלוח איחר בשבוע ואף אחד לא עדכן", "לעדכן ב-SMS כשיש עיכוב", RET, None),
    (9, "הנציגה בווטסאפ פתרה לי הכל", "שגם בטלפון יהיה ככה", CLUB, None),
    (6, "המוצר טוב, השירות פחות", "שירות", RET, None),
    (2, "מחכה להחזר על מוצר שהחזרתי לפני 3 שבועות", "לזרז החזרים", NEW, None),
    (2, "Refund took five weeks", "Faster refunds, clearer status", RET, None),
    (9, "אתר נוח, קל להשוות בין מוצרים", "", NEW, None),
    (2, "חייבו אותי ב-12 תשלומים במקום 10", "לבדוק מה הלקוח בחר לפני שמחייבים", RET, None),
    (10, "לקוח ותיק, תמיד מרוצה", "להמשיך ככה", CLUB, None),
    (1, "האפליקציה לא נפתחת אחרי העדכון", "לבדוק לפני שמשחררים גרסה", RET, "upd"),
    (1, "השליח לא הגיע ולא הודיע", "", NEW, None),
    (10, "Store staff in Haifa were very helpful", "Nothing really", NEW, None),
    (8, "המחיר היה הכי זול בשוק", "משלוח מהיר יותר לפריפריה", BIZ, None),
    (4, "זמני המתנה בטלפון ארוכים מדי", "להוסיף צ׳אט אנושי 24/7", RET, None),
    (2, "הטכנאי דחה את ההתקנה 3 פעמים", "לתת חלון זמן אמיתי", NEW, "summer"),
    (4, "נקודות מועדון לא נכנסו על קנייה בסניף", "לסנכרן בין החנות לאפליקציה", CLUB, None),
    (3, "", "Please fix the app, it crashes since the update", CLUB, "upd"),
    (9, "קנייה מהירה בסניף, ייעוץ מצוין", "", NEW, None),
    (2, "חיכיתי 50 דקות בטלפון", "יותר נציגים", RET, None),
    (10, "המשלוח לתל אביב הגיע באותו יום!", "אין", NEW, None),
    (8, "החזרתי מוצר בקלות", "", RET, None),
    (1, "Double charge, still not fixed", "Answer emails", BIZ, None),
    (6, "מחיר טוב, משלוח איטי", "לשפר את זמני המשלוח", RET, None),
    (4, "לא קיבלתי חשבונית לעסק", "לשלוח חשבוניות אוטומטית", BIZ, None),
    (3, "מאז העדכון האפליקציה מנתקת אותי", "", CLUB, "upd"),
    (9, "הטלוויזיה מעולה", "משלוחים גם בשעות הערב", RET, None),
    (10, "שירות מעולה בסניף פתח תקווה", "", NEW, None),
    (1, "הזיכוי לא הגיע עד היום", "שקיפות בסטטוס ההחזר", RET, None),
    (10, "Fast delivery, friendly courier", "", NEW, None),
    (2, "התקנה של מזגן נדחתה באמצע יולי", "יותר טכנאים בקיץ", RET, "jul"),
    (3, "קשה להשיג נציג", "שיחה חוזרת", BIZ, None),
    (8, "המבצעים שווים", "להאריך את המבצעים", CLUB, None),
    (3, "points expired, nobody told me", "Send reminders", CLUB, None),
    (9, "מרוצה מאוד מהמקרר החדש", "", NEW, None),
    (2, "האפליקציה קורסת בתשלום", "לתקן באגים", RET, "upd"),
    (9, "יחס אישי מהמוכר", "עוד סניפים בצפון", NEW, None),
    (2, "המשלוח הגיע אחרי 10 ימים במקום 3", "לעמוד בהבטחות", RET, None),
    (3, "חייבו אותי פעמיים ולקח שבועיים להחזיר", "", RET, None),
    (7, "הכל היה בסדר", "", NEW, None),
    (9, "Technician was great", "Call before you come", NEW, None),
    (6, "המתנה ארוכה בקו, אבל הנציג היה נחמד", "לקצר זמני המתנה", RET, None),
    (8, "לקוח חדש, חוויה טובה", "", NEW, None),
    (2, "app logs out after update, super annoying", "fix it", CLUB, "upd"),
    (0, "עברתי ל-KSP אחרי הסיפור עם ההחזר", "", RET, None),
    (8, "מחירים, מבחר, שירות בסניף", "האתר איטי", CLUB, None),
    (5, "השליח השאיר את החבילה ליד הדלת בלי לצלצל", "להתקשר לפני", NEW, None),
]


def build_survey(rng):
    rows = [(rand_dt(rng, win), nps, a, b, t) for nps, a, b, t, win in SURVEY]
    rows.sort(key=lambda x: (x[0], x[2]))
    return [[str(5001 + i), dt.strftime("%d/%m/%Y"), str(nps), a, b, t]
            for i, (dt, nps, a, b, t) in enumerate(rows)]


# ---- social_mentions.jsonl ---------------------------------------------------------------
# (platform, author, text, window)
SOCIAL = [
    ("twitter", "@maya_bs", "@NuvoSupport האפליקציה קורסת מאז העדכון 😡😡 #נובו #fail", "upd"),
    ("twitter", "@danny_k77", "3rd time the courier didn't show up. @NuvoIL what's going on? 🙄 #fail", None),
    ("instagram", "@noa.home", "המקרר החדש הגיע 🔥🔥 תודה @NuvoIL על המשלוח המהיר לתל אביב 🙏", None),
    ("facebook", "Rachel Amsalem", "Huge thanks to Moran at the Azrieli store ❤️ she spent 40 minutes with us choosing a washing machine 👍🏽", None),
    ("twitter", "@avi_ohana", "45 דקות על הקו עם שירות הלקוחות של נובו. 45!!! 😤 @NuvoSupport", None),
    ("tiktok", "@shir.reviews", "POV: you ordered an AC in July and the technician is 'on his way' since Tuesday 🥵🧑‍🔧 #נובו #מזגן", "jul"),
    ("twitter", "@idanmz", "Refund status: 'processing' for 33 days. @NuvoSupport is my money on vacation? 🏖️ #refund #fail", None),
    ("instagram", "@liorit_deals", "סייל הקיץ של נובו 🔥 תפסתי טלוויזיה 55 אינץ׳ ב-₪1,790 😍 https://shop.nuvo.example/sale", "summer"),
    ("facebook", "Yossi Peretz", "חייבו אותי פעמיים על אותה הזמנה 😡 מישהו עוד נתקל בזה? @NuvoIL #חיוב_כפול", None),
    ("twitter", "@tamar_codes", "the app logs me out every 5 min since the update 🤦‍♀️ @NuvoSupport pls fix", "upd"),
    ("twitter", "@moshe_b", "נקודות המועדון שלי פגו בלי שום הודעה 🤷‍♂️ #נובו #מועדון_נובו", None),
    ("instagram", "@gal.in.tlv", "Same-day delivery in TLV 🚚💨 ordered at 9, installed by 5. @NuvoIL you rock 🤘🏻", None),
    ("facebook", "אורית כהן", "ממליצה בחום על הסניף בחיפה!! 👏🏼 הצוות פשוט מהמם ❤️", None),
    ("tiktok", "@techwithron", "when the @NuvoIL app crashes for the 5th time today 💀 #fail #nuvo", "upd"),
    ("twitter", "@eli_sh", "@NuvoSupport 3 weeks waiting for my refund. Order 80016640. Please? 🙏", None),
    ("twitter", "@hadas_m", "טכנאי לא הגיע. שוב. 😡 שבוע שני בלי מכונת כביסה 👨‍👩‍👧‍👦 #נובו", None),
    ("facebook", "Dan Friedman", "Installment charge on my card is wrong, I picked 10 payments and got 3 😤 @NuvoIL", None),
    ("instagram", "@sound.lover", "מבצע 1+1 על אוזניות בנובו 🎧🎧 שווה!! #נובו #מבצע", None),
    ("twitter", "@ronit_a", "המשלוח הגיע מהר, really impressed 👍🏽 @NuvoIL", None),
    ("twitter", "@yarden_dev", "Anyone else's Nuvo app stuck on a white screen after the update? 📱❌ #nuvo", "upd"),
    ("facebook", "שלומי לוי", "שעה שלמה בהמתנה. בסוף ניתוק. תודה רבה נובו 👏👏 (ציני)", None),
    ("tiktok", "@cleanfreak.il", "unboxing my new robot vacuum from Nuvo 🤖✨ price was 🔥 https://shop.nuvo.example/p/rv-300", None),
    ("twitter", "@kobi_r", "@NuvoIL השליח סימן 'לקוח לא בבית'. הייתי בבית. כל היום. 🙃 #fail", None),
    ("instagram", "@michal.design", "הטכנאי של נובו הגיע בזמן, עבודה נקייה 🧑‍🔧👌 ממליצה", None),
    ("twitter", "@itay_g", "club points not credited again @NuvoSupport 😑 #NuvoClub", None),
    ("facebook", "Sarah Cohen", "Warning to everyone: Nuvo takes weeks to refund. I'm at day 38. 😡 Sharing so you know. https://t.co/Qm4xZ81pLw", None),
    ("twitter", "@nir_bz", "מאז העדכון של ספטמבר אי אפשר להתחבר לאפליקציה 😤 @NuvoSupport #נובו", "upd"),
    ("tiktok", "@adi.buys", "הזמנתי מנובו ב-12 תשלומים וזה פשוט עבד 😎 #תשלומים", None),
    ("twitter", "@omer_t", "Switching to KSP after this. Bye @NuvoIL 👋", None),
    ("facebook", "Anat Mizrahi", "Can someone from @NuvoIL explain why I was charged twice for the same dishwasher? ₪2,790 x2 😳", None),
    ("instagram", "@yael.k", "the saleswoman בסניף מלחה was amazing 🙌🏾 thank you!!", None),
    ("twitter", "@benny_h", "שירות הלקוחות בווטסאפ ענה תוך 5 דקות 🙏 סוף סוף", None),
    ("twitter", "@lihi_s", "App crashed mid-payment 😡 was I charged or not?? @NuvoSupport", "upd"),
    ("facebook", "רוני אברהם", "עברתי לאיבורי. לפחות שם עונים לטלפון ☎️ #נובו #fail", None),
    ("tiktok", "@mall.rat.il", "rating every Nuvo store I visited 🏬 Azrieli 10/10, Malha 9/10, Rishon 7/10 👀", None),
    ("twitter", "@gilad_p", "@NuvoIL courier no-show #2 😤 I took a day off for this", None),
    ("instagram", "@shani.b", "איזה כיף לקבל 15% הנחה ביום הולדת ממועדון נובו 🎂🥳", None),
    ("twitter", "@orly_n", "היום ה-20 שאני מחכה לזיכוי. @NuvoSupport אתם שם? 👀", None),
    ("facebook", "Eyal Ben David", "ממליץ לא לקנות מזגן בנובו בקיץ. טכנאי אין, תשובות אין 🥵 #fail", "aug"),
    ("twitter", "@roni_x", "new app update = can't log in 🔒 great job @NuvoIL 🙃", "upd"),
    ("twitter", "@dana_rg", "הזמנתי ביום ראשון, הגיע ביום שני לרמת גן 🚀 @NuvoIL", None),
    ("instagram", "@deal.hunter.il", "Cheaper than Amazon during the sale 🤑 #nuvo #deal", "summer"),
    ("twitter", "@assaf_l", "on hold with Nuvo for 38 minutes and counting ⏳🎶 @NuvoSupport", None),
    ("facebook", "מירב שטרן", "קניתי מקרר, הנקודות לא נכנסו, ובשירות אמרו 'תשלחי צילום קבלה'. באמת? 🤨", None),
    ("tiktok", "@funny.reviews", "איך לא לחכות לטכנאי של נובו: אל תקנו מזגן 😂🧑‍🔧 #נובו", "summer"),
    ("twitter", "@tal_kr", "@NuvoSupport logged out AGAIN 😡 this is the 4th time today", "upd"),
    ("facebook", "Lior Ben Ami", "Great experience at the Beer Sheva store 👍🏽 they even had my fridge in stock lol", None),
    ("twitter", "@matan_s", "הכרטיס חויב פעמיים, ההחזר לוקח שבועיים 🤦🏻‍♂️ #נובו #fail", None),
    ("instagram", "@home.sweet.home.il", "נובו ❤️ משלוח חינם, מחיר טוב, מה עוד צריך", None),
    ("twitter", "@ziv_a", "Day 12 waiting for my delivery 📦❓ @NuvoIL", None),
    ("twitter", "@efrat_h", "האפליקציה של נובו אחרי העדכון: 🐢💥 #fail", "upd"),
    ("facebook", "Neta Levin", "Thanks @NuvoIL for sorting the double charge within a day 🙏 appreciated", None),
    ("tiktok", "@birthday.girl", "nuvo club points expired the day before my birthday 💔 #NuvoClub", None),
    ("twitter", "@guy_m", "the app is ok אבל ההתחברות נופלת כל הזמן 🙄", "upd"),
    ("instagram", "@sivan.t", "Saw the Nuvo ad on YouTube 3 times today 😅 ok ok I'll check the sale", None),
    ("twitter", "@boaz_y", "שעה על הקו ואף נציג 📞😴 @NuvoSupport", None),
    ("facebook", "אלון גבאי", "התקנה נדחתה בפעם השלישית. יש לי תינוק בבית ואין מזגן 😡🥵", "summer"),
    ("twitter", "@keren_o", "Refund arrived after 4 weeks. Finally. Not impressed. 😒 @NuvoSupport", None),
    ("instagram", "@tlv.vibes", "🏳️‍🌈 Pride sale at Nuvo Tel Aviv, great vibe in the store ❤️‍🔥", "jun"),
]
WINDOWS["jun"] = (datetime(2026, 6, 1), datetime(2026, 6, 30, 23, 59))
# The malformed line: unescaped double quotes inside the text value.
SOCIAL_BAD_TEMPLATE = ('{{"id": "{id}", "created_at": "{ts}", "platform": "twitter", "author": "@yoni_k", '
                       '"text": "האפליקציה קרסה שוב "מאז העדכון" 😡 @NuvoSupport"}}')
SOCIAL_BAD_DT = datetime(2026, 9, 21, 18, 4, 11)


def build_social(rng):
    posts = []
    for platform, author, text, win in SOCIAL:
        dt = rand_dt(rng, win).replace(second=rng.randint(0, 59))
        posts.append((dt, dict(platform=platform, author=author, text=text)))
    posts.append((SOCIAL_BAD_DT, None))
    posts.sort(key=lambda p: (p[0], p[1]["text"] if p[1] else ""))
    lines, bad_line = [], None
    for i, (dt, p) in enumerate(posts, start=1):
        pid, ts = f"sm-{i:04d}", dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        if p is None:
            lines.append(SOCIAL_BAD_TEMPLATE.format(id=pid, ts=ts))
            bad_line = i
        else:
            obj = {"id": pid, "created_at": ts, "platform": p["platform"], "author": p["author"], "text": p["text"]}
            lines.append(json.dumps(obj, ensure_ascii=False))
    return "\n".join(lines) + "\n", bad_line, posts


# --------------------------------------------------------------------------------------
# Checks on the texts
# --------------------------------------------------------------------------------------
HEB = re.compile(r"[\u05d0-\u05ea]")
LAT = re.compile(r"[A-Za-z]{2,}")
PAIN = ["LATE", "APP", "REFUND", "PHONE", "CHARGE", "TECH", "POINTS"]
POSITIVE = ["STAFF", "TLV", "SALE"]
TAG_NAMES = {
    "LATE": "(a) late delivery / courier no-show",
    "APP": "(b) app crashes / logs out (after the September update)",
    "REFUND": "(c) refund takes weeks",
    "PHONE": "(d) long wait on the phone line",
    "CHARGE": "(e) double / wrong installment charge",
    "TECH": "(f) installation technician no-show / rescheduled",
    "POINTS": "(g) club points expired / not credited",
    "STAFF": "(+) helpful store staff",
    "TLV": "(+) fast delivery in Tel Aviv",
    "SALE": "(+) good prices in sales",
}


def check_texts(records):
    for r in records:
        t, lang = r["text"], r["lang"]
        t.encode("cp1255")  # raises if a character cannot be written in Windows-1255
        if lang == "he":
            assert HEB.search(t), t
        elif lang == "en":
            assert not HEB.search(t), t
        elif lang == "mixed":
            assert HEB.search(t) and LAT.search(t), t
    texts = [r["text"] for r in records if r["lang"] and r["problem"] is None]
    assert len(texts) == len(set(texts)), [t for t, c in Counter(texts).items() if c > 1]


# --------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------


def month_of(r):
    return r["dt"].strftime("%Y-%m")


PROBLEM_TEXT = {
    "empty_text": "empty `text`",
    "placeholder_text": "placeholder / non-text `text`",
    "bad_rating": "unparseable `rating`",
    "bad_date": "impossible `date` (February 30)",
    "bad_nps": "`nps` out of range 0-10",
    "too_long": "`text` longer than 5,000 characters (a rambling pasted complaint)",
    "broken_line": "broken line: unquoted text with commas, so the row has too many fields",
}


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def write_readme(records, positions, survey_rows, social_text, social_bad_line, social_posts):
    n = len(records)
    pos = {id(r): p for r, p in zip(records, positions)}
    texted = [r for r in records if r["lang"]]
    langs = Counter(r["lang"] for r in texted)
    sources = Counter(r["source"] for r in records)
    segments = Counter(r["segment"] for r in records)
    months = sorted({month_of(r) for r in records})
    by_month = Counter(month_of(r) for r in records)
    n_rated = sum(1 for r in records if r["rating"] != "")
    n_nps = sum(1 for r in records if r["nps"] != "")
    lens = [len(r["text"]) for r in records]
    multiline = sum(1 for r in records if "\n" in r["text"])
    html = sum(1 for r in records if re.search(r"<br|&amp;|&quot;|<p>", r["text"]))
    niqqud = sum(1 for r in records if re.search(r"[\u05b0-\u05c7]", r["text"]))
    pii = [r for r in records if r["ent"].get("pii")]

    L = []
    L.append("# corpora/samples/\n")
    L.append("Sample feedback dumps for the demo and the tests. **Everything here was written for this project**: "
             "\"Nuvo\" (נובו) is a fictional Israeli online + retail electronics and home-appliances chain "
             "(website and app, six stores: Tel Aviv Azrieli, Jerusalem Malha, Haifa Grand Kanyon, Beer Sheva, "
             "Rishon LeZion, Petah Tikva; couriers, installation technicians, installments, the Nuvo Club, "
             "phone/WhatsApp/chat support, a sales team). No text comes from a real customer or a public dataset. "
             "The personal data in the texts (emails, phones, card and ID numbers) is **fake but check-digit-valid** "
             "(Luhn for cards, the Israeli ID check digit for IDs) so PII detection can be tested; emails use the "
             "reserved `example.com`/`example.net` domains and URLs the reserved `.example` TLD.\n")
    L.append("All files are generated by `build_samples.py` (texts held as data, ids/dates/sources/ratings from a "
             f"fixed seed, {SEED}); rerun it to rebuild them byte-for-byte:\n")
    L.append("```\n.venv/bin/python corpora/samples/build_samples.py\n```\n")
    L.append("This README is generated by the same script; the counts below are computed, not typed.\n")

    L.append("## Files\n")
    L.append(md_table(["file", "what"], [
        ["`feedback_dump.csv`", f"the main demo dump: UTF-8 without BOM, comma-delimited, `\\n` line ends, {n} data rows"],
        ["`feedback_dump_cp1255.csv`", "the same text encoded in Windows-1255 (what Excel writes for Hebrew); decodes with cp1255 to exactly the UTF-8 file's text"],
        ["`feedback_dump.xlsx`", "the same rows in one sheet `feedback`: header row, then rows; `rating`/`nps` as numbers, `date` as a real Excel datetime, everything else as text (bad values kept as text)"],
        ["`survey_he.csv`", f"a Hebrew-header NPS survey export: UTF-8 **with BOM**, CRLF line ends, {len(survey_rows)} rows"],
        ["`social_mentions.jsonl`", f"social posts, one JSON object per line, {len(social_text.splitlines())} lines (one malformed)"],
        ["`build_samples.py`", "the generator (texts, seed, writers, README)"],
    ]) + "\n")

    L.append("## feedback_dump.csv (and the cp1255 / xlsx copies)\n")
    L.append("Header, exactly: `" + ",".join(FIELDS) + "`\n")
    L.append(md_table(["column", "content"], [
        ["review_id", "`NV-` + a number, increasing with the date (gaps are normal)"],
        ["date", "`YYYY-MM-DD HH:MM`, local time, 2026-05-01 to 2026-10-31"],
        ["source", "`app_store`, `google_play`, `google_reviews` (these have `rating` 1-5), `survey_nps` (has `nps` 0-10), `facebook`, `twitter`, `instagram` (neither)"],
        ["rating", "1-5 or empty"],
        ["nps", "0-10 or empty"],
        ["segment", "`new_customer`, `returning`, `club_member`, `business`"],
        ["text", "the feedback; Hebrew, English or mixed; may contain commas, quotes, newlines (CSV-quoted), HTML remnants, niqqud, ׳ ״, curly quotes, an RLM mark"],
    ]) + "\n")
    L.append(f"- **Rows**: {n} data rows (+ header); {len(texted)} rows carry a real text "
             f"(the other {n - len(texted)} are the empty/placeholder rows below). "
             f"{multiline} texts span several lines, so the file has more physical lines than rows. "
             f"Text length {min(lens)}-{max(lens)} characters.")
    L.append(f"- **Languages** (of the {len(texted)} rows with text; `lang` is set by the author, not detected): " +
             ", ".join(f"{k} {langs[k]} ({100 * langs[k] / len(texted):.1f}%)" for k in ("he", "en", "mixed")) +
             ". `mixed` = Hebrew with English words that carry meaning (code-switching), not just a brand name.")
    L.append("- **Sources**: " + ", ".join(f"{k} {v}" for k, v in sorted(sources.items(), key=lambda x: -x[1])) +
             f"; {n_rated} rows with a rating, {n_nps} with an NPS.")
    L.append("- **Segments**: " + ", ".join(f"{k} {v}" for k, v in sorted(segments.items(), key=lambda x: -x[1])) + ".")
    L.append(f"- **Months** ({months[0]} to {months[-1]}; the row with the impossible date is counted in June, where it sits in the file): " +
             ", ".join(f"{m} {by_month[m]}" for m in months) + ".")
    L.append(f"- **Texture**: {html} texts with HTML remnants (`<br>`, `&amp;`, `&quot;`, `<p>`), {niqqud} with niqqud; "
             "typos, slang (סחתיין, באסה, חבל על הזמן in both senses), sarcasm, and many records with two opinions. "
             "No emojis (cp1255 cannot hold them; they are in the JSONL).")
    L.append("- A few ratings/NPS deliberately disagree with the text (e.g. \"המוצר מעולה. השאר פחות\" rated 5, "
             "\"Great!\" rated 1, a technician no-show rated 4, \"ממליץ בחום\" with NPS 4).\n")

    L.append("### Recurring themes (what a clustering should find)\n")
    L.append("Counted over all rows (duplicates included); a row can carry several themes.\n")
    rows = []
    for tag in PAIN + POSITIVE:
        rs = [r for r in records if tag in r["tags"]]
        lc = Counter(r["lang"] for r in rs)
        rows.append([TAG_NAMES[tag], len(rs), lc["he"], lc["en"], lc["mixed"]] +
                    [sum(1 for r in rs if month_of(r) == m) for m in months])
    L.append(md_table(["theme", "rows", "he", "en", "mixed"] + [m[5:] + "/" + m[2:4] for m in months], rows) + "\n")
    L.append("Theme (b) grows: the app version 5.2 update shipped on 2026-09-08; before it only a few "
             "occasional crash/log-out complaints appear, after it most app-store reviews are about it.\n")

    L.append("### Deliberate bad rows\n")
    L.append("`row` counts CSV records (header = row 1, first data row = row 2; what `csv.reader` and the xlsx "
             "sheet see); `line` is the physical line of the file where the record starts (they differ because "
             "some texts span several lines).\n")
    bad = []
    for r in records:
        p = r["problem"]
        if not p or p[0] in ("duplicated", "near_duplicated", "exact_duplicate", "near_duplicate"):
            continue
        row, line = pos[id(r)]
        detail = PROBLEM_TEXT[p[0]]
        if p[0] == "too_long":
            detail += f", {len(r['text'])} characters"
        if p[0] == "broken_line":
            detail += f", {len(raw_fields(r))} fields instead of {len(FIELDS)}"
        if p[1]:
            detail += f": `{p[1]}`"
        bad.append([row, line, r["review_id"], r["source"], detail])
    L.append(md_table(["row", "line", "review_id", "source", "problem"], bad) + "\n")
    broken_row = next(pos[id(r)][0] for r in records if r["problem"] and r["problem"][0] == "broken_line")
    L.append(f"`pandas.read_csv` stops at the broken line (`Expected 7 fields in line {broken_row}, saw 10`; "
             "pandas counts records there, not physical lines) unless given "
             "`on_bad_lines=\"skip\"`/`\"warn\"` (or `engine=\"python\"` with a callable); `csv.reader` returns it "
             "as a 10-field row. In the xlsx the broken line is written as its raw 10 fields, so that row has more "
             "cells than the header. The impossible date, the bad ratings and the nps of 11 are text/number cells as "
             "they are in the CSV.\n")
    L.append("### Duplicates\n")
    dups = []
    for kind, label in (("exact_duplicate", "exact duplicate (same text, same source)"),
                        ("near_duplicate", "near duplicate (small edit, reposted on another source)")):
        for r in records:
            if r["problem"] and r["problem"][0] == kind:
                orig = next(o for o in records if o["problem"] and o["problem"][1] == r["problem"][1]
                            and o["problem"][0] in ("duplicated", "near_duplicated"))
                dups.append([f"{pos[id(orig)][0]} / {pos[id(r)][0]}", f"{orig['review_id']} / {r['review_id']}",
                             label, r["text"][:60].replace("|", "\\|").replace("\n", " ")])
    L.append(md_table(["rows", "review_ids", "kind", "text"], dups) + "\n")

    L.append("### Personal data and look-alikes\n")
    prow = []
    for r in pii:
        prow.append([pos[id(r)][0], r["review_id"], r["ent"]["pii"].replace(" ", ", ")])
    L.append(f"{len(pii)} rows contain (fake) personal data:\n")
    L.append(md_table(["row", "review_id", "kinds"], prow) + "\n")
    L.append(f"Cards {', '.join('`' + c + '`' for c in FAKE_CARDS)} pass the Luhn check; IDs "
             f"{', '.join('`' + i + '`' for i in FAKE_IDS)} pass the Israeli ID check digit. "
             f"Look-alikes that are **not** personal data appear too: order numbers (`הזמנה 80012345`, "
             f"`Order #80014410`), prices (`₪1,299`), dates (`14/07/2026`), model numbers (`WM-8012`, `AC-12000`), "
             f"a tracking number `{NOT_A_CARD}` that fails Luhn and a customer number `{NOT_AN_ID}` that fails the "
             "ID check digit.\n")

    L.append("## survey_he.csv\n")
    L.append("UTF-8 with BOM (as Excel saves \"CSV UTF-8\"), CRLF line ends, Hebrew header:\n")
    L.append("`" + ",".join(SURVEY_HEADER) + "`\n")
    empty_a = sum(1 for r in survey_rows if not r[3])
    empty_b = sum(1 for r in survey_rows if not r[4])
    en_ans = sum(1 for r in survey_rows for c in (r[3], r[4]) if c and not HEB.search(c))
    sdates = sorted(datetime.strptime(r[1], "%d/%m/%Y") for r in survey_rows)
    L.append(f"- {len(survey_rows)} rows, ids 5001-{5000 + len(survey_rows)}, dates `DD/MM/YYYY` from "
             f"{sdates[0]:%d/%m/%Y} to {sdates[-1]:%d/%m/%Y}; NPS 0-10.")
    L.append(f"- Answers mostly Hebrew, {en_ans} answers in English; {empty_a} rows leave the first question empty "
             f"and {empty_b} the second (never both).")
    L.append("- סוג לקוח: " + ", ".join(f"{k} {v}" for k, v in Counter(r[5] for r in survey_rows).most_common()) + ".")
    L.append("- Same themes as the dump (late deliveries, app crashes after the update, refunds, phone waits, "
             "double charges, technicians, club points, store staff, prices).\n")

    L.append("## social_mentions.jsonl\n")
    plat = Counter(p["platform"] for _, p in social_posts if p)
    n_lines = len(social_text.splitlines())
    L.append(f"{n_lines} lines, one JSON object per line with `id`, `created_at` (ISO 8601 UTC with `Z`), `platform`, "
             "`author`, `text`. Platforms: " + ", ".join(f"{k} {v}" for k, v in plat.most_common()) +
             " (+1 malformed twitter line). Emojis with skin tones (👍🏽), variation selectors (❤️) and ZWJ "
             "sequences (🧑‍🔧 🤦‍♀️ 👨‍👩‍👧‍👦 🏳️‍🌈 ❤️‍🔥), @handles (@NuvoIL, @NuvoSupport), URLs, hashtags "
             "(#נובו #fail); Hebrew, English and mixed.\n")
    L.append(f"- **Line {social_bad_line}** is deliberately malformed: unescaped double quotes inside `text` "
             "make it invalid JSON.\n")
    (HERE / "README.md").write_text("\n".join(L), encoding="utf-8")


# --------------------------------------------------------------------------------------


def main():
    records = build_rows()
    check_texts(records)
    text, positions = render_csv(records)
    assert "\ufeff" not in text
    (HERE / "feedback_dump.csv").write_bytes(text.encode("utf-8"))
    (HERE / "feedback_dump_cp1255.csv").write_bytes(text.encode("cp1255"))
    write_xlsx(records, HERE / "feedback_dump.xlsx")

    rng = random.Random(SEED + 1)
    survey_rows = build_survey(rng)
    for r in survey_rows:
        assert r[3] or r[4]
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(SURVEY_HEADER)
    w.writerows(survey_rows)
    (HERE / "survey_he.csv").write_bytes(buf.getvalue().encode("utf-8-sig"))

    social_text, bad_line, posts = build_social(random.Random(SEED + 2))
    (HERE / "social_mentions.jsonl").write_bytes(social_text.encode("utf-8"))

    write_readme(records, positions, survey_rows, social_text, bad_line, posts)

    texted = [r for r in records if r["lang"]]
    langs = Counter(r["lang"] for r in texted)
    print(f"feedback_dump.csv: {len(records)} rows, " +
          ", ".join(f"{k} {v} ({100 * v / len(texted):.1f}%)" for k, v in langs.items()))
    for tag in PAIN + POSITIVE:
        rs = [r for r in records if tag in r["tags"]]
        print(f"  {tag:7s} {len(rs):3d}  " + " ".join(f"{m[5:]}:{sum(1 for r in rs if month_of(r) == m)}"
                                                   for m in sorted({month_of(x) for x in records})))
    print(f"survey_he.csv: {len(survey_rows)} rows; social_mentions.jsonl: {len(social_text.splitlines())} lines "
          f"(bad line {bad_line})")


if __name__ == "__main__":
    main()
