"""Imports every domain's models, so that the metadata knows all tables."""

from lms.api.models import ApiToken  # noqa: F401
from lms.auth.models import RoleGrant, User  # noqa: F401
from lms.catalog.models import (  # noqa: F401
    Course,
    Lesson,
    MediaFile,
    Question,
    QuizSettings,
    ScormPackage,
)
from lms.core.models import AuditLog, StoredFileChunk  # noqa: F401
from lms.feedback.models import (  # noqa: F401
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyRespondent,
    SurveyResponse,
)
from lms.jobs.models import Job  # noqa: F401
from lms.learning.models import (  # noqa: F401
    Assignment,
    Certificate,
    CourseCompletion,
    Enrollment,
    LessonProgress,
    ScormData,
)
from lms.notifications.models import (  # noqa: F401
    DigestSnapshot,
    EmailChoice,
    Notification,
    NotificationDelivery,
    NotificationKindSetting,
    NotificationSettings,
)
from lms.org.models import Cadre, CadreUnitHistory, Unit, UnitClosure  # noqa: F401
from lms.quizzes.models import (  # noqa: F401
    AttemptAnswer,
    AttemptResult,
    QuizAttempt,
)
from lms.reports.models import ClosedPeriod, ReportSettings  # noqa: F401
from lms.training.models import Attendance, TrainingSession  # noqa: F401
from lms.training.programmes.models import (  # noqa: F401
    Programme,
    ProgrammeCompletion,
    ProgrammeRequirement,
    programme_requirement_course,
)
