import Healthpass
import SwiftUI

/// One card per family member: icon, colour name and meaning, reason. The core decides the
/// colour from the certificates that verify now; this only draws it.
struct StatusView: View {
    let passport: HealthPassport
    @State private var statuses: [HolderStatus] = []
    @State private var message: LocalizedStringKey?

    var body: some View {
        NavigationStack {
            List {
                if let message { Text(message) }
                if statuses.isEmpty { Text("status_empty") }
                ForEach(statuses, id: \.holder) { status in
                    HStack(spacing: 12) {
                        Image(systemName: status.colour.symbol)
                            .font(.largeTitle)
                            .foregroundStyle(status.colour.color)
                            .accessibilityHidden(true)
                        VStack(alignment: .leading) {
                            Text(status.holder).font(.headline)
                            Text(status.colour.nameKey).bold()
                            reasonText(status.reason, advice: status.advice)
                        }
                    }
                    .accessibilityElement(children: .combine)
                }
            }
            .navigationTitle("status_title")
            .onAppear(perform: refresh)
        }
    }

    private func refresh() {
        do {
            statuses = try passport.status(nowUnixSeconds: Int64(Date().timeIntervalSince1970))
            message = nil
        } catch let error as HealthpassError {
            message = error.messageKey
        } catch {
            message = "internal_problem"
        }
    }
}
