import BackgroundTasks
import Healthpass
import UserNotifications

/// The phone's background behaviour on iOS: a BGAppRefreshTask wakes the app, the core syncs
/// when its schedule says a sync is due and says what to show; local notifications carry the
/// same "Check out" and "Snooze" actions as on Android. Every decision is the core's
/// (`backgroundWake`, `planNotifications`); this only posts its plan and asks to be woken.
final class BackgroundWork: NSObject, UNUserNotificationCenterDelegate {
    /// The refresh task's identifier; list it under BGTaskSchedulerPermittedIdentifiers in Info.plist.
    static let refreshTask = "org.healthpass.app.refresh"
    private static let visitCategory = "VISIT"
    private static let exposureCategory = "EXPOSURE"
    private static let checkOutAction = "CHECK_OUT"
    private static let snoozeAction = "SNOOZE"
    private static let exposureId = "exposure"
    private static let visitId = "visit"

    private let passport: HealthPassport
    private let serverUrl: String
    private let publisherKeys: [String]
    /// Called when an exposure notification is tapped: the app shows its alerts tab.
    var openAlerts: () -> Void = {}

    init(passport: HealthPassport, serverUrl: String, publisherKeys: [String]) {
        self.passport = passport
        self.serverUrl = serverUrl
        self.publisherKeys = publisherKeys
    }

    private var locale: String { Locale.preferredLanguages.first ?? "en" }
    private var now: Int64 { Int64(Date().timeIntervalSince1970) }

    /// Registers the refresh task and the notification actions; call once at launch, before
    /// the app finishes launching. Action labels come from the core's plan, so the category is
    /// registered again whenever a visit notification is posted.
    func register() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: Self.refreshTask, using: nil) { task in
            guard let task = task as? BGAppRefreshTask else { return }
            let work = Task { await self.wake() }
            task.expirationHandler = { work.cancel() }
            Task {
                await work.value
                task.setTaskCompleted(success: !work.isCancelled)
            }
        }
        UNUserNotificationCenter.current().delegate = self
        UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .sound, .badge]) { _, _ in }
    }

    /// One background wake-up: sync when due, post the plan, schedule the next wake.
    func wake() async {
        if let run = try? await passport.backgroundWake(
            serverUrl: serverUrl, publisherKeys: publisherKeys, minOverlapMinutes: 15, locale: locale, nowUnixSeconds: now
        ) {
            show(run.plan)
        }
    }

    /// Posts the current plan: after a check-in or check-out on a screen, and when the app goes to the background.
    func refresh() {
        if let plan = try? passport.planNotifications(locale: locale, nowUnixSeconds: now) { show(plan) }
    }

    /// The alerts screen was shown: what it showed is not notified later.
    func alertsSeen() {
        try? passport.alertsSeen(nowUnixSeconds: now)
    }

    private func show(_ plan: NotificationPlan) {
        let center = UNUserNotificationCenter.current()
        if let exposure = plan.exposure {
            let content = UNMutableNotificationContent()
            content.title = exposure.title
            content.body = exposure.body
            content.sound = .default
            content.categoryIdentifier = Self.exposureCategory
            content.interruptionLevel = .timeSensitive
            center.add(UNNotificationRequest(identifier: Self.exposureId, content: content, trigger: nil))
        }
        if let visit = plan.visit {
            center.setNotificationCategories([
                UNNotificationCategory(identifier: Self.visitCategory, actions: [
                    UNNotificationAction(identifier: Self.checkOutAction, title: visit.checkOutLabel, options: [.destructive]),
                    UNNotificationAction(identifier: Self.snoozeAction, title: visit.snoozeLabel, options: []),
                ], intentIdentifiers: []),
                UNNotificationCategory(identifier: Self.exposureCategory, actions: [], intentIdentifiers: []),
            ])
            let content = UNMutableNotificationContent()
            content.title = visit.title
            content.body = visit.body
            content.categoryIdentifier = Self.visitCategory
            // iOS has no ongoing notifications: the visit's notification is posted when the
            // reminder is due, silently replaced otherwise, and removed when the visit closes.
            let remindIn = TimeInterval(max(visit.remindAt - now, 1))
            content.sound = .default
            let trigger = visit.remindNow ? nil : UNTimeIntervalNotificationTrigger(timeInterval: remindIn, repeats: false)
            center.add(UNNotificationRequest(identifier: Self.visitId, content: content, trigger: trigger))
        } else {
            center.removePendingNotificationRequests(withIdentifiers: [Self.visitId])
            center.removeDeliveredNotifications(withIdentifiers: [Self.visitId])
        }
        let request = BGAppRefreshTaskRequest(identifier: Self.refreshTask)
        request.earliestBeginDate = Date(timeIntervalSince1970: TimeInterval(plan.wakeAt))
        try? BGTaskScheduler.shared.submit(request)
    }

    func userNotificationCenter(
        _ center: UNUserNotificationCenter, didReceive response: UNNotificationResponse
    ) async {
        switch response.actionIdentifier {
        case Self.checkOutAction:
            _ = try? passport.checkOut(nowUnixSeconds: now)
            refresh()
        case Self.snoozeAction:
            _ = try? passport.snoozeReminder(nowUnixSeconds: now)
            refresh()
        case UNNotificationDefaultActionIdentifier where response.notification.request.identifier == Self.exposureId:
            await MainActor.run { openAlerts() }
        default:
            break
        }
    }

    func userNotificationCenter(
        _ center: UNUserNotificationCenter, willPresent notification: UNNotification
    ) async -> UNNotificationPresentationOptions {
        [.banner, .sound]
    }
}
