"""Demo library: a few reference documents, some with several versions, two of them public;
the demo centre follows one. Texts are fictional samples, not the sector's real documents."""

import datetime as dt

from django.utils import timezone

from tremplin.library.models import Document, DocumentFollow, DocumentVersion, Kind

DOCUMENTS = (
    (
        "Procédure d'accueil d'un nouveau stagiaire (exemple fictif)",
        Kind.PROCEDURE,
        "Les étapes du premier jour, de l'accueil à la signature du contrat.",
        None,
        True,
        [
            (
                "Accueillir la personne, présenter l'équipe et les lieux. Relire ensemble le "
                "contrat de formation. Remettre le règlement d'ordre intérieur.",
                "Première version.",
            ),
            (
                "Accueillir la personne, présenter l'équipe et les lieux. Relire ensemble le "
                "contrat de formation et vérifier que la personne l'a compris. Remettre le "
                "règlement d'ordre intérieur. Noter le moyen de contact préféré.",
                "Ajout : vérifier la compréhension du contrat et noter le moyen de contact.",
            ),
        ],
    ),
    (
        "Lettre type : réponse à une candidature (exemple fictif)",
        Kind.MODEL_LETTER,
        "Un modèle de lettre claire pour répondre à une personne qui a posé sa candidature.",
        None,
        True,
        [
            (
                "Madame, Monsieur,\nNous avons bien reçu votre candidature. Nous vous "
                "proposons une séance d'information le [date] à [heure].",
                "Première version.",
            ),
        ],
    ),
    (
        "Clauses types du contrat de formation (à confirmer)",
        Kind.CONTRACT_CLAUSES,
        "Les clauses du contrat que la fédération propose aux centres.",
        None,
        False,
        [
            (
                "Texte de travail. Les clauses exactes sont à confirmer avec les textes "
                "réglementaires en vigueur.",
                "Première version de travail.",
            ),
            (
                "Texte de travail mis à jour. Les clauses exactes sont à confirmer avec les "
                "textes réglementaires en vigueur ; voir la circulaire liée.",
                "Renvoi vers la circulaire de l'année.",
            ),
            (
                "Texte de travail mis à jour (3). Les clauses exactes restent à confirmer.",
                "Relecture après la réunion des coordinations.",
            ),
        ],
    ),
    (
        "Circulaire sur les heures assimilées (exemple fictif)",
        Kind.CIRCULAR,
        "Résumé d'une circulaire : comment noter les absences justifiées.",
        dt.date(2025, 9, 1),
        False,
        [
            (
                "Résumé fictif pour la démonstration : noter chaque absence avec son motif ; "
                "le texte officiel fait foi.",
                "Première version.",
            ),
        ],
    ),
)


def build(world) -> None:
    if Document.objects.exists():
        world.log("documents de référence : déjà présents, gardés")
        return
    author = world.objects.get("demo_users", {}).get("federation_analyst")
    if author is None:
        return
    start = timezone.make_aware(dt.datetime.combine(world.today, dt.time(10, 0)))
    documents = []
    for title, kind, summary, date, public, versions in DOCUMENTS:
        document = Document.objects.create(
            title=title, kind=kind, summary=summary, reference_date=date, is_public=public
        )
        count = len(versions)
        for number, (body, note) in enumerate(versions, start=1):
            DocumentVersion.objects.create(
                document=document,
                number=number,
                body=body,
                change_note=note,
                published_at=start - dt.timedelta(days=60 * (count - number + 1)),
                author=author,
            )
        documents.append(document)
    centre = world.objects.get("demo_organisations", {}).get("centre")
    if centre is not None:
        DocumentFollow.objects.create(document=documents[2], organisation=centre)
    world.log(f"documents de référence : {len(documents)}")
