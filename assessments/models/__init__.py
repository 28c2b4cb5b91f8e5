from .attempts import QuizAnswer, QuizAttempt
from .quiz import Question, QuestionKind, QuizPage, ReviewPolicy, Scoring

__all__ = ["Question", "QuestionKind", "QuizAnswer", "QuizAttempt", "QuizPage", "ReviewPolicy", "Scoring"]
