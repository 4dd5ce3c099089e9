package org.healthpass.presentation

import java.io.File
import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import org.healthpass.core.BackgroundSync
import org.healthpass.core.CheckoutKind
import org.healthpass.core.ExposureAdvice
import org.healthpass.core.ExposureNotice
import org.healthpass.core.HealthPassport
import org.healthpass.core.VisitEnd
import org.healthpass.core.VisitNotice
import org.healthpass.tests.Cli
import org.healthpass.tests.Posters
import org.healthpass.tests.ServerCli
import org.healthpass.tests.TEN_AM
import org.healthpass.tests.TestServer
import org.healthpass.tests.lumaFrameOf
import org.junit.After
import org.junit.Test

/** What the Android shell would post, recorded. */
private class RecordingSink : NotificationSink {
    val exposures = mutableListOf<ExposureNotice>()
    val reminders = mutableListOf<VisitNotice>()
    var visit: VisitNotice? = null
    var wake: Long? = null

    override fun showExposure(notice: ExposureNotice) {
        exposures += notice
    }

    override fun showVisit(notice: VisitNotice) {
        visit = notice
        if (notice.remindNow) reminders += notice
    }

    override fun removeVisit() {
        visit = null
    }

    override fun wakeAt(unixSeconds: Long) {
        wake = unixSeconds
    }
}

/**
 * The background worker's code path and the visit notification's actions, through
 * [BackgroundNotifications] against the real core (and the real server for the sync).
 */
class BackgroundNotificationsTest {
    private val dir: File = Files.createTempDirectory("healthpass-background").toFile()
    private val passports = mutableListOf<HealthPassport>()
    private var server: TestServer? = null
    private var now = TEN_AM
    private val sink = RecordingSink()

    private fun passport(name: String, registryKey: String = Posters.registryPublicKey): HealthPassport =
        HealthPassport.open(File(dir, "$name.db").path, UrlConnectionTransport()).also {
            it.setTrustedRegistryKeys(listOf(registryKey))
            passports += it
        }

    private fun background(passport: HealthPassport, url: String = "http://127.0.0.1:9", keys: List<String> = listOf(), locale: String = "en-US") =
        BackgroundNotifications(passport, url, keys, locale, sink, clock = { now })

    @After
    fun close() {
        passports.forEach(HealthPassport::close)
        server?.stop()
    }

    @Test
    fun aBackgroundSyncNotifiesOneNewAlertOnceAndNothingOnTheNextRun() = runBlocking {
        val data = File(dir, "server")
        val officer = ServerCli.run("add-officer", "Dr. Sari", "--data", data.path).trim().lines().last()
        val operator = ServerCli.run("add-operator", "Pengelola", "--data", data.path).trim().lines().last()
        val running = TestServer(data).also { server = it }
        // Visits two days ago from a whole hour: a phone trusts only windows that ended before
        // the hour that publishes them, and the story publishes now.
        val start = (System.currentTimeMillis() / 1000 - 2 * 86_400).let { it - Math.floorMod(it, 3600L) }
        val rfc3339 = { unixSeconds: Long -> java.time.Instant.ofEpochSecond(unixSeconds).toString() }
        Cli.run(
            "operator", "register-venue", "--server", running.url, "--token", operator, "--name", "Mal Olympic Garden",
            "--address", "Jl. Kawi 24, Malang", "--category", "mall", "--stay", "120", "--valid-from", rfc3339(start - 3600),
            "--poster", File(dir, "mall.png").path, "--poster-text-out", File(dir, "mall.poster").path,
        )
        val frame = lumaFrameOf(File(dir, "mall.png"))
        val (ani, budi) = listOf("ani", "budi").map { passport(it, running.publicKey("registry")) }
        for ((citizen, from, to) in listOf(Triple(ani, 0, 90), Triple(budi, 30, 120))) {
            citizen.checkInFrame(frame.bytes, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt(), start + from * 60)
            citizen.checkOut(start + to * 60)
        }
        now = System.currentTimeMillis() / 1000
        val code = Cli.run(
            "officer", "confirm-case", "--advice", "get_tested", "--infectious-from", rfc3339(start),
            "--infectious-until", rfc3339(start + 86_400), "--server", running.url, "--token", officer,
        ).trim().lines().last()
        ani.uploadVisits(running.url, code, listOf(), 14u, now)
        val pending = Cli.run("officer", "review", "--server", running.url, "--token", officer).lines().map { it.substringBefore(' ') }
        Cli.run("officer", "review", "--server", running.url, "--token", officer, "--approve", pending.single { it.startsWith("upload-") })
        Cli.run("officer", "publish", "--server", running.url, "--token", officer)
        val worker = background(budi, running.url, listOf(running.publicKey("publisher")))

        val first = worker.onWake()
        assertEquals(BackgroundSync.SYNCED, first.synced)
        assertEquals(1u, first.newAlerts)
        val notice = sink.exposures.single()
        assertEquals(1u, notice.newAlerts)
        assertEquals(ExposureAdvice.GET_TESTED, notice.advice)
        assertEquals("Possible exposure", notice.title)
        assertTrue("Mal Olympic Garden" !in notice.title + notice.body, "an exposure notification never names the venue")
        val due = first.plan.syncDueAt
        assertTrue(due >= now + 270 * 60 && due < now + 450 * 60, "the next sync in 6 h ± 25 %")
        // The wake-up also scheduled the cover traffic (a random wait, 48 h on average, an hour at
        // least): reading that schedule back sends nothing, since the dummy upload is not due yet.
        val dummyDue = budi.runDummyUploads(running.url, now)
        assertTrue(dummyDue > now)
        assertEquals(minOf(due, dummyDue), sink.wake, "no visit is open: wake for the sync or the dummy upload, whichever is first")

        now += 60
        val early = worker.onWake()
        assertNull(early.synced, "not due yet: the network is not used")
        now = due
        val next = worker.onWake()
        assertEquals(BackgroundSync.SYNCED, next.synced)
        assertEquals(0u, next.newAlerts)
        assertEquals(1, sink.exposures.size, "no notification on the next runs")
    }

    @Test
    fun theReminderComesAtTheDefaultStayAndGoesWhenCheckedOutFromTheNotification() {
        val passport = passport("citra")
        val background = background(passport)
        passport.checkInQr(Posters.create("Toko Maju", stayMinutes = 60).second, TEN_AM)
        now = TEN_AM + 60
        background.refresh()
        val open = assertNotNull(sink.visit, "the ongoing notification while checked in")
        assertEquals("Checked in at Toko Maju", open.title)
        assertEquals(TEN_AM + 50 * 60, open.remindAt, "10 minutes before the automatic check-out at the default stay")
        assertEquals(TEN_AM + 60 * 60, open.automaticEnd)
        assertTrue(sink.reminders.isEmpty())

        now = TEN_AM + 50 * 60
        background.refresh()
        assertEquals("Still at Toko Maju?", sink.reminders.single().title)
        assertEquals(listOf("Check out", "Still here (+30 min)"), listOf(sink.visit!!.checkOutLabel, sink.visit!!.snoozeLabel))
        now += 60
        background.refresh()
        assertEquals(1, sink.reminders.size, "a reminder sounds once")

        now = TEN_AM + 52 * 60
        background.checkOut()
        assertNull(sink.visit, "checked out from the notification's action")
        assertEquals(VisitEnd.CheckedOut(now, CheckoutKind.MANUAL), passport.history(now).single().end)
        background.refresh()
        assertNull(sink.visit)
    }

    @Test
    fun aSnoozeMovesTheReminderAndKeepsTheVisitOpen() {
        val passport = passport("dewi")
        val background = background(passport)
        passport.checkInQr(Posters.create("Warung Bu Sri", stayMinutes = 60).second, TEN_AM)
        now = TEN_AM + 50 * 60
        background.refresh()
        assertEquals(1, sink.reminders.size)

        now = TEN_AM + 52 * 60
        background.snooze()
        assertEquals(TEN_AM + 82 * 60, sink.visit!!.remindAt, "again in 30 minutes")
        now = TEN_AM + 60 * 60
        background.refresh()
        assertNotNull(sink.visit, "still there after the default stay")
        assertEquals(VisitEnd.Open, passport.history(now).single().end)
        now = TEN_AM + 82 * 60
        background.refresh()
        assertEquals(2, sink.reminders.size, "the reminder comes again")
        now = TEN_AM + 92 * 60
        background.refresh()
        assertNull(sink.visit, "gone at the moved automatic check-out")
    }

    @Test
    fun notificationsSpeakTheLanguageOfThePhone() {
        val passport = passport("eka")
        passport.checkInQr(Posters.create("Toko Maju", stayMinutes = 60).second, TEN_AM)
        now = TEN_AM + 50 * 60
        background(passport, locale = "in-ID").refresh()
        val visit = sink.reminders.single()
        assertEquals("Masih di Toko Maju?", visit.title)
        assertEquals(listOf("Check-out", "Masih di sini (+30 mnt)"), listOf(visit.checkOutLabel, visit.snoozeLabel))
    }
}
