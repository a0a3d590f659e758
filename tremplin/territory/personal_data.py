"""Reference data of the territory: no personal data (decision 0805)."""

REFERENCE = "donnée de référence (Statbel, codes postaux)"
WITHOUT_PERSONAL_DATA = {
    "territory.Region": REFERENCE,
    "territory.Province": REFERENCE,
    "territory.IbefeArea": REFERENCE,
    "territory.Arrondissement": REFERENCE,
    "territory.Municipality": REFERENCE,
    "territory.PostalCode": REFERENCE,
}
