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
 * Two tabs today: scan (check in/out) and history. Status, wallet, alerts and the officer's
 * verifier mode join when the core exports them (certificates: issue 5; sync/alerts: issue 7).
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
                        NavigationBarItem(tab == 1, { tab = 1 }, icon = {}, label = { Text(stringResource(UiText.HISTORY_TITLE.stringRes())) })
                    }
                }) { padding ->
                    Column(Modifier.padding(padding)) {
                        when (tab) {
                            0 -> ScanScreen(passport)
                            else -> HistoryScreen(passport)
                        }
                    }
                }
            }
        }
    }
}
