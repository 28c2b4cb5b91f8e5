from .pages import CourseIndexPage, CoursePage, CpdCategory, LessonPage
from .progress import ContentNoteAcknowledgement, Enrolment, ModuleCompletion, StepProgress
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
    "StepProgress",
]
