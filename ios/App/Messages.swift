import Healthpass
import SwiftUI

/// The Localizable.strings key for each refusal of the core (same keys as Android's
/// res/values*/strings.xml, so translations are shared).
extension HealthpassError {
    var messageKey: LocalizedStringKey {
        switch self {
        case .NotAPoster: return "not_a_poster"
        case .Malformed, .TooLong: return "poster_damaged"
        case .UnsupportedVersion, .DatabaseFromNewerApp: return "update_app"
        case .UnknownKey, .InvalidRegistryKey: return "unknown_registry"
        case .ForgedSignature: return "forged_poster"
        case .NotYetValid: return "poster_not_yet_valid"
        case .Expired: return "poster_expired"
        case .NoOpenVisit: return "no_open_visit"
        case .ClockBehind, .InvalidInstant: return "check_clock"
        case .InvalidFrame, .DecoderFailure: return "camera_problem"
        case .InvalidRetention, .Storage: return "storage_problem"
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

extension VisitEnding {
    var nameKey: LocalizedStringKey {
        switch self {
        case .open: return "ending_open"
        case .manual: return "ending_manual"
        case .rescan: return "ending_rescan"
        case .superseded: return "ending_superseded"
        case .automatic: return "ending_automatic"
        }
    }
}

/// Unix seconds (UTC, from the core) as a local date for display.
func localDate(_ unixSeconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(unixSeconds)) }
