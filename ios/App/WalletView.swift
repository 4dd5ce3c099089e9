import Healthpass
import SwiftUI

/// The family's certificates: list, remove, and add from pasted or scanned QR text (the scan
/// screen's frames go through `decodeFrame` first, then `addCertificate`).
struct WalletView: View {
    let passport: HealthPassport
    @State private var certificates: [WalletCertificate] = []
    @State private var message: LocalizedStringKey?
    @State private var pasted = ""

    var body: some View {
        NavigationStack {
            List {
                if let message { Text(message) }
                if certificates.isEmpty { Text("wallet_empty") }
                ForEach(certificates, id: \.id) { certificate in
                    VStack(alignment: .leading) {
                        Text(certificate.holder).font(.headline)
                        Text(certificate.format == .euDcc ? "format_eu_dcc" : "format_nz_pass")
                        ForEach(Array(certificate.entries.enumerated()), id: \.offset) { _, entry in entryText(entry) }
                        Button("remove_certificate", role: .destructive) {
                            run { try passport.removeCertificate(id: certificate.id, nowUnixSeconds: Int64(Date().timeIntervalSince1970)) }
                        }
                    }
                }
                TextField("wallet_empty", text: $pasted).onSubmit { add(pasted) }
            }
            .navigationTitle("wallet_title")
            .onAppear(perform: reload)
        }
    }

    /// Adds a certificate from its QR text.
    func add(_ text: String) {
        run {
            _ = try passport.addCertificate(qrText: text, holder: nil, nowUnixSeconds: Int64(Date().timeIntervalSince1970))
            message = "certificate_added"
        }
    }

    private func entryText(_ entry: CertificateEntry) -> Text {
        switch entry {
        case .vaccination(let dose, let doses, _):
            return Text(String(format: NSLocalizedString("entry_vaccination", comment: ""), Int(dose), Int(doses)))
        case .test(let kind, let positive, _):
            if positive { return Text("entry_test_positive") }
            return Text(kind == .pcr ? "entry_pcr_negative" : "entry_test_negative")
        case .recovery: return Text("entry_recovery")
        case .nzPass: return Text("entry_nz_pass")
        }
    }

    private func run(_ action: () throws -> Void) {
        do {
            message = nil
            try action()
        } catch let error as HealthpassError {
            message = error.messageKey
        } catch {
            message = "internal_problem"
        }
        reload()
    }

    private func reload() {
        certificates = (try? passport.certificates()) ?? []
    }
}
