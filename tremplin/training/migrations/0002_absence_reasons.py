from django.db import migrations

REASONS = (
    ("medical", "Raison médicale (certificat)", True),
    ("medical_appointment", "Rendez-vous médical", True),
    ("forem_appointment", "Rendez-vous au Forem", True),
    ("cpas_appointment", "Rendez-vous au CPAS", True),
    ("court_appointment", "Convocation en justice ou chez un avocat", True),
    ("job_interview", "Entretien d'embauche", True),
    ("transport_strike", "Grève ou panne des transports en commun", True),
    ("weather", "Intempéries", True),
    ("force_majeure", "Force majeure", True),
    ("family_event", "Événement familial (naissance, décès)", True),
    ("child_sick", "Enfant malade", True),
    ("administrative", "Démarche administrative obligatoire", True),
    ("personal", "Raison personnelle (non assimilée)", False),
    ("late_certificate", "Certificat remis hors délai (non assimilé)", False),
)


def load(apps, schema_editor):
    AbsenceReason = apps.get_model("training", "AbsenceReason")
    for position, (code, label, assimilated) in enumerate(REASONS):
        AbsenceReason.objects.update_or_create(
            code=code,
            defaults={"label": label, "counts_as_assimilated": assimilated, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
