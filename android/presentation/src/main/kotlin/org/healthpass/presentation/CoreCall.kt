package org.healthpass.presentation

import org.healthpass.core.HealthpassException
import org.healthpass.core.InternalException

/**
 * Runs [action] against the core; a refusal (or a panic caught at the FFI) becomes the text to
 * show, handed to [onRefusal]. Every view-model calls the core through this.
 */
internal inline fun <T> callCore(onRefusal: (UiText) -> T, action: () -> T): T = try {
    action()
} catch (refusal: HealthpassException) {
    onRefusal(refusal.toUiText())
} catch (panic: InternalException) {
    onRefusal(UiText.INTERNAL_PROBLEM) // a bug in the core, caught at the FFI
}
