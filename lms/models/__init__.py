from .people import Invitation, JobRole, Profile
from .practice import Observation, SignOff
from .site import HomePage, OrganisationSettings
from .teams import Assignment, Reminder, Team, TeamMembership

__all__ = [
    "Assignment",
    "HomePage",
    "Invitation",
    "JobRole",
    "Observation",
    "OrganisationSettings",
    "Profile",
    "Reminder",
    "SignOff",
    "Team",
    "TeamMembership",
]
