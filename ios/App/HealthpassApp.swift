import Healthpass
import SwiftUI

/// The iOS shell: scan, history, alerts, status, wallet and the officer's verifier mode. No rule
/// lives here; the core returns codes, this localises.
@main
struct HealthpassApp: App {
    /// One passport for the app, in Application Support (excluded from backups by the OS
    /// settings of that directory's owner: set `isExcludedFromBackup` on first launch).
    let passport: HealthPassport = {
        let dir = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        do {
            let passport = try HealthPassport.open(path: dir.appendingPathComponent("healthpass.db").path)
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

    var body: some Scene {
        WindowGroup {
            TabView {
                ScanView(passport: passport).tabItem { Text("scan_title") }
                HistoryView(passport: passport).tabItem { Text("history_title") }
                AlertsView(
                    passport: passport,
                    serverUrl: (Bundle.main.object(forInfoDictionaryKey: "HealthpassServerURL") as? String) ?? "",
                    publisherKeys: (Bundle.main.object(forInfoDictionaryKey: "HealthpassPublisherKeys") as? [String]) ?? []
                ).tabItem { Text("alerts_title") }
                StatusView(passport: passport).tabItem { Text("status_title") }
                WalletView(passport: passport).tabItem { Text("wallet_title") }
                BackupView(
                    passport: passport,
                    serverUrl: (Bundle.main.object(forInfoDictionaryKey: "HealthpassServerURL") as? String) ?? ""
                ).tabItem { Text("backup_title") }
                VerifierView(passport: passport).tabItem { Text("verifier_title") }
            }
        }
    }
}
