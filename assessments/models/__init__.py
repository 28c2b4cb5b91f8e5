from ..enums import QuestionKind, ReviewPolicy, Scoring
from .attempts import QuizAnswer, QuizAttempt
from .quiz import Question, QuizPage
from .reflections import Reflection, SharedReflection
from .runs import RunEvent, ScenarioRun
from .scenario import ScenarioPage

__all__ = [
    "Question",
    "QuestionKind",
    "QuizAnswer",
    "QuizAttempt",
    "QuizPage",
    "Reflection",
    "ReviewPolicy",
    "RunEvent",
    "ScenarioPage",
    "ScenarioRun",
    "Scoring",
    "SharedReflection",
]
