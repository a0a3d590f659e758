"""Every sentence the rules show to people, translatable, keyed by the codes of the YAML files.

Plain language: short sentences, jargon explained the first time.
"""

from django.utils.translation import gettext_lazy as _

CATEGORY_LABELS = {
    "A": _(
        "Demandeur ou demandeuse d'emploi avec au maximum le CE2D (4e année du secondaire réussie)"
    ),
    "B": _("Inscrit ou inscrite au Forem depuis au moins 18 mois sur les 24 derniers mois"),
    "C": _("Personne avec un handicap reconnu ou une incapacité de travail"),
    "D1": _("Personne qui reçoit du CPAS le revenu d'intégration ou une aide sociale équivalente"),
    "D2": _(
        "Personne en détention, sous surveillance électronique ou en libération conditionnelle"
    ),
    "D3": _("Personne avec une incapacité de travail d'au moins 33 %"),
    "D4": _("Personne indemnisée par sa mutuelle (INAMI)"),
    "D5": _("Personne d'origine étrangère peu scolarisée (réfugiée ou autorisée au séjour)"),
    "D6": _("Personne qui reprend une activité après une longue pause"),
    "DEROGATION": _("Dérogation : le centre peut accepter une personne qui a au plus le CESS"),
}

CATEGORY_EXPLANATIONS = {
    "A": _(
        "Vous êtes inscrit ou inscrite comme demandeur ou demandeuse d'emploi au Forem. "
        "Vous avez au maximum le CE2D (4e année du secondaire réussie)."
    ),
    "B": _(
        "Vous êtes inscrit ou inscrite au Forem depuis longtemps : au moins 18 mois sur les 24 "
        "derniers."
    ),
    "C": _(
        "Vous êtes inscrit ou inscrite au Forem. Vous avez un handicap reconnu par l'AViQ "
        "ou une incapacité de travail d'au moins 30 %."
    ),
    "D1": _(
        "Vous recevez du CPAS le revenu d'intégration, ou une aide sociale équivalente "
        "si vous n'avez pas droit au revenu d'intégration."
    ),
    "D2": _("La justice suit votre situation (prison, bracelet électronique, libération)."),
    "D3": _("Vous avez une incapacité de travail d'au moins 33 %."),
    "D4": _("Vous recevez des indemnités de votre mutuelle."),
    "D5": _("Vous êtes d'origine étrangère et vous avez peu de diplômes."),
    "D6": _("Vous voulez retravailler après une longue pause."),
    "DEROGATION": _(
        "Chaque centre peut accepter quelques personnes qui ont au plus le CESS. "
        "Le centre décide. Le nombre de places est limité."
    ),
}

DOCUMENT_LABELS = {
    "identity": _("Votre carte d'identité ou votre titre de séjour"),
    "forem_attestation": _(
        "Une attestation d'inscription au Forem comme demandeur ou demandeuse d'emploi "
        "(vous la trouvez dans « Mon espace » sur leforem.be ou au Forem)"
    ),
    "forem_history": _(
        "Un historique de votre inscription au Forem (il montre vos mois d'inscription)"
    ),
    "diploma": _(
        "Votre diplôme ou certificat le plus élevé. Si vous n'en avez pas, "
        "le centre vous fera signer une déclaration."
    ),
    "disability_decision": _(
        "La décision de l'AViQ, ou la décision qui fixe votre taux d'incapacité "
        "(assurance accident du travail, tribunal, mutuelle)"
    ),
    "medical_fitness": _("Un document médical qui dit que vous pouvez suivre une formation"),
    "cpas_attestation": _(
        "Une attestation du CPAS qui dit que vous recevez le revenu d'intégration "
        "ou une aide sociale équivalente"
    ),
    "justice_document": _(
        "Un document de la justice ou de la prison (par exemple la décision de surveillance "
        "électronique ou de libération conditionnelle)"
    ),
    "sickness_fund_attestation": _("Une attestation de votre mutuelle"),
    "residence_permit": _("Votre titre de séjour ou votre attestation de personne réfugiée"),
    "sworn_statement": _("Une déclaration sur l'honneur (le centre vous la donne)"),
}

# What each fact means, in the words of a question (used for "missing" and for the rules page).
FACT_LABELS = {
    "on_date": _("la date d'entrée en formation"),
    "birth_date": _("votre date de naissance"),
    "age": _("votre âge"),
    "not_subject_to_compulsory_schooling": _(
        "ne plus devoir aller à l'école (fin de l'obligation scolaire)"
    ),
    "forem_registered": _(
        "être inscrit ou inscrite comme demandeur ou demandeuse d'emploi au Forem (on dit aussi « "
        "DEI »)"
    ),
    "months_registered_last_24": _("le nombre de mois d'inscription au Forem sur les 24 derniers"),
    "highest_certificate": _("votre diplôme le plus élevé"),
    "disability_recognised": _("un handicap reconnu par l'AViQ (ou un organisme équivalent)"),
    "incapacity_percent": _("votre taux d'incapacité de travail"),
    "integration_income": _("recevoir le revenu d'intégration du CPAS"),
    "equivalent_social_aid": _(
        "recevoir du CPAS une aide sociale équivalente au revenu d'intégration"
    ),
    "justice_measure": _(
        "être en détention, sous surveillance électronique ou en libération conditionnelle"
    ),
    "sickness_benefit": _("recevoir des indemnités de la mutuelle (INAMI)"),
    "foreign_origin": _("être une personne réfugiée ou une personne étrangère autorisée au séjour"),
    "reentering_labour_market": _("reprendre une activité après une longue pause"),
    "planned_hours_per_week": _("le nombre d'heures de formation par semaine"),
    "planned_weeks": _("le nombre de semaines de formation"),
    "commute_km": _("la distance entre chez vous et le centre"),
    "children_in_childcare": _("le nombre d'enfants à faire garder"),
}

CERTIFICATE_LABELS = {
    "none": _("Aucun diplôme"),
    "CEB": _("CEB : certificat d'études de base (fin de l'école primaire)"),
    "CE1D": _("CE1D : certificat de la 2e année secondaire"),
    "CE2D": _("CE2D : certificat de la 4e année secondaire"),
    "CQ6": _("CQ6 : certificat de qualification de 6e (professionnel ou technique), sans le CESS"),
    "CESS": _("CESS : diplôme de fin de secondaire (6e année)"),
    "higher": _("Diplôme de haute école ou d'université"),
}

ADVICE = {
    "next_step": _(
        "Contactez un centre près de chez vous. Allez à une séance d'information. "
        "Apportez les documents de la liste."
    ),
    "derogation": _(
        "Un centre peut vous accepter par dérogation. Le centre décide. "
        "Il a peu de places pour cela : demandez-le dès votre premier contact."
    ),
    "compulsory_schooling": _(
        "Vous devez encore aller à l'école : jusqu'à la fin de l'année scolaire de l'année de "
        "vos 18 ans, ou jusqu'à vos 18 ans s'ils viennent avant. "
        "Parlez-en à votre école ou au centre PMS. Vous pourrez entrer dans un CISP après."
    ),
    "register_forem": _(
        "Inscrivez-vous d'abord comme demandeur ou demandeuse d'emploi au Forem "
        "(sur leforem.be ou au 0800 93 947, appel gratuit)."
    ),
    "too_many_diplomas": _(
        "Les CISP accueillent surtout des personnes avec peu de diplômes. "
        "Avec votre diplôme, le Forem ou l'enseignement de promotion sociale "
        "ont sans doute une formation pour vous."
    ),
    "answer_missing": _(
        "Répondez aux questions qui manquent. Vous pouvez aussi poser la question à un centre : "
        "il vérifiera avec vous."
    ),
    "derogation_fallback": _(
        "Si aucune de ces situations ne vous concerne, un centre peut peut-être "
        "vous accepter par dérogation."
    ),
    "before_decree": _(
        "Ce simulateur applique le décret CISP en vigueur depuis le 1er janvier 2014. "
        "Il ne répond pas pour une date plus ancienne."
    ),
    "long_training": _(
        "Votre projet de formation est long. Il existe des durées maximales de formation "
        "(à confirmer avec le centre)."
    ),
    "being_checked": _(
        "Votre réponse repose sur une règle en cours de vérification : "
        "le centre la vérifiera avec vous."
    ),
}

# Shown next to every rule or value to confirm that an answer rests on.
BEING_CHECKED = _("Cette règle est en cours de vérification : le centre la vérifiera avec vous.")

PARAMETER_LABELS = {
    "allowance.hourly_rate": _("Allocation de formation, brute, par heure suivie"),
    "registration.long_term_min_months": _("Mois d'inscription au Forem exigés (catégorie B)"),
    "registration.long_term_window_months": _("Période prise en compte (catégorie B)"),
    "incapacity.threshold_percent": _("Taux d'incapacité minimum (catégorie C)"),
    "incapacity.assimilated_threshold_percent": _(
        "Taux d'incapacité minimum sans inscription au Forem (catégorie D3)"
    ),
    "compulsory_schooling.end_age": _("Âge de fin de l'obligation scolaire"),
    "compulsory_schooling.school_year_end": _(
        "Fin de l'année scolaire (fin de l'obligation scolaire l'année des 18 ans)"
    ),
    "certificates.max_category_a": _("Diplôme le plus élevé accepté (catégorie A)"),
    "certificates.max_category_b": _("Diplôme le plus élevé accepté (catégorie B)"),
    "certificates.max_assimilated": _("Diplôme le plus élevé accepté (catégories D)"),
    "certificates.max_derogation": _("Diplôme le plus élevé accepté par dérogation"),
    "derogation.quota_share": _("Part des stagiaires acceptés par dérogation"),
    "travel.reimbursed": _("Remboursement des frais de déplacement par le Forem"),
    "childcare.share_non_school_age": _(
        "Part des frais de garde remboursée (enfant pas encore à l'école)"
    ),
    "childcare.share_school_age": _("Part des frais de garde remboursée (enfant à l'école)"),
    "durations.max_training_hours": _("Durée maximale de formation par stagiaire"),
    "assimilated_hours.max_share": _("Part maximale d'heures assimilées par stagiaire"),
}

CONFIDENCE_LABELS = {
    "verified": _("vérifié"),
    "to_confirm": _("à confirmer"),
}

STATUS_LABELS = {
    "eligible": _("Oui, vous pouvez entrer dans un CISP."),
    "derogation_possible": _("Peut-être : un centre peut vous accepter par dérogation."),
    "not_eligible": _("Non, pas pour le moment."),
    "incomplete": _("Nous ne pouvons pas encore répondre."),
}

# Validation messages shared by the API serializer and the simulator forms.
MESSAGES = {
    "months_negative": _("Le nombre de mois ne peut pas être négatif."),
    "months_too_many": _("Indiquez au plus 24 mois : on compte seulement les 24 derniers mois."),
    "certificate_unknown": _(
        "Diplôme inconnu. Choisissez parmi : none, CEB, CE1D, CE2D, CQ6, CESS, higher."
    ),
    "date_invalid": _(
        "Cette date n'existe pas. Écrivez-la sous la forme AAAA-MM-JJ, par exemple 1990-05-31."
    ),
    # The pages accept the date as people write it (31/05/1990); the API wants AAAA-MM-JJ.
    "date_typed_invalid": _("Cette date n'existe pas. Écrivez-la comme ceci : 31/05/1990."),
    "birth_date_too_old": _("Vérifiez l'année : la date de naissance est en 1900 ou après."),
    "birth_date_future": _("La date de naissance ne peut pas être dans le futur."),
    "date_range": _("Choisissez une date entre 1900 et 2100."),
    "birth_date_after_on_date": _(
        "La date de naissance doit être avant la date d'entrée en formation."
    ),
    "percent_range": _("Indiquez un pourcentage entre 0 et 100."),
    "hours_range": _("Indiquez un nombre d'heures entre 0 et 60 par semaine."),
    "weeks_range": _("Indiquez un nombre de semaines entre 0 et 156."),
    "km_range": _("Indiquez une distance entre 0 et 500 km."),
    "children_range": _("Indiquez un nombre d'enfants entre 0 et 20."),
    "boolean_invalid": _("Répondez par oui (true) ou non (false), ou n'envoyez pas ce champ."),
    "number_invalid": _("Indiquez un nombre."),
    "integer_invalid": _("Indiquez un nombre entier, sans virgule."),
}


def number_errors(range_message, *, decimal=False, min_message=None) -> dict:
    """Error messages of a number field (form or serializer) that must stay in 0..maximum."""
    return {
        "invalid": MESSAGES["number_invalid"] if decimal else MESSAGES["integer_invalid"],
        "min_value": min_message or range_message,
        "max_value": range_message,
        "max_digits": range_message,
        "max_decimal_places": MESSAGES["number_invalid"],
        "max_whole_digits": range_message,
    }
