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
import org.healthpass.presentation.UiText

/**
 * Tabs: scan (check in/out), history, status, wallet, backup settings and the officer's verifier mode. Alerts
 * join when the core exports sync (issue 7).
 */
class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val passport = (application as HealthpassApplication).passport
        setContent {
            MaterialTheme {
                var tab by rememberSaveable { mutableIntStateOf(0) }
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
                            2 -> AlertsScreen(passport)
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
}
