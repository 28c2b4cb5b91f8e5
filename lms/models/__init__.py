from .allowances import Exemption, ExemptionReason, Extension, ExtensionReason
from .calendar import CalendarFeed
from .digest import DigestChoice
from .exports import DataExport, Erasure
from .people import Invitation, JobRole, Profile
from .practice import Observation, SignOff
from .site import HomePage, OrganisationSettings
from .teams import Assignment, DueRule, RecertificationRule, Reminder, Team, TeamMembership

__all__ = [
    "Assignment",
    "CalendarFeed",
    "DataExport",
    "DigestChoice",
    "DueRule",
    "Erasure",
    "Exemption",
    "ExemptionReason",
    "Extension",
    "ExtensionReason",
    "HomePage",
    "Invitation",
    "JobRole",
    "Observation",
    "OrganisationSettings",
    "Profile",
    "RecertificationRule",
    "Reminder",
    "SignOff",
    "Team",
    "TeamMembership",
]
