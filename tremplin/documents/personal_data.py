"""Documents prepared in the background may hold people's data (decision 0805)."""

from tremplin.audit.register import Personal

DOCUMENT = Personal(
    "document préparé (rapport, export : peut contenir des données de personnes)",
    "remettre le document au membre qui l'a demandé",
    "celle des données qu'il contient",
    "generated_document",
    "le membre qui l'a demandé",
)

CLASSIFICATION = {
    "documents.GeneratedDocument": {
        "id": None,
        "owner": None,
        "kind": None,
        "person": DOCUMENT,
        "params": DOCUMENT,
        "title": DOCUMENT,
        "status": None,
        "progress": None,
        "step": None,
        "content": DOCUMENT,
        "content_type": None,
        "filename": DOCUMENT,
        "created_at": None,
        "finished_at": None,
        "expires_at": None,
    }
}
