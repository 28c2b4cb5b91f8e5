from .exports import DataExport, Erasure
from .practice import Observation, SignOff
from .site import HomePage, OrganisationSettings
from .teams import Assignment, Reminder, Team, TeamMembership

__all__ = [
    "Assignment",
    "DataExport",
    "Erasure",
    "HomePage",
    "Observation",
    "OrganisationSettings",
    "Reminder",
    "SignOff",
    "Team",
    "TeamMembership",
]
