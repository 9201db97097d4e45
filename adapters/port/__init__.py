"""The port: what the graph asks of back ends, in domain terms (issue 4).

Adapters (``adapters/soap`` Cimut via zeep, ``adapters/rest`` Cegedim, Santéclair, Kalixia
via httpx, partner plug-ins) implement these Protocols; resolvers call nothing else.
Records are frozen dataclasses in domain terms (``Decimal`` euros, ``date``/aware
``datetime``, enums of ``adapters.port.codes`` whose values are the domain codes).

Capabilities and their methods (all async; ``[...]`` = batch: a list of keys in, a
same-length list out, each item the result or that key's ``PortError``):

MemberDirectory
    members([MemberRef]) -> [Member | PortError]
    beneficiaries([MemberRef]) -> [tuple[Beneficiary, ...] | PortError]
ContractsPort
    contracts([MemberRef]) -> [Contract | PortError]
    premiums([MemberRef]) -> [Premium | PortError]
PaymentsPort
    search_payments(MemberRef, PaymentQuery) -> PaymentPage   (items may lack lines)
    payments(MemberRef, [payment id]) -> [Payment | PortError] (with lines)
    quotes([MemberRef]) -> [tuple[Quote, ...] | PortError]
CorrespondencePort
    letters(MemberRef, LetterQuery) -> [Letter]
    useful_documents([MemberRef]) -> [tuple[UsefulDocument, ...] | PortError]
    tp_cards([MemberRef]) -> [TiersPayantCard | PortError]
    document(MemberRef, DocumentRef) -> DocumentContent
ChangeRequestsPort
    change_requests([MemberRef]) -> [tuple[ChangeRequest, ...] | PortError]
    update_contact(MemberRef, ContactChange) -> ChangeRequest
    update_address(MemberRef, AddressChange) -> ChangeRequest
    update_bank_account(MemberRef, BankAccountChange) -> ChangeRequest
    add_beneficiary(MemberRef, NewBeneficiary) -> ChangeRequest
    remove_beneficiary(MemberRef, BeneficiaryRemoval) -> ChangeRequest
    request_tp_card(MemberRef) -> ChangeRequest
    set_paperless(MemberRef, bool) -> ChangeRequest
    set_notifications(MemberRef, bool) -> ChangeRequest
MessagingPort
    messages([MemberRef]) -> [tuple[Message, ...] | PortError]
    send_message(MemberRef, NewMessage) -> Message
CareNetworkPort (one per network; property ``network``)
    search_professionals(ProfessionalQuery) -> [ProfessionalHit]   (nearest first)
    professionals([professional id]) -> [HealthProfessional | PortError]
    service_links(MemberRef) -> [ServiceLink]
QuoteAnalysisPort (Santéclair)
    estimate(MemberRef, QuoteEstimateRequest) -> QuoteEstimate
    submit_quote(MemberRef, QuoteSubmission) -> QuoteReview

Bundles: ``MemberPlatform`` (name + the member capabilities, None where missing),
``CareNetwork`` (network + CareNetworkPort + optional QuoteAnalysisPort),
``TenantBackends`` (tenant + platform + networks). Errors: see ``adapters.port.errors``.
"""

from adapters.port.backends import (
    CareNetwork,
    CountsEvents,
    MemberPlatform,
    TenantBackends,
    require,
)
from adapters.port.care import (
    GeoPoint,
    HealthProfessional,
    Location,
    NetworkMembership,
    ProfessionalHit,
    ProfessionalQuery,
    QuoteEstimate,
    QuoteEstimateItem,
    QuoteEstimateLine,
    QuoteEstimateRequest,
    QuoteReview,
    QuoteSubmission,
    ServiceLink,
)
from adapters.port.codes import (
    ActCodeSystem,
    BankAccountPurpose,
    BeneficiaryQuality,
    CareCategory,
    ChangeRequestKind,
    ChangeRequestStatus,
    Civility,
    ContractKind,
    ContractStatus,
    Discipline,
    DocumentFormat,
    DocumentKind,
    FamilySituation,
    GuaranteeKind,
    InstalmentStatus,
    LetterType,
    MessageDirection,
    Network,
    PaymentMethod,
    PaymentRecipientKind,
    PremiumFrequency,
    PremiumMethod,
    Profession,
    ProfessionalIdKind,
    QuoteCategory,
    QuoteKind,
    QuoteReviewStatus,
    QuoteStatus,
    Regime,
    ServiceKind,
    UsefulDocumentKind,
)
from adapters.port.contracts import Contract, Coverage, Guarantee, Premium, PremiumInstalment
from adapters.port.documents import (
    DocumentContent,
    DocumentRef,
    Letter,
    LetterQuery,
    TiersPayantCard,
    TiersPayantDomain,
    UsefulDocument,
)
from adapters.port.errors import (
    BackendRejected,
    BackendTimeout,
    BackendUnavailable,
    Conflict,
    InvalidInput,
    MalformedResponse,
    NotFound,
    NotSupported,
    PortError,
)
from adapters.port.members import BankAccount, Beneficiary, Member, MemberRef, PostalAddress
from adapters.port.payments import Payment, PaymentLine, PaymentPage, PaymentQuery, Quote
from adapters.port.protocols import (
    CareNetworkPort,
    ChangeRequestsPort,
    ContractsPort,
    CorrespondencePort,
    MemberDirectory,
    MessagingPort,
    PaymentsPort,
    QuoteAnalysisPort,
)
from adapters.port.requests import (
    AddressChange,
    Attachment,
    BankAccountChange,
    BeneficiaryRemoval,
    ChangeRequest,
    ContactChange,
    Message,
    NewAttachment,
    NewBeneficiary,
    NewMessage,
)

__all__ = [
    "ActCodeSystem",
    "AddressChange",
    "Attachment",
    "BackendRejected",
    "BackendTimeout",
    "BackendUnavailable",
    "BankAccount",
    "BankAccountChange",
    "BankAccountPurpose",
    "Beneficiary",
    "BeneficiaryQuality",
    "BeneficiaryRemoval",
    "CareCategory",
    "CareNetwork",
    "CareNetworkPort",
    "ChangeRequest",
    "ChangeRequestKind",
    "ChangeRequestStatus",
    "ChangeRequestsPort",
    "Civility",
    "Conflict",
    "ContactChange",
    "Contract",
    "ContractKind",
    "ContractStatus",
    "ContractsPort",
    "CorrespondencePort",
    "CountsEvents",
    "Coverage",
    "Discipline",
    "DocumentContent",
    "DocumentFormat",
    "DocumentKind",
    "DocumentRef",
    "FamilySituation",
    "GeoPoint",
    "Guarantee",
    "GuaranteeKind",
    "HealthProfessional",
    "InstalmentStatus",
    "InvalidInput",
    "Letter",
    "LetterQuery",
    "LetterType",
    "Location",
    "MalformedResponse",
    "Member",
    "MemberDirectory",
    "MemberPlatform",
    "MemberRef",
    "Message",
    "MessageDirection",
    "MessagingPort",
    "Network",
    "NetworkMembership",
    "NewAttachment",
    "NewBeneficiary",
    "NewMessage",
    "NotFound",
    "NotSupported",
    "Payment",
    "PaymentLine",
    "PaymentMethod",
    "PaymentPage",
    "PaymentQuery",
    "PaymentRecipientKind",
    "PaymentsPort",
    "PortError",
    "PostalAddress",
    "Premium",
    "PremiumFrequency",
    "PremiumInstalment",
    "PremiumMethod",
    "Profession",
    "ProfessionalHit",
    "ProfessionalIdKind",
    "ProfessionalQuery",
    "Quote",
    "QuoteAnalysisPort",
    "QuoteCategory",
    "QuoteEstimate",
    "QuoteEstimateItem",
    "QuoteEstimateLine",
    "QuoteEstimateRequest",
    "QuoteKind",
    "QuoteReview",
    "QuoteReviewStatus",
    "QuoteStatus",
    "QuoteSubmission",
    "Regime",
    "ServiceKind",
    "ServiceLink",
    "TenantBackends",
    "TiersPayantCard",
    "TiersPayantDomain",
    "UsefulDocument",
    "UsefulDocumentKind",
    "require",
]
