import Healthpass
import SwiftUI

/// The iOS shell: scan, history, alerts, status, wallet and the officer's verifier mode. No rule
/// lives here; the core returns codes, this localises.
@main
struct HealthpassApp: App {
    /// One passport for the app. Its file lives in the App Group container shared with the
    /// status widget (`group.org.healthpass.app`), else in Application Support.
    static let passport: HealthPassport = {
        let support = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        let dir = FileManager.default.containerURL(forSecurityApplicationGroupIdentifier: "group.org.healthpass.app") ?? support
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        do {
            let passport = try HealthPassport.open(path: dir.appendingPathComponent("healthpass.db").path, transport: URLSessionTransport())
            let keys = (Bundle.main.object(forInfoDictionaryKey: "HealthpassRegistryPublicKeys") as? [String]) ?? []
            try passport.setTrustedRegistryKeys(keys: keys)
            // The health authority's pinned root; the trust list and status rules kept by the
            // last sync (AlertsView's sync) load with it.
            let roots = (Bundle.main.object(forInfoDictionaryKey: "HealthpassTrustRootKeys") as? [String]) ?? []
            _ = try passport.setTrustRoots(keys: roots)
            return passport
        } catch {
            fatalError("healthpass store could not be opened: \(error)")
        }
    }()

    static let serverUrl = (Bundle.main.object(forInfoDictionaryKey: "HealthpassServerURL") as? String) ?? ""
    static let publisherKeys = (Bundle.main.object(forInfoDictionaryKey: "HealthpassPublisherKeys") as? [String]) ?? []

    /// Background sync and notifications; registered before launch finishes, as BGTaskScheduler requires.
    let background = BackgroundWork(passport: HealthpassApp.passport, serverUrl: HealthpassApp.serverUrl, publisherKeys: HealthpassApp.publisherKeys)
    let passport = HealthpassApp.passport
    @Environment(\.scenePhase) private var scenePhase
    @State private var tab = "scan"

    init() {
        background.register()
    }

    var body: some Scene {
        WindowGroup {
            TabView(selection: $tab) {
                ScanView(passport: passport).tabItem { Text("scan_title") }.tag("scan")
                HistoryView(passport: passport).tabItem { Text("history_title") }.tag("history")
                AlertsView(
                    passport: passport,
                    serverUrl: HealthpassApp.serverUrl,
                    publisherKeys: HealthpassApp.publisherKeys,
                    background: background
                ).tabItem { Text("alerts_title") }.tag("alerts")
                StatusView(passport: passport).tabItem { Text("status_title") }.tag("status")
                WalletView(passport: passport).tabItem { Text("wallet_title") }.tag("wallet")
                BackupView(passport: passport, serverUrl: HealthpassApp.serverUrl)
                    .tabItem { Text("backup_title") }.tag("backup")
                VerifierView(passport: passport).tabItem { Text("verifier_title") }.tag("verifier")
            }
            .onAppear { background.openAlerts = { tab = "alerts" } }
        }
        // The visit notification follows the diary: after a check-in or check-out here.
        .onChange(of: scenePhase) { _ in background.refresh() }
    }
}
