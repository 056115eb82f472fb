"""The default visa support letter, in English, Spanish and French: a
starting text that staff edit in the back office (signatory included)."""

from django.db import migrations

NAME = "Visa support letter"

TEMPLATES = {
    "en": (
        "Visa support letter: {participant_name}, {meeting_title}",
        """To whom it may concern,

This letter confirms that {participant_name} is registered to take part in {meeting_title}, a meeting of the Women, Peace and Security Focal Points Network, to be held in {meeting_place} ({meeting_dates}).

The meeting is hosted by {meeting_hosts}. We kindly ask the consular authorities to facilitate the issue of the visa that {participant_name} needs in order to attend.

This letter does not commit the Network or the hosts to cover any travel or accommodation costs unless these have been confirmed separately in writing.

Yours faithfully,""",
        "The Secretariat",
        "Secretariat of the Women, Peace and Security Focal Points Network",
    ),
    "es": (
        "Carta de apoyo para la solicitud de visado: {participant_name}, {meeting_title}",
        """A quien corresponda:

Por la presente se hace constar que {participant_name} se ha inscrito para participar en {meeting_title}, reunión de la Red de Puntos Focales sobre Mujeres, Paz y Seguridad, que se celebrará en {meeting_place} ({meeting_dates}).

La reunión está organizada por {meeting_hosts}. Rogamos a las autoridades consulares que faciliten la expedición del visado que {participant_name} necesita para asistir.

Esta carta no compromete a la Red ni a los anfitriones a sufragar gastos de viaje o de alojamiento, salvo que se hayan confirmado por escrito por separado.

Atentamente,""",
        "La Secretaría",
        "Secretaría de la Red de Puntos Focales sobre Mujeres, Paz y Seguridad",
    ),
    "fr": (
        "Lettre d’appui à une demande de visa : {participant_name}, {meeting_title}",
        """Madame, Monsieur,

Par la présente, nous attestons que {participant_name} est inscrit·e pour participer à {meeting_title}, réunion du Réseau des points focaux Femmes, paix et sécurité, qui se tiendra à {meeting_place} ({meeting_dates}).

La réunion est organisée par {meeting_hosts}. Nous prions les autorités consulaires de bien vouloir faciliter la délivrance du visa dont {participant_name} a besoin pour y assister.

Cette lettre n’engage ni le Réseau ni les hôtes à prendre en charge des frais de voyage ou d’hébergement, sauf confirmation écrite distincte.

Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées.""",
        "Le Secrétariat",
        "Secrétariat du Réseau des points focaux Femmes, paix et sécurité",
    ),
}


def create_defaults(apps, schema_editor):
    LetterTemplate = apps.get_model("meetings", "LetterTemplate")
    for language, (subject, body, signatory, title) in TEMPLATES.items():
        LetterTemplate.objects.get_or_create(
            name=NAME,
            language=language,
            defaults={
                "subject": subject,
                "body": body,
                "signatory_name": signatory,
                "signatory_title": title,
            },
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("meetings", "LetterTemplate").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_letter_templates")]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
