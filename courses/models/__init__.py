from .lessons import LessonPage
from .pages import CourseIndexPage, CoursePage, CpdCategory
from .records import ContentNoteAcknowledgement, Enrolment, ModuleCompletion, Path, StepProgress
from .steps import ModuleStep

__all__ = [
    "ContentNoteAcknowledgement",
    "CourseIndexPage",
    "CoursePage",
    "CpdCategory",
    "Enrolment",
    "LessonPage",
    "ModuleCompletion",
    "ModuleStep",
    "Path",
    "StepProgress",
]
