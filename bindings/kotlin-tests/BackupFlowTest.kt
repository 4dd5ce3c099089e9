package org.healthpass.tests

import java.io.File
import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.runBlocking
import org.healthpass.core.CheckInOutcome
import org.healthpass.core.HealthPassport
import org.healthpass.core.HealthpassException
import org.healthpass.presentation.BackupViewModel
import org.healthpass.presentation.Clock
import org.healthpass.presentation.UiText
import org.junit.After
import org.junit.Before
import org.junit.Test

/**
 * The end-to-end-encrypted backup through the bindings against the real server binary on
 * loopback: phone A checks in and backs up, phone B restores with the recovery code and both
 * see the visit, then A deletes the backup and it is gone for everyone; and the transfer from an
 * old phone to a new one on the local network, without the server.
 */
class BackupFlowTest {
    private val dir: File = Files.createTempDirectory("healthpass-backup").toFile()
    private lateinit var server: TestServer
    private val clock = Clock { TEN_AM + 3_600 }

    @Before
    fun startServer() {
        server = TestServer(File(dir, "server"))
    }

    @After
    fun stopServer() = server.stop()

    private fun phone(name: String): HealthPassport =
        HealthPassport.open(File(dir, "$name.db").path).also { it.setTrustedRegistryKeys(listOf(Posters.registryPublicKey)) }

    private fun venues(phone: HealthPassport): List<String> = phone.history(clock.nowUnixSeconds()).map { it.venueName }

    @Test
    fun phoneBRestoresWhatPhoneABackedUpUntilADeletesIt() = runBlocking {
        val phoneA = phone("a")
        val (_, url) = Posters.create("Toko Roti Enak")
        assertTrue(phoneA.checkInQr(url, TEN_AM) is CheckInOutcome.CheckedIn)
        val screenA = BackupViewModel(phoneA, server.url, clock)
        assertEquals(false, screenA.refresh().enabled)
        val enabled = screenA.enable(passphrase = null)
        val code = assertNotNull(enabled.recoveryCodeToShowOnce, "the code is shown once: ${enabled.message}")
        assertEquals(34, code.length)
        assertTrue(enabled.enabled)
        assertEquals(clock.nowUnixSeconds(), enabled.lastBackup)
        assertNull(screenA.refresh().recoveryCodeToShowOnce, "and never again")

        val phoneB = phone("b")
        val screenB = BackupViewModel(phoneB, server.url, clock)
        assertEquals(UiText.RECOVERY_CODE_INVALID, screenB.restore(code.dropLast(1), null).message)
        val restored = screenB.restore(code.lowercase(), null)
        assertEquals(Triple(1, 0, 0), restored.restored, "${restored.message}")
        assertEquals(listOf("Toko Roti Enak"), venues(phoneB))
        assertEquals(listOf("Toko Roti Enak"), venues(phoneA))
        assertTrue(restored.enabled, "phone B backs up to the same copy from now on")

        assertEquals(UiText.BACKUP_DELETED, screenA.delete().message)
        assertEquals(false, screenA.state.enabled)
        val phoneC = phone("c")
        assertFailsWith<HealthpassException.BackupNotFound> { phoneC.restoreBackup(server.url, code, null, clock.nowUnixSeconds()) }
        assertEquals(UiText.BACKUP_NOT_FOUND, BackupViewModel(phoneC, server.url, clock).restore(code, null).message)
        listOf(phoneA, phoneB, phoneC).forEach { it.close() }
    }

    @Test
    fun aNewPhoneReceivesTheDiaryFromTheOldOneOnTheLocalNetworkWithoutTheServer() = runBlocking {
        val oldPhone = phone("old")
        val (_, url) = Posters.create("Apotek Kimia Farma")
        assertTrue(oldPhone.checkInQr(url, TEN_AM) is CheckInOutcome.CheckedIn)
        assertFailsWith<HealthpassException.InvalidTransferCode> { oldPhone.prepareTransfer("8.8.8.8", clock.nowUnixSeconds()) }
        val transfer = oldPhone.prepareTransfer("127.0.0.1", clock.nowUnixSeconds())
        val qr = transfer.qrText()
        assertTrue(qr.startsWith("HPTX1:"), qr)

        val newPhone = phone("new")
        val added = coroutineScope {
            val serving = async { transfer.serveOnce(60u) }
            val added = newPhone.receiveTransfer(qr, clock.nowUnixSeconds())
            serving.await()
            added
        }
        assertEquals(1u, added.visits)
        assertEquals(listOf("Apotek Kimia Farma"), venues(newPhone))
        val third = phone("third")
        assertFailsWith<HealthpassException.Offline>("served once") { third.receiveTransfer(qr, clock.nowUnixSeconds()) }
        assertFailsWith<HealthpassException.InvalidTransferCode> { newPhone.receiveTransfer("HPTX1:nonsense", clock.nowUnixSeconds()) }
        listOf(oldPhone, newPhone, third).forEach { it.close() }
    }
}
