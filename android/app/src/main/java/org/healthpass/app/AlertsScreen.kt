package org.healthpass.app

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.healthpass.core.HealthPassport
import org.healthpass.presentation.AlertsState
import org.healthpass.presentation.AlertsViewModel
import org.healthpass.presentation.BackgroundNotifications
import org.healthpass.presentation.UiText

/**
 * Exposure alerts matched on this phone, and a button that syncs published warnings. What this
 * screen shows is not notified again ([BackgroundNotifications.alertsSeen]).
 */
@Composable
fun AlertsScreen(passport: HealthPassport, background: BackgroundNotifications) {
    val viewModel = remember {
        AlertsViewModel(passport, BuildConfig.SERVER_URL, BuildConfig.PUBLISHER_KEYS.split(',').filter { it.isNotBlank() })
    }
    var state by remember { mutableStateOf(AlertsState()) }
    val scope = rememberCoroutineScope()
    LaunchedEffect(Unit) { state = withContext(Dispatchers.IO) { viewModel.refresh() } }
    LaunchedEffect(state) { withContext(Dispatchers.IO) { runCatching { background.alertsSeen() } } }

    Column(Modifier.padding(16.dp)) {
        Button(onClick = { scope.launch { state = withContext(Dispatchers.IO) { viewModel.sync() } } }) {
            Text(stringResource(UiText.ALERTS_SYNC.stringRes()))
        }
        if (state.newAlerts > 0) Text(stringResource(UiText.ALERTS_NEW.stringRes()), style = MaterialTheme.typography.titleMedium)
        state.message?.let { Text(stringResource(it.stringRes())) }
        if (state.isEmpty) Text(stringResource(UiText.ALERTS_EMPTY.stringRes()))
        LazyColumn {
            items(state.rows) { row ->
                Card(Modifier.padding(vertical = 4.dp)) {
                    Column(Modifier.padding(12.dp)) {
                        Text(
                            stringResource(UiText.ALERT_EXPOSURE.stringRes(), row.venueName, row.overlapMinutes.toInt()),
                            style = MaterialTheme.typography.titleMedium,
                        )
                        Text(stringResource(row.advice.stringRes()))
                    }
                }
            }
        }
    }
}
