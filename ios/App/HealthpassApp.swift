import Healthpass
import SwiftUI

/// The iOS shell: scan and history today. Status, wallet, alerts and the verifier mode join
/// when the core exports them. No rule lives here; the core returns codes, this localises.
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
            }
        }
    }
}
