package org.healthpass.presentation

import org.healthpass.core.CounterService
import org.healthpass.core.ExposureAdvice
import org.healthpass.core.HealthpassException
import org.healthpass.core.VenueCategory
import org.healthpass.core.CheckoutKind
import org.healthpass.core.VisitEnd

/**
 * Every piece of text the screens show, as a key. The core returns codes (exception classes,
 * enums); this maps them to keys, and each shell localises the key: Android through the string
 * resource of the same name in lower case (res/values = English, res/values-in = Bahasa
 * Indonesia), checked by [StringResourcesTest].
 */
enum class UiText {
    APP_NAME,
    SCAN_TITLE,
    SCAN_HINT,
    CHECKED_IN,
    CHECKED_OUT,
    ALREADY_CHECKED_IN,
    CLOSED_PREVIOUS_VISIT,
    UNVERIFIED_EVENT_POSTER,
    CHECK_OUT,
    DISMISS,
    HISTORY_TITLE,
    HISTORY_EMPTY,
    EXPORT_CSV,
    DELETE_EVERYTHING,
    DELETE_EVERYTHING_CONFIRM,
    NOT_A_POSTER,
    POSTER_DAMAGED,
    UPDATE_APP,
    UNKNOWN_REGISTRY,
    FORGED_POSTER,
    POSTER_NOT_YET_VALID,
    POSTER_EXPIRED,
    NO_OPEN_VISIT,
    CHECK_CLOCK,
    CAMERA_PROBLEM,
    STORAGE_PROBLEM,
    INTERNAL_PROBLEM,
    CATEGORY_MALL,
    CATEGORY_SHOP,
    CATEGORY_GOVERNMENT_OFFICE,
    CATEGORY_RESTAURANT,
    CATEGORY_PLACE_OF_WORSHIP,
    CATEGORY_WORKPLACE,
    CATEGORY_SCHOOL,
    CATEGORY_HEALTHCARE,
    CATEGORY_TRANSPORT,
    CATEGORY_LODGING,
    CATEGORY_OTHER,
    ENDING_OPEN,
    ENDING_MANUAL,
    ENDING_RESCAN,
    ENDING_SUPERSEDED,
    ENDING_AUTOMATIC,
    STATUS_TITLE,
    STATUS_EMPTY,
    COLOUR_GREEN,
    COLOUR_YELLOW,
    COLOUR_RED,
    COLOUR_BLACK,
    REASON_POSITIVE,
    REASON_CLOSE_CONTACT,
    REASON_CHILD_TOO_YOUNG,
    REASON_CHILD_TWO_DOSES,
    REASON_CHILD_ONE_DOSE,
    REASON_CHILD_UNVACCINATED,
    REASON_BOOSTER,
    REASON_NEGATIVE_ANTIGEN_24H,
    REASON_NEGATIVE_PCR_72H,
    REASON_VACCINATED_AND_RECOVERED,
    REASON_TWO_DOSES,
    REASON_ONE_DOSE,
    REASON_UNVACCINATED,
    REASON_FULLY_VACCINATED,
    REASON_RECOVERED,
    REASON_AT_LEAST_ONE_DOSE,
    REASON_NO_DOSE,
    REASON_STATUS_GREEN,
    REASON_STATUS_NOT_GREEN,
    WALLET_TITLE,
    WALLET_EMPTY,
    CERTIFICATE_ADDED,
    REMOVE_CERTIFICATE,
    REMOVE_CERTIFICATE_CONFIRM,
    FORMAT_EU_DCC,
    FORMAT_NZ_PASS,
    ENTRY_VACCINATION,
    ENTRY_TEST_NEGATIVE,
    ENTRY_PCR_NEGATIVE,
    ENTRY_TEST_POSITIVE,
    ENTRY_RECOVERY,
    ENTRY_NZ_PASS,
    VERIFIER_TITLE,
    VERIFIER_HINT,
    SERVICE_PUBLIC_SERVICE,
    SERVICE_MALL,
    VERIFIER_ALLOW,
    VERIFIER_DENY,
    HOLDER_NAME,
    DATE_OF_BIRTH,
    NOT_A_CERTIFICATE,
    CERTIFICATE_DAMAGED,
    CERTIFICATE_UNKNOWN_SIGNER,
    CERTIFICATE_FORGED,
    CERTIFICATE_EXPIRED,
    CERTIFICATE_NOT_YET_VALID,
    CERTIFICATE_DUPLICATE,
    CERTIFICATE_NOT_FOUND,
    INVALID_HOLDER_LABEL,
    TRUST_FILE_REFUSED,
    TRUST_FILE_OUTDATED,
    OFFLINE,
    UPLOAD_CODE_REFUSED,
    TOO_MANY_ATTEMPTS,
    SERVER_REFUSED,
    WARNINGS_REFUSED,
    UPLOAD_TOO_MANY_VISITS,
    UPLOAD_UNKNOWN_VISIT,
    UPLOAD_NOTHING_TO_SHARE,
    ALERTS_TITLE,
    ALERTS_EMPTY,
    ALERT_EXPOSURE,
    ALERTS_SYNC,
    ALERTS_NEW,
    FOLLOW_UP_ASK,
    FOLLOW_UP_PHONE,
    FOLLOW_UP_NAME,
    FOLLOW_UP_LANGUAGE,
    FOLLOW_UP_SEND,
    FOLLOW_UP_SENT,
    FOLLOW_UP_INVALID_PHONE,
    FOLLOW_UP_INVALID_NAME,
    FOLLOW_UP_NOT_OFFERED,
    ADVICE_MONITOR_SYMPTOMS,
    ADVICE_GET_TESTED,
    ADVICE_ISOLATE,
    BACKUP_TITLE,
    BACKUP_EXPLAINED,
    BACKUP_OFF,
    BACKUP_ENABLE,
    BACKUP_PASSPHRASE_OPTIONAL,
    BACKUP_RECOVERY_CODE_ONCE,
    BACKUP_LAST,
    BACKUP_NOW,
    BACKUP_DONE,
    BACKUP_RESTORE,
    BACKUP_RECOVERY_CODE,
    BACKUP_RESTORED,
    BACKUP_DELETE,
    BACKUP_DELETE_CONFIRM,
    BACKUP_DELETED,
    RECOVERY_CODE_INVALID,
    RECOVERY_CODE_WRONG,
    BACKUP_PASSPHRASE_REQUIRED,
    BACKUP_PASSPHRASE_WRONG,
    BACKUP_DAMAGED,
    BACKUP_NOT_FOUND,
    BACKUP_NOT_ENABLED,
    TRANSFER_CODE_INVALID,
    CHANNEL_ALERTS,
    CHANNEL_VISITS,
    STATUS_EMPTY_SHORT,
    STAY_TOO_LONG,
    ;

    /** The Android string resource name (and iOS Localizable.strings key) of this text. */
    val resourceName: String get() = name.lowercase()
}

/** What to tell the citizen about a refusal from the core. */
fun HealthpassException.toUiText(): UiText = when (this) {
    is HealthpassException.NotAPoster -> UiText.NOT_A_POSTER
    is HealthpassException.Malformed, is HealthpassException.TooLong -> UiText.POSTER_DAMAGED
    is HealthpassException.UnsupportedVersion, is HealthpassException.DatabaseFromNewerApp,
    is HealthpassException.CertificateUnsupported, is HealthpassException.TrustFileUnsupportedVersion -> UiText.UPDATE_APP
    is HealthpassException.UnknownKey, is HealthpassException.InvalidRegistryKey -> UiText.UNKNOWN_REGISTRY
    is HealthpassException.ForgedSignature -> UiText.FORGED_POSTER
    is HealthpassException.NotYetValid -> UiText.POSTER_NOT_YET_VALID
    is HealthpassException.Expired -> UiText.POSTER_EXPIRED
    is HealthpassException.NoOpenVisit -> UiText.NO_OPEN_VISIT
    is HealthpassException.StayTooLong -> UiText.STAY_TOO_LONG
    is HealthpassException.ClockBehind, is HealthpassException.InvalidInstant -> UiText.CHECK_CLOCK
    is HealthpassException.InvalidFrame, is HealthpassException.DecoderFailure -> UiText.CAMERA_PROBLEM
    is HealthpassException.InvalidRetention, is HealthpassException.Storage -> UiText.STORAGE_PROBLEM
    is HealthpassException.NotACertificate -> UiText.NOT_A_CERTIFICATE
    is HealthpassException.CertificateDamaged -> UiText.CERTIFICATE_DAMAGED
    is HealthpassException.CertificateUnknownSigner -> UiText.CERTIFICATE_UNKNOWN_SIGNER
    is HealthpassException.CertificateForged -> UiText.CERTIFICATE_FORGED
    is HealthpassException.CertificateExpired -> UiText.CERTIFICATE_EXPIRED
    is HealthpassException.CertificateNotYetValid -> UiText.CERTIFICATE_NOT_YET_VALID
    is HealthpassException.DuplicateCertificate -> UiText.CERTIFICATE_DUPLICATE
    is HealthpassException.CertificateNotFound -> UiText.CERTIFICATE_NOT_FOUND
    is HealthpassException.InvalidHolderLabel -> UiText.INVALID_HOLDER_LABEL
    is HealthpassException.InvalidTrustRoot, is HealthpassException.TrustFileUnknownRoot,
    is HealthpassException.TrustFileForged, is HealthpassException.TrustFileDamaged -> UiText.TRUST_FILE_REFUSED
    is HealthpassException.TrustFileOutdated -> UiText.TRUST_FILE_OUTDATED
    is HealthpassException.Offline -> UiText.OFFLINE
    is HealthpassException.ServerRefused -> when (code) {
        "invalid_code", "code_used", "code_expired", "upload_replayed" -> UiText.UPLOAD_CODE_REFUSED
        "too_many_attempts" -> UiText.TOO_MANY_ATTEMPTS
        else -> UiText.SERVER_REFUSED
    }
    is HealthpassException.WarningsRefused -> UiText.WARNINGS_REFUSED
    is HealthpassException.TooManyVisits -> UiText.UPLOAD_TOO_MANY_VISITS
    is HealthpassException.UnknownVisit -> UiText.UPLOAD_UNKNOWN_VISIT
    is HealthpassException.InvalidUploadCode -> UiText.UPLOAD_CODE_REFUSED
    is HealthpassException.NothingToShare -> UiText.UPLOAD_NOTHING_TO_SHARE
    is HealthpassException.InvalidPhoneNumber -> UiText.FOLLOW_UP_INVALID_PHONE
    is HealthpassException.InvalidCallerName -> UiText.FOLLOW_UP_INVALID_NAME
    is HealthpassException.FollowUpNotOffered -> UiText.FOLLOW_UP_NOT_OFFERED
    is HealthpassException.InvalidRecoveryCode -> UiText.RECOVERY_CODE_INVALID
    is HealthpassException.WrongRecoveryCode -> UiText.RECOVERY_CODE_WRONG
    is HealthpassException.PassphraseRequired -> UiText.BACKUP_PASSPHRASE_REQUIRED
    is HealthpassException.WrongPassphrase -> UiText.BACKUP_PASSPHRASE_WRONG
    is HealthpassException.BackupDamaged -> UiText.BACKUP_DAMAGED
    is HealthpassException.BackupFromNewerApp -> UiText.UPDATE_APP
    is HealthpassException.BackupNotFound -> UiText.BACKUP_NOT_FOUND
    is HealthpassException.BackupNotEnabled -> UiText.BACKUP_NOT_ENABLED
    is HealthpassException.InvalidTransferCode -> UiText.TRANSFER_CODE_INVALID
    // The shells pass fixed windows and URLs, so these are slips in the app, not the citizen's.
    is HealthpassException.InvalidServerUrl, is HealthpassException.ServerReplyInvalid,
    is HealthpassException.InvalidPublisherKey, is HealthpassException.InvalidMinimumOverlap,
    is HealthpassException.InvalidUploadWindow, is HealthpassException.Internal -> UiText.INTERNAL_PROBLEM
}

/** The localisable name of a counter service. */
fun CounterService.toUiText(): UiText = when (this) {
    CounterService.PUBLIC_SERVICE -> UiText.SERVICE_PUBLIC_SERVICE
    CounterService.MALL -> UiText.SERVICE_MALL
}

/** The localisable name of a venue category. */
fun VenueCategory.toUiText(): UiText = when (this) {
    VenueCategory.MALL -> UiText.CATEGORY_MALL
    VenueCategory.SHOP -> UiText.CATEGORY_SHOP
    VenueCategory.GOVERNMENT_OFFICE -> UiText.CATEGORY_GOVERNMENT_OFFICE
    VenueCategory.RESTAURANT -> UiText.CATEGORY_RESTAURANT
    VenueCategory.PLACE_OF_WORSHIP -> UiText.CATEGORY_PLACE_OF_WORSHIP
    VenueCategory.WORKPLACE -> UiText.CATEGORY_WORKPLACE
    VenueCategory.SCHOOL -> UiText.CATEGORY_SCHOOL
    VenueCategory.HEALTHCARE -> UiText.CATEGORY_HEALTHCARE
    VenueCategory.TRANSPORT -> UiText.CATEGORY_TRANSPORT
    VenueCategory.LODGING -> UiText.CATEGORY_LODGING
    VenueCategory.OTHER -> UiText.CATEGORY_OTHER
}

/** The localisable description of how a visit ended. */
fun VisitEnd.toUiText(): UiText = when (this) {
    VisitEnd.Open -> UiText.ENDING_OPEN
    is VisitEnd.CheckedOut -> when (kind) {
        CheckoutKind.MANUAL -> UiText.ENDING_MANUAL
        CheckoutKind.RESCAN -> UiText.ENDING_RESCAN
        CheckoutKind.SUPERSEDED -> UiText.ENDING_SUPERSEDED
    }
    is VisitEnd.DefaultStayElapsed -> UiText.ENDING_AUTOMATIC
}

/** The localisable advice of an exposure alert. */
fun ExposureAdvice.toUiText(): UiText = when (this) {
    ExposureAdvice.MONITOR_SYMPTOMS -> UiText.ADVICE_MONITOR_SYMPTOMS
    ExposureAdvice.GET_TESTED -> UiText.ADVICE_GET_TESTED
    ExposureAdvice.ISOLATE -> UiText.ADVICE_ISOLATE
}
