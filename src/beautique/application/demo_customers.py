"""Made-up customers for demo orders: Pakistani names, cities and phone numbers in the spellings
real shoppers type (`0300 1234567`, `0300-1234567`, `+92 300 1234567`), and a few from abroad."""

from __future__ import annotations

import random

from beautique.domain.order import Customer

FIRST_NAMES = (
    "Ayesha", "Fatima", "Zainab", "Maryam", "Hira", "Sana", "Mahnoor", "Iqra", "Amna", "Khadija",
    "Rabia", "Sadia", "Noor", "Hina", "Areeba", "Anum", "Saba", "Laiba", "Mehwish", "Nimra",
    "Bilal", "Usman", "Hamza", "Zoë",
)  # fmt: skip
LAST_NAMES = (
    "Khan", "Ahmed", "Ali", "Malik", "Butt", "Qureshi", "Sheikh", "Chaudhry", "Raza", "Hussain",
    "Siddiqui", "Abbasi", "Mirza", "Javed", "Iqbal", "Rana", "Baig", "Shah",
)  # fmt: skip
AREAS = {
    "Lahore": ("DHA Phase 5", "Gulberg III", "Model Town", "Johar Town"),
    "Karachi": ("Clifton Block 5", "DHA Phase 6", "Gulshan-e-Iqbal Block 13", "North Nazimabad"),
    "Islamabad": ("F-7/2", "G-11/3", "E-11/4", "I-8/1"),
    "Rawalpindi": ("Bahria Town Phase 7", "Satellite Town"),
    "Faisalabad": ("Peoples Colony", "Madina Town"),
    "Multan": ("Gulgasht Colony", "Cantt"),
    "Peshawar": ("Hayatabad Phase 3", "University Town"),
}
ABROAD = (  # city, country, dialling code, national number length
    ("Dubai", "United Arab Emirates", "971", 9),
    ("London", "United Kingdom", "44", 10),
    ("Toronto", "Canada", "1", 10),
)
MOBILE_PREFIXES = ("300", "301", "303", "305", "310", "312", "315", "321", "333", "336", "345")
NOTES = (
    "Call before delivery",
    "Please deliver after 5 pm",
    "Gift wrap please",
    "Need it before Eid",
    "Leave it with the guard if nobody is home",
)
MAIL_HOSTS = ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com")


def demo_customer(rng: random.Random) -> Customer:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    if rng.random() < 0.05:
        city, country, code, length = rng.choice(ABROAD)
        national = str(rng.randint(10 ** (length - 1), 10**length - 1))
        phone, e164 = f"+{code} {national}", f"+{code}{national}"
        address = f"Flat {rng.randint(1, 300)}, {rng.randint(1, 99)} Park Road"
    else:
        city, country = rng.choice(tuple(AREAS)), "Pakistan"
        phone, e164 = _pakistani_phone(rng)
        address = (
            f"House {rng.randint(1, 250)}, Street {rng.randint(1, 40)}, {rng.choice(AREAS[city])}"
        )
    whatsapp = phone if rng.random() < 0.7 else _pakistani_phone(rng)[0]
    email = (
        f"{first.lower()}.{last.lower()}{rng.randint(1, 99)}@{rng.choice(MAIL_HOSTS)}"
        if rng.random() < 0.6
        else None
    )
    return Customer(
        name=f"{first} {last}",
        phone=phone,
        phone_e164=e164,
        whatsapp=whatsapp,
        email=email,
        address=address,
        city=city,
        country=country,
        notes=rng.choice(NOTES) if rng.random() < 0.25 else None,
    )


def _pakistani_phone(rng: random.Random) -> tuple[str, str]:
    prefix, number = rng.choice(MOBILE_PREFIXES), f"{rng.randint(0, 9_999_999):07d}"
    spelling = rng.choice(
        (
            f"0{prefix} {number}",
            f"0{prefix}-{number}",
            f"0{prefix}{number}",
            f"+92 {prefix} {number}",
        )
    )
    return spelling, f"+92{prefix}{number}"
