"""Fictional names shared by the intake demo data (bookings, candidacies)."""

FIRST_NAMES = (
    "Amina", "Bastien", "Chloé", "Dylan", "Elif", "Fatou", "Grégory", "Hanna", "Ilyas",
    "Julie", "Kevin", "Laïla", "Mehdi", "Nadia", "Olivier", "Priya", "Quentin", "Rania",
    "Sofia", "Tom", "Ursula", "Victor", "Yasmine", "Zoé",
)  # fmt: skip
LAST_NAMES = (
    "Lambert", "Dubois", "Martin", "Peeters", "Janssens", "Diallo", "Yilmaz", "Benali",
    "Renard", "Leroy", "Mertens", "Kabongo", "Simon", "Lejeune", "Hermans", "Collin",
)  # fmt: skip
