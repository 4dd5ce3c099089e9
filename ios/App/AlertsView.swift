import Healthpass
import SwiftUI

/// Exposure alerts matched on this phone, and a button that syncs published warnings. When the
/// core offers it (an alert, or a red or black status) the citizen may ask the health office to
/// call back: number, optional name and language, nothing else.
struct AlertsView: View {
    let passport: HealthPassport
    let serverUrl: String
    let publisherKeys: [String]
    /// What this screen shows is not notified again.
    let background: BackgroundWork
    @State private var alerts: [ExposureAlert] = []
    @State private var message: LocalizedStringKey?
    @State private var followUpOffered = false
    @State private var phone = ""
    @State private var name = ""
    @State private var callLanguage: Language = Locale.current.language.languageCode?.identifier == "id" ? .indonesian : .english

    var body: some View {
        NavigationStack {
            List {
                if let message { Text(message) }
                if alerts.isEmpty { Text("alerts_empty") }
                ForEach(alerts, id: \.id) { alert in
                    VStack(alignment: .leading) {
                        Text(String(format: NSLocalizedString("alert_exposure", comment: ""), alert.venueName, Int(alert.overlapMinutes)))
                            .font(.headline)
                        Text(localDate(alert.visitStart), style: .date) + Text(" ") + Text(localDate(alert.visitStart), style: .time)
                        Text(alert.advice.adviceKey)
                    }
                }
                if followUpOffered {
                    Section("follow_up_ask") {
                        TextField("follow_up_phone", text: $phone).keyboardType(.phonePad)
                        TextField("follow_up_name", text: $name)
                        Picker("follow_up_language", selection: $callLanguage) {
                            Text(verbatim: "Bahasa Indonesia").tag(Language.indonesian)
                            Text(verbatim: "English").tag(Language.english)
                        }
                        Button("follow_up_send") { Task { await requestFollowUp() } }
                    }
                }
            }
            .navigationTitle("alerts_title")
            .toolbar { Button("alerts_sync") { Task { await sync() } } }
            .onAppear { reload() }
        }
    }

    private func reload() {
        do {
            alerts = try passport.exposureAlerts()
            followUpOffered = try passport.followUpOffered(nowUnixSeconds: Int64(Date().timeIntervalSince1970))
            background.alertsSeen()
        } catch let error as HealthpassError {
            message = error.messageKey
        } catch {
            message = "internal_problem"
        }
    }

    private func sync() async {
        do {
            let summary = try await passport.syncWarnings(
                serverUrl: serverUrl, publisherKeys: publisherKeys, minOverlapMinutes: 15, nowUnixSeconds: Int64(Date().timeIntervalSince1970))
            _ = try await passport.syncDocuments(serverUrl: serverUrl)
            message = summary.newAlerts > 0 ? "alerts_new" : nil
        } catch let error as HealthpassError {
            message = error.messageKey
        } catch {
            message = "internal_problem"
        }
        reload()
    }

    private func requestFollowUp() async {
        do {
            try await passport.requestFollowUp(
                serverUrl: serverUrl, phone: phone, name: name.isEmpty ? nil : name, language: callLanguage,
                nowUnixSeconds: Int64(Date().timeIntervalSince1970))
            message = "follow_up_sent"
        } catch let error as HealthpassError {
            message = error.messageKey
        } catch {
            message = "internal_problem"
        }
    }
}

extension ExposureAdvice {
    /// The Localizable.strings key of this advice.
    var adviceKey: LocalizedStringKey {
        switch self {
        case .monitorSymptoms: return "advice_monitor_symptoms"
        case .getTested: return "advice_get_tested"
        case .isolate: return "advice_isolate"
        }
    }
}
