package org.healthpass.tests

import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import org.healthpass.core.CheckInOutcome
import org.healthpass.core.HealthPassport
import org.healthpass.core.InternalException
import org.junit.Test
import org.healthpass.presentation.UrlConnectionTransport

/**
 * A panic inside the core never crosses the FFI: it arrives as uniffi's [InternalException],
 * and the same object keeps working. Needs the library built with `--features test-hooks`
 * (scripts/kotlin-tests.sh does); shipped builds have no panicking method.
 */
class FfiPanicTest {
    @Test
    fun panicInsideTheCoreIsAnExceptionAndLaterCallsStillWork() {
        HealthPassport.open(Files.createTempDirectory("healthpass-panic").resolve("p.db").toString(), UrlConnectionTransport()).use { passport ->
            passport.setTrustedRegistryKeys(listOf(Posters.registryPublicKey))
            val panic = assertFailsWith<InternalException> { passport.panicWhileHoldingStore() }
            println("panic surfaced as: ${panic.message}")

            val (_, url) = Posters.create("Toko Setelah Panik")
            assertIs<CheckInOutcome.CheckedIn>(passport.checkInQr(url, TEN_AM))
            assertEquals(1, passport.history(TEN_AM).size)
        }
    }
}
