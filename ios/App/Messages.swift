import Healthpass
import SwiftUI

/// The Localizable.strings key for each refusal of the core (same keys as Android's
/// res/values*/strings.xml, so translations are shared).
extension HealthpassError {
    var messageKey: LocalizedStringKey {
        switch self {
        case .NotAPoster: return "not_a_poster"
        case .Malformed, .TooLong: return "poster_damaged"
        case .UnsupportedVersion, .DatabaseFromNewerApp, .CertificateUnsupported, .TrustFileUnsupportedVersion: return "update_app"
        case .UnknownKey, .InvalidRegistryKey: return "unknown_registry"
        case .ForgedSignature: return "forged_poster"
        case .NotYetValid: return "poster_not_yet_valid"
        case .Expired: return "poster_expired"
        case .NoOpenVisit: return "no_open_visit"
        case .StayTooLong: return "stay_too_long"
        case .ClockBehind, .InvalidInstant: return "check_clock"
        case .InvalidFrame, .DecoderFailure: return "camera_problem"
        case .InvalidRetention, .Storage: return "storage_problem"
        case .NotACertificate: return "not_a_certificate"
        case .CertificateDamaged: return "certificate_damaged"
        case .CertificateUnknownSigner: return "certificate_unknown_signer"
        case .CertificateForged: return "certificate_forged"
        case .CertificateExpired: return "certificate_expired"
        case .CertificateNotYetValid: return "certificate_not_yet_valid"
        case .DuplicateCertificate: return "certificate_duplicate"
        case .CertificateNotFound: return "certificate_not_found"
        case .InvalidHolderLabel: return "invalid_holder_label"
        case .InvalidTrustRoot, .TrustFileUnknownRoot, .TrustFileForged, .TrustFileDamaged: return "trust_file_refused"
        case .TrustFileOutdated: return "trust_file_outdated"
        case .Offline: return "offline"
        case .ServerRefused(let code):
            switch code {
            case "invalid_code", "code_used", "code_expired", "upload_replayed": return "upload_code_refused"
            case "too_many_attempts": return "too_many_attempts"
            default: return "server_refused"
            }
        case .WarningsRefused: return "warnings_refused"
        case .TooManyVisits: return "upload_too_many_visits"
        case .UnknownVisit: return "upload_unknown_visit"
        case .InvalidUploadCode: return "upload_code_refused"
        case .NothingToShare: return "upload_nothing_to_share"
        case .InvalidPhoneNumber: return "follow_up_invalid_phone"
        case .InvalidCallerName: return "follow_up_invalid_name"
        case .FollowUpNotOffered: return "follow_up_not_offered"
        case .InvalidRecoveryCode: return "recovery_code_invalid"
        case .WrongRecoveryCode: return "recovery_code_wrong"
        case .PassphraseRequired: return "backup_passphrase_required"
        case .WrongPassphrase: return "backup_passphrase_wrong"
        case .BackupDamaged: return "backup_damaged"
        case .BackupFromNewerApp: return "update_app"
        case .BackupNotFound: return "backup_not_found"
        case .BackupNotEnabled: return "backup_not_enabled"
        case .InvalidTransferCode: return "transfer_code_invalid"
        case .InvalidServerUrl, .ServerReplyInvalid, .InvalidPublisherKey, .InvalidMinimumOverlap, .InvalidUploadWindow,
             .Internal: return "internal_problem"
        }
    }
}

/// Reason codes of the built-in status and service rules that have their own strings
/// (`reason_<code>` keys, the same as Android's). A code a newer rule set introduced has none:
/// the card then shows the rule set's own advice in the user's language.
let knownReasonCodes: Set<String> = [
    "positive", "close_contact", "child_too_young", "child_two_doses", "child_one_dose", "child_unvaccinated",
    "booster", "negative_antigen_24h", "negative_pcr_72h", "vaccinated_and_recovered", "two_doses", "one_dose",
    "unvaccinated", "fully_vaccinated", "recovered", "at_least_one_dose", "no_dose", "status_green", "status_not_green",
]

/// The text for a reason code: its own string when known, else the rule set's advice.
func reasonText(_ code: String, advice: Advice?) -> Text {
    if knownReasonCodes.contains(code) { return Text(LocalizedStringKey("reason_\(code)")) }
    let indonesian = Locale.preferredLanguages.first?.hasPrefix("id") ?? false
    return Text(verbatim: (indonesian ? advice?.id : advice?.en) ?? code)
}

extension StatusColour {
    /// The colour's name and meaning: the card never relies on the hue alone.
    var nameKey: LocalizedStringKey {
        switch self {
        case .green: return "colour_green"
        case .yellow: return "colour_yellow"
        case .red: return "colour_red"
        case .black: return "colour_black"
        }
    }

    /// A distinct SF Symbol per colour, so the status reads without colour vision.
    var symbol: String {
        switch self {
        case .green: return "checkmark.circle.fill"
        case .yellow: return "exclamationmark.triangle.fill"
        case .red: return "nosign"
        case .black: return "house.fill"
        }
    }

    var color: Color {
        switch self {
        case .green: return .green
        case .yellow: return .yellow
        case .red: return .red
        case .black: return .black
        }
    }
}

extension CounterService {
    var nameKey: LocalizedStringKey {
        switch self {
        case .publicService: return "service_public_service"
        case .mall: return "service_mall"
        }
    }
}

extension VenueCategory {
    var nameKey: LocalizedStringKey {
        switch self {
        case .mall: return "category_mall"
        case .shop: return "category_shop"
        case .governmentOffice: return "category_government_office"
        case .restaurant: return "category_restaurant"
        case .placeOfWorship: return "category_place_of_worship"
        case .workplace: return "category_workplace"
        case .school: return "category_school"
        case .healthcare: return "category_healthcare"
        case .transport: return "category_transport"
        case .lodging: return "category_lodging"
        case .other: return "category_other"
        }
    }
}

extension VisitEnd {
    var nameKey: LocalizedStringKey {
        switch self {
        case .open: return "ending_open"
        case .checkedOut(_, .manual): return "ending_manual"
        case .checkedOut(_, .rescan): return "ending_rescan"
        case .checkedOut(_, .superseded): return "ending_superseded"
        case .defaultStayElapsed: return "ending_automatic"
        }
    }
}

/// Unix seconds (UTC, from the core) as a local date for display.
func localDate(_ unixSeconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(unixSeconds)) }
