from .exports import DataExport
from .practice import Observation, SignOff
from .site import HomePage, OrganisationSettings
from .teams import Assignment, Reminder, Team, TeamMembership

__all__ = [
    "Assignment",
    "DataExport",
    "HomePage",
    "Observation",
    "OrganisationSettings",
    "Reminder",
    "SignOff",
    "Team",
    "TeamMembership",
]
