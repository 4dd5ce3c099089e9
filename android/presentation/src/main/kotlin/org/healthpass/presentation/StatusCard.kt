package org.healthpass.presentation

import org.healthpass.core.Advice
import org.healthpass.core.HolderStatus
import org.healthpass.core.StatusColour

/**
 * The shape drawn with a status colour, so the card reads the same without colour vision:
 * each colour has its own icon and its own words, never the hue alone.
 */
enum class StatusIcon {
    /** Green: a check mark. */
    CHECK,

    /** Yellow: a warning triangle. */
    CAUTION,

    /** Red: a cross. */
    STOP,

    /** Black: a house (stay home, isolate). */
    ISOLATE,
}

/** One family member's status card: colour, icon and words, and why. */
data class StatusCard(
    val holder: String,
    val colour: StatusColour,
    val icon: StatusIcon,
    /** The colour's name and meaning ("Green — may enter"). */
    val colourText: UiText,
    /** The shell's text for the reason code, or null for a code a newer rule set introduced. */
    val reasonText: UiText?,
    /** The rule set's own advice (Bahasa Indonesia and English): shown when [reasonText] is null. */
    val advice: Advice,
) {
    companion object {
        /** The card for [status]. */
        fun of(status: HolderStatus) = StatusCard(
            holder = status.holder,
            colour = status.colour,
            icon = status.colour.icon(),
            colourText = status.colour.toUiText(),
            reasonText = reasonText(status.reason),
            advice = status.advice,
        )
    }
}

/** The icon drawn with [this] colour. */
fun StatusColour.icon(): StatusIcon = when (this) {
    StatusColour.GREEN -> StatusIcon.CHECK
    StatusColour.YELLOW -> StatusIcon.CAUTION
    StatusColour.RED -> StatusIcon.STOP
    StatusColour.BLACK -> StatusIcon.ISOLATE
}

/** The name and meaning of [this] colour. */
fun StatusColour.toUiText(): UiText = when (this) {
    StatusColour.GREEN -> UiText.COLOUR_GREEN
    StatusColour.YELLOW -> UiText.COLOUR_YELLOW
    StatusColour.RED -> UiText.COLOUR_RED
    StatusColour.BLACK -> UiText.COLOUR_BLACK
}

/**
 * The shell's text for a reason code of a status or service rule (`two_doses` →
 * [UiText.REASON_TWO_DOSES]); null for a code this app version does not know.
 */
fun reasonText(code: String): UiText? = UiText.entries.find { it.name == "REASON_" + code.uppercase() }
