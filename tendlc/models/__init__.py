"""The portal's models, one subject per module, re-exported here."""

from tendlc.models.api_tokens import ApiToken
from tendlc.models.assignments import (
    AssignmentTask,
    AssignmentTaskNumber,
    NumberUpload,
    PhoneNumberAssignment,
    UploadStatus,
)
from tendlc.models.audit import AuditEntry, AuditOutcome
from tendlc.models.brands import (
    Brand,
    BrandFeedback,
    BrandFeedbackCategory,
    ExternalVetting,
    SmsOtpVerification,
)
from tendlc.models.campaigns import (
    Campaign,
    CampaignAppeal,
    CampaignMnoStatus,
    PartnerCampaign,
    SharedCampaign,
)
from tendlc.models.charges import CampaignRenewal, Charge, ChargeKind, ChargeSource
from tendlc.models.compliance import ComplianceCheck
from tendlc.models.evidence import CampaignEvidence, EvidenceKind
from tendlc.models.history import CampaignStatusCount, NumbersAssignedCount
from tendlc.models.idempotency import IdempotencyKey
from tendlc.models.link_checks import (
    LinkCheckResult,
    LinkCheckRun,
    LinkCheckState,
    LinkCheckTrigger,
    LinkOutcome,
)
from tendlc.models.notifications import (
    ChatChannel,
    ChatService,
    Delivery,
    DeliveryChannel,
    DeliveryMode,
    DeliveryState,
    DigestRun,
    Notification,
    NotificationKind,
    NotificationSubscription,
    Occurrence,
)
from tendlc.models.number_upload_rows import NumberUploadRow
from tendlc.models.reactivations import CampaignReactivation, ReactivationState
from tendlc.models.resubmissions import NumberMove, NumberMoveState
from tendlc.models.retention import PruneRun
from tendlc.models.sign_in import SignInLockout
from tendlc.models.sync import SyncLease, SyncRun, SyncRunState
from tendlc.models.timeline import ChangeCause, StatusChange, StatusSubject
from tendlc.models.webhooks import WebhookEvent, WebhookEventState

__all__ = [
    "ApiToken",
    "AssignmentTask",
    "AssignmentTaskNumber",
    "AuditEntry",
    "AuditOutcome",
    "Brand",
    "BrandFeedback",
    "BrandFeedbackCategory",
    "Campaign",
    "CampaignAppeal",
    "CampaignEvidence",
    "CampaignMnoStatus",
    "CampaignReactivation",
    "CampaignRenewal",
    "CampaignStatusCount",
    "ChangeCause",
    "Charge",
    "ChargeKind",
    "ChargeSource",
    "ChatChannel",
    "ChatService",
    "ComplianceCheck",
    "Delivery",
    "DeliveryChannel",
    "DeliveryMode",
    "DeliveryState",
    "DigestRun",
    "EvidenceKind",
    "ExternalVetting",
    "IdempotencyKey",
    "LinkCheckResult",
    "LinkCheckRun",
    "LinkCheckState",
    "LinkCheckTrigger",
    "LinkOutcome",
    "Notification",
    "NotificationKind",
    "NotificationSubscription",
    "NumberMove",
    "NumberMoveState",
    "NumberUpload",
    "NumberUploadRow",
    "NumbersAssignedCount",
    "Occurrence",
    "PartnerCampaign",
    "PhoneNumberAssignment",
    "PruneRun",
    "ReactivationState",
    "SharedCampaign",
    "SignInLockout",
    "SmsOtpVerification",
    "StatusChange",
    "StatusSubject",
    "SyncLease",
    "SyncRun",
    "SyncRunState",
    "UploadStatus",
    "WebhookEvent",
    "WebhookEventState",
]
