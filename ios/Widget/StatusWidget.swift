import Healthpass
import SwiftUI
import WidgetKit

/// The status at a glance on the home screen: the first family member's colour with its own
/// symbol and words ("Green — may enter"), readable without colour vision. The widget extension
/// opens the same store as the app, in the App Group container both share
/// (`group.org.healthpass.app`), and asks the core for the status; it refreshes every hour.
struct StatusEntry: TimelineEntry {
    let date: Date
    let colour: StatusColour?
}

struct StatusProvider: TimelineProvider {
    func placeholder(in context: Context) -> StatusEntry { StatusEntry(date: Date(), colour: .green) }

    func getSnapshot(in context: Context, completion: @escaping (StatusEntry) -> Void) { completion(entry()) }

    func getTimeline(in context: Context, completion: @escaping (Timeline<StatusEntry>) -> Void) {
        completion(Timeline(entries: [entry()], policy: .after(Date().addingTimeInterval(3600))))
    }

    private func entry() -> StatusEntry {
        let now = Date()
        guard
            let dir = FileManager.default.containerURL(forSecurityApplicationGroupIdentifier: "group.org.healthpass.app"),
            let passport = try? HealthPassport.open(path: dir.appendingPathComponent("healthpass.db").path, transport: URLSessionTransport()),
            let roots = Bundle.main.object(forInfoDictionaryKey: "HealthpassTrustRootKeys") as? [String],
            (try? passport.setTrustRoots(keys: roots)) != nil,
            let first = try? passport.status(nowUnixSeconds: Int64(now.timeIntervalSince1970)).first
        else { return StatusEntry(date: now, colour: nil) }
        return StatusEntry(date: now, colour: first.colour)
    }
}

struct StatusWidgetView: View {
    let entry: StatusEntry

    var body: some View {
        if let colour = entry.colour {
            VStack(spacing: 6) {
                Image(systemName: colour.symbol).font(.largeTitle).foregroundStyle(colour.color).accessibilityHidden(true)
                Text(colour.nameKey).font(.caption).bold().multilineTextAlignment(.center)
            }
        } else {
            Text("status_empty_short").font(.caption)
        }
    }
}

@main
struct StatusWidget: Widget {
    var body: some WidgetConfiguration {
        StaticConfiguration(kind: "org.healthpass.status", provider: StatusProvider()) { entry in
            StatusWidgetView(entry: entry)
        }
        .configurationDisplayName("status_title")
        .supportedFamilies([.systemSmall, .accessoryRectangular])
    }
}
