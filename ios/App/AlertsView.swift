import Healthpass
import SwiftUI

/// Exposure alerts matched on this phone, and a button that syncs published warnings.
struct AlertsView: View {
    let passport: HealthPassport
    let serverUrl: String
    let publisherKeys: [String]
    /// What this screen shows is not notified again.
    let background: BackgroundWork
    @State private var alerts: [ExposureAlert] = []
    @State private var message: LocalizedStringKey?

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
            }
            .navigationTitle("alerts_title")
            .toolbar { Button("alerts_sync") { Task { await sync() } } }
            .onAppear { reload() }
        }
    }

    private func reload() {
        do {
            alerts = try passport.exposureAlerts()
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
