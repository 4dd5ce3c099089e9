package org.healthpass.app

import android.graphics.drawable.Icon
import android.service.quicksettings.Tile
import android.service.quicksettings.TileService
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.healthpass.presentation.StatusIcon
import org.healthpass.presentation.StatusViewModel
import org.healthpass.presentation.UiText

/**
 * A quick-settings tile with the status at a glance: the first card's icon and words ("Green —
 * may enter"), readable without colour vision; tapping it opens the app.
 */
class StatusTileService : TileService() {
    override fun onStartListening() {
        val passport = (application as HealthpassApplication).passport
        CoroutineScope(Dispatchers.IO).launch {
            val card = StatusViewModel(passport).refresh().cards.firstOrNull()
            withContext(Dispatchers.Main) {
                val tile = qsTile ?: return@withContext
                tile.label = getString(card?.colourText?.stringRes() ?: UiText.STATUS_EMPTY_SHORT.stringRes())
                tile.icon = Icon.createWithResource(this@StatusTileService, card?.icon?.drawable() ?: R.drawable.ic_status_none)
                tile.state = if (card == null) Tile.STATE_INACTIVE else Tile.STATE_ACTIVE
                tile.updateTile()
            }
        }
    }

    override fun onClick() {
        val open = android.content.Intent(this, MainActivity::class.java).addFlags(android.content.Intent.FLAG_ACTIVITY_NEW_TASK)
        @Suppress("DEPRECATION") // startActivityAndCollapse(PendingIntent) needs API 34
        startActivityAndCollapse(open)
    }
}

/** The drawable of each status icon. */
private fun StatusIcon.drawable(): Int = when (this) {
    StatusIcon.CHECK -> R.drawable.ic_status_check
    StatusIcon.CAUTION -> R.drawable.ic_status_caution
    StatusIcon.STOP -> R.drawable.ic_status_stop
    StatusIcon.ISOLATE -> R.drawable.ic_status_isolate
}
