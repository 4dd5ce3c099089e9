import Healthpass
import SwiftUI

/// The counter officer's verifier mode: pick the service, scan the citizen's certificate, see
/// ALLOW or DENY with an icon, the reason, and only the name and date of birth. Offline;
/// nothing is stored. A refused certificate is a DENY with the refusal's reason.
struct VerifierView: View {
    let passport: HealthPassport
    @State private var service: CounterService = .publicService
    @State private var result: Result<CounterCheck, HealthpassError>?

    var body: some View {
        VStack(spacing: 16) {
            Picker("verifier_title", selection: $service) {
                Text(CounterService.publicService.nameKey).tag(CounterService.publicService)
                Text(CounterService.mall.nameKey).tag(CounterService.mall)
            }
            .pickerStyle(.segmented)
            switch result {
            case .none:
                Text("verifier_hint")
            case .success(let check)?:
                Label(check.allowed ? "verifier_allow" : "verifier_deny",
                      systemImage: check.allowed ? "checkmark.circle.fill" : "nosign").font(.largeTitle)
                reasonText(check.reason, advice: check.advice)
                Text("holder_name") + Text(": ") + Text(verbatim: check.name)
                Text("date_of_birth") + Text(": ") + Text(verbatim: check.dateOfBirth)
                Button("dismiss") { result = nil }
            case .failure(let error)?:
                Label("verifier_deny", systemImage: "nosign").font(.largeTitle)
                Text(error.messageKey)
                Button("dismiss") { result = nil }
            }
        }
        .padding()
    }

    /// Checks a certificate's QR text (from the camera through `decodeFrame`).
    func check(_ text: String) {
        do {
            result = .success(try passport.verifyForService(
                service: service, qrText: text, nowUnixSeconds: Int64(Date().timeIntervalSince1970)))
        } catch let error as HealthpassError {
            result = .failure(error)
        } catch {
            result = nil
        }
    }
}
