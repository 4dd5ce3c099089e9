package org.healthpass.app

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.lifecycleScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import org.healthpass.core.HealthpassException
import org.healthpass.presentation.UiText

/**
 * Tabs: scan (check in/out), history, alerts, status, wallet, backup settings and the officer's
 * verifier mode. An exposure notification opens the alerts tab. Whenever the app comes or goes,
 * the notifications follow the diary (the ongoing visit notification after a check-in here).
 */
class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val passport = (application as HealthpassApplication).passport
        val firstTab = if (intent?.getStringExtra(EXTRA_OPEN_TAB) == "alerts") ALERTS_TAB else 0
        setContent {
            MaterialTheme {
                var tab by rememberSaveable { mutableIntStateOf(firstTab) }
                Scaffold(bottomBar = {
                    NavigationBar {
                        NavigationBarItem(tab == 0, { tab = 0 }, icon = {}, label = { Text(stringResource(UiText.SCAN_TITLE.stringRes())) })
                        listOf(UiText.HISTORY_TITLE, UiText.ALERTS_TITLE, UiText.STATUS_TITLE, UiText.WALLET_TITLE, UiText.BACKUP_TITLE, UiText.VERIFIER_TITLE).forEachIndexed { i, title ->
                            NavigationBarItem(tab == i + 1, { tab = i + 1 }, icon = {}, label = { Text(stringResource(title.stringRes())) })
                        }
                    }
                }) { padding ->
                    Column(Modifier.padding(padding)) {
                        when (tab) {
                            0 -> ScanScreen(passport)
                            1 -> HistoryScreen(passport)
                            ALERTS_TAB -> AlertsScreen(passport, (application as HealthpassApplication).background)
                            3 -> StatusScreen(passport)
                            4 -> WalletScreen(passport)
                            5 -> BackupScreen(passport)
                            else -> VerifierScreen(passport)
                        }
                    }
                }
            }
        }
    }

    override fun onStart() {
        super.onStart()
        refreshNotifications()
    }

    override fun onStop() {
        refreshNotifications()
        super.onStop()
    }

    private fun refreshNotifications() {
        val background = (application as HealthpassApplication).background
        lifecycleScope.launch(Dispatchers.IO) {
            try {
                background.refresh()
            } catch (refusal: HealthpassException) {
                // The store is failing; the screens say so, and the next wake tries again.
            }
        }
    }

    private companion object {
        const val ALERTS_TAB = 2
    }
}
