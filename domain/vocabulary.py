"""The closed vocabularies of the landscape (docs/data-format.md, "Enumerations").

Each enumeration is a ``StrEnum`` whose value is the lower-case string stored in Neo4j and
written in the data files; GraphQL shows the member's upper-case name. Every value carries a
German and an English label so that the dashboard, the CLI and error messages can speak to
planners in their language without a second table somewhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Labels:
    """How a value reads to a person: German (the county's working language) and English."""

    de: str
    en: str


class Vocabulary(StrEnum):
    """Base of all enumerations: adds the German and English labels to every member."""

    @property
    def de(self) -> str:
        """The German label, e.g. ``Wohlfahrtsverband``."""
        return LABELS[type(self)][self.value].de

    @property
    def en(self) -> str:
        """The English label, e.g. ``welfare association``."""
        return LABELS[type(self)][self.value].en

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """The allowed stored values, in declaration order (used in error messages)."""
        return tuple(member.value for member in cls)


class ActorKind(Vocabulary):
    """What sort of organisation an actor is (Akteursart)."""

    ADMINISTRATION = "administration"
    POLITICS = "politics"
    WELFARE_ASSOCIATION = "welfare_association"
    ASSOCIATION = "association"
    VOLUNTEER_INITIATIVE = "volunteer_initiative"
    EDUCATION_PROVIDER = "education_provider"
    EMPLOYMENT_AGENCY = "employment_agency"
    MIGRANT_ORGANISATION = "migrant_organisation"
    RELIGIOUS_COMMUNITY = "religious_community"
    RESEARCH_INSTITUTE = "research_institute"
    CULTURE_SPORT = "culture_sport"


class OfferingKind(Vocabulary):
    """What form an offering (Angebot) takes."""

    COURSE = "course"
    COUNSELLING = "counselling"
    MEETING_POINT = "meeting_point"
    MENTORING = "mentoring"
    EVENT_SERIES = "event_series"
    SERVICE = "service"


class MunicipalityKind(Vocabulary):
    """The administrative level of a municipality in Lower Saxony."""

    COUNTY = "county"
    SAMTGEMEINDE = "samtgemeinde"
    EINHEITSGEMEINDE = "einheitsgemeinde"
    MEMBER_MUNICIPALITY = "member_municipality"
    UNINCORPORATED_AREA = "unincorporated_area"


class EventStatus(Vocabulary):
    """Whether an event has taken place or is still ahead."""

    HELD = "held"
    PLANNED = "planned"


class EventKind(Vocabulary):
    """What sort of event it is: a meeting of the whole network, of one working group, or
    any other event (what an event without a kind is, so that events recorded before
    meetings existed keep their meaning and their stored form)."""

    NETWORK_MEETING = "network_meeting"
    WORKING_GROUP_MEETING = "working_group_meeting"
    EVENT = "event"


class MembershipRole(Vocabulary):
    """The role of an actor in a working group (Arbeitskreis)."""

    MEMBER = "member"
    SPOKESPERSON = "spokesperson"
    CHAIR = "chair"
    GUEST = "guest"


class CooperationKind(Vocabulary):
    """How two actors work together."""

    PARTNERSHIP = "partnership"
    REFERRAL = "referral"
    JOINT_PROJECT = "joint_project"
    UMBRELLA = "umbrella"


class ParticipationRole(Vocabulary):
    """The part an actor or person played at an event."""

    HOST = "host"
    SPEAKER = "speaker"
    PERFORMER = "performer"
    GUEST = "guest"


class MeasureStatus(Vocabulary):
    """Where a measure (Maßnahme) stands; each change is dated in the measure's status log."""

    IDEA = "idea"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class MeasurePriority(Vocabulary):
    """How an Integrationskonzept ranks a measure: large reach, or quick and without money."""

    FOCUS = "focus"
    QUICK_WIN = "quick_win"


LABELS: dict[type[Vocabulary], dict[str, Labels]] = {
    ActorKind: {
        ActorKind.ADMINISTRATION.value: Labels("Verwaltung", "public administration"),
        ActorKind.POLITICS.value: Labels("Politik", "politics"),
        ActorKind.WELFARE_ASSOCIATION.value: Labels("Wohlfahrtsverband", "welfare association"),
        ActorKind.ASSOCIATION.value: Labels("Verein", "association"),
        ActorKind.VOLUNTEER_INITIATIVE.value: Labels(
            "Ehrenamtliche Initiative", "volunteer initiative"
        ),
        ActorKind.EDUCATION_PROVIDER.value: Labels("Bildungsträger", "education provider"),
        ActorKind.EMPLOYMENT_AGENCY.value: Labels(
            "Jobcenter / Agentur für Arbeit", "employment agency"
        ),
        ActorKind.MIGRANT_ORGANISATION.value: Labels(
            "Migrantenorganisation", "migrant organisation"
        ),
        ActorKind.RELIGIOUS_COMMUNITY.value: Labels("Religionsgemeinschaft", "religious community"),
        ActorKind.RESEARCH_INSTITUTE.value: Labels("Forschungsinstitut", "research institute"),
        ActorKind.CULTURE_SPORT.value: Labels("Kultur und Sport", "culture and sport"),
    },
    OfferingKind: {
        OfferingKind.COURSE.value: Labels("Kurs", "course"),
        OfferingKind.COUNSELLING.value: Labels("Beratung", "counselling"),
        OfferingKind.MEETING_POINT.value: Labels("Treffpunkt", "meeting point"),
        OfferingKind.MENTORING.value: Labels("Patenschaft / Mentoring", "mentoring"),
        OfferingKind.EVENT_SERIES.value: Labels("Veranstaltungsreihe", "event series"),
        OfferingKind.SERVICE.value: Labels("Dienstleistung", "service"),
    },
    MunicipalityKind: {
        MunicipalityKind.COUNTY.value: Labels("Landkreis", "county"),
        MunicipalityKind.SAMTGEMEINDE.value: Labels("Samtgemeinde", "joint municipality"),
        MunicipalityKind.EINHEITSGEMEINDE.value: Labels("Einheitsgemeinde", "unitary municipality"),
        MunicipalityKind.MEMBER_MUNICIPALITY.value: Labels(
            "Mitgliedsgemeinde", "member municipality"
        ),
        MunicipalityKind.UNINCORPORATED_AREA.value: Labels(
            "gemeindefreies Gebiet", "unincorporated area"
        ),
    },
    EventStatus: {
        EventStatus.HELD.value: Labels("stattgefunden", "held"),
        EventStatus.PLANNED.value: Labels("geplant", "planned"),
    },
    EventKind: {
        EventKind.NETWORK_MEETING.value: Labels("Netzwerktreffen", "network meeting"),
        EventKind.WORKING_GROUP_MEETING.value: Labels("AK-Sitzung", "working group meeting"),
        EventKind.EVENT.value: Labels("Veranstaltung", "event"),
    },
    MembershipRole: {
        MembershipRole.MEMBER.value: Labels("Mitglied", "member"),
        MembershipRole.SPOKESPERSON.value: Labels("Sprecher:in", "spokesperson"),
        MembershipRole.CHAIR.value: Labels("Vorsitz", "chair"),
        MembershipRole.GUEST.value: Labels("Gast", "guest"),
    },
    CooperationKind: {
        CooperationKind.PARTNERSHIP.value: Labels("Partnerschaft", "partnership"),
        CooperationKind.REFERRAL.value: Labels("Verweisberatung", "referral"),
        CooperationKind.JOINT_PROJECT.value: Labels("gemeinsames Projekt", "joint project"),
        CooperationKind.UMBRELLA.value: Labels("Dachverband", "umbrella organisation"),
    },
    ParticipationRole: {
        ParticipationRole.HOST.value: Labels("Gastgeber:in", "host"),
        ParticipationRole.SPEAKER.value: Labels("Redner:in", "speaker"),
        ParticipationRole.PERFORMER.value: Labels("Mitwirkende:r", "performer"),
        ParticipationRole.GUEST.value: Labels("Gast", "guest"),
    },
    MeasureStatus: {
        MeasureStatus.IDEA.value: Labels("Idee", "idea"),
        MeasureStatus.PLANNED.value: Labels("geplant", "planned"),
        MeasureStatus.IN_PROGRESS.value: Labels("in Umsetzung", "in progress"),
        MeasureStatus.DONE.value: Labels("umgesetzt", "done"),
        MeasureStatus.DROPPED.value: Labels("verworfen", "dropped"),
    },
    MeasurePriority: {
        MeasurePriority.FOCUS.value: Labels("Schwerpunktmaßnahme", "focus measure"),
        MeasurePriority.QUICK_WIN.value: Labels("Quick Win", "quick win"),
    },
}

ENUMERATIONS: tuple[type[Vocabulary], ...] = (
    ActorKind,
    OfferingKind,
    MunicipalityKind,
    EventStatus,
    EventKind,
    MembershipRole,
    CooperationKind,
    ParticipationRole,
    MeasureStatus,
    MeasurePriority,
)
"""Every enumeration of the data contract, for documentation and completeness tests."""
