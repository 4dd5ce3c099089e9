import AVFoundation
import Healthpass
import SwiftUI
import UniformTypeIdentifiers

/// Backup settings: turn on (the recovery code is shown once, here, with its QR code and a
/// printable sheet), back up now, restore on a new phone, delete the server's copy, and move
/// everything to a new phone on the same Wi-Fi or hotspot without the server. Server and
/// phone-to-phone calls are `async` and run off the main thread.
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
    @State private var transfer: TransferStep = .idle
    @StateObject private var transferScanner = TransferScanner()

    var body: some View {
        NavigationStack {
            Form {
                Text("backup_explained")
                if let message { Text(message).font(.headline) }
                if let codeToShowOnce {
                    Text("backup_recovery_code_once")
                    Text(codeToShowOnce).font(.system(.title3, design: .monospaced)).textSelection(.enabled)
                    if let qr = try? qrModules(text: codeToShowOnce) { QrCodeView(qr: qr) }
                    // The sheet is offered only while the code is shown once.
                    if let pdf = try? recoverySheetPdf(recoveryCode: codeToShowOnce) {
                        ShareLink(item: RecoverySheet(pdf: pdf), preview: SharePreview(Text("backup_save_sheet"))) {
                            Text("backup_save_sheet")
                        }
                    }
                    Button("backup_code_written") { self.codeToShowOnce = nil }
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
                Section(header: Text("transfer_title")) {
                    Text("transfer_explained")
                    transferSection
                }
            }
            .navigationTitle("backup_title")
            .confirmationDialog("backup_delete_confirm", isPresented: $confirmDelete) {
                Button("backup_delete", role: .destructive) {
                    Task { await call { try await passport.deleteBackup(); message = "backup_deleted" } }
                }
            }
            .onAppear { reload() }
            .onDisappear { transferScanner.stop() }
            .onReceive(transferScanner.$scanned) { scanned in
                guard let scanned, case .waiting = transfer else { return }
                transferScanner.stop()
                Task { await receive(scanned) }
            }
        }
    }

    /// The "Move to a new phone" section: the old phone offers its QR code and serves once;
    /// the new phone scans it and receives.
    @ViewBuilder private var transferSection: some View {
        switch transfer {
        case .offering(let qr):
            Text("transfer_offering")
            QrCodeView(qr: qr)
        case .waiting:
            Text("transfer_scan")
            CameraView(session: transferScanner.session).frame(height: 320)
        default:
            switch transfer {
            case .sent: Text("transfer_sent")
            case .received(let added):
                Text(String(format: NSLocalizedString("backup_restored", comment: ""),
                            Int(added.visits), Int(added.certificates), Int(added.alerts)))
            case .failed(let key): Text(key)
            default: EmptyView()
            }
            Button("transfer_offer") { Task { await offer() } }
            Button("transfer_receive") {
                transfer = .waiting
                transferScanner.start()
            }
        }
    }

    /// Old phone: prepares the transfer on this phone's local address, shows its QR code and
    /// serves it once (at most five minutes).
    private func offer() async {
        do {
            let prepared = try passport.prepareTransfer(localIp: localNetworkAddress(), nowUnixSeconds: now())
            transfer = .offering(try qrModules(text: prepared.qrText()))
            try await prepared.serveOnce(waitSeconds: 300)
            transfer = .sent
        } catch let error as HealthpassError {
            transfer = .failed(error.messageKey)
        } catch {
            transfer = .failed("internal_problem")
        }
    }

    /// New phone: fetches what the scanned QR text offers and merges it in.
    private func receive(_ scanned: String) async {
        do {
            transfer = .received(try await passport.receiveTransfer(qrText: scanned, nowUnixSeconds: now()))
        } catch let error as HealthpassError {
            transfer = .failed(error.messageKey)
        } catch {
            transfer = .failed("internal_problem")
        }
        reload()
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

/// Where the phone-to-phone transfer stands on this phone.
enum TransferStep {
    /// Nothing under way.
    case idle
    /// Old phone: showing the QR code, serving once.
    case offering(QrModules)
    /// Old phone: the new phone fetched everything.
    case sent
    /// New phone: the camera looks for the old phone's code.
    case waiting
    /// New phone: what the transfer added.
    case received(BackupRestored)
    /// Either phone: why it stopped.
    case failed(LocalizedStringKey)
}

/// The recovery sheet's PDF, shared (print, save to Files, AirDrop) as a PDF file.
struct RecoverySheet: Transferable {
    let pdf: Data

    static var transferRepresentation: some TransferRepresentation {
        DataRepresentation(exportedContentType: .pdf) { sheet in sheet.pdf }
            .suggestedFileName("healthpass-recovery-sheet.pdf")
    }
}

/// A QR code drawn from the core's modules on white, with four light modules around it.
struct QrCodeView: View {
    let qr: QrModules

    var body: some View {
        Canvas { context, size in
            let side = Int(qr.side)
            let module = size.width / CGFloat(side + 8)
            context.fill(Path(CGRect(origin: .zero, size: size)), with: .color(.white))
            for (index, dark) in qr.dark.enumerated() where dark {
                let origin = CGPoint(x: CGFloat(index % side + 4) * module, y: CGFloat(index / side + 4) * module)
                context.fill(Path(CGRect(origin: origin, size: CGSize(width: module, height: module))), with: .color(.black))
            }
        }
        .frame(width: 240, height: 240)
    }
}

/// Camera frames decoded by the core until one holds a transfer QR code (`HPTX1:`); other
/// codes are ignored.
final class TransferScanner: NSObject, ObservableObject, AVCaptureVideoDataOutputSampleBufferDelegate {
    @Published private(set) var scanned: String?
    let session = AVCaptureSession()
    private let queue = DispatchQueue(label: "healthpass.transfer-frames")

    func start() {
        scanned = nil
        startCamera(session, delegate: self, queue: queue)
    }

    func stop() { queue.async { [self] in session.stopRunning() } }

    func captureOutput(_ output: AVCaptureOutput, didOutput sample: CMSampleBuffer, from connection: AVCaptureConnection) {
        guard let frame = lumaPlane(sample) else { return }
        let (luma, width, height, stride) = frame
        let texts = (try? decodeFrame(luma: luma, width: UInt32(width), height: UInt32(height), rowStride: UInt32(stride))) ?? []
        guard let text = texts.first(where: { $0.hasPrefix("HPTX1:") }) else { return }
        DispatchQueue.main.async { if self.scanned == nil { self.scanned = text } }
    }
}

/// This phone's private IPv4 address on the Wi-Fi it joined or the hotspot it runs, or "" when
/// it has none (the core refuses any address outside the local network).
func localNetworkAddress() -> String {
    var list: UnsafeMutablePointer<ifaddrs>?
    guard getifaddrs(&list) == 0, let first = list else { return "" }
    defer { freeifaddrs(list) }
    for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
        guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == UInt8(AF_INET) else { continue }
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, socklen_t(address.pointee.sa_len), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0
        else { continue }
        let text = String(cString: host)
        if text.hasPrefix("10.") || text.hasPrefix("192.168.") || text.hasPrefix("172.") { return text }
    }
    return ""
}
