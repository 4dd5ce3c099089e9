package org.healthpass.app

import androidx.annotation.StringRes
import org.healthpass.presentation.UiText

/** The string resource of each [UiText]: the shell localises the core's codes. */
@StringRes
fun UiText.stringRes(): Int = when (this) {
    UiText.APP_NAME -> R.string.app_name
    UiText.SCAN_TITLE -> R.string.scan_title
    UiText.SCAN_HINT -> R.string.scan_hint
    UiText.CHECKED_IN -> R.string.checked_in
    UiText.CHECKED_OUT -> R.string.checked_out
    UiText.ALREADY_CHECKED_IN -> R.string.already_checked_in
    UiText.CLOSED_PREVIOUS_VISIT -> R.string.closed_previous_visit
    UiText.CHECK_OUT -> R.string.check_out
    UiText.DISMISS -> R.string.dismiss
    UiText.HISTORY_TITLE -> R.string.history_title
    UiText.HISTORY_EMPTY -> R.string.history_empty
    UiText.EXPORT_CSV -> R.string.export_csv
    UiText.DELETE_EVERYTHING -> R.string.delete_everything
    UiText.DELETE_EVERYTHING_CONFIRM -> R.string.delete_everything_confirm
    UiText.NOT_A_POSTER -> R.string.not_a_poster
    UiText.POSTER_DAMAGED -> R.string.poster_damaged
    UiText.UPDATE_APP -> R.string.update_app
    UiText.UNKNOWN_REGISTRY -> R.string.unknown_registry
    UiText.FORGED_POSTER -> R.string.forged_poster
    UiText.POSTER_NOT_YET_VALID -> R.string.poster_not_yet_valid
    UiText.POSTER_EXPIRED -> R.string.poster_expired
    UiText.NO_OPEN_VISIT -> R.string.no_open_visit
    UiText.CHECK_CLOCK -> R.string.check_clock
    UiText.CAMERA_PROBLEM -> R.string.camera_problem
    UiText.STORAGE_PROBLEM -> R.string.storage_problem
    UiText.INTERNAL_PROBLEM -> R.string.internal_problem
    UiText.CATEGORY_MALL -> R.string.category_mall
    UiText.CATEGORY_SHOP -> R.string.category_shop
    UiText.CATEGORY_GOVERNMENT_OFFICE -> R.string.category_government_office
    UiText.CATEGORY_RESTAURANT -> R.string.category_restaurant
    UiText.CATEGORY_PLACE_OF_WORSHIP -> R.string.category_place_of_worship
    UiText.CATEGORY_WORKPLACE -> R.string.category_workplace
    UiText.CATEGORY_SCHOOL -> R.string.category_school
    UiText.CATEGORY_HEALTHCARE -> R.string.category_healthcare
    UiText.CATEGORY_TRANSPORT -> R.string.category_transport
    UiText.CATEGORY_LODGING -> R.string.category_lodging
    UiText.CATEGORY_OTHER -> R.string.category_other
    UiText.ENDING_OPEN -> R.string.ending_open
    UiText.ENDING_MANUAL -> R.string.ending_manual
    UiText.ENDING_RESCAN -> R.string.ending_rescan
    UiText.ENDING_SUPERSEDED -> R.string.ending_superseded
    UiText.ENDING_AUTOMATIC -> R.string.ending_automatic
}
