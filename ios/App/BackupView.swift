import Healthpass
import SwiftUI

/// Backup settings: turn on (the recovery code is shown once, here), back up now, restore on a
/// new phone, delete the server's copy. Server calls are `async` and run off the main thread.
struct BackupView: View {
    let passport: HealthPassport
    let serverUrl: String
    @State private var status: BackupStatus?
    @State private var codeToShowOnce: String?
    @State private var restored: BackupRestored?
    @State private var passphrase = ""
    @State private var typedCode = ""
    @State private var confirmDelete = false
    @State private var message: LocalizedStringKey?

    var body: some View {
        NavigationStack {
            Form {
                Text("backup_explained")
                if let message { Text(message).font(.headline) }
                if let codeToShowOnce {
                    Text("backup_recovery_code_once")
                    Text(codeToShowOnce).font(.system(.title3, design: .monospaced)).textSelection(.enabled)
                }
                if let restored {
                    Text(String(format: NSLocalizedString("backup_restored", comment: ""),
                                Int(restored.visits), Int(restored.certificates), Int(restored.alerts)))
                }
                if status?.enabled == true {
                    if let last = status?.lastBackupUnixSeconds {
                        Text(String(format: NSLocalizedString("backup_last", comment: ""),
                                    DateFormatter.localizedString(from: Date(timeIntervalSince1970: TimeInterval(last)), dateStyle: .medium, timeStyle: .short)))
                    }
                    Button("backup_now") { Task { await call { try await passport.backUpNow(nowUnixSeconds: now()); message = "backup_done" } } }
                    Button("backup_delete", role: .destructive) { confirmDelete = true }
                } else {
                    Text("backup_off")
                    SecureField("backup_passphrase_optional", text: $passphrase)
                    Button("backup_enable") {
                        Task { await call { codeToShowOnce = try await passport.enableBackup(serverUrl: serverUrl, passphrase: optional(passphrase), nowUnixSeconds: now()) } }
                    }
                    TextField("backup_recovery_code", text: $typedCode).textInputAutocapitalization(.characters).autocorrectionDisabled()
                    Button("backup_restore") {
                        Task {
                            await call {
                                restored = try await passport.restoreBackup(
                                    serverUrl: serverUrl, recoveryCode: typedCode, passphrase: optional(passphrase), nowUnixSeconds: now())
                            }
                        }
                    }
                }
            }
            .navigationTitle("backup_title")
            .confirmationDialog("backup_delete_confirm", isPresented: $confirmDelete) {
                Button("backup_delete", role: .destructive) {
                    Task { await call { try await passport.deleteBackup(); message = "backup_deleted" } }
                }
            }
            .onAppear { reload() }
        }
    }

    private func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    private func optional(_ text: String) -> String? { text.isEmpty ? nil : text }

    private func reload() {
        do {
            status = try passport.backupStatus(nowUnixSeconds: now(), offline: false)
        } catch let error as HealthpassError {
            message = error.messageKey
        } catch {
            message = "internal_problem"
        }
    }

    /// Runs one backup call; a refusal becomes the message, and the status is read again.
    private func call(_ work: () async throws -> Void) async {
        do {
            try await work()
        } catch let error as HealthpassError {
            message = error.messageKey
        } catch {
            message = "internal_problem"
        }
        reload()
    }
}
