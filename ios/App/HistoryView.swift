import Healthpass
import SwiftUI

/// The visit list, newest first, with check-out, CSV export and delete-everything.
struct HistoryView: View {
    let passport: HealthPassport
    @State private var visits: [Visit] = []
    @State private var message: LocalizedStringKey?
    @State private var confirmDelete = false

    var body: some View {
        NavigationStack {
            List {
                if let message { Text(message) }
                if visits.isEmpty { Text("history_empty") }
                ForEach(visits, id: \.id) { visit in
                    VStack(alignment: .leading) {
                        Text(visit.venueName).font(.headline)
                        Text(visit.venueAddress)
                        Text(visit.category.nameKey)
                        Text(localDate(visit.checkedInAt), style: .date) + Text(" ") + Text(localDate(visit.checkedInAt), style: .time)
                        Text(visit.end.nameKey)
                        if visit.end == .open { Button("check_out") { run { _ = try passport.checkOut(nowUnixSeconds: now()) } } }
                    }
                }
            }
            .navigationTitle("history_title")
            .toolbar {
                if let csv = try? passport.exportCsv(nowUnixSeconds: now()) {
                    ShareLink(item: csv) { Text("export_csv") }
                }
                Button("delete_everything", role: .destructive) { confirmDelete = true }
            }
            .confirmationDialog("delete_everything_confirm", isPresented: $confirmDelete) {
                Button("delete_everything", role: .destructive) { run { try passport.deleteEverything() } }
            }
            .onAppear { run {} }
        }
    }

    private func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// Runs `action` against the core, then reloads the list; refusals become a message.
    private func run(_ action: () throws -> Void) {
        do {
            try action()
            visits = try passport.history(nowUnixSeconds: now())
            message = nil
        } catch let error as HealthpassError {
            message = error.messageKey
        } catch {
            message = "internal_problem"
        }
    }
}
