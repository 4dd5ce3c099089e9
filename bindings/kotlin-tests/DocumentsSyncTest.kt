package org.healthpass.tests

import java.io.File
import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlinx.coroutines.runBlocking
import org.healthpass.core.DocumentsUpdate
import org.healthpass.core.HealthPassport
import org.healthpass.core.HealthpassException
import org.healthpass.core.RuleSetInfo
import org.healthpass.presentation.AlertsViewModel
import org.junit.After
import org.junit.Before
import org.junit.Test
import org.healthpass.presentation.UrlConnectionTransport

/** Rules of a city that lifted its restrictions, as a health office would publish them. */
private const val OPEN_CITY_RULES = """{
  "id": "bekasi-2026", "name": "Kota Bekasi 2026", "version": 3,
  "published_at": "2026-01-05T00:00:00Z",
  "rules": [{ "colour": "green", "reason": "open_city" }],
  "advice": { "open_city": { "id": "Semua layanan terbuka.", "en": "All services are open." } }
}"""

/**
 * The signed trust list and status rules from the real server on loopback: verified against
 * the pinned root, kept in the phone's store, used at once and again after a restart.
 */
class DocumentsSyncTest {
    private val dir: File = Files.createTempDirectory("healthpass-documents").toFile()
    private lateinit var server: TestServer

    @Before
    fun startServer() {
        val rules = File(dir, "open-city.json").apply { writeText(OPEN_CITY_RULES) }
        server = TestServer(File(dir, "server"), "--rules", rules.path)
    }

    @After
    fun stopServer() = server.stop()

    private fun trustRoot(): String = server.publicKey("trust_root")

    @Test
    fun theServersDocumentsAreVerifiedKeptAndUsedAfterARestart() = runBlocking {
        val path = File(dir, "dewi.db").path
        val phone = HealthPassport.open(path, UrlConnectionTransport())
        assertFailsWith<HealthpassException.TrustFileUnknownRoot>("no root pinned yet") { phone.syncDocuments(server.url) }
        assertNull(phone.trustList())

        phone.setTrustRoots(listOf(trustRoot()))
        val update = phone.syncDocuments(server.url)
        assertEquals(1u, update.trustList?.signers, "the server's certificate issuer")
        assertEquals(RuleSetInfo("bekasi-2026", "Kota Bekasi 2026", 3u), update.statusRules)
        assertEquals(update.trustList, phone.trustList())
        assertEquals(update.statusRules, phone.statusRules())
        assertEquals(DocumentsUpdate(null, null), phone.syncDocuments(server.url), "nothing new on the server")
        assertFailsWith<HealthpassException.Offline> { phone.syncDocuments("http://127.0.0.1:9") }

        val restarted = HealthPassport.open(path, UrlConnectionTransport())
        assertEquals(update.trustList, restarted.setTrustRoots(listOf(trustRoot())))
        assertEquals(update.statusRules, restarted.statusRules())
    }

    @Test
    fun theAlertsScreensSyncAlsoBringsTheDocuments() = runBlocking {
        val phone = HealthPassport.open(File(dir, "eko.db").path, UrlConnectionTransport())
        phone.setTrustRoots(listOf(trustRoot()))
        val screen = AlertsViewModel(phone, server.url, listOf(server.publicKey("publisher")), clock = { System.currentTimeMillis() / 1000 }).sync()
        assertNull(screen.message)
        assertEquals("bekasi-2026", phone.statusRules().id)
    }
}
